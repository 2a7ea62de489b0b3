# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""``rds_task_info``: its options, their checks, and what it reads (the module and its action plugin)."""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._ops.result import Result, listing
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.validation import empty_id
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import rds

LIST_ONLY = ("task_id", "order_id", "name", "status", "start_time", "end_time", "offset", "limit")
IDS = ("job_id", "instance_id", "workflow_id", "task_id", "order_id")

ARGUMENT_SPEC = dict(
    job_id=dict(type="list", elements="str"),
    instance_id=dict(type="str"),
    workflow_id=dict(type="str"),
    workflow_name=dict(type="str"),
    resolve_job=dict(type="bool", default=True),
    task_id=dict(type="str", aliases=["id"]),
    order_id=dict(type="str"),
    name=dict(type="str"),
    status=dict(type="str"),
    start_time=dict(type="str"),
    end_time=dict(type="str"),
    offset=dict(type="int"),
    limit=dict(type="int"),
)
ARGUMENT_RULES = dict(
    mutually_exclusive=[("job_id", option) for option in LIST_ONLY + ("instance_id", "workflow_id")]
    + [("workflow_id", option) for option in LIST_ONLY],
    required_by={"workflow_id": "instance_id", "workflow_name": "workflow_id"},
    required_together=[("start_time", "end_time")],
)


def check_options(params):
    """What Ansible's argument spec cannot say; returns a message, or None when all is well."""
    problem = empty_id(params, IDS)
    if problem:
        return problem
    if params["limit"] is not None and not 1 <= params["limit"] <= rds.PAGE_LIMIT:
        return "limit must be from 1 to %d, got %d" % (rds.PAGE_LIMIT, params["limit"])
    if params["offset"] is not None and params["offset"] < 0:
        return "offset must be 0 or more, got %d" % params["offset"]
    return None


def read_jobs(client, params):
    jobs = rds.get_jobs(client, params["job_id"])
    return Result(listing(jobs, "jobs", "job"), jobs)


def read_workflow(client, params):
    workflow = rds.task_center_detail(client, params["instance_id"], params["workflow_id"], params["workflow_name"])
    values = dict(workflow=workflow)
    if params["resolve_job"]:
        values["job"] = rds.get_job(client, workflow["job_id"])
    return Result(values, [values.get("job", workflow)])


def read_task_list(client, params):
    query = rds.task_list_query(
        id=params["task_id"], instance_id=params["instance_id"], order_id=params["order_id"], name=params["name"],
        status=params["status"], start_time=params["start_time"], end_time=params["end_time"],
    )
    tasks, total, actions = rds.list_tasks(client, query, params["offset"], params["limit"])
    if not tasks and params["instance_id"] is not None:
        # An empty list cannot tell a quiet instance from a mistyped id: ask for the instance once.
        rds.check_instance(client, params["instance_id"])
    return Result(dict(tasks=tasks, total=total, actions=actions), tasks)


def run(client, params, on_poll=None):
    """Read as the options say: jobs by id, a task-center workflow, or the task list; a ``Result`` that
    never fails by itself.  ``on_poll`` is there for the callers that run every operation alike: a read
    has no progress to show."""
    if params["job_id"] is not None:
        read = read_jobs
    elif params["workflow_id"] is not None:
        read = read_workflow
    else:
        read = read_task_list
    return read(client, params)
