"""The waiting engine on a simulated clock: lag, request counts, the shared budget, the quota, the end window."""

import collections
import datetime

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import records, times
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConnectionFailure,
    HwCloudError,
    NotFoundError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait import budget, waiter, wording
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.budget import GatewayRate
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import Waiter, check_wait_options
from tests.unit.plugins.simulated_time import EPOCH, SimulatedTime

RTT = 0.01


def throttled(retry_after=None):
    return HwCloudError("GET /v3/p/jobs failed", status=429, error_code="APIGW.0308", retry_after=retry_after)


def records_of(outcome):
    """The last record read of each task, in the order asked."""
    return [item.record for item in outcome.tracked]


class SimulatedCloud(SimulatedTime):
    """Jobs that run from t=0 for ``duration`` seconds with linear progress (or a planned end instead), a
    gateway that may allow only ``quota`` requests a second, and a clock that sleeps instantly.  A round
    of polls reaches the cloud at one instant and takes ``RTT``."""

    def __init__(self, durations, visible_after=None, outcome="Completed", quota=None, planned=None):
        super().__init__()
        self.durations = durations
        self.visible_after = visible_after or {}
        self.outcome = outcome
        self.quota = quota
        self.planned = planned or {}  # key -> the planned length its progress and planned end follow
        self.accepted = collections.deque()
        self.polls = []
        self.refused = []

    def parallel_map(self, function, items):
        answers = [function(item) for item in items]
        self.now += RTT
        return answers

    def admitted(self):
        while self.accepted and self.accepted[0] <= self.now - 1.0:
            self.accepted.popleft()
        if self.quota is not None and len(self.accepted) >= self.quota:
            return False
        self.accepted.append(self.now)
        return True

    def fetch(self, key, deadline):
        if not self.admitted():
            self.refused.append((self.now, key))
            raise throttled()
        self.polls.append((self.now, key))
        if self.now < self.visible_after.get(key, 0):
            return records.not_found(key, NotFoundError("x", status=404, error_code="DBS.280238"))
        duration = self.durations[key]
        planned = self.planned.get(key, duration)
        done = self.now >= duration
        job = {
            "id": key,
            "status": self.outcome if done else "Running",
            "process": "" if done else "%d%% " % int(100 * self.now / planned),
            "created": EPOCH.strftime("%Y-%m-%dT%H:%M:%S+0000"),
        }
        return records.rds_job(job)

    def waiter(self, **options):
        settings = dict(timeout=4000.0, poll_interval=1.0, max_poll_interval=30.0, visibility_timeout=60.0,
                        gateway=GatewayRate())
        settings.update(options)
        return Waiter(self.fetch, clock=self.clock, sleep=self.sleep, now_utc=self.now_utc, rand=lambda: 0.5,
                      **settings)

    def gaps(self, key):
        times = [when for when, polled in self.polls if polled == key]
        return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


@pytest.fixture(autouse=True)
def simulated_rounds(monkeypatch):
    """Each round of polls runs on the test's thread, on the simulated clock (``SimulatedCloud.parallel_map``)."""
    rounds = {}

    def parallel_map(function, items):
        return rounds["cloud"].parallel_map(function, items)

    monkeypatch.setattr(waiter, "parallel_map", parallel_map)
    return rounds


@pytest.fixture
def cloud_of(simulated_rounds):
    def make(*args, **kwargs):
        simulated_rounds["cloud"] = SimulatedCloud(*args, **kwargs)
        return simulated_rounds["cloud"]

    return make


@pytest.mark.parametrize(
    "duration, max_lag, max_polls",
    # Fixed 10 s polling makes duration / 10 + 1 polls, with 5 s of lag on average.  Young jobs are
    # polled often (nobody can tell a 20 s job from a 20 min one yet); long ones much less than every 10 s.
    [(5, 1.05, 7), (20, 1.05, 12), (60, 2.05, 16), (600, 1.05, 50), (1800, 2.05, 110)],
)
def test_finishes_soon_after_the_job(cloud_of, duration, max_lag, max_polls):
    cloud = cloud_of({"job": duration})
    outcome = cloud.waiter().wait(["job"])
    lag = outcome.elapsed - duration
    assert not outcome.timed_out and records_of(outcome)[0]["state"] == "succeeded"
    assert 0 <= lag <= max_lag, "detected %.1f s after the end" % lag
    assert len(cloud.polls) <= max_polls
    assert duration < 600 or len(cloud.polls) < 0.8 * (duration / 10 + 1), "its percent keeps pace: no wide window"


