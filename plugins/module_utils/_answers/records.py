# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""One task record for every API: the cloud's fields unchanged, plus the same normalised keys.

``state`` (pending, running, succeeded, failed, cancelled, deleted; ``unknown`` for a status no
document lists), ``progress`` (integer percent or None), ``created_at`` / ``finished_at`` (ISO 8601
UTC or None), ``terminal`` (the state can no longer change) and ``found``.
"""

from __future__ import annotations

import re

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import times

STATES = {
    # RDS jobs and task lists
    "running": "running",
    "completed": "succeeded",
    "failed": "failed",
    # DMS background tasks
    "created": "pending",
    "executing": "running",
    "success": "succeeded",
    "cancelled": "cancelled",
    "deleted": "deleted",
}
TERMINAL_STATES = frozenset(("succeeded", "failed", "cancelled", "deleted"))

_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*$")


def listed(answer):
    """The tasks of a list answer: a missing or null ``tasks`` is an empty page."""
    return answer.get("tasks") or []


def state_of(status):
    return STATES.get(str(status or "").strip().lower(), "unknown")


def progress_of(process, state):
    """Percent from ``"60% "``, ``"60"``, ``60`` or ``""``; trust the state over the number.

    The seed's "running" example says ``status: Completed`` with ``process: "60% "``: a succeeded
    task is 100 whatever ``process`` says, and a number is only believed while the task runs.
    """
    if state == "succeeded":
        return 100
    if state in TERMINAL_STATES or isinstance(process, bool) or process is None:
        return None
    match = _PERCENT.match(str(process))
    if not match:
        return None
    return max(0, min(100, int(float(match.group(1)))))


def _record(raw, status, process, created, finished):
    state = state_of(status)
    terminal = state in TERMINAL_STATES
    record = dict(raw)
    record.update(
        state=state,
        progress=progress_of(process, state),
        created_at=times.normalise(created),
        finished_at=times.normalise(finished) if terminal else None,
        terminal=terminal,
        found=True,
    )
    return record


def rds_job(job):
    """A ``GET /v3/{project_id}/jobs`` job; ``ended`` is its end once it is over.

    The API document leaves ``ended`` out, but the official SDK's model (``GetJobInfoResponseBodyJob``)
    and the Terraform provider read it: without it, ``finished_at`` stays None.
    """
    return _record(job, job.get("status"), job.get("process"), job.get("created"), job.get("ended"))


def rds_task(task):
    """A task-list entry; ``end_time`` is the end once the task is over."""
    return _record(task, task.get("status"), task.get("process"), task.get("create_time"), task.get("end_time"))


def dms_task(task):
    """A DMS background task; ``updated_at`` is its end once it is over.

    DMS names its own start ``created_at``: the normalised value replaces it, the same instant in UTC.
    """
    return _record(task, task.get("status"), None, task.get("created_at"), task.get("updated_at"))


def task_center(answer):
    """A task-center detail: the job a workflow names, also as ``id`` and ``name`` (as every record has them).

    The API document lists four fields; the official SDK's model adds the job's status, progress, times
    and ``sub_task_list``, whose sub-tasks are normalised too when they are there.
    """
    record = _record(answer, answer.get("status"), answer.get("process"), answer.get("created_at"),
                     answer.get("update_at"))
    record.setdefault("id", answer.get("job_id"))
    record.setdefault("name", answer.get("job_name"))
    if answer.get("sub_task_list") is not None:
        record["sub_task_list"] = [sub_task(item) for item in answer["sub_task_list"]]
    return record


def sub_task(item):
    """A task-center sub-task: its own fields, plus ``state``, ``progress`` (from ``percent``) and ``terminal``."""
    state = state_of(item.get("status"))
    record = dict(item)
    record.update(state=state, progress=progress_of(item.get("percent"), state), terminal=state in TERMINAL_STATES)
    return record


def idle(instance_id, unfinished):
    """An instance seen as one task: done when none of its tasks is unfinished; as far on as its slowest one.

    ``running_tasks`` holds the unfinished tasks' records; ``planned_end_at`` the latest planned end of
    them (the RDS task list's ``end_time`` of a running task), or None when one of them has none.
    """
    slowest = min(unfinished, key=lambda task: task["progress"] if task["progress"] is not None else -1, default=None)
    ends = [_planned_end(task) for task in unfinished]
    return {
        "id": instance_id,
        "found": True,
        "terminal": not unfinished,
        "state": "running" if unfinished else "idle",
        "progress": slowest["progress"] if slowest else None,
        "created_at": slowest["created_at"] if slowest else None,
        "planned_end_at": times.iso(max(ends)) if unfinished and None not in ends else None,
        "running_tasks": unfinished,
    }


def _planned_end(task):
    """A running task's planned end, the task list's ``end_time``; None when it gives none."""
    return times.read(task.get("end_time"))


def never_read(key, by_name=False):
    """The record of a task a wait never read (throttled until its deadline): nothing is known of it.
    ``by_name``: ``key`` is the task's name (a task waited on by name has no id until it is read)."""
    record = {"id": None if by_name else key, "state": None, "progress": None, "created_at": None,
              "finished_at": None, "terminal": False, "found": False}
    if by_name:
        record["name"] = key
    return record


def not_found(job_id, error):
    """What is returned for an id the cloud does not know (yet): not an error by itself."""
    return {
        "id": job_id,
        "state": None,
        "progress": None,
        "created_at": None,
        "finished_at": None,
        "terminal": False,
        "found": False,
        "error_code": error.error_code,
        "error_msg": error.error_msg,
        "request_id": error.request_id,
    }
