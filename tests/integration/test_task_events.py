"""The ``task_events`` event source's ``main()`` driven with a queue, as ansible-rulebook drives it, against
the emulator."""

import asyncio
import json
import logging
import signal
import subprocess
import sys
import threading
import time

import pytest

from ansible_collections.hwcloud.tasks.extensions.eda.plugins.event_source import task_events
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConfigurationError,
    NotFoundError,
)
from tests.integration.conftest import finish

pytestmark = [pytest.mark.emulator, pytest.mark.usefixtures("no_cloud_environment")]

TIMEOUT = 60.0  # seconds for everything a test waits for: generous, the emulator runs 20 times faster than real time
INTERVAL = 0.2


def connection(emu, **overrides):
    credentials = emu.credentials
    args = dict(
        endpoints=dict(rds=emu.url, dms=emu.url, iam=emu.url),
        access_key=credentials["access_key"],
        secret_key=credentials["secret_key"],
        region=credentials["region"],
        project_id=credentials["project_id"],
        interval=INTERVAL,
    )
    args.update(overrides)
    return args


def new_instance(emu, engine="mysql"):
    return emu.control("POST", "/_emulator/instances", {"engine": engine})["id"]


def tasklist_calls(emu, instance_id):
    return [entry for entry in emu.control("GET", "/_emulator/requests")["log"]
            if entry["path"].endswith("/tasklist") and instance_id in entry["query"]]


