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
  list it again, and memory stays as small as the window; so is a task created more than a month
  before the newest one, finished or not (the task lists keep a month: it will not be listed again).

A change counts as told only once the caller says so (``told``): a change not yet delivered when the
source stops is found again by the next read.  ``state()`` is what was told, as JSON data, and
``TaskFeed.restored`` goes on from it after a restart (the event source's checkpoint).
"""

from __future__ import annotations

import datetime
import json
import uuid

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import times
from ansible_collections.hwcloud.tasks.plugins.module_utils._answers.records import TERMINAL_STATES

OVERLAP = datetime.timedelta(minutes=10)
# How long the task lists keep a task (a month, counted from its creation).
RETENTION = datetime.timedelta(days=30)
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
    """One task: its creation time and the states told of it, in the order they were told."""

    __slots__ = ("created", "states")

    def __init__(self, created, states=()):
        self.created = created
        self.states = list(states)

    @property
    def last(self):
        return self.states[-1] if self.states else None

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
        self._read = False  # whether a read was taken (or restored)
        self._listed = set()  # the ids of the last read
        self._untold = 0  # changes of the last read not told yet

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

        ``previous_state`` is the state the task was last told in (None when it is new).  Once a task
        is told finished, an unfinished state read later (a stale answer) is no change.  Each change is
        remembered once ``told(record)`` says it was delivered; one that never is comes again from the
        next read.  A task listed twice in one read counts once.
        """
        changes = []
        listed = set()
        for record in records:
            if record["id"] in listed:
                continue
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
            else:
                seen.states.append(state)
        self._tell = self._read = True
        self._listed, self._untold = listed, len(changes)
        if not changes:
            self._forget()
        changes.sort(key=lambda change: (change[0] is None, change[0].timestamp() if change[0] else 0))
        return [(record, previous) for _created, record, previous in changes]

    def told(self, record):
        """``record``'s change (from the last ``update``) was delivered: remember its state.  Once the whole
        read is told, the tasks the next window leaves out are forgotten."""
        seen = self._tasks[record["id"]]
        if record["state"] not in seen.states:
            seen.states.append(record["state"])
        self._untold -= 1
        if self._untold == 0:
            self._forget()

    def _forget(self):
        """Drop the finished tasks the next window will not list again (or, without a creation time, that
        the last read no longer listed), and the tasks the lists no longer keep."""
        start = self._start()
        kept_from = self._newest - RETENTION if self._newest else None
        for task_id, seen in list(self._tasks.items()):
            if seen.created is None:
                gone = seen.finished and task_id not in self._listed
            else:
                gone = (seen.finished and start and seen.created < start) or seen.created < kept_from
            if gone:
                del self._tasks[task_id]

    def state(self):
        """What was told (and what the next window must cover) as JSON data for ``restored``; None before
        the first read."""
        if not self._read:
            return None
        return {
            "newest": times.iso(self._newest),
            "tasks": {task_id: [times.iso(seen.created), list(seen.states)] for task_id, seen in self._tasks.items()},
        }

    @classmethod
    def restored(cls, state, overlap=OVERLAP):
        """A feed that goes on from ``state`` (what ``state()`` gave before a restart): its first read
        tells what changed since, from where that state's window starts.  ``ValueError`` when ``state``
        is not one."""
        if not isinstance(state, dict) or not isinstance(state.get("tasks"), dict):
            raise ValueError("no task list")
        feed = cls(emit_existing=True, overlap=overlap)
        feed._newest = _stored_time(state.get("newest"))
        for task_id, task in state["tasks"].items():
            if not (isinstance(task, list) and len(task) == 2 and isinstance(task[1], list)
                    and all(isinstance(told, str) for told in task[1])):
                raise ValueError("task %r is not [creation time, [states]]" % task_id)
            feed._tasks[task_id] = _Seen(_stored_time(task[0]), task[1])
        feed._read = True
        return feed


def _stored_time(text):
    """A time ``state()`` wrote (ISO 8601 or null); ``ValueError`` for anything else."""
    if text is not None and not isinstance(text, str):
        raise ValueError("%r is not a time" % (text,))
    try:
        return times.parse(text)
    except times.NotATime as error:
        raise ValueError(str(error)) from None
