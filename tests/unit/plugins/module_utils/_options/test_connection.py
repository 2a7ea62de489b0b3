"""Connection options: endpoints, the choice of credentials, clear messages, no secret in a repr."""

import re

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._client import CloudClient
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import (
    CONNECTION_ARGSPEC,
    ConnectionConfig,
    with_environment,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.endpoints import (
    cloud_of,
    iam_endpoint_of,
    service_endpoint,
)
from tests.conftest import NO_METADATA

AKSK = {"access_key": "AK", "secret_key": "SK-secret"}


@pytest.mark.parametrize(
    "service, region, cloud, expected",
    [
        ("rds", "cn-north-4", None, "https://rds.cn-north-4.myhuaweicloud.com"),
        ("iam", "cn-north-4", None, "https://iam.cn-north-4.myhuaweicloud.com"),
        ("rds", "eu-west-101", None, "https://rds.eu-west-101.myhuaweicloud.eu"),
        ("rds", "eu-west-101", "huaweicloud", "https://rds.eu-west-101.myhuaweicloud.eu"),
        ("rds", "eu-de", "otc.t-systems.com", "https://rds.eu-de.otc.t-systems.com"),
        ("dms", "eu-nl", "otc", "https://dms.eu-nl.otc.t-systems.com"),
        ("kafka", "eu-de", "OTC", "https://dms.eu-de.otc.t-systems.com"),
        ("rds", "ap-southeast-1", "example.cloud.", "https://rds.ap-southeast-1.example.cloud"),
    ],
)
def test_built_endpoints(service, region, cloud, expected):
    assert service_endpoint(service, region, cloud) == expected


def test_override_wins_and_covers_services_behind_it():
    overrides = {"rds": "http://127.0.0.1:8080/", "dms": "http://127.0.0.1:9090"}
    assert service_endpoint("rds", "cn-north-4", None, overrides) == "http://127.0.0.1:8080"
    assert service_endpoint("kafka", None, None, overrides) == "http://127.0.0.1:9090"


def test_missing_region_names_the_options_to_set():
    with pytest.raises(ConfigurationError, match="HW_REGION_NAME.*endpoints.rds.*HW_RDS_ENDPOINT"):
        service_endpoint("rds")


@pytest.mark.parametrize(
    "params, method",
    [
        (AKSK, "aksk"),
        (dict(AKSK, auth_token="t", user_name="u", password="p", domain_name="d"), "aksk"),
        ({"auth_token": "t", "user_name": "u", "password": "p", "domain_name": "d"}, "token"),
        ({"user_name": "u", "password": "p", "domain_name": "d"}, "password"),
    ],
)
def test_auth_method_order(params, method):
    assert ConnectionConfig(params).auth_method == method


@pytest.mark.parametrize(
    "params, message",
    [
        ({"access_key": "AK"}, "secret_key .HW_SECRET_KEY. is missing"),
        ({"secret_key": "SK"}, "access_key .HW_ACCESS_KEY. is missing"),
        ({"user_name": "u", "password": "p"}, "domain_name"),
        (dict(AKSK, api_timeout=0), "api_timeout must be a positive"),
        (dict(AKSK, api_retries=-1), "api_retries must be 0 or more"),
        (dict(AKSK, api_rate_limit=0), r"api_rate_limit must be a positive number of requests per second .*got 0"),
        (dict(AKSK, api_rate_limit=-5.0), "api_rate_limit must be a positive number"),
        (dict(AKSK, api_rate_limit="fast"), "api_rate_limit must be a positive number .*got 'fast'"),
        (dict(AKSK, api_rate_limit="inf"), "api_rate_limit must be a positive number"),
    ],
)
def test_bad_settings_say_what_to_set(params, message):
    with pytest.raises(ConfigurationError, match=message):
        ConnectionConfig(params)


def test_a_rate_limit_from_its_variable_is_a_number():
    environ = {"HW_API_RATE_LIMIT": "20"}
    assert ConnectionConfig(with_environment(AKSK, environ), environ).api_rate_limit == 20.0


def test_without_credentials_the_metadata_service_is_asked_last_and_the_message_says_where_else_was_looked():
    config = ConnectionConfig({"endpoints": {"metadata": NO_METADATA, "rds": "http://127.0.0.1:9"}},
                              environ={"HOME": "/nonexistent"})
    assert config.auth_method == "metadata"
    with pytest.raises(ConfigurationError) as refused:
        CloudClient(config).call("rds", "GET", "/v3/{project_id}/jobs", project_scoped=False)
    text = str(refused.value)
    assert re.match("No credentials given.*HW_ACCESS_KEY.*HW_AUTH_TOKEN.*HW_USER_NAME", text)
    for looked in ("HW_*/OS_* variables", "HUAWEICLOUD_SDK_*", "KooCLI profile",
                   "/nonexistent/.huaweicloud/credentials", "clouds.yaml",
                   "ECS metadata service at %s did not answer" % NO_METADATA):
        assert looked in text


def test_repr_hides_every_secret():
    config = ConnectionConfig(dict(AKSK, security_token="tok-secret", password="pw-secret", auth_token="t-secret"))
    text = repr(config)
    for secret in ("SK-secret", "tok-secret", "pw-secret", "t-secret"):
        assert secret not in text
    assert "AK" in text


def test_defaults_apply_when_options_come_without_the_argspec():
    config = ConnectionConfig(AKSK)
    assert (config.validate_certs, config.api_timeout, config.api_retries, config.endpoints) == (True, 30.0, 5, {})


def test_every_secret_option_is_no_log_and_lookalikes_say_so():
    assert {name for name, spec in CONNECTION_ARGSPEC.items() if spec.get("no_log")} == {
        "secret_key", "security_token", "auth_token", "password", "id_token"}
    assert CONNECTION_ARGSPEC["access_key"]["no_log"] is False
    assert CONNECTION_ARGSPEC["id_token_file"]["no_log"] is False


@pytest.mark.parametrize(
    "option, variables",
    [("region", ["HW_REGION_NAME", "OS_REGION_NAME"]), ("access_key", ["HW_ACCESS_KEY", "OS_ACCESS_KEY"]),
     ("domain_name", ["HW_DOMAIN_NAME", "OS_DOMAIN_NAME", "OS_USER_DOMAIN_NAME", "OS_PROJECT_DOMAIN_NAME"]),
     ("user_name", ["HW_USER_NAME", "OS_USERNAME"]),
     # the Terraform provider's name first, the collection's earlier one kept
     ("password", ["HW_USER_PASSWORD", "HW_PASSWORD", "OS_PASSWORD"])],
)
def test_hw_variables_come_before_os_ones(option, variables):
    assert CONNECTION_ARGSPEC[option]["fallback"][1] == variables


def test_credentials_lose_surrounding_whitespace():
    config = ConnectionConfig({"access_key": " AK\n", "secret_key": "SK-secret\n", "auth_token": "t\r\n"})
    assert (config.access_key, config.secret_key, config.auth_token) == ("AK", "SK-secret", "t")


@pytest.mark.parametrize("url", ["rds.example.com", [1, 2], "ftp://x"])
def test_endpoints_must_be_urls(url):
    with pytest.raises(ConfigurationError, match="endpoints.rds must be a URL"):
        ConnectionConfig(dict(AKSK, endpoints={"rds": url}))


@pytest.mark.parametrize("auth_url, iam, cloud", [
    ("https://iam.eu-de.otc.t-systems.com/v3", "https://iam.eu-de.otc.t-systems.com", "otc.t-systems.com"),
    ("https://iam.myhuaweicloud.com/v3/", "https://iam.myhuaweicloud.com", "myhuaweicloud.com"),
    ("https://iam.ap-southeast-1.myhuaweicloud.com/v3.0", "https://iam.ap-southeast-1.myhuaweicloud.com",
     "myhuaweicloud.com"),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080", None),
    ("https://proxy.example.com/iam/v3", "https://proxy.example.com/iam", None),
])
def test_auth_url_names_the_iam_endpoint_and_maybe_the_cloud(auth_url, iam, cloud):
    assert (iam_endpoint_of(auth_url), cloud_of(auth_url)) == (iam, cloud)


def test_the_metadata_service_has_one_address_unless_overridden():
    assert service_endpoint("metadata") == "http://169.254.169.254"
    assert service_endpoint("metadata", overrides={"metadata": "http://127.0.0.1:8080/"}) == "http://127.0.0.1:8080"
