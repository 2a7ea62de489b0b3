"""Benchmark 8 -- 25 inventory hosts waiting on 4 jobs each, 25 forks, under the gateway's quota of 20 a second.

The way most playbooks are written: one host per database, each host's ``rds_job_wait`` on its own jobs.
The 100 jobs of benchmark 7 (5-10 s, speed 1), 4 to a host, one play with ``-f 25``: 25 worker processes
wait at once against one quota (the emulator's ``quota`` fault on the job API, 20 accepted requests in any
second, 429 APIGW.0308 without Retry-After beyond).  Ours shares what the gateway allows between the
processes; against the collection when each process learnt the quota alone (``bench.baseline.PER_PROCESS``)
and the previous engine (``bench.baseline.BASELINE``), in the same run.  Measured: the share of job requests
throttled, whether every host's jobs were confirmed, and the time from the last job's end to the play's end.
The same 100 jobs are then waited on by 4 ``hwtasks wait`` processes of 25 jobs each, started together
(several CI jobs on one runner): the share throttled and whether every process succeeded.
"""

from __future__ import annotations

import os
import subprocess

from bench import b2_many_jobs, baseline, common

QUOTA = 20
HOSTS = 25
PROCESSES = 4
RUNS = common.runs(3, 1)
CONTENDERS = {"ours": None, "per_process": baseline.PER_PROCESS, "previous": baseline.BASELINE}


def hosts():
    return ["db%02d" % index for index in range(1, HOSTS + 1)]


def one_play(samples, emu, name, commit):
    """One play of ``HOSTS`` hosts on 4 jobs each, its figures added to ``samples``."""
    ids = b2_many_jobs.start_jobs(emu, *b2_many_jobs.DURATIONS)
    names = hosts()
    by_host = {host: ids[index::HOSTS] for index, host in enumerate(names)}
    run_ = common.playbook(emu, "b8_%s" % name, [b2_many_jobs.wait_task("{{ jobs_by_host[inventory_hostname] }}")],
                           extra_vars={"jobs_by_host": by_host},
                           collections=baseline.collections(commit) if commit else None, hosts=names)
    b2_many_jobs.sample_quota_play(samples, emu, run_, ids)


def one_cli_run(emu, commit):
    """``(job requests, throttled, failed processes)`` of ``PROCESSES`` hwtasks waits on 100 jobs, started together."""
    ids = b2_many_jobs.start_jobs(emu, *b2_many_jobs.DURATIONS)
    hwtasks = (baseline.collections(commit) / "ansible_collections/hwcloud/tasks" if commit else common.REPO) / "bin"
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("HW_", "OS_"))}
    environment.update(emu.environment())
    processes = [subprocess.Popen([common.PYTHON, str(hwtasks / "hwtasks"), "wait"] + ids[index::PROCESSES],
                                  env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for index in range(PROCESSES)]
    failed = sum(1 for process in processes if process.wait(timeout=600) != 0)
    return b2_many_jobs.job_requests(emu) + (failed,)


def run() -> dict:
    samples = {name: {"after_last": [], "requests": [], "throttled": [], "share": [], "failed": [],
                      "cli_share": [], "cli_failed": []}
               for name in CONTENDERS}
    with common.EmulatorProcess(speed=1.0) as emu:
        emu.control("POST", "/_emulator/faults", {"kind": "quota", "limit": QUOTA, "path": "/jobs"})
        for _run in range(RUNS):
            for name, commit in CONTENDERS.items():
                one_play(samples[name], emu, name, commit)
                requests, throttled, failed = one_cli_run(emu, commit)
                samples[name]["cli_share"].append(throttled / requests if requests else 0.0)
                samples[name]["cli_failed"].append(failed)
    result = {"name": "forks", "runs": RUNS, "quota": QUOTA, "hosts": HOSTS, "processes": PROCESSES,
              "jobs": b2_many_jobs.JOBS,
              "durations": b2_many_jobs.DURATIONS, "per_process_commit": baseline.PER_PROCESS,
              "baseline": baseline.BASELINE,
              **{name: {key: common.summary(values) for key, values in value.items()}
                 for name, value in samples.items()}}
    rows = []
    for name in CONTENDERS:
        rows += [("%s: after the last job" % name, result[name]["after_last"], "s"),
                 ("%s: requests" % name, result[name]["requests"], ""),
                 ("%s: throttled" % name, result[name]["throttled"], ""),
                 ("%s: failed plays" % name, result[name]["failed"], ""),
                 ("%s: %d hwtasks waits, share throttled" % (name, PROCESSES), result[name]["cli_share"], ""),
                 ("%s: %d hwtasks waits, failed" % (name, PROCESSES), result[name]["cli_failed"], "")]
    common.show("%d hosts x %d jobs, %d forks, under a quota of %d requests a second"
                % (HOSTS, b2_many_jobs.JOBS // HOSTS, HOSTS, QUOTA), rows)
    common.save("b8_forks", result)
    return result


def _described(result, name):
    stats = result[name]
    return "%s after the last job; %s requests, %s throttled (%.1f %%); %d hwtasks: %.1f %% throttled" % (
        common.fmt(stats["after_last"], 2, " s"), common.fmt(stats["requests"], 0), common.fmt(stats["throttled"], 0),
        100 * stats["share"]["median"], result["processes"], 100 * stats["cli_share"]["median"]) + (
        "; a play failed in %d of %d runs" % (sum(stats["failed"]["values"]), stats["failed"]["n"])
        if stats["failed"]["max"] else "")


def rows(result) -> list[dict]:
    ours, alone = result["ours"], result["per_process"]
    return [{
        "bench": "8 forks",
        "case": "%d hosts x %d jobs of %g-%g s, -f %d, quota %d req/s; then %d hwtasks waits of %d jobs" % (
            result["hosts"], result["jobs"] // result["hosts"], result["durations"][0], result["durations"][1],
            result["hosts"], result["quota"], result["processes"], result["jobs"] // result["processes"]),
        "ours": _described(result, "ours"),
        "alternative": "each process alone (%s): %s; previous engine: %s" % (
            result["per_process_commit"], _described(result, "per_process"), _described(result, "previous")),
        "ratio": "throttled share %.2fx, requests %.2fx, end %.2fx each process alone's" % (
            common.ratio(ours["share"]["median"], alone["share"]["median"]),
            common.ratio(ours["requests"]["median"], alone["requests"]["median"]),
            common.ratio(ours["after_last"]["median"], alone["after_last"]["median"])),
        "target": "<= 5 % throttled (play and hwtasks), every job confirmed, end <= 6 s after the last job",
        "met": (ours["share"]["median"] <= 0.05 and ours["cli_share"]["median"] <= 0.05 and ours["failed"]["max"] == 0
                and ours["cli_failed"]["max"] == 0 and ours["after_last"]["median"] <= 6.0),
    }]


if __name__ == "__main__":
    run()
