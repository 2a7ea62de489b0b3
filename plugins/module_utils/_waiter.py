# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The one waiting engine: polls many tasks together until each is terminal, or the deadline.

Each task has its own schedule.  Polling starts fast and backs off with jitter to a ceiling, but
when the task reports progress the next poll is aimed at half the time it should still take, so
polls thin out while a long job runs and gather near its end (little lag, few requests).  A task
the cloud does not know yet is polled for ``visibility_timeout`` seconds before it counts as missing.
Throttling and transient errors are retried until the deadline; any other error ends the wait.
Runs on a monotonic clock; the wait never sleeps past its deadline and polls once more at it.
"""

from __future__ import annotations

import random
import time

from ansible_collections.hwcloud.tasks.plugins.module_utils import _times
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConnectionFailure,
    HwCloudError,
    ResponseError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._parallel import parallel_map

BACKOFF_GROWTH = 1.5
JITTER = 0.2
AIM = 0.6
AGE_SHARE = 0.25
LAG_SHARE = 0.04
TRANSIENT_STATUSES = frozenset((408, 429, 500, 502, 503, 504))
# Ages beyond this (the job API keeps a month of jobs) mean the clocks disagree: not used to estimate.
MAX_PLAUSIBLE_AGE = 31 * 24 * 3600


def is_transient(error):
    """Errors a wait outlives: throttling, gateway trouble, dropped connections, a garbled answer."""
    if isinstance(error, AuthenticationError):
        return False
    if isinstance(error, (ConnectionFailure, ResponseError)):
        return True
    return error.status in TRANSIENT_STATUSES


class Tracked:
    """One task being waited on: its last record and its polling schedule."""

    def __init__(self, key, due):
        self.key = key
        self.record = None
        self.due = due
        self.interval = None
        self.polls = 0
        self.missing = False
        self.last_error = None
        self.request_id = None
        self._sample = None  # (monotonic time, progress) of the last poll that saw progress

    def cite(self, text):
        """``text`` with the request id of this task's last answer, which support asks for."""
        return text + (" (request id %s)" % self.request_id if self.request_id else "")

    @property
    def seen(self):
        """Whether the cloud has shown this task at least once."""
        return bool(self.record and self.record.get("found"))

    @property
    def done(self):
        return self.missing or bool(self.record and self.record.get("terminal"))

    def observe(self, record, now):
        previous = self._sample
        progress = record.get("progress")
        rate = None
        if progress is not None and previous is not None and progress > previous[1] and now > previous[0]:
            rate = (progress - previous[1]) / (now - previous[0])
        if progress is not None:
            self._sample = (now, progress)
        self.record = record
        self.last_error = None
        return rate


def job_age(record, now_utc):
    """Seconds since the task was created, by its own creation time; None when the clocks disagree."""
    try:
        created = _times.parse((record or {}).get("created_at"))
    except ValueError:
        return None
    if created is None:
        return None
    age = (now_utc - created).total_seconds()
    return age if 0 < age < MAX_PLAUSIBLE_AGE else None


def remaining_estimate(record, rate, now_utc):
    """Seconds the task should at least still take, from its progress: None when there is nothing to go on.

    Two polls that saw progress move give a rate on our own clock; otherwise the task's age (from its
    creation time, if the clocks agree) and its progress do.  Progress is a whole percent, so the
    task may be up to one percent further on than it says: the estimate assumes it is, so that it
    errs early rather than late (an integer "99%" must not hide that the job ends now).
    """
    progress = record.get("progress")
    if progress is None or not 0 < progress < 100:
        return None
    if rate:
        return (99 - progress) / rate
    age = job_age(record, now_utc)
    if age is None:
        return None
    return age * (99 - progress) / (progress + 1)


