"""The answers' schemas: what the documents disagree on is accepted, what the code relies on is required,
and a refusal names the field."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import schemas
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import BODY_EXCERPT, ResponseError
from tests.unit.plugins.dms_answers import SEED_TASK
from tests.unit.plugins.rds_answers import job, task, workflow


@pytest.mark.parametrize(
    "schema, body",
    [
        (schemas.RDS_JOB, {"job": job("j1", process="60% ")}),
        (schemas.RDS_JOB, {"job": job("j1", process=60, fail_reason=None, entities=None, extra={"kept": 1})}),
        (schemas.RDS_JOB, {"job": {}}),
        (schemas.RDS_JOB, {"job": None}),
        (schemas.RDS_JOB, {}),
        (schemas.RDS_TASK_LIST, {"total_count": 1, "actions": ["Reboot"], "tasks": [task("t1", process="")]}),
        (schemas.RDS_TASK_LIST, {"tasks": [task("t1", order_id="", create_time=1795428000000, end_time=None)]}),
        (schemas.RDS_TASK_LIST, {"tasks": None, "actions": None}),
        (schemas.RDS_TASK_CENTER_DETAIL, workflow()),
        (schemas.DMS_TASK_LIST, {"task_count": "1", "tasks": [SEED_TASK]}),
        (schemas.DMS_TASK_LIST, {"task_count": 1, "tasks": [dict(SEED_TASK, params={"decoded": True})]}),
        (schemas.DMS_TASK_LIST, {"task_count": None, "tasks": None}),
        (schemas.DMS_TASK, SEED_TASK),
        (schemas.IAM_PROJECTS, {"projects": [{"id": "p1", "name": "eu-de"}]}),
        (schemas.IAM_TOKEN, {"token": {"expires_at": "2026-11-24T10:00:00.000000Z", "project": {"id": "p1"}}}),
    ],
)
def test_what_the_documents_allow_is_accepted_and_returned(schema, body):
    assert schemas.validate(schema, body, "GET u") is body


@pytest.mark.parametrize(
    "schema, body, field",
    [
        (schemas.RDS_JOB, {"job": {"id": "j1"}}, "$.job: 'status' is a required property"),
        (schemas.RDS_JOB, {"job": job("j1", status=3)}, "$.job.status: 3 is not of type 'string'"),
        (schemas.RDS_JOB, {"job": "j1"}, "$.job: 'j1' is not of type 'object', 'null'"),
        (schemas.RDS_TASK_LIST, {"tasks": [task("t1"), {"id": "t2"}]}, "$.tasks[1]: 'status' is a required property"),
        (schemas.RDS_TASK_LIST, {"total_count": -1}, "$.total_count: -1 is less than the minimum of 0"),
        (schemas.RDS_TASK_CENTER_DETAIL, {"instance_id": "inst"}, "$: 'job_id' is a required property"),
        (schemas.DMS_TASK_LIST, {"task_count": "12a"}, "$.task_count: '12a' does not match '^[0-9]+$'"),
        (schemas.IAM_PROJECTS, {"projects": [{"name": "eu-de"}]}, "$.projects[0]: 'id' is a required property"),
        (schemas.IAM_TOKEN, {}, "$: 'token' is a required property"),
    ],
)
def test_a_refusal_names_the_first_wrong_field(schema, body, field):
    with pytest.raises(ResponseError) as refused:
        schemas.validate(schema, body, "GET u")
    assert refused.value.message == "Unexpected answer from GET u: " + field


def test_a_long_wrong_value_is_cut_short():
    with pytest.raises(ResponseError) as refused:
        schemas.validate(schemas.RDS_TASK_LIST, {"total_count": "x" * 1000}, "GET u")
    quoted = refused.value.message.split("$.total_count: ", 1)[1]
    assert len(quoted) == BODY_EXCERPT + len("...") and quoted.endswith("...")
