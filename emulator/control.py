"""The control API under ``/_emulator/``: create instances, jobs and tasks, inject faults, read the log,
say who may get temporary keys (``identity``).

No authentication; JSON in and out.  Each endpoint declares the body fields it takes (``Endpoint``):
``GET /_emulator/`` lists them, the reference page (docs/docsite/rst/emulator.rst) documents them, and a
test holds the two to this table.  A mistake in a request (unknown field, wrong type, value out of
range) is a 400 ``{"error": "..."}`` naming it, so a typo in a test never passes silently.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import records, timefmt
from .clock import check_speed
from .faults import KINDS, Fault
from .protocol import ApiError, Request, Response, json_response

if TYPE_CHECKING:
    from .app import App

PREFIX = "/_emulator/"
MAX_COUNT = 1000
DEFAULT_JOB_NAME = "CreateMysqlSingleHAInstance"
DEFAULT_FAIL_REASON = "createVM failed."
DEFAULT_DMS_TASK_NAME = "bindInstancePublicIp"


def _bad(message: str) -> ApiError:
    return ApiError(400, {"error": message})


class _Fields:
    """Typed access to the fields of a control request's JSON object."""

    def __init__(self, body, allowed: tuple[str, ...]):
        body = {} if body is None else body
        if not isinstance(body, dict):
            raise _bad("the body must be a JSON object")
        unknown = sorted(set(body) - set(allowed))
        if unknown:
            known = ", ".join(allowed) or "none: this endpoint takes no body"
            raise _bad("unknown field(s) %s; known: %s" % (", ".join(unknown), known))
        self._body = body

    def given(self, name: str) -> bool:
        return name in self._body

    def raw(self, name: str, default=None):
        return self._body.get(name, default)

    def string(self, name: str, default: str | None = None) -> str | None:
        value = self._body.get(name, default)
        if value is not None and not isinstance(value, str):
            raise _bad("%s must be a string" % name)
        return value

    def number(self, name: str, default: float) -> float:
        value = self._body.get(name, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
            raise _bad("%s must be a number of seconds, 0 or more" % name)
        return float(value)

    def integer(self, name: str, default: int | None, minimum: int, maximum: int) -> int | None:
        value = self._body.get(name, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise _bad("%s must be an integer from %d to %d" % (name, minimum, maximum))
        return value

    def choice(self, name: str, choices: tuple[str, ...], default: str | None) -> str:
        value = self._body.get(name, default)
        if value not in choices:
            raise _bad("%s must be one of %s" % (name, ", ".join(choices)))
        return value

    def mapping(self, name: str) -> dict | None:
        value = self._body.get(name)
        if value is not None and not isinstance(value, dict):
            raise _bad("%s must be a JSON object" % name)
        return value


def _health(app: App, fields: _Fields) -> dict:
    return {"status": "ok", "speed": app.store.clock.speed, "emulated_seconds": app.store.now()}


def _instance_view(instance: records.Instance) -> dict:
    return {"id": instance.id, "name": instance.name, "engine": instance.engine}


def _create_instance(app: App, fields: _Fields) -> dict:
    engines = records.RDS_ENGINES + records.DMS_ENGINES
    instance = app.store.add_instance(
        fields.choice("engine", engines, "mysql"), fields.string("id"), fields.string("name")
    )
    return _instance_view(instance)


def _job_view(app: App, job: records.Job) -> dict:
    return {
        "id": job.id,
        "name": job.name,
        "instance_id": job.instance_id,
        "workflow_id": job.workflow_id,
        "order_id": job.order_id,
        "created": timefmt.rds(app.store.wall(job.created)),
        "duration": job.duration,
        "planned_duration": job.planned_end - job.created,
        "outcome": job.outcome,
        "fail_reason": job.fail_reason,
        "visible_after": job.visible_after,
    }


def _create_jobs(app: App, fields: _Fields):
    count = fields.integer("count", None, 1, MAX_COUNT)
    job_id = fields.string("id")
    if job_id is not None and (count or 1) > 1:
        raise _bad("id cannot be combined with a count above 1")
    outcome = fields.choice("outcome", records.JOB_OUTCOMES, records.COMPLETED)
    fail_reason = fields.string("fail_reason", DEFAULT_FAIL_REASON)
    spec = dict(
        name=fields.string("name", DEFAULT_JOB_NAME),
        duration=fields.number("duration", 60.0),
        outcome=outcome,
        fail_reason=fail_reason if outcome == records.FAILED else None,
        visible_after=fields.number("visible_after", 0.0),
        entities=fields.mapping("entities"),
        job_id=job_id,
        workflow_id=fields.string("workflow_id"),
        order_id=fields.string("order_id"),
        planned_duration=fields.number("planned_duration", 0.0) if fields.given("planned_duration") else None,
    )
    instance = _instance_for(app, fields.string("instance_id"), "mysql", "rds")
    jobs = [_job_view(app, app.store.add_job(instance_id=instance.id, **spec)) for _copy in range(count or 1)]
    return jobs if count is not None else jobs[0]


def _dms_task_view(task: records.DmsTask, instance: records.Instance) -> dict:
    return {
        "id": task.id,
        "instance_id": instance.id,
        "engine": instance.engine,
        "name": task.name,
        "params": task.params,
        "duration": task.duration,
        "outcome": task.outcome,
        "visible_after": task.visible_after,
    }


def _create_dms_tasks(app: App, fields: _Fields):
    count = fields.integer("count", None, 1, MAX_COUNT)
    spec = dict(
        name=fields.string("name", DEFAULT_DMS_TASK_NAME),
        params=fields.mapping("params") or {},
        duration=fields.number("duration", 30.0),
        outcome=fields.choice("outcome", records.DMS_OUTCOMES, "SUCCESS"),
        visible_after=fields.number("visible_after", 0.0),
    )
    engine = fields.choice("engine", records.DMS_ENGINES, "kafka")
    instance = _instance_for(app, fields.string("instance_id"), engine, "dms")
    tasks = [
        _dms_task_view(app.store.add_dms_task(instance_id=instance.id, **spec), instance) for _copy in range(count or 1)
    ]
    return tasks if count is not None else tasks[0]


def _instance_for(app: App, instance_id: str | None, engine: str, service: str) -> records.Instance:
    """The instance a new job or task runs on, created when it does not exist yet."""
    instance = app.store.ensure_instance(instance_id, engine)
    if instance.service != service:
        runs = "RDS jobs" if service == "rds" else "DMS tasks"
        raise _bad("instance %s is a %s instance: it cannot run %s" % (instance.id, instance.engine, runs))
    return instance


def _add_fault(app: App, fields: _Fields) -> dict:
    method = fields.string("method")
    kind = fields.choice("kind", KINDS, None)
    limit = fields.integer("limit", None, 1, 1_000_000)
    if (kind == "quota") != (limit is not None):
        raise _bad("limit (accepted requests per route and window) goes with kind quota, and only with it")
    if kind == "quota" and fields.number("seconds", 1.0) <= 0:
        raise _bad("seconds (the quota's window) must be more than 0")
    fault = Fault(
        kind=kind,
        path=fields.string("path", ""),
        method=method.upper() if method else None,
        count=fields.integer("count", 1, 1, 1_000_000),
        status=fields.integer("status", None, 100, 599),
        retry_after=fields.integer("retry_after", None, 0, 86_400),
        seconds=fields.number("seconds", 1.0),
        limit=limit,
        body=fields.raw("body"),
    )
    app.faults.add(fault)
    return fault.as_dict()


def _list_faults(app: App, fields: _Fields) -> dict:
    return {"faults": [fault.as_dict() for fault in app.faults.pending()]}


def _clear_faults(app: App, fields: _Fields) -> dict:
    app.faults.clear()
    return _list_faults(app, fields)


_SETTINGS = ("token_ttl", "time_format", "order_id_empty", "key_ttl", "task_center_answer")


def _settings(app: App, fields: _Fields) -> dict:
    speed = fields.raw("speed")
    if speed is not None:
        check_speed(speed)  # before anything changes: a bad request changes nothing
    changes = {name: fields.raw(name) for name in _SETTINGS if fields.given(name)}
    settings = app.store.update_settings(**changes)
    if speed is not None:
        app.store.clock.set_speed(speed)
    return dict({name: getattr(settings, name) for name in _SETTINGS}, speed=app.store.clock.speed)


def _identity(app: App, fields: _Fields) -> dict:
    """Who may get temporary keys: the metadata service's agency, assumable agencies, IdPs and their
    id token; and more access keys of the account.  The answer names the IdPs and the access keys but
    never repeats an id token or a secret key."""
    changes = {}
    if fields.given("metadata_agency"):
        changes["metadata_agency"] = fields.raw("metadata_agency")
    if fields.given("agencies"):
        agencies = fields.raw("agencies")
        if not isinstance(agencies, list):
            raise _bad("agencies must be a list of agency names")
        changes["agencies"] = tuple(agencies)
    for name in ("identity_providers", "access_keys"):
        if fields.given(name):
            changes[name] = tuple(sorted((fields.mapping(name) or {}).items()))
    identity = app.store.update_identity(**changes)
    return {
        "metadata_agency": identity.metadata_agency,
        "agencies": list(identity.agencies),
        "identity_providers": [idp for idp, _token in identity.identity_providers],
        "access_keys": [access_key for access_key, _secret in identity.access_keys],
    }


def _expire_tokens(app: App, fields: _Fields) -> dict:
    return {"expired": app.store.expire_tokens(fields.number("after", 0.0))}


def _requests(app: App, fields: _Fields) -> dict:
    return app.requests.snapshot()


def _clear_requests(app: App, fields: _Fields) -> dict:
    app.requests.clear()
    return app.requests.snapshot()


def _reset(app: App, fields: _Fields) -> dict:
    app.store.reset()
    app.faults.clear()
    app.requests.clear()
    return {"reset": True}


def _index(app: App, fields: _Fields) -> dict:
    return {"endpoints": [{"method": method, "path": PREFIX + path, "summary": endpoint.summary,
                           "fields": list(endpoint.fields)} for (method, path), endpoint in ENDPOINTS.items()]}


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """A control endpoint: what it does, in a line, the body fields it takes, and its handler."""

    summary: str
    handler: Callable[[App, _Fields], object]
    fields: tuple[str, ...] = ()


_JOB_FIELDS = ("id", "name", "instance_id", "duration", "outcome", "fail_reason", "visible_after", "entities",
               "workflow_id", "order_id", "planned_duration", "count")
_DMS_TASK_FIELDS = ("instance_id", "engine", "name", "duration", "outcome", "params", "visible_after", "count")
_FAULT_FIELDS = ("kind", "path", "method", "count", "status", "retry_after", "seconds", "limit", "body")
_IDENTITY_FIELDS = ("metadata_agency", "agencies", "identity_providers", "access_keys")

# (method, path under PREFIX) -> the endpoint.
ENDPOINTS = {
    ("GET", ""): Endpoint("this list: every endpoint and the body fields it takes", _index),
    ("GET", "health"): Endpoint("the emulator is up: its speed and emulated seconds", _health),
    ("POST", "instances"): Endpoint("create an RDS or DMS instance", _create_instance, ("id", "name", "engine")),
    ("POST", "jobs"): Endpoint("create RDS jobs (one, or count of them)", _create_jobs, _JOB_FIELDS),
    ("POST", "dms-tasks"): Endpoint("create DMS background tasks", _create_dms_tasks, _DMS_TASK_FIELDS),
    ("GET", "faults"): Endpoint("the faults still to come, and the quotas", _list_faults),
    ("POST", "faults"): Endpoint("inject a fault or a gateway quota", _add_fault, _FAULT_FIELDS),
    ("DELETE", "faults"): Endpoint("forget every fault and quota", _clear_faults),
    ("POST", "settings"): Endpoint("change how the emulator answers, and its speed", _settings,
                                   _SETTINGS + ("speed",)),
    ("POST", "tokens/expire"): Endpoint("make the tokens issued so far expire", _expire_tokens, ("after",)),
    ("POST", "identity"): Endpoint("say who may get temporary keys: agencies, the ECS agency, IdPs, more keys",
                                   _identity, _IDENTITY_FIELDS),
    ("GET", "requests"): Endpoint("the request log: counts per API and every request", _requests),
    ("DELETE", "requests"): Endpoint("empty the request log", _clear_requests),
    ("POST", "reset"): Endpoint("forget every record, fault, setting and logged request", _reset),
}


def handle(app: App, request: Request) -> Response:
    name = request.path[len(PREFIX) :].rstrip("/")
    endpoint = ENDPOINTS.get((request.method, name))
    if endpoint is None:
        known = ", ".join("%s %s%s" % (method, PREFIX, path) for method, path in ENDPOINTS)
        return json_response(
            404, {"error": "no control endpoint %s %s; known: %s" % (request.method, request.path, known)}
        )
    body = request.json()
    try:
        if request.body.strip() and body is None:
            raise _bad("the body is not JSON")
        return json_response(200, endpoint.handler(app, _Fields(body, endpoint.fields)))
    except ApiError as error:
        return error.response
    except ValueError as error:  # the store's and the settings' own checks
        return json_response(400, {"error": str(error)})
