# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The one waiting engine: polls many tasks together until each is terminal, or the deadline.

Every wait of the collection (modules, lookup, CLI) runs here, with the options of ``WAIT_ARGSPEC``.
Each task has its own schedule, computed by ``poll_delay`` alone.  Polling starts fast and backs off
with jitter to a ceiling, but when the task reports progress the next poll is aimed at ``AIM`` of
the time it should still take, so polls thin out while a long job runs and gather near its end
(little lag, few requests).  A task the cloud does not know yet is polled for ``visibility_timeout``
seconds before it counts as missing.  Throttling and transient errors are retried until the
deadline; any other error ends the wait.  Runs on a monotonic clock; the wait never sleeps past its
deadline and polls once more at it.
"""

from __future__ import annotations

import random
import time

from ansible_collections.hwcloud.tasks.plugins.module_utils import _times
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConnectionFailure,
    EndpointUnreachable,
    HwCloudError,
    ResponseError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._parallel import parallel_map
from ansible_collections.hwcloud.tasks.plugins.module_utils._validation import positive_seconds

# The wait options every waiting module, the lookup and the CLI take (doc fragment ``wait``).
WAIT_ARGSPEC = dict(
    timeout=dict(type="float", default=1800.0),
    poll_interval=dict(type="float", default=1.0),
    max_poll_interval=dict(type="float", default=10.0),
    visibility_timeout=dict(type="float", default=60.0),
    fail_on_failed=dict(type="bool", default=True),
)
WAIT_DEFAULTS = {name: spec["default"] for name, spec in WAIT_ARGSPEC.items()}

BACKOFF_GROWTH = 1.5
JITTER = 0.2
AIM = 0.6
AGE_SHARE = 0.25
LAG_SHARE = 0.04
TRANSIENT_STATUSES = frozenset((408, 429, 500, 502, 503, 504))
# Ages beyond this (the job API keeps a month of jobs) mean the clocks disagree: not used to estimate.
MAX_PLAUSIBLE_AGE = 31 * 24 * 3600


def check_wait_options(params):
    """A message for wait options out of range, or None."""
    problem = positive_seconds(params, ("timeout", "poll_interval", "max_poll_interval"))
    if problem is None and (params.get("visibility_timeout") or 0) < 0:
        problem = "visibility_timeout must be 0 or more seconds, got %s" % params["visibility_timeout"]
    return problem


def is_transient(error):
    """Errors a wait outlives: throttling, gateway trouble, dropped connections, a garbled answer.

    Not: refused credentials, and an endpoint that never answered (a wrong region or endpoint).
    """
    if isinstance(error, (AuthenticationError, EndpointUnreachable)):
        return False
    if isinstance(error, (ConnectionFailure, ResponseError)):
        return True
    return error.status in TRANSIENT_STATUSES


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


def _jittered(seconds, rand):
    return seconds * (1 - JITTER / 2 + rand() * JITTER)


def poll_delay(interval, estimate, age, watched, grace_left, poll_interval, max_poll_interval, rand=random.random):
    """The whole schedule of one task: ``(seconds until its next poll, back-off interval to keep)``.

    ``interval`` is the back-off interval kept from the last poll (None before the first); ``estimate``
    the seconds the task should still take (``remaining_estimate``) or None; ``age`` its age by its
    creation time (``job_age``) or None; ``watched`` the seconds since the wait started; ``grace_left``
    the seconds left of the visibility grace while the task has never been seen, else None.

    - Back-off: each poll waits ``BACKOFF_GROWTH`` times longer than the last, up to the ceiling.
    - With an estimate, the poll is aimed at ``AIM`` of it instead (between the first interval and
      the ceiling): polls thin out while much is left and close in on the end.
    - Early in a job nobody can tell a 20 s job from a 20 min one, whatever its percent says (and
      percents stall): never longer than ``AGE_SHARE`` of the job's age (or of the time watched).
    - Near the end of a long wait, polls up to twice the first interval apart are close enough
      (``LAG_SHARE`` of the time watched, at most ``2 * poll_interval``).
    - The last look of the grace period falls at its end.
    """
    interval = poll_interval if interval is None else min(max_poll_interval, interval * BACKOFF_GROWTH)
    delay = interval
    if estimate is not None:
        delay = max(poll_interval, min(max_poll_interval, estimate * AIM))
    delay = _jittered(delay, rand)
    cap = max(poll_interval, AGE_SHARE * (watched if age is None else age))
    floor = min(2 * poll_interval, max(poll_interval, LAG_SHARE * watched))
    delay = max(min(delay, _jittered(cap, rand)), floor * (1 - JITTER / 2))
    if grace_left is not None:
        delay = min(delay, grace_left)
    return delay, interval


class Tracked:
    """One task being waited on: its last record and its polling schedule.  ``polls`` counts its polls."""

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
        """Keep a record the cloud showed; return the progress rate since the last one (None if unknown)."""
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


class WaitOutcome:
    def __init__(self, tracked, elapsed, timed_out):
        self.tracked = tracked
        self.records = [item.record for item in tracked]
        self.elapsed = elapsed
        self.timed_out = timed_out
        self.polls = sum(item.polls for item in tracked)
        self.missing = [item.key for item in tracked if item.missing]
        self.unfinished = [item for item in tracked if not item.done]


class Waiter:
    """Waits on tasks that ``fetch(key, deadline)`` reads as normalised records (``found``, ``terminal``...).

    The options are those of ``WAIT_ARGSPEC`` (``fail_on_failed`` is the caller's business).
    ``on_poll(tracked, elapsed)`` is called after every poll (progress display); ``request_id()``
    gives the request id of the answer just read.  ``clock``, ``sleep``, ``now_utc`` and ``rand`` are
    there for tests.
    """

    def __init__(self, fetch, timeout=WAIT_DEFAULTS["timeout"], poll_interval=WAIT_DEFAULTS["poll_interval"],
                 max_poll_interval=WAIT_DEFAULTS["max_poll_interval"],
                 visibility_timeout=WAIT_DEFAULTS["visibility_timeout"], on_poll=None, request_id=None,
                 clock=time.monotonic, sleep=time.sleep, now_utc=None, rand=random.random):
        self.fetch = fetch
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.max_poll_interval = max(poll_interval, max_poll_interval)
        self.visibility_timeout = visibility_timeout
        self.on_poll = on_poll
        self.request_id = request_id
        self.clock = clock
        self.sleep = sleep
        self.now_utc = now_utc or (lambda: _times.parse(time.time()))
        self.rand = rand

    @classmethod
    def from_options(cls, fetch, options, client, timeout=None, **kwargs):
        """A waiter on ``client``'s answers with the wait options in ``options`` (module params).

        ``timeout`` overrides the options'.  An endpoint that never answered fails within the
        visibility grace too: a wrong endpoint is not a job that is not visible yet.
        """
        client.bound_first_contact(options["visibility_timeout"])
        return cls(fetch, timeout=options["timeout"] if timeout is None else timeout,
                   poll_interval=options["poll_interval"], max_poll_interval=options["max_poll_interval"],
                   visibility_timeout=options["visibility_timeout"], request_id=client.last_request_id, **kwargs)

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
        age = job_age(item.record, now_utc) if item.seen else None
        grace_left = grace_end - now if not item.seen and now < grace_end else None
        delay, item.interval = poll_delay(item.interval, estimate, age, now - started, grace_left,
                                          self.poll_interval, self.max_poll_interval, self.rand)
        # Never sleep past the deadline: the last poll happens at it, so the last state is fresh.
        item.due = min(now + delay, deadline) if now < deadline else float("inf")
        if self.on_poll is not None:
            self.on_poll(item, now - started)
