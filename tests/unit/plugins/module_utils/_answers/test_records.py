"""Each API's task becomes the same normalised record, raw fields kept."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import records
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import NotFoundError

SEED_FAILED_JOB = {
    "id": "31 b8ae23 - c687 - 4 d80 - b7b4 - 42 a66c9bb886",
    "name": "CreateMysqlSingleHAInstance",
    "status": "Failed",
    "created": "2018-08-06T10:41:14+0000",
    "process": "",
    "instance": {"id": "a48e43ff268f4c0e879652d65e63d0fbin01", "name": "DO-NOT-TOUCH-mgr2-mysql-single"},
    "entities": {},
    "fail_reason": "createVM failed.",
}


@pytest.mark.parametrize(
    "status, state, terminal",
    [
        ("Running", "running", False),
        ("Completed", "succeeded", True),
        ("Failed", "failed", True),
        ("CREATED", "pending", False),
        ("EXECUTING", "running", False),
        ("SUCCESS", "succeeded", True),
        ("FAILED", "failed", True),
        ("CANCELLED", "cancelled", True),
        ("DELETED", "deleted", True),
        (" running ", "running", False),
        ("Paused", "unknown", False),
        (None, "unknown", False),
    ],
)
def test_states(status, state, terminal):
    record = records.rds_job({"id": "j", "status": status})
    assert (record["state"], record["terminal"]) == (state, terminal)


@pytest.mark.parametrize(
    "process, status, progress",
    [
        ("60% ", "Running", 60),  # the seed's trailing space
        ("60%", "Running", 60),
        ("60", "Running", 60),
        (60, "Running", 60),
        ("12.5%", "Running", 12),
        ("", "Running", None),
        ("n/a", "Running", None),
        ("150", "Running", 100),
        ("60% ", "Completed", 100),  # the seed's "running" example that says Completed: trust status
        ("", "Completed", 100),
        ("", "Failed", None),
        ("40%", "Failed", None),
    ],
)
def test_progress(process, status, progress):
    assert records.rds_job({"id": "j", "status": status, "process": process})["progress"] == progress


def test_rds_job_keeps_raw_fields_and_adds_normalised_keys():
    record = records.rds_job(SEED_FAILED_JOB)
    for key, value in SEED_FAILED_JOB.items():
        assert record[key] == value
    assert record["state"] == "failed"
    assert record["created_at"] == "2018-08-06T10:41:14Z"
    assert record["finished_at"] is None
    assert record["found"] is True


@pytest.mark.parametrize(
    "create_time, end_time",
    [
        ("2020-07-15T07:46:10+0000", "2020-07-15T09:46:10+0000"),  # Huawei Cloud
        ("1594799170000", "1594806370000"),  # Open Telekom Cloud in practice
    ],
)
def test_task_list_entries_normalise_both_clouds_alike(create_time, end_time):
    task = {"id": "t", "status": "Completed", "process": "", "order_id": "", "create_time": create_time,
            "end_time": end_time}
    record = records.rds_task(task)
    assert record["created_at"] == "2020-07-15T07:46:10Z"
    assert record["finished_at"] == "2020-07-15T09:46:10Z"
    assert record["create_time"] == create_time and record["order_id"] == ""


def test_an_rds_job_ends_when_its_ended_says_and_not_before():
    finished = records.rds_job({"id": "j", "status": "Completed", "process": "", "created": "2018-08-06T10:41:14+0000",
                                "ended": "2018-08-06T18:52:31+0800"})
    assert finished["finished_at"] == "2018-08-06T10:52:31Z" and finished["ended"] == "2018-08-06T18:52:31+0800"
    running = records.rds_job({"id": "j", "status": "Running", "process": "60% ", "ended": "2018-08-06T10:52:31+0000"})
    assert running["finished_at"] is None


def test_running_task_has_no_finish_time_even_if_planned():
    record = records.rds_task({"id": "t", "status": "Running", "process": "40", "end_time": "1594806370000"})
    assert record["finished_at"] is None and record["progress"] == 40


def test_dms_task():
    record = records.dms_task({"id": "d", "status": "SUCCESS", "created_at": "2020-06-23T03:00:03.471Z",
                               "updated_at": "2020-06-23T03:00:08.130Z"})
    assert record["state"] == "succeeded"
    assert record["created_at"] == "2020-06-23T03:00:03.471Z"
    assert record["finished_at"] == "2020-06-23T03:00:08.130Z"


def test_not_found_record_carries_the_cloud_answer():
    error = NotFoundError("GET x failed", status=404, error_code="DBS.280238", error_msg="gone", request_id="r1")
    record = records.not_found("a b", error)
    assert record["found"] is False and record["terminal"] is False and record["state"] is None
    assert (record["error_code"], record["request_id"]) == ("DBS.280238", "r1")


# The seed's task-center answer (rds-task-center-detail.txt), and the same with the SDK model's fields.
TASK_CENTER_SEED = {
    "instance_id": "1ffc4167903840cb93a3da56d28c14fdin01",
    "instance_name": "rds-mysql-2",
    "job_id": "102772a9-31fa-4129-b9f8-7638e2792f3b",
    "job_name": "CreateMysqlSingleHAInstance",
}


def test_task_center_as_documented_has_the_job_as_id_and_name_and_no_state():
    record = records.task_center(dict(TASK_CENTER_SEED))
    assert {key: record[key] for key in TASK_CENTER_SEED} == TASK_CENTER_SEED
    assert (record["id"], record["name"]) == (TASK_CENTER_SEED["job_id"], "CreateMysqlSingleHAInstance")
    assert (record["state"], record["terminal"], record["progress"], record["found"]) == ("unknown", False, None, True)
    assert "sub_task_list" not in record


def test_task_center_with_the_sdk_fields_normalises_the_job_and_its_sub_tasks():
    answer = dict(TASK_CENTER_SEED, status="Running", process="60%", created_at="2026-11-23T10:00:00+0800",
                  update_at="2026-11-23T10:05:00+0800", sub_task_list=[
                      {"sub_task_name": "precheck", "percent": "100", "status": "Completed", "remaining_time": "0"},
                      {"sub_task_name": "execute", "percent": "20", "status": "Running", "executed_time": "12",
                       "remaining_time": "48", "show_detail": False},
                  ])
    record = records.task_center(answer)
    assert (record["state"], record["progress"], record["terminal"]) == ("running", 60, False)
    assert record["created_at"] == "2026-11-23T02:00:00Z" and record["finished_at"] is None
    first, second = record["sub_task_list"]
    assert (first["state"], first["progress"], first["terminal"]) == ("succeeded", 100, True)
    assert (second["state"], second["progress"], second["terminal"]) == ("running", 20, False)
    assert second["remaining_time"] == "48" and second["sub_task_name"] == "execute"
    assert answer["sub_task_list"][1] == {"sub_task_name": "execute", "percent": "20", "status": "Running",
                                          "executed_time": "12", "remaining_time": "48", "show_detail": False}
    done = records.task_center(dict(answer, status="Completed", process=""))
    assert (done["state"], done["progress"], done["finished_at"]) == ("succeeded", 100, "2026-11-23T02:05:00Z")


def test_idle_instance_record():
    running = [records.dms_task({"id": "a", "status": "EXECUTING", "created_at": "2026-11-23T10:00:00Z"})]
    busy, idle = records.idle("inst", running), records.idle("inst", [])
    assert (busy["state"], busy["terminal"], busy["running_tasks"], busy["created_at"]) == (
        "running", False, running, "2026-11-23T10:00:00Z")
    assert (idle["state"], idle["terminal"], idle["running_tasks"], idle["progress"]) == ("idle", True, [], None)


def test_an_instance_is_as_far_on_as_its_slowest_task():
    fast, slow = dict(progress=70, created_at="a"), dict(progress=40, created_at="b")
    record = records.idle("inst", [fast, slow])
    assert (record["terminal"], record["state"], record["progress"], record["created_at"]) == (
        False, "running", 40, "b")
    assert records.idle("inst", [fast, dict(progress=None, created_at="c")])["progress"] is None


def _running_task(progress, end_time):
    return records.rds_task({"id": "t-%s" % progress, "status": "Running", "process": str(progress),
                             "create_time": "2026-11-23T10:00:00+0000", "end_time": end_time})


def test_a_busy_instance_ends_with_the_latest_planned_end_of_its_tasks():
    record = records.idle("i", [_running_task(70, "2026-11-23T10:20:00+0000"), _running_task(30, 1795428600000)])
    assert (record["state"], record["terminal"], record["progress"]) == ("running", False, 30)
    assert record["planned_end_at"] == "2026-11-23T10:20:00Z"  # the other one, as epoch ms, is 10:10


def test_no_planned_end_unless_every_unfinished_task_has_one():
    assert records.idle("i", [_running_task(70, "2026-11-23T10:20:00+0000"),
                              _running_task(30, "")])["planned_end_at"] is None
    assert records.idle("i", [_running_task(70, "not a time")])["planned_end_at"] is None
    assert records.idle("i", [])["planned_end_at"] is None
