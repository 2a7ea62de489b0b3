"""``hwtasks wait --engine`` and ``dms-tasks --wait``: DMS waits from a shell, with the exit codes of RDS waits.

The session's emulator runs 20 times faster than real time: a 40 s task ends 2 s after it starts.
"""

import json

import pytest

from tests.cli.conftest import assert_one_line_error, explain

pytestmark = pytest.mark.emulator

ENGINES = ["kafka", "rabbitmq", "rocketmq"]
FAST = ("--poll-interval", "0.2", "--max-poll-interval", "0.5")


def dms_task(hwtasks, engine, **spec):
    return hwtasks.emu.control("POST", "/_emulator/dms-tasks", dict({"engine": engine, "duration": 40}, **spec))


@pytest.mark.parametrize("engine", ENGINES)
def test_two_tasks_are_waited_on_together(hwtasks, engine):
    first = dms_task(hwtasks, engine, duration=60)
    second = dms_task(hwtasks, engine, instance_id=first["instance_id"], duration=20)
    process, result = hwtasks.json("wait", "--engine", engine, "--instance-id", first["instance_id"], first["id"],
                                   second["id"], *FAST)
    assert process.returncode == 0, explain(process)
    assert [task["id"] for task in result["tasks"]] == [first["id"], second["id"]]
    assert {task["state"] for task in result["tasks"]} == {"succeeded"}
    assert result["failed_tasks"] == [] and result["missing_tasks"] == [] and result["timed_out"] is False
    lines = process.stderr.splitlines()
    assert lines and all(line.startswith("hwtasks: ") for line in lines), explain(process)
    assert sum("succeeded after" in line for line in lines) == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_a_task_by_name_is_waited_for_until_it_is_listed(hwtasks, engine):
    late = dms_task(hwtasks, engine, name="resizeInstance", visible_after=40, duration=60)  # listed after 2 s
    process = hwtasks("wait", "--engine", engine, "--instance-id", late["instance_id"], "--task-name",
                      "resizeInstance", *FAST)
    assert process.returncode == 0, explain(process)
    assert late["id"] in process.stdout and "succeeded" in process.stdout and "1 of 1 finished" in process.stdout
    assert "resizeInstance: not visible yet" in process.stderr, "the wait began before the task was listed"


@pytest.mark.parametrize("engine", ENGINES)
def test_an_instance_is_waited_on_until_it_runs_no_task(hwtasks, engine):
    task = dms_task(hwtasks, engine)
    dms_task(hwtasks, engine, instance_id=task["instance_id"], duration=20)
    process = hwtasks("wait", "--engine", engine, "--instance-id", task["instance_id"], *FAST)
    assert process.returncode == 0, explain(process)
    assert "instance %s runs no task" % task["instance_id"] in process.stdout
    assert "%s: idle after" % task["instance_id"] in process.stderr
    listed = json.loads(hwtasks("dms-tasks", "--engine", engine, task["instance_id"], "--json").stdout)
    assert all(listed_task["terminal"] for listed_task in listed["tasks"])


@pytest.mark.parametrize("engine", ENGINES)
def test_a_failed_task_exits_1_with_its_name_and_instance(hwtasks, engine):
    task = dms_task(hwtasks, engine, duration=10, outcome="FAILED", name="resizeInstance")
    process = hwtasks("wait", "--engine", engine, "--instance-id", task["instance_id"], task["id"], *FAST)
    assert_one_line_error(process, 1, "%s task %s (resizeInstance on instance %s) failed at "
                          % (engine, task["id"], task["instance_id"]), "status FAILED", "request id")
    process, result = hwtasks.json("wait", "--engine", engine, "--instance-id", task["instance_id"], task["id"],
                                   "--no-fail-on-failed")
    assert process.returncode == 0 and result["failed_tasks"] == [task["id"]], explain(process)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_timeout_exits_3_with_the_last_state_seen(hwtasks, engine):
    task = dms_task(hwtasks, engine, duration=36000)
    for given in ((task["id"],), ()):
        process = hwtasks("wait", "--engine", engine, "--instance-id", task["instance_id"], *given, "--timeout",
                          "1", *FAST)
        assert_one_line_error(process, 3, "timed out after 1.0 s (timeout)", task["id"])


def test_an_unknown_instance_or_task_exits_4(hwtasks):
    task = dms_task(hwtasks, "kafka", duration=0)
    process = hwtasks("wait", "--engine", "rabbitmq", "--instance-id", "no-such-instance")
    line = assert_one_line_error(process, 4, "no rabbitmq instance no-such-instance in project ",
                                 "DMS.00404022", "request id")
    assert hwtasks.emu.credentials["project_id"] in line
    process = hwtasks("wait", "--engine", "kafka", "--instance-id", task["instance_id"], "no-such-task")
    assert_one_line_error(process, 4, "no-such-task (on instance %s) is not known to the cloud" % task["instance_id"],
                          "DMS.00404050")


def test_dms_tasks_waits_on_several_tasks_or_the_instance(hwtasks):
    task = dms_task(hwtasks, "rocketmq", duration=20)
    other = dms_task(hwtasks, "rocketmq", instance_id=task["instance_id"], duration=0, outcome="CANCELLED")
    process, result = hwtasks.json("dms-tasks", "--engine", "rocketmq", task["instance_id"], task["id"], other["id"],
                                   "--wait", *FAST)
    assert process.returncode == 0, explain(process)
    assert [item["state"] for item in result["tasks"]] == ["succeeded", "cancelled"]
    assert result["msg"].endswith("; rocketmq task %s (bindInstancePublicIp on instance %s) cancelled"
                                  % (other["id"], task["instance_id"]))
    process = hwtasks("dms-tasks", "--engine", "rocketmq", task["instance_id"], "--wait", *FAST)
    assert process.returncode == 0 and "runs no task" in process.stdout, explain(process)
