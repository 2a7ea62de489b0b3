"""Temporary keys as the cloud issues them: the ECS metadata service, IAM agencies (assume role) and
OpenID Connect federation; they sign only with their security token, and only until they expire."""

import datetime
import json

import pytest

from tests.emulator.helpers import Api

pytestmark = pytest.mark.emulator

ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.emulator-test-id-token.signature"
SECURITY_TOKENS = "/v3.0/OS-CREDENTIAL/securitytokens"
ID_TOKEN_PATH = "/v3.0/OS-AUTH/id-token/tokens"


def metadata_key(api, token=None):
    headers = {"X-Metadata-Token": token} if token else {}
    return api.session.get(api.url + "/openstack/latest/securitykey", headers=headers, timeout=10)


def assume_body(agency="deployer", duration=None, **domain):
    role = dict({"agency_name": agency}, **(domain or {"domain_name": "emulator-domain"}))
    if duration is not None:
        role["duration_seconds"] = duration
    return {"auth": {"identity": {"methods": ["assume_role"], "assume_role": role}}}


def keys_of(answer):
    assert answer.status_code in (200, 201), answer.text
    credential = answer.json()["credential"]
    assert set(credential) == {"access", "secret", "securitytoken", "expires_at"}
    return credential


def signed_with(emu, credential, job_id, security_token=True):
    api = Api(emu, credential["access"], credential["secret"])
    headers = {"X-Security-Token": credential["securitytoken"]} if security_token else {}
    return api.job(job_id, headers=headers)


@pytest.fixture
def job(emu):
    return emu.control("POST", "/_emulator/jobs", {"duration": 3600})


# The metadata service ------------------------------------------------------------------------------


def test_metadata_without_an_agency_says_so(emu, api):
    answer = metadata_key(api)
    assert answer.status_code == 401 and "Please configure Cloud Service Agency first" in answer.text


def test_metadata_keys_with_and_without_a_session_token(emu, api, job):
    emu.control("POST", "/_emulator/identity", {"metadata_agency": "ecs-runner"})
    session = api.session.put(api.url + "/meta-data/latest/api/token",
                              headers={"X-Metadata-Token-Ttl-Seconds": "21600"}, timeout=10)
    assert session.status_code == 200 and session.text
    for token in (session.text, None):
        credential = keys_of(metadata_key(api, token))
        datetime.datetime.strptime(credential["expires_at"], "%Y-%m-%dT%H:%M:%S.%fZ")  # the SDK's format
        assert signed_with(emu, credential, job["id"]).status_code == 200
    assert metadata_key(api, "not-a-session-token").status_code == 401
    bad_ttl = api.session.put(api.url + "/meta-data/latest/api/token", timeout=10)
    assert bad_ttl.status_code == 400


# Agencies -------------------------------------------------------------------------------------------


def test_assume_role_signed_with_the_accounts_keys(emu, api, job):
    emu.control("POST", "/_emulator/identity", {"agencies": ["deployer"]})
    credential = keys_of(api.post(SECURITY_TOKENS, assume_body()))
    assert signed_with(emu, credential, job["id"]).status_code == 200
    by_id = keys_of(api.post(SECURITY_TOKENS, assume_body(domain_id=_domain_id(emu))))
    assert by_id["access"] != credential["access"]


def test_assume_role_with_a_token(emu, api):
    emu.control("POST", "/_emulator/identity", {"agencies": ["deployer"]})
    token = api.login(emu).headers["X-Subject-Token"]
    assert api.post(SECURITY_TOKENS, assume_body(), token=token).status_code == 201


@pytest.mark.parametrize("body, status", [
    (assume_body("nobody"), 403),
    (assume_body(domain_name="other-domain"), 403),
    (assume_body(duration=60), 400),
    ({"auth": {"identity": {"methods": ["password"]}}}, 400),
])
def test_assume_role_refusals(emu, api, body, status):
    emu.control("POST", "/_emulator/identity", {"agencies": ["deployer"]})
    assert api.post(SECURITY_TOKENS, body).status_code == status


def test_assume_role_needs_a_valid_signature(emu):
    emu.control("POST", "/_emulator/identity", {"agencies": ["deployer"]})
    answer = Api(emu, secret_key="wrong").post(SECURITY_TOKENS, assume_body())
    assert answer.status_code == 401 and answer.json()["error_code"] == "APIGW.0301"


# OpenID Connect ------------------------------------------------------------------------------------


def federated_token(api, idp="github", id_token=ID_TOKEN):
    body = {"auth": {"id_token": {"id": id_token}}}
    return api.post(ID_TOKEN_PATH, body, headers={"X-Idp-Id": idp}, sign=False)


def test_oidc_id_token_for_a_token_then_temporary_keys(emu, api, job):
    emu.control("POST", "/_emulator/identity", {"identity_providers": {"github": ID_TOKEN}})
    answer = federated_token(api)
    assert answer.status_code == 201
    token = answer.headers["X-Subject-Token"]
    in_header = {"auth": {"identity": {"methods": ["token"], "token": {"duration_seconds": 3600}}}}
    in_body = {"auth": {"identity": {"methods": ["token"], "token": {"id": token}}}}  # as the SDK sends it
    for body, kwargs in ((in_header, {"token": token}), (in_body, {"sign": False})):
        credential = keys_of(api.post(SECURITY_TOKENS, body, **kwargs))
        assert signed_with(emu, credential, job["id"]).status_code == 200


