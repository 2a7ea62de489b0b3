"""Generated cloud answers and user options: every failure is a clear error, never a crash.

About 12,000 examples in all: answers (as text, as JSON of any shape, and as near-valid records)
through decoding, schema validation and normalisation; options through the checks that run before
any request.
"""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.hwcloud.tasks.plugins.module_utils import _dms, _rds, _rds_job_wait, _records, _schemas, _times
from ansible_collections.hwcloud.tasks.plugins.module_utils._client import CloudClient, OutgoingRequest
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError, ResponseError

FUZZ = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
times = st.one_of(
    scalars,
    st.sampled_from(["2018-08-06T10:41:14+0000", "2020-06-23T03:00:03.471Z", "1594799170000", "20200623030003",
                     "2018-02-30T10:00:00Z", "9999999999999999999", "-1", "", "   "]),
)
statuses = st.one_of(st.sampled_from(["Running", "Completed", "Failed", "CREATED", "EXECUTING", "SUCCESS", "FAILED",
                                      "CANCELLED", "DELETED"]), st.text(max_size=12))
progress = st.one_of(scalars, st.sampled_from(["60% ", "", "100", "12.5%", "-5", "1e400", "NaN", "Infinity"]))


def near_valid(required, optional):
    return st.fixed_dictionaries(required, optional={key: value | json_values for key, value in optional.items()})


jobs = near_valid({"id": st.text(max_size=40), "status": statuses},
                  {"name": st.text(), "created": times, "process": progress, "instance": json_values,
                   "entities": json_values, "fail_reason": st.text()})
rds_tasks = near_valid({"id": st.text(max_size=40), "status": statuses},
                       {"process": progress, "create_time": times, "end_time": times, "order_id": st.text()})
dms_tasks = near_valid({"id": st.text(max_size=40), "status": statuses},
                       {"params": st.text() | st.just('{"a": 1}'), "created_at": times, "updated_at": times})

ANSWERS = [
    (_schemas.RDS_JOB, st.fixed_dictionaries({"job": jobs}),
     lambda body: [_records.rds_job(body["job"])] if body.get("job") else []),
    (_schemas.RDS_TASK_LIST, st.fixed_dictionaries({"tasks": st.lists(rds_tasks, max_size=3)},
                                                   optional={"total_count": scalars}),
     lambda body: [_records.rds_task(task) for task in _records.listed(body)]),
    (_schemas.DMS_TASK_LIST, st.fixed_dictionaries({"tasks": st.lists(dms_tasks, max_size=3)},
                                                   optional={"task_count": scalars}),
     lambda body: [_dms.task_record(task) for task in _records.listed(body)]),
    (_schemas.RDS_TASK_CENTER_DETAIL,
     near_valid({"job_id": st.text()}, {"status": statuses, "process": progress, "created_at": times,
                                        "update_at": times}),
     _records.task_center),
]


def check_answer(schema, body, normalise):
    """Validation either refuses the body with a clear error, or normalisation succeeds on it."""
    try:
        _schemas.validate(schema, body, "GET https://rds.example/v3/p/jobs")
    except ResponseError as error:
        assert "Unexpected answer from GET" in str(error)
        return
    records = normalise(body)
    for record in records if isinstance(records, list) else [records]:
        assert record["state"] in set(_records.STATES.values()) | {"unknown"}
        assert record["progress"] is None or 0 <= record["progress"] <= 100
        json.dumps(record)  # what Ansible will serialise


@FUZZ
@given(st.data())
def test_generated_answers_are_refused_clearly_or_normalised(data):
    for schema, near, normalise in ANSWERS:
        check_answer(schema, data.draw(st.one_of(json_values, near)), normalise)


@FUZZ
@given(st.text(max_size=200) | st.binary(max_size=100).map(lambda raw: raw.decode("latin-1")))
def test_any_body_text_is_decoded_or_refused_clearly(text):
    request = OutgoingRequest("GET", "https://rds.example", "/v3/p/jobs", [("id", "1")], {}, b"")
    request.request_id = "req-1"
    try:
        CloudClient._decode(text, request, _schemas.RDS_JOB)
    except ResponseError as error:
        assert error.request_id == "req-1" and "Unexpected answer" in str(error)


@FUZZ
@given(times)
def test_any_time_normalises_without_raising(value):
    normalised = _times.normalise(value)
    assert normalised is None or normalised is value or normalised == value or normalised.endswith("Z")


options_text = st.none() | st.text(max_size=20) | st.sampled_from(["2026-11-23 10:00:00", "1747919701390", "running"])


@FUZZ
@given(id=options_text, instance_id=options_text, order_id=options_text, name=options_text, status=options_text,
       start_time=options_text, end_time=options_text)
def test_task_list_options_are_accepted_or_refused_clearly(**options):
    try:
        query = _rds.task_list_query(**options)
    except ConfigurationError as error:
        assert any(option in str(error) for option in ("status", "start_time", "end_time"))
        return
    assert set(query) <= {"id", "instance_id", "order_id", "name", "status", "start_time", "end_time"}


@FUZZ
@given(job_id=st.none() | st.lists(st.text(max_size=5), max_size=3), instance_id=options_text,
       workflow_id=options_text, timeout=st.floats(allow_nan=False), poll_interval=st.floats(allow_nan=False),
       max_poll_interval=st.floats(allow_nan=False), visibility_timeout=st.floats(allow_nan=False),
       begin=options_text, end=options_text)
def test_wait_and_dms_options_are_accepted_or_refused_clearly(begin, end, **params):
    problem = _rds_job_wait.check_options(params)
    assert problem is None or isinstance(problem, str)
    try:
        _dms.time_window(begin, end)
    except ConfigurationError as error:
        assert "time" in str(error)
