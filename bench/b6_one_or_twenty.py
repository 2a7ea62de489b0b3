"""Benchmark 6 -- one task or twenty: a 20 s job's requests and lag, and 20 jobs waited on in one task or in 20.

* A 20 s job: requests made and detection lag, ``rds_job_wait``'s engine vs fixed 10 s polling, at speed 1
  (real seconds), several concurrent runs at random phases (benchmark 1's method: ``bench/b1_detection_lag.py``).
* 20 jobs in one ``rds_job_wait`` task vs the same 20 jobs waited on by 20 ``rds_job_wait`` tasks, one per
  job, in order: wall time of the play (ansible-playbook start-up included) and of the waiting tasks.
  The 20 jobs start together, durations spread evenly over DURATIONS (real seconds); fresh jobs every run.
"""

from __future__ import annotations

import random

from bench import b1_detection_lag, common

JOB = 20.0
JOBS = 20
DURATIONS = (15.0, 25.0)
RUNS = common.runs(3, 1)


def run() -> dict:
    pairs = b1_detection_lag.in_process_case(JOB, 1.0, random.Random(6))
    result = {
        "name": "one_or_twenty", "runs": RUNS, "job_runs": len(pairs), "jobs": JOBS, "durations": DURATIONS,
        "ours_lag": common.summary(pair["ours"]["lag"] for pair in pairs),
        "ours_requests": common.summary(pair["ours"]["requests"] for pair in pairs),
        "fixed_lag": common.summary(pair["fixed"]["lag"] for pair in pairs),
        "fixed_requests": common.summary(pair["fixed"]["requests"] for pair in pairs),
    }
    samples = {"one": {"wall": [], "tasks": []}, "twenty": {"wall": [], "tasks": []}}
    with common.EmulatorProcess(speed=1.0) as emu:
        for _run in range(RUNS):
            for name in ("one", "twenty"):
                low, high = DURATIONS
                durations = [low + (high - low) * index / (JOBS - 1) for index in range(JOBS)]
                ids = [emu.control("POST", "/_emulator/jobs", {"duration": duration})["id"] for duration in durations]
                if name == "one":
                    tasks = [{"name": "wait", "hwcloud.tasks.rds_job_wait": {"job_id": ids}}]
                else:
                    tasks = [{"name": "wait %d" % index, "hwcloud.tasks.rds_job_wait": {"job_id": job_id}}
                             for index, job_id in enumerate(ids)]
                run_ = common.playbook(emu, "b6_%s" % name, tasks).check()
                samples[name]["wall"].append(run_.wall)
                samples[name]["tasks"].append(run_.times["tasks"][-1]["ended"] - run_.times["tasks"][0]["started"])
    for name, value in samples.items():
        result[name] = {key: common.summary(values) for key, values in value.items()}
    common.show("a %g s job, emulated = real seconds (speed 1)" % JOB, [
        ("ours: lag", result["ours_lag"], "s"),
        ("ours: requests", result["ours_requests"], ""),
        ("fixed 10 s: lag", result["fixed_lag"], "s"),
        ("fixed 10 s: requests", result["fixed_requests"], ""),
    ])
    common.show("%d jobs of %g-%g s" % ((JOBS,) + DURATIONS), [
        ("one rds_job_wait task: play wall time", result["one"]["wall"], "s"),
        ("%d rds_job_wait tasks: play wall time" % JOBS, result["twenty"]["wall"], "s"),
        ("one rds_job_wait task: waiting", result["one"]["tasks"], "s"),
        ("%d rds_job_wait tasks: waiting" % JOBS, result["twenty"]["tasks"], "s"),
    ])
    common.save("b6_one_or_twenty", result)
    return result


def rows(result) -> list[dict]:
    lag_ratio = common.ratio(result["ours_lag"]["median"], result["fixed_lag"]["median"])
    req_ratio = common.ratio(result["ours_requests"]["median"], result["fixed_requests"]["median"])
    wall_ratio = common.ratio(result["twenty"]["wall"]["median"], result["one"]["wall"]["median"])
    return [{
        "bench": "6 one task or twenty",
        "case": "a %g s job (x1), %d runs" % (JOB, result["job_runs"]),
        "ours": "lag %s, %s requests" % (
            common.fmt(result["ours_lag"], 1, " s"), common.fmt(result["ours_requests"], 0)),
        "alternative": "fixed 10 s: lag %s, %s requests" % (
            common.fmt(result["fixed_lag"], 1, " s"), common.fmt(result["fixed_requests"], 0)),
        "ratio": "lag %.2fx, requests %.2fx fixed" % (lag_ratio, req_ratio),
        "target": "(figure asked, no target)",
        "met": None,
    }, {
        "bench": "6 one task or twenty",
        "case": "%d jobs of %g-%g s (x1)" % ((result["jobs"],) + tuple(result["durations"])),
        "ours": "one task: play %s (waiting %s)" % (
            common.fmt(result["one"]["wall"], 1, " s"), common.fmt(result["one"]["tasks"], 1, " s")),
        "alternative": "%d tasks: play %s (waiting %s)" % (
            result["jobs"], common.fmt(result["twenty"]["wall"], 1, " s"),
            common.fmt(result["twenty"]["tasks"], 1, " s")),
        "ratio": "%d tasks take %.2fx as long" % (result["jobs"], wall_ratio),
        "target": "(figure asked, no target)",
        "met": None,
    }]


if __name__ == "__main__":
    run()
