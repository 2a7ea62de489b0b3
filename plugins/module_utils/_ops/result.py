# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""What an operation hands back to whoever ran it: a module, an action plugin, a lookup, the command line."""

from __future__ import annotations


class Result:
    """``values``: the return values the module documents; ``records``: the records it read or waited on
    (what a lookup returns and the command line shows); ``report``: the ``_wait.report.WaitReport`` when
    it waited, whose ``failure`` fails the task."""

    def __init__(self, values, records, report=None):
        self.values = values
        self.records = records
        self.report = report

    @property
    def failure(self):
        """Why the task fails (a task failed, never appeared, or the wait timed out), or None."""
        return self.report.failure if self.report is not None else None

    def module_result(self):
        """What the module returns: its values, ``changed`` false (these modules only ever read), and as
        ``msg`` the failure when there is one."""
        result = dict(self.values, changed=False)
        if self.failure:
            result["msg"] = self.failure
        return result


def listing(records, plural, singular, **values):
    """``{plural: records}``, and ``{singular: it}`` when there is exactly one, with ``values``."""
    values[plural] = records
    if len(records) == 1:
        values[singular] = records[0]
    return values
