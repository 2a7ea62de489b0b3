"""Run a command against a fresh emulator: start it, export its variables, run, always stop it.

Usage (from the repository root)::

    python -m tests.utils.with_emulator [--demo] [--job SECONDS] [--collections DIR] -- COMMAND [ARG...]

The emulator is started as ``python -m ansible_collections.hwcloud.tasks.emulator --port 0`` (plus
``--demo`` if asked), with the folder holding ``ansible_collections/hwcloud/tasks`` first on
``PYTHONPATH``: this checkout's tree (``tests/utils/collection_tree.py``) unless ``--collections``
names another, such as an installed copy, whose code it then runs.  Its first
stdout line is ``hwcloud.tasks emulator listening on <URL>``; the lines that follow until it goes
quiet are its banner: ``NAME=value`` lines (optionally ``export NAME=value``, shell-quoted) are put
into the command's environment, with ``HWCLOUD_EMULATOR_URL`` set to the URL (with ``--demo``, the
emulator's own ``HWCLOUD_DEMO_JOB_ID`` and ``HWCLOUD_DEMO_FAILED_JOB_ID`` too).  ``--job SECONDS``
first creates a job through the control API (``POST <URL>/_emulator/jobs {"duration": SECONDS}``)
and exports its id as ``HWCLOUD_JOB_ID``.  The command's exit status is returned; the emulator is
stopped with SIGTERM (then SIGKILL) whatever happens, Ctrl-C and SIGTERM included.

``running_emulator()`` and ``create_job()`` are the same thing as a Python API for other scripts
(``tests/utils/galaxy_install_test.py``); ``emulator_program()`` is the command line alone (for
``tests/emulator/test_cli.py``).
"""

import argparse
import contextlib
import json
import os
import queue
import re
import shlex
import signal
import subprocess
import sys
import threading
import urllib.request

from tests.utils import collection_tree

PACKAGE = "ansible_collections.hwcloud.tasks.emulator"
FIRST_LINE = re.compile(r"listening on (?P<url>\S+)")
ENV_LINE = re.compile(r"^\s*(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>.*)$")
START_TIMEOUT = 60.0  # seconds for the first line (a cold import of the emulator can be slow on CI)
BANNER_QUIET = 1.0  # the banner ends when the emulator prints nothing for this long


class EmulatorError(RuntimeError):
    pass


class RunningEmulator:
    def __init__(self, url, env, banner, process):
        self.url = url
        self.env = env  # the variables the banner printed, plus HWCLOUD_EMULATOR_URL
        self.banner = banner  # every banner line, as printed
        self.process = process


def _pump(stream, lines):
    """Read the emulator's stdout on a thread, so a chatty emulator never blocks on a full pipe."""
    for line in iter(stream.readline, ""):
        lines.put(line.rstrip("\n"))
    lines.put(None)


def _forward(lines):
    """After the banner, pass what the emulator prints (its request log) on to our stderr."""
    while True:
        line = lines.get()
        if line is None:
            return
        print("[emulator] %s" % line, file=sys.stderr, flush=True)


def parse_banner(lines):
    env = {}
    for line in lines:
        match = ENV_LINE.match(line)
        if match:
            value = match.group("value").strip()
            try:
                parts = shlex.split(value) if value else [""]
            except ValueError:
                parts = [value]
            env[match.group("name")] = parts[0] if len(parts) == 1 else value
    return env


def _stop(process):
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        print("with_emulator: emulator did not stop on SIGTERM within 10 s; killing it", file=sys.stderr)
        process.kill()
        process.wait()


def emulator_program(args, collections=None, python=None, env=None):
    """The command and environment that run the emulator of the collection in ``collections`` (a
    folder holding ``ansible_collections/hwcloud/tasks``; default: this checkout's tree) with ``args``.

    ``env`` (default: this process's environment) gets ``collections`` first on ``PYTHONPATH``.
    """
    env = dict(os.environ if env is None else env, PYTHONUNBUFFERED="1")
    path = [str(collections or collection_tree.build())] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(path)
    return [python or sys.executable, "-m", PACKAGE, *args], env


@contextlib.contextmanager
def running_emulator(extra_args=(), collections=None, python=None, quiet=False):
    """Start the emulator of ``collections`` (see ``emulator_program``) on any free port, with
    ``extra_args``; yield a ``RunningEmulator``."""
    cmd, env = emulator_program(["--port", "0", *extra_args], collections, python)
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, bufsize=1)
    try:
        lines = queue.Queue()
        threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
        try:
            first = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            raise EmulatorError("emulator printed nothing within %d s: %s" % (START_TIMEOUT, shlex.join(cmd))) from None
        match = FIRST_LINE.search(first or "")
        if not match:
            if first is None:  # it exited: let the status below be its real one
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=5)
            raise EmulatorError(
                "emulator did not start (%s, exit status %s); first line: %r" % (shlex.join(cmd), process.poll(), first)
            )
        banner = [first]
        while True:
            try:
                line = lines.get(timeout=BANNER_QUIET)
            except queue.Empty:
                break
            if line is None:
                raise EmulatorError("emulator exited during start-up, status %s" % process.wait())
            banner.append(line)
        if not quiet:
            for line in banner:
                print("[emulator] %s" % line, file=sys.stderr, flush=True)
        threading.Thread(target=_forward, args=(lines,), daemon=True).start()
        url = match.group("url").rstrip("/")
        env = parse_banner(banner[1:])
        env["HWCLOUD_EMULATOR_URL"] = url
        yield RunningEmulator(url, env, banner, process)
    finally:
        _stop(process)


def create_job(url, duration, **fields):
    """Create a job through the emulator's control API; return its id (and the whole answer)."""
    body = json.dumps(dict(fields, duration=duration)).encode()
    request = urllib.request.Request(
        url + "/_emulator/jobs", data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.loads(response.read().decode() or "{}")
    job = answer.get("job") if isinstance(answer.get("job"), dict) else answer
    for key in ("job_id", "id"):
        if job.get(key):
            return str(job[key]), answer
    raise EmulatorError("control API answered without a job id: %r" % (answer,))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--demo", action="store_true", help="start the emulator with --demo")
    parser.add_argument("--job", type=float, metavar="SECONDS", help="create a job; export HWCLOUD_JOB_ID")
    parser.add_argument(
        "--collections", help="folder holding the ansible_collections/hwcloud/tasks to run (default: this checkout)"
    )
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG...]")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    # SIGTERM (CI cancelling, `timeout`) must still stop the emulator: turn it into SystemExit.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        with running_emulator(["--demo"] if args.demo else [], args.collections) as emu:
            env = dict(os.environ, **emu.env)
            if args.job is not None:
                env["HWCLOUD_JOB_ID"] = create_job(emu.url, args.job)[0]
                print("with_emulator: created job %s (%gs)" % (env["HWCLOUD_JOB_ID"], args.job), file=sys.stderr)
            return subprocess.call(command, env=env)
    except EmulatorError as exc:
        print("with_emulator: %s" % exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
