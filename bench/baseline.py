"""The engine before a wait planned its requests together, for same-run comparisons: ``BASELINE``.

Two forms, both straight from git: its ``_wait.waiter.py`` as a module of its own (``engine_module``, for
in-process waits next to the current engine's; its imports are this checkout's, which it still fits),
and the whole collection at that commit as a tree ansible-playbook can run (``collections``), for
the benchmarks that measure a play.
"""

from __future__ import annotations

import functools
import io
import subprocess
import tarfile
import types

from bench import common

BASELINE = "672c4ab"  # a schedule per task, each throttled request retried alone, 10 s ceiling
PER_PROCESS = "4f835a8"  # one gateway rate per process: each fork of a play learnt the quota alone


def _git(*args, text=True):
    return subprocess.run(["git", "-C", str(common.REPO)] + list(args), capture_output=True, text=text,
                          check=True).stdout


@functools.cache
def engine_module():
    source = _git("show", "%s:plugins/module_utils/_waiter.py" % BASELINE)
    module = types.ModuleType("baseline_waiter")
    exec(compile(source, "%s:plugins/module_utils/_waiter.py" % BASELINE, "exec"), module.__dict__)  # noqa: S102
    return module


@functools.cache
def collections(commit=BASELINE):
    """A folder for ANSIBLE_COLLECTIONS_PATH holding hwcloud.tasks as it was at ``commit``."""
    root = common.OUTPUT / ("baseline-%s" % commit)
    tree = root / "ansible_collections" / "hwcloud" / "tasks"
    if not (tree / "galaxy.yml").exists():
        tree.mkdir(parents=True, exist_ok=True)
        archive = _git("archive", "--format=tar", commit, text=False)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
    return root
