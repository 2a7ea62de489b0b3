"""Action plugins as the task executor makes them, with mocks for the task and its connection (as
ansible-core's own unit tests build them), a fake client, and progress lines kept in a list."""

from unittest import mock

from ansible_collections.hwcloud.tasks.plugins.module_utils import _client
from ansible_collections.hwcloud.tasks.plugins.plugin_utils import _controller_action, _progress

CREDENTIALS = {"access_key": "AK", "secret_key": "SK", "region": "eu-de"}
TASK_VARS = {"inventory_hostname": "db1"}
REMOTE_TMP = "/remote/tmp"


def make_action(cls, args, transport="local", async_val=0, environment=None, native_async=False):
    """An instance of action plugin ``cls`` for a task with ``args``; the module path answers ``{"ran": "module"}``."""
    task = mock.MagicMock(args=dict(args), async_val=async_val, environment=environment, check_mode=False)
    connection = mock.MagicMock(transport=transport, has_native_async=native_async)
    connection._shell.tmpdir = REMOTE_TMP
    action = cls(task, connection, play_context=mock.MagicMock(), loader=None, templar=None, shared_loader_obj=None)
    action._execute_module = mock.MagicMock(return_value={"ran": "module"})
    action._remove_tmp_path = mock.MagicMock()
    return action


def use_client(monkeypatch, client):
    """Make the action plugins run on ``client``; returns the ``(config, token_store)`` of each client made."""
    made = []

    def cloud_client(config, token_store=None, trace=None, gateways=None):
        made.append((config, token_store))
        client.config = config
        return client

    monkeypatch.setattr(_client, "CloudClient", cloud_client)
    return made


def keep_progress(monkeypatch):
    """The progress lines the action plugins write to the play output, in a list."""
    lines = []
    monkeypatch.setattr(_controller_action, "play_progress",
                        lambda host, module: _progress.play_progress(host, module, write=lines.append))
    return lines
