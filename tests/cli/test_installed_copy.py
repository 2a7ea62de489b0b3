"""``bin/hwtasks`` of a collection built and installed with ansible-galaxy runs, and runs that copy's code."""

import sys

import pytest

from tests.cli.conftest import explain, run
from tests.utils import galaxy_install_test as galaxy

pytestmark = pytest.mark.emulator


def test_the_installed_collection_runs_its_own_hwtasks(hwtasks, tmp_path):
    _collections, installed = galaxy.install(galaxy.build(tmp_path), tmp_path)
    program = installed / "bin" / "hwtasks"
    job = hwtasks.job(duration=0)
    process = run([program], "job", job["id"], env=hwtasks.env(), cwd=tmp_path)  # by its shebang, as users do
    assert process.returncode == 0 and "succeeded" in process.stdout, explain(process)

    # python -v names every file it imports: the command line and the client are the installed copy's.
    verbose = run([sys.executable, "-v", program, "job", job["id"]], env=hwtasks.env(), cwd=tmp_path)
    assert verbose.returncode == 0, explain(verbose)
    loaded = [line for line in verbose.stderr.splitlines()
              if line.startswith("# code object from") and ("/cli/" in line or "/plugins/module_utils/" in line)]
    assert len(loaded) >= 5 and all(str(installed) in line for line in loaded), loaded
