"""``hwtasks emulator``: the bundled emulator, started from the command line, then used by hwtasks itself."""

import signal
import subprocess
import sys

import pytest

from tests.cli.conftest import HWTASKS, PATH, assert_one_line_error, explain, run
from tests.utils.with_emulator import FIRST_LINE, parse_banner

pytestmark = pytest.mark.emulator


def test_the_emulator_serves_its_demo_until_sigterm(tmp_path):
    env = {"PATH": PATH, "HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen([sys.executable, HWTASKS, "emulator", "--port", "0", "--speed", "20", "--demo"],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as server:
        try:
            banner = [server.stdout.readline()]
            assert FIRST_LINE.search(banner[0]), banner
            while not banner[-1].startswith("export HWCLOUD_DEMO_FAILED_JOB_ID="):
                banner.append(server.stdout.readline())
            variables = parse_banner(banner[1:])
            # Where to find the control API and the account's identities, as the reference page documents them.
            assert any("control API under " in line and "GET /_emulator/ lists its endpoints" in line
                       for line in banner)
            assert any(line.startswith("# temporary keys: nobody may get any until POST /_emulator/identity says so "
                                       "(agencies of domain emulator-domain") for line in banner)
            # What examples/demo.yml reads, as export lines a shell can eval (the failing id has spaces).
            assert [line.split("=")[0] for line in banner if line.startswith("export HWCLOUD_DEMO_")] == [
                "export HWCLOUD_DEMO_JOB_ID", "export HWCLOUD_DEMO_FAILED_JOB_ID"]
            assert " " in variables["HWCLOUD_DEMO_FAILED_JOB_ID"]
            env.update(variables)
            failing = run([sys.executable, HWTASKS], "wait", variables["HWCLOUD_DEMO_FAILED_JOB_ID"],
                          "--poll-interval", "0.2", env=env)
            assert_one_line_error(failing, 1, "createVM failed.")
            running = run([sys.executable, HWTASKS], "wait", variables["HWCLOUD_DEMO_JOB_ID"], "--json", env=env)
            assert running.returncode == 0 and '"state": "succeeded"' in running.stdout, explain(running)
        finally:
            server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=10) == 0, server.stderr.read()