def test_a_long_job_is_polled_sparsely_far_from_its_end_and_closely_near_it(cloud_of):
    cloud = cloud_of({"job": 1800})
    cloud.waiter().wait(["job"])
    times = [when for when, _key in cloud.polls]
    far = [later - earlier for earlier, later in zip(times, times[1:], strict=False) if later < 1000]
    assert max(far) <= 30 + RTT + 1e-9 and sum(1 for gap in far if gap >= 25) > 20, "sleeps beyond the 10 s beat"
    assert times[-1] - times[-2] <= 2.6 and times[-2] < 1800 <= times[-1], "polled closely as it ended"


def test_without_progress_polls_back_off_to_the_beat(cloud_of):
    cloud = cloud_of({"job": 10 ** 6})
    cloud.fetch = lambda key, deadline: cloud.polls.append((cloud.now, key)) or records.rds_job(
        {"id": key, "status": "Running", "process": ""})
    cloud.waiter(timeout=300).wait(["job"])
    gaps = cloud.gaps("job")
    assert gaps[0] == pytest.approx(0.95 + RTT)
    assert max(gaps) <= 10.0 + RTT
    assert sum(1 for gap in gaps if gap > 9) >= 10, "10 s apart, though max_poll_interval is 30"


def test_a_job_that_fails_early_is_seen_within_max_poll_interval(cloud_of):
    cloud = cloud_of({"job": 90}, outcome="Failed", planned={"job": 1800})
    outcome = cloud.waiter().wait(["job"])
    assert records_of(outcome)[0]["state"] == "failed"
    assert 0 <= outcome.elapsed - 90 <= 30 + RTT + 1e-9
    assert max(cloud.gaps("job")) <= 30 + RTT + 1e-9


def test_a_planned_end_places_the_end_window(cloud_of):
    cloud = cloud_of({"job": 600})
    read = cloud.fetch

    def from_the_task_list(key, deadline):  # no progress, but the planned end the task list gives
        record = read(key, deadline)
        if not record["terminal"]:
            record.update(progress=None, planned_end_at=times.normalise(EPOCH + datetime.timedelta(seconds=600)))
        return record

    cloud.fetch = from_the_task_list
    outcome = cloud.waiter().wait(["job"])
    assert outcome.elapsed - 600 <= 2.6
    assert len(cloud.polls) < 600 / 10, "fewer requests than fixed 10 s polling"
    far = [gap for when, gap in zip([when for when, _key in cloud.polls][1:], cloud.gaps("job"), strict=False)
           if 100 < when < 560]
    assert min(far) >= 25, "sparse until the plan says the end is near"


def test_timeout_is_honoured_with_a_last_poll_at_the_deadline(cloud_of):
    cloud = cloud_of({"job": 10 ** 6})
    outcome = cloud.waiter(timeout=100).wait(["job"])
    assert outcome.timed_out and outcome.elapsed == pytest.approx(100 + RTT)
    assert cloud.polls[-1][0] == pytest.approx(100)
    assert [item.key for item in outcome.unfinished] == ["job"]
    assert records_of(outcome)[0]["state"] == "running"


def test_job_invisible_for_a_while_is_waited_for(cloud_of):
    cloud = cloud_of({"job": 30}, visible_after={"job": 5})
    outcome = cloud.waiter().wait(["job"])
    assert records_of(outcome)[0]["state"] == "succeeded" and not outcome.missing


def test_job_that_never_appears_is_missing_right_after_the_grace_period(cloud_of):
    cloud = cloud_of({"job": 30}, visible_after={"job": 10 ** 6})
    outcome = cloud.waiter(visibility_timeout=20).wait(["job"])
    assert outcome.missing == ["job"] and not outcome.timed_out
    assert outcome.elapsed == pytest.approx(20 + RTT)
    assert records_of(outcome)[0]["found"] is False


def test_the_last_jobs_of_a_large_wait_get_the_budget_of_the_finished_ones(cloud_of, monkeypatch):
    durations = {"job-%d" % n: 5 + n * 0.05 for n in range(100)}  # 100 jobs ending 50 ms apart over 5 s
    shared = cloud_of(durations)
    outcome = shared.waiter().wait(sorted(durations))
    assert all(record["state"] == "succeeded" for record in records_of(outcome))
    assert outcome.elapsed - max(durations.values()) <= 0.3
    assert min(shared.gaps("job-99")) == pytest.approx(0.25 + RTT), "never closer than poll_interval / 4"

    monkeypatch.setattr(budget, "TAIL", 1e9)  # every job on its own schedule only
    alone = cloud_of(durations)
    alone_outcome = alone.waiter().wait(sorted(durations))
    assert alone_outcome.elapsed - max(durations.values()) > 0.5
    assert len(shared.polls) <= 1.1 * len(alone.polls)


