"""Benchmark 1 -- detection lag and requests: rds_job_wait's engine vs fixed 10 s polling vs uri + until.

Detection lag is the time from the job's end (the emulator's own record of it) to the end of the wait.
It is given in EMULATED seconds (real seconds x the emulator's speed factor), so a 30-min job takes
seconds of real time.  Every run starts waiting at a moment after the job was created (its phase, up
to 10 s, or half the job: one phase in each of RUNS equal slices of that range, in random order), so no
poller is lucky or unlucky by construction, nor by the draw of phases.

* ours: ``rds_job_wait.run`` (the engine behind ``rds_job_wait``: the action plugin runs exactly this
  in-process on the controller), with the module's default schedule scaled to the emulated clock
  (poll_interval, max_poll_interval and visibility_timeout as ``waiter.WAIT_ARGSPEC`` sets them, each
  divided by the speed).
  Not through ansible-playbook: process start-up is per-task overhead (benchmark 3), not lag.
* previous: the engine before a wait planned its requests together (``bench.baseline``), with its
  own defaults (ceiling 10 s) scaled the same way, on the same job.
* fixed 10 s: what the Terraform providers do (``checkRDSInstanceJobFinish``: StateChangeConf with
  Delay 10 s, PollInterval 10 s): first GET 10 s after the start, then one every 10 s, same client.
* uri + until, delay 5: through ansible-playbook.  Its ~0.3 s of real per-retry overhead (a module
  run) cannot be sped up with the emulator, so it is measured where it matters, at speed 1: the
  emulator runs the job at the benchmark's speed until WINDOW emulated seconds before its end, then
  at speed 1, and the playbook starts then, at a random phase.  Its lag is measured; its requests are
  those made in the window plus the time before it at the period it was measured to poll at.

Ours, the previous engine and fixed 10 s wait on the same job, at the same time, in several concurrent
runs.  One more case: a job planned for 30 min (its progress follows the plan) that fails at 5 % of it,
the emulator's ``planned_duration``: how late each sees the failure.
"""

from __future__ import annotations

import random
import threading
import time

from bench import baseline, common

# (job duration, emulator speed): real time per run ~ duration / speed.  Each real millisecond of the
# machine's scheduling noise is `speed` emulated ones, and close polls suffer it most: the long jobs
# run slower than they could.
CASES = [(5.0, 1.0), (60.0, 10.0), (600.0, 30.0), (1800.0, 30.0)]
EARLY_FAILURE = (1800.0, 90.0, 10.0)  # (planned duration, when it fails, emulator speed)
# Runs per job length, BATCH of them at once: the lag of one wait spreads widely (the what-if's p90),
# so a median of few runs says little; at once, more would load the 2-core machine and every real
# millisecond of it is `speed` emulated ones.
RUNS = common.runs(72, 3)
BATCH = 24
URI_RUNS = common.runs(3, 1)
FIXED_DELAY = FIXED_INTERVAL = 10.0  # emulated s, as terraform-provider-huaweicloud's checkRDSInstanceJobFinish
URI_DELAY = 5.0
URI_WINDOW = 12.0  # emulated s before the job's end from which the uri loop is watched at speed 1
URI_FAST = 500.0  # emulator speed for the part of a long job before the uri loop's window
MAX_PHASE = 10.0


def wait_params(job_ids, duration, speed):
    """rds_job_wait's options with the module's defaults, in real seconds for an emulator ``speed`` times fast."""
    from ansible_collections.hwcloud.tasks.plugins.module_utils._wait import waiter

    params = dict(waiter.WAIT_DEFAULTS)
    for name in ("poll_interval", "max_poll_interval", "visibility_timeout"):
        params[name] /= speed
    return dict(params, job_id=job_ids, instance_id=None, workflow_id=None, workflow_name=None,
                timeout=(duration + 600.0) / speed)


def aligned_jobs(emu, count, duration, **spec):
    """Create jobs just after a whole wall-clock second: the job API gives ``created`` to the second, and the
    engine estimates from it.  On a real cloud that truncation is <= 1 s of a minutes-long job; at speed x100
    it would be up to 100 emulated s, an artefact of the speed-up that this alignment removes."""
    time.sleep(1.0 - time.time() % 1.0 + 0.002)
    return emu.jobs(count, duration=duration, **spec)


