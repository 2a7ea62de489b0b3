"""A real ``ansible-rulebook`` runs the example rulebook of the installed collection against the emulator.

The collection is built and installed into an empty path (as ``make galaxy-test`` does), and the
rulebook is named as users name it, ``hwcloud.tasks.failed_tasks``: ansible-rulebook finds it, and the
``hwcloud.tasks.task_events`` source, through ``ansible-galaxy collection list``.  ansible-rulebook
needs Java 17 or later; without it the test is skipped, saying so (``make java`` installs one).
"""

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


def test_the_example_rulebook_acts_on_a_failed_task(installed, tmp_path, capsys):
    workdir, env = installed
    (tmp_path / "inventory.yml").write_text("all:\n  hosts:\n    localhost:\n      ansible_connection: local\n")
    with Emulator(speed=1.0) as emu:
        credentials = emu.credentials
        env = dict(env, HW_RDS_ENDPOINT=emu.url, HW_IAM_ENDPOINT=emu.url, HW_REGION_NAME=credentials["region"],
                   HW_PROJECT_ID=credentials["project_id"], HW_ACCESS_KEY=credentials["access_key"],
                   HW_SECRET_KEY=credentials["secret_key"], task_events_interval=str(INTERVAL))
        command = [str(BIN / "ansible-rulebook"), "-i", "inventory.yml", "-r", "hwcloud.tasks.failed_tasks",
                   "-E", "task_events_interval", "--print-events"]
        process = subprocess.Popen(command, env=env, cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, bufsize=1)
        output = Output(process.stdout)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while tasklist_reads(emu) == 0 and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
            assert tasklist_reads(emu), "the source never read the task list:\n" + output.rest(5)

            succeeding = emu.control("POST", "/_emulator/jobs", {"duration": JOB_SECONDS})
            failing = emu.control("POST", "/_emulator/jobs", {"duration": JOB_SECONDS, "outcome": "Failed",
                                                              "fail_reason": "restore failed: backup not found."})
            failed_at = emu.app.store.wall(emu.app.store.job(failing["id"]).ends)

            fired = output.wait_for(lambda line: failing["id"] in line and MESSAGE.match(line), ACTION_TIMEOUT)
            assert fired, "the action did not fire within %s s:\n%s" % (ACTION_TIMEOUT, output.rest(5))
            delay = fired[0] - failed_at
            output.wait_for(lambda line: False, SETTLE)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        text = output.rest(10)

    with capsys.disabled():
        print("\n[rulebook] its output:\n" + text)
        print("[rulebook] the action fired %.2f s after the task failed (interval %d s)" % (delay, INTERVAL))
    message = MESSAGE.match(fired[1])
    assert message.group("instance") == failing["instance_id"]
    assert message.group("reason") == "restore failed: backup not found."
    # The action fires once, for the failed task only; each state the source saw is one event.
    assert sum(1 for _when, line in output.lines if MESSAGE.match(line)) == 1, text
    project = credentials["project_id"]
    assert text.count(event_uuid("rds", project, failing["id"], "failed")) == 1, text
    assert text.count(event_uuid("rds", project, failing["id"], "running")) <= 1, text
    assert text.count(event_uuid("rds", project, succeeding["id"], "succeeded")) == 1, text
    assert "Traceback" not in text and credentials["secret_key"] not in text
    assert delay > 0, text  # it fired because the task failed (how long after is printed above)
