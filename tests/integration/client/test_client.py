"""The shared client against the emulator: auth methods, retries inside a deadline, clear errors."""

import re
import time
import uuid

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConfigurationError,
    ConnectionFailure,
    EndpointUnreachable,
    HwCloudError,
    ResponseError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import rds
from tests.integration.client.emulated import JOBS_ROUTE, client_for, count, fault, new_job, password_options

pytestmark = pytest.mark.emulator


def test_reads_a_job_with_access_keys(emu):
    job_id = new_job(emu, id="job with spaces é %s" % uuid.uuid4().hex)
    job = rds.get_job(client_for(emu), job_id)
    assert (job["id"], job["state"], job["found"]) == (job_id, "running", True)


def test_temporary_keys_need_their_security_token(emu):
    credentials = emu.credentials
    keys = dict(access_key=credentials["temp_access_key"], secret_key=credentials["temp_secret_key"])
    job_id = new_job(emu)
    assert rds.get_job(client_for(emu, security_token=credentials["security_token"], **keys), job_id)["found"]
    with pytest.raises(AuthenticationError):
        rds.get_job(client_for(emu, **keys), job_id)


def test_password_login_once_per_process_and_project_from_the_token(emu):
    job_id = new_job(emu)
    for _attempt in range(3):
        client = client_for(emu, project_id=None, **password_options(emu))
        assert rds.get_job(client, job_id)["found"]
        assert client.project_id() == emu.credentials["project_id"]
    assert count(emu, "POST /v3/auth/tokens") == 1
    assert count(emu, "GET /v3/projects") == 0


def test_expired_login_token_is_renewed_once(emu):
    job_id = new_job(emu)
    client = client_for(emu, **password_options(emu))
    assert rds.get_job(client, job_id)["found"]
    emu.control("POST", "/_emulator/tokens/expire")
    assert rds.get_job(client, job_id)["found"]
    assert count(emu, "POST /v3/auth/tokens") == 2


def test_ready_token_is_never_retried_when_refused(emu):
    with pytest.raises(AuthenticationError) as refused:
        rds.get_job(client_for(emu, access_key=None, secret_key=None, auth_token="not-a-token"), new_job(emu))
    assert refused.value.status == 401 and refused.value.error_code == "APIGW.0301"
    assert count(emu, JOBS_ROUTE) == 1


def test_wrong_secret_key_is_sent_once_and_reported_with_code_and_request_id(emu):
    with pytest.raises(AuthenticationError) as refused:
        rds.get_job(client_for(emu, secret_key="wrong"), new_job(emu))
    error = refused.value
    assert (error.status, error.error_code) == (401, "APIGW.0301")
    assert error.request_id and error.request_id in str(error)
    assert "wrong" not in str(error.as_result()).replace("wrong secret", "")
    assert count(emu, JOBS_ROUTE) == 1


def test_project_id_found_from_the_region(emu):
    client = client_for(emu, project_id=None)
    assert client.project_id() == emu.credentials["project_id"]
    assert rds.get_job(client, new_job(emu))["found"]
    assert count(emu, "GET /v3/projects") == 1


def test_unknown_region_has_no_project(emu):
    client = client_for(emu, project_id=None, region="xx-nowhere-1")
    with pytest.raises(ConfigurationError, match="no project named 'xx-nowhere-1'"):
        client.project_id()


def test_throttling_is_retried_after_retry_after(emu):
    job_id = new_job(emu)
    fault(emu, kind="status", status=429, retry_after=1, count=2)
    started = time.monotonic()
    client = client_for(emu)
    assert rds.get_job(client, job_id)["found"]
    assert time.monotonic() - started >= 2.0
    assert count(emu, JOBS_ROUTE) == 3
    assert client.requests_sent == 3


def test_a_waiter_takes_its_polls_429s_back_and_every_429_is_counted(emu):
    job_id = new_job(emu)
    client = client_for(emu)
    fault(emu, kind="status", status=429, retry_after=7, count=1)
    with client.throttling_to_caller(), pytest.raises(HwCloudError) as throttled:
        rds.get_job(client, job_id)
    assert (throttled.value.status, throttled.value.retry_after) == (429, 7.0)
    assert (count(emu, JOBS_ROUTE), client.throttled_answers) == (1, 1), "handed back at once, not retried"
    fault(emu, kind="status", status=429, retry_after=0, count=1)
    assert rds.get_job(client, job_id)["found"], "outside a waiter's poll the client retries by itself"
    assert (count(emu, JOBS_ROUTE), client.throttled_answers) == (3, 2)


@pytest.mark.parametrize("spec", [dict(kind="status", status=status) for status in (408, 500, 502, 503, 504)]
                         + [dict(kind="reset")])
def test_gateway_and_server_errors_and_resets_are_retried(emu, spec):
    job_id = new_job(emu)
    fault(emu, count=2, **spec)
    assert rds.get_job(client_for(emu), job_id)["found"]
    assert count(emu, JOBS_ROUTE) == 3


@pytest.mark.parametrize("status", [400, 403, 501])
def test_other_errors_are_not_retried(emu, status):
    fault(emu, kind="status", status=status, count=5)
    with pytest.raises(HwCloudError) as failed:
        rds.get_job(client_for(emu), new_job(emu))
    assert failed.value.status == status
    assert count(emu, JOBS_ROUTE) == 1


def test_retries_stop_at_the_deadline_with_the_last_answer(emu):
    fault(emu, kind="status", status=429, retry_after=30, count=10)
    started = time.monotonic()
    with pytest.raises(HwCloudError) as throttled:
        rds.get_job(client_for(emu), new_job(emu), deadline=time.monotonic() + 3)
    assert time.monotonic() - started < 20  # far below the 30 s Retry-After, with room for a loaded machine
    assert throttled.value.status == 429 and throttled.value.error_code == "APIGW.0308"


