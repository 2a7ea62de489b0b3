# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The RDS task APIs, answered as normalised records."""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import records, schemas, times
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    ConfigurationError,
    HwCloudError,
    NotFoundError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.parallel import parallel_map
from ansible_collections.hwcloud.tasks.plugins.module_utils._services.pages import every_page, unique_tasks

# The job API answers an id it does not know (a job created seconds ago, or older than a month)
# with an error whose status the documents do not give: a 404 in the service's error format, or a
# 400 with RDS's own DBS.* code for an id it rejects.  An APIGW.* answer (the gateway: no such API,
# throttled...) or an HTML 404 is about the request or the endpoint, not the job.
RDS_ERROR_PREFIX = "DBS."
GATEWAY_ERROR_PREFIX = "APIGW."

PAGE_LIMIT = 50
TASK_STATUSES = ("Running", "Completed", "Failed")


def is_unknown(error):
    """Whether an error says RDS does not know the job (or workflow) asked for."""
    code = error.error_code or ""
    if error.status == 404:
        return bool(code) and not code.startswith(GATEWAY_ERROR_PREFIX)
    return error.status == 400 and code.startswith(RDS_ERROR_PREFIX)


def get_job(client, job_id, deadline=None):
    """``GET /v3/{project_id}/jobs?id=``: the job's record, or a ``found: false`` record."""
    try:
        answer = client.call("rds", "GET", "/v3/{project_id}/jobs", params={"id": job_id},
                             schema=schemas.RDS_JOB, deadline=deadline)
    except HwCloudError as error:
        if is_unknown(error):
            return records.not_found(job_id, error)
        raise
    if not answer.get("job"):
        return records.not_found(job_id, NotFoundError("no job in the answer", request_id=client.last_request_id()))
    return records.rds_job(answer["job"])


def get_jobs(client, job_ids, deadline=None):
    """Several jobs at once, in the order asked."""
    return parallel_map(lambda job_id: get_job(client, job_id, deadline), job_ids)


def check_instance(client, instance_id, deadline=None):
    """Raise ``NotFoundError`` naming the instance and project unless ``GET /v3/{project_id}/instances?id=``
    lists it: the task list cannot tell an idle instance from a mistyped id, this call can."""
    answer = client.call("rds", "GET", "/v3/{project_id}/instances", params={"id": instance_id},
                         schema=schemas.RDS_INSTANCES, deadline=deadline)
    if not any(found["id"] == instance_id for found in answer.get("instances") or ()):
        raise NotFoundError("no RDS instance %s in project %s" % (instance_id, client.project_id(deadline)),
                            request_id=client.last_request_id())


def task_list_query(id=None, instance_id=None, order_id=None, name=None, status=None, start_time=None,
                    end_time=None):
    """Check task-list filters and put them as the API takes them; raises ``ConfigurationError``.

    ``status`` in any case is sent in the API's spelling; times in any accepted format are sent as
    UNIX milliseconds (both clouds' examples send them so); the API wants both time bounds or none.
    """
    query = {"id": id, "instance_id": instance_id, "order_id": order_id, "name": name}
    if status is not None:
        spelled = {known.lower(): known for known in TASK_STATUSES}.get(str(status).strip().lower())
        if spelled is None:
            raise ConfigurationError("status must be one of %s (any case), got %r" % (", ".join(TASK_STATUSES), status))
        query["status"] = spelled
    if (start_time is None) != (end_time is None):
        raise ConfigurationError("start_time and end_time go together: the task list API needs both or neither.")
    for option, value in (("start_time", start_time), ("end_time", end_time)):
        if value is not None:
            query[option] = times.epoch_milliseconds(times.parse_option(option, value))
    if start_time is not None and query["start_time"] > query["end_time"]:
        raise ConfigurationError("start_time (%s) is after end_time (%s)." % (start_time, end_time))
    return {key: value for key, value in query.items() if value is not None}


def _task_page(client, query, offset, limit, deadline):
    params = dict(query, offset=offset, limit=limit)
    return client.call("rds", "GET", "/v3/{project_id}/tasklist", params=params, schema=schemas.RDS_TASK_LIST,
                       deadline=deadline)


def list_tasks(client, query, offset=None, limit=None, deadline=None):
    """Return ``(tasks, total, actions)`` of the task list.

    With ``offset`` or ``limit``, one page.  Otherwise every page: the first one tells ``total_count``,
    the rest are fetched concurrently.  A task seen on two pages (the list moved while it was read)
    is kept once.
    """
    if offset is not None or limit is not None:
        pages = [_task_page(client, query, offset or 0, limit or PAGE_LIMIT, deadline)]
    else:
        pages = every_page(lambda start: _task_page(client, query, start, PAGE_LIMIT, deadline), 0, PAGE_LIMIT,
                           lambda page: page.get("total_count", len(records.listed(page))))
    tasks = unique_tasks(pages, records.rds_task)
    actions = []
    for page in pages:
        actions += [action for action in page.get("actions") or () if action not in actions]
    return tasks, pages[0].get("total_count", len(tasks)), actions


def idle_instance(client, instance_id, deadline=None):
    """The instance as one record (``_answers.records.idle``), from its running tasks in the task list."""
    running = list_tasks(client, {"instance_id": instance_id, "status": "Running"}, deadline=deadline)[0]
    return records.idle(instance_id, running)


def task_center_detail(client, instance_id, workflow_id, workflow_name=None, deadline=None):
    """``POST /v3/{project_id}/instances/{instance_id}/task-center-detail``: the job a workflow names.

    The document types ``workflow_name`` as Integer; it is a name, and is sent as a string.
    """
    body = {"workflow_id": workflow_id}
    if workflow_name is not None:
        body["workflow_name"] = str(workflow_name)
    answer = client.call("rds", "POST", "/v3/{project_id}/instances/{instance_id}/task-center-detail",
                         path_params={"instance_id": instance_id}, body=body,
                         schema=schemas.RDS_TASK_CENTER_DETAIL, deadline=deadline)
    return records.task_center(answer)
