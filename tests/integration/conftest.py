"""Run the real modules through ``ansible`` and ``ansible-playbook`` against the emulator."""

import json
import os
import pathlib
import subprocess
import sys
import time

import pytest

from tests.conftest import COLLECTIONS_ROOT, NO_METADATA

HERE = pathlib.Path(__file__).parent
TARGETS = HERE / "targets"


def emulator_environment(emu):
    """What a user of the emulator exports: endpoints and AK/SK, as the emulator's banner prints them."""
    credentials = emu.credentials
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HW_", "OS_", "ANSIBLE_"))}
    env.update(
        ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_ROOT),
        ANSIBLE_ROLES_PATH=str(TARGETS),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_DEPRECATION_WARNINGS="0",
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        HW_RDS_ENDPOINT=emu.url,
        HW_DMS_ENDPOINT=emu.url,
        HW_IAM_ENDPOINT=emu.url,
        HW_REGION_NAME=credentials["region"],
        HW_PROJECT_ID=credentials["project_id"],
        HW_ACCESS_KEY=credentials["access_key"],
        HW_SECRET_KEY=credentials["secret_key"],
        HW_EMULATOR_URL=emu.url,
        HW_METADATA_ENDPOINT=NO_METADATA,
    )
    return env


class Ansible:
    """Runs ``ansible-playbook`` / ``ansible`` from this Python's environment; returns the finished process."""

    def __init__(self, emu, tmp_path):
        self.emu = emu
        # HOME is a temporary folder but `~` in the async dir expands to the user's real home on the
        # status side: one absolute folder keeps async_wrapper and async_status in step.
        self.env = dict(emulator_environment(emu), ANSIBLE_ASYNC_DIR=str(tmp_path / "async"))
        self.tmp_path = tmp_path
        self.bin = pathlib.Path(sys.executable).parent
        self.extra_vars = {"ansible_python_interpreter": sys.executable, "emulator": emu.credentials}

    def playbook(self, tasks_or_role, *args, env=None):
        if isinstance(tasks_or_role, str):
            tasks = [{"ansible.builtin.include_role": {"name": tasks_or_role}}]
        else:
            tasks = tasks_or_role
        play = [{"name": "test", "hosts": "localhost", "gather_facts": False, "tasks": tasks}]
        path = self.tmp_path / "play.yml"
        path.write_text(json.dumps(play))
        return self._run(["ansible-playbook", "-i", "localhost,", "-c", "local", str(path)], args, env)

    def adhoc(self, module, module_args, *args, env=None):
        return self._run(["ansible", "localhost", "-i", "localhost,", "-c", "local", "-m", module, "-a", module_args],
                         args, env)

    def _run(self, command, args, env):
        command = [str(self.bin / command[0])] + command[1:] + ["-e", json.dumps(self.extra_vars)] + list(args)
        return subprocess.run(command, env=dict(self.env, **(env or {})), capture_output=True, text=True,
                              timeout=240, cwd=self.tmp_path, check=False)


@pytest.fixture
def ansible(emulator, tmp_path):
    return Ansible(emulator, tmp_path)


@pytest.fixture
def hwtasks(emulator, tmp_path):
    """``bin/hwtasks`` against the emulator (imported here: tests/cli/conftest.py imports this file)."""
    from tests.cli.conftest import Hwtasks

    return Hwtasks(emulator, tmp_path)


def result_of(process, name):
    """The registered result ``name`` printed by the play's last debug task."""
    marker = '"%s": ' % name
    text = process.stdout[process.stdout.rindex(marker) + len(marker):]
    return json.JSONDecoder().raw_decode(text)[0]


def play_and_show(ansible, task, *args, env=None):
    """Run one task (errors ignored), then print what it registered."""
    tasks = [dict(task, register="outcome", ignore_errors=True), {"ansible.builtin.debug": {"var": "outcome"}}]
    started = time.monotonic()
    process = ansible.playbook(tasks, *args, env=env)
    print("%s took %.1f s" % (next(iter(task)), time.monotonic() - started))  # shown with -s; never asserted
    return process, result_of(process, "outcome")


def explain(process):
    return "exit %s\n--- stdout\n%s\n--- stderr\n%s" % (
        process.returncode, process.stdout[-6000:], process.stderr[-3000:])


def finish(emu, job, timeout=60.0):
    """Move the emulator's clock on (1000 times faster, then back to its speed) until ``job`` has ended: the
    job ends while whatever watches it is stopped, however slow the machine."""
    store = emu.app.store
    speed = store.clock.speed
    emu.control("POST", "/_emulator/settings", {"speed": 1000.0})
    try:
        deadline = time.monotonic() + timeout
        while store.now() <= store.job(job["id"]).ends and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        emu.control("POST", "/_emulator/settings", {"speed": speed})
    assert store.now() > store.job(job["id"]).ends, "job %s did not end within %s s" % (job["id"], timeout)
