"""DMS (Kafka, RabbitMQ, RocketMQ): an instance, and its background tasks as a list or one by id.

Quirks reproduced from the API document (shared/seeds) and the official SDK: ``task_count`` is a
string (the number of all matching tasks, not of the page); ``params`` is a JSON document inside a
string; query times are ``YYYYMMDDHHmmss`` (UTC) while answers use ISO 8601 with milliseconds; the
one-task call answers with a one-element list, like the SDK's ShowBackgroundTaskResponse.

Paging: the SDK and the document's example request send ``start``, the document's table calls it
``offset``; both are accepted as the same parameter.  It is the 1-based position of the first task
to return (terraform-provider-huaweicloud pages with start=1, then start += len(page)); 0 reads as 1.
No maximum is documented for ``limit``: like the RDS lists, the emulator accepts 1 to 50.

A task can be created to appear late (``visible_after``): an operation whose answer carries no task id
and whose task the service lists only once it starts.  Until then it is neither listed nor shown.

One instance (``GET /v2/{project_id}/instances/{instance_id}``, each engine's ShowInstance) answers with
a few of the official SDK's fields: what the emulator knows of the instance.

DMS.00404022 (instance not found) is the real code; the parameter, task-not-found and wrong-project
codes are the emulator's own choices in DMS's ``DMS.00nnnnnn`` form.
"""

from __future__ import annotations

import json

from . import timefmt
from .protocol import ApiError, Response, coded_error, json_response, wrong_project_error
from .records import DmsTask, Instance
from .routing import Call, Route
from .store import Store

DEFAULT_LIMIT, MAX_LIMIT = 10, 50
# ShowInstance's engine and engine_version, per engine (RocketMQ's engine is "reliability" in the API).
_ENGINE_FIELDS = {"kafka": ("kafka", "3.x"), "rabbitmq": ("rabbitmq", "3.8.35"), "rocketmq": ("reliability", "4.8.0")}


def _parameter_error(detail: str) -> ApiError:
    return coded_error(400, "DMS.00400002", "Invalid request parameter: " + detail)


_wrong_project = wrong_project_error("DMS.00403001")


def _instance(store: Store, instance_id: str) -> Instance:
    instance = store.instance(instance_id, "dms")
    if instance is None:
        raise coded_error(404, "DMS.00404022", "The instance does not exist.")
    return instance


def _task(task: DmsTask, store: Store, now: float) -> dict:
    credentials = store.credentials
    return {
        "id": task.id,
        "name": task.name,
        "user_name": credentials.user_name,
        "user_id": credentials.user_id,
        "params": json.dumps(task.params, separators=(",", ":")),
        "status": task.status(now),
        "created_at": timefmt.iso_millis(store.wall(task.created)),
        "updated_at": timefmt.iso_millis(store.wall(task.updated(now))),
    }


def _int_param(params: dict, names: tuple[str, ...], default: int, minimum: int, maximum: int | None = None) -> int:
    """The first of ``names`` present, as an integer; out-of-range values are a 400."""
    name = next((name for name in names if params.get(name, "") != ""), None)
    if name is None:
        return default
    try:
        value = int(params[name])
    except ValueError:
        raise _parameter_error("%s must be an integer." % name) from None
    if value < minimum or (maximum is not None and value > maximum):
        raise _parameter_error("%s is out of range." % name)
    return value


def _time_param(params: dict, name: str) -> float | None:
    text = params.get(name, "")
    if text == "":
        return None
    try:
        return timefmt.parse_dms_query(text)
    except ValueError:
        raise _parameter_error("%s must be in the YYYYMMDDHHmmss format." % name) from None


def list_tasks(call: Call) -> Response:
    store = call.store
    instance = _instance(store, call.params["instance_id"])
    params = call.request.params
    start = max(_int_param(params, ("start", "offset"), 1, minimum=0), 1)
    limit = _int_param(params, ("limit",), DEFAULT_LIMIT, minimum=1, maximum=MAX_LIMIT)
    begin, end = _time_param(params, "begin_time"), _time_param(params, "end_time")

    now = store.now()

    def selected(task: DmsTask) -> bool:
        created = int(store.wall(task.created))  # the query's resolution is one second
        return (begin is None or created >= begin) and (end is None or created <= end)

    tasks = [task for task in store.dms_tasks(instance.id) if task.visible(now) and selected(task)]
    page = tasks[start - 1 : start - 1 + limit]
    return json_response(200, {"task_count": str(len(tasks)), "tasks": [_task(task, store, now) for task in page]})


def show_task(call: Call) -> Response:
    store = call.store
    instance = _instance(store, call.params["instance_id"])
    now = store.now()
    task = next((task for task in store.dms_tasks(instance.id) if task.id == call.params["task_id"]), None)
    if task is None or not task.visible(now):
        raise coded_error(404, "DMS.00404050", "The background task does not exist.")
    return json_response(200, {"task_count": "1", "tasks": [_task(task, store, now)]})


def show_instance(call: Call) -> Response:
    store = call.store
    instance = _instance(store, call.params["instance_id"])
    engine, version = _ENGINE_FIELDS[instance.engine]
    credentials = store.credentials
    return json_response(
        200,
        {
            "instance_id": instance.id,
            "name": instance.name,
            "engine": engine,
            "engine_version": version,
            "status": "RUNNING",
            "user_id": credentials.user_id,
            "user_name": credentials.user_name,
        },
    )


ROUTES = [
    Route(
        "GET",
        "/v2/{project_id}/instances/{instance_id}",
        show_instance,
        _wrong_project,
        wrong_shape={"instance_id": 5, "status": []},
    ),
    Route(
        "GET",
        "/v2/{project_id}/instances/{instance_id}/tasks",
        list_tasks,
        _wrong_project,
        wrong_shape={"task_count": 3, "tasks": None},
    ),
    Route(
        "GET",
        "/v2/{project_id}/instances/{instance_id}/tasks/{task_id}",
        show_task,
        _wrong_project,
        wrong_shape={"tasks": [{"id": 5, "status": None}]},
    ),
]
