# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The one waiting engine: polls many tasks together until each is terminal, or the deadline.

Every wait of the collection (modules, lookup, CLI) runs here, with the options of ``WAIT_ARGSPEC``.
Each task has its own schedule (``_wait.schedule.poll_delay``: fast while it is young, sparse while
its end is far, close in a window around its predicted end).  The wait plans its requests together
(``_wait.budget``): the tasks still running share what the finished ones no longer spend, and every
poll queues behind one request rate that the gateway's 429s lower and successes raise again.  A
throttled poll is not its task's error: it goes out again as soon as the rate allows.  A task the
cloud does not know yet is polled for ``visibility_timeout`` seconds before it counts as missing.
Other transient errors are retried until the deadline; any other error ends the wait.  Runs on a
monotonic clock; the wait never sleeps past its deadline and looks once more at it.
"""

from __future__ import annotations

import contextlib
import random
import time

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import times
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.parallel import parallel_map
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.transient import is_throttled, is_transient
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.validation import positive_seconds
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.budget import (
    CLOSEST,
    GatewayRate,
    Pacer,
    gateway_for,
    shared_delay,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.schedule import job_age, poll_delay, predicted_length

# The wait options every waiting module, the lookup and the CLI take (doc fragment ``wait``).
WAIT_ARGSPEC = dict(
    timeout=dict(type="float", default=1800.0),
    poll_interval=dict(type="float", default=1.0),
    max_poll_interval=dict(type="float", default=30.0),
    visibility_timeout=dict(type="float", default=60.0),
    fail_on_failed=dict(type="bool", default=True),
)
WAIT_DEFAULTS = {name: spec["default"] for name, spec in WAIT_ARGSPEC.items()}
# Seconds between two ticks of a display while the wait sleeps (``Waiter``'s ``on_poll.tick``).
TICK = 1.0


def check_wait_options(params):
    """A message for wait options out of range, or None."""
    problem = positive_seconds(params, ("timeout", "poll_interval", "max_poll_interval"))
    if problem is None and (params.get("visibility_timeout") or 0) < 0:
        problem = "visibility_timeout must be 0 or more seconds, got %s" % params["visibility_timeout"]
    return problem


def check_idle_for(params):
    """A message for an ``idle_for`` (how long an instance waited on must stay idle) out of range, or None."""
    if (params.get("idle_for") or 0) < 0:
        return "idle_for must be 0 or more seconds, got %s" % params["idle_for"]
    return None


class Tracked:
    """One task being waited on: its last record and its schedule.  ``polls`` counts its requests;
    ``grace`` is how long it may stay unknown to the cloud before it counts as missing (None: not said);
    ``hold_for`` how long it must be seen terminal, poll after poll, before it is done (an instance that
    must stay idle); ``held`` how long it has been, so far."""

    def __init__(self, key, grace=None, hold_for=0.0):
        self.key = key
        self.grace = grace
        self.hold_for = hold_for
        self.held = None  # seconds seen terminal without a break, None while it is not
        self._terminal_since = None  # on the wait's clock
        self.record = None
        self.last = None  # when it was last polled (answered or not), on the wait's clock
        self.own = 0.0  # seconds its own schedule asks to sleep after that poll
        self.interval = None
        self._moved = None  # (progress, when first seen at it, how long the one before stood), wait's clock
        self.polls = 0
        self.missing = False
        self.last_error = None
        self.request_id = None

    def cite(self, text):
        """``text`` with the request id of this task's last answer, which support asks for."""
        return text + (" (request id %s)" % self.request_id if self.request_id else "")

    @property
    def seen(self):
        """Whether the cloud has shown this task at least once."""
        return bool(self.record and self.record.get("found"))

    @property
    def done(self):
        if self.missing:
            return True
        if not (self.record and self.record.get("terminal")):
            return False
        return not self.hold_for or (self.held is not None and self.held >= self.hold_for)

    def hold(self, now):
        """Count how long its record has been terminal, poll after poll; a poll that sees it otherwise
        starts the count again.  Returns the seconds still to hold it, None while it is not terminal."""
        if not (self.record and self.record.get("terminal")):
            self._terminal_since = self.held = None
            return None
        if self._terminal_since is None:
            self._terminal_since = now
        self.held = now - self._terminal_since
        return max(0.0, self.hold_for - self.held)

    def still(self, now):
        """Seconds its progress has stood still: now, or before its last move if longer; None without progress.

        A percent that moved after a long stand-still jumped: the prediction it makes is no sharper.
        """
        progress = (self.record or {}).get("progress")
        if progress is None:
            self._moved = None
            return None
        if self._moved is None:
            self._moved = (progress, now, 0.0)
        elif self._moved[0] != progress:
            self._moved = (progress, now, now - self._moved[1])
        return max(now - self._moved[1], self._moved[2])

    def due(self, started, deadline, running, started_with, poll_interval):
        """When it is next polled: its own delay, shortened by the wait's budget; once more at the deadline."""
        if self.last is None:
            return started
        if self.last >= deadline:
            return float("inf")
        return min(self.last + shared_delay(self.own, running, started_with, poll_interval), deadline)


