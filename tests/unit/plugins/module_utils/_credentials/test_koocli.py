"""KooCLI profiles, as the Terraform provider reads ~/.hcloud/config.json."""

import datetime
import json

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._credentials.koocli import read_profile
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError

KEYS = {"accessKeyId": "AK", "secretAccessKey": "secret-value"}


def config(tmp_path, profiles, current="default", name=".hcloud/config.json"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"current": current, "profiles": profiles}))
    return path


def test_the_current_profile_of_the_default_file(tmp_path):
    config(tmp_path, [dict(KEYS, name="default", mode="AKSK", region="eu-de", projectId="p", domainId="d"),
                      {"name": "other", "mode": "AKSK", "accessKeyId": "X", "secretAccessKey": "Y"}])
    where, values, names = read_profile(None, None, str(tmp_path))
    assert values == {"access_key": "AK", "secret_key": "secret-value", "region": "eu-de", "project_id": "p",
                      "domain_id": "d"}
    assert where == "KooCLI profile 'default' in %s" % (tmp_path / ".hcloud" / "config.json")
    assert names["secret_key"] == "secretAccessKey"


def test_a_named_profile_in_a_named_file_with_its_agency(tmp_path):
    path = config(tmp_path, [dict(KEYS, name="ci", securityToken="ST", agencyName="deployer",
                                  agencyDomainName="owner")], name="kooc.json")
    _where, values, _names = read_profile(str(path), "ci", "/nonexistent")
    assert values["security_token"] == "ST"
    assert values["assume_role"] == {"agency_name": "deployer", "domain_name": "owner", "domain_id": None}


def test_sso_keys_with_their_expiry_and_ecs_agency_mode(tmp_path):
    sso = {"stsToken": dict(KEYS, securityToken="ST", expiresAt="2026-12-01T10:00:00Z")}
    path = config(tmp_path, [{"name": "sso", "mode": "SSO", "ssoAuth": sso}, {"name": "ecs", "mode": "ecsAgency"}])
    values = read_profile(str(path), "sso", "/nonexistent")[1]
    assert values["expires_at"] == datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)
    assert values["access_key"] == "AK"
    assert read_profile(str(path), "ecs", "/nonexistent")[1] == {"metadata": True}


def test_a_tilde_path_is_in_home(tmp_path):
    config(tmp_path, [dict(KEYS, name="default")], name="my/config.json")
    assert read_profile("~/my/config.json", None, str(tmp_path))[1]["access_key"] == "AK"


@pytest.mark.parametrize("setup, message", [
    (lambda path: None, "does not exist"),
    (lambda path: path.write_text("{not json"), "is not JSON \\(line 1\\)"),
    (lambda path: path.write_text(json.dumps({"profiles": {}})), "has no list of profiles"),
    (lambda path: path.write_text(json.dumps({"profiles": [dict(KEYS, name="a")]})), "names no current profile"),
    (lambda path: path.write_text(json.dumps({"current": "b", "profiles": [dict(KEYS, name="a")]})),
     "has no profile 'b' \\(it has: a\\)"),
    (lambda path: path.write_text(json.dumps({"current": "a", "profiles": [{"name": "a", "mode": "AKSK"}]})),
     "has no readable accessKeyId and secretAccessKey .*--cli-auth-encrypt=false"),
    (lambda path: path.write_text(json.dumps({"current": "a", "profiles": [dict(KEYS, name="a", mode="token")]})),
     "has mode 'token'"),
])
def test_a_broken_profile_is_one_clear_error(tmp_path, setup, message):
    path = tmp_path / "config.json"
    setup(path)
    with pytest.raises(ConfigurationError, match=message) as error:
        read_profile(str(path), None, "/nonexistent")
    assert str(path) in str(error.value) and "secret-value" not in str(error.value)
