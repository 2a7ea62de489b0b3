"""Injected faults: latency, gateway errors, resets, malformed and wrong-shaped bodies, HTML pages."""

import socket
import time
from urllib.parse import urlsplit

import pytest
import requests

from ansible_collections.hwcloud.tasks.emulator import ControlError

pytestmark = pytest.mark.emulator


@pytest.fixture
def job(emu):
    return emu.control("POST", "/_emulator/jobs", {"duration": 3600})


def fault(emu, **spec):
    return emu.control("POST", "/_emulator/faults", spec)


def test_latency_delays_then_answers_normally(emu, api, job):
    fault(emu, kind="latency", seconds=0.3, path="/jobs")
    started = time.monotonic()
    answer = api.job(job["id"])
    assert time.monotonic() - started >= 0.3
    assert answer.status_code == 200 and answer.json()["job"]["id"] == job["id"]


def test_throttling_answers_429_with_retry_after(emu, api, job):
    fault(emu, kind="status", status=429, retry_after=2)
    answer = api.job(job["id"])
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "2"
    assert answer.json()["error_code"] == "APIGW.0308"
    assert "throttling threshold" in answer.json()["error_msg"]
    assert answer.headers["X-Request-Id"]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_gateway_style_json(emu, api, job, status):
    fault(emu, kind="status", status=status)
    answer = api.job(job["id"])
    assert answer.status_code == status
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json()["error_code"].startswith("APIGW.")
    assert "Retry-After" not in answer.headers


def test_status_fault_defaults_to_503(emu, api, job):
    assert fault(emu, kind="status")["kind"] == "status"
    assert api.job(job["id"]).status_code == 503


def test_reset_closes_the_connection_with_a_tcp_rst(emu, api, job):
    fault(emu, kind="reset")
    with pytest.raises(requests.ConnectionError):
        api.job(job["id"])
    assert api.job(job["id"]).status_code == 200, "the next request is served"

    fault(emu, kind="reset")
    url = urlsplit(emu.url)
    with socket.create_connection((url.hostname, url.port), timeout=5) as raw:
        raw.sendall(b"GET /v3/p/jobs?id=x HTTP/1.1\r\nHost: emulator\r\n\r\n")
        with pytest.raises(ConnectionResetError):
            raw.recv(1024)  # a clean close would return b"" instead
    assert emu.control("GET", "/_emulator/requests")["by_status"]["reset"] == 2


def test_malformed_answers_200_with_truncated_json(emu, api, job):
    fault(emu, kind="malformed")
    answer = api.job(job["id"])
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/json"
    assert answer.text.startswith('{"job": ')
    with pytest.raises(ValueError):
        answer.json()


def test_html_answers_a_load_balancer_page(emu, api, job):
    fault(emu, kind="html", retry_after=1)
    answer = api.job(job["id"])
    assert answer.status_code == 502
    assert answer.headers["Content-Type"] == "text/html"
    assert answer.headers["Retry-After"] == "1"
    assert "<title>502 Bad Gateway</title>" in answer.text


def test_schema_answers_200_with_the_wrong_shape(emu, api, job):
    fault(emu, kind="schema", path="/jobs")
    fault(emu, kind="schema", path="/tasklist", body={"tasks": "none"})
    assert api.job(job["id"]).json() == {"job": {"id": 5}}
    assert api.tasklist().json() == {"tasks": "none"}


def test_a_fault_hits_count_matching_requests_then_goes(emu, api, job):
    fault(emu, kind="status", status=503, count=2, path="/jobs", method="get")
    assert api.tasklist().status_code == 200, "another path is not hit"
    assert api.task_center(job["instance_id"], {"workflow_id": job["id"]}).status_code == 200
    assert [api.job(job["id"]).status_code for _attempt in range(3)] == [503, 503, 200]
    assert emu.control("GET", "/_emulator/faults") == {"faults": []}


def test_a_fault_can_target_one_job_by_its_decoded_id(emu, api, job):
    other = emu.control("POST", "/_emulator/jobs", {"id": "job with spaces", "duration": 0})
    fault(emu, kind="status", status=500, path="id=job with spaces")
    assert api.job(job["id"]).status_code == 200
    assert api.job(other["id"]).status_code == 500


