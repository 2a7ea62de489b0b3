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
- The gateway's quota belongs to an endpoint and the credentials' account, not to a wait or a process
  (``GatewayRate``): a 429 lowers the rate every wait may send at (multiplicative decrease, from what the
  gateway accepted in the last second), success lets it climb back slowly (additive increase), and a
  ``Retry-After`` pauses every poll until it has passed.  Without one, polls pause until the gateway's
  (assumed one-second) window has room again.  Its polls come from one token bucket, a few at once
  (``BURST`` seconds' worth, at most ``MAX_BURST``): a hundred jobs due together are not a hundred
  requests in the same instant.  Until the gateway has throttled, the bucket starts at ``MAX_BURST``
  polls per poll interval and doubles that every poll interval: a quota nobody knows yet is met by a few
  requests, not by all of them.  A bucket nobody took a poll from for a poll interval starts so again:
  that the gateway took the polls of an earlier wait says nothing of a larger burst now (TCP restarts its
  slow start after an idle spell for the same reason).  A user who knows the quota says it (``cap``): it
  is never exceeded.
- Where that state lives is the store's business: this process's memory (``LocalState``, on a managed
  host), or on the controller a file every process of the user shares (``plugin_utils._shared_gateways``:
  the forks of a play, lookups, other runs and the command line), so that they learn one quota together.
  A state nobody used for ``STALE_AFTER`` seconds is forgotten: what a gateway said a while ago, or what
  a process that died left, never slows the next wait down for long.
- ``Pacer``: one wait's polls, at most ``budget`` a second (what its schedules can ask for), each also
  taken from its gateway's bucket.
"""

from __future__ import annotations

import contextlib
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
STALE_AFTER = 60.0  # seconds without a poll after which a gateway's state is started afresh
MAX_DOUBLINGS = 30.0
NEVER = float("-inf")


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


def fresh_state(now):
    """A gateway nothing is known of: its rate unknown, a full first burst in its bucket.

    Times are monotonic instants, which every process of a machine reads alike.
    """
    return {"rate": None, "paused_until": NEVER, "reacted_at": NEVER, "accepted": [], "tokens": float(MAX_BURST),
            "stamp": now, "started": now, "updated": now, "taken_at": NEVER}


def restart_slow_start(state, now):
    """The slow start from ``now`` on, with its first burst: for a ``state`` whose rate is unknown and whose
    bucket nobody took a poll from for a poll interval."""
    state.update(tokens=max(state["tokens"], float(MAX_BURST)), started=now)


def usable(state, now):
    """Whether a stored ``state`` can go on: of the right shape, and used within ``STALE_AFTER`` of ``now``
    (either way: another process may have read its clock a moment earlier, and a monotonic clock restarts
    with the machine)."""
    try:
        times = [state[name] for name in ("paused_until", "reacted_at", "tokens", "stamp", "started", "updated",
                                          "taken_at")]
        numbers = times + list(state["accepted"]) + ([] if state["rate"] is None else [state["rate"]])
        if not all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in numbers):
            return False
    except (KeyError, TypeError):
        return False
    return now is None or abs(now - state["updated"]) <= STALE_AFTER


class LocalState:
    """A gateway's state in this process's memory, behind a lock: what a managed host, or a caller that
    shares nothing, keeps."""

    def __init__(self):
        self._lock = threading.Lock()
        self._state = None

    @contextlib.contextmanager
    def locked(self, now):
        """The state to read and change (``now``: when; None to only read it)."""
        with self._lock:
            if self._state is None or not usable(self._state, now):
                self._state = fresh_state(now or 0.0)
            yield self._state


class GatewayRate:
    """What the gateway lets these credentials send, as learnt from its 429s, and the bucket polls come from.

    ``store`` keeps the state (``LocalState`` by default); ``cap``: requests per second the user says
    the quota allows.  Times are the waiter's monotonic clock.  Thread-safe.
    """

    def __init__(self, store=None, cap=None):
        self.store = store or LocalState()
        self.cap = cap

    @property
    def rate(self):
        """Requests per second the gateway was learnt to allow (None: it has not throttled)."""
        with self.store.locked(None) as state:
            return state["rate"]

    @property
    def paused_until(self):
        with self.store.locked(None) as state:
            return state["paused_until"]

    def _rate(self, state, now, poll_interval):
        """The bucket's rate: the learnt one, or the slow start's; never above the cap."""
        if state["rate"] is not None:
            rate = state["rate"]
        elif self.cap is not None:
            return self.cap
        else:
            doublings = min(MAX_DOUBLINGS, max(0.0, now - state["started"]) / poll_interval)
            rate = MAX_BURST / poll_interval * 2 ** doublings
        return rate if self.cap is None else min(rate, self.cap)

    def _refill(self, state, now, poll_interval):
        rate = self._rate(state, now, poll_interval)
        capacity = max(1.0, min(MAX_BURST, rate * BURST))
        # Tokens beyond the capacity are only ever the first burst: kept, never added to.
        state["tokens"] = min(max(capacity, state["tokens"]), state["tokens"] + max(0.0, now - state["stamp"]) * rate)
        state["stamp"] = state["updated"] = max(state["stamp"], now)
        return rate

    def take(self, now, wanted, poll_interval):
        """How many of ``wanted`` polls may go now (each one taken from the bucket)."""
        if not wanted:
            return 0  # nothing to take: the store (a shared file, on the controller) is not touched
        with self.store.locked(now) as state:
            if now < state["paused_until"] - EPSILON:
                return 0
            if state["rate"] is None and now - state["taken_at"] > poll_interval:
                restart_slow_start(state, now)
            self._refill(state, now, poll_interval)
            granted = min(wanted, int(state["tokens"] + EPSILON))
            state["tokens"] -= granted
            if granted:
                state["taken_at"] = max(state["taken_at"], now)
            return granted

    def next_free(self, now, poll_interval):
        """When the bucket has a poll again."""
        with self.store.locked(now) as state:
            rate = self._refill(state, now, poll_interval)
            return max(state["paused_until"], now + max(0.0, 1.0 - state["tokens"]) / rate)

    @staticmethod
    def _forget(state, now):
        state["accepted"] = [instant for instant in state["accepted"] if instant > now - WINDOW]

    def on_accepted(self, now):
        with self.store.locked(now) as state:
            self._forget(state, now)
            state["accepted"].append(now)
            state["updated"] = max(state["updated"], now)
            if state["rate"] is not None:
                state["rate"] = increased_rate(state["rate"])

    def on_429(self, now, sent_at, retry_after=None):
        """A 429 to a poll sent at ``sent_at``; one sent before the last reaction changes nothing more."""
        with self.store.locked(now) as state:
            state["updated"] = max(state["updated"], now)
            if retry_after is not None:
                state["paused_until"] = max(state["paused_until"], now + retry_after)
            if sent_at < state["reacted_at"]:
                return
            self._forget(state, now)
            state["rate"] = decreased_rate(state["rate"], len(state["accepted"]))
            state["reacted_at"] = now
            # Room again once the oldest poll it accepted leaves the gateway's window (if we are its only
            # user), or after a whole window if it accepted none (others used it up).
            room = (state["accepted"][0] if state["accepted"] else now) + WINDOW
            state["paused_until"] = max(state["paused_until"], room)


class Pacer:
    """One wait's polls: at most ``budget`` a second (what its schedules can ask for at most), each also
    taken from the gateway's bucket.  ``poll_interval``: the wait's, the pace the gateway's slow start
    doubles at."""

    def __init__(self, budget, gateway, now, poll_interval):
        self.budget = budget
        self.gateway = gateway
        self._poll_interval = poll_interval
        self._capacity = max(1.0, min(MAX_BURST, budget * BURST))
        self._tokens = self._capacity
        self._stamp = now

    def _refill(self, now):
        self._tokens = min(self._capacity, self._tokens + max(0.0, now - self._stamp) * self.budget)
        self._stamp = max(self._stamp, now)

    def take(self, now, wanted):
        """How many of ``wanted`` polls may go now (each one taken)."""
        self._refill(now)
        granted = self.gateway.take(now, min(wanted, int(self._tokens + EPSILON)), self._poll_interval)
        self._tokens -= granted
        return granted

    def next_free(self, now):
        """When the next poll may go."""
        self._refill(now)
        own = now + max(0.0, 1.0 - self._tokens) / self.budget
        return max(own, self.gateway.next_free(now, self._poll_interval))


_LOCAL_STATES = {}
_LOCAL_STATES_LOCK = threading.Lock()


def gateway_for(key, shared=None, cap=None):
    """The ``GatewayRate`` of ``key`` (an endpoint and the credentials' account, as a digest): its state in
    ``shared`` (the controller's store, which gives ``state_for(key)``) when there is one, else in this
    process, where every wait on the same gateway shares it."""
    if shared is not None:
        store = shared.state_for(key)
    else:
        with _LOCAL_STATES_LOCK:
            store = _LOCAL_STATES.setdefault(key, LocalState())
    return GatewayRate(store, cap)
