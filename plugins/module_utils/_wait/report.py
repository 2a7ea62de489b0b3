# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""How a wait ended, in one shape whatever was waited on: RDS jobs, a workflow's job, DMS tasks, an instance.

The modules return it under their own keys (``failed_jobs`` or ``failed_tasks``...), the command line
takes its exit code from ``ending``, Terraform its record from ``records``: none reads it back from
another's keys.
"""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import records as task_records
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait import wording

# How a wait that failed ended (``WaitReport.ending``); None when it did not fail.  In this order: a
# failed task outranks a missing one, which outranks a timeout (the wait only times out on what is neither).
FAILED, MISSING, TIMED_OUT = "failed", "missing", "timed_out"


class WaitReport:
    """The waiter's outcome, said: its records, counts, failure and summary.

    ``options`` are the wait options (``fail_on_failed``, the timeouts the messages quote); ``noun``
    what a task is called in messages (``job``, ``kafka task``, ``instance``); ``named_on`` the
    instance the tasks run on, when their records may not say it; ``by_name``: the keys are task names,
    not ids.  ``spent`` and ``polls`` are those of a wait that came first (a workflow's job found).
    """

    def __init__(self, outcome, options, noun, requests, named_on=None, by_name=False, spent=0.0, polls=0):
        self.records = [item.record or task_records.never_read(item.key, by_name) for item in outcome.tracked]
        self.elapsed = round(spent + outcome.elapsed, 1)
        self.polls = polls + outcome.polls
        self.requests = requests
        self.timed_out = outcome.timed_out
        self.failed = [record["id"] for record in self.records if record.get("state") == "failed"]
        self.missing = outcome.missing
        # An instance waited on until idle: idle it is, as long as it was asked to stay so (a timeout: not).
        self.idle = bool(self.records[0].get("terminal")) and not self.timed_out if self.records else False
        self.failure = wording.wait_failure(outcome, options, noun, named_on)
        self.message = self.failure or wording.wait_summary(outcome, noun, spent + outcome.elapsed, named_on)
        self.ending = None
        if self.failure is not None:
            self.ending = (FAILED if options["fail_on_failed"] and self.failed
                           else MISSING if self.missing else TIMED_OUT)

    def values(self, kind):
        """The module's return values about the wait; ``kind`` (job, task) names the lists of ids."""
        return {
            "elapsed": self.elapsed,
            "polls": self.polls,
            "requests": self.requests,
            "timed_out": self.timed_out,
            "failed_%ss" % kind: self.failed,
            "missing_%ss" % kind: self.missing,
            "msg": self.message,
        }
