"""Each API's task becomes the same normalised record, raw fields kept."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils import _records
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
    record = _records.rds_job({"id": "j", "status": status})
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
    assert _records.rds_job({"id": "j", "status": status, "process": process})["progress"] == progress


def test_rds_job_keeps_raw_fields_and_adds_normalised_keys():
    record = _records.rds_job(SEED_FAILED_JOB)
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
    record = _records.rds_task(task)
    assert record["created_at"] == "2020-07-15T07:46:10Z"
    assert record["finished_at"] == "2020-07-15T09:46:10Z"
    assert record["create_time"] == create_time and record["order_id"] == ""


def test_running_task_has_no_finish_time_even_if_planned():
    record = _records.rds_task({"id": "t", "status": "Running", "process": "40", "end_time": "1594806370000"})
    assert record["finished_at"] is None and record["progress"] == 40


def test_dms_task():
    record = _records.dms_task({"id": "d", "status": "SUCCESS", "created_at": "2020-06-23T03:00:03.471Z",
                                "updated_at": "2020-06-23T03:00:08.130Z"})
    assert record["state"] == "succeeded"
    assert record["created_at"] == "2020-06-23T03:00:03.471Z"
    assert record["finished_at"] == "2020-06-23T03:00:08.130Z"


def test_not_found_record_carries_the_cloud_answer():
    error = NotFoundError("GET x failed", status=404, error_code="DBS.280238", error_msg="gone", request_id="r1")
    record = _records.not_found("a b", error)
    assert record["found"] is False and record["terminal"] is False and record["state"] is None
    assert (record["error_code"], record["request_id"]) == ("DBS.280238", "r1")
