"""IAM's temporary keys: an agency assumed with other credentials, and OpenID Connect federation."""

import json

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.security_tokens import AssumeRole, OpenIdConnect
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.strategies import AccessKeyAuth, TokenAuth
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConfigurationError,
    ResponseError,
    error_from_response,
)

IAM = "https://iam.example"
KEYS = {"credential": {"access": "AK", "secret": "SK", "securitytoken": "ST",
                       "expires_at": "2026-12-01T10:00:00.000000Z"}}


class Client:
    """Stands in for ``CloudClient``: only its transport is used, answering (status, headers, body) in turn."""

    def __init__(self, *answers):
        self.transport = self
        self.answers = list(answers)
        self.sent = []

    def send(self, method, url, headers, body=None, deadline=None):
        self.sent.append({"url": url, "headers": dict(headers), "body": json.loads(body)})
        status, headers_back, answer = self.answers.pop(0)
        text = json.dumps(answer)
        if status >= 400:
            raise error_from_response(method, url, status, headers_back, text)
        return status, headers_back, text


def test_assume_role_is_signed_with_the_base_keys():
    client = Client((201, {}, KEYS))
    keys = AssumeRole(AccessKeyAuth("BASEAK", "BASESK"), IAM, "deployer", domain_name="owner").issue(client, None)
    assert (keys.access_key, keys.security_token) == ("AK", "ST")
    (sent,) = client.sent
    assert sent["url"] == IAM + "/v3.0/OS-CREDENTIAL/securitytokens"
    assert sent["body"] == {"auth": {"identity": {"methods": ["assume_role"], "assume_role": {
        "agency_name": "deployer", "domain_name": "owner", "duration_seconds": 43200}}}}
    assert "Access=BASEAK" in sent["headers"]["Authorization"]


def test_assume_role_by_domain_id_with_a_token_and_a_duration():
    client = Client((201, {}, KEYS))
    AssumeRole(TokenAuth("base-token"), IAM, "deployer", domain_id="d1", duration=900).issue(client, None)
    (sent,) = client.sent
    assert sent["body"]["auth"]["identity"]["assume_role"] == {"agency_name": "deployer", "domain_id": "d1",
                                                               "duration_seconds": 900}
    assert sent["headers"]["X-Auth-Token"] == "base-token"


def test_a_refused_agency_says_which_one():
    client = Client((403, {"X-Request-Id": "r9"}, {"error": {"code": 403, "message": "no such agency"}}))
    with pytest.raises(AuthenticationError, match="Assuming agency 'deployer': POST .* failed") as error:
        AssumeRole(AccessKeyAuth("A", "S"), IAM, "deployer", domain_name="owner").issue(client, None)
    assert (error.value.status, error.value.request_id) == (403, "r9")


class RenewableToken(TokenAuth):
    """A base whose token can be renewed (as a login token), and that changes by itself."""

    def __init__(self):
        super().__init__("old-token")
        self.renewed = []

    def authorize(self, request, client, deadline=None):
        super().authorize(request, client, deadline)
        request.credential = self._token

    def renew(self, used):
        self.renewed.append(used)
        self._token = "new-token"
        return True

    def identity(self):
        return None


def test_the_identity_of_an_agency_follows_its_base_and_holds_no_secret():
    static = AssumeRole(AccessKeyAuth("A", "secret-value"), IAM, "deployer", domain_name="owner")
    assert static.identity() == static.cache_key() and "secret-value" not in repr(static.cache_key())
    assert AssumeRole(RenewableToken(), IAM, "deployer", domain_name="owner").identity() is None


def test_an_expired_base_token_is_renewed_once_and_the_exchange_sent_again():
    base = RenewableToken()
    client = Client((401, {}, {"error_code": "APIGW.0301", "error_msg": "the token has expired"}), (201, {}, KEYS))
    assert AssumeRole(base, IAM, "deployer", domain_name="owner").issue(client, None).access_key == "AK"
    assert base.renewed == ["old-token"]
    assert [sent["headers"]["X-Auth-Token"] for sent in client.sent] == ["old-token", "new-token"]


def test_openid_connect_exchanges_the_id_token_then_the_token(tmp_path):
    token_file = tmp_path / "jwt"
    token_file.write_text("first.jwt\n")
    client = Client((201, {"X-Subject-Token": "federated"}, {"token": {}}), (201, {}, KEYS),
                    (201, {"X-Subject-Token": "federated2"}, {"token": {}}), (201, {}, KEYS))
    federation = OpenIdConnect(IAM, "github", id_token_file=str(token_file))
    assert federation.issue(client, None).access_key == "AK"
    id_token, exchange = client.sent
    assert id_token["url"] == IAM + "/v3.0/OS-AUTH/id-token/tokens"
    assert id_token["headers"]["X-Idp-Id"] == "github" and "Authorization" not in id_token["headers"]
    assert id_token["body"] == {"auth": {"id_token": {"id": "first.jwt"}}}
    assert exchange["headers"]["X-Auth-Token"] == "federated"
    assert exchange["body"] == {"auth": {"identity": {"methods": ["token"],
                                                      "token": {"id": "federated", "duration_seconds": 21600}}}}
    token_file.write_text("second.jwt")
    federation.issue(client, None)
    assert client.sent[2]["body"]["auth"]["id_token"]["id"] == "second.jwt", "the file is read at each renewal"


def test_openid_connect_needs_the_subject_token_and_a_readable_file(tmp_path):
    with pytest.raises(ResponseError, match="without an X-Subject-Token"):
        OpenIdConnect(IAM, "github", id_token="jwt").issue(Client((201, {}, {})), None)
    with pytest.raises(ConfigurationError, match="id_token_file: cannot read .*missing"):
        OpenIdConnect(IAM, "github", id_token_file=str(tmp_path / "missing")).issue(Client(), None)
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(ConfigurationError, match="id_token_file: .*empty is empty"):
        OpenIdConnect(IAM, "github", id_token_file=str(tmp_path / "empty")).issue(Client(), None)


def test_a_refused_id_token_names_the_idp_and_never_the_token():
    client = Client((401, {}, {"error": {"code": 401, "message": "The identity provider does not accept it."}}))
    with pytest.raises(AuthenticationError, match="OpenID Connect with IdP 'github'") as error:
        OpenIdConnect(IAM, "github", id_token="the.secret.jwt").issue(client, None)
    assert "the.secret.jwt" not in str(error.value)
    assert "the.secret.jwt" not in repr(OpenIdConnect(IAM, "github", id_token="the.secret.jwt").cache_key())
