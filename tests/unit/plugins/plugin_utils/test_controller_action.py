"""The action plugins' base: when the module's code runs in this process, what it returns then, and the
module run on its host otherwise."""

import pytest
from ansible import constants
from ansible.errors import AnsibleActionFail

from ansible_collections.hwcloud.tasks.plugins.module_utils import _libraries
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import NotFoundError
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._controller_action import ControllerAction
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._shared_tokens import SharedTokens
from tests.unit.plugins.action_harness import CREDENTIALS, REMOTE_TMP, TASK_VARS, make_action, use_client
from tests.unit.plugins.fake_client import FakeClient
from tests.unit.plugins.fake_operation import operation


def action_for(op, args=None, **task):
    cls = type("ActionModule", (ControllerAction,), {"MODULE": "hwcloud.tasks.example", "OPERATION": op})
    return make_action(cls, dict(CREDENTIALS, name="n") if args is None else args, **task)


# --- where it runs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", ["local", "ansible.builtin.local"])
@pytest.mark.parametrize("environment", [None, [], [{}], [{}, {}]])
def test_a_local_task_without_async_or_environment_runs_on_the_controller(transport, environment):
    assert action_for(operation(), transport=transport, environment=environment).runs_on_controller()


@pytest.mark.parametrize(
    "task",
    [
        {"transport": "ssh"},
        {"transport": "community.general.chroot"},
        {"async_val": 60},
        {"environment": [{"HW_REGION_NAME": "eu-nl"}]},
        {"environment": [{}, {"HTTPS_PROXY": "http://proxy:3128"}]},
    ],
    ids=["ssh", "another connection", "async", "environment", "environment of a block"],
)
def test_any_other_task_runs_the_module(task):
    assert not action_for(operation(), **task).runs_on_controller()


@pytest.mark.parametrize("library", ["requests", "jsonschema"])
def test_a_controller_without_the_libraries_runs_the_module(monkeypatch, library):
    monkeypatch.setitem(_libraries.IMPORT_ERRORS, library, ImportError("No module named %r" % library))
    assert not action_for(operation()).runs_on_controller()


# --- in this process -------------------------------------------------------------------------------


def test_the_operation_runs_here_on_a_client_that_shares_login_tokens(monkeypatch):
    client = FakeClient()
    made = use_client(monkeypatch, client)
    seen = []
    op = operation(run=lambda cloud, params: seen.append((cloud, params["name"])) or ({"read": "it"}, None))
    action = action_for(op)
    result = action.run(task_vars=TASK_VARS)
    assert (result["read"], result["changed"]) == ("it", False) and "failed" not in result
    assert seen == [(client, "n")]
    (config, token_store), = made
    assert config.region == "eu-de" and config.auth_method == "aksk"
    assert isinstance(token_store, SharedTokens) and token_store.folder == constants.DEFAULT_LOCAL_TMP
    action._execute_module.assert_not_called()


@pytest.mark.parametrize(
    "args, says",
    [
        (dict(CREDENTIALS), "missing required arguments: name"),
        (dict(CREDENTIALS, name="n", other="o"), "parameters are mutually exclusive: name|other"),
        (dict(CREDENTIALS, name="n", api_timeout="soon"), "api_timeout"),
        (dict(CREDENTIALS, name="n", nmae="typo"), "Unsupported parameters"),
    ],
)
def test_options_are_checked_with_the_modules_spec_before_any_client(monkeypatch, args, says):
    made = use_client(monkeypatch, FakeClient())
    with pytest.raises(AnsibleActionFail) as refused:
        action_for(operation(), args).run(task_vars=TASK_VARS)
    assert says in refused.value.message and made == []


def test_a_problem_check_options_finds_fails_before_any_client(monkeypatch):
    made = use_client(monkeypatch, FakeClient())
    with pytest.raises(AnsibleActionFail, match="name must not be empty"):
        action_for(operation(problem="name must not be empty")).run(task_vars=TASK_VARS)
    assert made == []


def test_a_connection_problem_is_a_failed_result():
    result = action_for(operation(), dict(CREDENTIALS, name="n", api_timeout=0)).run(task_vars=TASK_VARS)
    assert (result["failed"], result["msg"]) == (True, "api_timeout must be a positive number of seconds, got 0.0")


def test_a_cloud_error_is_a_failed_result_with_the_clouds_fields(monkeypatch):
    use_client(monkeypatch, FakeClient())
    gone = NotFoundError("GET u failed", status=404, error_code="DBS.280238", error_msg="The job does not exist.",
                         request_id="rid", url="u")

    def run(client, params):
        raise gone

    result = action_for(operation(run=run)).run(task_vars=TASK_VARS)
    assert (result["failed"], result["changed"], result["msg"]) == (True, False, str(gone))
    assert (result["http_status"], result["error_code"], result["error_msg"], result["request_id"], result["url"]) == (
        404, "DBS.280238", "The job does not exist.", "rid", "u")


def test_a_failure_message_fails_the_task_with_the_result(monkeypatch):
    use_client(monkeypatch, FakeClient())
    op = operation(run=lambda client, params: ({"jobs": [], "msg": "0 of 1 finished"}, "job j1 failed: why"))
    result = action_for(op).run(task_vars=TASK_VARS)
    assert (result["failed"], result["msg"], result["jobs"], result["changed"]) == (
        True, "job j1 failed: why", [], False)


# --- the module on its host ------------------------------------------------------------------------


def test_elsewhere_the_module_runs_with_the_tasks_own_arguments():
    args = {"name": "n", "region": "{{ region }}"}
    action = action_for(operation(), args, transport="ssh")
    assert action.run(task_vars=TASK_VARS) == {"ran": "module"}
    action._execute_module.assert_called_once_with(module_name="hwcloud.tasks.example", module_args=args,
                                                   task_vars=TASK_VARS, wrap_async=False)
    action._remove_tmp_path.assert_called_once_with(REMOTE_TMP)


@pytest.mark.parametrize("native_async, wrapped", [(False, True), (True, False)])
def test_an_async_task_runs_the_module_wrapped_for_async_unless_the_connection_does_it(native_async, wrapped):
    action = action_for(operation(), async_val=60, native_async=native_async)
    assert action.run(task_vars=TASK_VARS) == {"ran": "module"}
    assert action._execute_module.call_args.kwargs["wrap_async"] is wrapped
    assert action._remove_tmp_path.called is not wrapped  # the async wrapper cleans up after itself