def test_the_wait_never_sends_faster_than_all_its_jobs_did_at_the_start(cloud_of):
    durations = {"job-%d" % n: 5 + 10 * n for n in range(20)}
    cloud = cloud_of(durations)
    outcome = cloud.waiter().wait(sorted(durations))
    assert outcome.elapsed - max(durations.values()) <= 2.1
    for key, duration in durations.items():
        last = max(when for when, polled in cloud.polls if polled == key)
        assert 0 <= last - duration <= 2.1
    instants = [when for when, _key in cloud.polls]
    first = sum(1 for when in instants if when < 1.0)
    busiest = max(sum(1 for other in instants if start <= other < start + 1.0) for start in instants)
    assert busiest <= first, "never more requests in a second than in the first, when every job was young"


def test_polls_queue_behind_the_gateway_quota(cloud_of):
    durations = {"job-%d" % n: 5 + 5 * n / 99 for n in range(100)}
    cloud = cloud_of(durations, quota=20)
    outcome = cloud.waiter().wait(sorted(durations))
    assert all(record["state"] == "succeeded" for record in records_of(outcome))
    requests = len(cloud.polls) + len(cloud.refused)
    assert len(cloud.refused) <= 0.05 * requests
    assert outcome.elapsed - 10 <= 4.0
    assert outcome.polls == requests, "every poll counts, refused or answered"
    assert all(item.last_error is None for item in outcome.tracked), "a throttled poll is not the job's error"


def test_retry_after_pauses_every_poll_of_the_wait(cloud_of):
    durations = {"a": 20, "b": 20}
    cloud = cloud_of(durations)
    read = cloud.fetch
    answers = [throttled(retry_after=5)]

    def once_throttled(key, deadline):
        if answers and cloud.now > 3:
            cloud.refused.append((cloud.now, key))
            raise answers.pop()
        return read(key, deadline)

    cloud.fetch = once_throttled
    outcome = cloud.waiter().wait(["a", "b"])
    refused_at = cloud.refused[0][0]
    assert not [when for when, _key in cloud.polls if refused_at < when < refused_at + 5]
    assert records_of(outcome)[0]["state"] == records_of(outcome)[1]["state"] == "succeeded"


def test_the_gateway_rate_outlives_the_wait_that_learnt_it(cloud_of):
    gateway = GatewayRate()
    first = cloud_of({"job-%d" % n: 8 for n in range(50)}, quota=10)
    first.waiter(gateway=gateway).wait(["job-%d" % n for n in range(50)])
    assert gateway.rate is not None and gateway.rate < 15
    later = cloud_of({"job-%d" % n: first.now + 8 for n in range(50)}, quota=10)
    later.now = first.now + 5  # the same process, a little later
    later.waiter(gateway=gateway).wait(["job-%d" % n for n in range(50)])
    assert len(later.refused) < 5, "the next wait starts at the rate the gateway allowed"


def test_429s_the_transport_retried_itself_lower_the_rate(cloud_of):
    cloud = cloud_of({"job": 20})
    seen = {"429": 0}
    read = cloud.fetch

    def retried_once(key, deadline):
        seen["429"] += 1  # one 429 answer on every read, retried by the transport
        return read(key, deadline)

    cloud.fetch = retried_once
    gateway = GatewayRate()
    cloud.waiter(gateway=gateway, throttled_answers=lambda: seen["429"]).wait(["job"])
    assert gateway.rate is not None


def test_transient_errors_are_outlived_and_auth_errors_are_not(cloud_of):
    cloud = cloud_of({"job": 10})
    real_fetch = cloud.fetch
    failures = [throttled(), ConnectionFailure("reset")]

    def flaky(key, deadline):
        if failures:
            raise failures.pop(0)
        return real_fetch(key, deadline)

    cloud.fetch = flaky
    assert records_of(cloud.waiter().wait(["job"]))[0]["state"] == "succeeded"

    def refused(key, deadline):
        raise AuthenticationError("x", status=401, error_code="APIGW.0301")

    cloud.fetch = refused
    with pytest.raises(AuthenticationError):
        cloud.waiter().wait(["job"])


def test_a_throttled_poll_goes_out_again_under_the_transports_back_off_switch(cloud_of):
    cloud = cloud_of({"job": 3})
    switched = []

    class Switch:
        def __enter__(self):
            switched.append(True)

        def __exit__(self, *exc_info):
            return False

    cloud.waiter(throttling_to_caller=Switch).wait(["job"])
    assert len(switched) == len(cloud.polls), "every poll asks the transport to hand its 429 back"


def test_failed_job_is_terminal(cloud_of):
    cloud = cloud_of({"job": 10}, outcome="Failed")
    outcome = cloud.waiter().wait(["job"])
    assert records_of(outcome)[0]["state"] == "failed" and not outcome.timed_out


@pytest.mark.parametrize(
    "options, problem",
    [(dict(timeout=0), "timeout must be a positive number of seconds"),
     (dict(poll_interval=-1), "poll_interval must be a positive"),
     (dict(visibility_timeout=-1), "visibility_timeout must be 0 or more"),
     (dict(visibility_timeout=0), None)],
)
def test_check_wait_options(options, problem):
    message = check_wait_options(dict(dict(timeout=1, poll_interval=1, max_poll_interval=1), **options))
    assert message == problem or (problem and message.startswith(problem))


