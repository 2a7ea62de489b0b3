"""The ``task_events`` event source on its own: its arguments, its back-off, and how ansible-rulebook loads it.
What it tells, read from the emulator, is in tests/integration/test_task_events.py."""

import asyncio
import os
import subprocess
import sys

import pytest

from ansible_collections.hwcloud.tasks.extensions.eda.plugins.event_source import task_events
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError, HwCloudError

pytestmark = pytest.mark.usefixtures("no_cloud_environment")


# --- arguments ---------------------------------------------------------------------------------------

BAD_ARGUMENTS = {
    "unknown service": ({"service": "sqs"},
                        "value of service must be one of: rds, kafka, rabbitmq, rocketmq, got: sqs"),
    "DMS without an instance": ({"service": "kafka"}, "service is kafka but all of the following are missing: "
                                                      "instance_id"),
    "empty instance": ({"instance_id": " "}, "instance_id must not be empty"),
    "zero interval": ({"interval": 0}, "interval must be a positive number of seconds, got 0.0"),
    "interval that is no number": ({"interval": "soon"}, "unable to convert to float"),
    "misspelt option": ({"intervall": 5}, "unknown option(s) intervall. Supported parameters include: access_key"),
    "emit_existing that is no bool": ({"emit_existing": "maybe"}, "emit_existing"),
    "empty checkpoint file": ({"checkpoint_file": ""}, "checkpoint_file must not be empty"),
    "feedback without the rulebook's queue": (
        {"feedback": True},
        "feedback is true but no feedback queue was given: ansible-rulebook gives one with --persistence-id"),
    "zero feedback timeout": ({"feedback_timeout": 0}, "feedback_timeout must be a positive number of seconds"),
}


@pytest.mark.parametrize("args, message", BAD_ARGUMENTS.values(), ids=BAD_ARGUMENTS.keys())
def test_bad_arguments_stop_the_source_at_start_with_one_line(args, message):
    with pytest.raises(ConfigurationError) as caught:
        task_events.options(dict(args, secret_key="s3cr3t-value"))
    text = str(caught.value)
    assert text.startswith("hwcloud.tasks.task_events: ") and message in text
    assert "\n" not in text and "s3cr3t-value" not in text


def test_arguments_as_rulebooks_give_them_are_converted():
    """ansible-rulebook renders templated arguments to strings."""
    params = task_events.options({"interval": "2.5", "emit_existing": "yes", "validate_certs": "false",
                                  "feedback": "true", "eda_feedback_queue": object()})
    assert (params["interval"], params["emit_existing"], params["validate_certs"]) == (2.5, True, False)
    assert (params["service"], params["api_retries"], params["feedback"]) == ("rds", 5, True)
    assert (params["checkpoint_file"], params["feedback_timeout"]) == (None, 120.0)


def test_connection_options_fall_back_to_the_environment(monkeypatch):
    monkeypatch.setenv("HW_REGION_NAME", "eu-de")
    monkeypatch.setenv("OS_REGION_NAME", "ignored")
    monkeypatch.setenv("HW_RDS_ENDPOINT", "http://127.0.0.1:9")
    config = task_events.client_from_options(task_events.options({"project_id": "given"})).config
    assert (config.region, config.project_id, config.endpoint("rds")) == ("eu-de", "given", "http://127.0.0.1:9")


def test_back_off_is_jittered_and_capped():
    delays = [task_events.retry_delay(failures, 30.0) for failures in range(1, 30)]
    assert all(15.0 <= delay <= task_events.BACKOFF_CEILING for delay in delays)
    assert all(delay >= task_events.BACKOFF_CEILING / 2 for delay in delays[-5:])  # it grows to the ceiling
    assert len(set(delays)) > 20  # jitter
    assert task_events.retry_delay(10, 600.0) <= 600.0  # a long interval is its own ceiling


# --- delivery ---------------------------------------------------------------------------------------------

EVENT = {"hwcloud_task": {"id": "job-1", "state": "failed"}, "meta": {"uuid": "uuid-1"}}


def deliver(acknowledgements, timeout=60.0):
    """``task_events.deliver`` of EVENT; what the rulebook's queue got."""
    async def run():
        queue = asyncio.Queue()
        await task_events.deliver(queue, EVENT, acknowledgements and acknowledgements(), timeout)
        return queue.get_nowait()

    return asyncio.run(run())


def acknowledging(*uuids):
    def make():
        queue = asyncio.Queue()
        for uuid in uuids:
            queue.put_nowait({"meta": {"uuid": uuid}} if uuid else "not an event")
        return queue

    return make


def test_without_feedback_an_event_is_delivered_once_on_the_queue():
    assert deliver(None) is EVENT


def test_with_feedback_an_event_is_delivered_once_the_rulebook_gives_it_back():
    assert deliver(acknowledging(None, "another", "uuid-1")) is EVENT


def test_an_event_the_rulebook_does_not_acknowledge_stops_the_source_saying_it_is_told_again():
    with pytest.raises(HwCloudError) as caught:
        deliver(acknowledging("another"), timeout=0.01)
    assert str(caught.value) == ("hwcloud.tasks.task_events: the rulebook did not acknowledge the event of task job-1 "
                                 "(failed) within 0.01 s (feedback_timeout): stopping; the next start tells it again")


# --- loading, as ansible-rulebook does -------------------------------------------------------------------

@pytest.mark.parametrize("path, root", [
    ("/c/ansible_collections/hwcloud/tasks/extensions/eda/plugins/event_source/task_events.py", "/c"),
    ("/ansible_collections/hwcloud/tasks/extensions/eda/plugins/event_source/task_events.py", "/"),
    ("/home/me/rulebooks/sources/task_events.py", None),
    ("/c/ansible_collections/other/tasks/extensions/eda/plugins/event_source/task_events.py", None),
])
def test_the_collections_root_is_found_from_the_files_own_path(path, root):
    assert task_events._collections_root(path) == root


def test_runs_with_runpy_from_a_collections_path_that_is_not_on_sys_path():
    """ansible-rulebook finds the file with ansible-galaxy and runs it with runpy.run_path: nothing on sys.path."""
    from tests.conftest import COLLECTIONS_ROOT

    path = COLLECTIONS_ROOT / "ansible_collections/hwcloud/tasks/extensions/eda/plugins/event_source/task_events.py"
    code = ("import inspect, runpy, sys; module = runpy.run_path(sys.argv[1]); "
            "print(module['NAME'], module['client_from_options'].__module__, "
            "inspect.iscoroutinefunction(module['main']))")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env,
                          cwd="/", timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["hwcloud.tasks.task_events",
                                   "ansible_collections.hwcloud.tasks.plugins.module_utils._client", "True"]
