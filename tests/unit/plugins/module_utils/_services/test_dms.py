"""The DMS task API: query times, records with decoded params, not-found answers, paging."""

import json

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    ConfigurationError,
    HwCloudError,
    NotFoundError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import dms
from tests.unit.plugins.dms_answers import SEED_TASK, not_found, task
from tests.unit.plugins.fake_client import FakeClient

# --- time_window -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-23T10:00:00Z",
        "2026-11-23T18:00:00+08:00",
        "2026-11-23T05:00:00-0500",
        "2026-11-23 10:00:00",
        "2026-11-23T10:00:00.999Z",  # the query's resolution is one second: truncated, not rounded
        "1795428000000",  # epoch milliseconds
        "20261123100000",  # already as DMS takes it
    ],
)
def test_time_window_sends_every_format_as_compact_utc(value):
    assert dms.time_window(value, value) == {"begin_time": "20261123100000", "end_time": "20261123100000"}


def test_time_window_with_one_bound_or_none():
    assert dms.time_window() == {}
    assert dms.time_window(begin_time="2026-11-23 10:00:00") == {"begin_time": "20261123100000"}
    assert dms.time_window(end_time="2026-11-23 10:00:00") == {"end_time": "20261123100000"}


@pytest.mark.parametrize("option", ["begin_time", "end_time"])
@pytest.mark.parametrize("value", ["yesterday", "2026-13-01 00:00:00", "", "  ", "2026-11-23T25:00:00Z", "1e400"])
def test_time_window_refuses_what_is_not_a_time_naming_the_option_and_formats(option, value):
    with pytest.raises(ConfigurationError) as caught:
        dms.time_window(**{option: value})
    message = str(caught.value)
    assert message.startswith("%s: %r is not a time" % (option, value))
    assert "ISO 8601" in message and "YYYY-MM-DD HH:MM:SS" in message and "milliseconds" in message


def test_time_window_refuses_a_begin_after_the_end():
    with pytest.raises(ConfigurationError, match=r"begin_time \(2026-11-24 00:00:00\) is after end_time"):
        dms.time_window("2026-11-24 00:00:00", "2026-11-23T23:59:59Z")
    # The same instant written two ways is a one-second window, not an error.
    assert dms.time_window("2026-11-23T18:00:00+08:00", "2026-11-23 10:00:00")["end_time"] == "20261123100000"


# --- task_record -----------------------------------------------------------------------------------


def test_task_record_keeps_the_raw_fields_and_decodes_params():
    record = dms.task_record(dict(SEED_TASK))
    assert record["params"] == SEED_TASK["params"]
    assert record["params_decoded"] == {
        "public_ip_id": "06a13350-4305-4338-9f0e-6b322bb1413d",
        "public_ip_address": "xx.xx.xx.xx",
        "enable_public_ip": True,
    }
    assert (record["state"], record["terminal"], record["found"], record["progress"]) == ("succeeded", True, True, 100)
    assert record["created_at"] == "2020-06-23T03:00:03.471Z"
    assert record["finished_at"] == "2020-06-23T03:00:08.130Z"
    assert record["updated_at"] == SEED_TASK["updated_at"]
    assert (record["user_name"], record["name"]) == ("dms_test", "bindInstancePublicIp")


@pytest.mark.parametrize(
    "params, decoded",
    [
        ("not json {", None),
        ("{\"truncated\": ", None),
        ("", None),
        ("   ", None),
        (None, None),
        ("null", None),
        ("{}", {}),
        ("[1, 2]", [1, 2]),
        ("\"text\"", "text"),
        ("{\"label\": \"\\u00e9\"}", {"label": "\u00e9"}),
        ({"already": "an object"}, {"already": "an object"}),
    ],
)
def test_task_record_params_decoded(params, decoded):
    task = dict(SEED_TASK, params=params)
    record = dms.task_record(task)
    assert record["params_decoded"] == decoded
    assert record["params"] == params  # the cloud's text is kept as it came, even when it is not JSON


def test_task_record_without_params():
    task = {key: value for key, value in SEED_TASK.items() if key != "params"}
    record = dms.task_record(task)
    assert record["params_decoded"] is None and "params" not in record


@pytest.mark.parametrize(
    "status, state, terminal",
    [("CREATED", "pending", False), ("EXECUTING", "running", False), ("SUCCESS", "succeeded", True),
     ("FAILED", "failed", True), ("CANCELLED", "cancelled", True), ("DELETED", "deleted", True)],
)
def test_task_record_states(status, state, terminal):
    record = dms.task_record(dict(SEED_TASK, status=status))
    assert (record["state"], record["terminal"]) == (state, terminal)
    assert (record["finished_at"] is not None) == terminal


# --- which 404 is an unknown task ------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, code, unknown",
    [
        (404, "DMS.00404050", True),
        (404, "DMS.00404022", False),  # the instance does not exist: an error, not a missing task
        (404, "APIGW.0101", False),  # the gateway knows no such API: a wrong endpoint
        (404, None, False),  # an HTML 404
        (400, "DMS.00400002", False),
        (403, "DMS.00403001", False),
    ],
)
def test_is_unknown_task(status, code, unknown):
    assert dms.is_unknown_task(HwCloudError("x", status=status, error_code=code)) is unknown


# --- requests, against a fake client ---------------------------------------------------------------


