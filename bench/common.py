"""What every benchmark shares: the emulator in its own process, clients, ansible-playbook runs, statistics.

Rules the benchmarks keep (bench/README in RESULTS.md): every claim is a ratio against an alternative
measured in the same run; every figure is min / median / max over several runs; servers listen on
127.0.0.1 only and stop by themselves; every request loop is bounded.
"""

from __future__ import annotations

import atexit
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import bench as _package

REPO = pathlib.Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
OUTPUT = BENCH / "output"
PYTHON = sys.executable
BIN = pathlib.Path(PYTHON).parent

COLLECTIONS = _package.COLLECTIONS  # ansible_collections/hwcloud/tasks -> this checkout, on sys.path

# The official SDK writes ~/.huaweicloud/application_id when imported, ansible-playbook ~/.ansible/tmp:
# a private HOME for this process and every process it starts, removed at exit.
_HOME = tempfile.mkdtemp(prefix="hwcloud-tasks-bench-home-")
os.environ["HOME"] = _HOME
atexit.register(shutil.rmtree, _HOME, True)

# Never send a request to 127.0.0.1 through a proxy from the environment.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
for _name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    os.environ.pop(_name, None)
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"

# Longest any one emulator may live, whatever happens to the benchmark that started it.
EMULATOR_LIFETIME = 30 * 60

QUICK = os.environ.get("BENCH_QUICK") == "1"  # fewer runs, for trying a benchmark out (not for RESULTS.md)


def runs(full: int, quick: int = 2) -> int:
    return quick if QUICK else full


# --- the emulator -------------------------------------------------------------------------------------


class EmulatorProcess:
    """``python -m bench._emulator_child``: the emulator on 127.0.0.1 in a process of its own."""

    def __init__(self, speed: float = 1.0, seed: int = 0, lifetime: float = EMULATOR_LIFETIME):
        self.speed = float(speed)
        self._process = subprocess.Popen(
            [PYTHON, "-m", "bench._emulator_child", repr(self.speed), repr(lifetime), str(seed)],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )
        first = self._process.stdout.readline()
        if not first:
            self.close()
            raise RuntimeError("the emulator did not start")
        hello = json.loads(first)
        self.url, self.credentials = hello["url"], hello["credentials"]

    def __enter__(self) -> EmulatorProcess:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()  # the child stops when its standard input closes
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()  # our own child, by its handle
                self._process.wait()
        if self._process.stdout:
            self._process.stdout.close()

    def query(self, line: str) -> dict:
        """Ask the emulator's records directly (``job <id>``, ``now``): see ``bench/_emulator_child.py``."""
        self._process.stdin.write(line + "\n")
        self._process.stdin.flush()
        return json.loads(self._process.stdout.readline())

    def control(self, method: str, path: str, body=None):
        request = urllib.request.Request(
            self.url + path, method=method, headers={"Content-Type": "application/json"},
            data=None if body is None else json.dumps(body).encode("utf-8"),
        )
        try:
            with _DIRECT.open(request, timeout=60) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as error:
            raise RuntimeError("control %s %s: %s %s" % (method, path, error.code, error.read()[:300])) from None

    def jobs(self, count: int, **spec) -> list[dict]:
        """Create ``count`` jobs (the control API takes at most 1,000 a call)."""
        created = []
        while len(created) < count:
            batch = min(1000, count - len(created))
            created += self.control("POST", "/_emulator/jobs", dict(spec, count=batch))
        return created

    def latency(self, seconds: float, path: str = "", count: int = 1_000_000) -> None:
        self.control("POST", "/_emulator/faults", {"kind": "latency", "seconds": seconds, "path": path,
                                                   "count": count})

    def request_counts(self) -> dict:
        return self.control("GET", "/_emulator/requests")["counts"]

    def clear_requests(self) -> None:
        self.control("DELETE", "/_emulator/requests")

    def token(self) -> str:
        """An IAM token by password login, as a playbook using ``uri`` would get one."""
        credentials = self.credentials
        body = {"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": credentials["user_name"], "password": credentials["password"],
                "domain": {"name": credentials["domain_name"]}}}},
            "scope": {"project": {"id": credentials["project_id"]}},
        }}
        request = urllib.request.Request(self.url + "/v3/auth/tokens", method="POST",
                                         data=json.dumps(body).encode("utf-8"),
                                         headers={"Content-Type": "application/json"})
        with _DIRECT.open(request, timeout=30) as answer:
            return answer.headers["X-Subject-Token"]

    def environment(self) -> dict:
        """What a user exports to point the collection at this emulator (AK/SK), as tests/integration does."""
        credentials = self.credentials
        return dict(
            HW_RDS_ENDPOINT=self.url, HW_DMS_ENDPOINT=self.url, HW_IAM_ENDPOINT=self.url,
            HW_REGION_NAME=credentials["region"], HW_PROJECT_ID=credentials["project_id"],
            HW_ACCESS_KEY=credentials["access_key"], HW_SECRET_KEY=credentials["secret_key"],
        )


