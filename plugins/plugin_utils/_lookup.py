# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The lookups' shared base: a module's operation run from a template, on the controller.

A lookup reads its options (its DOCUMENTATION, the connection and wait doc fragments), checks the
operation's own options with the operation's spec and rules (as the module and the command line do),
takes the connection from its own options, then from ``connection`` (the variable
``hwcloud_tasks_connection``: Ansible gives ``module_defaults`` to modules only, so a play shares one
connection by handing the same variable to ``module_defaults``), then from the controller's environment,
and runs the operation with a client whose login token is shared by every worker process of the
``ansible-playbook`` run.  Cloud errors and failed waits become one ``AnsibleError`` line, named after
the lookup.
"""

from __future__ import annotations

import os

from ansible import constants
from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

from ansible_collections.hwcloud.tasks.plugins.module_utils._client import client_from_options
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import CONNECTION_ARGSPEC
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.validation import unknown_options, validate
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._progress import display, request_trace
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._shared_gateways import SharedGateways
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._shared_tokens import SharedTokens


class OperationLookup(LookupBase):
    """Subclasses name themselves (``NAME``), their operation (``OPERATION``, a module_utils file) and say
    which of its options the terms and the lookup's options set (``operation_params``); they return the
    records the operation read or waited on (``execute``)."""

    NAME = None
    OPERATION = None

    def operation_params(self, terms):
        """The operation's options (not the connection's) from the terms and ``self.get_option``."""
        raise NotImplementedError

    def execute(self, client, params):
        """Run the operation: ``(records to return, failure message or None)``."""
        result = self.OPERATION.run(client, params)
        return result.records, result.failure

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        # Ansible ignores options a lookup does not document: a typo (wiat=true) must not pass silently.
        unknown = unknown_options(kwargs, set(self._options) - {"_terms"}, self.NAME)
        if unknown:
            raise AnsibleError(unknown)
        params, problem, deprecations = validate(self.OPERATION.ARGUMENT_SPEC, self.OPERATION.ARGUMENT_RULES,
                                                 self.given(self.operation_params(terms)), self.NAME,
                                                 self.OPERATION.check_options)
        if problem:
            raise self.error(problem)
        for deprecation in deprecations:
            display.deprecated(deprecation["msg"], version=deprecation.get("version"),
                               collection_name=deprecation.get("collection_name"))
        connection = self.connection(kwargs)
        try:
            # The controller's private temporary folder shares login tokens with later lookups' workers; the
            # user's, what each gateway allows with every process of the controller.
            client = client_from_options(connection, token_store=SharedTokens(constants.DEFAULT_LOCAL_TMP),
                                         trace=request_trace(),
                                         gateways=SharedGateways.for_user(os.environ, display.warning))
            display.v("%s: credentials: %s" % (self.NAME, client.config.credential_source))
            records, failure = self.execute(client, params)
        except HwCloudError as error:
            raise self.error(error) from None
        if failure:
            raise self.error(failure)
        return records

    def connection(self, direct):
        """The connection options: those given to the lookup (``direct``) win over ``connection``, which
        wins over the environment, as a task's arguments win over ``module_defaults`` and those over it."""
        # From the play's variables it comes as written: its templates ({{ vault_secret_key }}) are rendered here.
        shared = self._templar.template(self.get_option("connection") or {})
        unknown = unknown_options(shared, CONNECTION_ARGSPEC, "%s: connection" % self.NAME)
        if unknown:
            raise AnsibleError(unknown)
        given = dict(shared, **{name: self.get_option(name) for name in CONNECTION_ARGSPEC if name in direct})
        connection, problem, _deprecations = validate(CONNECTION_ARGSPEC, {}, given, self.NAME)
        if problem:
            raise self.error(problem)
        return connection

    @staticmethod
    def given(params):
        """Options set to None count as not given (the rules of the operation's spec count keys)."""
        return {name: value for name, value in params.items() if value is not None}

    def error(self, message):
        return AnsibleError("%s: %s" % (self.NAME, message))
