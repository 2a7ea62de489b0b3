"""The client against the emulator with credentials from every kind of source: the ECS metadata service,
an agency, OpenID Connect; keys renewed before they expire; a refusal sent once; one re-login for many polls."""

import collections

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import AuthenticationError
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.parallel import MAX_CONCURRENCY
from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import rds_job_wait
from ansible_collections.hwcloud.tasks.plugins.module_utils._services import rds
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._shared_tokens import SharedTokens
from tests.integration.client.emulated import JOBS_ROUTE, client_for, count, fault, new_job, password_options
from tests.integration.client.test_fault_matrix import wait_params
from tests.unit.plugins.results import values_and_failure

pytestmark = pytest.mark.emulator

ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.client-test.signature"
NO_KEYS = dict(access_key=None, secret_key=None)


@pytest.fixture
def identity(emu):
    """The emulator's account with an agency, an ECS agency and an IdP, for this test only."""
    emu.control("POST", "/_emulator/identity", {"agencies": ["deployer"], "metadata_agency": "ecs-runner",
                                                "identity_providers": {"github": ID_TOKEN}})
    yield emu
    emu.control("POST", "/_emulator/identity", {"agencies": [], "metadata_agency": None, "identity_providers": {}})
    emu.control("POST", "/_emulator/settings", {"key_ttl": None})


def endpoints(emu):
    return {"rds": emu.url, "dms": emu.url, "iam": emu.url, "metadata": emu.url}


def signers(emu, route=JOBS_ROUTE):
    """The credential of each logged call of ``route`` (the log names it; it never holds a secret)."""
    method, template = route.split(" ", 1)
    prefix = template.split("{")[0]
    return [entry["credential"] for entry in emu.control("GET", "/_emulator/requests")["log"]
            if entry["method"] == method and entry["path"].startswith(prefix)]


def statuses(emu):
    return collections.Counter(emu.control("GET", "/_emulator/requests")["by_status"])


def speed(emu):
    return emu.control("GET", "/_emulator/health")["speed"]


def test_keys_of_the_ecs_agency_from_the_metadata_service(identity):
    job_id = new_job(identity)
    client = client_for(identity, endpoints=endpoints(identity), **NO_KEYS)
    assert client.config.auth_method == "metadata"
    assert rds.get_job(client, job_id)["found"]
    (signer,) = signers(identity)
    assert signer.startswith("temporary key EMUTMP") and signer.endswith("(ECS metadata, agency ecs-runner)")
    assert count(identity, "PUT /meta-data/latest/api/token") == 1


def test_an_agency_assumed_with_the_accounts_keys(identity):
    job_id = new_job(identity)
    client = client_for(identity, assume_role={"agency_name": "deployer", "domain_name": "emulator-domain"})
    assert rds.get_job(client, job_id)["found"]
    assert signers(identity, "POST /v3.0/OS-CREDENTIAL/securitytokens") == [
        "access key " + identity.credentials["access_key"]]
    assert signers(identity)[0].endswith("(agency deployer)")


@pytest.mark.parametrize("agency", [None, "deployer"])
def test_openid_connect_with_an_id_token_file_and_then_an_agency(identity, tmp_path, agency):
    token_file = tmp_path / "jwt"
    token_file.write_text(ID_TOKEN + "\n")
    role = {"agency_name": agency, "domain_name": "emulator-domain"} if agency else {}
    client = client_for(identity, idp_id="github", id_token_file=str(token_file), assume_role=role, **NO_KEYS)
    assert client.config.auth_method == "oidc"
    assert rds.get_job(client, new_job(identity))["found"]
    assert count(identity, "POST /v3.0/OS-AUTH/id-token/tokens") == 1
    assert signers(identity)[0].endswith("(agency deployer)" if agency else "(OIDC idp github)")


def test_keys_that_live_four_seconds_outlive_a_nine_second_wait_without_a_refusal(identity):
    rate = speed(identity)
    identity.control("POST", "/_emulator/settings", {"key_ttl": 4 * rate})
    job_id = new_job(identity, duration=9 * rate)
    client = client_for(identity, endpoints=endpoints(identity), **NO_KEYS)
    result, failure = values_and_failure(rds_job_wait.run(client, wait_params(job_id=[job_id], timeout=60)))
    assert failure is None and result["job"]["state"] == "succeeded"
    assert "401" not in statuses(identity)
    assert len(set(signers(identity))) >= 3, "renewed about every two seconds"


def test_a_wrong_secret_key_over_twenty_jobs_is_one_rejected_request(emu):
    job_ids = [new_job(emu) for _job in range(20)]
    client = client_for(emu, secret_key="not-the-secret-key")
    with pytest.raises(AuthenticationError):
        rds_job_wait.run(client, wait_params(job_id=job_ids, timeout=30))
    assert statuses(emu)["401"] == 1 and count(emu, JOBS_ROUTE) == 1


def test_an_expired_login_token_under_twenty_concurrent_polls_is_one_re_login(emu):
    job_ids = [new_job(emu) for _job in range(20)]
    client = client_for(emu, **password_options(emu))
    assert rds.get_job(client, job_ids[0])["found"]  # logged in, credentials accepted
    emu.control("POST", "/_emulator/tokens/expire")
    # Every poll of the first round waits a second at the server before it is checked: all of them are
    # sent with the expired token before the first refusal comes back.
    fault(emu, kind="latency", seconds=1.0, count=MAX_CONCURRENCY)
    records = rds.get_jobs(client, job_ids)
    assert all(record["found"] for record in records)
    assert count(emu, "POST /v3/auth/tokens") == 2, "the first login and one more"
    assert statuses(emu)["401"] > 1, "polls in flight together saw the token refused"


def test_a_refused_key_is_not_sent_again_in_the_same_run(emu, tmp_path):
    store = SharedTokens(str(tmp_path))
    job_id = new_job(emu)
    for _task in range(3):  # three tasks of one run: three worker processes, one store
        with pytest.raises(AuthenticationError) as refused:
            rds.get_job(client_for(emu, token_store=store, secret_key="not-the-secret-key"), job_id)
    assert "refused earlier in this run" in str(refused.value) and refused.value.error_code == "APIGW.0301"
    assert statuses(emu)["401"] == 1
    assert rds.get_job(client_for(emu, token_store=store), job_id)["found"], "the right key is not affected"
