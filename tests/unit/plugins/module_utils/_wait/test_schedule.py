"""One task's schedule, decision by decision: back-off, the young job's hedge, the end window, jitter, ceilings."""

import datetime

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.schedule import (
    evidence_delay,
    job_age,
    poll_delay,
    predicted_length,
)

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


def exact():  # no jitter
    return 0.0


def delay(interval=None, age=1000.0, length=None, watched=0.0, grace_left=None, rand=exact, max_poll_interval=30.0):
    """``poll_delay`` with poll_interval 1; an old job watched from its start."""
    return poll_delay(interval, age, length, watched, grace_left, 1.0, max_poll_interval, rand)


def test_without_evidence_polls_back_off_to_the_beat_not_to_the_ceiling():
    assert delay() == (1.0, 1.0)
    assert delay(1.0) == (1.5, 1.5)
    assert delay(8.0) == (10.0, 10.0), "ten poll intervals, though max_poll_interval is 30"
    assert delay(8.0, max_poll_interval=6.0) == (6.0, 6.0)


def test_jitter_only_shortens():
    assert delay(8.0, rand=lambda: 1.0)[0] == pytest.approx(9.0)
    assert delay(8.0, rand=lambda: 0.5)[0] == pytest.approx(9.5)
    assert delay(8.0, length=10 ** 5)[0] == 30.0, "never past max_poll_interval"


def test_young_jobs_are_polled_within_a_fifth_of_their_age():
    assert delay(8.0, age=20.0) == (4.0, 10.0)
    assert delay(8.0, age=None, watched=20.0)[0] == 4.0, "no creation time: of the time watched"
    assert delay(8.0, age=3.0) == (1.0, 10.0), "never under the first interval"
    assert delay(8.0, age=5.0, length=10 ** 5) == (1.0, 10.0), "too young for its percent to count"


def test_evidence_of_a_far_end_sleeps_up_to_the_ceiling_within_one_and_a_half_times_the_age():
    assert delay(8.0, age=100.0, length=1000.0)[0] == 30.0
    assert delay(8.0, age=10.0, length=1000.0)[0] == 15.0
    assert delay(8.0, age=10.0, length=1000.0, max_poll_interval=12.0)[0] == 12.0


def test_the_end_window_opens_before_the_predicted_end_and_is_polled_closely():
    # 1000 s predicted: the window opens 195 s before (a fifth of it, less five intervals).
    assert delay(8.0, age=790.0, length=1000.0)[0] == pytest.approx(15.0), "sleeps until it opens"
    assert delay(8.0, age=810.0, length=1000.0)[0] == 2.5, "then every 2.5 poll intervals"
    assert delay(8.0, age=1610.0, length=1700.0)[0] == 2.5


def test_short_jobs_have_no_window_but_their_predicted_end():
    assert evidence_delay(8.0, 10.0, 1.6, 1.0) == pytest.approx(2.0), "sleep to the end, 10 s"
    assert evidence_delay(9.9, 10.0, 1.98, 1.0) == 1.0, "then every poll interval"


def test_a_percent_that_keeps_pace_keeps_the_window_narrow():
    assert evidence_delay(890.0, 1000.0, 178.0, 1.0, still=0.0) == pytest.approx(110.0), "sleeps to the end"
    assert evidence_delay(890.0, 1000.0, 178.0, 1.0, still=30.0) == pytest.approx(12.5), "half as wide"
    assert evidence_delay(890.0, 1000.0, 178.0, 1.0, still=60.0) == 2.5, "standing still 6 percents' worth: wide"


def test_a_percent_standing_still_in_the_window_spreads_polls_out():
    spacing = [evidence_delay(1000.0, 1100.0, 200.0, 1.0, still=still) for still in (100.0, 2000.0, 4000.0)]
    assert spacing == [2.5, 10.0, 20.0]


def test_late_in_a_long_wait_polls_are_a_couple_of_intervals_apart_at_least():
    assert delay(None, age=8.0, length=8.5, watched=100.0)[0] == pytest.approx(2 * 0.9)
    assert delay(None, age=8.0, length=8.5, watched=30.0)[0] == pytest.approx(1.2 * 0.9)


def test_the_last_look_of_the_grace_period_falls_at_its_end():
    assert delay(8.0, grace_left=3.5) == (3.5, 10.0)
    assert delay(None, grace_left=3.5) == (1.0, 1.0)


def test_predicted_length():
    record = {"progress": 24, "created_at": "2026-11-23T09:59:35Z"}
    assert predicted_length(record, 25.0, NOW) == pytest.approx(100.0), "24 % may be almost 25 %: errs early"
    assert predicted_length(dict(record, progress=0), 10.0, NOW) == pytest.approx(1000.0)
    assert predicted_length(dict(record, progress=None), 25.0, NOW) is None
    assert predicted_length(dict(record, progress=100), 25.0, NOW) is None


def test_a_planned_end_says_the_length_outright():
    planned = {"progress": 5, "planned_end_at": "2026-11-23T10:00:50Z"}
    assert predicted_length(planned, 10.0, NOW) == pytest.approx(60.0)
    assert predicted_length(dict(planned, planned_end_at="2026-11-23T09:59:55Z"), 10.0, NOW) == pytest.approx(5.0)
    assert predicted_length(dict(planned, planned_end_at="soon"), 10.0, NOW) == pytest.approx(1000 / 6)


def test_job_age():
    assert job_age({"created_at": "2026-11-23T09:59:47Z"}, NOW) == pytest.approx(13.0)
    assert job_age({"created_at": "2026-11-23T10:00:10Z"}, NOW) is None, "clock skew"
    assert job_age({"created_at": "2026-09-01T10:00:00Z"}, NOW) is None, "older than the API keeps"
    assert job_age({"created_at": None}, NOW) is None
    assert job_age(None, NOW) is None
