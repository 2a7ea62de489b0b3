"""RDS: jobs by id, the task list and the task center, with the quirks of the API documents."""

import dataclasses
import itertools
import re
import time

import pytest

from ansible_collections.hwcloud.tasks.emulator.credentials import Credentials
from ansible_collections.hwcloud.tasks.emulator.store import Store

pytestmark = pytest.mark.emulator

RDS_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$")
SEED_FAILED_ID = "31 b8ae23 - c687 - 4 d80 - b7b4 - 42 a66c9bb886"


def create(emu, **spec):
    return emu.control("POST", "/_emulator/jobs", spec)


# GET /v3/{project_id}/jobs?id= --------------------------------------------------------------


def test_running_job_looks_like_the_documented_one(emu, api):
    job = create(emu, duration=3600)
    answer = api.job(job["id"])
    assert answer.status_code == 200
    body = answer.json()["job"]
    assert list(body) == ["id", "name", "status", "created", "process", "instance", "entities"]
    assert (body["id"], body["name"], body["status"]) == (job["id"], "CreateMysqlSingleHAInstance", "Running")
    assert RDS_TIME.match(body["created"])
    assert re.match(r"^\d{1,2}% $", body["process"]), "a running job's process is like '60% ', trailing space included"
    assert body["instance"] == {"id": job["instance_id"], "name": "emulator-mysql-1"}
    assert body["entities"] == {"instance": {"type": "Single", "datastore": {"type": "mysql", "version": "8.0"}}}


def test_completed_job_has_empty_process_and_the_new_instance(emu, api):
    job = create(emu, duration=0)
    body = api.job(job["id"]).json()["job"]
    assert (body["status"], body["process"]) == ("Completed", "")
    assert RDS_TIME.match(body["ended"]), "a finished job says when it ended, as the official SDK's model reads it"
    assert "fail_reason" not in body
    assert body["entities"]["instance"]["endpoint"] == "192.168.1.203:3306"
    assert body["entities"]["resource_ids"] == [job["instance_id"] + ".vm", job["instance_id"] + ".volume"]


def test_failed_job_has_its_fail_reason(emu, api):
    job = create(emu, duration=0, outcome="Failed", fail_reason="createVM failed.")
    body = api.job(job["id"]).json()["job"]
    assert (body["status"], body["process"], body["fail_reason"]) == ("Failed", "", "createVM failed.")
    assert body["ended"] == body["created"]  # a job of 0 s ends as it starts


def test_other_jobs_have_empty_or_given_entities(emu, api):
    restart = create(emu, name="RestartMysqlInstance", duration=0)
    eip = create(emu, name="MysqlBindEIP", duration=0, entities={"public_ip": "10.10.10.1"})
    assert api.job(restart["id"]).json()["job"]["entities"] == {}
    assert api.job(eip["id"]).json()["job"]["entities"] == {"public_ip": "10.10.10.1"}


@pytest.mark.parametrize("job_id", [SEED_FAILED_ID, "tâche/ü 100%?&=#"])
def test_ids_are_opaque_strings(emu, api, job_id):
    create(emu, id=job_id, duration=0)
    assert api.job(job_id).json()["job"]["id"] == job_id


def test_unknown_job_is_a_dbs_404(emu, api):
    answer = api.job("no-such-job")
    assert answer.status_code == 404
    assert answer.json() == {"error_code": "DBS.280238", "error_msg": "The job does not exist."}


def test_missing_id_is_a_parameter_error(emu, api):
    for params in ({}, {"id": ""}):
        answer = api.get("/v3/{project_id}/jobs", params)
        assert answer.status_code == 400
        assert answer.json()["error_code"] == "DBS.200001"


def test_wrong_project_is_refused_in_rds_style(emu, api):
    job = create(emu, duration=0)
    answer = api.get("/v3/0000000000000000000000000000000f/jobs", {"id": job["id"]})
    assert answer.status_code == 403
    assert answer.json()["error_code"].startswith("DBS.")