def test_get_task_reads_one_task_at_its_engine():
    client = FakeClient(lambda path_params, params: {"task_count": "1", "tasks": [task(path_params["task_id"])]})
    record = dms.get_task(client, "rocketmq", "inst 1", "task/1")
    assert (record["id"], record["state"], record["found"]) == ("task/1", "running", True)
    call = client.calls[0]
    assert (call["service"], call["method"], call["path"]) == ("rocketmq", "GET", dms.TASKS_PATH + "/{task_id}")
    assert call["path_params"] == {"instance_id": "inst 1", "task_id": "task/1"}  # encoded by the client


def test_get_task_unknown_task_is_a_record_unknown_instance_an_error():
    record = dms.get_task(FakeClient(lambda *_: not_found()), "kafka", "i", "t")
    assert (record["found"], record["state"], record["error_code"], record["request_id"]) == (
        False, None, "DMS.00404050", "rid")
    with pytest.raises(NotFoundError) as caught:
        dms.get_task(FakeClient(lambda *_: not_found("DMS.00404022", "No instance.")), "kafka", "i", "t")
    assert caught.value.error_code == "DMS.00404022"


def test_get_task_with_an_empty_answer_is_not_found():
    record = dms.get_task(FakeClient(lambda *_: {"task_count": "0", "tasks": []}), "kafka", "i", "t")
    assert record["found"] is False and record["id"] == "t"


def paged(tasks, task_count=None):
    """A fake DMS list: ``start`` is 1-based, like the SDK's."""
    def answer(path_params, params):
        start, limit = params["start"], params["limit"]
        return {"task_count": str(len(tasks) if task_count is None else task_count),
                "tasks": tasks[start - 1:start - 1 + limit]}
    return answer


def test_list_tasks_reads_every_page_once():
    tasks = [task("t%03d" % number, params=json.dumps({"n": number})) for number in range(120)]
    client = FakeClient(paged(tasks))
    records, total = dms.list_tasks(client, "kafka", "i", {"begin_time": "20261123100000"})
    assert total == 120 and isinstance(total, int)
    assert [record["id"] for record in records] == [item["id"] for item in tasks]
    assert [record["params_decoded"]["n"] for record in records] == list(range(120))
    assert sorted(call["params"]["start"] for call in client.calls) == [1, 51, 101]
    assert all(call["params"]["limit"] == 50 and call["params"]["begin_time"] == "20261123100000"
               for call in client.calls)


def test_list_tasks_one_short_page_and_duplicates_dropped():
    client = FakeClient(paged([task("a"), task("b")]))
    records, total = dms.list_tasks(client, "kafka", "i", {})
    assert (total, len(records), len(client.calls)) == (2, 2, 1)


def test_list_tasks_returns_a_task_seen_on_two_pages_once():
    tasks = [task("t%03d" % number) for number in range(60)]

    def five_new_tasks_pushed_the_rest_down(path_params, params):
        start = params["start"] - 5 if params["start"] > 1 else 1
        return paged(tasks)(path_params, dict(params, start=start))

    records, total = dms.list_tasks(FakeClient(five_new_tasks_pushed_the_rest_down), "kafka", "i", {})
    assert total == 60
    assert [record["id"] for record in records] == [item["id"] for item in tasks]


def test_list_tasks_one_page_when_asked():
    tasks = [task("t%03d" % number) for number in range(120)]
    client = FakeClient(paged(tasks))
    records, total = dms.list_tasks(client, "kafka", "i", {}, start=101, limit=50)
    assert (total, [record["id"] for record in records]) == (120, [item["id"] for item in tasks[100:]])
    records, _total = dms.list_tasks(client, "kafka", "i", {}, limit=10)
    assert len(records) == 10
    assert [call["params"]["start"] for call in client.calls] == [101, 1]


# --- the instance, and a task by name ----------------------------------------------------------------


class _Projected(FakeClient):
    def project_id(self, deadline=None):
        return "proj"


def test_check_instance_asks_the_engine_once_and_names_an_unknown_instance():
    client = _Projected(lambda *_: {"instance_id": "inst", "name": "mq", "status": "RUNNING"})
    assert dms.check_instance(client, "rocketmq", "inst") is None
    assert [(call["service"], call["path"]) for call in client.calls] == [("rocketmq", dms.INSTANCE_PATH)]
    gone = _Projected(lambda *_: not_found("DMS.00404022", "The instance does not exist."))
    with pytest.raises(NotFoundError) as caught:
        dms.check_instance(gone, "kafka", "typo")
    assert str(caught.value) == ("no kafka instance typo in project proj: HTTP 404 DMS.00404022 The instance does "
                                 "not exist. (request id rid)")


def test_check_instance_leaves_other_errors_as_they_are():
    gateway = NotFoundError("GET u failed", status=404, error_code="APIGW.0101", error_msg="no such API")
    with pytest.raises(NotFoundError) as caught:
        dms.check_instance(_Projected(lambda *_: gateway), "kafka", "inst")
    assert caught.value is gateway


def test_newest_task_is_the_first_of_that_name_in_the_list():
    answer = {"task_count": "3", "tasks": [task("c", name="restartInstance"), task("b", name="resizeInstance"),
                                           task("a", name="resizeInstance")]}
    client = FakeClient(lambda *_: answer)
    assert dms.newest_task(client, "kafka", "inst", "resizeInstance", {"begin_time": "20261123100000"})["id"] == "b"
    assert client.calls[0]["params"] == {"begin_time": "20261123100000", "start": 1, "limit": 50}
    missing = dms.newest_task(client, "kafka", "inst", "deleteTopic", {})
    assert (missing["found"], missing["id"], missing["name"]) == (False, None, "deleteTopic")
    assert missing["error_msg"] == "no task named deleteTopic is listed" and len(client.calls) == 2
