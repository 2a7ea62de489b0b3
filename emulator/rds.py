"""RDS: one job by id, the instant task list, and the task center's detail of a workflow.

Quirks reproduced from the API documents (shared/seeds): a job is not found for some seconds
after it is created; a running job's ``process`` is ``"60% "`` (with the trailing space of the
documented example) but a task-list entry's is ``"60"`` and the task center's ``"60%"``; all are
``""`` once the job is done; ``fail_reason`` only appears on failed jobs; ``workflow_name`` is
documented as an Integer but is a job name.  A finished job says when it ended in ``ended``, which
the document leaves out but the official SDK's model (``GetJobInfoResponseBodyJob``) and the
Terraform provider read.  Open Telekom Cloud's task list (epoch-millisecond
times, empty order ids) is a setting.

The task center answers with the official SDK model's fields (status, progress, times and
``sub_task_list``), or, with the ``task_center_answer: documented`` setting, only the four fields the
API document lists.  A job's sub-tasks are its two halves, listed once started, with ``percent`` and
the seconds executed and remaining as text (the SDK types them all as strings).

Error codes follow RDS's ``DBS.nnnnnn`` form; DBS.200003 (wrong project) is the emulator's own choice.
"""

from __future__ import annotations

from . import timefmt
from .protocol import ApiError, Response, coded_error, json_response, wrong_project_error
from .records import COMPLETED, FAILED, RUNNING, Instance, Job
from .routing import Call, Route
from .store import Store

TASK_STATUSES = (RUNNING, COMPLETED, FAILED)
MAX_LIMIT = 50

# Instance status a running job puts its instance in, by a word of the job's name (first match).
_BUSY_STATUSES = (
    ("create", "BUILD"),
    ("restart", "REBOOTING"),
    ("reboot", "REBOOTING"),
    ("restore", "RESTORING"),
    ("switch", "SWITCHOVER"),
    ("backup", "BACKING UP"),
    ("migrat", "MIGRATING"),
)
_DATASTORES = {"mysql": ("8.0", 3306), "postgresql": ("14", 5432), "sqlserver": ("2019_SE", 1433)}
_SUB_TASKS = ("precheck", "execute")  # a task-center job's sub-tasks: its first and second half


def _parameter_error(detail: str) -> ApiError:
    return coded_error(400, "DBS.200001", "Parameter error. " + detail)


def _job_not_found() -> ApiError:
    return coded_error(404, "DBS.280238", "The job does not exist.")


_wrong_project = wrong_project_error("DBS.200003")


def _instance(store: Store, instance_id: str) -> Instance:
    instance = store.instance(instance_id, "rds")
    if instance is None:
        raise coded_error(404, "DBS.200002", "The DB instance does not exist.")
    return instance


def _is_creation(job: Job) -> bool:
    return job.name.strip().lower().startswith("create")  # the seed even has " CreateMysqlReplicaInstance"


def _entities(job: Job, instance: Instance, status: str) -> dict:
    """The job's own entities, or what a creation job shows: the new instance, complete once it exists."""
    if job.entities is not None:
        return job.entities
    if not _is_creation(job):
        return {}
    version, port = _DATASTORES[instance.engine]
    entities = {"instance": {"type": "Single", "datastore": {"type": instance.engine, "version": version}}}
    if status == COMPLETED:
        entities["instance"]["endpoint"] = "192.168.1.203:%d" % port
        entities["resource_ids"] = [instance.id + ".vm", instance.id + ".volume"]
    return entities


def _instance_status(job: Job, status: str) -> str:
    if status == COMPLETED:
        return "ACTIVE"
    if status == FAILED:
        return "CREATE FAIL" if _is_creation(job) else "FAILED"
    name = job.name.lower()
    return next((busy for word, busy in _BUSY_STATUSES if word in name), "MODIFYING")


