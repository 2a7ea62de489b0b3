"""DMS background tasks (Kafka, RabbitMQ, RocketMQ): list and one by id, with the documented quirks."""

import datetime
import json
import re

import pytest

pytestmark = pytest.mark.emulator

DMS_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def create(emu, **spec):
    return emu.control("POST", "/_emulator/dms-tasks", spec)


def compact(moment):
    return moment.strftime("%Y%m%d%H%M%S")


@pytest.mark.parametrize("engine", ["kafka", "rabbitmq", "rocketmq"])
def test_listed_task_looks_like_the_documented_one(emu, api, engine):
    params = {"public_ip_id": "06a13350", "enable_public_ip": True}
    task = create(emu, engine=engine, duration=3600, params=params)
    answer = api.dms_tasks(task["instance_id"])
    assert answer.status_code == 200
    body = answer.json()
    assert body["task_count"] == "1", "task_count is a string"
    (listed,) = body["tasks"]
    assert list(listed) == ["id", "name", "user_name", "user_id", "params", "status", "created_at", "updated_at"]
    assert (listed["id"], listed["name"], listed["user_name"]) == (task["id"], "bindInstancePublicIp", "emulator-user")
    assert re.match(r"^[0-9a-f]{32}$", listed["user_id"])
    assert isinstance(listed["params"], str) and json.loads(listed["params"]) == params
    assert DMS_TIME.match(listed["created_at"]) and DMS_TIME.match(listed["updated_at"])


def test_task_goes_created_executing_then_its_outcome(manual_emu, manual_api, clock):
    task = create(manual_emu, duration=40, outcome="FAILED")  # CREATED for its first tenth

    def status_after(seconds):
        clock.advance(seconds)
        return manual_api.dms_task(task["instance_id"], task["id"]).json()["tasks"][0]["status"]

    assert [status_after(seconds) for seconds in (0, 3, 1, 35, 1)] == [
        "CREATED",  # 0 s
        "CREATED",  # 3 s
        "EXECUTING",  # 4 s
        "EXECUTING",  # 39 s
        "FAILED",  # 40 s
    ]
    done = manual_api.dms_task(task["instance_id"], task["id"]).json()["tasks"][0]
    assert done["updated_at"] > done["created_at"]


@pytest.mark.parametrize("outcome", ["SUCCESS", "CANCELLED"])
def test_outcomes(emu, api, outcome):
    task = create(emu, duration=0, outcome=outcome)
    assert api.dms_tasks(task["instance_id"]).json()["tasks"][0]["status"] == outcome


def test_one_task_answers_like_show_background_task(emu, api):
    task = create(emu, duration=0)
    create(emu, instance_id=task["instance_id"], duration=0)
    body = api.dms_task(task["instance_id"], task["id"]).json()
    assert body["task_count"] == "1" and [listed["id"] for listed in body["tasks"]] == [task["id"]]


def test_paging_start_is_1_based_and_offset_is_the_same_parameter(emu, api):
    tasks = create(emu, duration=0, count=15)
    instance_id = tasks[0]["instance_id"]
    ids = [task["id"] for task in tasks][::-1]  # newest first

    def page(**params):
        body = api.dms_tasks(instance_id, **params).json()
        assert body["task_count"] == "15", "the count of all tasks, not of the page"
        return [task["id"] for task in body["tasks"]]

    assert page() == ids[:10]
    assert page(start=1, limit=10) == ids[:10]
    assert page(start=11, limit=10) == ids[10:]
    assert page(offset=11, limit=10) == ids[10:]
    assert page(start=0, limit=3) == ids[:3], "start 0 reads as 1"
    assert page(start=16) == []


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 51}, {"start": "x"}, {"start": -1}, {"begin_time": "2020-06-23"}, {"end_time": "2020"}],
)
def test_bad_parameters_are_dms_400s(emu, api, params):
    task = create(emu, duration=0)
    answer = api.dms_tasks(task["instance_id"], **params)
    assert answer.status_code == 400
    assert answer.json()["error_code"] == "DMS.00400002"


def test_time_window_is_utc_yyyymmddhhmmss_on_creation(emu, api):
    task = create(emu, duration=0)
    now = datetime.datetime.now(datetime.UTC)
    minute = datetime.timedelta(minutes=1)

    def count(**params):
        return api.dms_tasks(task["instance_id"], **params).json()["task_count"]

    assert count(begin_time=compact(now - minute), end_time=compact(now + minute)) == "1"
    assert count(begin_time=compact(now + minute)) == "0"
    assert count(end_time=compact(now - minute)) == "0"


def test_unknown_instance_and_task_are_dms_404s(emu, api):
    task = create(emu, duration=0)
    mysql = emu.control("POST", "/_emulator/instances", {"engine": "mysql"})
    for instance_id in ("no-such-instance", mysql["id"]):
        answer = api.dms_tasks(instance_id)
        assert answer.status_code == 404
        assert answer.json() == {"error_code": "DMS.00404022", "error_msg": "The instance does not exist."}
    answer = api.dms_task(task["instance_id"], "no-such-task")
    assert answer.status_code == 404 and answer.json()["error_code"].startswith("DMS.")
    other = create(emu, duration=0)
    assert api.dms_task(other["instance_id"], task["id"]).status_code == 404, "another instance's task"


def test_wrong_project_is_refused_in_dms_style(emu, api):
    task = create(emu, duration=0)
    answer = api.get("/v2/0000000000000000000000000000000f/instances/%s/tasks" % task["instance_id"])
    assert answer.status_code == 403 and answer.json()["error_code"].startswith("DMS.")


def test_a_task_created_to_appear_late_is_neither_listed_nor_shown_until_then(manual_emu, manual_api, clock):
    task = create(manual_emu, duration=40, visible_after=10, name="resizeInstance")
    assert task["visible_after"] == 10

    def seen():
        listed = manual_api.dms_tasks(task["instance_id"]).json()
        shown = manual_api.dms_task(task["instance_id"], task["id"]).status_code
        return listed["task_count"], [item["id"] for item in listed["tasks"]], shown

    assert seen() == ("0", [], 404)
    clock.advance(9.9)
    assert seen() == ("0", [], 404)
    clock.advance(0.1)
    assert seen() == ("1", [task["id"]], 200)


# GET /v2/{project_id}/instances/{instance_id} -----------------------------------------------------


@pytest.mark.parametrize("engine, says", [("kafka", "kafka"), ("rabbitmq", "rabbitmq"), ("rocketmq", "reliability")])
def test_show_instance_of_each_engine(emu, api, engine, says):
    instance = emu.control("POST", "/_emulator/instances", {"engine": engine, "name": "mq-1"})
    answer = api.get("/v2/{project_id}/instances/%s" % instance["id"])
    assert answer.status_code == 200
    body = answer.json()
    shown = (body["instance_id"], body["name"], body["engine"], body["status"])
    assert shown == (instance["id"], "mq-1", says, "RUNNING")
    assert body["engine_version"] and body["user_name"] == "emulator-user"


def test_show_instance_of_an_unknown_or_rds_instance_is_dms_00404022(emu, api):
    mysql = emu.control("POST", "/_emulator/instances", {"engine": "mysql"})
    for instance_id in ("no-such-instance", mysql["id"]):
        answer = api.get("/v2/{project_id}/instances/%s" % instance_id)
        assert answer.status_code == 404
        assert answer.json() == {"error_code": "DMS.00404022", "error_msg": "The instance does not exist."}
    answer = api.get("/v2/0000000000000000000000000000000f/instances/%s" % mysql["id"])
    assert answer.status_code == 403 and answer.json()["error_code"] == "DMS.00403001"