def sleep_until(wall, go=None):
    if go is not None:
        go.wait()
    time.sleep(max(0.0, wall - time.time()))


def ours(emu, job_id, duration, speed, start_at, go, out):
    from ansible_collections.hwcloud.tasks.plugins.module_utils._ops import rds_job_wait

    client = common.client(emu)
    sleep_until(start_at, go)
    waited = rds_job_wait.run(client, wait_params([job_id], duration, speed)).report
    ok = not waited.timed_out and waited.records[0]["terminal"]  # a failure is an outcome too (the early one)
    out.update(ended=time.time(), requests=client.requests_sent, ok=ok, failure=waited.failure)


def previous(emu, job_id, duration, speed, start_at, go, out):
    from ansible_collections.hwcloud.tasks.plugins.module_utils._services import rds

    engine = baseline.engine_module()
    client = common.client(emu)
    sleep_until(start_at, go)
    waiter = engine.Waiter(lambda key, deadline: rds.get_job(client, key, deadline),
                           timeout=(duration + 600.0) / speed, poll_interval=1.0 / speed,
                           max_poll_interval=10.0 / speed, visibility_timeout=60.0 / speed)
    outcome = waiter.wait([job_id])
    out.update(ended=time.time(), requests=client.requests_sent, ok=not outcome.timed_out)


def fixed(emu, job_id, duration, speed, start_at, go, out):
    from ansible_collections.hwcloud.tasks.plugins.module_utils._services import rds

    client = common.client(emu)
    record = {"terminal": False}
    go.wait()
    for poll in range(int(duration / FIXED_INTERVAL) + 10):  # bounded: the job ends within duration
        sleep_until(start_at + (FIXED_DELAY + poll * FIXED_INTERVAL) / speed)
        record = rds.get_job(client, job_id)
        if record["terminal"]:
            break
    out.update(ended=time.time(), requests=client.requests_sent, ok=record["terminal"])


POLLERS = (ours, previous, fixed)


def in_process_case(duration, speed, rng, **spec):
    """RUNS runs, BATCH at once, each one job waited on by ours, the previous engine and fixed 10 s, from
    the same moment.  ``spec``: more of the job's fields (``planned_duration``, ``outcome``)."""
    phases = spread_phases(RUNS, min(MAX_PHASE, duration / 2), rng)
    with common.EmulatorProcess(speed=speed) as emu:
        results = []
        for first in range(0, RUNS, BATCH):
            results += concurrent_runs(emu, phases[first:first + BATCH], duration, speed, **spec)
    return results


def spread_phases(count, span, rng):
    """``count`` phases spread evenly over [0, span), one in each of ``count`` equal slices, shuffled.

    Random phases would add their own sampling noise to every median, fixed 10 s polling's most of all
    (its lag is its phase's complement); an even spread measures every poller over the whole range."""
    phases = [span * (index + rng.random()) / count for index in range(count)]
    rng.shuffle(phases)
    return phases


def concurrent_runs(emu, phases, duration, speed, **spec):
    """One job per phase, created together, each waited on by every poller at once from its phase."""
    jobs = aligned_jobs(emu, len(phases), duration, **spec)
    # Phases count from each job's creation on the wall clock, not from when its pollers' threads got going:
    # at x50 a millisecond of start-up would be 50 emulated ones of phase, and unequal between the pollers.
    # The threads all start first and then go together; a phase already past when they go (the first
    # ~0.1 real s of a batch) starts every poller of that job at once, just late.
    created = [emu.query("job " + job["id"])["created_wall"] for job in jobs]
    go = threading.Event()
    results, threads = [], []
    for job, phase, created_wall in zip(jobs, phases, created, strict=True):
        pair = {"job": job["id"], "phase": phase, "ours": {}, "previous": {}, "fixed": {}}
        results.append(pair)
        for poller in POLLERS:
            thread = threading.Thread(target=poller, args=(emu, job["id"], duration, speed,
                                                           created_wall + phase / speed, go,
                                                           pair[poller.__name__]))
            threads.append(thread)
            thread.start()
    go.set()
    for thread in threads:
        thread.join()
    for pair in results:
        ends_wall = emu.query("job " + pair["job"])["ends_wall"]
        for name in ("ours", "previous", "fixed"):
            if not pair[name].get("ok"):
                raise RuntimeError("%s did not see job %s finish: %s" % (name, pair["job"], pair[name]))
            pair[name]["lag"] = (pair[name]["ended"] - ends_wall) * speed
    return results


