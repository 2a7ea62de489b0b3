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
alike.  ``run`` returns a ``_ops.result.Result``.
"""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import records
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops.result import Result, listing
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.validation import empty_id
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import rds
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.report import WaitReport
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import (
    WAIT_ARGSPEC,
    Waiter,
    check_idle_for,
    check_wait_options,
)

# rds_job_wait's own options (the connection options are added by HwCloudModule / the action plugin).
ARGUMENT_SPEC = dict(
    job_id=dict(type="list", elements="str"),
    instance_id=dict(type="str"),
    workflow_id=dict(type="str"),
    workflow_name=dict(type="str"),
    idle_for=dict(type="float"),
    **WAIT_ARGSPEC
)
ARGUMENT_RULES = dict(
    mutually_exclusive=[("job_id", "instance_id"), ("job_id", "workflow_id"), ("idle_for", "workflow_id")],
    required_one_of=[("job_id", "instance_id")],
    required_by={"workflow_id": "instance_id", "workflow_name": "workflow_id", "idle_for": "instance_id"},
)


def check_options(params):
    """A message for options Ansible's argument spec cannot check, or None."""
    return (empty_id(params, ("job_id", "instance_id", "workflow_id")) or check_wait_options(params)
            or check_idle_for(params))


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


def resolve_workflow(client, params, **timing):
    """Return ``(task-center record, the waiter's outcome)``.  A workflow started seconds ago may not be known yet."""
    found = {}

    def fetch(workflow_id, deadline):
        record = read_workflow(client, params, deadline)
        if not record["found"]:
            return record
        found["workflow"] = record
        return dict(record, terminal=True)  # known is all that is waited for here

    outcome = Waiter.from_options(fetch, params, client, "rds", **timing).wait([params["workflow_id"]])
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


def run(client, params, on_poll=None, **timing):
    """Wait as ``params`` say: ``job_id`` (a list), or ``instance_id`` with or without ``workflow_id``.

    Returns a ``Result``; raises ``HwCloudError`` for errors no wait outlives.  ``timing`` goes to the
    ``Waiter`` (its clock, sleep, now_utc and rand: a simulated clock in tests).
    """
    if params.get("instance_id"):
        # An empty task list cannot tell an idle instance from a mistyped id: ask for the instance once.
        rds.check_instance(client, params["instance_id"])
    workflow = resolved = None
    keys, known = params.get("job_id"), None
    if params.get("workflow_id"):
        workflow, resolved = resolve_workflow(client, params, **timing)
        keys = [workflow["job_id"]]
        if says_status(workflow):
            known = {keys[0]: workflow}  # read a moment ago: the wait goes on from it

    def fetch(key, deadline):
        if known:
            return read_workflow(client, params, deadline)
        if keys:
            return rds.get_job(client, key, deadline)
        return rds.idle_instance(client, key, deadline)

    spent, polls = (resolved.elapsed, resolved.polls) if resolved else (0.0, 0)
    waiter = Waiter.from_options(fetch, params, client, "rds", timeout=max(0.0, params["timeout"] - spent),
                                 on_poll=on_poll, hold_for=params.get("idle_for") or 0.0, **timing)
    noun = "job" if keys else "instance"
    outcome = waiter.wait(keys or [params["instance_id"]], known)
    report = WaitReport(outcome, params, noun, client.requests_sent, spent=spent, polls=polls)
    values = report.values("job")
    if noun == "instance":
        values.update(idle=report.idle, tasks=report.records[0].get("running_tasks", []))
        return Result(values, values["tasks"], report)
    values = listing(report.records, "jobs", "job", **values)
    if workflow is not None:
        values["workflow"] = report.records[0] if known and report.records[0].get("found") else workflow
    return Result(values, report.records, report)
