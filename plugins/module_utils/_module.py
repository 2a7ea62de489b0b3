# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The thin ``AnsibleModule`` every module of the collection is built on."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.hwcloud.tasks.plugins.module_utils import _libraries
from ansible_collections.hwcloud.tasks.plugins.module_utils._client import client_from_options
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import CONNECTION_ARGSPEC


class HwCloudModule(AnsibleModule):
    """``AnsibleModule`` with the shared connection options, a client, and clean failures."""

    def __init__(self, argument_spec, supports_check_mode=True, **kwargs):
        spec = dict(CONNECTION_ARGSPEC)
        spec.update(argument_spec)
        super().__init__(argument_spec=spec, supports_check_mode=supports_check_mode, **kwargs)
        missing = _libraries.missing()
        if missing:
            self.fail_json(msg=missing_required_lib(missing[0]), exception=str(missing[1]))

    # At -vvvv the result carries a line per HTTP request and retry: a module cannot print.
    TRACE_VERBOSITY = 4

    def client(self):
        trace = None
        if self._verbosity >= self.TRACE_VERBOSITY:
            self.request_trace = []
            trace = self.request_trace.append
        try:
            client = client_from_options(self.params, trace=trace)
        except HwCloudError as error:
            self.fail_from_error(error)
        if self._verbosity >= 1:
            self.log("hwcloud.tasks: credentials: %s" % client.config.credential_source)
        return client

    def exit_json(self, **result):
        super().exit_json(**self._traced(result))

    def fail_json(self, msg, **result):
        super().fail_json(msg, **self._traced(result))

    def _traced(self, result):
        if getattr(self, "request_trace", None) is not None:
            result["request_trace"] = self.request_trace
        return result

    def fail_from_error(self, error, **result):
        """Fail with the cloud's code, message and request id as fields, never a traceback."""
        result.update(error.as_result())
        self.fail_json(**result)

    @classmethod
    def run_operation(cls, operation):
        """A module's whole main(): ``operation`` is its module_utils file, which the action plugin runs too.

        It has ``ARGUMENT_SPEC``, ``ARGUMENT_RULES``, ``check_options(params)`` (a message or None) and
        ``run(client, params)`` (an ``_ops.result.Result``; may raise ``HwCloudError``).
        """
        module = cls(argument_spec=operation.ARGUMENT_SPEC, **operation.ARGUMENT_RULES)
        problem = operation.check_options(module.params)
        if problem:
            module.fail_json(msg=problem)
        try:
            result = operation.run(module.client(), module.params)
        except HwCloudError as error:
            module.fail_from_error(error)
        if result.failure:
            module.fail_json(**result.module_result())
        module.exit_json(**result.module_result())
