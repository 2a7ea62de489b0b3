"""The waiting engine on a simulated clock: lag, request counts, deadlines, visibility, errors."""

import datetime

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils import _records
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConnectionFailure,
    HwCloudError,
    NotFoundError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._waiter import (
    Waiter,
    check_wait_options,
    is_transient,
    poll_delay,
    remaining_estimate,
)

EPOCH = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


class SimulatedCloud:
    """Jobs that run from t=0 for ``duration`` seconds, with linear progress; a clock that sleeps instantly."""

    def __init__(self, durations, visible_after=None, outcome="Completed"):
        self.now = 0.0
        self.durations = durations
        self.visible_after = visible_after or {}
        self.outcome = outcome
        self.polls = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0
        self.now += seconds

    def now_utc(self):
        return EPOCH + datetime.timedelta(seconds=self.now)

    def fetch(self, key, deadline):
        self.polls.append((self.now, key))
        if self.now < self.visible_after.get(key, 0):
            return _records.not_found(key, NotFoundError("x", status=404, error_code="DBS.280238"))
        duration = self.durations[key]
        done = self.now >= duration
        job = {
            "id": key,
            "status": self.outcome if done else "Running",
            "process": "" if done else "%d%% " % int(100 * self.now / duration),
            "created": EPOCH.strftime("%Y-%m-%dT%H:%M:%S+0000"),
        }
        return _records.rds_job(job)

    def waiter(self, **options):
        settings = dict(timeout=1800.0, poll_interval=1.0, max_poll_interval=30.0, visibility_timeout=60.0)
        settings.update(options)
        return Waiter(self.fetch, clock=self.clock, sleep=self.sleep, now_utc=self.now_utc, rand=lambda: 0.5,
                      **settings)


@pytest.mark.parametrize(
    "duration, max_lag, max_polls",
    # Fixed 10 s polling makes duration / 10 + 1 polls, with 5 s of lag on average. Young jobs are
    # polled often (nobody can tell a 20 s job from a 20 min one yet); long ones less than every 10 s.
    [(5, 1.1, 6), (20, 1.1, 15), (60, 2.1, 21), (600, 2.1, 45), (1800, 2.1, 90)],
)
def test_finishes_soon_after_the_job(duration, max_lag, max_polls):
    cloud = SimulatedCloud({"job": duration})
    outcome = cloud.waiter().wait(["job"])
    lag = outcome.elapsed - duration
    assert not outcome.timed_out and outcome.records[0]["state"] == "succeeded"
    assert 0 <= lag <= max_lag, "detected %.1f s after the end" % lag
    assert len(cloud.polls) <= max_polls
    assert duration < 600 or len(cloud.polls) < duration / 10 + 1


def test_without_progress_polls_back_off_to_the_ceiling():
    cloud = SimulatedCloud({"job": 10 ** 6})
    cloud.fetch = lambda key, deadline: cloud.polls.append(cloud.now) or _records.rds_job(
        {"id": key, "status": "Running", "process": ""})
    cloud.waiter(timeout=300, max_poll_interval=20).wait(["job"])
    gaps = [later - earlier for earlier, later in zip(cloud.polls, cloud.polls[1:], strict=False)]
    assert gaps[0] == pytest.approx(1.0)
    assert max(gaps) <= 20.0 + 1e-9
    assert gaps.count(20.0) >= 5


def test_timeout_is_honoured_with_a_last_poll_at_the_deadline():
    cloud = SimulatedCloud({"job": 10 ** 6})
    outcome = cloud.waiter(timeout=100).wait(["job"])
    assert outcome.timed_out and outcome.elapsed == pytest.approx(100)
    assert cloud.polls[-1][0] == pytest.approx(100)
    assert [item.key for item in outcome.unfinished] == ["job"]
    assert outcome.records[0]["state"] == "running"


def test_job_invisible_for_a_while_is_waited_for():
    cloud = SimulatedCloud({"job": 30}, visible_after={"job": 5})
    outcome = cloud.waiter().wait(["job"])
    assert outcome.records[0]["state"] == "succeeded" and not outcome.missing


def test_job_that_never_appears_is_missing_right_after_the_grace_period():
    cloud = SimulatedCloud({"job": 30}, visible_after={"job": 10 ** 6})
    outcome = cloud.waiter(visibility_timeout=20).wait(["job"])
    assert outcome.missing == ["job"] and not outcome.timed_out
    assert outcome.elapsed == pytest.approx(20)
    assert outcome.records[0]["found"] is False


def test_many_jobs_each_on_their_own_schedule():
    durations = {"job-%d" % n: 5 + 10 * n for n in range(20)}
    cloud = SimulatedCloud(durations)
    outcome = cloud.waiter().wait(sorted(durations))
    assert all(record["state"] == "succeeded" for record in outcome.records)
    assert outcome.elapsed - max(durations.values()) <= 2.1
    for key, duration in durations.items():
        last = max(time for time, polled in cloud.polls if polled == key)
        assert 0 <= last - duration <= 2.1


