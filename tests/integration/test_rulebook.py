"""A real ``ansible-rulebook`` runs the example rulebook of the installed collection against the emulator.

The collection is built and installed into an empty path (as ``make galaxy-test`` does), and the
rulebook is named as users name it, ``hwcloud.tasks.failed_tasks``: ansible-rulebook finds it, and the
``hwcloud.tasks.task_events`` source, through ``ansible-galaxy collection list``.  ansible-rulebook
needs Java 17 or later; without it the test is skipped, saying so (``make java`` installs one).
"""

import functools
import json
import os
import pathlib
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from ansible_collections.hwcloud.tasks.emulator import Emulator
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._task_feed import event_uuid
from tests.integration.conftest import finish
from tests.utils import galaxy_install_test

pytestmark = [pytest.mark.integration, pytest.mark.emulator, pytest.mark.slow]

BIN = pathlib.Path(sys.executable).parent
INTERVAL = 2  # seconds between the source's reads (the rulebook's task_events_interval)
JOB_SECONDS = 3
# Bounds that only a broken source misses, whatever the load: the delay measured is printed.
START_TIMEOUT = 120.0
ACTION_TIMEOUT = 120.0
SETTLE = 3 * INTERVAL  # after the action: more reads, none may fire it again
MESSAGE = re.compile(r"^RDS task (?P<name>\S+) \((?P<id>[^)]+)\) failed on instance (?P<instance>\S+): (?P<reason>.*)$")


def java_version():
    """The major version of the Java ansible-rulebook would find (JAVA_HOME first, then PATH), or None."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        return None
    done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    match = re.search(r'version "(\d+)', done.stderr + done.stdout)
    return int(match.group(1)) if match else None


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The collection built with ansible-galaxy and installed into an empty collections path; its environment."""
    version = java_version()
    if version is None or version < 17:
        pytest.skip("ansible-rulebook needs Java 17 or later, and %s: run `make java` (installs "
                    "openjdk-17-jre-headless with apt-get) to run this test"
                    % ("no java was found" if version is None else "java %d was found" % version))
    workdir = tmp_path_factory.mktemp("rulebook")
    tarball = galaxy_install_test.build(workdir)
    collections, _path = galaxy_install_test.install(tarball, workdir)
    env = galaxy_install_test.ansible_env(workdir, collections)
    env = {key: value for key, value in env.items() if not key.startswith(("HW_", "OS_"))}
    # ansible-rulebook runs `ansible-galaxy` from PATH: this venv's, which sees the installed copy only.
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    return workdir, env


class Output:
    """The lines a process prints, each with the time it was read, collected on a thread."""

    def __init__(self, stream):
        self.lines = []
        self._new = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream):
        for line in iter(stream.readline, ""):
            self._new.put((time.time(), line.rstrip("\n")))
        self._new.put(None)

    def wait_for(self, predicate, timeout):
        """The first (time, line) read from now on for which ``predicate(line)``, or None after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                item = self._new.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return None
            if item is None:
                return None
            self.lines.append(item)
            if predicate(item[1]):
                return item

    def rest(self, timeout):
        self._thread.join(timeout)
        while not self._new.empty():
            item = self._new.get()
            if item is not None:
                self.lines.append(item)
        return "\n".join(line for _when, line in self.lines)


def tasklist_reads(emu):
    return emu.control("GET", "/_emulator/requests")["counts"].get("GET /v3/{project_id}/tasklist", 0)


def emulator_env(env, emu, **more):
    """``env`` with the emulator's endpoints and credentials as a user exports them, and ``more``."""
    credentials = emu.credentials
    return dict(env, HW_RDS_ENDPOINT=emu.url, HW_IAM_ENDPOINT=emu.url, HW_REGION_NAME=credentials["region"],
                HW_PROJECT_ID=credentials["project_id"], HW_ACCESS_KEY=credentials["access_key"],
                HW_SECRET_KEY=credentials["secret_key"], task_events_interval=str(INTERVAL), **more)


class Rulebook:
    """``ansible-rulebook`` running ``rulebook`` (named as users name it) in ``cwd``, its output read as it
    comes; ``stop()`` stops it as a person at a terminal (or EDA controller) does, with a signal."""

    def __init__(self, rulebook, env, cwd, variables=("task_events_interval",), options=()):
        (cwd / "inventory.yml").write_text("all:\n  hosts:\n    localhost:\n      ansible_connection: local\n")
        command = [str(BIN / "ansible-rulebook"), "-i", "inventory.yml", "-r", rulebook, "-E", ",".join(variables),
                   "--print-events"] + list(options)
        self.process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.output = Output(self.process.stdout)

    def wait_for_a_read(self, emu, reads_before=0):
        """Until its source has read the task list (more than ``reads_before`` reads in all)."""
        deadline = time.monotonic() + START_TIMEOUT
        while tasklist_reads(emu) <= reads_before and self.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert tasklist_reads(emu) > reads_before, "the source never read the task list:\n" + self.output.rest(5)

    def stop(self):
        """SIGINT, and its whole output once it has exited."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.output.rest(10)


def actions_for(output, job):
    """The lines the rulebook's action printed for ``job``."""
    return [line for _when, line in output.lines if job["id"] in line and MESSAGE.match(line)]


