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

import math
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


def shown_id(key, record):
    """The id to name a task by: the one the cloud showed, else the key it was asked for (a task
    waited on by name is named by its id once it is found)."""
    record = record or {}
    return record.get("id") if record.get("found") and record.get("id") else key


def describe(noun, key, record, instance_id=None):
    """``job <id> (<name> on instance <id> '<name>')``, for messages; ``noun`` says what it is."""
    record = record or {}
    shown = shown_id(key, record)
    found_id, found_name = instance_of(record)
    what = [record["name"]] if record.get("name") and record["name"] != shown else []
    if found_id or instance_id:
        what.append("on instance %s%s" % (found_id or instance_id, " %r" % found_name if found_name else ""))
    return "%s %s%s" % (noun, shown, " (%s)" % " ".join(what) if what else "")


def progress_line(item, elapsed, next_poll=None):
    """``<id>: running 40% after 12 s (<name>)``: one line of a wait's progress, what matters first
    should a terminal cut it.  A task the cloud does not show yet says how long it is waited for; with
    ``next_poll`` (seconds), the line says when the task is polled next (a display between polls)."""
    record = item.record or {}
    shown, name = shown_id(item.key, record), record.get("name")
    line = "%s: %s after %d s" % (shown, status(record), elapsed)
    if next_poll is not None:
        line += ", next poll in %d s" % math.ceil(max(0.0, next_poll))
    if not record.get("found") and item.grace:
        line += " (up to %s s: visibility_timeout)" % _seconds(item.grace)
    elif record.get("terminal") and item.hold_for and not item.done:
        line += " (to stay so %s s: idle_for)" % _seconds(item.hold_for)
    return line + (" (%s)" % name if name and name != shown else "")


def _seconds(value):
    """``60`` for 60.0, ``2.5`` for 2.5: seconds as a person writes them."""
    return "%g" % value


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
    said = [str(record[key]) for key in ("error_code", "error_msg") if record.get(key)]
    answer = ": " + " ".join(said) if said else ""
    grace = options["visibility_timeout"]
    if grace:
        why = "never appeared: the cloud did not know it after %s s (visibility_timeout)" % grace
    else:
        why = "is not known to the cloud"
    return item.cite("%s %s%s" % (describe(noun, item.key, None, instance_id), why, answer))


def _failed(noun, item, instance_id):
    record = item.record or {}
    when = " at %s" % record["finished_at"] if record.get("finished_at") else ""
    failed_steps = [sub.get("sub_task_name") or "?" for sub in record.get("sub_task_list") or ()
                    if sub.get("state") == "failed"]
    reason = (record.get("fail_reason")
              or ("sub-task %s failed" % ", ".join(failed_steps) if failed_steps else None)
              or "the cloud gave no reason (status %s)" % record.get("status"))
    return item.cite("%s failed%s: %s" % (describe(noun, item.key, record, instance_id), when, reason))


def _unfinished(noun, item, instance_id):
    shown = "%s %s" % (describe(noun, item.key, item.record, instance_id),
                       "never read" if item.record is None else status(item.record))
    if item.held is not None and item.hold_for:
        shown += " for %d s of the %s s asked (idle_for)" % (item.held, _seconds(item.hold_for))
    running = (item.record or {}).get("running_tasks")
    if running:
        shown += " with %d unfinished task%s (%s)" % (len(running), "" if len(running) == 1 else "s", ", ".join(
            "%s %s %s" % (task.get("name") or "?", task.get("id"), task.get("state")) for task in running))
    if item.last_error is not None:
        shown += ", last error: %s" % item.last_error
    return shown


def wait_failure(outcome, options, noun, instance_id=None):
    """Why a wait fails, or None: tasks that never appeared, failed (with ``fail_on_failed``), a timeout.

    ``outcome`` is the waiter's; ``options`` holds the wait options.
    """
    parts = [_missing(noun, item, options, instance_id) for item in outcome.tracked if item.missing]
    if options["fail_on_failed"]:
        parts += [_failed(noun, item, instance_id) for item in outcome.tracked
                  if (item.record or {}).get("state") == "failed"]
    if outcome.timed_out:
        still = [_unfinished(noun, item, instance_id) for item in outcome.unfinished]
        parts.append("timed out after %s s (timeout) with %d still unfinished: %s"
                     % (options["timeout"], len(still), "; ".join(still)))
    return "; ".join(parts) or None


def wait_summary(outcome, noun, elapsed, instance_id=None):
    """How a wait that did not fail ended: ``2 of 2 finished in 4.0 s``, and what ended otherwise than
    succeeded (a failed task kept as data, a cancelled or deleted one)."""
    summary = "%d of %d finished in %.1f s" % (len(outcome.tracked) - len(outcome.unfinished), len(outcome.tracked),
                                               elapsed)
    ended = ["%s %s" % (describe(noun, item.key, item.record, instance_id), item.record["state"])
             for item in outcome.tracked
             if item.record and item.record.get("terminal") and item.record.get("state") not in ("succeeded", "idle")]
    return summary + ("; " + "; ".join(ended) if ended else "")


class ProgressLines:
    """Writes a wait's progress for a log: a line per task when its state changes, at most one every
    ``every`` seconds, its end at once, and a heartbeat once a task's line is ``heartbeat`` seconds old,
    between polls too (``tick``), so that a person watching sees the wait is alive and when it looks
    next, and CI systems that stop jobs printing nothing never do.  An ``on_poll`` callback of the
    waiter, which calls it from the thread that waits, once each poll is answered.
    """

    def __init__(self, write, prefix="", every=5.0, heartbeat=10.0, clock=time.monotonic):
        self.write = write
        self.prefix = prefix
        self.every = every
        self.heartbeat = heartbeat
        self.clock = clock
        self._shown = {}  # key -> (when its last line was written, the status it showed)

    def __call__(self, item, elapsed):
        shown = status(item.record or {})
        now = self.clock()
        if item.key in self._shown:
            when, before = self._shown[item.key]
            changed = shown != before
            if not ((changed and (item.done or now - when >= self.every)) or now - when >= self.heartbeat):
                return
        self._shown[item.key] = (now, shown)
        self.write(self.prefix + progress_line(item, elapsed))

    def tick(self, waiting, elapsed):
        """Between polls: the heartbeat of each task shown once, whose last line is old enough."""
        now = self.clock()
        for item, next_poll in waiting:
            when, shown = self._shown.get(item.key, (None, None))
            if when is not None and now - when >= self.heartbeat:
                self._shown[item.key] = (now, shown)
                self.write(self.prefix + progress_line(item, elapsed, next_poll))
