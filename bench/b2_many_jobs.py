"""Benchmark 2 -- 100 jobs running at once: one ``rds_job_wait`` task vs a loop of 100 ``uri`` + ``until`` tasks.

100 jobs are started together (durations spread evenly over DURATIONS, real seconds: speed 1, because what
is measured here is mostly per-task cost, which no emulator speed-up shrinks), then one play waits for all
of them.  Measured: the time from the end of the last job (the emulator's own record) to the end of the
play (the bench_times callback's playbook end).  Ours is one ``hwcloud.tasks.rds_job_wait`` task with
the 100 ids and the module's defaults; the alternative is ``ansible.builtin.uri`` with ``until`` /
``delay: 5`` in a ``loop`` over the ids, with an IAM token.  Fresh jobs for every run; runs alternate.
"""

from __future__ import annotations

from bench import common

JOBS = 100
DURATIONS = (5.0, 10.0)  # real seconds, spread evenly over the 100 jobs
RUNS = common.runs(3, 1)


def run() -> dict:
    samples = {"ours": {"after_last": [], "wall": []}, "uri": {"after_last": [], "wall": []}}
    with common.EmulatorProcess(speed=1.0) as emu:
        token = emu.token()
        for _run in range(RUNS):
            for name in ("ours", "uri"):
                low, high = DURATIONS
                jobs = [emu.control("POST", "/_emulator/jobs", {"duration": low + (high - low) * index / (JOBS - 1)})
                        for index in range(JOBS)]
                ids = [job["id"] for job in jobs]
                if name == "ours":
                    task = {"name": "wait", "hwcloud.tasks.rds_job_wait": {"job_id": ids}}
                else:
                    task = common.uri_job_task(emu, token, "{{ item }}", 5, int(high / 5) + 20, "wait")
                    task["loop"] = ids
                run_ = common.playbook(emu, "b2_%s" % name, [task]).check()
                last_end = max(emu.query("job " + job_id)["ends_wall"] for job_id in ids)
                samples[name]["after_last"].append(run_.times["ended"] - last_end)
                samples[name]["wall"].append(run_.wall)
    result = {"name": "many_jobs", "runs": RUNS, "jobs": JOBS, "durations": DURATIONS,
              **{name: {key: common.summary(values) for key, values in value.items()}
                 for name, value in samples.items()}}
    common.show("%d jobs at once: from the last job's end to the play's end" % JOBS, [
        ("one rds_job_wait task: after the last job", result["ours"]["after_last"], "s"),
        ("loop of uri + until: after the last job", result["uri"]["after_last"], "s"),
        ("one rds_job_wait task: whole run", result["ours"]["wall"], "s"),
        ("loop of uri + until: whole run", result["uri"]["wall"], "s"),
    ])
    common.save("b2_many_jobs", result)
    return result


def rows(result) -> list[dict]:
    ratio = common.ratio(result["uri"]["after_last"]["median"], result["ours"]["after_last"]["median"])
    return [{
        "bench": "2 many jobs",
        "case": "%d jobs of %g-%g s at once, last job's end to play's end" % ((result["jobs"],) + tuple(
            result["durations"])),
        "ours": "one rds_job_wait task: %s (whole run %s)" % (
            common.fmt(result["ours"]["after_last"], 2, " s"), common.fmt(result["ours"]["wall"], 1, " s")),
        "alternative": "loop of %d uri+until: %s (whole run %s)" % (
            result["jobs"], common.fmt(result["uri"]["after_last"], 2, " s"),
            common.fmt(result["uri"]["wall"], 1, " s")),
        "ratio": "%.0fx less" % ratio,
        "target": ">= 50x less",
        "met": ratio >= 50,
    }]


if __name__ == "__main__":
    run()
