"""Benchmark 2 -- 100 jobs running at once: one ``rds_job_wait`` task vs a loop of 100 ``uri`` + ``until`` tasks.

100 jobs are started together (durations spread evenly over DURATIONS, real seconds: speed 1, because what
is measured here is mostly per-task cost, which no emulator speed-up shrinks), then one play waits for all
of them.  Measured: the time from the end of the last job (the emulator's own record) to the end of the
play (the bench_times callback's playbook end), and the requests the play sent to the job API (the
emulator's request log).  Ours is one ``hwcloud.tasks.rds_job_wait`` task with the 100 ids and the
module's defaults; the same task runs with the collection as it was before a wait planned its requests
together (``bench.baseline``); the alternative is ``ansible.builtin.uri`` with ``until`` / ``delay: 5`` in
a ``loop`` over the ids, with an IAM token.  Fresh jobs for every run; runs alternate.
"""

from __future__ import annotations

from bench import baseline, common

JOBS = 100
DURATIONS = (5.0, 10.0)  # real seconds, spread evenly over the 100 jobs
RUNS = common.runs(3, 1)
JOB_API = "GET /v3/{project_id}/jobs"
CONTENDERS = ("ours", "previous", "uri")


def start_jobs(emu, low, high):
    jobs = [emu.control("POST", "/_emulator/jobs", {"duration": low + (high - low) * index / (JOBS - 1)})
            for index in range(JOBS)]
    return [job["id"] for job in jobs]


def job_requests(emu):
    """``(job requests, 429 answers among them)`` since the log was last cleared; clears it."""
    log = emu.control("GET", "/_emulator/requests")
    requests = log["counts"].get(JOB_API, 0)
    throttled = sum(1 for entry in log["log"] if entry["path"].endswith("/jobs") and entry["status"] == 429)
    emu.clear_requests()
    return requests, throttled


def sample_quota_play(samples, emu, run_, ids):
    """Add a play under the quota fault to ``samples``: seconds from the last of ``ids`` to end to the play's
    end, its job requests, the 429s among them and their share, and whether the play failed (a wait that did
    not outlive an error, or timed out: the jobs all complete).  Clears the request log."""
    last_end = max(emu.query("job " + job_id)["ends_wall"] for job_id in ids)
    ended = run_.times.get("ended") or run_.ended
    requests, throttled = job_requests(emu)
    samples["after_last"].append(ended - last_end)
    samples["requests"].append(requests)
    samples["throttled"].append(throttled)
    samples["share"].append(throttled / requests if requests else 0.0)
    samples["failed"].append(0 if run_.process.returncode == 0 else 1)


def wait_task(ids, **options):
    return {"name": "wait", "hwcloud.tasks.rds_job_wait": dict(job_id=ids, **options)}


def play(emu, name, ids, task, collections=None):
    """Run the play; return (seconds from the last job's end to the play's end, requests to the job API, by status)."""
    emu.clear_requests()
    run_ = common.playbook(emu, name, [task], collections=collections).check()
    last_end = max(emu.query("job " + job_id)["ends_wall"] for job_id in ids)
    log = emu.control("GET", "/_emulator/requests")
    statuses = {}
    for entry in log["log"]:
        if entry["path"].endswith("/jobs"):
            statuses[str(entry["status"])] = statuses.get(str(entry["status"]), 0) + 1
    return run_, run_.times["ended"] - last_end, log["counts"].get(JOB_API, 0), statuses


def run() -> dict:
    samples = {name: {"after_last": [], "wall": [], "requests": []} for name in CONTENDERS}
    with common.EmulatorProcess(speed=1.0) as emu:
        token = emu.token()
        for _run in range(RUNS):
            for name in CONTENDERS:
                ids = start_jobs(emu, *DURATIONS)
                if name == "uri":
                    task = common.uri_job_task(emu, token, "{{ item }}", 5, int(DURATIONS[1] / 5) + 20, "wait")
                    task["loop"] = ids
                else:
                    task = wait_task(ids)
                run_, after_last, requests, _statuses = play(
                    emu, "b2_%s" % name, ids, task, baseline.collections() if name == "previous" else None)
                samples[name]["after_last"].append(after_last)
                samples[name]["wall"].append(run_.wall)
                samples[name]["requests"].append(requests)
    result = {"name": "many_jobs", "runs": RUNS, "jobs": JOBS, "durations": DURATIONS, "baseline": baseline.BASELINE,
              **{name: {key: common.summary(values) for key, values in value.items()}
                 for name, value in samples.items()}}
    common.show("%d jobs at once: from the last job's end to the play's end" % JOBS, [
        ("one rds_job_wait task: after the last job", result["ours"]["after_last"], "s"),
        ("the same, previous engine: after the last job", result["previous"]["after_last"], "s"),
        ("loop of uri + until: after the last job", result["uri"]["after_last"], "s"),
        ("one rds_job_wait task: requests", result["ours"]["requests"], ""),
        ("the same, previous engine: requests", result["previous"]["requests"], ""),
        ("loop of uri + until: requests", result["uri"]["requests"], ""),
        ("one rds_job_wait task: whole run", result["ours"]["wall"], "s"),
        ("loop of uri + until: whole run", result["uri"]["wall"], "s"),
    ])
    common.save("b2_many_jobs", result)
    return result


def rows(result) -> list[dict]:
    ratio = common.ratio(result["uri"]["after_last"]["median"], result["ours"]["after_last"]["median"])
    ours, before = result["ours"]["requests"]["median"], result["previous"]["requests"]["median"]
    return [{
        "bench": "2 many jobs",
        "case": "%d jobs of %g-%g s at once, last job's end to play's end" % ((result["jobs"],) + tuple(
            result["durations"])),
        "ours": "one rds_job_wait task: %s, %s requests (whole run %s)" % (
            common.fmt(result["ours"]["after_last"], 2, " s"), common.fmt(result["ours"]["requests"], 0),
            common.fmt(result["ours"]["wall"], 1, " s")),
        "alternative": "loop of %d uri+until: %s, %s requests; previous engine: %s, %s requests" % (
            result["jobs"], common.fmt(result["uri"]["after_last"], 2, " s"),
            common.fmt(result["uri"]["requests"], 0), common.fmt(result["previous"]["after_last"], 2, " s"),
            common.fmt(result["previous"]["requests"], 0)),
        "ratio": "%.0fx less than uri; requests %.2fx the previous engine's" % (ratio, common.ratio(ours, before)),
        "target": ">= 50x less, requests <= the previous engine's",
        "met": ratio >= 50 and ours <= before,
    }]


if __name__ == "__main__":
    run()
