"""Authentication as the API gateway checks it: IAM tokens and SDK-HMAC-SHA256 signatures; IAM itself."""

import datetime
import json

import pytest

from ansible_collections.hwcloud.tasks.emulator import auth
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import signing
from tests.emulator.helpers import Api

pytestmark = pytest.mark.emulator


@pytest.fixture
def job(emu):
    return emu.control("POST", "/_emulator/jobs", {"duration": 3600})


def assert_refused(answer, reason):
    assert answer.status_code == 401
    body = answer.json()
    assert body["error_code"] == "APIGW.0301"
    assert body["error_msg"].startswith("Incorrect IAM authentication information: ")
    assert reason in body["error_msg"]


# Access keys -----------------------------------------------------------------------------------


def test_signed_request_is_accepted(emu, api, job):
    assert api.job(job["id"]).status_code == 200


def test_signatures_are_checked_with_the_collections_own_signing_module():
    assert auth.signing is signing, "one definition of the canonical form, loaded once, by the collection's name"


def test_wrong_secret_key_is_a_signature_mismatch(emu, job):
    assert_refused(Api(emu, secret_key="not-the-secret").job(job["id"]), "signature does not match")


def test_unknown_access_key(emu, job):
    assert_refused(Api(emu, access_key="NOSUCHKEY").job(job["id"]), "access key is unknown")


def test_request_changed_after_signing_is_refused(emu, api, job):
    signed = api.job(job["id"]).request
    tampered = signed.copy()
    tampered.url = signed.url.replace("id=", "id=x")
    assert_refused(api.session.send(tampered), "signature does not match")


def test_body_is_signed_too(emu, api, job):
    answer = api.task_center(job["instance_id"], {"workflow_id": job["id"]})
    assert answer.status_code == 200
    tampered = answer.request.copy()
    tampered.body = tampered.body.replace(b"workflow_id", b"workflow_Id")
    assert_refused(api.session.send(tampered), "signature does not match")


def test_signature_older_than_15_minutes_is_refused(emu, api, job):
    now = datetime.datetime.now(datetime.UTC)
    assert api.job(job["id"], now=now - datetime.timedelta(minutes=14)).status_code == 200
    assert_refused(api.job(job["id"], now=now - datetime.timedelta(minutes=16)), "15 minutes")
    assert_refused(api.job(job["id"], now=now + datetime.timedelta(minutes=16)), "15 minutes")


def test_malformed_authorization_or_date(emu, api, job):
    assert_refused(api.job(job["id"], sign=False, headers={"Authorization": "Basic abc"}), "Authorization header")
    signed = api.job(job["id"]).request
    undated = signed.copy()
    del undated.headers["X-Sdk-Date"]
    assert_refused(api.session.send(undated), "X-Sdk-Date header is missing")


def test_no_credentials_at_all(emu, api, job):
    assert_refused(api.job(job["id"], sign=False), "neither X-Auth-Token nor Authorization")


def test_temporary_keys_need_their_security_token(emu, job):
    credentials = emu.credentials
    temporary = Api(emu, credentials["temp_access_key"], credentials["temp_secret_key"])
    token = {"X-Security-Token": credentials["security_token"]}
    assert temporary.job(job["id"], headers=token).status_code == 200
    assert_refused(temporary.job(job["id"]), "needs the X-Security-Token header")
    assert_refused(temporary.job(job["id"], headers={"X-Security-Token": "stolen"}), "security token is not valid")


# Tokens ------------------------------------------------------------------------------------------


def test_password_login_issues_a_token_that_authenticates(emu, api, job):
    answer = api.login(emu)
    assert answer.status_code == 201
    token = answer.headers["X-Subject-Token"]
    body = answer.json()["token"]
    assert body["methods"] == ["password"]
    assert body["project"]["id"] == emu.credentials["project_id"]
    assert body["project"]["name"] == emu.credentials["region"]
    expires = datetime.datetime.strptime(body["expires_at"], "%Y-%m-%dT%H:%M:%S.%fZ")
    issued = datetime.datetime.strptime(body["issued_at"], "%Y-%m-%dT%H:%M:%S.%fZ")
    # 24 emulated hours: 72 real minutes at speed 20, reported as real wall-clock time.
    assert abs((expires - issued).total_seconds() - 24 * 3600 / 20) < 2
    assert api.job(job["id"], token=token).status_code == 200


