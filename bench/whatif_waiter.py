"""What-if, on a simulated clock: the waiting engine's lag and requests over thousands of emulator-like jobs.

Not a benchmark of wall time (nothing here sleeps): the real ``Waiter`` (``plugins/module_utils/_wait/waiter.py``)
is driven by a simulated clock, on jobs whose progress follows the emulator's own curve
(``emulator.emulated_records.progress_curve``: 4-9 steps at random moments, of random heights, never 100 while
running) and whose ``created`` time is given to the second, as the job API does.  Each round of polls
takes one round trip (``RTT``) of simulated time, all its requests reaching the gateway together.  A
gateway quota is a sliding window of accepted requests, beyond it 429 APIGW.0308 without Retry-After,
as the emulator's ``quota`` fault.  The engine before the shared budget (``BASELINE``, read from git)
runs on the same jobs, next to fixed 10 s polling.  It shows the distributions behind benchmark 1's
few real runs, and what the engine's constants do: ``sweep`` varies each around its value.

    python -m bench.whatif_waiter            # the tables in bench/RESULTS.md (about a minute)
    python -m bench.whatif_waiter sweep      # the sweeps the constants were chosen from (a few minutes)
"""

from __future__ import annotations

import collections
import contextlib
import random
import statistics
import sys

from ansible_collections.hwcloud.tasks.emulator import records as emulated_records
from ansible_collections.hwcloud.tasks.emulator import timefmt
from ansible_collections.hwcloud.tasks.plugins.module_utils import _errors
from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import records, times
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait import budget, schedule, waiter
from bench.baseline import BASELINE, engine_module

SINGLE = (5.0, 10.0, 20.0, 60.0, 600.0, 1800.0)
JOBS = 400  # simulated waits per job length
MANY = ((100, 5.0, 10.0), (20, 15.0, 25.0))  # (jobs, shortest, longest) in one wait, as benchmarks 2 and 6
MANY_RUNS = 60
QUOTA = 20  # accepted requests per second, as benchmark 7
QUOTA_RUNS = 30
EARLY_FAILURE = (1800.0, 90.0)  # a 30 min job that fails at 5 %
FIXED = 10.0
RTT = 0.02  # seconds one round of polls takes


class Sim:
    """One simulated wait: its clock, its jobs (emulator records, all created at 0) and the gateway."""

    def __init__(self, jobs, phase, rng, quota=None, aligned=True, planned=False):
        self.now = phase
        self.jobs = jobs
        # The job API gives `created` to the second: jobs created just after a whole second, as
        # benchmark 1 creates them, or anywhere in it.
        self.wall0 = 1_800_000_000 + (0.002 if aligned else rng.random())
        self.quota = quota
        self.planned = planned
        self.accepted = collections.deque()
        self.requests = self.throttled = 0
        self.detected = {}

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += max(0.0, seconds)

    def now_utc(self):
        return times.parse(self.wall0 + self.now)

    def parallel_map(self, function, items):
        """A round of polls: all at the same instant, answered one round trip later."""
        answers = [function(item) for item in items]
        self.now += RTT
        return answers

    def _admitted(self):
        while self.accepted and self.accepted[0] <= self.now - 1.0:
            self.accepted.popleft()
        if len(self.accepted) >= self.quota:
            return False
        self.accepted.append(self.now)
        return True

    def fetch(self, key, deadline):
        self.requests += 1
        if self.quota is not None and not self._admitted():
            self.throttled += 1
            raise _errors.HwCloudError("GET /v3/p/jobs failed", status=429, error_code="APIGW.0308")
        job = self.jobs[key]
        status = job.status(self.now)
        raw = {"id": key, "name": job.name, "status": status, "created": timefmt.rds(self.wall0 + job.created),
               "process": "%d%% " % job.percent(self.now) if status == emulated_records.RUNNING else ""}
        record = records.rds_job(raw)
        if self.planned and status == emulated_records.RUNNING:
            record["planned_end_at"] = times.normalise(self.wall0 + job.planned_end)
        return record

    def on_poll(self, item, elapsed):
        if item.done and item.key not in self.detected:
            self.detected[item.key] = self.now


def make_job(rng, duration, planned=None, outcome=emulated_records.COMPLETED):
    return emulated_records.Job(id="j", name="CreateMysqlSingleHAInstance", instance_id="i", created=0.0,
                                duration=duration, outcome=outcome, fail_reason=None, visible_after=0.0,
                                entities=None, workflow_id="j", order_id="o",
                                curve=emulated_records.progress_curve(rng), planned_duration=planned)


