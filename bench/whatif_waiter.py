"""What-if, on a simulated clock: the waiting engine's lag and requests over thousands of emulator-like jobs.

Not a benchmark of wall time (nothing here sleeps): the real ``Waiter`` class (``plugins/module_utils/
_waiter.py``) is driven with a simulated clock, on jobs whose progress follows the emulator's own curve
(``emulator.records.progress_curve``: 4-9 steps at random moments, of random heights, never 100 while
running) and whose ``created`` time is given to the second, as the job API does.  It shows the
distributions behind benchmark 1's few real runs, and what changes to the schedule would do -- the
variants below (VARIANTS) are sketches for discussion, not the product's code.

    python -m bench.whatif_waiter            # all variants, a few seconds
"""

from __future__ import annotations

import random
import statistics

from ansible_collections.hwcloud.tasks.emulator import records, timefmt
from ansible_collections.hwcloud.tasks.plugins.module_utils import _records, _times, _waiter

DURATIONS = (5.0, 20.0, 60.0, 600.0, 1800.0)
JOBS = 400  # simulated waits per duration and variant
MANY = ((20, 15.0, 25.0), (100, 5.0, 10.0))  # (jobs, shortest, longest) waited on together, like benchmarks 2 and 6
MANY_RUNS = 60
FIXED = 10.0


class SimClock:
    def __init__(self, start=0.0):
        self.now = start

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += max(0.0, seconds)


def sequential(function, items):
    return [function(item) for item in items]


_waiter.parallel_map = sequential  # no threads: the simulated clock only moves between rounds of polls


class EndWindow(_waiter.Waiter):
    """Variant: the current engine plus a window around the end the percent predicts.  The job's length is
    estimated as ``age * 100 / (percent + 1)``; before ``window`` of it the engine sleeps towards the window
    (no further than its own caps allow), inside it it polls every ``dense`` seconds.  ``young`` = (age, share):
    while the job is younger than that age, never sleep longer than that share of it (with a larger
    ``AGE_SHARE`` patched in for older jobs, see VARIANTS)."""

    window = 0.7
    dense = 5.0
    young = (0.0, 1.0)

    def _poll(self, item, started, deadline):
        super()._poll(item, started, deadline)
        record = item.record or {}
        if item.done or item.due == float("inf"):
            return
        age = _waiter.job_age(record, self.now_utc())
        if age is None:
            return
        now = self.clock()
        if age < self.young[0]:
            item.due = min(item.due, now + max(self.poll_interval, self.young[1] * age))
        if record.get("progress") is not None:
            total = age * 100.0 / (record["progress"] + 1)
            item.due = min(item.due, now + max(self.dense, self.window * total - age))


def make_job(rng, duration):
    return records.Job(id="j", name="CreateMysqlSingleHAInstance", instance_id="i", created=0.0, duration=duration,
                       outcome=records.COMPLETED, fail_reason=None, visible_after=0.0, entities=None, workflow_id="j",
                       order_id="o", curve=records.progress_curve(rng))


def simulate(jobs, phase, variant, rng):
    """Wait on ``jobs`` (created at 0) from ``phase`` on; return (lag of the whole wait, requests, lags per job)."""
    clock = SimClock(phase)
    wall0 = 1_800_000_000 + rng.random()  # the job API truncates `created` to the second

    def fetch(key, deadline):
        job = jobs[key]
        status = job.status(clock.now)
        raw = {"id": key, "name": job.name, "status": status, "created": timefmt.rds(wall0 + job.created),
               "process": "%d%% " % job.percent(clock.now) if status == records.RUNNING else ""}
        return _records.rds_job(raw)

    cls, options, _patches = variant
    waiter = cls(fetch, timeout=max(job.ends for job in jobs) + 3600, clock=clock, sleep=clock.sleep,
                 now_utc=lambda: _times.parse(wall0 + clock.now), rand=rng.random, **options)
    detected = {}

    def on_poll(item, elapsed):
        if item.done and item.key not in detected:
            detected[item.key] = clock.now

    waiter.on_poll = on_poll
    outcome = waiter.wait(list(range(len(jobs))))
    requests = sum(item.polls for item in outcome.tracked)
    last_end = max(job.ends for job in jobs)
    return clock.now - last_end, requests, [detected[index] - jobs[index].ends for index in range(len(jobs))]


def fixed(duration, phase):
    """Terraform's StateChangeConf(Delay=10 s, PollInterval=10 s): (lag, requests)."""
    polls = 1
    when = phase + FIXED
    while when < duration:
        when += FIXED
        polls += 1
    return when - duration, polls


# name: (Waiter class, its options, module constants of _waiter.py patched while it runs)
VARIANTS = {
    "current (defaults)": (_waiter.Waiter, {}, {}),
    "max_poll_interval 30 (the old default)": (_waiter.Waiter, {"max_poll_interval": 30.0}, {}),
    "+ end window (0.7, 5 s)": (EndWindow, {}, {}),
    "+ end window, ceiling 30, age cap 0.5 after 20 s": (
        type("Young", (EndWindow,), {"young": (20.0, 0.25)}), {"max_poll_interval": 30.0}, {"AGE_SHARE": 0.5}),
}


def run_variant(variant, function, *args):
    """``function(*args)`` with the variant's constants patched into _waiter.py, restored after."""
    saved = {name: getattr(_waiter, name) for name in variant[2]}
    try:
        for name, value in variant[2].items():
            setattr(_waiter, name, value)
        return function(*args)
    finally:
        for name, value in saved.items():
            setattr(_waiter, name, value)


def q(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))]


def main():
    print("single jobs, %d simulated waits each: median lag / p90 lag / median requests (emulated s)" % JOBS)
    print("%-50s" % "variant" + "".join("%24s" % ("%g s job" % d) for d in DURATIONS))
    base = {}
    for duration in DURATIONS:
        rng = random.Random(int(duration))
        samples = [fixed(duration, rng.uniform(0, min(10.0, duration / 2))) for _sample in range(JOBS)]
        lags, polls = [lag for lag, _polls in samples], [polls for _lag, polls in samples]
        base[duration] = (statistics.median(lags), q(lags, 0.9), statistics.median(polls))
    print("%-50s" % "fixed 10 s" + "".join("%24s" % ("%.1f / %.1f / %d" % base[d]) for d in DURATIONS))
    for name, variant in VARIANTS.items():
        cells = []
        for duration in DURATIONS:
            rng = random.Random(int(duration))
            lags, polls = [], []
            for _sample in range(JOBS):
                lag, requests, _per_job = run_variant(variant, simulate, [make_job(rng, duration)],
                                                      rng.uniform(0, min(10.0, duration / 2)), variant, rng)
                lags.append(lag)
                polls.append(requests)
            cells.append("%.1f / %.1f / %d" % (statistics.median(lags), q(lags, 0.9), statistics.median(polls)))
        print("%-50s" % name + "".join("%24s" % cell for cell in cells))
    print("\nmany jobs in one wait, %d simulated waits: last job's end to the wait's end, median (p90)" % MANY_RUNS)
    for name, variant in VARIANTS.items():
        cells = []
        for count, low, high in MANY:
            rng = random.Random(count)
            lags = []
            for _sample in range(MANY_RUNS):
                jobs = [make_job(rng, low + (high - low) * index / (count - 1)) for index in range(count)]
                lags.append(run_variant(variant, simulate, jobs, 1.0, variant, rng)[0])
            cells.append("%d jobs of %g-%g s: %.1f (%.1f)" % (count, low, high, statistics.median(lags), q(lags, 0.9)))
        print("%-50s" % name + "   ".join(cells))


if __name__ == "__main__":
    main()