def test_the_example_rulebook_acts_on_a_failed_task(installed, tmp_path, capsys):
    workdir, env = installed
    with Emulator(speed=1.0) as emu:
        credentials = emu.credentials
        rulebook = Rulebook("hwcloud.tasks.failed_tasks", emulator_env(env, emu), tmp_path)
        try:
            rulebook.wait_for_a_read(emu)
            succeeding = emu.control("POST", "/_emulator/jobs", {"duration": JOB_SECONDS})
            failing = emu.control("POST", "/_emulator/jobs", {"duration": JOB_SECONDS, "outcome": "Failed",
                                                              "fail_reason": "restore failed: backup not found."})
            failed_at = emu.app.store.wall(emu.app.store.job(failing["id"]).ends)

            fired = rulebook.output.wait_for(lambda line: failing["id"] in line and MESSAGE.match(line),
                                             ACTION_TIMEOUT)
            assert fired, "the action did not fire within %s s:\n%s" % (ACTION_TIMEOUT, rulebook.output.rest(5))
            delay = fired[0] - failed_at
            rulebook.output.wait_for(lambda line: False, SETTLE)
        finally:
            text = rulebook.stop()

    with capsys.disabled():
        print("\n[rulebook] its output:\n" + text)
        print("[rulebook] the action fired %.2f s after the task failed (interval %d s)" % (delay, INTERVAL))
    message = MESSAGE.match(fired[1])
    assert message.group("instance") == failing["instance_id"]
    assert message.group("reason") == "restore failed: backup not found."
    # The action fires once, for the failed task only; each state the source saw is one event.
    assert sum(1 for _when, line in rulebook.output.lines if MESSAGE.match(line)) == 1, text
    project = credentials["project_id"]
    assert text.count(event_uuid("rds", project, failing["id"], "failed")) == 1, text
    assert text.count(event_uuid("rds", project, failing["id"], "running")) <= 1, text
    assert text.count(event_uuid("rds", project, succeeding["id"], "succeeded")) == 1, text
    assert "Traceback" not in text and credentials["secret_key"] not in text
    assert delay > 0, text  # it fired because the task failed (how long after is printed above)


def told_states(checkpoint, job):
    """The states the checkpoint file says were told of ``job`` (none while it has no such file or task)."""
    try:
        return json.loads(checkpoint.read_text())["feed"]["tasks"][job["id"]][1]
    except (OSError, ValueError, KeyError):
        return []


def test_a_rulebook_stopped_and_started_again_acts_once_on_the_tasks_that_failed_meanwhile(
        installed, tmp_path, capsys):
    """The example rulebook with a checkpoint and feedback: the first run sees a task running and is stopped;
    the task fails, and another is created and fails, while nothing runs; the second run acts on each once."""
    workdir, env = installed
    checkpoint = tmp_path / "checkpoint.json"
    options = ("--persistence-id", "rds-tasks")  # what ansible-rulebook asks for before it gives feedback
    with Emulator(speed=1.0) as emu:
        credentials = emu.credentials
        env = emulator_env(env, emu, task_events_checkpoint=str(checkpoint))
        start = functools.partial(Rulebook, "hwcloud.tasks.failed_tasks_across_restarts", env, tmp_path,
                                  ("task_events_interval", "task_events_checkpoint"), options)
        first = start()
        try:
            first.wait_for_a_read(emu)
            failing = emu.control("POST", "/_emulator/jobs", {"duration": 600, "outcome": "Failed"})
            deadline = time.monotonic() + ACTION_TIMEOUT
            while told_states(checkpoint, failing) != ["running"] and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            first_text = first.stop()
        assert told_states(checkpoint, failing) == ["running"], first_text

        meanwhile = emu.control("POST", "/_emulator/jobs", {"duration": 1, "outcome": "Failed"})
        finish(emu, failing)
        finish(emu, meanwhile)

        second = start()
        try:
            fired = second.output.wait_for(
                lambda line: all(actions_for(second.output, job) for job in (failing, meanwhile)), ACTION_TIMEOUT)
            assert fired, "not both actions within %s s:\n%s" % (ACTION_TIMEOUT, second.output.rest(5))
            second.output.wait_for(lambda line: False, SETTLE)
        finally:
            second_text = second.stop()

    with capsys.disabled():
        print("\n[rulebook] the first run's output:\n%s\n[rulebook] the second run's:\n%s" % (first_text, second_text))
    project = credentials["project_id"]
    assert actions_for(first.output, failing) == [] and actions_for(first.output, meanwhile) == []
    assert len(actions_for(second.output, failing)) == 1 and len(actions_for(second.output, meanwhile)) == 1
    assert first_text.count(event_uuid("rds", project, failing["id"], "running")) == 1, first_text
    assert event_uuid("rds", project, failing["id"], "running") not in second_text  # told once, before the stop
    assert second_text.count(event_uuid("rds", project, failing["id"], "failed")) == 1, second_text
    assert second_text.count(event_uuid("rds", project, meanwhile["id"], "failed")) == 1, second_text
    assert "previous_state': 'running'" in second_text
    assert told_states(checkpoint, failing) == ["running", "failed"]
    for text in (first_text, second_text):
        assert "Traceback" not in text and credentials["secret_key"] not in text