async def next_event(queue, source, timeout=TIMEOUT, so_far=None):
    """The next event the source puts; raises what stopped the source, or after ``timeout`` seconds
    (saying the events ``so_far``, when given)."""
    get = asyncio.ensure_future(queue.get())
    done, _pending = await asyncio.wait({get, source}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if get in done:
        return get.result()
    get.cancel()
    if source in done:
        source.result()
    raise AssertionError("no event within %s s%s" % (TIMEOUT, "" if so_far is None else "; so far: %s" % so_far))


async def stop(source):
    """Stop the source as ansible-rulebook does when it shuts down: cancel it."""
    source.cancel()
    await asyncio.gather(source, return_exceptions=True)


async def _events(args, until, settle, after_first_read):
    queue = asyncio.Queue()
    source = asyncio.create_task(task_events.main(queue, args))
    events = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    try:
        if after_first_read is not None:
            emu, then = after_first_read
            while not tasklist_calls(emu, args["instance_id"]) and loop.time() < deadline:
                await asyncio.sleep(INTERVAL / 4)
            then()
        while not until(events):
            events.append(await next_event(queue, source, deadline - loop.time(), summary(events)))
        await asyncio.sleep(settle)  # more reads: nothing more may come of them
        while not queue.empty():
            events.append(queue.get_nowait())
    finally:
        await stop(source)
    return events


def collect(args, until, settle=5 * INTERVAL, after_first_read=None):
    """Run the source until ``until(events)``, then ``settle`` seconds more; return every event it put.

    ``after_first_read``: ``(emulator, function)``, the function called once the source has read the
    task list of ``args["instance_id"]`` once.
    """
    return asyncio.run(_events(args, until, settle, after_first_read))


def run_until_stopped(args):
    async def run():
        await asyncio.wait_for(task_events.main(asyncio.Queue(), args), TIMEOUT)

    asyncio.run(run())


def summary(events):
    return [(event["hwcloud_task"]["id"], event["hwcloud_task"]["state"]) for event in events]


def states_of(events, task_id):
    return [event["hwcloud_task"]["state"] for event in events if event["hwcloud_task"]["id"] == task_id]


def told(task_id, state):
    return lambda events: state in states_of(events, task_id)


def test_a_task_gives_one_event_per_state_and_none_for_what_was_there_before(emulator):
    instance = new_instance(emulator)
    before = emulator.control("POST", "/_emulator/jobs", {"instance_id": instance, "duration": 0})
    failing = {}

    def start_a_failing_job():
        failing.update(emulator.control("POST", "/_emulator/jobs", {
            "instance_id": instance, "duration": 40, "outcome": "Failed", "fail_reason": "restore failed."}))

    events = collect(connection(emulator, instance_id=instance), until=lambda events: len(events) >= 2,
                     after_first_read=(emulator, start_a_failing_job))

    assert summary(events) == [(failing["id"], "running"), (failing["id"], "failed")]  # none for `before`
    assert before["id"] not in {task_id for task_id, _state in summary(events)}
    running, failed = (event["hwcloud_task"] for event in events)
    assert (running["previous_state"], failed["previous_state"]) == (None, "running")
    assert failed["fail_reason"] == "restore failed." and failed["terminal"] is True
    assert failed["status"] == "Failed" and failed["instance_id"] == instance and failed["service"] == "rds"
    assert failed["created_at"].endswith("Z") and failed["finished_at"].endswith("Z")
    assert len({event["meta"]["uuid"] for event in events}) == 2
    assert json.loads(json.dumps(events)) == events


def test_a_task_that_becomes_visible_after_newer_ones_were_read_is_still_told(emulator):
    """RDS shows a new job only after some seconds: the window overlaps the newest creation time seen."""
    instance = new_instance(emulator)
    late = emulator.control("POST", "/_emulator/jobs", {"instance_id": instance, "duration": 0, "visible_after": 80})
    time.sleep(1.1)  # the task list gives whole seconds: the visible job is a second newer
    emulator.control("POST", "/_emulator/jobs", {"instance_id": instance, "duration": 0})
    events = collect(connection(emulator, instance_id=instance), until=told(late["id"], "succeeded"))
    assert summary(events) == [(late["id"], "succeeded")]


def test_emit_existing_tells_the_tasks_already_there(emulator):
    instance = new_instance(emulator)
    done = emulator.control("POST", "/_emulator/jobs", {"instance_id": instance, "duration": 0})
    args = connection(emulator, instance_id=instance, emit_existing=True)
    events = collect(args, until=told(done["id"], "succeeded"))
    assert summary(events) == [(done["id"], "succeeded")]


def test_the_same_task_gives_the_same_event_ids_in_another_run(emulator):
    instance = new_instance(emulator)
    done = emulator.control("POST", "/_emulator/jobs", {"instance_id": instance, "duration": 0})
    args = connection(emulator, instance_id=instance, emit_existing=True)
    first, second = (collect(args, until=told(done["id"], "succeeded"), settle=0) for _run in range(2))
    assert first[0]["meta"]["uuid"] == second[0]["meta"]["uuid"]


@pytest.mark.parametrize("fault", [
    {"kind": "status", "status": 429, "retry_after": 0},
    {"kind": "status", "status": 503},
    {"kind": "reset"},
    {"kind": "malformed"},
])
def test_throttling_and_passing_errors_back_off_and_the_source_keeps_running(emulator, fault, caplog):
    instance = new_instance(emulator)
    job = emulator.control("POST", "/_emulator/jobs", {"instance_id": instance, "duration": 30, "outcome": "Failed"})
    emulator.control("POST", "/_emulator/faults", dict(fault, path=instance, count=3))
    caplog.set_level(logging.INFO, logger=task_events.NAME)

    events = collect(connection(emulator, instance_id=instance, api_retries=0, emit_existing=True),
                     until=told(job["id"], "failed"))

    assert states_of(events, job["id"]) == ["failed"] or states_of(events, job["id"]) == ["running", "failed"]
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 3, warnings
    assert all("reading again in" in warning for warning in warnings)
    if fault.get("status") == 429:
        assert "HTTP 429 APIGW.0308" in warnings[0] and "request id" in warnings[0]
    assert any("after 3 failed reads" in record.getMessage() for record in caplog.records)


def test_an_auth_error_stops_the_source_with_the_clouds_code_and_request_id_and_is_sent_once(emulator):
    instance = new_instance(emulator)
    with pytest.raises(AuthenticationError) as caught:
        run_until_stopped(connection(emulator, instance_id=instance, secret_key="wrong-secret"))
    error = caught.value
    assert error.status == 401 and error.error_code == "APIGW.0301" and error.request_id
    assert "(request id %s)" % error.request_id in str(error) and "wrong-secret" not in str(error)
    assert [entry["status"] for entry in tasklist_calls(emulator, instance)] == [401]  # never retried
    assert caught.traceback[-1].name == "main"  # what ansible-rulebook shows of it: the error, and one frame


def test_dms_tasks_of_an_instance(emulator):
    instance = new_instance(emulator, "kafka")
    task = emulator.control("POST", "/_emulator/dms-tasks",
                            {"instance_id": instance, "duration": 20, "outcome": "FAILED"})
    events = collect(connection(emulator, service="kafka", instance_id=instance), until=told(task["id"], "failed"))
    assert states_of(events, task["id"])[-1] == "failed"
    assert len(states_of(events, task["id"])) == len(set(states_of(events, task["id"])))
    body = events[-1]["hwcloud_task"]
    assert (body["service"], body["instance_id"], body["fail_reason"]) == ("kafka", instance, None)


def test_an_unknown_dms_instance_stops_the_source(emulator):
    with pytest.raises(NotFoundError, match="DMS.00404022"):
        run_until_stopped(connection(emulator, service="rabbitmq", instance_id="no-such-instance"))


def test_reads_run_in_a_thread_and_never_block_the_event_loop(emulator, monkeypatch):
    """The read waits until a coroutine of the event loop lets it go: on the loop's own thread it never would."""
    instance = new_instance(emulator)
    job = emulator.control("POST", "/_emulator/jobs", {"instance_id": instance, "duration": 0})
    started, released, outcome = threading.Event(), threading.Event(), {}
    real_read = task_events.read_tasks

    def read_after_release(*args):
        started.set()
        outcome["released"] = released.wait(timeout=TIMEOUT)
        return real_read(*args)

    monkeypatch.setattr(task_events, "read_tasks", read_after_release)

    async def run():
        queue = asyncio.Queue()
        source = asyncio.create_task(task_events.main(queue, connection(emulator, instance_id=instance,
                                                                        emit_existing=True)))
        while not started.is_set():
            await asyncio.sleep(0.01)
        released.set()
        event = await asyncio.wait_for(queue.get(), TIMEOUT)
        source.cancel()
        await asyncio.gather(source, return_exceptions=True)
        return event

    assert asyncio.run(run())["hwcloud_task"]["id"] == job["id"]
    assert outcome["released"] is True


def test_missing_credentials_stop_the_source_before_any_request(emulator):
    args = connection(emulator)
    del args["access_key"], args["secret_key"]
    with pytest.raises(ConfigurationError, match="No credentials given"):
        run_until_stopped(args)


# --- restarts with a checkpoint ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def paused_emulator():
    """An emulator at real speed whose jobs (ten minutes long) end only when a test moves its clock on."""
    from ansible_collections.hwcloud.tasks.emulator import Emulator

    with Emulator(speed=1.0) as emu:
        yield emu


JOB_SECONDS = 600


async def until_read(emu, args, source, reads):
    """Until the source has sent ``reads`` more reads of its instance's task list."""
    target = len(tasklist_calls(emu, args["instance_id"])) + reads
    deadline = time.monotonic() + TIMEOUT
    while len(tasklist_calls(emu, args["instance_id"])) < target:
        if source.done():
            source.result()
        assert time.monotonic() < deadline, "fewer than %d reads within %s s" % (reads, TIMEOUT)
        await asyncio.sleep(INTERVAL / 4)


def run_for_reads(emu, args, reads=3):
    """One start of the source, stopped after ``reads`` reads (the last read's changes are on the queue by the
    time the next read is sent); every event it put."""
    async def run():
        queue = asyncio.Queue()
        source = asyncio.create_task(task_events.main(queue, args))
        try:
            await until_read(emu, args, source, reads)
        finally:
            await stop(source)
        return [queue.get_nowait() for _event in range(queue.qsize())]

    return asyncio.run(run())


def told_states(path, job):
    """The states the checkpoint in ``path`` says were told of ``job``."""
    return json.loads(path.read_text())["feed"]["tasks"][job["id"]][1]


def with_checkpoint(emu, path, **overrides):
    return connection(emu, instance_id=new_instance(emu), checkpoint_file=str(path), **overrides)


def test_three_starts_with_a_checkpoint_tell_exactly_what_changed_while_stopped(paused_emulator, tmp_path):
    path = tmp_path / "checkpoint.json"
    args = with_checkpoint(paused_emulator, path)
    job = paused_emulator.control("POST", "/_emulator/jobs", {"instance_id": args["instance_id"],
                                                              "duration": JOB_SECONDS})

    assert run_for_reads(paused_emulator, args) == []  # seen running, remembered silently: emit_existing is false
    assert told_states(path, job) == ["running"]
    finish(paused_emulator, job)
    second = collect(args, until=told(job["id"], "succeeded"))
    third = run_for_reads(paused_emulator, args)

    assert summary(second) == [(job["id"], "succeeded")]
    assert second[0]["hwcloud_task"]["previous_state"] == "running"
    assert third == []


def test_a_task_created_and_finished_while_stopped_is_told_once_as_it_is_found(paused_emulator, tmp_path):
    path = tmp_path / "checkpoint.json"
    args = with_checkpoint(paused_emulator, path)
    assert run_for_reads(paused_emulator, args) == []
    job = paused_emulator.control("POST", "/_emulator/jobs", {"instance_id": args["instance_id"], "duration": 5,
                                                              "outcome": "Failed"})
    finish(paused_emulator, job)

    second = collect(args, until=told(job["id"], "failed"))

    assert summary(second) == [(job["id"], "failed")] and second[0]["hwcloud_task"]["previous_state"] is None
    assert run_for_reads(paused_emulator, args) == []


# The source as ansible-rulebook runs it, killed (SIGKILL: nothing of it runs on) right after it put an event
# on the rulebook's queue and before it could write its checkpoint.
KILLED_AFTER_PUT = """
import asyncio, json, os, signal, sys
sys.path.insert(0, sys.argv[1])
from ansible_collections.hwcloud.tasks.extensions.eda.plugins.event_source import task_events
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._checkpoint import Checkpoint

class Rulebook:
    async def put(self, event):
        print(json.dumps(event), flush=True)

def killed(checkpoint):
    os.kill(os.getpid(), signal.SIGKILL)

Checkpoint.advance = killed
asyncio.run(task_events.main(Rulebook(), json.loads(sys.argv[2])))
"""


def test_a_source_killed_between_putting_an_event_and_writing_its_checkpoint_tells_it_again(
        paused_emulator, tmp_path):
    from tests.conftest import COLLECTIONS_ROOT

    path = tmp_path / "checkpoint.json"
    args = with_checkpoint(paused_emulator, path)
    job = paused_emulator.control("POST", "/_emulator/jobs", {"instance_id": args["instance_id"],
                                                              "duration": JOB_SECONDS, "outcome": "Failed"})
    run_for_reads(paused_emulator, args)
    finish(paused_emulator, job)
    before = path.read_bytes()

    killed = subprocess.run([sys.executable, "-c", KILLED_AFTER_PUT, str(COLLECTIONS_ROOT), json.dumps(args)],
                            capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    put = [json.loads(line) for line in killed.stdout.splitlines()]
    assert summary(put) == [(job["id"], "failed")]
    assert path.read_bytes() == before  # the checkpoint as it was before the event: whole, not advanced

    again = collect(args, until=told(job["id"], "failed"))
    assert summary(again) == [(job["id"], "failed")]  # at least once: told again, never lost
    assert again[0]["meta"]["uuid"] == put[0]["meta"]["uuid"]  # the same event, for whoever drops duplicates
    assert again[0]["hwcloud_task"]["previous_state"] == put[0]["hwcloud_task"]["previous_state"] == "running"
    assert run_for_reads(paused_emulator, args) == []


def test_with_feedback_the_checkpoint_advances_once_the_rulebook_acknowledges(paused_emulator, tmp_path):
    path = tmp_path / "checkpoint.json"
    args = with_checkpoint(paused_emulator, path, emit_existing=True, feedback=True)
    job = paused_emulator.control("POST", "/_emulator/jobs", {"instance_id": args["instance_id"],
                                                              "duration": JOB_SECONDS})

    async def start(acknowledge):
        queue, acknowledgements = asyncio.Queue(), asyncio.Queue()
        source = asyncio.create_task(task_events.main(queue, dict(args, eda_feedback_queue=acknowledgements)))
        try:
            event = await next_event(queue, source)
            if acknowledge:
                await acknowledgements.put(event)
                await until_read(paused_emulator, args, source, 1)  # the next read comes after the acknowledgement
        finally:
            await stop(source)
        return event

    unacknowledged = asyncio.run(start(acknowledge=False))
    assert told_states(path, job) == []  # on the queue, but the rulebook never said it has it
    acknowledged = asyncio.run(start(acknowledge=True))
    assert told_states(path, job) == ["running"]
    assert summary([unacknowledged, acknowledged]) == [(job["id"], "running")] * 2
    assert unacknowledged["meta"]["uuid"] == acknowledged["meta"]["uuid"]
    assert run_for_reads(paused_emulator, dict(args, feedback=False)) == []
