# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""JSON schemas of the answers we read, and their validation.

The schemas require what the code relies on and allow what the documents disagree on (``process``
as text or number, ``task_count`` as text or number, times in any format, ``order_id`` empty, extra
fields).  They are Python dicts because AnsiballZ only ships imported ``.py`` files.
"""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ResponseError, excerpt
from ansible_collections.hwcloud.tasks.plugins.module_utils._libraries import jsonschema

_TEXT = {"type": "string"}
_OPTIONAL_TEXT = {"type": ["string", "null"]}
_TEXT_OR_NUMBER = {"type": ["string", "number", "null"]}
_OBJECT = {"type": ["object", "null"]}

# An answer without a job (no "job", null or {}) is read as "no such job" by the caller.
RDS_JOB = {
    "type": "object",
    "properties": {
        "job": {
            "type": ["object", "null"],
            "if": {"type": "object", "minProperties": 1},
            "then": {"required": ["id", "status"]},
            "properties": {
                "id": _TEXT,
                "name": _OPTIONAL_TEXT,
                "status": _TEXT,
                "created": _TEXT_OR_NUMBER,
                "ended": _TEXT_OR_NUMBER,
                "process": _TEXT_OR_NUMBER,
                "instance": {
                    "type": ["object", "null"],
                    "properties": {"id": _OPTIONAL_TEXT, "name": _OPTIONAL_TEXT},
                },
                "entities": _OBJECT,
                "fail_reason": _OPTIONAL_TEXT,
            },
        }
    },
}


def _task(**properties):
    """A listed task: an id and a status at least, a name if any, and its API's own fields."""
    return {"type": "object", "required": ["id", "status"],
            "properties": dict(id=_TEXT, name=_OPTIONAL_TEXT, status=_TEXT, **properties)}


RDS_TASK = _task(
    instance_id=_OPTIONAL_TEXT,
    instance_name=_OPTIONAL_TEXT,
    instance_status=_OPTIONAL_TEXT,
    order_id=_OPTIONAL_TEXT,
    process=_TEXT_OR_NUMBER,
    fail_reason=_OPTIONAL_TEXT,
    create_time=_TEXT_OR_NUMBER,
    end_time=_TEXT_OR_NUMBER,
)

# Lists: a missing or null "tasks" is an empty page (some gateways drop empty arrays).
RDS_TASK_LIST = {
    "type": "object",
    "properties": {
        "total_count": {"type": "integer", "minimum": 0},
        "actions": {"type": ["array", "null"], "items": _TEXT},
        "tasks": {"type": ["array", "null"], "items": RDS_TASK},
    },
}

RDS_INSTANCES = {
    "type": "object",
    "properties": {
        "total_count": {"type": "integer", "minimum": 0},
        "instances": {
            "type": ["array", "null"],
            "items": {"type": "object", "required": ["id"], "properties": {"id": _TEXT, "name": _OPTIONAL_TEXT}},
        },
    },
}

# The document's four fields, and the official SDK model's (ShowTaskDetailResponse, SubTaskInfo) when there.
RDS_TASK_CENTER_DETAIL = {
    "type": "object",
    "required": ["job_id"],
    "properties": {
        "instance_id": _OPTIONAL_TEXT,
        "instance_name": _OPTIONAL_TEXT,
        "job_id": _TEXT,
        "job_name": _OPTIONAL_TEXT,
        "status": _OPTIONAL_TEXT,
        "process": _TEXT_OR_NUMBER,
        "created_at": _TEXT_OR_NUMBER,
        "update_at": _TEXT_OR_NUMBER,
        "sub_task_list": {
            "type": ["array", "null"],
            "items": {
                "type": "object",
                "properties": {
                    "sub_task_name": _OPTIONAL_TEXT,
                    "percent": _TEXT_OR_NUMBER,
                    "status": _OPTIONAL_TEXT,
                    "executed_time": _TEXT_OR_NUMBER,
                    "remaining_time": _TEXT_OR_NUMBER,
                    "show_detail": {"type": ["boolean", "null"]},
                },
            },
        },
    },
}

DMS_TASK = _task(
    user_name=_OPTIONAL_TEXT,
    user_id=_OPTIONAL_TEXT,
    params={"type": ["string", "object", "null"]},
    created_at=_TEXT_OR_NUMBER,
    updated_at=_TEXT_OR_NUMBER,
)

DMS_TASK_LIST = {
    "type": "object",
    "properties": {
        "task_count": {"type": ["string", "integer", "null"], "pattern": "^[0-9]+$"},
        "tasks": {"type": ["array", "null"], "items": DMS_TASK},
    },
}

# One instance (ShowInstance of each engine): only that it exists is read.
DMS_INSTANCE = {
    "type": "object",
    "properties": {"instance_id": _OPTIONAL_TEXT, "name": _OPTIONAL_TEXT, "status": _OPTIONAL_TEXT},
}

IAM_PROJECTS = {
    "type": "object",
    "required": ["projects"],
    "properties": {
        "projects": {
            "type": "array",
            "items": {"type": "object", "required": ["id"], "properties": {"id": _TEXT, "name": _OPTIONAL_TEXT}},
        }
    },
}

IAM_TOKEN = {
    "type": "object",
    "required": ["token"],
    "properties": {
        "token": {
            "type": "object",
            "properties": {
                "expires_at": _OPTIONAL_TEXT,
                "project": {"type": ["object", "null"], "properties": {"id": _TEXT, "name": _OPTIONAL_TEXT}},
            },
        }
    },
}

_validators = {}


def _validator(schema):
    key = id(schema)
    if key not in _validators:
        cls = jsonschema.validators.validator_for(schema)
        _validators[key] = cls(schema)
    return _validators[key]


def _field(path):
    text = "$"
    for part in path:
        text += "[%d]" % part if isinstance(part, int) else ".%s" % part
    return text


def validate(schema, body, where):
    """Raise ``ResponseError`` naming the first wrong field when ``body`` does not match ``schema``."""
    error = jsonschema.exceptions.best_match(_validator(schema).iter_errors(body))
    if error is not None:
        raise ResponseError(
            "Unexpected answer from %s: %s: %s" % (where, _field(error.absolute_path), excerpt(error.message))
        )
    return body