@pytest.mark.parametrize("skew_hours", [-2, 2, 24 * 40])
def test_clock_skew_between_client_and_cloud_does_not_stall_the_wait(cloud_of, skew_hours):
    """The job's creation time is then useless: the time watched stands in for its age."""
    cloud = cloud_of({"job": 120})
    skewed = cloud.now_utc
    cloud.now_utc = lambda: skewed() + datetime.timedelta(hours=skew_hours)
    outcome = cloud.waiter().wait(["job"])
    assert records_of(outcome)[0]["state"] == "succeeded"
    assert outcome.elapsed - 120 <= 3.1


class Watcher:
    """A display that ticks: when it heard from the wait (a poll or a tick), and what each tick said."""

    def __init__(self, cloud):
        self.cloud = cloud
        self.heard = []
        self.ticks = []

    def __call__(self, item, elapsed):
        self.heard.append(self.cloud.now)

    def tick(self, waiting, elapsed):
        self.heard.append(self.cloud.now)
        self.ticks.append((elapsed, [(item.key, next_poll) for item, next_poll in waiting]))


@pytest.mark.parametrize("durations, visible_after", [({"job": 600}, None), ({"job": 30}, {"job": 60}),
                                                      ({"a": 300, "b": 900}, None)])
def test_a_display_that_ticks_hears_from_the_wait_every_second_without_a_request_more(
        cloud_of, durations, visible_after):
    quiet = cloud_of(durations, visible_after=visible_after)
    quiet.waiter(visibility_timeout=45.0).wait(list(durations))
    cloud = cloud_of(durations, visible_after=visible_after)
    watcher = Watcher(cloud)
    outcome = cloud.waiter(visibility_timeout=45.0, on_poll=watcher).wait(list(durations))
    assert cloud.polls == quiet.polls, "ticks change no poll: neither when nor how many"
    heard = [0.0] + watcher.heard + [outcome.elapsed]
    assert max(later - earlier for earlier, later in zip(heard, heard[1:], strict=False)) <= waiter.TICK + RTT + 1e-9
    for elapsed, waiting in watcher.ticks:  # the next poll each tick announces is the one that comes
        for key, next_poll in waiting:
            assert next_poll > 0
            assert min(when for when, polled in cloud.polls if polled == key and when > elapsed) == pytest.approx(
                elapsed + next_poll)


class Instance:
    """An instance busy from ``busy[i][0]`` to ``busy[i][1]`` (seconds), idle otherwise, read as the wait reads it."""

    def __init__(self, cloud, busy):
        self.cloud = cloud
        self.busy = busy

    def fetch(self, key, deadline):
        now = self.cloud.now
        self.cloud.polls.append((now, key))
        running = [{"id": "t", "progress": None, "created_at": None, "end_time": None}
                   for start, end in self.busy if start <= now < end]
        return records.idle(key, running)


@pytest.mark.parametrize("hold_for, ends_at_least", [(0.0, 20.0), (60.0, 170.0)])
def test_an_instance_must_stay_idle_as_long_as_asked_and_a_task_in_between_starts_the_count_again(
        cloud_of, hold_for, ends_at_least):
    cloud = cloud_of({})
    cloud.fetch = Instance(cloud, busy=[(0, 20), (50, 110)]).fetch  # a backup the cloud starts after the creation
    outcome = cloud.waiter(hold_for=hold_for).wait(["inst"])
    assert not outcome.timed_out and outcome.tracked[0].done and outcome.tracked[0].record["state"] == "idle"
    assert ends_at_least <= outcome.elapsed <= ends_at_least + 10.0 + RTT
    if hold_for:
        idle_polls = [when for when, _key in cloud.polls if when >= 110]
        assert idle_polls[-1] - idle_polls[0] >= hold_for, "the end is a poll that sees it idle a minute on"


def test_an_instance_that_does_not_stay_idle_long_enough_times_out_saying_how_long_it_was(cloud_of):
    cloud = cloud_of({})
    cloud.fetch = Instance(cloud, busy=[(0, 20)]).fetch
    outcome = cloud.waiter(hold_for=600.0, timeout=100.0).wait(["inst"])
    item = outcome.tracked[0]
    assert outcome.timed_out and item.record["terminal"] and not item.done and 70 <= item.held <= 81
    said = wording.wait_failure(outcome, dict(waiter.WAIT_DEFAULTS, timeout=100.0), "instance")
    assert said.startswith("timed out after 100.0 s (timeout) with 1 still unfinished: instance inst idle for ")
    assert said.endswith(" s of the 600 s asked (idle_for)")