def test_new_job_is_invisible_for_visible_after_seconds(manual_emu, manual_api, clock):
    api = manual_api
    job = create(manual_emu, duration=3600, visible_after=20)
    clock.advance(19)
    assert api.job(job["id"]).status_code == 404
    assert api.tasklist(id=job["id"]).json()["total_count"] == 0
    assert api.task_center(job["instance_id"], {"workflow_id": job["id"]}).status_code == 404
    clock.advance(1)
    assert api.job(job["id"]).status_code == 200
    assert api.tasklist(id=job["id"]).json()["total_count"] == 1
    assert api.task_center(job["instance_id"], {"workflow_id": job["id"]}).status_code == 200


def test_progress_climbs_unevenly_and_never_reaches_100_while_running(manual_emu, manual_api, clock):
    duration = 200
    job = create(manual_emu, id="progress", duration=duration)
    seen = []
    for _second in range(duration):  # a reading every half percent of the job's life
        body = manual_api.job(job["id"]).json()["job"]
        assert body["status"] == "Running"
        seen.append(int(body["process"].rstrip("% ")))
        clock.advance(1)
    body = manual_api.job(job["id"]).json()["job"]
    assert body["status"] == "Completed" and body["process"] == ""
    assert seen == sorted(seen) and max(seen) < 100
    steps = {later - earlier for earlier, later in itertools.pairwise(seen) if later != earlier}
    assert len(steps) >= 2, "progress should rise in uneven steps, saw %s" % seen


def test_a_job_can_end_off_plan(manual_emu, manual_api, clock):
    """planned_duration: progress and the task list's planned end follow the plan, the outcome the duration."""
    early = create(manual_emu, duration=90, planned_duration=1800, outcome="Failed")
    assert (early["duration"], early["planned_duration"]) == (90.0, 1800.0)
    on_plan = create(manual_emu, duration=1800)
    assert on_plan["planned_duration"] == 1800.0
    clock.advance(89)
    tasks = {task["id"]: task for task in manual_api.tasklist().json()["tasks"]}
    assert tasks[early["id"]]["end_time"] == tasks[on_plan["id"]]["end_time"], "both planned for 1800 s"
    job = manual_emu.app.store.job(early["id"])
    as_planned = dataclasses.replace(job, duration=1800.0, planned_duration=None)
    assert tasks[early["id"]]["process"] == str(as_planned.percent(89)), "its progress follows the plan"
    clock.advance(1)
    ended = {task["id"]: task for task in manual_api.tasklist().json()["tasks"]}[early["id"]]
    assert ended["status"] == "Failed" and ended["end_time"] < tasks[early["id"]]["end_time"]


def test_progress_is_reproducible_from_the_seed_and_the_job_id():
    def curve(seed):
        store = Store(Credentials(), seed=seed)
        instance = store.add_instance()
        spec = dict(name="x", duration=60, outcome="Completed", fail_reason=None, visible_after=0, entities=None)
        store.add_job(instance_id=instance.id, job_id="job-1", workflow_id=None, order_id=None, **spec)
        return store.job("job-1").curve

    assert curve(7) == curve(7)
    assert curve(7) != curve(8)


# GET /v3/{project_id}/tasklist -------------------------------------------------------------


def test_task_list_entry_shape(emu, api):
    running = create(emu, duration=3600, order_id="CS2506041000FOJXC")
    failed = create(emu, duration=0, outcome="Failed", instance_id=running["instance_id"])
    body = api.tasklist().json()
    assert body["total_count"] == 2 and body["actions"] == ["CreateMysqlSingleHAInstance"]
    newest, oldest = body["tasks"]
    assert newest["id"] == failed["id"] and oldest["id"] == running["id"], "newest first"
    assert list(oldest) == ["id", "name", "instance_id", "instance_name", "instance_status", "order_id", "process"] + [
        "create_time",
        "end_time",
        "status",
    ]
    assert (oldest["status"], oldest["instance_status"], oldest["order_id"]) == (
        "Running",
        "BUILD",
        "CS2506041000FOJXC",
    )
    assert re.match(r"^\d{1,2}$", oldest["process"]), "no % sign in the task list"
    assert RDS_TIME.match(oldest["create_time"]) and RDS_TIME.match(oldest["end_time"])
    assert (newest["status"], newest["process"], newest["fail_reason"]) == ("Failed", "", "createVM failed.")
    assert newest["instance_status"] == "CREATE FAIL"
    assert re.match(r"^CS\d{10}[A-Z]{5}$", newest["order_id"])


