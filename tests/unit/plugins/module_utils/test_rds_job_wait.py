"""rds_job_wait's instance wait: an instance seen as one task, with the planned end of its running tasks."""

from ansible_collections.hwcloud.tasks.plugins.module_utils import _records
from ansible_collections.hwcloud.tasks.plugins.module_utils._rds_job_wait import idle_record


def task(progress, end_time, status="Running"):
    return _records.rds_task({"id": "t-%s" % progress, "status": status, "process": str(progress),
                              "create_time": "2026-11-23T10:00:00+0000", "end_time": end_time})


def test_a_busy_instance_is_as_far_on_as_its_slowest_task_and_ends_with_its_latest_plan():
    record = idle_record("i", [task(70, "2026-11-23T10:20:00+0000"), task(30, 1795428600000)])  # 10:10, as epoch ms
    assert (record["state"], record["terminal"], record["progress"]) == ("running", False, 30)
    assert record["planned_end_at"] == "2026-11-23T10:20:00Z"


def test_no_planned_end_unless_every_running_task_has_one():
    assert idle_record("i", [task(70, "2026-11-23T10:20:00+0000"), task(30, "")])["planned_end_at"] is None
    assert idle_record("i", [task(70, "not a time")])["planned_end_at"] is None


def test_an_idle_instance_is_done():
    record = idle_record("i", [])
    assert (record["state"], record["terminal"], record["planned_end_at"]) == ("idle", True, None)
