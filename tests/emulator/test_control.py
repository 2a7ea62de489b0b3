"""The control API: creating instances, jobs and DMS tasks, settings, the request log, reset."""

import uuid

import pytest
import requests

from tests.emulator.helpers import refused

pytestmark = pytest.mark.emulator


def test_health(emu):
    health = emu.control("GET", "/_emulator/health")
    assert health["status"] == "ok" and health["speed"] == 20


@pytest.mark.parametrize("engine", ["mysql", "postgresql", "sqlserver", "kafka", "rabbitmq", "rocketmq"])
def test_instances_of_every_engine(emu, engine):
    instance = emu.control("POST", "/_emulator/instances", {"engine": engine})
    assert instance["engine"] == engine and instance["name"]
    assert instance["id"].endswith("in01") == (engine in ("mysql", "postgresql", "sqlserver"))


def test_instance_with_its_own_id_and_name(emu):
    instance = emu.control("POST", "/_emulator/instances", {"id": "i-1", "name": "db", "engine": "postgresql"})
    assert instance == {"id": "i-1", "name": "db", "engine": "postgresql"}
    assert "already exists" in refused(emu, "POST", "/_emulator/instances", {"id": "i-1"})
    assert "engine" in refused(emu, "POST", "/_emulator/instances", {"engine": "oracle"})


def test_job_defaults(emu):
    job = emu.control("POST", "/_emulator/jobs", {})
    assert uuid.UUID(job["id"]) and job["workflow_id"] == job["id"]
    assert (job["name"], job["duration"], job["outcome"], job["fail_reason"]) == (
        "CreateMysqlSingleHAInstance",
        60.0,
        "Completed",
        None,
    )
    assert emu.control("POST", "/_emulator/jobs", {"outcome": "Failed"})["fail_reason"] == "createVM failed."


def test_jobs_in_bulk_on_one_given_instance(emu):
    jobs = emu.control("POST", "/_emulator/jobs", {"count": 3, "instance_id": "my-instance"})
    assert len(jobs) == 3 and len({job["id"] for job in jobs}) == 3
    assert {job["instance_id"] for job in jobs} == {"my-instance"}
    assert isinstance(emu.control("POST", "/_emulator/jobs", {"count": 1}), list)


@pytest.mark.parametrize(
    "body, word",
    [
        ({"duration": -1}, "duration"),
        ({"duration": "long"}, "duration"),
        ({"outcome": "Done"}, "outcome"),
        ({"count": 0}, "count"),
        ({"count": 2, "id": "x"}, "count"),
        ({"entities": []}, "entities"),
        ({"name": 5}, "name"),
        ({"durration": 5}, "unknown field"),
        ([1], "JSON object"),
    ],
)
def test_bad_job_specs_are_400_and_create_nothing(emu, body, word):
    assert word in refused(emu, "POST", "/_emulator/jobs", body)
    assert emu.control("GET", "/_emulator/requests")["counts"] == {}


def test_duplicate_job_id_and_wrong_service(emu):
    emu.control("POST", "/_emulator/jobs", {"id": "same"})
    assert "already exists" in refused(emu, "POST", "/_emulator/jobs", {"id": "same"})
    kafka = emu.control("POST", "/_emulator/instances", {"engine": "kafka"})
    assert "cannot run RDS jobs" in refused(emu, "POST", "/_emulator/jobs", {"instance_id": kafka["id"]})
    mysql = emu.control("POST", "/_emulator/instances", {"engine": "mysql"})
    assert "cannot run DMS tasks" in refused(emu, "POST", "/_emulator/dms-tasks", {"instance_id": mysql["id"]})


def test_dms_tasks(emu):
    task = emu.control("POST", "/_emulator/dms-tasks", {"engine": "rocketmq", "params": {"a": 1}})
    assert (task["engine"], task["name"], task["params"], task["outcome"]) == (
        "rocketmq",
        "bindInstancePublicIp",
        {"a": 1},
        "SUCCESS",
    )
    more = emu.control(
        "POST", "/_emulator/dms-tasks", {"instance_id": task["instance_id"], "count": 2, "outcome": "CANCELLED"}
    )
    assert [item["instance_id"] for item in more] == [task["instance_id"]] * 2
    assert "outcome" in refused(emu, "POST", "/_emulator/dms-tasks", {"outcome": "Completed"})
    assert "visible_after" in refused(emu, "POST", "/_emulator/dms-tasks", {"visible_after": -1})


def test_settings(emu):
    defaults = emu.control("POST", "/_emulator/settings", {})
    assert defaults == {"token_ttl": 86400.0, "time_format": "iso", "order_id_empty": False, "key_ttl": None,
                        "task_center_answer": "sdk", "speed": 20.0}
    changed = emu.control("POST", "/_emulator/settings", {"time_format": "epoch_ms", "token_ttl": 60})
    assert (changed["time_format"], changed["token_ttl"]) == ("epoch_ms", 60)
    for body in ({"time_format": "rfc"}, {"token_ttl": 0}, {"order_id_empty": "yes"}, {"speed": 0}, {"key_ttl": -1},
                 {"task_center_answer": "full"}):
        refused(emu, "POST", "/_emulator/settings", dict({"time_format": "iso"}, **body))
    assert emu.control("POST", "/_emulator/settings", {})["time_format"] == "epoch_ms", (
        "a refused change changes nothing"
    )


def test_request_log_counts_by_route_template(emu, api):
    job = emu.control("POST", "/_emulator/jobs", {"duration": 0})
    api.job(job["id"])
    api.job("missing")
    api.tasklist(limit=5)
    log = emu.control("GET", "/_emulator/requests")
    assert log["counts"] == {"GET /v3/{project_id}/jobs": 2, "GET /v3/{project_id}/tasklist": 1}
    assert log["by_status"] == {"200": 2, "404": 1}
    assert log["log"][0] == {
        "method": "GET",
        "path": "/v3/%s/jobs" % emu.credentials["project_id"],
        "query": "id=" + job["id"],
        "status": 200,
        "auth": "aksk",
        "credential": "access key " + emu.credentials["access_key"],
    }
    assert emu.control("DELETE", "/_emulator/requests") == {"counts": {}, "by_status": {}, "log": []}


def test_reset_forgets_everything(emu, api):
    job = emu.control("POST", "/_emulator/jobs", {"duration": 0})
    emu.control("POST", "/_emulator/faults", {"kind": "status"})
    emu.control("POST", "/_emulator/settings", {"order_id_empty": True})
    assert emu.control("POST", "/_emulator/reset") == {"reset": True}
    assert emu.control("GET", "/_emulator/faults") == {"faults": []}
    assert emu.control("POST", "/_emulator/settings", {})["order_id_empty"] is False
    assert api.job(job["id"]).status_code == 404


def test_control_body_must_be_json(emu):
    answer = requests.post(emu.url + "/_emulator/jobs", data=b"{not json", timeout=5)
    assert answer.status_code == 400 and "not JSON" in answer.json()["error"]
