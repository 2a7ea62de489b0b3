# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Successive reads of a task list turned into state changes: what the ``task_events`` event source tells.

Pure bookkeeping, no I/O.  ``TaskFeed`` says which time window to read next and takes each read's
normalised records (``module_utils._answers.records``); it answers with one change per task per state not
told before.  The task lists filter on a task's *creation* time, so:

- the window starts ``overlap`` before the newest creation time the cloud has shown (never from this
  machine's clock, which may be ahead of the cloud's), so that a task that becomes visible late is
  still read;
- it starts earlier when a task seen unfinished was created before that, so that its end is read;
- a finished task is forgotten once the next window starts after its creation: the cloud will not
  list it again, and memory stays as small as the window (the task lists themselves keep a month).
"""

from __future__ import annotations

import datetime
import json
import uuid

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import times
from ansible_collections.hwcloud.tasks.plugins.module_utils._answers.records import TERMINAL_STATES

OVERLAP = datetime.timedelta(minutes=10)
# The end of a window only has to lie after every task's creation: this machine's clock plus a day
# covers a cloud clock that is ahead of it.
END_MARGIN = datetime.timedelta(days=1)
# uuid5 namespace of the events' ``meta.uuid``: the same task in the same state is the same event,
# whichever rulebook (or restart of it) tells it.
EVENT_NAMESPACE = uuid.UUID("1f0b6c3e-8d42-5a7e-9c1d-7b3e2f4a6d58")


def created_time(record):
    """The record's creation time as an aware datetime, or None when the cloud gave none we can read."""
    return times.read(record.get("created_at"))


def window_start(newest, unfinished_since, overlap=OVERLAP):
    """Where the next read's window starts: ``overlap`` before ``newest`` (the newest creation time
    seen), or the earliest of ``unfinished_since`` (creation times of tasks not seen finished) if
    earlier; None while nothing has been seen (read the whole list).

    Whole seconds: DMS takes its bounds to the second, and a window that starts inside a second would
    list again tasks this feed has already forgotten.
    """
    if newest is None:
        return None
    start = min([newest - overlap] + list(unfinished_since))
    return start.replace(microsecond=0)


def event_uuid(service, project_id, task_id, state):
    return str(uuid.uuid5(EVENT_NAMESPACE, json.dumps([service, project_id, task_id, state])))


def as_event(record, previous_state, service, project_id, instance_id=None):
    """The event for a task seen in a state: the record under ``hwcloud_task``, a deterministic ``meta.uuid``.

    ``instance_id`` is for lists whose tasks do not name their instance (DMS).
    """
    task = dict(record)
    task.update(previous_state=previous_state, service=service)
    if not task.get("instance_id"):
        task["instance_id"] = instance_id
    task.setdefault("fail_reason", None)
    return {"hwcloud_task": task, "meta": {"uuid": event_uuid(service, project_id, task["id"], task["state"])}}


class _Seen:
    __slots__ = ("created", "states", "last")

    def __init__(self, created):
        self.created = created
        self.states = set()
        self.last = None

    @property
    def finished(self):
        return self.last in TERMINAL_STATES


class TaskFeed:
    """What the event source remembers between reads.

    ``emit_existing``: whether the states of the tasks in the first read are changes too; if not,
    they are remembered silently, and only what changes afterwards is told.
    """

    def __init__(self, emit_existing=False, overlap=OVERLAP):
        self._overlap = overlap
        self._tasks = {}  # task id -> _Seen
        self._newest = None
        self._tell = emit_existing

    def __len__(self):
        """How many tasks are remembered."""
        return len(self._tasks)

    def _start(self):
        unfinished = (seen.created for seen in self._tasks.values() if not seen.finished and seen.created)
        return window_start(self._newest, unfinished, self._overlap)

    def window(self, now):
        """``(start, end)`` aware datetimes of the next read, or None for the whole list.  ``now``: this
        machine's time, for the end only."""
        start = self._start()
        if start is None:
            return None
        return start, max(now, self._newest) + END_MARGIN

    def update(self, records):
        """Take one read; return ``[(record, previous_state)]`` for every state not told before, oldest task first.

        ``previous_state`` is the state the task was last seen in (None when it is new).  Once a task
        is seen finished, an unfinished state read later (a stale answer) is no change.
        """
        changes = []
        listed = set()
        for record in records:
            listed.add(record["id"])
            created = created_time(record)
            if created is not None and (self._newest is None or created > self._newest):
                self._newest = created
            seen = self._tasks.get(record["id"])
            if seen is None:
                seen = self._tasks[record["id"]] = _Seen(created)
            state = record["state"]
            if state in seen.states or (seen.finished and state not in TERMINAL_STATES):
                continue
            if self._tell:
                changes.append((created, record, seen.last))
            seen.states.add(state)
            seen.last = state
        self._tell = True
        self._forget(listed)
        changes.sort(key=lambda change: (change[0] is None, change[0].timestamp() if change[0] else 0))
        return [(record, previous) for _created, record, previous in changes]

    def _forget(self, listed):
        """Drop finished tasks the next window will not list again (or, without a creation time, that
        this read no longer listed)."""
        start = self._start()
        for task_id in [task_id for task_id, seen in self._tasks.items() if seen.finished]:
            created = self._tasks[task_id].created
            if (created is None and task_id not in listed) or (created is not None and start and created < start):
                del self._tasks[task_id]