def client(emu: EmulatorProcess, password: bool = False, **options):
    """The collection's own ``CloudClient`` on the emulator (AK/SK, or password login)."""
    from ansible_collections.hwcloud.tasks.plugins.module_utils._client import client_from_options

    credentials = emu.credentials
    params = dict(region=credentials["region"], project_id=credentials["project_id"],
                  endpoints={"rds": emu.url, "dms": emu.url, "iam": emu.url}, **options)
    if password:
        params.update(user_name=credentials["user_name"], password=credentials["password"],
                      domain_name=credentials["domain_name"])
    else:
        params.update(access_key=credentials["access_key"], secret_key=credentials["secret_key"])
    return client_from_options(params)


# --- ansible-playbook ---------------------------------------------------------------------------------


class PlaybookRun:
    """One finished ``ansible-playbook`` run: its process, wall time and the bench_times callback's record."""

    def __init__(self, process, started, ended, times):
        self.process = process
        self.started = started  # UNIX time, just before the process was started
        self.ended = ended  # UNIX time, once it had exited
        self.wall = ended - started
        self.times = times  # see bench/callback_plugins/bench_times.py

    def task(self, name: str) -> dict:
        """The callback's record of the task called ``name`` (the first with that name)."""
        for task in self.times["tasks"]:
            if task["name"] == name:
                return task
        raise KeyError(name)

    def check(self) -> PlaybookRun:
        if self.process.returncode != 0:
            raise RuntimeError("ansible-playbook failed (exit %s)\n--- stdout\n%s\n--- stderr\n%s" % (
                self.process.returncode, self.process.stdout[-4000:], self.process.stderr[-2000:]))
        return self


def playbook(emu: EmulatorProcess, name: str, tasks: list, extra_vars: dict | None = None, env: dict | None = None,
             timeout: float = 900, collections=None, hosts: list | None = None) -> PlaybookRun:
    """Run one play (local connection, this venv's Python) and time it.

    ``collections``: where hwcloud.tasks is found (``bench.baseline.collections()`` for the engine before);
    this checkout by default.  ``hosts``: inventory host names, all on this machine, with as many forks
    (localhost alone by default).
    """
    folder = OUTPUT / name
    folder.mkdir(parents=True, exist_ok=True)
    hosts = hosts or ["localhost"]
    play = [{"name": name, "hosts": "all", "gather_facts": False, "tasks": tasks}]
    path = folder / "play.yml"
    path.write_text(json.dumps(play, indent=1))
    times_file = folder / "times.json"
    times_file.unlink(missing_ok=True)
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("HW_", "OS_", "ANSIBLE_"))}
    environment.update(
        emu.environment(),
        HW_EMULATOR_URL=emu.url,
        ANSIBLE_COLLECTIONS_PATH=str(collections or COLLECTIONS),
        ANSIBLE_CALLBACK_PLUGINS=str(BENCH / "callback_plugins"),
        ANSIBLE_CALLBACKS_ENABLED="bench_times",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_DEPRECATION_WARNINGS="0",
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        ANSIBLE_RETRY_FILES_ENABLED="0",
        BENCH_TIMES_FILE=str(times_file),
        **(env or {}),
    )
    variables = dict(ansible_python_interpreter=PYTHON, **(extra_vars or {}))
    command = [str(BIN / "ansible-playbook"), "-i", ",".join(hosts) + ",", "-c", "local", "-f", str(len(hosts)),
               str(path), "-e", json.dumps(variables)]
    started = time.time()
    process = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=timeout,
                             cwd=folder, check=False)
    ended = time.time()
    (folder / "stdout.txt").write_text(process.stdout)
    (folder / "stderr.txt").write_text(process.stderr)
    times = json.loads(times_file.read_text()) if times_file.exists() else {"tasks": []}
    return PlaybookRun(process, started, ended, times)


def uri_job_task(emu: EmulatorProcess, token: str, job_id: str, delay: float, retries: int, name: str) -> dict:
    """``ansible.builtin.uri`` polling one job with ``until`` (what a playbook without this collection does)."""
    return {
        "name": name,
        "ansible.builtin.uri": {
            "url": "%s/v3/%s/jobs?id=%s" % (emu.url, emu.credentials["project_id"], job_id),
            "headers": {"X-Auth-Token": token},
            "return_content": False,
        },
        "register": "polled",
        "until": "polled.json.job.status in ['Completed', 'Failed']",
        "retries": retries,
        "delay": delay,
    }


# --- statistics and formatting ------------------------------------------------------------------------


def summary(values) -> dict:
    values = [float(value) for value in values]
    return {"min": min(values), "median": statistics.median(values), "max": max(values), "n": len(values),
            "values": values}


def fmt(stats: dict, digits: int = 2, unit: str = "") -> str:
    """``median (min–max)``."""
    pattern = "%%.%df" % digits
    return "%s%s (%s–%s)" % (pattern % stats["median"], unit, pattern % stats["min"], pattern % stats["max"])


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("inf")


def show(title: str, rows: list[tuple[str, dict, str]]) -> None:
    """Print min / median / max of each measurement."""
    print("\n== %s" % title, flush=True)
    for label, stats, unit in rows:
        print("  %-58s min %9.3f  median %9.3f  max %9.3f %s  (n=%d)" % (
            label, stats["min"], stats["median"], stats["max"], unit, stats["n"]), flush=True)


def save(name: str, result: dict) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / ("%s.json" % name)).write_text(json.dumps(result, indent=1, default=str))
