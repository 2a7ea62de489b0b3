"""Generated cloud answers and user options: every failure is a clear error, never a crash.

About 12,000 examples in all: answers (as text, as JSON of any shape, and as near-valid records)
through decoding, schema validation and normalisation; options through the checks that run before
any request.
"""

import datetime
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import records, schemas, times
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.request import OutgoingRequest
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError, ResponseError
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.exchange import exchange
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import rds_job_wait
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import dms, rds

FUZZ = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
any_time = st.one_of(
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
                  {"name": st.text(), "created": any_time, "process": progress, "instance": json_values,
                   "entities": json_values, "fail_reason": st.text()})
rds_tasks = near_valid({"id": st.text(max_size=40), "status": statuses},
                       {"process": progress, "create_time": any_time, "end_time": any_time, "order_id": st.text()})
dms_tasks = near_valid({"id": st.text(max_size=40), "status": statuses},
                       {"params": st.text() | st.just('{"a": 1}'), "created_at": any_time, "updated_at": any_time})

# (schema, generated bodies, the cloud's task objects in a valid body, their normalisation,
#  the field the creation time is read from, the field the end time is read from)
ANSWERS = [
    (schemas.RDS_JOB, st.fixed_dictionaries({"job": jobs}),
     lambda body: [body["job"]] if body.get("job") else [], records.rds_job, "created", None),
    (schemas.RDS_TASK_LIST, st.fixed_dictionaries({"tasks": st.lists(rds_tasks, max_size=3)},
                                                  optional={"total_count": scalars}),
     records.listed, records.rds_task, "create_time", "end_time"),
    (schemas.DMS_TASK_LIST, st.fixed_dictionaries({"tasks": st.lists(dms_tasks, max_size=3)},
                                                  optional={"task_count": scalars}),
     records.listed, dms.task_record, "created_at", "updated_at"),
    (schemas.RDS_TASK_CENTER_DETAIL,
     near_valid({"job_id": st.text()}, {"status": statuses, "process": progress, "created_at": any_time,
                                        "update_at": any_time}),
     lambda body: [body], records.task_center, "created_at", "update_at"),
]
NORMALISED_KEYS = {"state", "progress", "created_at", "finished_at", "terminal", "found", "params_decoded"}
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$")


def whole_number(value):
    """An int that is not a bool (True is an int to Python, not to JSON)."""
    return isinstance(value, int) and not isinstance(value, bool)


def check_normalised_time(value, normalised):
    """A readable time becomes ISO 8601 UTC for the same instant (to the millisecond), an empty one None,
    and anything else is left exactly as the cloud sent it."""
    try:
        moment = times.parse(value)
    except times.NotATime:
        assert normalised is value
        return
    if moment is None:
        assert normalised is None
        return
    assert isinstance(normalised, str) and normalised.endswith("Z"), normalised
    # strftime writes years before 1000 with fewer than four digits: no cloud answer has such a year.
    if moment.year >= 1000:
        assert ISO_UTC.match(normalised), normalised
        assert datetime.timedelta(0) <= moment - times.parse(normalised) < datetime.timedelta(milliseconds=1)


def check_record(raw, record, created_key, finished_key):
    """The cloud's fields unchanged, plus normalised keys that agree with each other."""
    for key, value in raw.items():
        if key not in NORMALISED_KEYS:
            assert key in record and record[key] is value, key
    assert record["found"] is True
    assert record["state"] in set(records.STATES.values()) | {"unknown"}
    assert record["terminal"] == (record["state"] in records.TERMINAL_STATES)
    if record["state"] == "succeeded":
        assert record["progress"] == 100
    elif record["terminal"]:
        assert record["progress"] is None
    else:
        progress = record["progress"]
        assert progress is None or (whole_number(progress) and 0 <= progress <= 100), progress
    check_normalised_time(raw.get(created_key), record["created_at"])
    if record["terminal"] and finished_key:
        check_normalised_time(raw.get(finished_key), record["finished_at"])
    else:
        assert record["finished_at"] is None
    assert set(json.loads(json.dumps(record))) == set(record)  # what Ansible serialises keeps every key


def check_answer(schema, body, items, normalise, created_key, finished_key):
    """Validation either refuses the body with a clear error, or normalisation succeeds on it."""
    try:
        schemas.validate(schema, body, "GET https://rds.example/v3/p/jobs")
    except ResponseError as error:
        assert "Unexpected answer from GET" in str(error)
        return
    for raw in items(body):
        check_record(raw, normalise(raw), created_key, finished_key)