def test_instance_status_follows_the_job(emu, api):
    create(emu, name="RestartMysqlInstance", duration=3600)
    create(emu, name="RestartMysqlInstance", duration=0)
    create(emu, name="ResizeFlavor", duration=0, outcome="Failed")
    statuses = [task["instance_status"] for task in api.tasklist().json()["tasks"]]
    assert statuses == ["FAILED", "ACTIVE", "REBOOTING"]


def test_paging_offset_n_starts_from_record_n_plus_1(emu, api):
    ids = [job["id"] for job in create(emu, duration=0, count=25)][::-1]  # newest first
    assert [task["id"] for task in api.tasklist().json()["tasks"]] == ids[:10]
    assert [task["id"] for task in api.tasklist(offset=10, limit=10).json()["tasks"]] == ids[10:20]
    last = api.tasklist(offset=20, limit=50).json()
    assert [task["id"] for task in last["tasks"]] == ids[20:] and last["total_count"] == 25
    assert api.tasklist(offset=30).json()["tasks"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 51},
        {"limit": "ten"},
        {"offset": -1},
        {"status": "Done"},
        {"start_time": 1},
        {"start_time": "yesterday", "end_time": 2},
    ],
)
def test_bad_task_list_parameters_are_400(emu, api, params):
    answer = api.tasklist(**params)
    assert answer.status_code == 400
    assert answer.json()["error_code"] == "DBS.200001"


def test_filters_are_exact_matches(emu, api):
    first = create(emu, duration=3600, order_id="CS1")
    second = create(emu, duration=0, name="RestartMysqlInstance", order_id="CS2")
    third = create(emu, duration=0, outcome="Failed", instance_id=second["instance_id"], order_id="CS3")

    def ids(**params):
        return [task["id"] for task in api.tasklist(**params).json()["tasks"]]

    assert ids(id=first["id"]) == [first["id"]]
    assert ids(instance_id=second["instance_id"]) == [third["id"], second["id"]]
    assert ids(order_id="CS2") == [second["id"]]
    assert ids(name="RestartMysqlInstance") == [second["id"]]
    assert ids(name="Restart") == []
    assert ids(status="Running") == [first["id"]]
    assert ids(status="Completed") == [second["id"]]
    assert ids(status="Failed") == [third["id"]]
    assert api.tasklist(status="Failed").json()["actions"] == ["CreateMysqlSingleHAInstance"]


def test_time_window_filters_on_creation_time_in_milliseconds(emu, api):
    before = int(time.time() * 1000) - 1000
    job = create(emu, duration=0)
    after = int(time.time() * 1000) + 1000
    assert [task["id"] for task in api.tasklist(start_time=before, end_time=after).json()["tasks"]] == [job["id"]]
    assert api.tasklist(start_time=after, end_time=after + 1000).json()["total_count"] == 0
    assert api.tasklist(end_time=before).json()["total_count"] == 0


def test_open_telekom_cloud_style_times_and_order_ids(emu, api):
    job = create(emu, duration=20)  # ends 1 s after it starts, at speed 20
    emu.control("POST", "/_emulator/settings", {"time_format": "epoch_ms", "order_id_empty": True})
    task = api.tasklist().json()["tasks"][0]
    assert task["order_id"] == ""
    assert task["create_time"].isdigit() and task["end_time"].isdigit()
    assert abs(int(task["create_time"]) / 1000 - time.time()) < 60
    assert 900 <= int(task["end_time"]) - int(task["create_time"]) <= 1100
    assert api.tasklist(order_id=job["order_id"]).json()["total_count"] == 1, "the filter still uses the real id"


