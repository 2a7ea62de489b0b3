"""Run every benchmark and write bench/RESULTS.md: ``make bench``, ``python -m bench`` or ``python bench/run.py``.

``python -m bench b3 b4`` runs only those (printed, and saved under bench/output/, RESULTS.md untouched).
BENCH_QUICK=1 makes every benchmark do fewer runs, to try them out; RESULTS.md is then not written.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib
import io
import os
import pathlib
import platform
import subprocess
import sys
import time

if __package__ in (None, ""):  # run as a script: bench/run.py
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from bench import chart, common  # noqa: E402

BENCHMARKS = {
    "b1": "b1_detection_lag",
    "b2": "b2_many_jobs",
    "b3": "b3_task_overhead",
    "b4": "b4_listing",
    "b5": "b5_lookups",
    "b6": "b6_one_or_twenty",
    "b7": "b7_quota",
    "b8": "b8_forks",
}
COMMAND = "make bench  (= .venv/bin/python -m bench)"


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in pathlib.Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = ", %.0f GB RAM" % (int(line.split()[1]) / 1024 / 1024)
    import ansible

    versions = ["Python %s" % platform.python_version(), "ansible-core %s" % ansible.__version__]
    with contextlib.suppress(Exception):
        from importlib.metadata import version

        versions.append("huaweicloudsdkrds %s" % version("huaweicloudsdkrds"))
    return "%s, %d cores%s; %s %s; %s" % (
        cpu, os.cpu_count() or 0, memory, platform.system(), platform.release(), ", ".join(versions))


def commit() -> str:
    """HEAD, and whether bench/ or plugins/ differ from it (what was measured is then not exactly HEAD)."""
    def git(*args):
        return subprocess.run(["git", "-C", str(common.REPO)] + list(args), capture_output=True, text=True,
                              check=True).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--", "bench", "plugins", "emulator", ":!bench/RESULTS.md")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes in bench/, plugins/ or emulator/" if changed else "")


def cell(text) -> str:
    return str(text).replace("|", "\\|")


def table(rows) -> list[str]:
    lines = ["| Benchmark | Case | Ours | Alternative (same run) | Ratio | Target | Met |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        met = {True: "**met**", False: "**missed**", None: "—"}[row["met"]]
        keys = ("bench", "case", "ours", "alternative", "ratio", "target")
        lines.append("| %s | %s |" % (" | ".join(cell(row[key]) for key in keys), met))
    return lines


def _b1_notes(b1):
    out = []
    for case in b1["cases"]:
        lag, fixed = case["ours_lag"], case["fixed_lag"]
        requests, fixed_requests = case["ours_requests"]["median"], case["fixed_requests"]["median"]
        if case["duration"] <= 10:
            if lag["max"] > 1.0:
                out.append(
                    "- **1, %g s job**: lag up to %.2f s (median %.2f s). A young job is polled every "
                    "poll_interval (1 s, jitter only shortening it) until a fifth of its age is longer; the "
                    "poll that sees the end adds its own round trip." % (case["duration"], lag["max"], lag["median"]))
            continue
        allowed = 1.5 if case["duration"] <= 60 else 1.0
        lag_ratio = common.ratio(lag["median"], fixed["median"])
        request_ratio = common.ratio(requests, fixed_requests)
        if lag_ratio <= 0.5 and request_ratio <= allowed:
            continue
        values = sorted(case["ours_requests"]["values"])
        lags = case["ours_lag"]["values"]
        close = sum(1 for value in lags if value <= 0.5 * fixed["median"])
        late = sum(1 for value in lags if value > fixed["median"])
        out.append(
            "- **1, %g s job**: median lag %.1f s vs %.1f s for fixed 10 s (%.2fx), %.0f vs %.0f requests (%.2fx). "
            "The emulator's percent climbs in 4-9 uneven steps and stands still in between, and a job may "
            "jump to done from any of them, so the end it predicts is often early or late: the requests of one "
            "wait spread widely (quartiles %.0f and %.0f here), and its lag has two modes, about a second when "
            "the end falls in the window the percent predicts and several seconds when the job ends before "
            "that window opens.  Here %d of %d runs saw the end within half fixed polling's median lag and %d "
            "later than that median; with the two modes about equally likely, the median moves by seconds "
            "from one sample to the next.  The what-if below shows the distribution over 400 simulated waits." % (
                case["duration"], lag["median"], fixed["median"], lag_ratio, requests, fixed_requests,
                request_ratio, values[len(values) // 4], values[(3 * len(values)) // 4], close, len(lags), late))
    early = b1["early_failure"]
    bound = early["max_poll_interval"] + 1.0
    if early["ours_lag"]["max"] > bound:
        out.append(
            "- **1, a job failing at %g s of a planned %g s**: seen up to %.1f s after it failed, beyond "
            "max_poll_interval + 1 s = %g s: the last pause is at most max_poll_interval, plus the round trip at "
            "x%g (each real millisecond is %g emulated ones)." % (
                early["fails"], early["planned"], early["ours_lag"]["max"], bound, early["speed"], early["speed"]))
    return out


def notes(results) -> list[str]:
    """The closing note: each missed target, measured, with the reason (only for targets missed in this run)."""
    out = []
    if results.get("b1"):
        out += _b1_notes(results["b1"])
    b2 = results.get("b2")
    if b2:
        ratio = common.ratio(b2["uri"]["after_last"]["median"], b2["ours"]["after_last"]["median"])
        ours, before = b2["ours"]["requests"]["median"], b2["previous"]["requests"]["median"]
        if ratio < 50 or ours > before:
            out.append(
                "- **2, 100 jobs**: one task ends %.2f s after the last job vs %.2f s for the uri loop (%.0fx), with "
                "%.0f requests vs %.0f for the previous engine.  50x needs the end within %.2f s of the last "
                "job's, ansible-playbook's end of play (~0.1 s) included: the last jobs are polled every "
                "quarter poll_interval (0.25 s) once they are the last running." % (
                    b2["ours"]["after_last"]["median"], b2["uri"]["after_last"]["median"], ratio, ours, before,
                    b2["uri"]["after_last"]["median"] / 50))
    b7 = results.get("b7")
    if b7:
        ours = b7["ours"]
        if ours["share"]["median"] > 0.05 or ours["failed"]["max"] or ours["after_last"]["median"] > 4.0:
            out.append(
                "- **7, quota**: %.1f %% of requests throttled, the task failed in %d run(s), it ended %.2f s after "
                "the last job.  Each 429 lowers the wait's rate to 0.8x what the gateway accepted in the last "
                "second, and accepted polls raise it by about one request a second every second, so the "
                "rate probes the quota again every few seconds, a request or two beyond it each time." % (
                    100 * ours["share"]["median"], ours["failed"]["max"], ours["after_last"]["median"]))
    b8 = results.get("b8")
    if b8 and not importlib.import_module("bench.b8_forks").rows(b8)[0]["met"]:
        ours = b8["ours"]
        out.append(
            "- **8, forks**: %.1f %% of the play's requests and %.1f %% of hwtasks' throttled, the play ended "
            "%.2f s after the last job.  The processes share one bucket and one learnt rate, but whichever asks "
            "first gets the next poll: a host whose job just ended may wait behind others' polls, and 25 "
            "worker processes on a loaded machine add their own start and result time." % (
                100 * ours["share"]["median"], 100 * ours["cli_share"]["median"], ours["after_last"]["median"]))
    b6 = results.get("b6")
    if b6 and b6["one"]["wall"]["min"] > b6["twenty"]["wall"]["max"]:
        out.append(
            "- **6, 20 jobs** (no target, but the wrong way round): one task waiting on all 20 takes %.1f s, "
            "20 tasks %.1f s." % (b6["one"]["wall"]["median"], b6["twenty"]["wall"]["median"]))
    b3 = results.get("b3")
    for key, how in (("ours", "in-process on the controller"), ("ours_module", "run as a module (a remote host)")):
        if b3 and common.ratio(b3[key]["task"]["median"], b3["uri"]["task"]["median"]) > 1.0:
            out.append(
                "- **3, per-task overhead, %s**: rds_task_info's task takes %.0f ms more than uri's.  As a "
                "module it imports requests (~45 ms) and jsonschema (~40 ms) where uri uses the standard library "
                "through ansible.module_utils.urls; the work itself is small: one read costs ~2 ms of client CPU "
                "(signing and requests included), schema validation and normalisation 0.1 ms of it." % (
                    how, 1000 * (b3[key]["task"]["median"] - b3["uri"]["task"]["median"])))
    b4 = results.get("b4")
    if b4 and common.ratio(b4["5000"]["sdk"]["wall"]["median"], b4["5000"]["ours"]["wall"]["median"]) < 8:
        ours = b4["5000"]["ours"]
        out.append(
            "- **4, 5,000 tasks**: %.1fx, not 8x. The emulator spent %.2f s of CPU serving ours' 100 pages "
            "(it filters its whole store of 5,000 jobs on every request, in one Python process): %.0f%% of "
            "ours' %.2f s wall time. The network floor with 16 pages in flight is 8 rounds x 50 ms = 0.4 s "
            "(~15x); against this emulator the ceiling is its CPU, ~%.1fx." % (
                common.ratio(b4["5000"]["sdk"]["wall"]["median"], ours["wall"]["median"]),
                ours["emulator_cpu"]["median"], 100 * ours["emulator_cpu"]["median"] / ours["wall"]["median"],
                ours["wall"]["median"],
                common.ratio(b4["5000"]["sdk"]["wall"]["median"], ours["emulator_cpu"]["median"])))
    b5 = results.get("b5")
    if b5 and b5["ours"]["tokens"]["max"] != 1:
        out.append("- **5, lookups**: %d IAM token requests, not 1." % b5["ours"]["tokens"]["max"])
    return out


def before_after(results) -> list[str]:
    """The previous engine and this one, in the same run: the waits a shared budget and quota change."""
    lines = ["| Case | Previous engine (%s) | This engine | Fixed 10 s polling |" % results["b2"]["baseline"],
             "|---|---|---|---|"]
    for case in results["b1"]["cases"]:
        cells = ["lag %.1f s, %.0f req" % (case["%s_lag" % name]["median"], case["%s_requests" % name]["median"])
                 for name in ("previous", "ours", "fixed")]
        lines.append("| 1: one %s job (median lag, requests; emulated s) | %s |" % (
            chart.b1_label(case["duration"]), " | ".join(cells)))
    early = results["b1"]["early_failure"]
    lines.append("| 1: a job planned for %s failing at %g s (worst lag) | %.1f s | %.1f s | %.1f s |" % (
        chart.b1_label(early["planned"]), early["fails"], early["previous_lag"]["max"],
        early["ours_lag"]["max"], early["fixed_lag"]["max"]))
    b2 = results["b2"]
    lines.append("| 2: 100 jobs of 5-10 s (end after the last job, requests) | %.2f s, %.0f req | %.2f s, %.0f req "
                 "| (uri loop: %.2f s, %.0f req) |" % (
                     b2["previous"]["after_last"]["median"], b2["previous"]["requests"]["median"],
                     b2["ours"]["after_last"]["median"], b2["ours"]["requests"]["median"],
                     b2["uri"]["after_last"]["median"], b2["uri"]["requests"]["median"]))
    b7 = results["b7"]
    lines.append("| 7: the same under a quota of %d req/s (end after the last job, requests, throttled) "
                 "| %.2f s, %.0f req, %.1f %% | %.2f s, %.0f req, %.1f %% | |" % (
                     b7["quota"], b7["previous"]["after_last"]["median"], b7["previous"]["requests"]["median"],
                     100 * b7["previous"]["share"]["median"], b7["ours"]["after_last"]["median"],
                     b7["ours"]["requests"]["median"], 100 * b7["ours"]["share"]["median"]))
    b8 = results.get("b8")
    if b8:
        previous, ours, alone = ("%.2f s, %.0f req, %.1f %%" % (
            b8[name]["after_last"]["median"], b8[name]["requests"]["median"], 100 * b8[name]["share"]["median"])
            for name in ("previous", "ours", "per_process"))
        lines.append("| 8: the same over %d hosts, -f %d (end after the last job, requests, throttled) | %s | %s "
                     "| (each process alone, %s: %s) |" % (
                         b8["hosts"], b8["hosts"], previous, ours, b8["per_process_commit"], alone))
    return lines


def whatif() -> str:
    from bench import whatif_waiter

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        whatif_waiter.main()
    return buffer.getvalue().rstrip()


def write_results(results, rows, started, took, whatif_text, measured) -> pathlib.Path:
    b1 = results["b1"]
    lines = [
        "# Benchmarks: hwcloud.tasks against the alternatives",
        "",
        "Generated by `bench/run.py`; do not edit by hand.  Every figure is *median (min–max)* over the runs "
        "stated; every claim is a ratio against the alternative measured in the same run.  Absolute times are "
        "context only: this machine is shared and noisy.",
        "",
        "- **Date**: %s (took %.1f min)" % (started.strftime("%Y-%m-%d %H:%M UTC"), took / 60),
        "- **Machine**: %s" % machine(),
        "- **Command**: `%s`, commit %s (when the run started)" % (COMMAND, measured),
        "- **Emulator**: `emulator/` in a process of its own on 127.0.0.1 (`bench/_emulator_child.py`), "
        "stopped when the benchmark ends.",
        "",
        "## Results",
        "",
    ] + table(rows) + [
        "",
        "Lags in benchmarks 1 and 6 are in **emulated seconds** (real seconds x the emulator's speed factor, "
        "shown as x*N*); everything else is real seconds.",
        "",
        "## Lag and requests against job length",
        "",
        "![Detection lag and requests per wait against job length](%s)" % chart.write(b1),
        "",
        "## Before and after: the previous engine and this one, same run",
        "",
    ] + before_after(results) + [
        "",
        "## Targets missed, and why",
        "",
    ] + (notes(results) or ["Every target was met in this run."]) + [
        "",
        "## What-if: the waiting engine on a simulated clock (`python -m bench.whatif_waiter`)",
        "",
        "The real `Waiter` driven by a simulated clock over hundreds of jobs with the emulator's own "
        "progress curves (no sleeping; seeded, so the same numbers every run), next to the previous engine "
        "(read from git at %s) on the same jobs; each round of polls takes a 20 ms round trip.  The quota row "
        "is the emulator's quota fault, simulated.  `python -m bench.whatif_waiter sweep` varies each of the "
        "engine's constants around its value: the figures they were chosen from.  Cells: median lag / p90 lag "
        "/ median requests, emulated seconds." % results["b2"]["baseline"],
        "",
        "```",
        whatif_text,
        "```",
        "",
        "## Method",
        "",
        "- **Emulator progress is uneven and jittered** (`emulator/records.py: progress_curve`): each job gets "
        "4-9 steps at random moments (2-98% of its duration) with random heights (sorted, 1-99), seeded by "
        "the job id; between steps the percent is flat, and a running job never reports 100 (it jumps from "
        "its last step, typically 60-95%, to Completed).",
        "- **TCP_NODELAY**: the emulator writes headers and body separately; with Nagle's algorithm every "
        "request sent less than ~40 ms after the previous one on a keep-alive connection waited ~44 ms for a "
        "delayed ACK (measured: 44 ms at 0-20 ms spacing, 2 ms at 50 ms), 4 emulated seconds a request at "
        "x100.  The emulator turns Nagle off since commit 08581c5; `bench/_emulator_child.py` makes sure of "
        "it for older ones.",
        "- **1 detection lag**: %d runs per job length, %d at once, each a job created just after a whole "
        "wall-clock second (the job API gives `created` to the second; at x100 the truncation would be 100 "
        "emulated s), waited on from a phase spread evenly over 0-10 s (or half the job) by ours, the previous engine "
        "and fixed 10 s at once. "
        "Ours is `_ops.rds_job_wait.run` in-process (what the action plugin runs on the controller; ansible-playbook "
        "start-up is per-task overhead, measured in 3) with the module's defaults divided by the speed. "
        "Fixed 10 s = terraform-provider-huaweicloud's `checkRDSInstanceJobFinish` (Delay 10 s, "
        "PollInterval 10 s). uri + until (delay 5) runs in ansible-playbook, %d plays at once: its ~0.35 s "
        "per-retry cost cannot be sped up, so long jobs run fast until 12 emulated s before their end, then "
        "at x1 while the play polls; its earlier requests are counted at its measured period "
        "(delay + per-retry cost). Speeds: %s.  The previous engine is `plugins/module_utils/_waiter.py` "
        "at %s with its own defaults (ceiling 10 s), scaled the same way.  The early failure: the emulator's "
        "`planned_duration` (progress follows a 30 min plan) with the job failing at 90 s, at x%g." % (
            b1["runs"], b1["batch"], b1["uri_runs"],
            ", ".join("%g s at x%g" % (case["duration"], case["speed"]) for case in b1["cases"]),
            results["b2"]["baseline"], b1["early_failure"]["speed"]),
        "- **2 many jobs**: %d fresh jobs per run, durations spread evenly over %g-%g s (x1), %d runs each, "
        "alternating; play end = the callback's playbook-stats time; requests = the emulator's count of job "
        "reads during the play.  The previous engine runs as the whole collection at %s (`git archive` into "
        "`bench/output/`), through the same ansible-playbook." % (
            results["b2"]["jobs"], results["b2"]["durations"][0], results["b2"]["durations"][1],
            results["b2"]["runs"], results["b2"]["baseline"]),
        "- **7 quota**: as 2, with the emulator's `quota` fault on the job API (%d accepted requests per "
        "sliding second, beyond it 429 APIGW.0308 without Retry-After), %d runs each, alternating; throttled = "
        "the job reads the emulator answered 429." % (results["b7"]["quota"], results["b7"]["runs"]),
        "- **8 forks**: the 100 jobs of 7 under the same quota, 4 to each of %d inventory hosts (all local), one "
        "rds_job_wait task per host, `ansible-playbook -f %d`; then %d `bin/hwtasks wait` processes of 25 jobs "
        "each, started together.  %d runs each, alternating between this collection, the collection at %s (one "
        "gateway rate per process) and the previous engine at %s, each from `git archive`." % (
            results["b8"]["hosts"], results["b8"]["hosts"], results["b8"]["processes"], results["b8"]["runs"],
            results["b8"]["per_process_commit"], results["b8"]["baseline"]) if results.get("b8") else "",
        "- **3 per-task overhead**: one ansible-playbook run of one task per sample, %d samples each, "
        "alternating; the task time is from task start to result (callback `bench/callback_plugins/"
        "bench_times.py`).  With a local connection rds_task_info's action plugin runs its code in-process; "
        "\"as a module\" adds a task `environment`, which makes the action plugin run the module as it "
        "would on a remote host.  uri always runs as a module." % results["b3"]["runs"],
        "- **4 listing**: %d interleaved runs each after a warm-up; latency is the emulator's `latency` fault "
        "(50 ms on every task-list request); the official SDK is huaweicloudsdkrds `RdsClient.list_tasks` with "
        "offset/limit 50." % results["b4"]["runs"],
        "- **5 lookups**: %d runs each; every lookup is its own task (a new worker process); token requests "
        "are the emulator's `GET /_emulator/requests` counts." % results["b5"]["runs"],
        "- **6 one task or twenty**: the 20 s job as in 1 (x1, %d concurrent runs); 20 jobs of %g-%g s, %d runs each, "
        "alternating." % (results["b6"]["job_runs"], results["b6"]["durations"][0], results["b6"]["durations"][1],
                          results["b6"]["runs"]),
        "- Raw samples of every run: `bench/output/*.json` (git-ignored).",
        "",
    ]
    path = common.BENCH / "RESULTS.md"
    path.write_text("\n".join(lines))
    return path


def main(argv=None) -> int:
    wanted = list(argv if argv is not None else sys.argv[1:]) or list(BENCHMARKS)
    unknown = [name for name in wanted if name not in BENCHMARKS]
    if unknown:
        print("unknown benchmark(s) %s; known: %s" % (", ".join(unknown), ", ".join(BENCHMARKS)), file=sys.stderr)
        return 2
    started = datetime.datetime.now(datetime.UTC)
    measured = commit()
    clock = time.monotonic()
    results, rows = {}, []
    for name in wanted:
        module = importlib.import_module("bench." + BENCHMARKS[name])
        began = time.monotonic()
        print("\n### %s (%s)" % (name, BENCHMARKS[name]), flush=True)
        results[name] = module.run()
        rows += module.rows(results[name])
        print("  (%.0f s)" % (time.monotonic() - began), flush=True)
    whatif_text = whatif() if wanted == list(BENCHMARKS) else None
    took = time.monotonic() - clock
    print("\n" + "\n".join(table(rows)))
    for line in notes(results):
        print(line)
    if wanted == list(BENCHMARKS) and not common.QUICK:
        print("\nwrote %s (%.1f min)" % (write_results(results, rows, started, took, whatif_text, measured), took / 60))
    return 0


if __name__ == "__main__":
    sys.exit(main())
