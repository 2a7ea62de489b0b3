# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""``rds_job_wait``: its options, their checks, and how it waits (the module and its action plugin).

Waits on RDS jobs by id, on an instance until it is idle, or on a task-center workflow's job.  The
``rds_job`` lookup and the ``hwtasks`` command line run it too, so that they wait, succeed and fail
alike.  ``run`` returns the result and the failure message (or None).
"""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils import _rds, _times, _wording
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._validation import empty_id
from ansible_collections.hwcloud.tasks.plugins.module_utils._waiter import WAIT_ARGSPEC, Waiter, check_wait_options

# rds_job_wait's own options (the connection options are added by HwCloudModule / the action plugin).
ARGUMENT_SPEC = dict(
    job_id=dict(type="list", elements="str"),
    instance_id=dict(type="str"),
    workflow_id=dict(type="str"),
    workflow_name=dict(type="str"),
    **WAIT_ARGSPEC
)
ARGUMENT_RULES = dict(
    mutually_exclusive=[("job_id", "instance_id"), ("job_id", "workflow_id")],
    required_one_of=[("job_id", "instance_id")],
    required_by={"workflow_id": "instance_id", "workflow_name": "workflow_id"},
)


def check_options(params):
    """A message for options Ansible's argument spec cannot check, or None."""
    return empty_id(params, ("job_id", "instance_id", "workflow_id")) or check_wait_options(params)


def idle_record(instance_id, running):
    """An instance seen as one task: done when none of its tasks runs; as far on as its slowest task.

    ``planned_end_at``: the latest planned end of its running tasks (the task list's ``end_time``).
    """
    slowest = min(running, key=lambda task: task["progress"] if task["progress"] is not None else -1, default=None)
    ends = [_planned_end(task) for task in running]
    return {
        "id": instance_id,
        "found": True,
        "terminal": not running,
        "state": "running" if running else "idle",
        "progress": slowest["progress"] if slowest else None,
        "created_at": slowest["created_at"] if slowest else None,
        "planned_end_at": _times.iso(max(ends)) if running and None not in ends else None,
        "running_tasks": running,
    }


def _planned_end(task):
    """A running task's planned end, the task list's ``end_time``; None when it gives none."""
    try:
        return _times.parse(task.get("end_time"))
    except (ValueError, OverflowError):
        return None


def read_idle(client, instance_id, deadline=None):
    """The instance as one record (``idle_record``), from its running tasks in the task list."""
    running = _rds.list_tasks(client, {"instance_id": instance_id, "status": "Running"}, deadline=deadline)[0]
    return idle_record(instance_id, running)


def resolve_workflow(client, params):
    """Return ``(task-center record, seconds spent)``.  A workflow started seconds ago may not be known yet."""
    found = {}

    def fetch(workflow_id, deadline):
        try:
            found["workflow"] = _rds.task_center_detail(client, params["instance_id"], workflow_id,
                                                        params["workflow_name"], deadline)
        except HwCloudError as error:
            if _rds.is_unknown(error):
                return {"id": workflow_id, "found": False, "terminal": False}
            raise
        return {"id": workflow_id, "found": True, "terminal": True}  # known is all that is waited for here

    outcome = Waiter.from_options(fetch, params, client).wait([params["workflow_id"]])
    if "workflow" not in found:
        raise HwCloudError(
            "Workflow %s of instance %s is not in the task center after %s s (visibility_timeout)"
            % (params["workflow_id"], params["instance_id"], params["visibility_timeout"]),
            request_id=outcome.tracked[0].request_id,
        )
    return found["workflow"], outcome


def run(client, params, on_poll=None):
    """Wait as ``params`` say: ``job_id`` (a list), or ``instance_id`` with or without ``workflow_id``.

    Returns ``(result, failure message or None)``.  Raises ``HwCloudError`` for errors no wait outlives.
    """
    result = dict(changed=False)
    spent = polls = 0
    keys = params.get("job_id")
    if params.get("workflow_id"):
        result["workflow"], resolved = resolve_workflow(client, params)
        spent, polls = resolved.elapsed, resolved.polls
        keys = [result["workflow"]["job_id"]]
    if keys:
        noun = "job"

        def fetch(key, deadline):
            return _rds.get_job(client, key, deadline)
    else:
        noun, keys = "instance", [params["instance_id"]]

        def fetch(key, deadline):
            return read_idle(client, key, deadline)

    waiter = Waiter.from_options(fetch, params, client, timeout=max(0.0, params["timeout"] - spent), on_poll=on_poll)
    outcome = waiter.wait(keys)
    records = [item.record or {"id": item.key, "found": False, "state": None, "terminal": False}
               for item in outcome.tracked]
    result.update(
        elapsed=round(spent + outcome.elapsed, 1),
        polls=polls + outcome.polls,
        requests=client.requests_sent,
        timed_out=outcome.timed_out,
        failed_jobs=[record["id"] for record in records if record.get("state") == "failed"],
        missing_jobs=outcome.missing,
    )
    if params.get("job_id") or params.get("workflow_id"):
        result["jobs"] = records
        if len(records) == 1:
            result["job"] = records[0]
    else:
        result["idle"] = bool(records[0].get("terminal"))
        result["tasks"] = records[0].get("running_tasks", [])
    failure = _wording.wait_failure(outcome, params, noun)
    result["msg"] = failure or "%d of %d finished in %.1f s" % (
        len(records) - len(outcome.unfinished), len(records), spent + outcome.elapsed)
    return result, failure
