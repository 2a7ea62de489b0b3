"""``hwtasks`` finds credentials where the modules do: the same chain, said on stderr with --verbose."""

import json

import pytest

from tests.cli.conftest import assert_one_line_error, explain

pytestmark = pytest.mark.emulator

NO_KEYS = {"HW_ACCESS_KEY": None, "HW_SECRET_KEY": None}


def test_verbose_says_where_the_credentials_came_from_and_never_a_value(hwtasks):
    job = hwtasks.job()
    process = hwtasks("job", job["id"], "--verbose")
    assert process.returncode == 0, explain(process)
    assert "hwtasks: credentials: access keys from HW_ACCESS_KEY, HW_SECRET_KEY\n" in process.stderr
    assert hwtasks.emu.credentials["access_key"] not in process.stderr
    assert "credentials:" not in hwtasks("job", job["id"]).stderr


def test_the_sdk_variables_and_a_koocli_profile(hwtasks):
    credentials = hwtasks.emu.credentials
    job = hwtasks.job()
    sdk = dict(NO_KEYS, HUAWEICLOUD_SDK_AK=credentials["access_key"], HUAWEICLOUD_SDK_SK=credentials["secret_key"])
    process = hwtasks("job", job["id"], "-v", env=sdk)
    assert process.returncode == 0 and "from the HUAWEICLOUD_SDK_* variables" in process.stderr, explain(process)
    (hwtasks.home / ".hcloud").mkdir()
    (hwtasks.home / ".hcloud" / "config.json").write_text(json.dumps({"profiles": [{
        "name": "ci", "mode": "AKSK", "accessKeyId": credentials["access_key"],
        "secretAccessKey": credentials["secret_key"]}]}))
    process = hwtasks("job", job["id"], "--profile", "ci", "-v", env=NO_KEYS)
    assert process.returncode == 0 and "from KooCLI profile 'ci' in " in process.stderr, explain(process)


def test_a_broken_source_is_one_line_and_exit_2(hwtasks):
    process = hwtasks("job", "x", "--profile", "nobody", env=NO_KEYS)
    line = assert_one_line_error(process, 2, "does not exist (shared_config_file / HW_SHARED_CONFIG_FILE)")
    assert str(hwtasks.home) in line


def test_no_credentials_at_all_says_where_it_looked_and_exits_2(hwtasks):
    process = hwtasks("job", "x", env=NO_KEYS)
    line = assert_one_line_error(process, 2, "No credentials given.", "Looked in: ",
                                 "the ECS metadata service at http://127.0.0.1:9 did not answer")
    assert "KooCLI profile" in line and "clouds.yaml" in line


def test_an_id_token_is_never_a_command_line_value(hwtasks):
    line = assert_one_line_error(hwtasks("job", "x", "--id-token", "eyJ.secret.jwt"), 2,
                                 "secrets are never taken as command-line values", "HW_ASSUME_ROLE_ID_TOKEN")
    assert "eyJ.secret.jwt" not in line