def next_delay(interval, estimate, poll_interval, max_poll_interval, rand=random.random):
    """Return ``(delay, back-off interval)``.

    With an estimate of the time left, the next poll is aimed at ``AIM`` of it (between the first
    interval and the ceiling): polls thin out while much is left and close in on the end.  Without
    one, the back-off step.
    """
    interval = poll_interval if interval is None else min(max_poll_interval, interval * BACKOFF_GROWTH)
    delay = interval
    if estimate is not None:
        delay = max(poll_interval, min(max_poll_interval, estimate * AIM))
    return delay * (1 - JITTER / 2 + rand() * JITTER), interval


class WaitOutcome:
    def __init__(self, tracked, elapsed, timed_out):
        self.tracked = tracked
        self.records = [item.record for item in tracked]
        self.elapsed = elapsed
        self.timed_out = timed_out
        self.missing = [item.key for item in tracked if item.missing]
        self.unfinished = [item for item in tracked if not item.done]


class Waiter:
    """Waits on tasks that ``fetch(key, deadline)`` reads as normalised records (``found``, ``terminal``...).

    ``on_poll(tracked, elapsed)`` is called after every poll (progress display).  ``clock``, ``sleep``,
    ``now_utc`` and ``rand`` are there for tests.
    """

    def __init__(self, fetch, timeout, poll_interval=1.0, max_poll_interval=10.0, visibility_timeout=60.0,
                 on_poll=None, clock=time.monotonic, sleep=time.sleep, now_utc=None, rand=random.random,
                 request_id=None):
        self.fetch = fetch
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.max_poll_interval = max(poll_interval, max_poll_interval)
        self.visibility_timeout = visibility_timeout
        self.on_poll = on_poll
        self.clock = clock
        self.sleep = sleep
        self.now_utc = now_utc or (lambda: _times.parse(time.time()))
        self.rand = rand
        self.request_id = request_id

    def wait(self, keys):
        started = self.clock()
        deadline = started + self.timeout
        tracked = [Tracked(key, started) for key in keys]
        while True:
            now = self.clock()
            pending = [item for item in tracked if not item.done]
            due = [item for item in pending if item.due <= now]
            if due:
                parallel_map(lambda item: self._poll(item, started, deadline), due)
                continue
            if not pending or now >= deadline:
                return WaitOutcome(tracked, now - started, timed_out=bool(pending))
            self.sleep(min(item.due for item in pending) - now)

    def _poll(self, item, started, deadline):
        item.polls += 1
        try:
            record = self.fetch(item.key, deadline)
        except HwCloudError as error:
            if not is_transient(error):
                raise
            item.last_error, record = error, None
        now = self.clock()
        if self.request_id is not None:
            item.request_id = self.request_id()
        rate = None
        grace_end = started + self.visibility_timeout
        if record is not None and record["found"]:
            rate = item.observe(record, now)
        elif record is not None and not item.seen:
            item.record = record
            item.missing = now >= grace_end
        now_utc = self.now_utc()
        estimate = remaining_estimate(item.record, rate, now_utc) if item.seen else None
        delay, item.interval = next_delay(item.interval, estimate, self.poll_interval, self.max_poll_interval,
                                          self.rand)
        watched = now - started
        # Early in a job nobody can tell a 20 s job from a 20 min one, whatever its percent says (and
        # percents stall): never sleep longer than a share of the job's age (or of the time watched).
        age = job_age(item.record, now_utc) if item.seen else None
        cap = max(self.poll_interval, AGE_SHARE * (watched if age is None else age))
        # Near the end of a long wait, polls up to twice the first interval apart are close enough.
        floor = min(2 * self.poll_interval, max(self.poll_interval, LAG_SHARE * watched))
        delay = max(min(delay, cap * (1 - JITTER / 2 + self.rand() * JITTER)), floor * (1 - JITTER / 2))
        if not item.seen and now < grace_end:
            delay = min(delay, grace_end - now)  # the last look of the grace period falls at its end
        # Never sleep past the deadline: the last poll happens at it, so the last state is fresh.
        item.due = min(now + delay, deadline) if now < deadline else float("inf")
        if self.on_poll is not None:
            self.on_poll(item, now - started)
