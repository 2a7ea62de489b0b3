"""clouds.yaml, searched and read as openstacksdk does, for Open Telekom Cloud users."""

import json

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._credentials import clouds_yaml
from ansible_collections.hwcloud.tasks.plugins.module_utils._credentials.clouds_yaml import read_cloud
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError

OTC = """
clouds:
  otc:
    profile: otc
    auth:
      auth_url: https://iam.eu-de.otc.t-systems.com/v3
      username: deployer
      user_domain_name: OTC-EU-DE-000000000010000
      project_name: eu-de_myproject
    regions: [eu-de]
  keys:
    region_name: eu-nl
    ak: AK
    sk: secret-value
"""
SECURE = """
clouds:
  otc:
    auth:
      password: password-value
"""


@pytest.fixture
def places(tmp_path):
    home, cwd = tmp_path / "home", tmp_path / "work"
    (home / ".config" / "openstack").mkdir(parents=True)
    cwd.mkdir()
    return home, cwd


def read(name, places, environ=None):
    home, cwd = places
    return read_cloud(name, environ or {}, str(home), str(cwd))


def test_a_cloud_with_its_secrets_from_secure_yaml(places):
    home, _cwd = places
    (home / ".config" / "openstack" / "clouds.yaml").write_text(OTC)
    (home / ".config" / "openstack" / "secure.yaml").write_text(SECURE)
    where, values, names = read("otc", places)
    assert values == {"auth_url": "https://iam.eu-de.otc.t-systems.com/v3", "user_name": "deployer",
                      "password": "password-value", "domain_name": "OTC-EU-DE-000000000010000",
                      "project_name": "eu-de_myproject", "region": "eu-de", "cloud": "otc.t-systems.com"}
    assert where.startswith("clouds.yaml cloud 'otc' in ") and where.endswith("openstack/clouds.yaml")
    assert names["password"] == "auth.password"


def test_keys_beside_auth_and_the_current_folder_first(places):
    home, cwd = places
    (home / ".config" / "openstack" / "clouds.yaml").write_text("clouds: {}")
    (cwd / "clouds.yaml").write_text(OTC)
    assert read("keys", places)[1] == {"access_key": "AK", "secret_key": "secret-value", "region": "eu-nl"}


def test_the_variable_names_the_file_and_json_needs_no_yaml(places, tmp_path, monkeypatch):
    path = tmp_path / "clouds.json"
    path.write_text(json.dumps({"clouds": {"c": {"auth": {"token": "token-value"}, "region_name": "eu-de"}}}))
    monkeypatch.setattr(clouds_yaml, "HAS_YAML", False)
    assert read("c", places, {"OS_CLIENT_CONFIG_FILE": str(path)})[1] == {"auth_token": "token-value",
                                                                          "region": "eu-de"}


def test_without_pyyaml_a_yaml_file_is_a_clear_error(places, monkeypatch):
    home, _cwd = places
    (home / ".config" / "openstack" / "clouds.yaml").write_text(OTC)
    monkeypatch.setattr(clouds_yaml, "HAS_YAML", False)
    with pytest.raises(ConfigurationError, match="needs the Python package PyYAML"):
        read("otc", places)


@pytest.mark.parametrize("text, message", [
    (None, "os_cloud \\(OS_CLOUD\\) is 'otc', but there is no clouds.yaml: looked for .*work/clouds.yaml"),
    ("clouds:\n  otc:\n    auth: {password: secret-value\n", "is not valid YAML at line \\d"),
    ("- a list", "has no clouds mapping"),
    ("clouds:\n  other: {}\n", "has no cloud 'otc' \\(it has: other\\)"),
])
def test_a_broken_clouds_yaml_is_one_clear_error_that_never_quotes_it(places, text, message):
    home, _cwd = places
    if text is not None:
        (home / ".config" / "openstack" / "clouds.yaml").write_text(text)
    with pytest.raises(ConfigurationError, match=message) as error:
        read("otc", places)
    assert "secret-value" not in str(error.value)
