"""HwCloudModule.run_operation, a module's whole main(): options checked before any client is made,
cloud errors and failure messages as failed results, never a traceback."""

import json
import types

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.hwcloud.tasks.plugins.module_utils import _client, _libraries
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import NotFoundError
from ansible_collections.hwcloud.tasks.plugins.module_utils._module import HwCloudModule
from tests.unit.plugins.fake_operation import operation

CREDENTIALS = {"access_key": "AK", "secret_key": "SK", "region": "eu-de"}


@pytest.fixture
def clients(monkeypatch):
    """The clients the module made, each given the config it was made from."""
    made = []

    def cloud_client(config, token_store=None, trace=None, gateways=None):
        made.append(config)
        return types.SimpleNamespace(config=config)

    monkeypatch.setattr(_client, "CloudClient", cloud_client)
    return made


def run_module(capsys, op, args):
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            HwCloudModule.run_operation(op)
    return json.loads(capsys.readouterr().out)


def test_the_result_of_the_operation_is_returned_unchanged(capsys, clients):
    result = run_module(capsys, operation(), dict(CREDENTIALS, name="n"))
    assert (result["read"], result["changed"]) == ("n", False) and "failed" not in result
    assert [config.region for config in clients] == ["eu-de"]


def test_the_client_is_made_from_the_connection_options(capsys, clients):
    seen = []
    op = operation(run=lambda client, params: seen.append(client) or ({}, None))
    run_module(capsys, op, dict(CREDENTIALS, name="n", endpoints={"rds": "http://127.0.0.1:8080"}))
    assert [client.config for client in seen] == clients and clients[0].endpoint("rds") == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    "op, args, says",
    [
        (operation(), dict(CREDENTIALS), "missing required arguments: name"),
        (operation(), dict(CREDENTIALS, name="n", other="o"), "parameters are mutually exclusive: name|other"),
        (operation(), dict(CREDENTIALS, name="n", nmae="typo"), "Unsupported parameters"),
        (operation(problem="name must not be empty"), dict(CREDENTIALS, name=""), "name must not be empty"),
    ],
)
def test_option_problems_fail_before_a_client_is_made(capsys, clients, op, args, says):
    result = run_module(capsys, op, args)
    assert result["failed"] and says in result["msg"]
    assert clients == []


def test_connection_problems_fail_with_their_message(capsys):
    result = run_module(capsys, operation(), dict(CREDENTIALS, name="n", api_timeout=0))
    assert (result["failed"], result["msg"]) == (True, "api_timeout must be a positive number of seconds, got 0.0")


def test_a_cloud_error_fails_with_its_status_code_and_request_id(capsys, clients):
    gone = NotFoundError("GET u failed", status=404, error_code="DBS.280238", error_msg="The job does not exist.",
                         request_id="rid", url="u")

    def run(client, params):
        raise gone

    result = run_module(capsys, operation(run=run), dict(CREDENTIALS, name="n"))
    assert result["failed"] and result["msg"] == str(gone)
    assert (result["http_status"], result["error_code"], result["error_msg"], result["request_id"], result["url"]) == (
        404, "DBS.280238", "The job does not exist.", "rid", "u")
    assert "exception" not in result


def test_a_failure_message_fails_with_the_result(capsys, clients):
    op = operation(run=lambda client, params: ({"jobs": [{"id": "j1"}], "msg": "1 of 1"}, "job j1 failed: why"))
    result = run_module(capsys, op, dict(CREDENTIALS, name="n"))
    assert (result["failed"], result["msg"], result["jobs"], result["changed"]) == (
        True, "job j1 failed: why", [{"id": "j1"}], False)


@pytest.mark.parametrize("library", ["requests", "jsonschema"])
def test_a_missing_library_is_named(capsys, monkeypatch, clients, library):
    monkeypatch.setitem(_libraries.IMPORT_ERRORS, library, ImportError("No module named %r" % library))
    result = run_module(capsys, operation(), dict(CREDENTIALS, name="n"))
    assert result["failed"] and "Failed to import the required Python library (%s)" % library in result["msg"]
    assert clients == []