def test_retries_are_bounded_by_api_retries(emu):
    fault(emu, kind="status", status=503, count=10)
    with pytest.raises(HwCloudError) as unavailable:
        rds.get_job(client_for(emu, api_retries=2), new_job(emu))
    assert unavailable.value.status == 503
    assert count(emu, JOBS_ROUTE) == 3


def test_html_error_page_gives_status_and_start_of_body(emu):
    fault(emu, kind="html", count=10)
    with pytest.raises(HwCloudError) as failed:
        rds.get_job(client_for(emu, api_retries=0), new_job(emu))
    assert failed.value.status >= 400
    assert "<html" in failed.value.error_msg.lower()


def test_malformed_json_is_a_clear_error(emu):
    fault(emu, kind="malformed")
    with pytest.raises(ResponseError, match="not JSON") as failed:
        rds.get_job(client_for(emu), new_job(emu))
    assert failed.value.request_id


def test_body_that_breaks_the_schema_names_the_field(emu):
    fault(emu, kind="schema")
    with pytest.raises(ResponseError, match=r"\$\.job") as failed:
        rds.get_job(client_for(emu), new_job(emu))
    assert failed.value.request_id


def test_unknown_job_is_reported_not_raised(emu):
    job = rds.get_job(client_for(emu), "no such job")
    assert job["found"] is False and job["error_code"] and job["request_id"]


def test_invisible_job_becomes_visible(emu):
    job_id = new_job(emu, visible_after=20)  # one real second at the suite's speed
    client = client_for(emu)
    assert rds.get_job(client, job_id)["found"] is False
    time.sleep(1.5)
    assert rds.get_job(client, job_id)["found"] is True


def test_unreachable_endpoint_fails_clearly(emu):
    client = client_for(emu, endpoints={"rds": "http://127.0.0.1:9", "iam": emu.url}, api_retries=1)
    with pytest.raises(EndpointUnreachable, match=r"could not connect to 127\.0\.0\.1:9: .* \(check region, cloud "
                                                  r"or endpoints\.rds\)"):
        rds.get_job(client, "x")


def test_many_jobs_share_one_pool(emu):
    job_ids = [new_job(emu) for _job in range(20)]
    client = client_for(emu)
    jobs = rds.get_jobs(client, job_ids)
    assert [job["id"] for job in jobs] == job_ids
    assert client.requests_sent == 20


def test_read_timeout_is_retried_then_reported(emu):
    fault(emu, kind="latency", seconds=3, count=10)
    started = time.monotonic()
    with pytest.raises(ConnectionFailure, match="no answer within 1.0 s"):
        rds.get_job(client_for(emu, api_timeout=1, api_retries=1), "job")
    assert time.monotonic() - started < 20  # two 1 s tries, not the 3 s answers, with room for a loaded machine
    # The emulator still answers both tries, late: let it, so that no later test sees them in its log.
    while count(emu, JOBS_ROUTE) < 2 and time.monotonic() - started < 30:
        time.sleep(0.2)


def test_tls_is_verified_by_default_and_trusts_ca_path():
    from ansible_collections.hwcloud.tasks.emulator import Emulator

    with Emulator(speed=20.0, tls=True) as secure:
        job_id = new_job(secure)
        with pytest.raises(ConnectionFailure, match="TLS certificate verification failed.*ca_path"):
            rds.get_job(client_for(secure, api_retries=0), job_id)
        assert rds.get_job(client_for(secure, ca_path=secure.ca_file), job_id)["found"]
        assert rds.get_job(client_for(secure, validate_certs=False), job_id)["found"]


@pytest.mark.parametrize("body", [{"job": {}}, {"job": None}, {}], ids=["empty job", "null job", "no job"])
def test_an_answer_without_a_job_means_the_job_is_unknown(emu, body):
    fault(emu, kind="schema", body=body)
    job = rds.get_job(client_for(emu), "job-1")
    assert job["found"] is False and job["request_id"]


def test_a_list_without_tasks_is_an_empty_page(emu):
    fault(emu, kind="schema", path="/tasklist", body={"total_count": 0, "tasks": None})
    assert rds.list_tasks(client_for(emu), {"instance_id": "x"}) == ([], 0, [])


def test_a_credential_that_breaks_a_header_is_never_echoed(emu):
    token = "secret-token-part\nsecond-line"
    with pytest.raises(ConnectionFailure, match="header value is not valid") as refused:
        rds.get_job(client_for(emu, access_key=None, secret_key=None, auth_token=token), "job")
    assert "secret-token-part" not in str(refused.value.as_result())


def test_the_trace_tells_every_try_and_the_answer_never_a_credential(emu):
    job_id = new_job(emu)
    fault(emu, kind="status", status=429, retry_after=0, count=1)
    lines = []
    client = client_for(emu)
    client.transport.trace = lines.append
    assert rds.get_job(client, job_id)["found"]
    assert len(lines) == 2, lines
    assert re.match(r"^GET http://127\.0\.0\.1:\d+/v3/\w+/jobs\?id=%s -> HTTP 429 \(request id \w+\) \(try 1\), "
                    r"retrying in \d+\.\d s$" % re.escape(job_id), lines[0]), lines
    assert re.match(r"^GET .* -> HTTP 200 \(request id \w+\) after \d+ ms, 1 retries$", lines[1]), lines
    assert not any(emu.credentials["secret_key"] in line or "Authorization" in line for line in lines)
