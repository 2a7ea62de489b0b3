# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Exit codes of ``hwtasks``: the contract pipelines script against (``--help`` and the docs list them)."""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._wait import report

SUCCESS = 0
JOB_FAILED = 1
USAGE = 2
TIMED_OUT = 3
CLOUD_ERROR = 4
INTERRUPTED = 130

MEANINGS = (
    (SUCCESS, "success"),
    (JOB_FAILED, "a job or task failed (its fail_reason is on stderr)"),
    (USAGE, "bad usage or input: unknown option, bad value, missing credentials"),
    (TIMED_OUT, "a wait timed out (--timeout): the last state seen is on stderr"),
    (CLOUD_ERROR, "cloud or auth error (HTTP status, the cloud's code, request id on stderr), "
                  "or a job the cloud never knew"),
)


def describe():
    """The exit codes as a help epilog."""
    return "exit codes:\n" + "\n".join("  %d  %s" % meaning for meaning in MEANINGS)


# A wait's ending (``_wait.report.WaitReport.ending``) as an exit code.
OF_ENDING = {None: SUCCESS, report.FAILED: JOB_FAILED, report.MISSING: CLOUD_ERROR, report.TIMED_OUT: TIMED_OUT}


def of_wait(waited):
    """The exit code of a finished wait, from its ``WaitReport``."""
    return OF_ENDING[waited.ending]
