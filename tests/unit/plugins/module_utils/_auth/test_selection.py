"""Which strategy authenticates the credentials found, and what issues their temporary keys."""

import datetime
import json

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import strategies
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.issued import now_utc
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.metadata import MetadataKeys
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.request import OutgoingRequest
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.security_tokens import AssumeRole, OpenIdConnect
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.selection import ProfileKeys, auth_for
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from tests.unit.plugins.module_utils.credential_homes import config, environment


def test_the_strategy_for_each_kind_of_credentials(home, tmp_path):
    env = environment(home)
    oidc = auth_for(config(env, idp_id="github", id_token="jwt-value", endpoints={"iam": "https://iam.x"}))
    assert isinstance(oidc, strategies.TemporaryKeyAuth) and isinstance(oidc.issuer, OpenIdConnect)
    (home / ".huaweicloud" / "credentials").unlink()
    metadata = auth_for(config(env, endpoints={"metadata": "http://127.0.0.1:9"}))
    assert isinstance(metadata.issuer, MetadataKeys) and metadata.issuer.endpoint == "http://127.0.0.1:9"
    agency = auth_for(config(env, access_key="A", secret_key="S", endpoints={"iam": "https://iam.x"},
                             assume_role={"agency_name": "deployer", "domain_id": "d1", "duration": "3600"}))
    assert isinstance(agency.issuer, AssumeRole) and isinstance(agency.issuer.base, strategies.AccessKeyAuth)
    assert (agency.issuer.domain_id, agency.issuer.duration) == ("d1", 3600)


def sso_profile(home, access_key, expires_at):
    (home / ".hcloud" / "config.json").write_text(json.dumps({"current": "sso", "profiles": [{
        "name": "sso", "mode": "SSO", "ssoAuth": {"stsToken": {
            "accessKeyId": access_key, "secretAccessKey": "koocli-secret", "securityToken": "ST",
            "expiresAt": expires_at}}}]}))


def test_a_koocli_sso_profiles_keys_are_read_again_when_due(home):
    strategies._token_cache.clear()
    soon = (now_utc() + datetime.timedelta(seconds=60)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    sso_profile(home, "SSOAK1", soon)
    auth = auth_for(config(environment(home, HW_PROFILE="sso")))
    assert isinstance(auth.issuer, ProfileKeys)
    request = OutgoingRequest("GET", "https://rds.example", "/v3/p/jobs", [], {}, b"")
    auth.authorize(request, client=None)
    assert "Access=SSOAK1" in request.headers["Authorization"] and request.headers["X-Security-Token"] == "ST"
    sso_profile(home, "SSOAK2", "2099-01-01T00:00:00Z")  # hcloud configure sso renewed them
    assert auth.renew(request.credential)
    auth.authorize(request, client=None)
    assert "Access=SSOAK2" in request.headers["Authorization"]
    strategies._token_cache.clear()


def test_expired_sso_keys_say_how_to_renew_them(home):
    strategies._token_cache.clear()
    sso_profile(home, "SSOAK1", "2020-01-01T00:00:00Z")
    auth = auth_for(config(environment(home, HW_PROFILE="sso")))
    with pytest.raises(ConfigurationError, match="The SSO keys of KooCLI profile 'sso' in .* expired at .*2020.*: "
                                                 "renew them with hcloud configure sso"):
        auth.authorize(OutgoingRequest("GET", "https://rds.example", "/x", [], {}, b""), client=None)
