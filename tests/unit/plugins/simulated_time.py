"""A simulated clock for the waiting engine and its progress lines: a wait of an hour takes no time."""

import datetime

from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.waiter import Waiter
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.wording import ProgressLines

EPOCH = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


class SimulatedTime:
    """Seconds since the test started; ``sleep`` moves them on at once."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        assert seconds >= 0, "slept %s s" % seconds
        self.sleeps.append(seconds)
        self.now += seconds

    def now_utc(self):
        return EPOCH + datetime.timedelta(seconds=self.now)


def simulate(monkeypatch):
    """Run every ``Waiter`` and ``ProgressLines`` made during the test on one simulated clock, without
    jitter, whoever makes them (operations, action plugins, the lookup); returns the clock."""
    time = SimulatedTime()
    waiter_init, lines_init = Waiter.__init__, ProgressLines.__init__

    def simulated_waiter(self, fetch, **options):
        options.update(clock=time.clock, sleep=time.sleep, now_utc=time.now_utc, rand=lambda: 0.5)
        waiter_init(self, fetch, **options)

    def simulated_lines(self, write, **options):
        lines_init(self, write, **dict(options, clock=time.clock))

    monkeypatch.setattr(Waiter, "__init__", simulated_waiter)
    monkeypatch.setattr(ProgressLines, "__init__", simulated_lines)
    return time
