"""Emulated time: jobs end after their duration divided by the speed; reported times stay real."""

import time

import pytest

from ansible_collections.hwcloud.tasks.emulator.clock import Clock
from tests.emulator.helpers import wait_until

pytestmark = pytest.mark.emulator


def test_clock_runs_speed_times_faster():
    clock = Clock(speed=1000)
    before = time.monotonic()
    start = clock.now()
    time.sleep(0.05)
    end = clock.now()
    real = time.monotonic() - before  # however long a loaded machine took, the clock ran 1000 times faster
    assert 40 <= end - start <= real * 1000 + 1e-6
    assert clock.speed == 1000.0


def test_wall_time_is_real_and_survives_speed_changes():
    before = time.time()
    clock = Clock(speed=100)
    assert before <= clock.wall(0) <= time.time()
    assert clock.wall(100) == pytest.approx(clock.wall(0) + 1)  # 100 emulated s = 1 real s
    time.sleep(0.02)
    earlier = clock.now()
    earlier_wall = clock.wall(earlier)
    clock.set_speed(1)
    assert clock.wall(earlier) == pytest.approx(earlier_wall), "a past instant keeps its wall time"
    now = clock.now()
    assert clock.wall(now + 1) == pytest.approx(clock.wall(now) + 1)


@pytest.mark.parametrize("speed", [0, -1, "fast", True])
def test_speed_must_be_positive(speed):
    with pytest.raises(ValueError):
        Clock(speed)


def test_a_job_ends_after_its_duration_over_the_speed(emu, api):
    started = time.monotonic()
    job = emu.control("POST", "/_emulator/jobs", {"duration": 20})  # 1 s at speed 20
    wait_until(lambda: api.job(job["id"]).json()["job"]["status"] == "Completed", timeout=15)
    # Never before 1 s; the upper bound only tells speed 20 from speed 1 (20 s), with room for a loaded machine.
    assert 0.99 <= time.monotonic() - started < 15


def test_speed_can_be_changed_while_running(emu, api):
    job = emu.control("POST", "/_emulator/jobs", {"duration": 3600})  # 3 minutes at speed 20
    assert emu.control("POST", "/_emulator/settings", {"speed": 36000})["speed"] == 36000
    wait_until(lambda: api.job(job["id"]).json()["job"]["status"] == "Completed", timeout=60)  # 180 s at speed 20
    emu.control("POST", "/_emulator/reset")
    assert emu.control("GET", "/_emulator/health")["speed"] == 20, "reset restores the starting speed"