# POST /v3/{project_id}/instances/{instance_id}/task-center-detail ---------------------------


@pytest.mark.parametrize("workflow_name", ["CreateMysqlSingleHAInstance", 3, None])
def test_task_center_detail(emu, api, workflow_name):
    job = create(emu, duration=3600)
    body = {"workflow_id": job["id"]}
    if workflow_name is not None:
        body["workflow_name"] = workflow_name  # documented as an Integer, really a name: both pass
    answer = api.task_center(job["instance_id"], body)
    assert answer.status_code == 200
    detail = answer.json()
    assert {key: detail[key] for key in ("instance_id", "instance_name", "job_id", "job_name", "status")} == {
        "instance_id": job["instance_id"],
        "instance_name": "emulator-mysql-1",
        "job_id": job["id"],
        "job_name": "CreateMysqlSingleHAInstance",
        "status": "Running",
    }
    assert RDS_TIME.match(detail["created_at"]) and RDS_TIME.match(detail["update_at"])
    assert re.match(r"^\d{1,2}%$", detail["process"])
    (first,) = detail["sub_task_list"]  # at speed 20, the second half starts 90 s from now
    assert (first["sub_task_name"], first["status"], first["show_detail"]) == ("precheck", "Running", False)
    assert first["percent"].isdigit() and first["executed_time"].isdigit() and first["remaining_time"].isdigit()


def test_task_center_sub_tasks_are_the_two_halves_of_the_job(manual_emu, manual_api, clock):
    job = create(manual_emu, duration=100, outcome="Failed")

    def sub_tasks():
        detail = manual_api.task_center(job["instance_id"], {"workflow_id": job["id"]}).json()
        return [(sub["sub_task_name"], sub["status"], sub["percent"], sub["remaining_time"])
                for sub in detail["sub_task_list"]]

    assert sub_tasks() == [("precheck", "Running", "0", "50")]
    clock.advance(75)
    assert sub_tasks() == [("precheck", "Completed", "100", "0"), ("execute", "Running", "50", "25")]
    clock.advance(25)
    assert sub_tasks() == [("precheck", "Completed", "100", "0"), ("execute", "Failed", "", "0")]


def test_task_center_answers_the_documented_four_fields_when_told(emu, api):
    job = create(emu, duration=3600)
    emu.control("POST", "/_emulator/settings", {"task_center_answer": "documented"})
    detail = api.task_center(job["instance_id"], {"workflow_id": job["id"]}).json()
    assert detail == {"instance_id": job["instance_id"], "instance_name": "emulator-mysql-1", "job_id": job["id"],
                      "job_name": "CreateMysqlSingleHAInstance"}


def test_task_center_finds_a_job_by_its_own_workflow_id(emu, api):
    job = create(emu, duration=0, workflow_id="wf-1")
    assert api.task_center(job["instance_id"], {"workflow_id": "wf-1"}).json()["job_id"] == job["id"]
    assert api.task_center(job["instance_id"], {"workflow_id": job["id"]}).status_code == 404


def test_task_center_errors(emu, api):
    job = create(emu, duration=0)
    kafka = emu.control("POST", "/_emulator/instances", {"engine": "kafka"})
    for instance_id in ("no-such-instance", kafka["id"]):
        answer = api.task_center(instance_id, {"workflow_id": job["id"]})
        assert answer.status_code == 404
        assert answer.json() == {"error_code": "DBS.200002", "error_msg": "The DB instance does not exist."}
    assert api.task_center(job["instance_id"], {"workflow_id": "nope"}).status_code == 404
    other = emu.control("POST", "/_emulator/instances", {"engine": "postgresql"})
    assert api.task_center(other["id"], {"workflow_id": job["id"]}).status_code == 404, "another instance's job"
    for body in ({}, {"workflow_id": 5}, {"workflow_id": job["id"], "workflow_name": ["x"]}):
        answer = api.task_center(job["instance_id"], body)
        assert answer.status_code == 400 and answer.json()["error_code"] == "DBS.200001"
