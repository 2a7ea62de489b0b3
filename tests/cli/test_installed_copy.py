"""``bin/hwtasks`` of a collection built and installed with ansible-galaxy runs, and runs that copy's code."""

import os
import sys

import pytest

from tests.cli.conftest import HWTASKS, explain, run
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


def test_the_shebang_needs_python3_only(hwtasks, tmp_path):
    """Debian and Ubuntu have no ``python`` command: Terraform runs ``program = [".../hwtasks", ...]`` there."""
    only_python3 = tmp_path / "bin"
    only_python3.mkdir()
    python3 = only_python3 / "python3"  # the venv's Python (a symlink would lose the venv)
    python3.write_text('#!/bin/sh\nexec "%s" "$@"\n' % sys.executable)
    python3.chmod(0o755)
    job = hwtasks.job(duration=0)
    env = hwtasks.env(PATH=os.pathsep.join((str(only_python3), "/usr/bin", "/bin")))
    assert not any(os.path.exists(os.path.join(folder, "python")) for folder in env["PATH"].split(os.pathsep))
    process = run([HWTASKS], "job", job["id"], env=env, cwd=tmp_path)
    assert process.returncode == 0 and "succeeded" in process.stdout, explain(process)
