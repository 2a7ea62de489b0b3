# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Waiting on RDS work: jobs by id, an instance until it is idle, a task-center workflow.

Shared by the ``rds_job_wait`` module and its action plugin, the ``rds_job`` lookup and the CLI, so
that they wait, succeed and fail alike.  ``run`` returns the result and the failure message (or None).
"""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils import _rds
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._validation import empty_id, positive_seconds
from ansible_collections.hwcloud.tasks.plugins.module_utils._waiter import Waiter

WAIT_ARGSPEC = dict(
    timeout=dict(type="float", default=1800.0),
    poll_interval=dict(type="float", default=1.0),
    max_poll_interval=dict(type="float", default=10.0),
    visibility_timeout=dict(type="float", default=60.0),
    fail_on_failed=dict(type="bool", default=True),
)

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
    problem = empty_id(params, ("job_id", "instance_id", "workflow_id")) or positive_seconds(
        params, ("timeout", "poll_interval", "max_poll_interval"))
    if problem is None and params["visibility_timeout"] < 0:
        problem = "visibility_timeout must be 0 or more seconds, got %s" % params["visibility_timeout"]
    return problem


def waiter(fetch, params, client, on_poll=None, timeout=None):
    return Waiter(
        fetch,
        timeout=params["timeout"] if timeout is None else timeout,
        poll_interval=params["poll_interval"],
        max_poll_interval=params["max_poll_interval"],
        visibility_timeout=params["visibility_timeout"],
        on_poll=on_poll,
        request_id=client.last_request_id,
    )


def idle_record(instance_id, running):
    """An instance seen as one task: done when none of its tasks runs; as far on as its slowest task."""
    slowest = min(running, key=lambda task: task["progress"] if task["progress"] is not None else -1, default=None)
    return {
        "id": instance_id,
        "found": True,
        "terminal": not running,
        "state": "running" if running else "idle",
        "progress": slowest["progress"] if slowest else None,
        "created_at": slowest["created_at"] if slowest else None,
        "running_tasks": running,
    }


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

    outcome = waiter(fetch, params, client).wait([params["workflow_id"]])
    if "workflow" not in found:
        raise HwCloudError(
            "Workflow %s of instance %s is not in the task center after %s s (visibility_timeout)"
            % (params["workflow_id"], params["instance_id"], params["visibility_timeout"]),
            request_id=outcome.tracked[0].request_id,
        )
    return found["workflow"], outcome.elapsed


def describe(item):
    """``<id> (<name> on instance <id> '<name>')`` for messages."""
    record = item.record or {}
    instance = record.get("instance") or {}
    what = [part for part in (record.get("name"),) if part]
    if instance.get("id"):
        what.append("on instance %s%s" % (instance["id"], " %r" % instance["name"] if instance.get("name") else ""))
    return "%s%s" % (item.key, " (%s)" % " ".join(what) if what else "")


def _missing(item, params):
    record = item.record or {}
    answer = ": %s %s" % (record["error_code"], record.get("error_msg")) if record.get("error_code") else ""
    return item.cite("job %s never appeared: the cloud did not know it after %s s (visibility_timeout)%s"
                     % (item.key, params["visibility_timeout"], answer))


def _failed(item):
    reason = (item.record or {}).get("fail_reason") or "the cloud gave no reason"
    return item.cite("job %s failed: %s" % (describe(item), reason))


def _unfinished(item):
    record = item.record or {}
    if not record.get("found"):
        state = "not visible yet"
    else:
        progress = record.get("progress")
        state = "%s%s" % (record.get("state"), "" if progress is None else " %s%%" % progress)
    if item.last_error is not None:
        state += ", last error: %s" % item.last_error
    return "%s %s" % (describe(item), state)


def failure_message(outcome, params):
    """Why the wait fails, or None: jobs that never appeared, failed (with ``fail_on_failed``), a timeout."""
    parts = [_missing(item, params) for item in outcome.tracked if item.missing]
    if params["fail_on_failed"]:
        parts += [_failed(item) for item in outcome.tracked if (item.record or {}).get("state") == "failed"]
    if outcome.timed_out:
        still = [_unfinished(item) for item in outcome.unfinished]
        parts.append("timed out after %s s (timeout) with %d still unfinished: %s"
                     % (params["timeout"], len(still), "; ".join(still)))
    return "; ".join(parts) or None


def run(client, params, on_poll=None):
    """Wait as ``params`` say: ``job_id`` (a list), or ``instance_id`` with or without ``workflow_id``.

    Returns ``(result, failure message or None)``.  Raises ``HwCloudError`` for errors no wait outlives.
    """
    result = dict(changed=False)
    spent = 0.0
    keys = params.get("job_id")
    if params.get("workflow_id"):
        result["workflow"], spent = resolve_workflow(client, params)
        keys = [result["workflow"]["job_id"]]
    if keys:
        def fetch(key, deadline):
            return _rds.get_job(client, key, deadline)
    else:
        keys = [params["instance_id"]]
        running = {"instance_id": params["instance_id"], "status": "Running"}

        def fetch(key, deadline):
            return idle_record(key, _rds.list_tasks(client, running, deadline=deadline)[0])

    outcome = waiter(fetch, params, client, on_poll, timeout=max(0.0, params["timeout"] - spent)).wait(keys)
    records = [item.record or {"id": item.key, "found": False, "state": None, "terminal": False}
               for item in outcome.tracked]
    result.update(
        elapsed=round(spent + outcome.elapsed, 1),
        polls=client.requests_sent,
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
    failure = failure_message(outcome, params)
    result["msg"] = failure or "%d of %d finished in %.1f s" % (
        len(records) - len(outcome.unfinished), len(records), spent + outcome.elapsed)
    return result, failure
