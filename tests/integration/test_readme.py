"""The README's "Try it against the emulator" block, run as a newcomer pastes it at the top of a checkout."""

import fnmatch
import pathlib
import re
import subprocess

import pytest
import yaml

from tests.integration.conftest import explain

pytestmark = pytest.mark.integration

REPO = pathlib.Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"<!-- try-it:[^>]*-->\s*```bash\n(?P<script>.*?)```\s*<!-- /try-it -->", re.S)


def readme_block():
    return BLOCK.search((REPO / "README.md").read_text()).group("script")


def test_the_readme_block_runs_as_written(tmp_path):
    """In a folder that looks like the top of the checkout after `make demo` (the checkout's bin/, .venv and
    .cache), with nothing of ours in the environment: no HW_* variable, no collections path, no venv on PATH."""
    for name in ("bin", ".venv", ".cache"):
        (tmp_path / name).symlink_to(REPO / name)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    process = subprocess.run(["bash", "-e", "-c", readme_block()], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=240, check=False)
    assert process.returncode == 0, explain(process)
    out = process.stdout
    assert out.count("localhost | SUCCESS") == 2, explain(process)
    assert '"state": "succeeded"' in out, explain(process)  # the wait's; the read may see it running or done
    assert "createVM failed." in process.stderr and "hwtasks exited 1 (1: the job failed)" in out, explain(process)
    # What it leaves at the top of the checkout stays out of the collection tarball the README builds next.
    left = [path.relative_to(tmp_path) for path in tmp_path.rglob("*")
            if path.is_file() and path.relative_to(tmp_path).parts[0] not in ("bin", ".venv", ".cache")]
    assert "emulator.txt" in map(str, left)
    assert [path for path in left if not build_ignored(path)] == []


def build_ignored(path):
    """Whether ``ansible-galaxy collection build`` leaves ``path`` (relative to the root) out: a
    ``build_ignore`` pattern of galaxy.yml matches it or a folder it is in."""
    patterns = yaml.safe_load((REPO / "galaxy.yml").read_text())["build_ignore"]
    candidates = [str(pathlib.PurePath(*path.parts[:depth])) for depth in range(1, len(path.parts) + 1)]
    return any(fnmatch.fnmatch(candidate, pattern) for candidate in candidates for pattern in patterns)
