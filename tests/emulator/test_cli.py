"""The emulator's own command line, ``python -m ansible_collections.hwcloud.tasks.emulator``: its banner,
its demo, TLS, and a clean exit on SIGTERM and SIGINT."""

import os
import queue
import re
import shlex
import signal
import ssl
import subprocess
import threading
import types
import urllib.request

import pytest

from tests.emulator.helpers import Api, wait_until
from tests.utils.with_emulator import emulator_program

pytestmark = pytest.mark.emulator

FIRST_LINE = re.compile(r"^hwcloud\.tasks emulator listening on (https?://127\.0\.0\.1:\d+)$")


class Cli:
    """One emulator process, its stdout read line by line on a thread."""

    def __init__(self, *args, home):
        cmd, env = emulator_program(["--port", "0", *args], env=dict(os.environ, HOME=str(home)))
        self.process = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self._lines = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def line(self, timeout=20):
        return self._lines.get(timeout=timeout)

    def banner(self):
        """The URL of the first line, and the lines after it up to the last export."""
        match = FIRST_LINE.match(self.line() or "")
        assert match, "unexpected first line"
        lines = []
        while not lines or not lines[-1].startswith("export HW_REGION_NAME="):
            line = self.line()
            assert line is not None, "the emulator exited: %s" % self.process.stderr.read()
            lines.append(line)
        return match.group(1), lines

    def stop(self, signum):
        self.process.send_signal(signum)
        return self.process.wait(timeout=10)


@pytest.fixture
def launch(tmp_path):
    started = []

    def launch(*args):
        cli = Cli(*args, home=tmp_path)
        started.append(cli)
        return cli

    yield launch
    for cli in started:
        if cli.process.poll() is None:
            cli.process.kill()
        cli.process.wait(timeout=10)
        cli.process.stdout.close()
        cli.process.stderr.close()


def exports(lines):
    found = {}
    for line in lines:
        if line.startswith("export "):
            name, _sep, value = line[len("export ") :].partition("=")
            found[name] = shlex.split(value)[0]
    return found


def get(url, context=None):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context))
    with opener.open(url, timeout=5) as answer:
        return answer.status


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_prints_its_url_and_environment_then_exits_0_on_a_signal(launch, signum):
    cli = launch()
    url, lines = cli.banner()
    assert exports(lines) == {
        "HW_RDS_ENDPOINT": url,
        "HW_DMS_ENDPOINT": url,
        "HW_IAM_ENDPOINT": url,
        "HW_ACCESS_KEY": "EMULATORACCESSKEY0001",
        "HW_SECRET_KEY": "emulator-secret-key-do-not-use",
        "HW_PROJECT_ID": "0483b6b16e954cb88930a360d2c4e663",
        "HW_REGION_NAME": "cn-north-4",
    }
    assert get(url + "/_emulator/health") == 200
    assert cli.stop(signum) == 0


def test_demo_creates_jobs_to_look_at(launch):
    cli = launch("--demo", "--speed", "100", "--access-key", "DEMOKEY", "--project-id", "demo0project")
    url, lines = cli.banner()
    demo = [cli.line() for _line in range(5)]
    assert all(line.startswith("# demo: ") for line in demo)
    failed_id = re.search(r"job '([^']+)'", "\n".join(demo)).group(1)
    assert " " in failed_id, "the demo's failed job has the documented id with spaces"
    credentials = dict(item.split("=", 1) for item in lines[1][len("# credentials: ") :].split())
    assert (credentials["access_key"], credentials["project_id"]) == ("DEMOKEY", "demo0project")
    api = Api(types.SimpleNamespace(url=url, credentials=credentials))
    failed = wait_until(lambda: api.job(failed_id).json()["job"]["status"] == "Failed" and api.job(failed_id).json())
    assert failed["job"]["fail_reason"] == "createVM failed."
    assert cli.stop(signal.SIGTERM) == 0


def test_tls_prints_its_certificate_authority(launch):
    cli = launch("--tls")
    url, lines = cli.banner()
    assert url.startswith("https://")
    ca_file = next(line.rpartition(": ")[2] for line in lines if line.startswith("# CA certificate"))
    assert get(url + "/_emulator/health", ssl.create_default_context(cafile=ca_file)) == 200
    assert cli.stop(signal.SIGTERM) == 0
    assert not os.path.exists(ca_file), "the certificates are removed on exit"


def test_a_taken_port_is_a_clear_error(emulator, tmp_path):
    port = str(emulator.url.rpartition(":")[2])
    cmd, env = emulator_program(["--port", port], env=dict(os.environ, HOME=str(tmp_path)))
    result = subprocess.run(
        cmd,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,  # the exit status is what is tested
    )
    assert result.returncode == 1
    assert "cannot start on 127.0.0.1:%s" % port in result.stderr
