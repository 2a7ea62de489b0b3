"""Benchmark 7 -- 100 jobs under the gateway's quota: 20 accepted requests a second on the job API.

As benchmark 2 (100 jobs of 5-10 s, one ``rds_job_wait`` task, speed 1), with the emulator's ``quota``
fault on the job API: a sliding one-second window of accepted requests, beyond it 429 APIGW.0308 without
Retry-After.  Ours against the collection as it was before a wait planned its requests together
(``bench.baseline``: each throttled request retried alone by the client), in the same run: the share of
requests throttled, jobs failed, the time from the last job's end to the play's end.  At 20 requests a
second the quota alone puts the end about 2.3 s after the last job: the jobs end 20 a second and each
needs one request after it ended.
"""

from __future__ import annotations

from bench import b2_many_jobs, baseline, common

QUOTA = 20
RUNS = common.runs(3, 1)
CONTENDERS = ("ours", "previous")


def run() -> dict:
    samples = {name: {"after_last": [], "requests": [], "throttled": [], "share": [], "failed": []}
               for name in CONTENDERS}
    with common.EmulatorProcess(speed=1.0) as emu:
        emu.control("POST", "/_emulator/faults", {"kind": "quota", "limit": QUOTA, "path": "/jobs"})
        for _run in range(RUNS):
            for name in CONTENDERS:
                ids = b2_many_jobs.start_jobs(emu, *b2_many_jobs.DURATIONS)
                run_ = common.playbook(emu, "b7_%s" % name, [b2_many_jobs.wait_task(ids)],
                                       collections=baseline.collections() if name == "previous" else None)
                b2_many_jobs.sample_quota_play(samples[name], emu, run_, ids)
    result = {"name": "quota", "runs": RUNS, "quota": QUOTA, "jobs": b2_many_jobs.JOBS,
              "durations": b2_many_jobs.DURATIONS, "baseline": baseline.BASELINE,
              **{name: {key: common.summary(values) for key, values in value.items()}
                 for name, value in samples.items()}}
    common.show("%d jobs under a quota of %d requests a second" % (result["jobs"], QUOTA), [
        ("one rds_job_wait task: after the last job", result["ours"]["after_last"], "s"),
        ("one rds_job_wait task: requests", result["ours"]["requests"], ""),
        ("one rds_job_wait task: throttled", result["ours"]["throttled"], ""),
        ("previous engine: after the last job", result["previous"]["after_last"], "s"),
        ("previous engine: requests", result["previous"]["requests"], ""),
        ("previous engine: throttled", result["previous"]["throttled"], ""),
        ("one rds_job_wait task: failed", result["ours"]["failed"], ""),
        ("previous engine: failed", result["previous"]["failed"], ""),
    ])
    common.save("b7_quota", result)
    return result


def rows(result) -> list[dict]:
    ours, before = result["ours"], result["previous"]
    share = ours["share"]["median"]
    return [{
        "bench": "7 quota",
        "case": "%d jobs of %g-%g s, quota %d req/s (429 APIGW.0308, no Retry-After)" % (
            (result["jobs"],) + tuple(result["durations"]) + (result["quota"],)),
        "ours": "%s after the last job; %s requests, %s throttled (%.1f %%)" % (
            common.fmt(ours["after_last"], 2, " s"), common.fmt(ours["requests"], 0),
            common.fmt(ours["throttled"], 0), 100 * share),
        "alternative": "previous engine: %s after the last job; %s requests, %s throttled (%.1f %%)" % (
            common.fmt(before["after_last"], 2, " s"), common.fmt(before["requests"], 0),
            common.fmt(before["throttled"], 0), 100 * before["share"]["median"]) + (
            "; the task failed in %d of %d runs" % (sum(before["failed"]["values"]), before["failed"]["n"])
            if before["failed"]["max"] else ""),
        "ratio": "throttled share %.2fx, end %.2fx the previous engine's" % (
            common.ratio(share, before["share"]["median"]),
            common.ratio(ours["after_last"]["median"], before["after_last"]["median"])),
        "target": "<= 5 % throttled, no job failed, end <= 4 s after the last job",
        "met": share <= 0.05 and ours["failed"]["max"] == 0 and ours["after_last"]["median"] <= 4.0,
    }]


if __name__ == "__main__":
    run()
