# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""``rds_job_wait``: its options, their checks, and how it waits (the module and its action plugin).

Waits on RDS jobs by id, on an instance until it is idle, or on a task-center workflow's job (through
the task center itself when its answer says the job's status, else through the job API).  The
``rds_job`` lookup and the ``hwtasks`` command line run it too, so that they wait, succeed and fail
alike.  ``run`` returns the result and the failure message (or None).
"""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import records
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.validation import empty_id
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import rds
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait import wording
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import WAIT_ARGSPEC, Waiter, check_wait_options

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


def read_idle(client, instance_id, deadline=None):
    """The instance as one record (``records.idle``), from its running tasks in the task list."""
    running = rds.list_tasks(client, {"instance_id": instance_id, "status": "Running"}, deadline=deadline)[0]
    return records.idle(instance_id, running)


def _unknown_answer(record):
    """What the cloud said of a workflow it did not know (its error code and message), or None."""
    if not (record or {}).get("error_code"):
        return None
    return "%s %s" % (record["error_code"], record.get("error_msg") or "")


def read_workflow(client, params, deadline=None):
    """The task center's record of the workflow, or a ``found: false`` record while it does not know it."""
    try:
        return rds.task_center_detail(client, params["instance_id"], params["workflow_id"],
                                       params["workflow_name"], deadline)
    except HwCloudError as error:
        if rds.is_unknown(error):
            return records.not_found(params["workflow_id"], error)
        raise


def says_status(workflow):
    """Whether the task center answered with the job's status (the official SDK's model), not only the
    document's four fields: then it is polled in place of the job."""
    return bool(workflow.get("status"))


def resolve_workflow(client, params, **engine):
    """Return ``(task-center record, the waiter's outcome)``.  A workflow started seconds ago may not be known yet."""
    found = {}

    def fetch(workflow_id, deadline):
        record = read_workflow(client, params, deadline)
        if not record["found"]:
            return record
        found["workflow"] = record
        return dict(record, terminal=True)  # known is all that is waited for here

    outcome = Waiter.from_options(fetch, params, client, **engine).wait([params["workflow_id"]])
    if "workflow" not in found:
        tracked = outcome.tracked[0]
        what = "Workflow %s of instance %s" % (params["workflow_id"], params["instance_id"])
        if outcome.timed_out:
            why = "was not read in the task center before the wait timed out after %s s (timeout)" % params["timeout"]
        else:
            why = "is not in the task center after %s s (visibility_timeout)" % params["visibility_timeout"]
        last = tracked.last_error or _unknown_answer(tracked.record)
        raise HwCloudError("%s %s%s" % (what, why, ": last answer %s" % last if last else ""),
                           request_id=tracked.request_id)
    return found["workflow"], outcome


def run(client, params, on_poll=None, **engine):
    """Wait as ``params`` say: ``job_id`` (a list), or ``instance_id`` with or without ``workflow_id``.

    Returns ``(result, failure message or None)``.  Raises ``HwCloudError`` for errors no wait outlives.
    ``engine`` goes to the ``Waiter`` (its clock, sleep, now_utc and rand: a simulated clock in tests).
    """
    result = dict(changed=False)
    spent = polls = 0
    keys = params.get("job_id")
    in_task_center = False
    if params.get("instance_id"):
        # An empty task list cannot tell an idle instance from a mistyped id: ask for the instance once.
        rds.check_instance(client, params["instance_id"])
    if params.get("workflow_id"):
        result["workflow"], resolved = resolve_workflow(client, params, **engine)
        spent, polls = resolved.elapsed, resolved.polls
        keys = [result["workflow"]["job_id"]]
        in_task_center = says_status(result["workflow"])
    if keys:
        noun = "job"

        def fetch(key, deadline):
            return read_workflow(client, params, deadline) if in_task_center else rds.get_job(client, key, deadline)
    else:
        noun, keys = "instance", [params["instance_id"]]

        def fetch(key, deadline):
            return read_idle(client, key, deadline)

    waiter = Waiter.from_options(fetch, params, client, timeout=max(0.0, params["timeout"] - spent), on_poll=on_poll,
                                 **engine)
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
        if in_task_center and records[0].get("found"):
            result["workflow"] = records[0]
    else:
        result["idle"] = bool(records[0].get("terminal"))
        result["tasks"] = records[0].get("running_tasks", [])
    failure = wording.wait_failure(outcome, params, noun)
    result["msg"] = failure or wording.wait_summary(outcome, noun, spent + outcome.elapsed)
    return result, failure
