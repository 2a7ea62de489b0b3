"""Benchmark 4 -- listing the RDS task list: ours (concurrent pages) vs the official SDK paging sequentially.

5,000 tasks with 50 ms of latency on every task-list request (the emulator's latency fault): ours is
``rds.list_tasks`` (first page, then the other 99 pages 16 at a time, on one connection pool); the
alternative is the official Huawei Cloud SDK (huaweicloudsdkrds 3.1.219) ``RdsClient.list_tasks`` with
offset/limit 50, one page after the other, as its documentation shows.  And a smaller list: 1,000
tasks, ours vs a sequential loop of pages with the same client (``list_tasks`` with offset/limit), with
the same 50 ms and with none.

The emulator is one Python process: it spends CPU on every page (it filters its whole store per
request), so with many pages in flight it, not the client, sets the pace.  Its CPU time is recorded
next to each figure, so the ratio can be read against that floor.
"""

from __future__ import annotations

from bench import common

LATENCY = 0.05
PAGE = 50
RUNS = common.runs(5, 2)


def sdk_client(emu):
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkrds.v3 import RdsClient

    credentials = emu.credentials
    keys = BasicCredentials(credentials["access_key"], credentials["secret_key"], credentials["project_id"])
    return RdsClient.new_builder().with_credentials(keys).with_endpoints([emu.url]).build()


def sdk_sequential(sdk, expected):
    from huaweicloudsdkrds.v3 import ListTasksRequest

    tasks, total, offset = [], None, 0
    for _page in range(expected // PAGE + 5):  # bounded
        answer = sdk.list_tasks(ListTasksRequest(offset=offset, limit=PAGE))
        tasks += answer.tasks or []
        total = answer.total_count
        offset += PAGE
        if offset >= total:
            break
    return tasks


def ours(client, expected):
    from ansible_collections.hwcloud.tasks.plugins.module_utils._services import rds

    return rds.list_tasks(client, {})[0]


def ours_sequential(client, expected):
    from ansible_collections.hwcloud.tasks.plugins.module_utils._services import rds

    tasks, offset = [], 0
    for _page in range(expected // PAGE + 5):  # bounded
        page, total, _actions = rds.list_tasks(client, {}, offset=offset, limit=PAGE)
        tasks += page
        offset += PAGE
        if offset >= total:
            break
    return tasks


def measure(emu, contenders, expected):
    """Interleaved runs of each contender; returns {name: {"wall": summary, "emulator_cpu": summary}}."""
    import time

    samples = {name: {"wall": [], "emulator_cpu": []} for name in contenders}
    for function, argument in contenders.values():  # warm-up: imports, connections, login
        function(argument, expected)
    for _run in range(RUNS):
        for name, (function, argument) in contenders.items():
            cpu = emu.query("cpu")["cpu"]
            started = time.perf_counter()
            tasks = function(argument, expected)
            samples[name]["wall"].append(time.perf_counter() - started)
            samples[name]["emulator_cpu"].append(emu.query("cpu")["cpu"] - cpu)
            if len(tasks) != expected:
                raise RuntimeError("%s listed %d tasks, expected %d" % (name, len(tasks), expected))
    return {name: {key: common.summary(values) for key, values in value.items()} for name, value in samples.items()}


def run() -> dict:
    result = {"name": "listing", "runs": RUNS, "latency": LATENCY}
    with common.EmulatorProcess(speed=1.0) as emu:
        emu.jobs(5000, duration=7200)
        emu.latency(LATENCY, path="/tasklist")
        ours_client = common.client(emu)
        result["5000"] = measure(emu, {"ours": (ours, ours_client), "sdk": (sdk_sequential, sdk_client(emu))}, 5000)
    for latency in (LATENCY, 0.0):
        with common.EmulatorProcess(speed=1.0) as emu:
            emu.jobs(1000, duration=7200)
            if latency:
                emu.latency(latency, path="/tasklist")
            client = common.client(emu)
            result["1000@%g" % latency] = measure(
                emu, {"ours": (ours, client), "sequential": (ours_sequential, client),
                      "sdk": (sdk_sequential, sdk_client(emu))}, 1000)
    for key, label in (("5000", "5,000 tasks, 50 ms/request"), ("1000@0.05", "1,000 tasks, 50 ms/request"),
                       ("1000@0", "1,000 tasks, no added latency")):
        shown = []
        for name, stats in result[key].items():
            shown += [("%s: wall" % name, stats["wall"], "s"), ("%s: emulator CPU" % name, stats["emulator_cpu"], "s")]
        common.show("listing the task list, %s" % label, shown)
    common.save("b4_listing", result)
    return result


def rows(result) -> list[dict]:
    big = result["5000"]
    out = [{
        "bench": "4 listing",
        "case": "5,000 tasks, 50 ms/request",
        "ours": "%s (emulator CPU %s)" % (common.fmt(big["ours"]["wall"], 2, " s"),
                                          common.fmt(big["ours"]["emulator_cpu"], 2, " s")),
        "alternative": "official SDK, sequential pages: %s" % common.fmt(big["sdk"]["wall"], 2, " s"),
        "ratio": "%.1fx faster" % common.ratio(big["sdk"]["wall"]["median"], big["ours"]["wall"]["median"]),
        "target": ">= 8x",
        "met": common.ratio(big["sdk"]["wall"]["median"], big["ours"]["wall"]["median"]) >= 8,
    }]
    for key, label in (("1000@0.05", "1,000 tasks, 50 ms/request"), ("1000@0", "1,000 tasks, no added latency")):
        case = result[key]
        out.append({
            "bench": "4 listing, fewer tasks",
            "case": label,
            "ours": common.fmt(case["ours"]["wall"], 3, " s"),
            "alternative": "same client, sequential pages: %s; official SDK: %s" % (
                common.fmt(case["sequential"]["wall"], 3, " s"), common.fmt(case["sdk"]["wall"], 3, " s")),
            "ratio": "%.1fx faster than sequential, %.1fx than the SDK" % (
                common.ratio(case["sequential"]["wall"]["median"], case["ours"]["wall"]["median"]),
                common.ratio(case["sdk"]["wall"]["median"], case["ours"]["wall"]["median"])),
            "target": "(figure asked, no target)",
            "met": None,
        })
    return out


if __name__ == "__main__":
    run()