def uri_case(duration, speed, rng):
    """URI_RUNS concurrent ansible-playbook runs of uri + until, each on a job of its own.

    A short job is watched whole at speed 1: the play creates it, waits a random phase, then polls.  A long
    one runs fast until URI_WINDOW emulated seconds before its end, then at speed 1, and the play joins at a
    random phase of the loop's period; the requests it would have made before are counted at the period it
    was measured to poll at (delay + its own per-retry overhead).
    """
    runs = [{"job": "bench-uri-%g-%d" % (duration, index), "phase": rng.uniform(0.0, min(MAX_PHASE, duration / 2)),
             "join": rng.uniform(0.0, URI_DELAY)} for index in range(URI_RUNS)]
    retries = int(min(duration, URI_WINDOW) / URI_DELAY) + 30
    with common.EmulatorProcess(speed=1.0 if duration <= URI_WINDOW else max(speed, URI_FAST)) as emu:
        token = emu.token()
        if duration > URI_WINDOW:
            for item in runs:
                emu.control("POST", "/_emulator/jobs", {"id": item["job"], "duration": duration})
            info = emu.query("job " + runs[-1]["job"])
            time.sleep(max(0.0, info["ends"] - URI_WINDOW - info["now"]) / max(speed, URI_FAST))
            emu.control("POST", "/_emulator/settings", {"speed": 1.0})
            switched = emu.query("now")

        def one(index, item):
            poll = common.uri_job_task(emu, token, item["job"], URI_DELAY, retries, "poll")
            name = "b1_uri_%g_%d" % (duration, index)
            if duration <= URI_WINDOW:
                create = {"name": "create", "ansible.builtin.uri": {
                    "url": emu.url + "/_emulator/jobs", "method": "POST", "body_format": "json",
                    "body": {"id": item["job"], "duration": duration}}}
                phase = {"name": "phase", "ansible.builtin.command": "sleep %.3f" % item["phase"],
                         "changed_when": False}
                item["run"] = common.playbook(emu, name, [create, phase, poll]).check()
            else:
                time.sleep(item["join"])
                item["run"] = common.playbook(emu, name, [poll]).check()

        threads = [threading.Thread(target=one, args=pair) for pair in enumerate(runs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for item in runs:
            if "run" not in item:
                raise RuntimeError("the uri play on %s did not run" % item["job"])
            info = emu.query("job " + item["job"])
            task = item.pop("run").task("poll")
            attempts = task["attempts"]
            overhead = (task["ended"] - task["started"] - URI_DELAY * (attempts - 1)) / attempts
            unwatched = 0.0  # a short job is polled from its start (and phase) on
            if duration > URI_WINDOW:
                polled_from = switched["now"] + (task["started"] - switched["wall"])  # speed 1 since the switch
                unwatched = max(0.0, polled_from - (info["created"] + item["phase"]))
            item.update(lag=task["ended"] - info["ends_wall"], attempts=attempts, overhead=overhead,
                        unwatched=unwatched, requests=attempts + unwatched / (URI_DELAY + overhead))
    return runs


def summaries(pairs):
    out = {}
    for name in ("ours", "previous", "fixed"):
        out["%s_lag" % name] = common.summary(pair[name]["lag"] for pair in pairs)
        out["%s_requests" % name] = common.summary(pair[name]["requests"] for pair in pairs)
    return out


def run() -> dict:
    rng = random.Random(20261123)
    cases = []
    for duration, speed in CASES:
        pairs = in_process_case(duration, speed, rng)
        uri = uri_case(duration, speed, rng)
        case = {
            "duration": duration, "speed": speed, **summaries(pairs),
            "uri_lag": common.summary(item["lag"] for item in uri),
            "uri_requests": common.summary(item["requests"] for item in uri),
            "uri_overhead": common.summary(item["overhead"] for item in uri),
            "runs": pairs, "uri_runs": uri,
        }
        cases.append(case)
        common.show("detection lag, %g s job at speed x%g (emulated seconds)" % (duration, speed), [
            ("ours: lag", case["ours_lag"], "s"),
            ("ours: requests", case["ours_requests"], ""),
            ("previous engine: lag", case["previous_lag"], "s"),
            ("previous engine: requests", case["previous_requests"], ""),
            ("fixed 10 s: lag", case["fixed_lag"], "s"),
            ("fixed 10 s: requests", case["fixed_requests"], ""),
            ("uri until delay 5: lag (window at speed 1)", case["uri_lag"], "s"),
            ("uri until delay 5: requests (window + extrapolated)", case["uri_requests"], ""),
            ("uri: real per-retry overhead", case["uri_overhead"], "s"),
        ])
    planned, fails, speed = EARLY_FAILURE
    pairs = in_process_case(fails, speed, rng, planned_duration=planned, outcome="Failed")
    early = {"planned": planned, "fails": fails, "speed": speed, "runs": pairs, **summaries(pairs),
             "max_poll_interval": _max_poll_interval()}
    common.show("a job planned for %g s failing at %g s, speed x%g (emulated seconds)" % EARLY_FAILURE, [
        ("ours: lag", early["ours_lag"], "s"),
        ("previous engine: lag", early["previous_lag"], "s"),
        ("fixed 10 s: lag", early["fixed_lag"], "s"),
    ])
    result = {"name": "detection_lag", "runs": RUNS, "batch": BATCH, "uri_runs": URI_RUNS, "cases": cases,
              "early_failure": early}
    common.save("b1_detection_lag", result)
    return result


def _max_poll_interval():
    from ansible_collections.hwcloud.tasks.plugins.module_utils._wait import waiter

    return waiter.WAIT_DEFAULTS["max_poll_interval"]


def rows(result) -> list[dict]:
    """RESULTS.md rows."""
    out = []
    for case in result["cases"]:
        label = "%s job (x%g)" % (_duration(case["duration"]), case["speed"])
        lag_ratio = common.ratio(case["ours_lag"]["median"], case["fixed_lag"]["median"])
        req_ratio = common.ratio(case["ours_requests"]["median"], case["fixed_requests"]["median"])
        if case["duration"] <= 10:
            met = case["ours_lag"]["max"] <= 1.0
            target = "lag <= 1 s (every run)"
        elif case["duration"] <= 60:
            met = lag_ratio <= 0.5 and req_ratio <= 1.5
            target = "median lag <= 0.5x fixed, median requests <= 1.5x fixed"
        else:
            met = lag_ratio <= 0.5 and req_ratio <= 1.0
            target = "median lag <= 0.5x fixed, median requests <= fixed"
        out.append({
            "bench": "1 detection lag",
            "case": label,
            "ours": "lag %s, %s requests" % (
                common.fmt(case["ours_lag"], 1, " s"), common.fmt(case["ours_requests"], 0)),
            "alternative": "fixed 10 s: lag %s, %s req; uri+until: lag %s, %s req; previous engine: lag %s, %s req" % (
                common.fmt(case["fixed_lag"], 1, " s"), common.fmt(case["fixed_requests"], 0),
                common.fmt(case["uri_lag"], 1, " s"), common.fmt(case["uri_requests"], 0),
                common.fmt(case["previous_lag"], 1, " s"), common.fmt(case["previous_requests"], 0)),
            "ratio": "lag %.2fx fixed, %.2fx uri; requests %.2fx fixed, %.2fx uri" % (
                lag_ratio, common.ratio(case["ours_lag"]["median"], case["uri_lag"]["median"]), req_ratio,
                common.ratio(case["ours_requests"]["median"], case["uri_requests"]["median"])),
            "target": target,
            "met": met,
        })
    early = result["early_failure"]
    bound = early["max_poll_interval"] + 1.0
    out.append({
        "bench": "1 detection lag",
        "case": "a job planned for %s that fails at %g s (x%g)" % (
            _duration(early["planned"]), early["fails"], early["speed"]),
        "ours": "lag %s" % common.fmt(early["ours_lag"], 1, " s"),
        "alternative": "fixed 10 s: lag %s; previous engine: lag %s" % (
            common.fmt(early["fixed_lag"], 1, " s"), common.fmt(early["previous_lag"], 1, " s")),
        "ratio": "worst run %.1f s" % early["ours_lag"]["max"],
        "target": "lag <= max_poll_interval + 1 s = %g s (every run)" % bound,
        "met": early["ours_lag"]["max"] <= bound,
    })
    return out


def _duration(seconds):
    return "%g s" % seconds if seconds < 60 else "%g min" % (seconds / 60)


if __name__ == "__main__":
    run()
