"""dms_task_info's own part: option checks before any request, which call each option set makes, the result."""

import json

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.testing import patch_module_args

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import NotFoundError
from ansible_collections.hwcloud.tasks.plugins.module_utils._module import HwCloudModule
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import dms_task_info as operation
from ansible_collections.hwcloud.tasks.plugins.modules import dms_task_info
from tests.unit.plugins.fake_client import FakeClient

FORBIDDEN_KEYS = {"started", "finished", "results_file", "skipped"}


def a_task(task_id, status="SUCCESS"):
    return {"id": task_id, "name": "restartInstance", "params": "{\"force\":true}", "status": status,
            "created_at": "2026-11-23T10:00:00.000Z", "updated_at": "2026-11-23T10:00:05.000Z"}


def run(monkeypatch, capsys, args, answer=None):
    """Run the module; returns (result, fake client or None when the module never asked for one)."""
    clients = []

    def client(module):
        if answer is None:
            raise AssertionError("the module asked for a client")
        clients.append(FakeClient(answer))
        return clients[0]

    monkeypatch.setattr(HwCloudModule, "client", client)
    with patch_module_args(dict({"engine": "kafka", "instance_id": "inst"}, **args)):
        with pytest.raises(SystemExit):
            dms_task_info.main()
    return json.loads(capsys.readouterr().out), (clients[0] if clients else None)


@pytest.mark.parametrize(
    "args, says",
    [
        ({"engine": "kafak"}, "value of engine must be one of: kafka, rabbitmq, rocketmq, got: kafak"),
        ({"instance_id": ""}, "instance_id must not be empty"),
        ({"task_id": ""}, "task_id must not be empty"),
        ({"begin_time": "yesterday"}, "begin_time: 'yesterday' is not a time; use ISO 8601"),
        ({"end_time": "2026-11-31 00:00:00"}, "end_time: '2026-11-31 00:00:00' is not a time"),
        ({"begin_time": "2026-11-24", "end_time": "2026-11-23"}, "begin_time: '2026-11-24' is not a time"),
        ({"begin_time": "2026-11-24 00:00:00", "end_time": "2026-11-23 00:00:00"}, "is after end_time"),
        ({"limit": 0}, "limit must be from 1 to 50, got 0"),
        ({"limit": 51}, "limit must be from 1 to 50, got 51"),
        ({"start": 0}, "start must be 1 or more"),
        ({"wait": True, "limit": 5}, "start and limit read one page, and a wait reads every page"),
        ({"task_id": "t", "task_name": "n"}, "parameters are mutually exclusive: task_id|task_name"),
        ({"task_name": "n", "start": 2}, "parameters are mutually exclusive: task_name|start"),
        ({"task_name": ""}, "task_name must not be empty"),
        ({"task_id": ["t", " "]}, "task_id must not be empty"),
        ({"wait": True, "visibility_timeout": -1}, "visibility_timeout must be 0 or more seconds"),
        ({"task_id": "t", "start": 2}, "parameters are mutually exclusive: task_id|start"),
        ({"task_id": "t", "end_time": "2026-11-23 00:00:00"}, "parameters are mutually exclusive: task_id|end_time"),
        ({"task_id": "t", "wait": True, "wait_timeout": -5}, "timeout must be a positive number of seconds"),
        ({"task_id": "t", "wait": True, "timeout": 0}, "timeout must be a positive number of seconds"),
        ({"task_id": "t", "wait": True, "max_poll_interval": 0}, "max_poll_interval must be a positive number"),
    ],
)
def test_bad_options_fail_before_any_request(monkeypatch, capsys, args, says):
    result, client = run(monkeypatch, capsys, args)
    assert result["failed"] and says in result["msg"], result["msg"]
    assert client is None


