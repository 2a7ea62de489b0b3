"""The engine before a wait planned its requests together, for same-run comparisons: ``BASELINE``.

Two forms, both straight from git: its ``_waiter.py`` as a module of its own (``engine_module``, for
in-process waits next to the current engine's; it imports this checkout's code, under the flat names it had),
and the whole collection at that commit as a tree ansible-playbook can run (``collections``), for
the benchmarks that measure a play.
"""

from __future__ import annotations

import functools
import importlib
import io
import subprocess
import sys
import tarfile
import types

from bench import common

BASELINE = "672c4ab"  # a schedule per task, each throttled request retried alone, 10 s ceiling
PER_PROCESS = "4f835a8"  # one gateway rate per process: each fork of a play learnt the quota alone


def _git(*args, text=True):
    return subprocess.run(["git", "-C", str(common.REPO)] + list(args), capture_output=True, text=text,
                          check=True).stdout


# The flat module_utils files it imports, and where their code lives now.
FLAT_MODULES = {"_times": "_answers.times", "_parallel": "_http.parallel"}
MODULE_UTILS = "ansible_collections.hwcloud.tasks.plugins.module_utils"


@functools.cache
def engine_module():
    for flat, now in FLAT_MODULES.items():
        sys.modules.setdefault("%s.%s" % (MODULE_UTILS, flat), importlib.import_module("%s.%s" % (MODULE_UTILS, now)))
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