def test_transient_errors_are_outlived_and_auth_errors_are_not():
    cloud = SimulatedCloud({"job": 10})
    real_fetch = cloud.fetch
    failures = [HwCloudError("x", status=429, error_code="APIGW.0308"), ConnectionFailure("reset")]

    def flaky(key, deadline):
        if failures:
            raise failures.pop(0)
        return real_fetch(key, deadline)

    cloud.fetch = flaky
    assert cloud.waiter().wait(["job"]).records[0]["state"] == "succeeded"

    def refused(key, deadline):
        raise AuthenticationError("x", status=401, error_code="APIGW.0301")

    cloud.fetch = refused
    with pytest.raises(AuthenticationError):
        cloud.waiter().wait(["job"])


def test_failed_job_is_terminal():
    cloud = SimulatedCloud({"job": 10}, outcome="Failed")
    outcome = cloud.waiter().wait(["job"])
    assert outcome.records[0]["state"] == "failed" and not outcome.timed_out


@pytest.mark.parametrize(
    "error, transient",
    [(HwCloudError("x", status=429), True), (HwCloudError("x", status=503), True),
     (ConnectionFailure("x"), True), (HwCloudError("x", status=400), False),
     (AuthenticationError("x", status=403), False), (NotFoundError("x", status=404), False)],
)
def test_transient_errors(error, transient):
    assert is_transient(error) is transient


def middle():  # no jitter
    return 0.5


def delay(interval=None, estimate=None, age=1000.0, watched=0.0, grace_left=None, rand=middle):
    """``poll_delay`` with poll_interval 1 and max_poll_interval 30; an old job watched from its start."""
    return poll_delay(interval, estimate, age, watched, grace_left, 1.0, 30.0, rand)


def test_poll_delay_backs_off_to_the_ceiling_with_jitter():
    assert delay() == (1.0, 1.0)
    assert delay(1.0) == (1.5, 1.5)
    assert delay(25.0) == (30.0, 30.0)
    assert (delay(rand=lambda: 0.0)[0], delay(rand=lambda: 1.0)[0]) == (pytest.approx(0.9), pytest.approx(1.1))


def test_poll_delay_aims_at_part_of_the_estimate_within_first_interval_and_ceiling():
    assert delay(8.0, estimate=10.0) == (pytest.approx(6.0), 12.0)
    assert delay(8.0, estimate=0.5) == (1.0, 12.0)
    assert delay(8.0, estimate=500.0) == (30.0, 12.0)


def test_poll_delay_never_exceeds_a_share_of_the_age_or_of_the_time_watched():
    assert delay(25.0, age=8.0) == (pytest.approx(2.0), 30.0)  # a quarter of the job's age
    assert delay(25.0, age=None, watched=20.0) == (pytest.approx(5.0), 30.0)  # no age: of the time watched
    assert delay(25.0, age=1.0) == (1.0, 30.0)  # but never under the first interval


def test_poll_delay_polls_late_in_a_long_wait_at_most_twice_the_first_interval_apart_at_the_least():
    assert delay(None, estimate=0.1, watched=1000.0)[0] == pytest.approx(2.0 * 0.9)
    assert delay(None, estimate=0.1, watched=30.0)[0] == pytest.approx(1.2 * 0.9)


def test_poll_delay_looks_last_at_the_end_of_the_grace_period():
    assert delay(25.0, grace_left=3.5) == (3.5, 30.0)
    assert delay(None, grace_left=3.5) == (1.0, 1.0)


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


def test_remaining_estimate():
    record = {"progress": 25, "created_at": "2026-11-23T10:00:00Z"}
    # 25% may be up to 26%: the estimate errs early.
    assert remaining_estimate(record, None, EPOCH + datetime.timedelta(seconds=13)) == pytest.approx(37)
    assert remaining_estimate(record, 5.0, EPOCH) == pytest.approx(14.8)  # observed rate wins
    assert remaining_estimate(dict(record, progress=99), None, EPOCH + datetime.timedelta(seconds=13)) == 0
    assert remaining_estimate(record, None, EPOCH - datetime.timedelta(seconds=10)) is None  # clock skew
    assert remaining_estimate(dict(record, progress=None), None, EPOCH) is None
    assert remaining_estimate(dict(record, created_at=None), None, EPOCH) is None


@pytest.mark.parametrize("skew_hours", [-2, 2, 24 * 40])
def test_clock_skew_between_client_and_cloud_does_not_stall_the_wait(skew_hours):
    """The job's creation time is then useless for estimates: the rate seen between polls is used."""
    cloud = SimulatedCloud({"job": 120})
    skewed = cloud.now_utc
    cloud.now_utc = lambda: skewed() + datetime.timedelta(hours=skew_hours)
    outcome = cloud.waiter().wait(["job"])
    assert outcome.records[0]["state"] == "succeeded"
    assert outcome.elapsed - 120 <= 2.1
