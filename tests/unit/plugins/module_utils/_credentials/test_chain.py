"""The credential chain: which source wins, what each fills in, and what is said about it (never a value)."""


import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from tests.unit.plugins.module_utils.credential_homes import SECRETS, config, environment

SDK = {"HUAWEICLOUD_SDK_AK": "SDKAK", "HUAWEICLOUD_SDK_SK": "sdk-secret"}
HW = {"HW_ACCESS_KEY": "HWAK", "HW_SECRET_KEY": "hw-secret"}


@pytest.mark.parametrize("variables, options, access_key, source", [
    (dict(HW, **SDK), {"access_key": "OPTAK", "secret_key": "option-secret"}, "OPTAK",
     "access keys from option access_key, option secret_key"),
    (dict(HW, HW_PROFILE="ci", OS_CLOUD="otc", **SDK), {}, "HWAK", "access keys from HW_ACCESS_KEY, HW_SECRET_KEY"),
    (dict(HW_PROFILE="ci", OS_CLOUD="otc", **SDK), {}, "SDKAK", "access keys from the HUAWEICLOUD_SDK_* variables"),
    ({"HW_PROFILE": "ci", "OS_CLOUD": "otc"}, {}, "KOOCLIAK", "access keys from KooCLI profile 'ci' in "),
    ({"OS_CLOUD": "otc"}, {}, "FILEAK", "access keys from %s [basic]"),
])
def test_each_source_wins_over_those_after_it(home, variables, options, access_key, source):
    found = config(environment(home, **variables), **options)
    assert found.auth_method == "aksk" and found.access_key == access_key
    assert found.credential_source.startswith(source.replace("%s", str(home / ".huaweicloud" / "credentials")))


def test_clouds_yaml_then_metadata_last(home):
    (home / ".huaweicloud" / "credentials").unlink()
    found = config(environment(home, OS_CLOUD="otc"))
    assert (found.access_key, found.project_name, found.region, found.cloud) == (
        "CLOUDSAK", "eu-de_team", "eu-de", "otc.t-systems.com")
    assert found.endpoint("rds") == "https://rds.eu-de.otc.t-systems.com"
    metadata = config(environment(home))
    assert metadata.auth_method == "metadata"
    assert metadata.credential_source == "an ECS agency's keys from the ECS metadata service (http://169.254.169.254)"


def test_a_koocli_profile_is_read_only_when_asked_for(home):
    assert config(environment(home)).access_key == "FILEAK"
    assert config(environment(home, HW_SHARED_CONFIG_FILE=str(home / ".hcloud" / "config.json"))).access_key == \
        "KOOCLIAK"


def test_the_source_fills_what_the_options_leave_unset_and_no_more(home):
    found = config(environment(home, HW_PROFILE="ci", HW_REGION_NAME="eu-west-101"))
    assert (found.region, found.project_id) == ("eu-west-101", "koocli-project")
    assert found.assume_role == {"agency_name": "deployer", "domain_name": "owner"}
    assert found.credential_source.endswith(", exchanged for the keys of agency 'deployer'")
    overridden = config(environment(home, HW_PROFILE="ci", HW_ASSUME_ROLE_AGENCY_NAME="other"))
    assert overridden.assume_role == {"agency_name": "other", "domain_name": "owner"}


def test_the_sdk_file_sets_the_iam_endpoint_unless_an_option_does(home):
    assert config(environment(home)).endpoint("iam") == "https://iam.file"
    assert config(environment(home, HW_IAM_ENDPOINT="https://iam.option")).endpoint("iam") == "https://iam.option"


@pytest.mark.parametrize("options, method", [
    ({"idp_id": "github", "id_token": "jwt-value", "access_key": "A", "secret_key": "S"}, "oidc"),
    ({"access_key": "A", "secret_key": "S", "auth_token": "t"}, "aksk"),
    ({"auth_token": "t", "user_name": "u", "password": "p", "domain_name": "d"}, "token"),
    ({"user_name": "u", "password": "p", "domain_id": "d1"}, "password"),
])
def test_within_the_options_federation_then_keys_then_token_then_password(home, options, method):
    assert config(environment(home), **options).auth_method == method


