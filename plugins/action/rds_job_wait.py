# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of ``rds_job_wait``: shows each job's progress in the play output while it waits.

A module cannot print until it ends.  When the task would run on the controller anyway, the same
waiting code (``module_utils._job_wait``) runs in-process (see ``plugin_utils._controller_action``)
and prints a line per job as it moves, at most one every few seconds.
"""

from __future__ import annotations

import threading
import time

from ansible.utils.display import Display

from ansible_collections.hwcloud.tasks.plugins.module_utils import _job_wait
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._controller_action import ControllerAction

display = Display()


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


class ActionModule(ControllerAction):
    MODULE = "hwcloud.tasks.rds_job_wait"
    OPERATION = _job_wait

    def progress(self, host):
        return ProgressLines(host)
