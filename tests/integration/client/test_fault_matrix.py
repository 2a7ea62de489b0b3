"""The fault matrix: what a wait does when the cloud misbehaves, against the emulator (speed 20).

The client and the waiting engine together against a real server: integration tests of module_utils."""

import time

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import AuthenticationError
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import rds_job_wait
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import WAIT_DEFAULTS
from tests.integration.client.emulated import JOBS_ROUTE, client_for, count, fault, new_job, password_options
from tests.unit.plugins.results import values_and_failure

pytestmark = pytest.mark.emulator


def wait_params(**options):
    params = dict(WAIT_DEFAULTS)
    params.update(poll_interval=0.3, max_poll_interval=2.0, instance_id=None, workflow_id=None, workflow_name=None)
    params.update(options)
    return params


@pytest.mark.parametrize(
    "injected",
    [
        pytest.param(dict(kind="status", status=429, retry_after=1, count=6), id="429 storm with Retry-After"),
        pytest.param(dict(kind="status", status=503, count=6), id="5xx burst"),
        pytest.param(dict(kind="reset", count=8), id="connection resets"),
        pytest.param(dict(kind="latency", seconds=2, count=3), id="read timeouts"),
        pytest.param(dict(kind="html", count=8), id="HTML error page"),
        pytest.param(dict(kind="malformed", count=4), id="truncated JSON"),
        pytest.param(dict(kind="schema", count=4), id="body that breaks the schema"),
    ],
)
def test_the_wait_outlives_transient_faults(emu, injected):
    job_id = new_job(emu, duration=40)  # 2 s
    fault(emu, **injected)
    client = client_for(emu, api_timeout=1, api_retries=2)
    result, failure = values_and_failure(rds_job_wait.run(client, wait_params(job_id=[job_id], timeout=60)))
    assert failure is None, failure
    assert result["job"]["state"] == "succeeded"
    assert result["polls"] > 1


def test_token_expiring_mid_wait_means_one_more_login(emu):
    job_id = new_job(emu, duration=60)
    client = client_for(emu, **password_options(emu))
    waited = {}

    def expire_once(item, elapsed):
        if elapsed > 0.5 and not waited:
            waited["expired"] = emu.control("POST", "/_emulator/tokens/expire")

    result, failure = values_and_failure(rds_job_wait.run(client, wait_params(job_id=[job_id]), on_poll=expire_once))
    assert failure is None and waited
    assert count(emu, "POST /v3/auth/tokens") == 2


def test_job_invisible_for_a_while_is_waited_for(emu):
    """Invisible for 3 s (60 emulated seconds): longer than many polls, shorter than visibility_timeout."""
    job_id = new_job(emu, duration=80, visible_after=60)
    result, failure = values_and_failure(rds_job_wait.run(client_for(emu),
                                                          wait_params(job_id=[job_id], visibility_timeout=5)))
    assert failure is None and result["job"]["state"] == "succeeded"
    assert result["elapsed"] >= 2.5


def test_timeout_is_honoured_to_one_poll_interval(emu):
    job_id = new_job(emu, duration=36000)
    started = time.monotonic()
    result, failure = values_and_failure(rds_job_wait.run(client_for(emu), wait_params(job_id=[job_id], timeout=2.0)))
    # Not before the deadline; the upper bound is wide: a loaded machine may be slow to answer the last poll.
    assert 2.0 <= time.monotonic() - started <= 2.0 + 30.0
    assert result["timed_out"] and "timed out after 2.0 s" in failure


def test_refused_credentials_end_the_wait_at_once(emu):
    job_id = new_job(emu, duration=600)
    with pytest.raises(AuthenticationError):
        rds_job_wait.run(client_for(emu, secret_key="wrong"), wait_params(job_id=[job_id]))
    assert count(emu, JOBS_ROUTE) == 1


def test_403_ends_the_wait_and_is_sent_once(emu):
    fault(emu, kind="status", status=403, count=5)
    with pytest.raises(AuthenticationError):
        rds_job_wait.run(client_for(emu), wait_params(job_id=[new_job(emu)]))
    assert count(emu, JOBS_ROUTE) == 1