def test_login_can_scope_the_project_by_id(emu, api):
    credentials = emu.credentials
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "name": credentials["user_name"],
                        "password": credentials["password"],
                        "domain": {"name": credentials["domain_name"]},
                    }
                },
            },
            "scope": {"project": {"id": credentials["project_id"]}},
        }
    }
    assert api.post("/v3/auth/tokens", body, sign=False).status_code == 201


@pytest.mark.parametrize("override", [{"password": "wrong"}, {"name": "someone"}, {"domain": {"name": "other"}}])
def test_wrong_login_is_an_iam_401(emu, api, override):
    answer = api.login(emu, **override)
    assert answer.status_code == 401
    assert answer.json() == {
        "error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}
    }
    assert "X-Subject-Token" not in answer.headers


def test_malformed_login_is_an_iam_400(emu, api):
    answer = api.post("/v3/auth/tokens", {"auth": {"identity": {"methods": ["token"]}}}, sign=False)
    assert answer.status_code == 400 and answer.json()["error"]["code"] == 400


def test_unknown_and_expired_tokens_are_refused(emu, api, job):
    assert_refused(api.job(job["id"], token="not-a-token"), "token is not valid")
    token = api.login(emu).headers["X-Subject-Token"]
    assert emu.control("POST", "/_emulator/tokens/expire") == {"expired": 1}
    assert_refused(api.job(job["id"], token=token), "token has expired")
    assert api.job(job["id"], token=api.login(emu).headers["X-Subject-Token"]).status_code == 200


def test_tokens_live_token_ttl_emulated_seconds(manual_emu, manual_api, clock):
    job = manual_emu.control("POST", "/_emulator/jobs", {"duration": 3600})
    manual_emu.control("POST", "/_emulator/settings", {"token_ttl": 10})
    token = manual_api.login(manual_emu).headers["X-Subject-Token"]
    clock.advance(9)
    assert manual_api.job(job["id"], token=token).status_code == 200
    clock.advance(1)
    assert_refused(manual_api.job(job["id"], token=token), "token has expired")


# Projects ----------------------------------------------------------------------------------------


def test_project_lookup_by_region_name(emu, api):
    credentials = emu.credentials
    token = api.login(emu).headers["X-Subject-Token"]
    for kwargs in ({}, {"token": token}):
        body = api.get("/v3/projects", {"name": credentials["region"]}, **kwargs).json()
        (project,) = body["projects"]
        assert (project["id"], project["name"], project["enabled"]) == (
            credentials["project_id"],
            credentials["region"],
            True,
        )
        assert project["domain_id"] and "self" in body["links"]
    assert api.get("/v3/projects", {"name": "xx-nowhere-1"}).json()["projects"] == []
    assert_refused(api.get("/v3/projects", {"name": credentials["region"]}, sign=False), "neither")


# Secrets ------------------------------------------------------------------------------------------


def test_the_request_log_never_holds_a_secret(emu, api, job):
    credentials = emu.credentials
    token = api.login(emu).headers["X-Subject-Token"]
    api.job(job["id"], token=token)
    api.job(job["id"])
    Api(emu, credentials["temp_access_key"], credentials["temp_secret_key"]).job(
        job["id"], headers={"X-Security-Token": credentials["security_token"]}
    )
    log = emu.control("GET", "/_emulator/requests")
    assert [entry["auth"] for entry in log["log"]] == ["none", "token", "aksk", "aksk"]
    text = json.dumps(log)
    for secret in (credentials["secret_key"], credentials["password"], credentials["security_token"], token):
        assert secret not in text
    assert "Signature=" not in text
