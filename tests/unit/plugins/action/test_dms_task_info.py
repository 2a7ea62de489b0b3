"""dms_task_info's action plugin: on the controller the read or wait runs here, a wait with its progress in
the play output; elsewhere the module runs."""

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.hwcloud.tasks.plugins.action import dms_task_info
from tests.unit.plugins.action_harness import CREDENTIALS, TASK_VARS, keep_progress, make_action, use_client
from tests.unit.plugins.dms_answers import not_found, one, sequence
from tests.unit.plugins.fake_client import FakeClient
from tests.unit.plugins.simulated_time import simulate

PREFIX = "[db1] dms_task_info: "
TASK = {"engine": "kafka", "instance_id": "inst", "task_id": "t"}


def run(monkeypatch, client, **args):
    use_client(monkeypatch, client)
    return make_action(dms_task_info.ActionModule, dict(CREDENTIALS, **args)).run(task_vars=TASK_VARS)


def test_a_wait_shows_the_tasks_progress_as_it_goes(monkeypatch):
    simulate(monkeypatch)
    lines = keep_progress(monkeypatch)
    answers = sequence(one("CREATED"), *[one("EXECUTING")] * 10, one("SUCCESS"))
    result = run(monkeypatch, FakeClient(answers), wait=True, **TASK)
    assert "failed" not in result and result["task"]["state"] == "succeeded" and result["polls"] == 12
    assert lines[0] == PREFIX + "t: pending after 0 s (bindInstancePublicIp)"
    assert PREFIX + "t: running after " in lines[1] and lines[-1].startswith(PREFIX + "t: succeeded after ")


def test_a_failed_task_fails_the_task_with_the_result(monkeypatch):
    simulate(monkeypatch)
    keep_progress(monkeypatch)
    result = run(monkeypatch, FakeClient(sequence(one("EXECUTING"), one("FAILED"))), wait=True, **TASK)
    assert result["failed"] and result["failed_tasks"] == ["t"] and result["changed"] is False
    assert result["msg"].startswith("kafka task t (bindInstancePublicIp on instance inst) failed at ")


def test_a_read_is_not_a_wait(monkeypatch):
    lines = keep_progress(monkeypatch)
    result = run(monkeypatch, FakeClient(sequence(one("EXECUTING"))), **TASK)
    assert result["task"]["state"] == "running" and "polls" not in result and lines == []


@pytest.mark.parametrize(
    "args, says",
    [
        (dict(TASK, engine="kafak"), "value of engine must be one of: kafka, rabbitmq, rocketmq, got: kafak"),
        (dict(TASK, task_name="restartInstance"), "parameters are mutually exclusive: task_id|task_name"),
        (dict(TASK, limit=5), "parameters are mutually exclusive: task_id|limit"),
        (dict(TASK, wait=True, timeout=0), "timeout must be a positive number of seconds"),
    ],
)
def test_options_are_checked_as_the_module_checks_them(monkeypatch, args, says):
    with pytest.raises(AnsibleActionFail) as refused:
        run(monkeypatch, FakeClient(), **args)
    assert says in refused.value.message


def test_a_cloud_error_is_a_failed_result_with_the_clouds_fields(monkeypatch):
    gone = not_found("DMS.00404022", "The instance does not exist.")
    result = run(monkeypatch, FakeClient(lambda *_: gone), engine="kafka", instance_id="inst")
    assert (result["failed"], result["msg"], result["http_status"], result["error_code"], result["request_id"]) == (
        True, str(gone), 404, "DMS.00404022", "rid")


def test_elsewhere_the_module_runs():
    action = make_action(dms_task_info.ActionModule, TASK, transport="ssh")
    assert action.run(task_vars=TASK_VARS) == {"ran": "module"}
    assert action._execute_module.call_args.kwargs["module_name"] == "hwcloud.tasks.dms_task_info"
