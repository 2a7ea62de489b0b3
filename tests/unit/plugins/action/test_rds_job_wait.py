"""rds_job_wait's action plugin: on the controller the wait runs here and shows its progress in the play
output; elsewhere the module runs."""

import re

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.hwcloud.tasks.plugins.action import rds_job_wait
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import AuthenticationError
from tests.unit.plugins.action_harness import CREDENTIALS, TASK_VARS, keep_progress, make_action, use_client
from tests.unit.plugins.fake_client import FakeClient
from tests.unit.plugins.rds_answers import JOBS, jobs_running
from tests.unit.plugins.simulated_time import simulate

PREFIX = "[db1] rds_job_wait: "


def run(monkeypatch, client, **args):
    use_client(monkeypatch, client)
    return make_action(rds_job_wait.ActionModule, dict(CREDENTIALS, **args)).run(task_vars=TASK_VARS)


def test_the_wait_shows_each_jobs_progress_as_it_goes(monkeypatch):
    time = simulate(monkeypatch)
    lines = keep_progress(monkeypatch)
    result = run(monkeypatch, FakeClient(routes={JOBS: jobs_running(time, {"j1": 30, "j2": 60})}), job_id=["j1", "j2"])
    assert "failed" not in result and [job["state"] for job in result["jobs"]] == ["succeeded", "succeeded"]
    assert lines[:2] == [PREFIX + "j1: running 0% after 0 s (CreateMysqlSingleHAInstance)",
                         PREFIX + "j2: running 0% after 0 s (CreateMysqlSingleHAInstance)"]
    for key, duration in (("j1", 30), ("j2", 60)):
        shown = [line for line in lines if line.startswith(PREFIX + key + ": ")]
        seconds = [int(re.search(r" after (\d+) s", line).group(1)) for line in shown]
        assert "succeeded" in shown[-1] and duration <= seconds[-1]
        assert all(later - earlier >= 5 for earlier, later in zip(seconds[:-2], seconds[1:-1], strict=True))


def test_a_failed_job_fails_the_task_with_its_reason(monkeypatch):
    time = simulate(monkeypatch)
    keep_progress(monkeypatch)
    result = run(monkeypatch, FakeClient(routes={JOBS: jobs_running(time, {"j1": 10}, failed=("j1",))}),
                 job_id=["j1"])
    assert result["failed"] and result["failed_jobs"] == ["j1"] and result["changed"] is False
    assert result["msg"].startswith("job j1 (CreateMysqlSingleHAInstance on instance inst 'mysql-prod') failed: "
                                    "createVM failed.")


@pytest.mark.parametrize(
    "args, says",
    [
        ({"job_id": ["j1"], "instance_id": "inst"}, "parameters are mutually exclusive: job_id|instance_id"),
        ({}, "one of the following is required: job_id, instance_id"),
        ({"job_id": ["j1"], "timeout": 0}, "timeout must be a positive number of seconds, got 0"),
    ],
)
def test_options_are_checked_as_the_module_checks_them(monkeypatch, args, says):
    with pytest.raises(AnsibleActionFail) as refused:
        run(monkeypatch, FakeClient(), **args)
    assert says in refused.value.message


def test_a_cloud_error_is_a_failed_result_with_the_clouds_fields(monkeypatch):
    simulate(monkeypatch)
    refused = AuthenticationError("GET u failed", status=401, error_code="APIGW.0301",
                                  error_msg="Incorrect IAM authentication information", request_id="rid")
    result = run(monkeypatch, FakeClient(lambda *_: refused), job_id=["j1"])
    assert (result["failed"], result["msg"], result["http_status"], result["error_code"], result["request_id"]) == (
        True, str(refused), 401, "APIGW.0301", "rid")


def test_elsewhere_the_module_runs():
    action = make_action(rds_job_wait.ActionModule, {"job_id": ["j1"]}, transport="ssh")
    assert action.run(task_vars=TASK_VARS) == {"ran": "module"}
    assert action._execute_module.call_args.kwargs["module_name"] == "hwcloud.tasks.rds_job_wait"