def show_job(call: Call) -> Response:
    job_id = call.request.params.get("id")
    if not job_id:
        raise _parameter_error("The id parameter is required.")
    store = call.store
    now = store.now()
    job = store.job(job_id)
    if job is None or not job.visible(now):
        raise _job_not_found()
    instance = store.instance(job.instance_id)
    status = job.status(now)
    body = {
        "id": job.id,
        "name": job.name,
        "status": status,
        "created": timefmt.rds(store.wall(job.created)),
        "process": "%d%% " % job.percent(now) if status == RUNNING else "",
        "instance": {"id": instance.id, "name": instance.name},
        "entities": _entities(job, instance, status),
    }
    if status != RUNNING:
        body["ended"] = timefmt.rds(store.wall(job.ends))
    if status == FAILED:
        body["fail_reason"] = job.fail_reason
    return json_response(200, {"job": body})


def _int_param(params: dict, name: str, default: int, minimum: int, maximum: int | None = None) -> int:
    text = params.get(name, "")
    if text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise _parameter_error("%s must be an integer." % name) from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = "from %d to %d" % (minimum, maximum) if maximum is not None else "at least %d" % minimum
        raise _parameter_error("%s must be %s." % (name, bounds))
    return value


def list_tasks(call: Call) -> Response:
    params = {name: value for name, value in call.request.params.items() if value != ""}
    offset = _int_param(params, "offset", 0, minimum=0)  # offset N starts from record N+1
    limit = _int_param(params, "limit", 10, minimum=1, maximum=MAX_LIMIT)
    if "status" in params and params["status"] not in TASK_STATUSES:
        raise _parameter_error("status must be one of %s." % ", ".join(TASK_STATUSES))
    if "start_time" in params and "end_time" not in params:
        raise _parameter_error("end_time is required with start_time.")
    start_ms = _int_param(params, "start_time", 0, minimum=0)
    end_ms = _int_param(params, "end_time", 0, minimum=0) if "end_time" in params else None

    filters = {name: params[name] for name in ("id", "instance_id", "order_id", "name", "status") if name in params}
    store = call.store
    now = store.now()

    def selected(job: Job) -> bool:
        # Cheap tests first, the clock-dependent status only when asked for: a list of thousands of
        # jobs is read page by page, and every page filters them all again.
        if not job.visible(now):
            return False
        for name, value in filters.items():
            if (job.status(now) if name == "status" else getattr(job, name)) != value:
                return False
        if start_ms or end_ms is not None:
            created_ms = store.wall(job.created) * 1000
            return created_ms >= start_ms and (end_ms is None or created_ms <= end_ms)
        return True

    jobs = [job for job in store.jobs() if selected(job)]
    body = {
        "total_count": len(jobs),
        "actions": list(dict.fromkeys(job.name for job in jobs)),
        "tasks": [_task(job, store, now) for job in jobs[offset : offset + limit]],
    }
    return json_response(200, body)


def list_instances(call: Call) -> Response:
    """``GET /v3/{project_id}/instances``: the DB instances, filtered by ``id`` and ``name``, paged."""
    params = {name: value for name, value in call.request.params.items() if value != ""}
    offset = _int_param(params, "offset", 0, minimum=0)
    limit = _int_param(params, "limit", 100, minimum=1, maximum=100)
    store = call.store
    now = store.now()
    busy = {job.instance_id: job for job in store.jobs() if job.visible(now) and job.status(now) == RUNNING}
    found = [instance for instance in store.instances("rds")
             if params.get("id", instance.id) == instance.id and params.get("name", instance.name) == instance.name]
    page = found[offset : offset + limit]
    instances = [_instance_body(instance, busy.get(instance.id)) for instance in page]
    return json_response(200, {"instances": instances, "total_count": len(found)})


def _instance_body(instance: Instance, running: Job | None) -> dict:
    """The fields of ListInstances the collection and the official SDK's model read most."""
    version, port = _DATASTORES[instance.engine]
    return {
        "id": instance.id,
        "name": instance.name,
        "status": _instance_status(running, RUNNING) if running is not None else "ACTIVE",
        "type": "Single",
        "port": port,
        "datastore": {"type": instance.engine, "version": version},
        "private_ips": ["192.168.1.203"],
        "public_ips": [],
    }


