"""Benchmark 3 -- per-task overhead: one ``rds_task_info`` task vs one ``ansible.builtin.uri`` task.

The same job is read by a play of one task, in one ansible-playbook run per sample, alternating.
``rds_task_info`` signs with AK/SK (from the HW_* variables), validates the answer against its schema
and normalises it; ``uri`` sends a ready IAM token and returns the raw JSON.  The task time is from the
task's start to its result (the bench_times callback); the whole run's wall time (ansible-playbook
start-up included) is shown next to it.

With a local connection, as here, rds_task_info's action plugin runs the module's code in-process on
the controller; on another host it runs as a module, like uri always does.  That path is measured too
("as a module": a task ``environment`` makes the action plugin hand over to the module), so the ratio
for playbooks that target remote hosts is known as well.
"""

from __future__ import annotations

from bench import common

RUNS = common.runs(10, 2)


def run() -> dict:
    samples = {name: {"task": [], "wall": []} for name in ("ours", "ours_module", "uri")}
    with common.EmulatorProcess(speed=1.0) as emu:
        token = emu.token()
        job = emu.jobs(1, duration=7200)[0]
        tasks = {
            "ours": {"name": "read", "hwcloud.tasks.rds_task_info": {"job_id": job["id"]}},
            "ours_module": {"name": "read", "hwcloud.tasks.rds_task_info": {"job_id": job["id"]},
                            "environment": {"BENCH_RUN_AS_MODULE": "1"}},
            "uri": {"name": "read", "ansible.builtin.uri": {
                "url": "%s/v3/%s/jobs?id=%s" % (emu.url, emu.credentials["project_id"], job["id"]),
                "headers": {"X-Auth-Token": token}}},
        }
        for name in tasks:  # warm-up: the first run of anything pays the page cache
            common.playbook(emu, "b3_%s" % name, [tasks[name]]).check()
        for _run in range(RUNS):
            for name, task in tasks.items():
                run_ = common.playbook(emu, "b3_%s" % name, [task]).check()
                read = run_.task("read")
                samples[name]["task"].append(read["ended"] - read["started"])
                samples[name]["wall"].append(run_.wall)
    result = {"name": "task_overhead", "runs": RUNS,
              **{name: {key: common.summary(values) for key, values in value.items()}
                 for name, value in samples.items()}}
    common.show("per-task overhead: one task reading one job", [
        ("rds_task_info: task", result["ours"]["task"], "s"),
        ("rds_task_info as a module: task", result["ours_module"]["task"], "s"),
        ("uri: task", result["uri"]["task"], "s"),
        ("rds_task_info: whole ansible-playbook run", result["ours"]["wall"], "s"),
        ("rds_task_info as a module: whole ansible-playbook run", result["ours_module"]["wall"], "s"),
        ("uri: whole ansible-playbook run", result["uri"]["wall"], "s"),
    ])
    common.save("b3_task_overhead", result)
    return result


def rows(result) -> list[dict]:
    task_ratio = common.ratio(result["ours"]["task"]["median"], result["uri"]["task"]["median"])
    wall_ratio = common.ratio(result["ours"]["wall"]["median"], result["uri"]["wall"]["median"])
    module_ratio = common.ratio(result["ours_module"]["task"]["median"], result["uri"]["task"]["median"])
    module_wall_ratio = common.ratio(result["ours_module"]["wall"]["median"], result["uri"]["wall"]["median"])
    return [{
        "bench": "3 per-task overhead",
        "case": "one task reading one job (local connection: in-process)",
        "ours": "rds_task_info task %s; whole run %s" % (
            common.fmt(result["ours"]["task"], 3, " s"), common.fmt(result["ours"]["wall"], 2, " s")),
        "alternative": "uri task %s; whole run %s" % (
            common.fmt(result["uri"]["task"], 3, " s"), common.fmt(result["uri"]["wall"], 2, " s")),
        "ratio": "task %.2fx uri; whole run %.2fx" % (task_ratio, wall_ratio),
        "target": "<= 1.0x",
        "met": task_ratio <= 1.0,
    }, {
        "bench": "3 per-task overhead",
        "case": "the same, rds_task_info run as a module (as on a remote host)",
        "ours": "task %s; whole run %s" % (
            common.fmt(result["ours_module"]["task"], 3, " s"), common.fmt(result["ours_module"]["wall"], 2, " s")),
        "alternative": "uri, as above",
        "ratio": "task %.2fx uri; whole run %.2fx" % (module_ratio, module_wall_ratio),
        "target": "<= 1.0x",
        "met": module_ratio <= 1.0,
    }]


if __name__ == "__main__":
    run()
