# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Exit codes of ``hwtasks``: the contract pipelines script against (``--help`` and the docs list them)."""

from __future__ import annotations

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


def of_wait(result, failure, fail_on_failed):
    """The exit code of a finished wait or read: ``failure`` is its message (None when it succeeded).

    A failed job outranks a missing one, which outranks a timeout: the wait only times out on
    what is neither.
    """
    if failure is None:
        return SUCCESS
    if fail_on_failed and (result.get("failed_jobs") or result.get("failed_tasks")):
        return JOB_FAILED
    if result.get("missing_jobs") or result.get("missing_tasks"):
        return CLOUD_ERROR
    return TIMED_OUT