def test_faults_are_listed_and_cleared(emu, api, job):
    fault(emu, kind="latency", seconds=0.1, count=3)
    fault(emu, kind="schema", path="/tasklist")
    pending = emu.control("GET", "/_emulator/faults")["faults"]
    assert [(item["kind"], item["count"]) for item in pending] == [("latency", 3), ("schema", 1)]
    assert emu.control("DELETE", "/_emulator/faults") == {"faults": []}
    assert api.tasklist().json()["total_count"] == 1


def test_a_quota_throttles_each_api_beyond_its_limit_in_a_sliding_window(manual_emu, manual_api, clock):
    api = manual_api
    job = manual_emu.control("POST", "/_emulator/jobs", {"duration": 3600})
    fault(manual_emu, kind="quota", limit=3)
    assert [api.job(job["id"]).status_code for _request in range(4)] == [200, 200, 200, 429]
    assert api.tasklist().status_code == 200, "each API has its own window"
    throttled = api.job(job["id"])
    assert throttled.json()["error_code"] == "APIGW.0308" and "Retry-After" not in throttled.headers
    clock.advance(0.5)
    assert api.job(job["id"]).status_code == 429, "still three accepted within the last second"
    clock.advance(0.5)
    assert [api.job(job["id"]).status_code for _request in range(4)] == [200, 200, 200, 429], "the window slid"
    counts = manual_emu.control("GET", "/_emulator/requests")["by_status"]
    assert counts == {"200": 7, "429": 4}
    assert [item["kind"] for item in manual_emu.control("GET", "/_emulator/faults")["faults"]] == ["quota"]


def test_a_quota_can_have_its_own_window_path_and_retry_after(manual_emu, manual_api, clock):
    api = manual_api
    job = manual_emu.control("POST", "/_emulator/jobs", {"duration": 3600})
    fault(manual_emu, kind="quota", limit=1, seconds=10, path="/tasklist", retry_after=3)
    assert [api.tasklist().status_code for _request in range(2)] == [200, 429]
    assert api.tasklist().headers["Retry-After"] == "3"
    assert [api.job(job["id"]).status_code for _request in range(3)] == [200, 200, 200], "another path"
    clock.advance(9.9)
    assert api.tasklist().status_code == 429
    clock.advance(0.2)
    assert api.tasklist().status_code == 200


def test_a_throttled_request_meets_no_other_fault(manual_emu, manual_api):
    job = manual_emu.control("POST", "/_emulator/jobs", {"duration": 3600})
    fault(manual_emu, kind="quota", limit=1)
    fault(manual_emu, kind="status", status=503)
    assert [manual_api.job(job["id"]).status_code for _request in range(3)] == [503, 429, 429]


def test_faults_never_hit_the_control_api(emu):
    fault(emu, kind="status", status=500, count=5)
    assert emu.control("GET", "/_emulator/health")["status"] == "ok"


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "explode"},
        {},
        {"kind": "status", "status": 99},
        {"kind": "status", "retry_after": 1.5},
        {"kind": "latency", "seconds": -1},
        {"kind": "status", "count": 0},
        {"kind": "status", "colour": "red"},
        {"kind": "quota"},
        {"kind": "quota", "limit": 0},
        {"kind": "quota", "limit": 5, "seconds": 0},
        {"kind": "status", "limit": 5},
    ],
)
def test_bad_fault_specs_are_400(emu, spec):
    with pytest.raises(ControlError) as refused:
        fault(emu, **spec)
    assert refused.value.status == 400 and refused.value.payload["error"]
    assert emu.control("GET", "/_emulator/faults") == {"faults": []}


def test_fault_answers_are_logged_with_their_status(emu, api, job):
    fault(emu, kind="status", status=429)
    api.job(job["id"])
    api.job(job["id"])
    log = emu.control("GET", "/_emulator/requests")
    assert log["by_status"] == {"429": 1, "200": 1}
    assert log["counts"] == {"GET /v3/{project_id}/jobs": 2}
