# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark helper: writes when the play and each task started and ended to $BENCH_TIMES_FILE (JSON)."""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: bench_times
type: aggregate
short_description: Record task start and end times for bench/ (not part of the collection)
description:
  - "Writes when the play and each task started and ended (UNIX times), and each task's C(attempts),
    as JSON to the file named by the E(BENCH_TIMES_FILE) environment variable when the playbook ends."
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_times"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._record = {"started": time.time(), "ended": None, "tasks": []}
        self._by_uuid = {}

    def v2_playbook_on_task_start(self, task, is_conditional):
        entry = {"name": task.get_name(), "started": time.time(), "ended": None, "attempts": None,
                 "failed": False, "items": 0}
        self._by_uuid[task._uuid] = entry
        self._record["tasks"].append(entry)

    def _ended(self, result, failed=False):
        entry = self._by_uuid.get(result._task._uuid)
        if entry is None:
            return
        entry["ended"] = time.time()
        entry.setdefault("hosts", {})[result._host.get_name()] = entry["ended"]
        entry["failed"] = entry["failed"] or failed
        attempts = result._result.get("attempts")
        if attempts is not None:
            entry["attempts"] = attempts
        for key in ("polls", "elapsed"):
            if key in result._result:
                entry[key] = result._result[key]

    def v2_runner_on_ok(self, result):
        self._ended(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._ended(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._ended(result)

    def v2_runner_item_on_ok(self, result):
        entry = self._by_uuid.get(result._task._uuid)
        if entry is not None:
            entry["items"] += 1
            entry["attempts_total"] = entry.get("attempts_total", 0) + (result._result.get("attempts") or 1)

    def v2_playbook_on_stats(self, stats):
        self._record["ended"] = time.time()
        path = os.environ.get("BENCH_TIMES_FILE")
        if path:
            with open(path, "w") as out:
                json.dump(self._record, out)
