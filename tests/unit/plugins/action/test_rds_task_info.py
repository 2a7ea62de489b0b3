"""rds_task_info's action plugin: on the controller the read runs here; elsewhere the module runs."""

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.hwcloud.tasks.plugins.action import rds_task_info
from tests.unit.plugins.action_harness import CREDENTIALS, TASK_VARS, make_action, use_client
from tests.unit.plugins.fake_client import FakeClient
from tests.unit.plugins.rds_answers import JOBS, job, unknown


def run(monkeypatch, client, **args):
    use_client(monkeypatch, client)
    return make_action(rds_task_info.ActionModule, dict(CREDENTIALS, **args)).run(task_vars=TASK_VARS)


def test_jobs_are_read_here(monkeypatch):
    client = FakeClient(routes={JOBS: lambda _path, params: {"job": job(params["id"], "Running", "60% ")}})
    result = run(monkeypatch, client, job_id=["j1"])
    assert "failed" not in result and result["changed"] is False
    assert (result["job"]["id"], result["job"]["progress"], result["jobs"]) == ("j1", 60, [result["job"]])


def test_an_unknown_job_is_a_result_not_a_failure(monkeypatch):
    result = run(monkeypatch, FakeClient(lambda *_: unknown()), job_id=["j1"])
    assert "failed" not in result and result["job"]["found"] is False


@pytest.mark.parametrize(
    "args, says",
    [
        ({"workflow_id": "wf"}, "missing parameter(s) required by 'workflow_id': instance_id"),
        ({"job_id": ["j1"], "status": "Running"}, "parameters are mutually exclusive: job_id|status"),
        ({"limit": 0}, "limit must be from 1 to 50, got 0"),
    ],
)
def test_options_are_checked_as_the_module_checks_them(monkeypatch, args, says):
    with pytest.raises(AnsibleActionFail) as refused:
        run(monkeypatch, FakeClient(), **args)
    assert says in refused.value.message


def test_a_cloud_error_is_a_failed_result_with_the_clouds_fields(monkeypatch):
    gone = unknown("DBS.280343", "The instance does not exist.")
    result = run(monkeypatch, FakeClient(lambda *_: gone), instance_id="inst")
    assert (result["failed"], result["msg"], result["http_status"], result["error_code"], result["request_id"]) == (
        True, str(gone), 404, "DBS.280343", "rid")


def test_elsewhere_the_module_runs():
    action = make_action(rds_task_info.ActionModule, {"job_id": ["j1"]}, transport="ssh")
    assert action.run(task_vars=TASK_VARS) == {"ran": "module"}
    assert action._execute_module.call_args.kwargs["module_name"] == "hwcloud.tasks.rds_task_info"
