# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The action plugins' shared base: run a module's own code on the controller when it would run there.

The modules only call cloud APIs, and most playbooks run them with ``connection: local``.  Then the
module's code (the same ``module_utils`` operation its ``main()`` runs) runs in this process: no
Python start-up and no module transfer per task, and a wait can print its progress as it goes.  In
every other case (another host, ``delegate_to`` a remote host, ``async``, a task ``environment``, or
a controller Python without requests or jsonschema) the module runs on its host as any module does.
"""

from __future__ import annotations

import os

from ansible import constants
from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.utils.vars import merge_hash

from ansible_collections.hwcloud.tasks.plugins.module_utils import _libraries
from ansible_collections.hwcloud.tasks.plugins.module_utils._client import client_from_options
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import CONNECTION_ARGSPEC
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.validation import validate
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._progress import display, play_progress, request_trace
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._shared_gateways import SharedGateways
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._shared_tokens import SharedTokens


def controller_has_libraries():
    """Whether this Python can run the operations: else the module runs, with the task's interpreter."""
    return _libraries.missing() is None


class ControllerAction(ActionBase):
    """Subclasses name the module (``MODULE``) and its operation (``OPERATION``: the module_utils file
    its main() runs through ``HwCloudModule.run_operation``)."""

    _supports_async = True
    _supports_check_mode = True

    MODULE = None
    OPERATION = None

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        if not self.runs_on_controller():
            return merge_hash(result, self._run_module(task_vars))
        operation = self.OPERATION
        spec = dict(CONNECTION_ARGSPEC, **operation.ARGUMENT_SPEC)
        params, problem, deprecations = validate(spec, operation.ARGUMENT_RULES, self._task.args, self.MODULE,
                                                 operation.check_options)
        if deprecations:  # a deprecated alias says so, as the module would (ansible-core shows them)
            result["deprecations"] = deprecations
        if problem:
            raise AnsibleActionFail(problem)
        host = (task_vars or {}).get("inventory_hostname", "localhost")
        try:
            # The controller's private temporary folder shares login tokens with later tasks' workers; the
            # user's, what each gateway allows with every process of the controller.
            client = client_from_options(params, token_store=SharedTokens(constants.DEFAULT_LOCAL_TMP),
                                         trace=request_trace(host),
                                         gateways=SharedGateways.for_user(os.environ, display.warning))
            display.v("[%s] %s: credentials: %s" % (host, self.MODULE, client.config.credential_source))
            # A wait shows its progress in the play output as it goes.
            outcome = operation.run(client, params, on_poll=play_progress(host, self.MODULE.rsplit(".", 1)[-1]))
        except HwCloudError as error:
            result.update(error.as_result(), failed=True, changed=False)
            return result
        result.update(outcome.module_result())
        if outcome.failure:
            result["failed"] = True
        return result

    def _run_module(self, task_vars):
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result = self._execute_module(module_name=self.MODULE, module_args=self._task.args, task_vars=task_vars,
                                      wrap_async=wrap_async)
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def runs_on_controller(self):
        """Whether the module would run here, in this process's environment, and return only at its end."""
        return (
            not self._task.async_val
            and getattr(self._connection, "transport", None) in ("local", "ansible.builtin.local")
            and not any(self._task.environment or ())  # a play without `environment:` gives [{}]
            and controller_has_libraries()
        )
