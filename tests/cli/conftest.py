"""Run ``bin/hwtasks`` as a pipeline or Terraform would: a child process, its own environment, no terminal."""

import json
import os
import pathlib
import subprocess
import sys
import time

import pytest

from tests.integration.conftest import emulator_environment

REPO = pathlib.Path(__file__).resolve().parents[2]
HWTASKS = REPO / "bin" / "hwtasks"
# `#!/usr/bin/env python` must find this venv's Python, as it does for a user whose venv is active.
PATH = os.pathsep.join((str(pathlib.Path(sys.executable).parent), "/usr/bin", "/bin"))
EXIT_CODES = {"success": 0, "job failed": 1, "usage": 2, "timed out": 3, "cloud error": 4}


def environment(emu, home, **changes):
    """Only what the test gives: PATH, HOME and the ``HW_*`` variables the emulator prints."""
    env = {key: value for key, value in emulator_environment(emu).items() if key.startswith("HW_")}
    env.update(PATH=PATH, HOME=str(home), LANG="C.UTF-8")
    env.update(changes)
    return {key: value for key, value in env.items() if value is not None}


def run(program, *args, env, stdin="", cwd=None, timeout=60):
    return subprocess.run([str(part) for part in (*program, *args)], input=stdin, env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, check=False)


def explain(process):
    return "exit %s\n--- stdout ---\n%s\n--- stderr ---\n%s" % (process.returncode, process.stdout, process.stderr)


def assert_one_line_error(process, code, *fragments):
    """The failure contract: the exit code, one ``hwtasks: error:`` line on stderr, never a traceback."""
    assert process.returncode == code, explain(process)
    lines = [line for line in process.stderr.splitlines() if line.startswith("hwtasks: error: ")]
    assert len(lines) == 1, explain(process)
    assert "Traceback" not in process.stderr, explain(process)
    for fragment in fragments:
        assert fragment in lines[0], explain(process)
    return lines[0]


class Hwtasks:
    """``hwtasks ARGS`` against the session's emulator; ``env`` changes are applied on top (None unsets)."""

    def __init__(self, emu, home):
        self.emu = emu
        self.home = home

    def env(self, **changes):
        return environment(self.emu, self.home, **changes)

    def __call__(self, *args, env=None, stdin="", timeout=60):
        return run([sys.executable, HWTASKS], *args, env=self.env(**(env or {})), stdin=stdin, timeout=timeout)

    def json(self, *args, env=None):
        """``hwtasks ARGS --json``: the process, and its decoded stdout (None when empty)."""
        process = self(*args, "--json", env=env)
        return process, json.loads(process.stdout) if process.stdout.strip() else None

    def job(self, **spec):
        """A new RDS job in the emulator (control API); durations are emulated seconds (x20 here)."""
        return self.emu.control("POST", "/_emulator/jobs", dict({"duration": 3600}, **spec))

    def requests_for(self, fragment):
        """What the emulator logged of the API requests whose path or query holds ``fragment`` (an id)."""
        log = self.emu.control("GET", "/_emulator/requests")["log"]
        return [entry for entry in log if fragment in entry["path"] or fragment in entry["query"]]

    def once_asked_for(self, fragment, timeout=60):
        """Return once the emulator has been asked for ``fragment``: e.g. a job id, before it is created."""
        deadline = time.monotonic() + timeout
        while not self.requests_for(fragment):
            assert time.monotonic() < deadline, "nothing asked the emulator for %s within %d s" % (fragment, timeout)
            time.sleep(0.05)


@pytest.fixture
def hwtasks(emulator, tmp_path):
    return Hwtasks(emulator, tmp_path)
