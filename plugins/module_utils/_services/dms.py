# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""DMS (Kafka, RabbitMQ, RocketMQ) instance background tasks, answered as normalised records.

The three engines serve the same paths, each from its own service endpoint (all ``dms.<region>``
today, each overridable in ``endpoints``).  Paging is what the official SDK sends: ``start``, the
1-based position of the first task (the API document's table calls it ``offset``), and ``limit``.
"""

from __future__ import annotations

import json

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import records, schemas, times
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    ConfigurationError,
    HwCloudError,
    NotFoundError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._services.pages import every_page, unique_tasks

ENGINES = ("kafka", "rabbitmq", "rocketmq")
PAGE_LIMIT = 50
INSTANCE_PATH = "/v2/{project_id}/instances/{instance_id}"
TASKS_PATH = INSTANCE_PATH + "/tasks"
# Only DMS's own 404 (a DMS.* code) says the task is unknown, and not when its code is the one for
# "the instance does not exist": an APIGW.* refusal or an HTML 404 is about the request or the endpoint.
DMS_ERROR_PREFIX = "DMS."
INSTANCE_NOT_FOUND = "DMS.00404022"


def is_unknown_task(error):
    """Whether an error says the instance exists but DMS does not know the task asked for."""
    code = error.error_code or ""
    return error.status == 404 and code.startswith(DMS_ERROR_PREFIX) and code != INSTANCE_NOT_FOUND


def task_record(task):
    """The normalised record, plus ``params_decoded``: ``params`` is a JSON document inside a string.

    ``params_decoded`` is None when ``params`` is missing, empty or not JSON (the raw text stays in ``params``).
    """
    record = records.dms_task(task)
    params = task.get("params")
    if isinstance(params, str):
        try:
            params = json.loads(params) if params.strip() else None
        except ValueError:
            params = None
    record["params_decoded"] = params
    return record


def time_window(begin_time=None, end_time=None):
    """Query bounds as DMS takes them, ``YYYYMMDDHHmmss`` in UTC; raises ``ConfigurationError``."""
    window = {
        option: times.compact(times.parse_option(option, value))
        for option, value in (("begin_time", begin_time), ("end_time", end_time))
        if value is not None
    }
    if len(window) == 2 and window["begin_time"] > window["end_time"]:
        raise ConfigurationError("begin_time (%s) is after end_time (%s)." % (begin_time, end_time))
    return window


def check_instance(client, engine, instance_id, deadline=None):
    """Raise ``NotFoundError`` naming the engine, instance and project when DMS does not know the instance.

    The task list cannot tell an idle instance from a mistyped id: this call (the engine's ShowInstance) can.
    """
    try:
        client.call(engine, "GET", INSTANCE_PATH, path_params={"instance_id": instance_id},
                    schema=schemas.DMS_INSTANCE, deadline=deadline)
    except HwCloudError as error:
        if error.status == 404 and error.error_code == INSTANCE_NOT_FOUND:
            raise NotFoundError("no %s instance %s in project %s" % (engine, instance_id, client.project_id()),
                                status=error.status, error_code=error.error_code, error_msg=error.error_msg,
                                request_id=error.request_id, url=error.url) from None
        raise


def get_task(client, engine, instance_id, task_id, deadline=None):
    """One task by id: its record, or a ``found: false`` record when the cloud does not know it."""
    try:
        answer = client.call(engine, "GET", TASKS_PATH + "/{task_id}",
                             path_params={"instance_id": instance_id, "task_id": task_id},
                             schema=schemas.DMS_TASK_LIST, deadline=deadline)
    except HwCloudError as error:
        if is_unknown_task(error):
            return records.not_found(task_id, error)
        raise
    tasks = records.listed(answer)
    matching = [task for task in tasks if task["id"] == task_id] or tasks
    if not matching:
        return records.not_found(task_id, HwCloudError("no task in the answer"))
    return task_record(matching[0])


def _page(client, engine, instance_id, window, start, limit, deadline):
    params = dict(window, start=start, limit=limit)
    return client.call(engine, "GET", TASKS_PATH, path_params={"instance_id": instance_id}, params=params,
                       schema=schemas.DMS_TASK_LIST, deadline=deadline)


def list_tasks(client, engine, instance_id, window, start=None, limit=None, deadline=None):
    """Return ``(tasks, total)``: one page with ``start``/``limit``, else every page, the rest concurrently."""
    def page(position, size=PAGE_LIMIT):
        return _page(client, engine, instance_id, window, position, size, deadline)

    if start is not None or limit is not None:
        pages = [page(start or 1, limit or PAGE_LIMIT)]
    else:
        pages = every_page(page, 1, PAGE_LIMIT, lambda answer: int(answer.get("task_count")
                                                                   or len(records.listed(answer))))
    tasks = unique_tasks(pages, task_record)
    return tasks, int(pages[0].get("task_count") or len(tasks))


def idle_instance(client, engine, instance_id, window, deadline=None):
    """The instance as one record (``_answers.records.idle``): its unfinished tasks (CREATED, EXECUTING) in the list."""
    tasks = list_tasks(client, engine, instance_id, window, deadline=deadline)[0]
    return records.idle(instance_id, [task for task in tasks if not task["terminal"]])


def newest_task(client, engine, instance_id, name, window, deadline=None):
    """The newest task named ``name`` in the window, or a ``found: false`` record with that name (and no id).

    The list is newest first: pages are read one after the other until a task of that name is on one.
    """
    position = 1
    while True:
        answer = _page(client, engine, instance_id, window, position, PAGE_LIMIT, deadline)
        tasks = records.listed(answer)
        named = next((task for task in tasks if task.get("name") == name), None)
        if named is not None:
            return task_record(named)
        position += len(tasks)
        if len(tasks) < PAGE_LIMIT or position > int(answer.get("task_count") or 0):
            said = "no task named %s is listed" % name
            unknown = NotFoundError(said, error_msg=said, request_id=client.last_request_id())
            return dict(records.not_found(None, unknown), name=name)