@FUZZ
@given(st.data())
def test_generated_answers_are_refused_clearly_or_normalised(data):
    for schema, near, items, normalise, created_key, finished_key in ANSWERS:
        check_answer(schema, data.draw(st.one_of(json_values, near)), items, normalise, created_key, finished_key)


class AnswersWith:
    """A transport whose every answer is ``text``, with request id req-1."""

    def __init__(self, text):
        self.text = text

    def send(self, method, url, headers, body=None, deadline=None):
        return 200, {"X-Request-Id": "req-1"}, self.text


@FUZZ
@given(st.text(max_size=200) | st.binary(max_size=100).map(lambda raw: raw.decode("latin-1"))
       | st.fixed_dictionaries({"job": jobs}).map(json.dumps))
def test_any_body_text_is_decoded_or_refused_clearly(text):
    request = OutgoingRequest("GET", "https://rds.example", "/v3/p/jobs", [("id", "1")], {}, b"")
    try:
        document, is_json = json.loads(text), True
    except ValueError:
        document, is_json = None, False
    try:
        answer = exchange(AnswersWith(text), request, schema=schemas.RDS_JOB).body
    except ResponseError as error:
        assert error.request_id == "req-1" and "Unexpected answer" in str(error)
        assert ("not JSON" in str(error)) == (not is_json), str(error)
        return
    assert is_json and json.dumps(answer, sort_keys=True) == json.dumps(document, sort_keys=True)


@FUZZ
@given(any_time)
def test_any_time_normalises_without_raising(value):
    check_normalised_time(value, times.normalise(value))


options_text = st.none() | st.text(max_size=20) | st.sampled_from(["2026-11-23 10:00:00", "1747919701390", "running"])


@FUZZ
@given(id=options_text, instance_id=options_text, order_id=options_text, name=options_text, status=options_text,
       start_time=options_text, end_time=options_text)
def test_task_list_options_are_accepted_or_refused_clearly(**options):
    try:
        query = rds.task_list_query(**options)
    except ConfigurationError as error:
        assert any(option in str(error) for option in ("status", "start_time", "end_time"))
        return
    assert set(query) == {option for option, value in options.items() if value is not None}
    for option in ("id", "instance_id", "order_id", "name"):
        assert query.get(option) is options[option]
    if options["status"] is not None:
        assert query["status"] in rds.TASK_STATUSES
        assert query["status"].lower() == options["status"].strip().lower()
    if options["start_time"] is not None:
        assert whole_number(query["start_time"]) and whole_number(query["end_time"])
        assert query["start_time"] <= query["end_time"]


@FUZZ
@given(job_id=st.none() | st.lists(st.text(max_size=5), max_size=3), instance_id=options_text,
       workflow_id=options_text, timeout=st.floats(allow_nan=False), poll_interval=st.floats(allow_nan=False),
       max_poll_interval=st.floats(allow_nan=False), visibility_timeout=st.floats(allow_nan=False),
       begin=options_text, end=options_text)
def test_wait_and_dms_options_are_accepted_or_refused_clearly(begin, end, **params):
    problem = rds_job_wait.check_options(params)
    refused = [name for name in ("job_id", "instance_id", "workflow_id") if blank_id(params[name])]
    refused += [name for name in ("timeout", "poll_interval", "max_poll_interval") if params[name] <= 0]
    refused += ["visibility_timeout"] if params["visibility_timeout"] < 0 else []
    if refused:
        assert problem is not None and problem.startswith(refused[0] + " must "), problem  # the first, named
    else:
        assert problem is None
    try:
        window = dms.time_window(begin, end)
    except ConfigurationError as error:
        assert "begin_time" in str(error) or "end_time" in str(error)
        return
    assert set(window) == {option for option, value in (("begin_time", begin), ("end_time", end)) if value is not None}
    assert all(re.match(r"^\d{14}$", value) for value in window.values()), window
    assert len(window) < 2 or window["begin_time"] <= window["end_time"]


def blank_id(value):
    """An id option given empty, or a list of them that is empty or has an empty item."""
    if value is None:
        return False
    values = value if isinstance(value, list) else [value]
    return not values or not all(item.strip() for item in values)
