"""The official SDK's variables and credentials file, read as the SDK reads them."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._credentials.sdk import from_environment, from_file
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError


def test_no_sdk_variable_means_no_source():
    assert from_environment({"HUAWEICLOUD_SDK_PROJECT_ID": "p", "HW_ACCESS_KEY": "AK"}) is None


def test_keys_from_the_sdk_variables():
    where, values, names = from_environment({"HUAWEICLOUD_SDK_AK": "AK", "HUAWEICLOUD_SDK_SK": " SK\n",
                                             "HUAWEICLOUD_SDK_PROJECT_ID": "p",
                                             "HUAWEICLOUD_SDK_IAM_ENDPOINT": "https://iam.example"})
    assert values == {"access_key": "AK", "secret_key": "SK", "project_id": "p", "iam_endpoint": "https://iam.example"}
    assert where == "the HUAWEICLOUD_SDK_* variables" and names["secret_key"] == "HUAWEICLOUD_SDK_SK"


def test_an_idp_with_its_id_token_file_wins_over_keys_as_in_the_sdk():
    _where, values, _names = from_environment({"HUAWEICLOUD_SDK_AK": "AK", "HUAWEICLOUD_SDK_SK": "SK",
                                               "HUAWEICLOUD_SDK_IDP_ID": "github",
                                               "HUAWEICLOUD_SDK_ID_TOKEN_FILE": "/run/token"})
    assert values == {"idp_id": "github", "id_token_file": "/run/token"}


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_the_file_in_home_is_read_when_no_variable_names_one(tmp_path):
    write(tmp_path / ".huaweicloud" / "credentials",
          "[basic]\nak = AK\nsk = S%K\nproject_id = p\niam_endpoint = https://iam.example\n[global]\nak = other\n")
    where, values, names = from_file({}, str(tmp_path))
    assert values == {"access_key": "AK", "secret_key": "S%K", "project_id": "p", "iam_endpoint": "https://iam.example"}
    assert where.endswith(".huaweicloud/credentials [basic]") and names["secret_key"] == "sk"


def test_the_variable_names_the_file(tmp_path):
    path = write(tmp_path / "elsewhere.ini", "[basic]\nidp_id = gitlab\nid_token_file = /run/jwt\n")
    assert from_file({"HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(path)}, "/nonexistent")[1] == {
        "idp_id": "gitlab", "id_token_file": "/run/jwt"}


def test_no_file_means_no_source(tmp_path):
    assert from_file({}, str(tmp_path)) is None


@pytest.mark.parametrize("text, message", [
    ("ak = AK\nsk = secret-value\n", "is not in INI format \\(line 1\\)"),
    ("[basic]\nsk secret-value\n", "is not in INI format \\(line 2\\)"),
    ("[global]\nak = AK\nsk = secret-value\n", "has no \\[basic\\] section"),
    ("[basic]\nproject_id = p\n", "has neither ak and sk nor idp_id and id_token_file"),
])
def test_a_broken_file_is_one_clear_error_naming_it_and_never_quoting_it(tmp_path, text, message):
    path = write(tmp_path / ".huaweicloud" / "credentials", text)
    with pytest.raises(ConfigurationError, match=message) as error:
        from_file({}, str(tmp_path))
    assert str(path) in str(error.value) and "secret-value" not in str(error.value)


def test_a_named_file_that_is_missing_is_an_error(tmp_path):
    with pytest.raises(ConfigurationError, match="HUAWEICLOUD_SDK_CREDENTIALS_FILE names .*missing.ini"):
        from_file({"HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(tmp_path / "missing.ini")}, str(tmp_path))


def test_an_unreadable_file_is_an_error(tmp_path):
    (tmp_path / ".huaweicloud" / "credentials").mkdir(parents=True)  # unreadable as a file, even for root
    with pytest.raises(ConfigurationError, match="Cannot read the SDK credentials file .*credentials: Is a directory"):
        from_file({}, str(tmp_path))
