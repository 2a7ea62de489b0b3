"""The RDS task APIs: which errors mean an unknown job, the requests each call makes, paging, records."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError, HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import rds
from tests.unit.plugins.fake_client import FakeClient
from tests.unit.plugins.rds_answers import JOBS, TASK_CENTER, TASK_LIST, job, task, unknown, workflow


@pytest.mark.parametrize("status, code, unknown_job", [(404, "DBS.280238", True), (404, "RDS.0404", True),
                                                       (400, "DBS.200001", True), (404, "APIGW.0101", False),
                                                       (400, "APIGW.0201", False), (404, None, False)])
def test_which_errors_mean_an_unknown_job(status, code, unknown_job):
    assert rds.is_unknown(HwCloudError("x", status=status, error_code=code)) is unknown_job


# --- get_job / get_jobs ----------------------------------------------------------------------------


def test_get_job_asks_by_id_and_answers_the_normalised_record():
    client = FakeClient(routes={JOBS: lambda _path, params: {"job": job(params["id"], "Running", "60% ")}})
    record = rds.get_job(client, "31 b8ae23")
    assert client.calls == [dict(service="rds", method="GET", path=JOBS, path_params=None,
                                 params={"id": "31 b8ae23"}, body=None)]
    assert (record["id"], record["state"], record["progress"], record["found"]) == ("31 b8ae23", "running", 60, True)
    assert record["status"] == "Running" and record["instance"]["name"] == "mysql-prod"


def test_an_unknown_job_is_a_record_not_an_error():
    record = rds.get_job(FakeClient(lambda *_: unknown()), "j1")
    assert (record["found"], record["terminal"], record["state"]) == (False, False, None)
    assert (record["error_code"], record["error_msg"], record["request_id"]) == (
        "DBS.280238", "The job does not exist.", "rid")


@pytest.mark.parametrize("answer", [{"job": {}}, {"job": None}, {}], ids=["empty job", "null job", "no job"])
def test_an_answer_without_a_job_means_the_job_is_unknown(answer):
    record = rds.get_job(FakeClient(lambda *_: answer), "j1")
    assert record["found"] is False and record["request_id"] == "req-1"


def test_errors_about_the_request_are_raised():
    gateway = HwCloudError("GET ... failed", status=404, error_code="APIGW.0101", error_msg="API not found")
    with pytest.raises(HwCloudError) as raised:
        rds.get_job(FakeClient(lambda *_: gateway), "j1")
    assert raised.value is gateway


def test_get_jobs_answers_in_the_order_asked():
    client = FakeClient(lambda _path, params: {"job": job(params["id"], "Completed")})
    ids = ["j%d" % number for number in range(20)]
    assert [record["id"] for record in rds.get_jobs(client, ids)] == ids
    assert sorted(call["params"]["id"] for call in client.calls) == sorted(ids)


# --- task_list_query -------------------------------------------------------------------------------


def test_task_list_query_drops_unset_filters_and_spells_the_status_as_the_api_does():
    assert rds.task_list_query() == {}
    assert rds.task_list_query(id="t", instance_id="i", order_id="o", name="n", status=" running ") == {
        "id": "t", "instance_id": "i", "order_id": "o", "name": "n", "status": "Running"}
    assert rds.task_list_query(status="FAILED") == {"status": "Failed"}


def test_task_list_query_sends_times_as_epoch_milliseconds():
    query = rds.task_list_query(start_time="2026-11-23T18:00:00+08:00", end_time="2026-11-23 10:00:01")
    assert query == {"start_time": 1795428000000, "end_time": 1795428001000}


@pytest.mark.parametrize(
    "filters, message",
    [
        ({"status": "Done"}, "status must be one of Running, Completed, Failed (any case), got 'Done'"),
        ({"start_time": "2026-11-23 10:00:00"}, "start_time and end_time go together"),
        ({"end_time": "2026-11-23 10:00:00"}, "start_time and end_time go together"),
        ({"start_time": "yesterday", "end_time": "2026-11-23 10:00:00"}, "start_time: 'yesterday' is not a time"),
        ({"start_time": "2026-11-24 00:00:00", "end_time": "2026-11-23 00:00:00"},
         "start_time (2026-11-24 00:00:00) is after end_time (2026-11-23 00:00:00)"),
    ],
)
def test_task_list_query_refuses_bad_filters_before_any_request(filters, message):
    with pytest.raises(ConfigurationError) as refused:
        rds.task_list_query(**filters)
    assert message in str(refused.value)


# --- list_tasks ------------------------------------------------------------------------------------


def task_list(tasks, total=None, actions=("CreateInstance",)):
    """``TASK_LIST`` route answering pages of ``tasks`` by offset and limit."""

    def answer(_path, params):
        page = tasks[params["offset"]:params["offset"] + params["limit"]]
        return {"total_count": len(tasks) if total is None else total, "actions": list(actions), "tasks": page}
    return answer


def test_every_page_is_read_with_the_filters():
    client = FakeClient(routes={TASK_LIST: task_list([task("t%03d" % n) for n in range(120)])})
    tasks, total, actions = rds.list_tasks(client, {"instance_id": "inst"})
    assert (len(tasks), total, actions) == (120, 120, ["CreateInstance"])
    assert [record["id"] for record in tasks] == ["t%03d" % n for n in range(120)]
    assert sorted((call["params"]["offset"], call["params"]["limit"]) for call in client.calls) == [
        (0, 50), (50, 50), (100, 50)]
    assert all(call["params"]["instance_id"] == "inst" for call in client.calls)
    assert tasks[0]["state"] == "running" and tasks[0]["progress"] == 40


def test_a_short_first_page_is_the_only_one():
    client = FakeClient(routes={TASK_LIST: task_list([task("t1")], total=80)})
    tasks, total, _actions = rds.list_tasks(client, {})
    assert (len(tasks), total, len(client.calls)) == (1, 80, 1)


def test_a_task_seen_on_two_pages_is_kept_once_and_actions_once():
    pages = {0: [task("t%02d" % n) for n in range(50)], 50: [task("t49"), task("t50")]}
    client = FakeClient(routes={TASK_LIST: lambda _path, params: {
        "total_count": 52, "actions": ["Resize", "Reboot"] if params["offset"] else ["Reboot"],
        "tasks": pages[params["offset"]]}})
    tasks, total, actions = rds.list_tasks(client, {})
    assert [record["id"] for record in tasks] == ["t%02d" % n for n in range(51)]
    assert (total, actions) == (52, ["Reboot", "Resize"])


@pytest.mark.parametrize("offset, limit, sent", [(10, None, (10, 50)), (None, 5, (0, 5)), (0, 1, (0, 1))])
def test_offset_or_limit_reads_one_page(offset, limit, sent):
    client = FakeClient(routes={TASK_LIST: task_list([task("t%02d" % n) for n in range(60)])})
    tasks, total, _actions = rds.list_tasks(client, {}, offset=offset, limit=limit)
    assert [(call["params"]["offset"], call["params"]["limit"]) for call in client.calls] == [sent]
    assert (len(tasks), total) == (min(sent[1], 60 - sent[0]), 60)


def test_a_list_without_tasks_or_total_is_an_empty_page():
    assert rds.list_tasks(FakeClient(lambda *_: {"tasks": None}), {"instance_id": "x"}) == ([], 0, [])


# --- task_center_detail ----------------------------------------------------------------------------


def test_task_center_detail_posts_the_workflow_with_its_name_as_a_string():
    client = FakeClient(routes={TASK_CENTER: lambda *_: workflow("j1")})
    record = rds.task_center_detail(client, "inst 1", "wf", 7)
    assert client.calls == [dict(service="rds", method="POST", path=TASK_CENTER, path_params={"instance_id": "inst 1"},
                                 params=None, body={"workflow_id": "wf", "workflow_name": "7"})]
    assert (record["job_id"], record["found"]) == ("j1", True)


def test_task_center_detail_without_a_name_sends_none():
    client = FakeClient(routes={TASK_CENTER: lambda *_: workflow()})
    rds.task_center_detail(client, "inst", "wf")
    assert client.calls[0]["body"] == {"workflow_id": "wf"}