class Engine:
    """A waiter class with its options, and module constants patched while it runs (for sweeps)."""

    def __init__(self, module, options=None, patches=None):
        self.module = module
        self.options = options or {}
        self.patches = patches or {}

    @contextlib.contextmanager
    def running(self, sim):
        targets = {name: (module, value) for (module, name), value in self.patches.items()}
        saved = {(module, name): getattr(module, name) for name, (module, _value) in targets.items()}
        saved[(self.module, "parallel_map")] = self.module.parallel_map
        try:
            for name, (module, value) in targets.items():
                setattr(module, name, value)
            self.module.parallel_map = sim.parallel_map
            yield
        finally:
            for (module, name), value in saved.items():
                setattr(module, name, value)

    def wait(self, sim, rng):
        waiter = self.module.Waiter(sim.fetch, timeout=max(job.ends for job in sim.jobs) + 3600, clock=sim.clock,
                                    sleep=sim.sleep, now_utc=sim.now_utc, rand=rng.random, on_poll=sim.on_poll,
                                    **self.options)
        with self.running(sim):
            outcome = waiter.wait(list(range(len(sim.jobs))))
        if outcome.unfinished:
            raise RuntimeError("a simulated wait did not see every job finish")
        return sim.now - max(job.ends for job in sim.jobs)


def fixed(duration, phase):
    """Terraform's StateChangeConf(Delay=10 s, PollInterval=10 s): (lag, requests)."""
    polls, when = 1, phase + FIXED
    while when < duration:
        when += FIXED
        polls += 1
    return when - duration, polls


def q(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))]


def single(engine, duration, runs=JOBS, planned=False):
    """(median lag, p90 lag, max lag, median requests) of ``runs`` waits on one job of ``duration``."""
    rng = random.Random(int(duration))
    lags, requests = [], []
    for _run in range(runs):
        sim = Sim([make_job(rng, duration)], rng.uniform(0, min(10.0, duration / 2)), rng, planned=planned)
        lags.append(engine.wait(sim, rng))
        requests.append(sim.requests)
    return statistics.median(lags), q(lags, 0.9), max(lags), statistics.median(requests)


def single_fixed(duration, runs=JOBS):
    rng = random.Random(int(duration))
    samples = []
    for _run in range(runs):
        make_job(rng, duration)  # the same random sequence as `single`
        samples.append(fixed(duration, rng.uniform(0, min(10.0, duration / 2))))
    lags = [lag for lag, _polls in samples]
    return statistics.median(lags), q(lags, 0.9), max(lags), statistics.median(polls for _lag, polls in samples)


def early_failure(engine, runs=JOBS):
    """(median, max) lag of a job planned for 30 min that fails at 5 % of it."""
    planned, fails = EARLY_FAILURE
    rng = random.Random(5)
    lags = []
    for _run in range(runs):
        job = make_job(rng, fails, planned=planned, outcome=emulated_records.FAILED)
        lags.append(engine.wait(Sim([job], rng.uniform(0, 10.0), rng), rng))
    return statistics.median(lags), max(lags)


def many(engine, count, low, high, runs=MANY_RUNS, quota=None):
    """Medians of (lag after the last job's end, requests, throttled share) and the p90 lag, over ``runs`` waits."""
    rng = random.Random(count + (quota or 0))
    lags, requests, throttled = [], [], []
    for _run in range(runs):
        jobs = [make_job(rng, low + (high - low) * index / (count - 1)) for index in range(count)]
        sim = Sim(jobs, 1.0, rng, quota=quota, aligned=False)
        lags.append(engine.wait(sim, rng))
        requests.append(sim.requests)
        throttled.append(sim.throttled / sim.requests)
    return statistics.median(lags), q(lags, 0.9), statistics.median(requests), statistics.median(throttled)


def engines():
    return {
        "previous engine (%s)" % BASELINE: Engine(engine_module(), {"poll_interval": 1.0, "max_poll_interval": 10.0}),
        "this engine": Engine(waiter),
    }


def cell(stats):
    return "%.1f / %.1f / %d" % (stats[0], stats[1], stats[3])