def test_listing_every_page(monkeypatch, capsys):
    tasks = [a_task("t%03d" % number) for number in range(70)]

    def answer(path_params, params):
        return {"task_count": "70", "tasks": tasks[params["start"] - 1:params["start"] - 1 + params["limit"]]}

    result, client = run(monkeypatch, capsys, {"engine": "rabbitmq", "begin_time": "2026-11-23T18:00:00+08:00"},
                         answer)
    assert (result["changed"], result["total"], len(result["tasks"])) == (False, 70, 70)
    assert result["tasks"][0]["params_decoded"] == {"force": True}
    assert "task" not in result and not FORBIDDEN_KEYS & set(result) and "failed" not in result
    assert {call["service"] for call in client.calls} == {"rabbitmq"}
    assert [call["params"]["begin_time"] for call in client.calls] == ["20261123100000"] * 2


def test_one_task_found_or_not(monkeypatch, capsys):
    result, client = run(monkeypatch, capsys, {"task_id": "t1"},
                         lambda path_params, params: {"task_count": "1", "tasks": [a_task(path_params["task_id"])]})
    assert (result["total"], result["task"]["id"], result["tasks"]) == (1, "t1", [result["task"]])
    assert client.calls[0]["path"].endswith("/tasks/{task_id}") and "elapsed" not in result
    unknown = NotFoundError("x", status=404, error_code="DMS.00404050", error_msg="no task", request_id="rid")
    result, _client = run(monkeypatch, capsys, {"task_id": "t2"}, lambda *_: unknown)
    assert "failed" not in result and result["total"] == 0 and result["task"]["found"] is False


def test_wait_result_and_failure(monkeypatch, capsys):
    answers = [a_task("t", "EXECUTING"), a_task("t", "SUCCESS")]
    result, _client = run(monkeypatch, capsys, {"task_id": "t", "wait": True, "poll_interval": 0.01},
                          lambda *_: {"task_count": "1", "tasks": [answers.pop(0) if len(answers) > 1 else answers[0]]})
    assert "failed" not in result and not FORBIDDEN_KEYS & set(result)
    assert (result["task"]["state"], result["polls"], result["timed_out"]) == ("succeeded", 2, False)
    assert isinstance(result["elapsed"], float)

    result, _client = run(monkeypatch, capsys, {"task_id": "t", "wait": True},
                          lambda *_: {"task_count": "1", "tasks": [a_task("t", "FAILED")]})
    assert result["failed"] and result["msg"].startswith("kafka task t (restartInstance on instance inst) failed at ")
    assert result["task"]["state"] == "failed" and result["changed"] is False


def test_wait_timeout_is_a_deprecated_alias_of_timeout(monkeypatch, capsys):
    result, _client = run(monkeypatch, capsys, {"task_id": "t", "wait": True, "wait_timeout": 0.05,
                                                "poll_interval": 0.01},
                          lambda *_: {"task_count": "1", "tasks": [a_task("t", "EXECUTING")]})
    assert result["failed"] and result["timed_out"]
    assert "timed out after 0.05 s (timeout)" in result["msg"]
    # Where ansible-core shows the deprecation depends on its version and on what this process imported
    # (the controller's display, or the result): what the module declares is what is checked.
    checked = ArgumentSpecValidator(operation.ARGUMENT_SPEC).validate(
        {"engine": "kafka", "instance_id": "inst", "wait_timeout": 5})
    assert checked.validated_parameters["timeout"] == 5.0
    assert checked._deprecations == [{"msg": "Alias 'wait_timeout' is deprecated. See the module docs for more "
                                             "information", "version": "1.0.0", "date": None,
                                      "collection_name": "hwcloud.tasks"}]


def test_cloud_errors_fail_with_status_code_and_request_id(monkeypatch, capsys):
    gone = NotFoundError("GET u failed", status=404, error_code="DMS.00404022",
                         error_msg="The instance does not exist.", request_id="rid", url="u")
    for args in ({}, {"task_id": "t"}, {"task_id": "t", "wait": True}):
        result, _client = run(monkeypatch, capsys, args, lambda *_: gone)
        assert result["failed"]
        assert (result["http_status"], result["error_code"], result["request_id"]) == (404, "DMS.00404022", "rid")
        assert result["msg"] == "GET u failed: HTTP 404 DMS.00404022 The instance does not exist. (request id rid)"
