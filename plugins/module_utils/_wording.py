# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""How a task's state is said, everywhere: progress lines, descriptions, and why a wait failed.

The play output of a waiting module, the ``hwtasks`` command line and failure messages all word a
task through this file, so that they say the same thing the same way.
"""

from __future__ import annotations

import threading
import time


def status(record):
    """``running 40%``, ``succeeded``, ``not visible yet``: where one task is, in a few words."""
    if not record.get("found"):
        return "not visible yet"
    progress = record.get("progress")
    shown = record.get("state") or "unknown"
    if progress is not None and not record.get("terminal"):
        shown += " %d%%" % progress
    return shown


def instance_of(record):
    """``(id, name)`` of the task's instance: a job nests it under ``instance``, a listed task does not."""
    nested = record.get("instance") or {}
    return record.get("instance_id") or nested.get("id"), record.get("instance_name") or nested.get("name")


def describe(noun, key, record, instance_id=None):
    """``job <id> (<name> on instance <id> '<name>')``, for messages; ``noun`` says what it is."""
    record = record or {}
    found_id, found_name = instance_of(record)
    what = [record["name"]] if record.get("name") else []
    if found_id or instance_id:
        what.append("on instance %s%s" % (found_id or instance_id, " %r" % found_name if found_name else ""))
    return "%s %s%s" % (noun, key, " (%s)" % " ".join(what) if what else "")


def progress_line(item, elapsed):
    """``<id>: running 40% after 12 s (<name>)``: one line of a wait's progress, what matters first
    should a terminal cut it."""
    record = item.record or {}
    name = record.get("name")
    return "%s: %s after %d s%s" % (item.key, status(record), elapsed, " (%s)" % name if name else "")


def not_known(noun, records):
    """``not known to the cloud: job a (DBS.280238 ..., request id r1); job b (...)``, or None when all are known."""
    unknown = ["%s (%s)" % (describe(noun, record["id"], None), _answer(record))
               for record in records if not record.get("found")]
    return "not known to the cloud: %s" % "; ".join(unknown) if unknown else None


def _answer(record):
    """What the cloud said of an id it does not know: its code, message and request id."""
    said = " ".join(str(part) for part in (record.get("error_code"), record.get("error_msg")) if part)
    return said + (", request id %s" % record["request_id"] if record.get("request_id") else "")


def _missing(noun, item, options, instance_id):
    record = item.record or {}
    answer = ": %s %s" % (record["error_code"], record.get("error_msg")) if record.get("error_code") else ""
    grace = options["visibility_timeout"]
    if grace:
        why = "never appeared: the cloud did not know it after %s s (visibility_timeout)" % grace
    else:
        why = "is not known to the cloud"
    return item.cite("%s %s%s" % (describe(noun, item.key, None, instance_id), why, answer))


def _failed(noun, item, instance_id):
    record = item.record or {}
    when = " at %s" % record["finished_at"] if record.get("finished_at") else ""
    reason = record.get("fail_reason") or "the cloud gave no reason (status %s)" % record.get("status")
    return item.cite("%s failed%s: %s" % (describe(noun, item.key, record, instance_id), when, reason))


def _unfinished(noun, item, instance_id):
    shown = "%s %s" % (describe(noun, item.key, item.record, instance_id),
                       "never read" if item.record is None else status(item.record))
    if item.last_error is not None:
        shown += ", last error: %s" % item.last_error
    return shown


def wait_failure(outcome, options, noun, instance_id=None, timeout_option="timeout"):
    """Why a wait fails, or None: tasks that never appeared, failed (with ``fail_on_failed``), a timeout.

    ``outcome`` is the waiter's; ``options`` holds the wait options (``timeout_option`` names the timeout).
    """
    parts = [_missing(noun, item, options, instance_id) for item in outcome.tracked if item.missing]
    if options["fail_on_failed"]:
        parts += [_failed(noun, item, instance_id) for item in outcome.tracked
                  if (item.record or {}).get("state") == "failed"]
    if outcome.timed_out:
        still = [_unfinished(noun, item, instance_id) for item in outcome.unfinished]
        parts.append("timed out after %s s (%s) with %d still unfinished: %s"
                     % (options[timeout_option], timeout_option, len(still), "; ".join(still)))
    return "; ".join(parts) or None


class ProgressLines:
    """Writes a wait's progress for a log: a line per task when its state changes, at most one every
    ``every`` seconds, its end at once, and a heartbeat so the log never goes quiet for long (CI
    systems stop jobs that print nothing for ten minutes).  An ``on_poll`` callback of the waiter;
    polls of several tasks run on several threads, hence the lock.
    """

    def __init__(self, write, prefix="", every=5.0, heartbeat=60.0, clock=time.monotonic):
        self.write = write
        self.prefix = prefix
        self.every = every
        self.heartbeat = heartbeat
        self.clock = clock
        self._shown = {}  # key -> (when its last line was written, the status it showed)
        self._lock = threading.Lock()

    def __call__(self, item, elapsed):
        shown = status(item.record or {})
        now = self.clock()
        with self._lock:
            if item.key in self._shown:
                when, before = self._shown[item.key]
                changed = shown != before
                if not ((changed and (item.done or now - when >= self.every)) or now - when >= self.heartbeat):
                    return
            self._shown[item.key] = (now, shown)
        self.write(self.prefix + progress_line(item, elapsed))
