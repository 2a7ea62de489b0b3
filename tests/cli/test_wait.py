"""``hwtasks wait``: the rds_job_wait engine from a shell, its exit codes and what a person sees meanwhile."""

import os
import pty
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.cli.conftest import HWTASKS, assert_one_line_error, explain

pytestmark = pytest.mark.emulator

FAST = ("--poll-interval", "0.2", "--max-poll-interval", "0.5")


def test_jobs_waited_on_together_give_the_modules_result(hwtasks):
    first, second = hwtasks.job(duration=20), hwtasks.job(duration=30)  # 1 s and 1.5 s
    process, result = hwtasks.json("wait", first["id"], second["id"], *FAST)
    assert process.returncode == 0, explain(process)
    assert [job["id"] for job in result["jobs"]] == [first["id"], second["id"]]
    assert {job["state"] for job in result["jobs"]} == {"succeeded"}
    assert result["failed_jobs"] == [] and result["missing_jobs"] == [] and result["timed_out"] is False
    assert result["msg"] == "2 of 2 finished in %.1f s" % result["elapsed"]
    assert result["polls"] == len(hwtasks.requests_for(first["id"])) + len(hwtasks.requests_for(second["id"]))
    # not a terminal: plain progress lines, no cursor movement
    lines = process.stderr.splitlines()
    assert lines and all(line.startswith("hwtasks: ") for line in lines) and "\x1b" not in process.stderr
    assert "succeeded after" in lines[-1]


def test_a_failed_job_exits_1_with_its_fail_reason(hwtasks):
    job = hwtasks.job(duration=10, outcome="Failed", fail_reason="flavor sold out")
    process = hwtasks("wait", job["id"], *FAST)
    assert_one_line_error(process, 1, job["id"], ") failed at ", "Z: flavor sold out", "request id")
    assert "failed" in process.stdout and "flavor sold out" in process.stdout  # the table


def test_no_fail_on_failed_reports_the_failure_and_exits_0(hwtasks):
    job = hwtasks.job(duration=0, outcome="Failed")
    process, result = hwtasks.json("wait", job["id"], "--no-fail-on-failed")
    assert process.returncode == 0, explain(process)
    assert result["failed_jobs"] == [job["id"]]


def test_a_timeout_exits_3_with_the_last_state_seen(hwtasks):
    job = hwtasks.job(duration=3600)
    process = hwtasks("wait", job["id"], "--timeout", "1", *FAST)
    assert_one_line_error(process, 3, "timed out after 1.0 s", job["id"], "running")
    assert "running" in process.stdout


def test_a_job_the_cloud_never_knows_exits_4(hwtasks):
    process = hwtasks("wait", "no-such-job", "--visibility-timeout", "0.5", *FAST)
    assert_one_line_error(process, 4, "no-such-job never appeared", "DBS.")


def test_a_job_not_visible_yet_is_waited_for(hwtasks):
    """The job is created once the wait has asked for it: the wait sees it unknown first, whatever the load."""
    job_id = "late-%s" % uuid.uuid4()
    with subprocess.Popen([sys.executable, HWTASKS, "wait", job_id, *FAST], env=hwtasks.env(),
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        try:
            hwtasks.once_asked_for(job_id)
            hwtasks.job(id=job_id, duration=0)
            stdout, stderr = process.communicate(timeout=60)
        except BaseException:
            process.kill()
            raise
    assert process.returncode == 0, stderr
    assert "not visible yet" in stderr and "succeeded" in stdout
    assert hwtasks.requests_for(job_id)[0]["status"] == 404


def test_an_instance_is_waited_on_until_it_runs_no_task(hwtasks):
    job = hwtasks.job(duration=20)
    process = hwtasks("wait", "--instance", job["instance_id"], *FAST)
    assert process.returncode == 0, explain(process)
    assert "instance %s runs no task" % job["instance_id"] in process.stdout
    _process, result = hwtasks.json("wait", "--instance", job["instance_id"])
    assert result["idle"] is True and result["tasks"] == []


def test_a_workflow_is_waited_on_through_its_job(hwtasks):
    job = hwtasks.job(duration=20, workflow_id="flow-cli-test")
    process, result = hwtasks.json("wait", "--instance", job["instance_id"], "--workflow", "flow-cli-test", *FAST)
    assert process.returncode == 0, explain(process)
    assert result["job"]["id"] == job["id"] and result["job"]["state"] == "succeeded"
    assert result["workflow"]["job_id"] == job["id"]


def test_on_a_terminal_each_job_has_a_live_line(hwtasks):
    """stderr is a pseudo-terminal: lines are rewritten in place (carriage return, clear, cursor up).

    The jobs are created once the wait has asked for both: each has a line before it ends, whatever the load.
    """
    job_ids = ["live-%s" % uuid.uuid4() for _job in range(2)]

    def create_once_asked_for():
        for job_id in job_ids:
            hwtasks.once_asked_for(job_id)
        return [hwtasks.job(id=job_id, duration=0) for job_id in job_ids]

    controller, terminal = pty.openpty()
    with subprocess.Popen([sys.executable, HWTASKS, "wait", *job_ids, *FAST],
                          env=hwtasks.env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=terminal) as process, ThreadPoolExecutor(max_workers=1) as creator:
        os.close(terminal)
        created = creator.submit(create_once_asked_for)
        screen = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the child closed the terminal (EIO)
                break
            if not chunk:
                break
            screen += chunk
        stdout = process.stdout.read()
        jobs = created.result()
    os.close(controller)
    assert process.returncode == 0, screen
    screen = screen.decode()
    assert "\r\x1b[K" in screen and "\x1b[2A" in screen  # two lines, redrawn together
    assert screen.count("succeeded after") >= 2 and "Traceback" not in screen
    assert all(job["id"] in stdout.decode() for job in jobs)
