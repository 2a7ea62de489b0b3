"""The wait's budget and the gateway's rate, decision by decision."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.budget import (
    MIN_RATE,
    GatewayRate,
    Pacer,
    decreased_rate,
    increased_rate,
    shared_delay,
)


def test_running_tasks_keep_their_own_schedule_while_half_of_the_wait_runs():
    assert shared_delay(4.0, 100, 100, 1.0) == 4.0
    assert shared_delay(4.0, 50, 100, 1.0) == 4.0
    assert shared_delay(4.0, 1, 1, 1.0) == 4.0, "a wait on one task is its own schedule"


def test_then_the_finished_tasks_budget_goes_to_the_ones_still_running():
    assert shared_delay(4.0, 25, 100, 1.0) == 2.0
    assert shared_delay(4.0, 5, 100, 1.0) == pytest.approx(0.4)
    assert shared_delay(4.0, 1, 100, 1.0) == 0.25, "never closer than a quarter of the poll interval"
    assert shared_delay(4.0, 1, 100, 2.0) == 0.5


def test_a_429_lowers_the_rate_below_what_the_gateway_accepted():
    assert decreased_rate(None, 20) == pytest.approx(16.0)
    assert decreased_rate(10.0, 20) == pytest.approx(8.0)
    assert decreased_rate(30.0, 20) == pytest.approx(16.0)
    assert decreased_rate(None, 0) == MIN_RATE


def test_accepted_polls_raise_the_rate_by_about_one_request_per_second_each_second():
    rate = 10.0
    for _poll in range(10):  # a second of polls at 10 a second
        rate = increased_rate(rate)
    assert rate == pytest.approx(11.0, abs=0.05)


def accepted(gateway, instants):
    for now in instants:
        gateway.on_accepted(now)


def test_the_gateway_rate_is_unlimited_until_throttled_then_pauses_until_its_window_has_room():
    gateway = GatewayRate()
    accepted(gateway, [index * 0.04 for index in range(20)])  # 20 in the last 0.8 s
    assert gateway.rate is None
    gateway.on_429(now=0.85, sent_at=0.8)
    assert gateway.rate == pytest.approx(16.0)
    assert gateway.paused_until == pytest.approx(1.0), "the oldest accepted poll leaves the window at 1.0"


def test_a_429_to_a_poll_sent_before_the_last_reaction_changes_nothing_more():
    gateway = GatewayRate()
    accepted(gateway, [0.0, 0.5])
    gateway.on_429(now=0.9, sent_at=0.85)
    rate, paused = gateway.rate, gateway.paused_until
    gateway.on_429(now=0.92, sent_at=0.86)
    assert (gateway.rate, gateway.paused_until) == (rate, paused)
    gateway.on_429(now=2.0, sent_at=1.5)
    assert gateway.rate < rate


def test_retry_after_sets_the_pause():
    gateway = GatewayRate()
    gateway.on_429(now=10.0, sent_at=10.0, retry_after=5)
    assert gateway.paused_until == 15.0
    gateway.on_429(now=10.1, sent_at=9.0, retry_after=30)
    assert gateway.paused_until == pytest.approx(40.1), "also from a poll the rate already reacted to"


def test_no_accepted_poll_in_the_window_means_a_whole_window_of_pause():
    gateway = GatewayRate()
    gateway.on_429(now=3.0, sent_at=3.0)
    assert (gateway.rate, gateway.paused_until) == (MIN_RATE, 4.0)


def test_pacer_starts_with_a_burst_then_paces_at_a_rate_that_doubles_every_poll_interval():
    pacer = Pacer(100.0, GatewayRate(), now=0.0, poll_interval=1.0)
    assert pacer.take(0.0, 200) == 16, "one burst of 16 to start with"
    assert pacer.take(0.0, 200) == 0
    assert pacer.next_free(0.0) == pytest.approx(1 / 16), "16 a second at first"
    assert pacer.take(0.5, 200) == 5, "a quarter of a second's worth of 16 * 2 ** 0.5 a second"
    assert pacer.take(1.5, 200) == 11
    for step in range(4, 20):
        pacer.take(0.5 * step, 1)  # a poll every half second keeps the bucket in use
    assert pacer.take(10.0, 200) == 16, "the budget, 100 a second, reached: at most 16 at once"
    assert pacer.take(10.0, 200) == 0 and pacer.next_free(10.0) == pytest.approx(10.01)


def test_a_bucket_nobody_polled_for_a_poll_interval_starts_slow_again():
    gateway = GatewayRate()
    first = Pacer(1000.0, gateway, now=0.0, poll_interval=1.0)
    for step in range(20):
        first.take(0.5 * step, 1000)  # ten seconds of a busy wait: the slow start far behind
    assert first.take(10.0, 1000) == 16
    assert first.take(10.0 + 1e-3, 1000) > 0, "still in use: no slow start"
    later = Pacer(1000.0, gateway, now=15.0, poll_interval=1.0)
    assert later.take(15.0, 1000) == 16, "one burst, as at the very first poll"
    assert later.take(15.0, 1000) == 0 and later.next_free(15.0) == pytest.approx(15.0 + 1 / 16)
    assert later.take(15.5, 1000) == 5, "then the slow start again: 16 * 2 ** 0.5 a second"


def test_a_gateway_that_throttled_keeps_its_learnt_rate_however_long_it_was_unused():
    gateway = GatewayRate()
    assert Pacer(1000.0, gateway, now=0.0, poll_interval=1.0).take(0.0, 100) == 16
    accepted(gateway, [0.05])
    gateway.on_429(now=0.1, sent_at=0.0)
    pacer = Pacer(1000.0, gateway, now=30.0, poll_interval=1.0)
    assert pacer.take(30.0, 100) == 1, "its rate of 1 a second, not a fresh burst"


def test_pacer_start_follows_the_poll_interval():
    pacer = Pacer(1000.0, GatewayRate(), now=0.0, poll_interval=0.1)
    pacer.take(0.0, 16)
    assert pacer.next_free(0.0) == pytest.approx(0.1 / 16)


def test_pacer_follows_the_gateway_rate_and_its_pause():
    gateway = GatewayRate()
    pacer = Pacer(100.0, gateway, now=0.0, poll_interval=1.0)
    pacer.take(0.0, 16)
    gateway.on_429(now=0.0, sent_at=0.0)  # nothing accepted yet: a pause of a whole window
    assert pacer.take(0.5, 10) == 0 and pacer.next_free(0.5) == 1.0
    assert pacer.take(1.0, 10) == 1, "one a second now"
    assert pacer.next_free(1.0) == pytest.approx(2.0)


def test_pacer_never_holds_up_a_wait_asking_less_than_its_budget():
    pacer = Pacer(4.0, GatewayRate(), now=0.0, poll_interval=1.0)  # one task, polled at most every quarter second
    assert [pacer.take(0.25 * step, 1) for step in range(80)] == [1] * 80
