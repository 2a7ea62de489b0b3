"""``hwtasks job``, ``tasks`` and ``dms-tasks``: what they show, as a table and as JSON."""

import uuid

import pytest

from tests.cli.conftest import assert_one_line_error, explain

pytestmark = pytest.mark.emulator

# The seed's "failed" job id holds spaces: ids are opaque text.
SPACED_ID = "31 b8ae23 - c687 - 4 d80 - b7b4 - 42 a66c9bb886 %s"


def rows(process):
    """The table's lines split on runs of two spaces or more: [header, row, ...]."""
    return [[cell.strip() for cell in line.split("  ") if cell.strip()] for line in process.stdout.splitlines()]


def test_job_table_shows_state_progress_and_fail_reason(hwtasks):
    running = hwtasks.job()
    failed = hwtasks.job(id=SPACED_ID % uuid.uuid4().hex[:6], duration=0, outcome="Failed", fail_reason="disk full")
    process = hwtasks("job", running["id"], failed["id"])
    assert process.returncode == 0, explain(process)
    header, first, second = rows(process)
    assert header[:4] == ["ID", "NAME", "STATE", "PROGRESS"] and "REASON" in header
    assert first[:3] == [running["id"], "CreateMysqlSingleHAInstance", "running"] and first[3].endswith("%")
    assert second[0] == failed["id"] and "failed" in second and second[-1] == "disk full"


def test_job_json_is_the_modules_records(hwtasks):
    job = hwtasks.job(duration=0)
    process, result = hwtasks.json("job", job["id"])
    assert process.returncode == 0, explain(process)
    [record] = result["jobs"]
    assert record["id"] == job["id"] and record["status"] == "Completed"  # the cloud's own fields
    assert record["state"] == "succeeded" and record["progress"] == 100 and record["terminal"] is True
    assert record["created_at"].endswith("Z")


def test_an_unknown_job_is_shown_as_not_found_and_exits_4(hwtasks):
    known = hwtasks.job(duration=0)
    process, result = hwtasks.json("job", known["id"], "no-such-job")
    assert process.returncode == 4, explain(process)
    assert [job["found"] for job in result["jobs"]] == [True, False]
    assert result["jobs"][1]["error_code"].startswith("DBS.")
    table = hwtasks("job", "no-such-job")
    assert "not found" in table.stdout and "DBS." in table.stdout
    assert_one_line_error(table, 4, "not known to the cloud: job no-such-job (DBS.", "request id")


def test_tasks_filters_pages_and_time_formats(hwtasks):
    instance = "cli%sin01" % uuid.uuid4().hex
    for outcome in ("Completed", "Failed", "Completed"):
        hwtasks.job(instance_id=instance, duration=0, outcome=outcome)
    process, result = hwtasks.json("tasks", "--instance-id", instance)
    assert process.returncode == 0, explain(process)
    assert result["total"] == 3 and {task["instance_id"] for task in result["tasks"]} == {instance}

    failed = hwtasks.json("tasks", "--instance-id", instance, "--status", "FAILED")[1]
    assert [task["state"] for task in failed["tasks"]] == ["failed"]

    page = hwtasks("tasks", "--instance-id", instance, "--limit", "2", "--offset", "1")
    assert page.returncode == 0 and len(rows(page)) == 1 + 2 + 1, explain(page)
    assert "(2 of 3 tasks" in page.stdout

    hwtasks.emu.control("DELETE", "/_emulator/requests")
    window = hwtasks("tasks", "--instance-id", instance, "--start-time", "2000-01-01 00:00:00",
                     "--end-time", "4102444800000")
    assert window.returncode == 0 and len(rows(window)) == 4, explain(window)
    sent = str(hwtasks.emu.control("GET", "/_emulator/requests"))
    assert "start_time=946684800000" in sent and "end_time=4102444800000" in sent  # as rds_task_info sends them


def test_dms_tasks_list_show_and_wait(hwtasks):
    task = hwtasks.emu.control("POST", "/_emulator/dms-tasks", {"engine": "rabbitmq", "duration": 20})
    listing = hwtasks("dms-tasks", "--engine", "rabbitmq", task["instance_id"])
    assert listing.returncode == 0 and task["id"] in listing.stdout, explain(listing)

    shown, result = hwtasks.json("dms-tasks", "--engine", "rabbitmq", task["instance_id"], task["id"])
    assert shown.returncode == 0 and result["task"]["id"] == task["id"] and result["task"]["found"], explain(shown)

    waited, result = hwtasks.json("dms-tasks", "--engine", "rabbitmq", task["instance_id"], task["id"], "--wait",
                                  "--poll-interval", "0.2")
    assert waited.returncode == 0 and result["task"]["state"] == "succeeded" and not result["timed_out"]


def test_a_failed_dms_task_fails_the_wait(hwtasks):
    task = hwtasks.emu.control("POST", "/_emulator/dms-tasks", {"duration": 0, "outcome": "FAILED"})
    process = hwtasks("dms-tasks", "--engine", "kafka", task["instance_id"], task["id"], "--wait")
    assert_one_line_error(process, 1, task["id"], "FAILED")


def test_an_unknown_dms_task_is_a_cloud_error_when_waited_on(hwtasks):
    task = hwtasks.emu.control("POST", "/_emulator/dms-tasks", {"duration": 0})
    process = hwtasks("dms-tasks", "--engine", "kafka", task["instance_id"], "no-such-task", "--wait")
    assert_one_line_error(process, 4, "not known to the cloud", "DMS.", "request id")