@pytest.mark.parametrize("idp, id_token", [("github", "another-token"), ("gitlab", ID_TOKEN)])
def test_oidc_refuses_an_unknown_idp_or_token(emu, api, idp, id_token):
    emu.control("POST", "/_emulator/identity", {"identity_providers": {"github": ID_TOKEN}})
    answer = federated_token(api, idp, id_token)
    assert answer.status_code == 401 and "X-Subject-Token" not in answer.headers


def test_identity_answer_never_repeats_an_id_token_or_a_secret_key(emu):
    answer = emu.control("POST", "/_emulator/identity", {"identity_providers": {"github": ID_TOKEN},
                                                         "access_keys": {"SOURCEAK": "source-secret"}})
    assert answer == {"metadata_agency": None, "agencies": [], "identity_providers": ["github"],
                      "access_keys": ["SOURCEAK"]}
    assert ID_TOKEN not in json.dumps(answer) and "source-secret" not in json.dumps(answer)


def test_more_access_keys_of_the_account_sign_too_and_the_log_names_each(emu, job):
    emu.control("POST", "/_emulator/identity", {"access_keys": {"SOURCEAK": "source-secret"}})
    emu.control("DELETE", "/_emulator/requests")
    assert Api(emu, "SOURCEAK", "source-secret").job(job["id"]).status_code == 200
    assert Api(emu, "SOURCEAK", "wrong").job(job["id"]).status_code == 401
    assert [entry["credential"] for entry in emu.control("GET", "/_emulator/requests")["log"]] == [
        "access key SOURCEAK", "access key SOURCEAK"]


# Signing with temporary keys -----------------------------------------------------------------------


def test_temporary_keys_need_their_own_security_token(emu, api, job):
    emu.control("POST", "/_emulator/identity", {"agencies": ["deployer"]})
    first = keys_of(api.post(SECURITY_TOKENS, assume_body()))
    second = keys_of(api.post(SECURITY_TOKENS, assume_body()))
    assert signed_with(emu, first, job["id"], security_token=False).status_code == 401
    mixed = dict(first, securitytoken=second["securitytoken"])
    assert "security token is not valid" in signed_with(emu, mixed, job["id"]).text


def test_temporary_keys_expire_on_the_emulated_clock(manual_emu, manual_api, clock):
    job = manual_emu.control("POST", "/_emulator/jobs", {"duration": 3600})
    manual_emu.control("POST", "/_emulator/identity", {"agencies": ["deployer"]})
    manual_emu.control("POST", "/_emulator/settings", {"key_ttl": 4})
    credential = keys_of(manual_api.post(SECURITY_TOKENS, assume_body(duration=3600)))
    clock.advance(3.9)
    assert signed_with(manual_emu, credential, job["id"]).status_code == 200
    clock.advance(0.1)
    answer = signed_with(manual_emu, credential, job["id"])
    assert answer.status_code == 401 and "temporary access key has expired" in answer.text


def test_tokens_can_be_expired_later(manual_emu, manual_api, clock):
    job = manual_emu.control("POST", "/_emulator/jobs", {"duration": 3600})
    token = manual_api.login(manual_emu).headers["X-Subject-Token"]
    assert manual_emu.control("POST", "/_emulator/tokens/expire", {"after": 5}) == {"expired": 1}
    later = manual_api.login(manual_emu).headers["X-Subject-Token"]
    clock.advance(4)
    assert manual_api.job(job["id"], token=token).status_code == 200
    clock.advance(1)
    assert manual_api.job(job["id"], token=token).status_code == 401
    assert manual_api.job(job["id"], token=later).status_code == 200, "tokens issued after are not affected"


def test_the_log_names_the_credential_and_never_a_secret(emu, api, job):
    emu.control("POST", "/_emulator/identity", {"agencies": ["deployer"], "metadata_agency": "ecs-runner",
                                                "identity_providers": {"github": ID_TOKEN}})
    agency = keys_of(api.post(SECURITY_TOKENS, assume_body()))
    ecs = keys_of(metadata_key(api))
    federated = federated_token(api).headers["X-Subject-Token"]
    oidc = keys_of(api.post(SECURITY_TOKENS, {"auth": {"identity": {"methods": ["token"], "token": {}}}},
                            token=federated))
    emu.control("DELETE", "/_emulator/requests")
    for credential in (agency, ecs, oidc):
        signed_with(emu, credential, job["id"])
    api.job(job["id"], token=federated)
    log = emu.control("GET", "/_emulator/requests")
    assert [entry["credential"] for entry in log["log"]] == [
        "temporary key %s (agency deployer)" % agency["access"],
        "temporary key %s (ECS metadata, agency ecs-runner)" % ecs["access"],
        "temporary key %s (OIDC idp github)" % oidc["access"],
        "token #1 (OIDC idp github)",
    ]
    text = json.dumps(log)
    for credential in (agency, ecs, oidc):
        assert credential["secret"] not in text and credential["securitytoken"] not in text
    assert federated not in text and ID_TOKEN not in text


def _domain_id(emu):
    from ansible_collections.hwcloud.tasks.emulator.credentials import Credentials

    return Credentials(**emu.credentials).domain_id
