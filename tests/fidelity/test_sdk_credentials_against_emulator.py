"""The official SDK's own credential providers against the emulator: its variables, its credentials file,
and its OpenID Connect federation (HUAWEICLOUD_SDK_IDP_ID, _ID_TOKEN_FILE, _IAM_ENDPOINT).

What the collection reads from the same places (``_credentials.sdk``) must mean what it means to the SDK;
and the emulator's IAM (id-token/tokens, securitytokens) must answer the way the SDK expects.
"""

import os

import pytest

pytest.importorskip("huaweicloudsdkcore")
pytest.importorskip("huaweicloudsdkrds")

from huaweicloudsdkcore.auth.provider import EnvCredentialProvider, ProfileCredentialProvider  # noqa: E402
from huaweicloudsdkrds.v3 import ListJobInfoRequest, RdsClient  # noqa: E402

from ansible_collections.hwcloud.tasks.emulator import Emulator  # noqa: E402
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import (  # noqa: E402
    ConnectionConfig,
    with_environment,
)

pytestmark = [pytest.mark.sdk, pytest.mark.emulator]

ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.sdk-fidelity.signature"


@pytest.fixture(scope="module")
def emu():
    with Emulator(speed=20) as emulator:
        emulator.control("POST", "/_emulator/identity", {"identity_providers": {"github": ID_TOKEN}})
        yield emulator


@pytest.fixture
def sdk_environment(emu, tmp_path, monkeypatch):
    """A HOME of its own and none of the SDK's variables but those a test sets."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_IDP_ID", "HUAWEICLOUD_SDK_ID_TOKEN_FILE",
                 "HUAWEICLOUD_SDK_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HUAWEICLOUD_SDK_IAM_ENDPOINT", emu.url)
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", emu.credentials["project_id"])
    emu.control("DELETE", "/_emulator/requests")
    return monkeypatch


def read_a_job(emu, credentials):
    job = emu.control("POST", "/_emulator/jobs", {"duration": 3600})
    client = RdsClient.new_builder().with_credentials(credentials).with_endpoints([emu.url]).build()
    answer = client.list_job_info(ListJobInfoRequest(id=job["id"]))
    assert answer.job.id == job["id"]
    log = emu.control("GET", "/_emulator/requests")
    return log, [entry["credential"] for entry in log["log"] if entry["path"].endswith("/jobs")]


def ours():
    """What the collection's chain makes of the same environment and HOME."""
    environ = dict(os.environ)
    for name in [name for name in environ if name.startswith(("HW_", "OS_"))]:
        del environ[name]
    return ConnectionConfig(with_environment({}, environ), environ=environ)


def id_token_file(tmp_path):
    path = tmp_path / "id-token"
    path.write_text(ID_TOKEN + "\n")
    return str(path)


def test_the_sdks_federated_path_from_its_variables(emu, sdk_environment, tmp_path):
    sdk_environment.setenv("HUAWEICLOUD_SDK_IDP_ID", "github")
    sdk_environment.setenv("HUAWEICLOUD_SDK_ID_TOKEN_FILE", id_token_file(tmp_path))
    log, signers = read_a_job(emu, EnvCredentialProvider.get_basic().get_credentials())
    assert log["counts"]["POST /v3.0/OS-AUTH/id-token/tokens"] == 1
    assert log["counts"]["POST /v3.0/OS-CREDENTIAL/securitytokens"] == 1
    assert len(signers) == 1 and signers[0].startswith("temporary key EMUTMP") and signers[0].endswith(
        "(OIDC idp github)")
    config = ours()
    assert (config.auth_method, config.idp_id, config.endpoint("iam")) == ("oidc", "github", emu.url)


def test_the_sdks_keys_from_its_variables(emu, sdk_environment):
    sdk_environment.setenv("HUAWEICLOUD_SDK_AK", emu.credentials["access_key"])
    sdk_environment.setenv("HUAWEICLOUD_SDK_SK", emu.credentials["secret_key"])
    _log, signers = read_a_job(emu, EnvCredentialProvider.get_basic().get_credentials())
    assert signers == ["access key " + emu.credentials["access_key"]]
    assert (ours().access_key, ours().project_id) == (emu.credentials["access_key"], emu.credentials["project_id"])


@pytest.mark.parametrize("section, signer", [("keys", "access key EMULATORACCESSKEY0001"),
                                             ("federated", "(OIDC idp github)")])
def test_the_sdks_credentials_file_in_home(emu, sdk_environment, tmp_path, section, signer):
    if section == "keys":
        lines = ["ak = %s" % emu.credentials["access_key"], "sk = %s" % emu.credentials["secret_key"]]
    else:
        lines = ["idp_id = github", "id_token_file = %s" % id_token_file(tmp_path), "iam_endpoint = %s" % emu.url]
    lines.append("project_id = %s" % emu.credentials["project_id"])  # the file's own, as the SDK reads it
    (tmp_path / ".huaweicloud").mkdir(exist_ok=True)
    (tmp_path / ".huaweicloud" / "credentials").write_text("[basic]\n%s\n" % "\n".join(lines))
    _log, signers = read_a_job(emu, ProfileCredentialProvider.get_basic().get_credentials())
    assert len(signers) == 1 and signers[0].endswith(signer)
    sdk_environment.delenv("HUAWEICLOUD_SDK_PROJECT_ID")
    config = ours()
    assert (config.auth_method, config.project_id) == ({"keys": "aksk", "federated": "oidc"}[section],
                                                       emu.credentials["project_id"])