class WaitOutcome:
    def __init__(self, tracked, elapsed, timed_out):
        self.tracked = tracked
        self.elapsed = elapsed
        self.timed_out = timed_out
        self.polls = sum(item.polls for item in tracked)
        self.missing = [item.key for item in tracked if item.missing]
        self.unfinished = [item for item in tracked if not item.done]


class Waiter:
    """Waits on tasks that ``fetch(key, deadline)`` reads as normalised records (``found``, ``terminal``...).

    The options are those of ``WAIT_ARGSPEC`` (``fail_on_failed`` is the caller's business).
    ``on_poll(tracked, elapsed)`` is called after every poll (progress display); an ``on_poll`` that also
    has ``tick(waiting, elapsed)`` is called besides every ``TICK`` seconds while the wait sleeps, with
    ``(tracked, seconds to its next poll)`` of each unfinished task: a display shows that the wait is alive
    without a request more.  ``request_id()``
    gives the request id of the answer just read.  ``gateway`` is the request rate the wait shares
    (``_wait.budget.gateway_for`` the endpoint and account; a wait of its own by default);
    ``throttling_to_caller()`` is a context in which a poll's 429 comes straight back instead of being
    retried by the transport, and ``throttled_answers()`` the count of 429s the transport received.
    ``hold_for`` (seconds) asks that a task be seen terminal that long, poll after poll, before it is done:
    an instance that must stay idle, as the cloud often starts a task of its own after one ends (a
    backup after a creation); a poll that sees it busy again starts the count again.
    ``clock``, ``sleep``, ``now_utc`` and ``rand`` are there for tests.
    """

    def __init__(self, fetch, timeout=WAIT_DEFAULTS["timeout"], poll_interval=WAIT_DEFAULTS["poll_interval"],
                 max_poll_interval=WAIT_DEFAULTS["max_poll_interval"],
                 visibility_timeout=WAIT_DEFAULTS["visibility_timeout"], on_poll=None, request_id=None,
                 gateway=None, throttling_to_caller=None, throttled_answers=None, hold_for=0.0,
                 clock=time.monotonic, sleep=time.sleep, now_utc=None, rand=random.random):
        self.fetch = fetch
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.max_poll_interval = max(poll_interval, max_poll_interval)
        self.visibility_timeout = visibility_timeout
        self.on_poll = on_poll
        self.request_id = request_id
        self.gateway = gateway or GatewayRate()
        self.throttling_to_caller = throttling_to_caller or contextlib.nullcontext
        self.throttled_answers = throttled_answers
        self.hold_for = hold_for
        self.clock = clock
        self.sleep = sleep
        self.now_utc = now_utc or (lambda: times.parse(time.time()))
        self.rand = rand

    @classmethod
    def from_options(cls, fetch, options, client, service, timeout=None, **kwargs):
        """A waiter on ``client``'s answers from ``service`` with the wait options in ``options`` (module params).

        ``timeout`` overrides the options'.  An endpoint that never answered fails within the
        visibility grace too: a wrong endpoint is not a job that is not visible yet.  The request
        rate is the gateway's: every wait on the same endpoint with the same account shares it, in this
        process, or in every process of the controller that shares its store (``client.gateways``).
        """
        client.bound_first_contact(options["visibility_timeout"])
        gateway = gateway_for(client.gateway_key(service), client.gateways, client.config.api_rate_limit)
        return cls(fetch, timeout=options["timeout"] if timeout is None else timeout,
                   poll_interval=options["poll_interval"], max_poll_interval=options["max_poll_interval"],
                   visibility_timeout=options["visibility_timeout"], request_id=client.last_request_id,
                   gateway=gateway, throttling_to_caller=client.throttling_to_caller,
                   throttled_answers=lambda: client.throttled_answers, **kwargs)

    def wait(self, keys, known=None):
        """Poll the tasks ``keys`` name until each is done or the deadline: a ``WaitOutcome``.

        ``known`` holds records read just before the wait, by key: such a task's first poll waits for its
        schedule instead of reading again at once what was just read (a finished one is not read at all).
        """
        started = self.clock()
        deadline = started + self.timeout
        tracked = [Tracked(key, self.visibility_timeout, self.hold_for) for key in keys]
        for item in tracked:
            if item.key in (known or {}):
                self._answered(item, known[item.key], None, started, started, deadline)
        # The most the wait's schedules can ask for: every task at the closest the budget allows.
        pacer = Pacer(len(tracked) / (CLOSEST * self.poll_interval), self.gateway, started, self.poll_interval)
        while True:
            now = self.clock()
            pending = [item for item in tracked if not item.done]
            dues = {id(item): item.due(started, deadline, len(pending), len(tracked), self.poll_interval)
                    for item in pending}
            ready = sorted((item for item in pending if dues[id(item)] <= now), key=lambda item: dues[id(item)])
            # Every poll queues behind the wait's rate, but the last look at the deadline is not put off.
            batch = ready if now >= deadline else ready[:pacer.take(now, len(ready))]
            if batch:
                self._round(batch, started, deadline)
                continue
            if not pending or now >= deadline:
                return WaitOutcome(tracked, now - started, timed_out=bool(pending))
            wake = min(dues.values())
            if ready:
                wake = pacer.next_free(now)
            self._pause(now, wake, started, [(item, max(dues[id(item)], wake)) for item in pending])

    def _pause(self, now, wake, started, pending):
        """Sleep from ``now`` until ``wake``; a display that ticks hears, every ``TICK`` seconds of it, how
        long the wait has run and when each of the ``pending`` ``(task, next poll)`` is polled next."""
        tick = getattr(self.on_poll, "tick", None)
        if tick is None:
            self.sleep(max(0.0, wake - now))
            return
        while now < wake:
            tick([(item, next_poll - now) for item, next_poll in pending], now - started)
            self.sleep(min(wake - now, TICK))
            now = self.clock()

    def _read(self, item, deadline):
        """One poll, on a worker thread: ``(record or None, transient error or None, request id)``."""
        try:
            with self.throttling_to_caller():
                record, error = self.fetch(item.key, deadline), None
        except HwCloudError as failure:
            if not is_transient(failure):
                raise
            record, error = None, failure
        return record, error, self.request_id() if self.request_id is not None else None

    def _round(self, batch, started, deadline):
        sent_at = self.clock()
        seen_before = self.throttled_answers() if self.throttled_answers is not None else 0
        answers = parallel_map(lambda item: self._read(item, deadline), batch)
        now = self.clock()
        put_back = 0
        for item, (record, error, request_id) in zip(batch, answers):
            item.polls += 1
            if request_id is not None:
                item.request_id = request_id
            if error is not None and is_throttled(error):
                put_back += 1
                self._put_back(item, error, now, sent_at, deadline)
            else:
                if error is None:
                    self.gateway.on_accepted(now)
                self._answered(item, record, error, now, started, deadline)
            if self.on_poll is not None:
                self.on_poll(item, now - started)
        if self.throttled_answers is not None and self.throttled_answers() - seen_before > put_back:
            # 429s the transport retried by itself (the pages of an instance's task list...) count too.
            self.gateway.on_429(now, sent_at)

    def _put_back(self, item, error, now, sent_at, deadline):
        """Not the task's error: its schedule stands, and it goes out again when the rate allows."""
        item.last_error = error
        self.gateway.on_429(now, sent_at, error.retry_after)
        if now >= deadline:
            item.last = now  # the last look was refused: nothing more before the wait ends

    def _answered(self, item, record, error, now, started, deadline):
        grace_end = started + self.visibility_timeout
        item.last_error = error
        if record is not None and record["found"]:
            item.record = record
        elif record is not None and not item.seen:
            item.record = record
            item.missing = now >= grace_end
        now_utc = self.now_utc()
        age = length = None
        if item.seen:
            age = job_age(item.record, now_utc)
            length = predicted_length(item.record, now - started if age is None else age, now_utc)
        grace_left = grace_end - now if not item.seen and now < grace_end else None
        # A planned end is the cloud's own word: as sharp as a percent that keeps pace.
        still = 0.0 if item.seen and item.record.get("planned_end_at") else item.still(now)
        item.own, item.interval = poll_delay(item.interval, age, length, now - started, grace_left,
                                             self.poll_interval, self.max_poll_interval, self.rand, still)
        to_hold = item.hold(now)
        if to_hold:  # seen terminal, not yet for long enough: looked at again within its schedule, and when it has
            item.own = min(item.own, to_hold)
        item.last = now
