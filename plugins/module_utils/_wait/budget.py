# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""How many requests a wait may send: its share of the work, and the gateway's quota.

- The budget of a wait follows the tasks still running (``shared_delay``): once fewer than
  ``1 / TAIL`` of the tasks it started with still run, what the finished ones no longer spend goes to
  the ones still running, so the last tasks of a large wait are polled closely (never closer than
  ``CLOSEST`` poll intervals) without the wait ever sending faster than it did with all of them.
- The gateway's quota is a property of the whole process (``GatewayRate``, one for the process:
  the command line and lookups run several waits in one): a 429 lowers the rate every wait may send
  at (multiplicative decrease, from what the gateway accepted in the last second), success lets it
  climb back slowly (additive increase), and a ``Retry-After`` pauses every poll until it has passed.
  Without one, polls pause until the gateway's (assumed one-second) window has room again.
- ``Pacer``: the polls of one wait go out at that rate, a few at once (``BURST`` seconds' worth, at
  most ``MAX_BURST``), never all at once: a hundred jobs due together are not a hundred requests in the
  same instant.  Until the gateway has throttled, a wait starts at ``MAX_BURST`` polls per poll
  interval and doubles that every poll interval: a quota nobody knows yet is met by a few requests,
  not by all of them.
"""

from __future__ import annotations

import collections
import threading

TAIL = 2.0
CLOSEST = 0.25  # poll intervals
BURST = 0.25  # seconds of the rate
MAX_BURST = 16  # polls
DECREASE = 0.8
INCREASE = 1.0  # requests per second, per second of accepted polls
MIN_RATE = 1.0  # requests per second
WINDOW = 1.0  # seconds: the span the gateway's quota is assumed to count requests in
EPSILON = 1e-6  # what sums of floats may be off by: a token this close to whole is whole


def shared_delay(own_delay, running, started_with, poll_interval):
    """A running task's delay in a wait that started with ``started_with`` tasks, ``running`` of them left.

    Its own schedule's delay, shortened by the share of the budget the finished tasks leave once
    fewer than ``1 / TAIL`` of them run: the rate of the wait then stays what it was at that point.
    """
    share = min(1.0, TAIL * running / started_with) if started_with else 1.0
    return max(CLOSEST * poll_interval, own_delay * share)


def decreased_rate(rate, accepted):
    """The rate after a 429: ``DECREASE`` times the lower of the rate and what the gateway accepted."""
    seen = accepted / WINDOW
    return max(MIN_RATE, DECREASE * (seen if rate is None else min(rate, max(seen, MIN_RATE))))


def increased_rate(rate):
    """The rate after one accepted poll: ``INCREASE`` requests per second more per second of polls."""
    return rate + INCREASE / rate


class GatewayRate:
    """What the gateway lets this process send, as learnt from its 429s; unlimited until the first one.

    Times are the waiter's monotonic clock.  Thread-safe: one instance serves the whole process.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.rate = None  # requests per second; None: the gateway has not throttled yet
        self.paused_until = float("-inf")
        self._reacted_at = float("-inf")
        self._accepted = collections.deque()  # instants of polls the gateway accepted, the last WINDOW

    def _forget(self, now):
        while self._accepted and self._accepted[0] <= now - WINDOW:
            self._accepted.popleft()

    def on_accepted(self, now):
        with self._lock:
            self._forget(now)
            self._accepted.append(now)
            if self.rate is not None:
                self.rate = increased_rate(self.rate)

    def on_429(self, now, sent_at, retry_after=None):
        """A 429 to a poll sent at ``sent_at``; one sent before the last reaction changes nothing more."""
        with self._lock:
            if retry_after is not None:
                self.paused_until = max(self.paused_until, now + retry_after)
            if sent_at < self._reacted_at:
                return
            self._forget(now)
            self.rate = decreased_rate(self.rate, len(self._accepted))
            self._reacted_at = now
            # Room again once the oldest poll it accepted leaves the gateway's window (if we are its only
            # user), or after a whole window if it accepted none (others used it up).
            room = (self._accepted[0] if self._accepted else now) + WINDOW
            self.paused_until = max(self.paused_until, room)


class Pacer:
    """A token bucket for one wait: at most ``budget`` polls a second, or the gateway's rate if lower.

    ``poll_interval``: the wait's, the pace its start doubles at while the gateway has not throttled.
    """

    def __init__(self, budget, gateway, now, poll_interval):
        self.budget = budget  # requests per second the wait's schedules may ask for at most
        self.gateway = gateway
        self._started = now
        self._poll_interval = poll_interval
        # A full burst to start with, unless the gateway's rate is known (from an earlier wait).
        self._tokens = float(MAX_BURST) if gateway.rate is None else 0.0
        self._stamp = now
        self._refill(now)

    def _rate(self, now):
        if self.gateway.rate is not None:
            return min(self.budget, self.gateway.rate)
        doublings = min(30.0, max(0.0, now - self._started) / self._poll_interval)
        return min(self.budget, MAX_BURST / self._poll_interval * 2 ** doublings)

    def _refill(self, now):
        rate = self._rate(now)
        capacity = max(1.0, min(MAX_BURST, rate * BURST))
        # Tokens beyond the capacity are only ever the first burst: kept, never added to.
        self._tokens = min(max(capacity, self._tokens), self._tokens + max(0.0, now - self._stamp) * rate)
        self._stamp = now

    def take(self, now, wanted):
        """How many of ``wanted`` polls may go now (each one taken)."""
        if now < self.gateway.paused_until - EPSILON:
            return 0
        self._refill(now)
        granted = min(wanted, int(self._tokens + EPSILON))
        self._tokens -= granted
        return granted

    def next_free(self, now):
        """When the next poll may go."""
        self._refill(now)
        return max(self.gateway.paused_until, now + max(0.0, 1.0 - self._tokens) / self._rate(now))


_PROCESS_RATE = GatewayRate()


def process_rate():
    """The gateway rate every wait of this process shares."""
    return _PROCESS_RATE