def print_single(named):
    print("single jobs, %d simulated waits each: median lag / p90 lag / median requests (emulated s)" % JOBS)
    print("%-44s" % "" + "".join("%20s" % ("%g s job" % d) for d in SINGLE))
    print("%-44s" % "fixed 10 s" + "".join("%20s" % cell(single_fixed(d)) for d in SINGLE))
    for name, engine in named.items():
        print("%-44s" % name + "".join("%20s" % cell(single(engine, d)) for d in SINGLE))
    print("%-44s" % "this engine, task list's planned end known" + "".join(
        "%20s" % cell(single(named["this engine"], d, planned=True)) for d in SINGLE))


def print_many(named):
    print("\nmany jobs in one wait, %d simulated waits: last job's end to the wait's end, median (p90); "
          "median requests" % MANY_RUNS)
    for name, engine in named.items():
        cells = ["%d jobs of %g-%g s: %.2f (%.2f) s, %d requests" % (
            (count, low, high) + many(engine, count, low, high)[:3]) for count, low, high in MANY]
        print("%-44s" % name + "   ".join(cells))
    count, low, high = MANY[0]
    lag, p90, requests, throttled = many(named["this engine"], count, low, high, QUOTA_RUNS, quota=QUOTA)
    print("%-44s" % ("this engine, quota %d req/s" % QUOTA) + "%d jobs of %g-%g s: %.2f (%.2f) s, %d requests, "
          "%.1f %% throttled" % (count, low, high, lag, p90, requests, 100 * throttled))


def print_early_failure(named):
    planned, fails = EARLY_FAILURE
    print("\na job planned for %g s that fails at %g s, %d simulated waits: lag median / max" % (planned, fails, JOBS))
    for name, engine in named.items():
        print("%-44s%.1f / %.1f s" % ((name,) + early_failure(engine)))


# name: (module, constant, values tried)
SWEEPS = [
    (schedule, "AGE_SHARE", (0.15, 0.2, 0.25)),
    (schedule, "EVIDENCE_AGE", (4, 6, 10)),
    (schedule, "EVIDENCE_SHARE", (1.0, 1.5, 2.0)),
    (schedule, "WINDOW_SHARE", (0.2, 0.25, 0.3)),
    (schedule, "WINDOW_SLACK", (0, 5, 10)),
    (schedule, "DENSE_MAX", (3, 4, 5)),
    (schedule, "DENSE_SHARE", (0.025, 0.035, 0.05)),
    (schedule, "STILL_SHARE", (0.0025, 0.005, 0.01)),
    (schedule, "STALL", (4, 6, 8)),
    (schedule, "JITTER", (0.05, 0.1, 0.2)),
    (budget, "TAIL", (1.0, 2.0, 4.0)),
    (budget, "DECREASE", (0.6, 0.8, 0.9)),
    (budget, "INCREASE", (0.5, 1.0, 2.0)),
]


def sweep():
    """Each constant around its value, the others as they are: the figures the targets are read from."""
    fixed_stats = {duration: single_fixed(duration, 200) for duration in (5.0, 60.0, 600.0, 1800.0)}
    print("each constant of the engine varied alone, 200 single waits / 30 waits on many jobs;")
    print("lag and requests of 60/600/1800 s jobs as ratios to fixed 10 s; 5 s: max lag; 100 jobs: lag after the "
          "last, requests; quota: lag, throttled share")
    for module, name, values in SWEEPS:
        for value in values:
            engine = Engine(waiter, patches={(module, name): value})
            cells = ["5 s max %.2f" % single(engine, 5.0, 200)[2]]
            for duration in (60.0, 600.0, 1800.0):
                stats = single(engine, duration, 200)
                cells.append("%g s %.2f/%.2f" % (duration, stats[0] / fixed_stats[duration][0],
                                                 stats[3] / fixed_stats[duration][3]))
            lag, _p90, requests, _share = many(engine, 100, 5.0, 10.0, 30)
            cells.append("100 jobs %.2f s %d req" % (lag, requests))
            lag, _p90, _requests, share = many(engine, 100, 5.0, 10.0, 15, quota=QUOTA)
            cells.append("quota %.2f s %.1f %%" % (lag, 100 * share))
            print("%-16s %-6s" % (name, value) + "  ".join(cells), flush=True)


def main(argv=()):
    if "sweep" in argv:
        sweep()
        return
    named = engines()
    print_single(named)
    print_early_failure(named)
    print_many(named)


if __name__ == "__main__":
    main(sys.argv[1:])