def _task(job: Job, store: Store, now: float) -> dict:
    settings = store.settings
    instance = store.instance(job.instance_id)
    status = job.status(now)
    when = timefmt.epoch_ms if settings.time_format == "epoch_ms" else timefmt.rds
    task = {
        "id": job.id,
        "name": job.name,
        "instance_id": instance.id,
        "instance_name": instance.name,
        "instance_status": _instance_status(job, status),
        "order_id": "" if settings.order_id_empty else job.order_id,
        "process": str(job.percent(now)) if status == RUNNING else "",
    }
    if status == FAILED:
        task["fail_reason"] = job.fail_reason
    task["create_time"] = when(store.wall(job.created))
    task["end_time"] = when(store.wall(job.planned_end if status == RUNNING else job.ends))  # planned while running
    task["status"] = status
    return task


def task_center_detail(call: Call) -> Response:
    store = call.store
    instance = _instance(store, call.params["instance_id"])
    body = call.request.json()
    workflow_id = body.get("workflow_id") if isinstance(body, dict) else None
    if not isinstance(workflow_id, str) or not workflow_id:
        raise _parameter_error("workflow_id is required.")
    # Documented as an Integer, sent as a job name: accept either; the id alone picks the workflow.
    if not isinstance(body.get("workflow_name"), (str, int, type(None))):
        raise _parameter_error("workflow_name must be a string.")

    now = store.now()
    job = next(
        (job for job in store.jobs() if job.instance_id == instance.id and job.workflow_id == workflow_id),
        None,
    )
    if job is None or not job.visible(now):
        raise _job_not_found()
    detail = {"instance_id": instance.id, "instance_name": instance.name, "job_id": job.id, "job_name": job.name}
    if store.settings.task_center_answer == "sdk":
        status = job.status(now)
        detail.update(
            created_at=timefmt.rds(store.wall(job.created)),
            update_at=timefmt.rds(store.wall(min(now, job.ends))),
            process="%d%%" % job.percent(now) if status == RUNNING else "",
            status=status,
            sub_task_list=_sub_tasks(job, store, now),
        )
    return json_response(200, detail)


def _sub_tasks(job: Job, store: Store, now: float) -> list[dict]:
    """The job's halves that have started: the last one ends as the job does."""
    listed = []
    half = job.duration / len(_SUB_TASKS)
    for index, name in enumerate(_SUB_TASKS):
        begins, ends = job.created + index * half, job.created + (index + 1) * half
        if now < begins:
            break
        done = now >= ends
        status = (job.outcome if index == len(_SUB_TASKS) - 1 else COMPLETED) if done else RUNNING
        percent = 100 if done else int(100 * (now - begins) / half)
        listed.append(
            {
                "sub_task_name": name,
                "percent": "" if status == FAILED else str(percent),
                "executed_time": str(int(store.wall(min(now, ends)) - store.wall(begins))),
                "status": status,
                "remaining_time": str(int(max(0.0, store.wall(ends) - store.wall(now)))),
                "show_detail": False,
            }
        )
    return listed


ROUTES = [
    Route("GET", "/v3/{project_id}/jobs", show_job, _wrong_project, wrong_shape={"job": {"id": 5}}),
    Route("GET", "/v3/{project_id}/instances", list_instances, _wrong_project,
          wrong_shape={"total_count": "many", "instances": {"id": 5}}),
    Route(
        "GET",
        "/v3/{project_id}/tasklist",
        list_tasks,
        _wrong_project,
        wrong_shape={"total_count": "many", "tasks": {"id": 5}},
    ),
    Route(
        "POST",
        "/v3/{project_id}/instances/{instance_id}/task-center-detail",
        task_center_detail,
        _wrong_project,
        wrong_shape={"instance_id": 5, "job_id": ["not", "a", "string"]},
    ),
]
