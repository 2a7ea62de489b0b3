"""rds_task_info's operation: the checks its argument spec cannot make, and what each option set reads."""

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import NotFoundError
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import rds_task_info
from tests.unit.plugins.fake_client import RDS_INSTANCES, FakeClient
from tests.unit.plugins.rds_answers import JOBS, TASK_CENTER, TASK_LIST, job, task, workflow
from tests.unit.plugins.results import values_and_failure


def params(**given):
    """The operation's parameters as Ansible's argument spec gives them."""
    result = ArgumentSpecValidator(rds_task_info.ARGUMENT_SPEC, **rds_task_info.ARGUMENT_RULES).validate(given)
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


def client():
    return FakeClient(routes={
        JOBS: lambda _path, query: {"job": job(query["id"], "Completed")},
        TASK_LIST: lambda _path, query: {"total_count": 1, "actions": ["Reboot"], "tasks": [task("t1")]},
        TASK_CENTER: lambda *_: workflow("j9"),
    })


def test_one_job_id_gives_job_and_jobs():
    fake = client()
    result, failure = values_and_failure(rds_task_info.run(fake, params(job_id=["j1"])))
    assert failure is None and set(result) == {"job", "jobs", "changed"}
    assert result["jobs"] == [result["job"]] and result["job"]["state"] == "succeeded"
    assert [call["path"] for call in fake.calls] == [JOBS]


def test_several_job_ids_give_only_jobs_in_the_order_asked():
    result, _failure = values_and_failure(rds_task_info.run(client(), params(job_id=["j2", "j1"])))
    assert set(result) == {"jobs", "changed"} and [record["id"] for record in result["jobs"]] == ["j2", "j1"]


def test_a_workflow_and_the_job_it_names():
    fake = client()
    result, failure = values_and_failure(rds_task_info.run(
        fake, params(instance_id="inst", workflow_id="wf", workflow_name="Resize")))
    assert failure is None and result["workflow"]["job_id"] == "j9" and result["job"]["id"] == "j9"
    assert [(call["path"], call["body"]) for call in fake.calls] == [
        (TASK_CENTER, {"workflow_id": "wf", "workflow_name": "Resize"}), (JOBS, None)]


def test_a_workflow_without_resolving_its_job():
    fake = client()
    result, _failure = values_and_failure(rds_task_info.run(
        fake, params(instance_id="inst", workflow_id="wf", resolve_job=False)))
    assert set(result) == {"workflow", "changed"} and [call["path"] for call in fake.calls] == [TASK_CENTER]


def test_otherwise_the_task_list_with_its_filters():
    fake = client()
    result, failure = values_and_failure(rds_task_info.run(
        fake, params(instance_id="inst", task_id="t1", status="running", limit=5)))
    assert failure is None
    assert (result["total"], result["actions"], [record["id"] for record in result["tasks"]]) == (1, ["Reboot"], ["t1"])
    assert fake.calls[0]["params"] == {"id": "t1", "instance_id": "inst", "status": "Running", "offset": 0, "limit": 5}


def test_an_instance_with_no_task_listed_is_looked_up_once():
    fake = FakeClient(routes={TASK_LIST: lambda *_: {"total_count": 0, "actions": [], "tasks": []}})
    result, failure = values_and_failure(rds_task_info.run(fake, params(instance_id="quiet")))
    assert failure is None and result["tasks"] == []
    assert [call["path"] for call in fake.calls] == [TASK_LIST, RDS_INSTANCES]
    busy = client()
    rds_task_info.run(busy, params(instance_id="busy"))
    assert [call["path"] for call in busy.calls] == [TASK_LIST]  # a task listed: the instance exists


def test_a_mistyped_instance_is_an_error_not_an_empty_list():
    fake = FakeClient(routes={TASK_LIST: lambda *_: {"total_count": 0, "actions": [], "tasks": []},
                              RDS_INSTANCES: lambda *_: {"instances": [], "total_count": 0}})
    with pytest.raises(NotFoundError, match=r"^no RDS instance typo in project project \(request id req-2\)$"):
        rds_task_info.run(fake, params(instance_id="typo"))


@pytest.mark.parametrize(
    "given, message",
    [
        ({"job_id": ["j1", ""]}, "job_id must not be empty: got ['j1', '']"),
        ({"instance_id": " "}, "instance_id must not be empty"),
        ({"instance_id": "inst", "workflow_id": ""}, "workflow_id must not be empty"),
        ({"task_id": ""}, "task_id must not be empty"),
        ({"order_id": ""}, "order_id must not be empty"),
        ({"limit": 0}, "limit must be from 1 to 50, got 0"),
        ({"limit": 51}, "limit must be from 1 to 50, got 51"),
        ({"offset": -1}, "offset must be 0 or more, got -1"),
    ],
)
def test_check_options_names_the_bad_option(given, message):
    assert rds_task_info.check_options(params(**given)).startswith(message)


@pytest.mark.parametrize("given", [{}, {"job_id": ["j1"]}, {"limit": 1, "offset": 0}, {"limit": 50}])
def test_check_options_passes_good_options(given):
    assert rds_task_info.check_options(params(**given)) is None


@pytest.mark.parametrize(
    "given, says",
    [
        ({"job_id": ["j1"], "status": "Running"}, "mutually exclusive: job_id|status"),
        ({"job_id": ["j1"], "instance_id": "inst"}, "mutually exclusive: job_id|instance_id"),
        ({"instance_id": "inst", "workflow_id": "wf", "limit": 5}, "mutually exclusive: workflow_id|limit"),
        ({"workflow_id": "wf"}, "missing parameter(s) required by 'workflow_id': instance_id"),
        ({"start_time": "2026-11-23 10:00:00"}, "parameters are required together: start_time, end_time"),
    ],
)
def test_the_argument_rules_refuse_options_that_do_not_go_together(given, says):
    result = ArgumentSpecValidator(rds_task_info.ARGUMENT_SPEC, **rds_task_info.ARGUMENT_RULES).validate(given)
    assert says in result.errors.msg
