# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of ``rds_job_wait``: shows each job's progress in the play output while it waits.

A module cannot print until it ends.  When the task would run on the controller anyway (local
connection, no ``async``, no task ``environment``), this plugin runs the same waiting code
(``module_utils._job_wait``) in-process and prints a line per job as it moves, at most one every few
seconds.  In every other case it runs the module on its host, unchanged, so ``delegate_to``,
``async`` and the task's environment behave as for any module.
"""

from __future__ import annotations

import threading
import time

from ansible import constants
from ansible.errors import AnsibleActionFail
from ansible.module_utils.basic import missing_required_lib
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.hwcloud.tasks.plugins.module_utils import _job_wait, _schemas, _transport
from ansible_collections.hwcloud.tasks.plugins.module_utils._client import CloudClient
from ansible_collections.hwcloud.tasks.plugins.module_utils._connection import CONNECTION_ARGSPEC, ConnectionConfig
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError

display = Display()

MODULE = "hwcloud.tasks.rds_job_wait"


class ProgressLines:
    """Prints a job's state when it changes, at most every ``every`` seconds, and its end at once."""

    def __init__(self, host, every=5.0, heartbeat=60.0, clock=time.monotonic, write=display.display):
        self.host = host
        self.every = every
        self.heartbeat = heartbeat
        self.clock = clock
        self.write = write
        self._shown = {}
        self._lock = threading.Lock()

    def __call__(self, item, elapsed):
        record = item.record or {}
        if not record.get("found"):
            status = "not visible yet"
        else:
            progress = record.get("progress")
            status = "%s%s" % (record.get("state"), "" if progress is None or item.done else " %d%%" % progress)
        now = self.clock()
        with self._lock:
            last_time, last_status = self._shown.get(item.key, (None, None))
            changed = status != last_status
            due = last_time is None or (changed and now - last_time >= self.every) or now - last_time >= self.heartbeat
            if not (due or (item.done and changed)):
                return
            self._shown[item.key] = (now, status)
        name = record.get("name")
        self.write("[%s] rds_job_wait: %s%s: %s after %d s" % (self.host, item.key, " (%s)" % name if name else "",
                                                               status, elapsed))


class ActionModule(ActionBase):
    _supports_async = True
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        if not self._waits_on_controller():
            wrap_async = self._task.async_val and not self._connection.has_native_async
            result = merge_hash(result, self._execute_module(module_name=MODULE, module_args=self._task.args,
                                                             task_vars=task_vars, wrap_async=wrap_async))
            if not wrap_async:
                self._remove_tmp_path(self._connection._shell.tmpdir)
            return result
        if not (_transport.HAS_REQUESTS and _schemas.HAS_JSONSCHEMA):
            missing = "requests" if not _transport.HAS_REQUESTS else "jsonschema"
            raise AnsibleActionFail(missing_required_lib(missing))
        spec = dict(CONNECTION_ARGSPEC, **_job_wait.ARGUMENT_SPEC)
        _validation, params = self.validate_argument_spec(argument_spec=spec, **_job_wait.ARGUMENT_RULES)
        problem = _job_wait.check_options(params)
        if problem:
            raise AnsibleActionFail(problem)
        host = (task_vars or {}).get("inventory_hostname", "localhost")
        try:
            # The controller's private temporary folder shares login tokens with later tasks' workers.
            client = CloudClient(ConnectionConfig(params), shared_dir=constants.DEFAULT_LOCAL_TMP)
            outcome, failure = _job_wait.run(client, params, ProgressLines(host))
        except HwCloudError as error:
            result.update(error.as_result(), failed=True, changed=False)
            return result
        result.update(outcome)
        if failure:
            result["failed"] = True
        return result

    def _waits_on_controller(self):
        """Whether the module would run here, in this process's environment, and return only at its end."""
        return (
            not self._task.async_val
            and getattr(self._connection, "transport", None) in ("local", "ansible.builtin.local")
            and not any(self._task.environment or ())  # a play without `environment:` gives [{}]
        )