def test_at_v_only_the_credentials_used_are_named_as_their_origin(home):
    both = environment(home, HW_ACCESS_KEY="HWAK", HW_SECRET_KEY="hw-secret", HW_USER_NAME="u",
                       HW_USER_PASSWORD="pw-secret", HW_DOMAIN_NAME="d")
    assert config(both).credential_source == ("access keys from HW_ACCESS_KEY, HW_SECRET_KEY; also set but not "
                                              "used: HW_USER_NAME, HW_USER_PASSWORD")
    assert config(environment(home), auth_token="t", user_name="u", password="p").credential_source == (
        "an IAM token from option auth_token; also set but not used: option user_name, option password")


@pytest.mark.parametrize("variables, options, message", [
    ({"HUAWEICLOUD_SDK_AK": "SDKAK"}, {}, "The HUAWEICLOUD_SDK_\\* variables: an access key pair needs both halves: "
                                          "HUAWEICLOUD_SDK_SK is missing"),
    ({}, {"security_token": "st"}, "Security_token \\(HW_SECURITY_TOKEN\\) goes with temporary access keys"),
    ({}, {"idp_id": "github"}, "OpenID Connect needs id_token \\(HW_ASSUME_ROLE_ID_TOKEN\\) or id_token_file"),
    ({}, {"id_token": "jwt-value"}, "An id token needs the IdP it comes from: idp_id \\(HW_ASSUME_ROLE_IDP_ID\\)"),
    ({"HW_PROFILE": "nobody"}, {}, "has no profile 'nobody' \\(it has: ci\\)"),
    ({"OS_CLOUD": "nowhere"}, {}, "has no cloud 'nowhere' \\(it has: otc\\)"),
    ({"HW_ASSUME_ROLE_AGENCY_NAME": "deployer"}, {}, "assume_role needs the domain the agency belongs to"),
    ({"HW_ASSUME_ROLE_AGENCY_NAME": "a", "HW_ASSUME_ROLE_DOMAIN_NAME": "d", "HW_ASSUME_ROLE_DURATION": "60"}, {},
     "assume_role.duration must be a number of seconds from 900 to 86400, got '60'"),
    ({"HW_AUTH_URL": "iam.example.com/v3"}, {}, "auth_url must be a URL"),
])
def test_a_broken_source_is_one_clear_error_and_never_a_fall_through(home, variables, options, message):
    if "OS_CLOUD" in variables:
        (home / ".huaweicloud" / "credentials").unlink()  # else it comes first
    with pytest.raises(ConfigurationError, match=message) as error:
        config(environment(home, **variables), **options)
    assert not any(secret in str(error.value) for secret in SECRETS)


def test_auth_url_gives_the_iam_endpoint_and_the_cloud(home):
    found = config(environment(home, OS_AUTH_URL="https://iam.eu-nl.otc.t-systems.com/v3"), region="eu-nl",
                   access_key="A", secret_key="S")
    assert (found.endpoint("iam"), found.endpoint("rds")) == ("https://iam.eu-nl.otc.t-systems.com",
                                                              "https://rds.eu-nl.otc.t-systems.com")


def test_what_is_said_at_v_names_sources_never_values(home):
    said = [config(environment(home, **variables), **options).credential_source for variables, options in (
        (HW, {}), (SDK, {}), ({"HW_PROFILE": "ci"}, {}), ({}, {}),
        ({"HW_ASSUME_ROLE_IDP_ID": "github", "HW_ASSUME_ROLE_ID_TOKEN": "jwt-value"}, {}),
        ({}, {"user_name": "u", "password": "option-secret", "domain_name": "d"}),
    )]
    assert said[4] == ("OpenID Connect federation (IdP 'github') from HW_ASSUME_ROLE_IDP_ID, "
                       "HW_ASSUME_ROLE_ID_TOKEN")
    assert said[5] == "IAM password login from option user_name, option password"
    assert not any(secret in text for text in said for secret in SECRETS + ("HWAK", "SDKAK", "KOOCLIAK", "FILEAK"))
