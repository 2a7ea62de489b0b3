"""Build the collection with ansible-galaxy, install the tarball into an empty path, run a module from it.

Run from the repository root with the project's venv (``make galaxy-test``, part of ``make test``)::

    .venv/bin/python -m tests.utils.galaxy_install_test [--keep]

1. ``ansible-galaxy collection build`` into a temporary folder.
2. The tarball must hold what a user needs (``MANIFEST.json``, ``meta/runtime.yml``, the modules, the
   emulator) and none of ``.venv``, ``.cache``, ``.git``, ``.ansible``, ``tests/output``, ``bench``
   (the benchmarks are for developers, from a checkout) or ``__pycache__``/``*.pyc`` (``build_ignore``
   in galaxy.yml; ``.gitignore`` is not read by ansible-galaxy).
3. ``ansible-galaxy collection install --offline`` into an empty collections path.
4. The emulator is started *from the installed copy* (``python -m ansible_collections.hwcloud.tasks.emulator
   --port 0`` with the installed collections path first on ``PYTHONPATH``; it ships with the collection
   for users to test their playbooks offline), a job is created through its control
   API, and ``ansible localhost -m hwcloud.tasks.rds_task_info -a job_id=<id>`` runs with the variables
   the emulator printed, ``ANSIBLE_COLLECTIONS_PATH`` naming only the installed copy, and
   ``ansible_python_interpreter`` set to this venv's Python (interpreter discovery can pick a broken
   shim on these machines).  ``ansible-doc`` must resolve the module to the installed copy too.

Any missing piece is a failure with a message saying which: nothing is skipped.
"""

import argparse
import json
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile

from tests.utils.with_emulator import EmulatorError, create_job, running_emulator

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent  # the venv's bin: ansible-galaxy, ansible, ansible-doc
FQCN = "hwcloud.tasks.rds_task_info"
MUST_HAVE = (
    "MANIFEST.json",
    "FILES.json",
    "README.md",  # galaxy.yml `readme`: Galaxy rejects a collection without it
    "meta/runtime.yml",
    "plugins/modules/rds_task_info.py",
    "emulator/__main__.py",
    "meta/extensions.yml",  # Galaxy and Automation Hub list the event source from it
    "extensions/eda/plugins/event_source/task_events.py",
    "extensions/eda/rulebooks/failed_tasks.yml",
)
FORBIDDEN_PARTS = {".venv", ".cache", ".git", ".ansible", "__pycache__", ".pytest_cache", ".ruff_cache"}
FORBIDDEN_PREFIXES = ("tests/output", "bench", "docs/build")
JOB_SECONDS = 5
ONE_LINE_RESULT = re.compile(r"^localhost \| (?P<status>[A-Z]+)(?: \| rc=-?\d+)? => (?P<json>\{.*\})\s*$", re.M)


class Failure(Exception):
    pass


def step(text):
    print("galaxy-test: %s" % text, flush=True)


def run(cmd, env=None, cwd=None):
    step("$ %s" % shlex.join(str(c) for c in cmd))
    done = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise Failure(
            "command failed with exit status %d: %s\n--- stdout ---\n%s\n--- stderr ---\n%s"
            % (done.returncode, shlex.join(str(c) for c in cmd), done.stdout, done.stderr)
        )
    return done


def build(workdir):
    dist = workdir / "dist"
    run([BIN / "ansible-galaxy", "collection", "build", "--output-path", dist, REPO])
    tarballs = sorted(dist.glob("hwcloud-tasks-*.tar.gz"))
    if len(tarballs) != 1:
        raise Failure("expected one hwcloud-tasks-*.tar.gz in %s, found %s" % (dist, tarballs))
    return tarballs[0]


def check_tarball(tarball):
    with tarfile.open(tarball) as tar:
        names = [member.name[2:] if member.name.startswith("./") else member.name for member in tar.getmembers()]
    bad = sorted(
        name
        for name in names
        if FORBIDDEN_PARTS.intersection(name.split("/"))
        or name.endswith((".pyc", ".pyo"))
        or any(name == prefix or name.startswith(prefix + "/") for prefix in FORBIDDEN_PREFIXES)
    )
    if bad:
        raise Failure("the tarball holds files build_ignore should keep out:\n  " + "\n  ".join(bad[:50]))
    missing = [want for want in MUST_HAVE if want not in names]
    if missing:
        raise Failure("the tarball lacks %s (has: %s)" % (", ".join(missing), ", ".join(sorted(names)[:80])))
    step(
        "%s: %d bytes, %d entries, nothing build_ignore should keep out"
        % (tarball.name, tarball.stat().st_size, len(names))
    )


def install(tarball, workdir):
    collections = workdir / "collections"
    collections.mkdir()
    env = ansible_env(workdir, collections)
    run([BIN / "ansible-galaxy", "collection", "install", "--offline", "-p", collections, tarball], env=env)
    installed = collections / "ansible_collections" / "hwcloud" / "tasks"
    if not (installed / "MANIFEST.json").is_file():
        raise Failure("install did not produce %s/MANIFEST.json" % installed)
    return collections, installed


def ansible_env(workdir, collections):
    """An environment that can only see the installed copy of the collection."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update(
        ANSIBLE_COLLECTIONS_PATH=str(collections),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_HOME=str(workdir / "ansible-home"),
        ANSIBLE_LOCAL_TEMP=str(workdir / "ansible-tmp"),
        ANSIBLE_NOCOLOR="1",
    )
    return env


def check_doc(env, workdir, installed):
    out = run([BIN / "ansible-doc", "-t", "module", "--json", FQCN], env=env, cwd=workdir).stdout
    filename = json.loads(out)[FQCN]["doc"]["filename"]
    if not os.path.realpath(filename).startswith(os.path.realpath(installed) + os.sep):
        raise Failure("ansible-doc found %s at %s, not in the installed copy %s" % (FQCN, filename, installed))
    step("ansible-doc resolves %s to the installed copy" % FQCN)


def run_module(env, workdir, collections):
    with running_emulator(collections=collections, quiet=True) as emu:
        step("emulator (from the installed copy) at %s; exported %s" % (emu.url, ", ".join(sorted(emu.env))))
        job_id = create_job(emu.url, JOB_SECONDS)[0]
        step("created job %r (%ds) through the control API" % (job_id, JOB_SECONDS))
        env = dict(env, **emu.env)
        # -o: one line per host, "localhost | SUCCESS => {...json...}" (the json callback is not in ansible-core).
        cmd = [BIN / "ansible", "localhost", "-o", "-m", FQCN, "-a", "job_id=%s" % shlex.quote(job_id)]
        cmd += ["-e", "ansible_python_interpreter=%s" % sys.executable]
        done = run(cmd, env=env, cwd=workdir)

    match = ONE_LINE_RESULT.search(done.stdout)
    try:
        result = json.loads(match.group("json"))
    except (AttributeError, ValueError) as exc:
        raise Failure("could not read the module result (%s) from:\n%s" % (exc, done.stdout)) from None
    if match.group("status") != "SUCCESS":
        raise Failure("ansible says %s: %s" % (match.group("status"), done.stdout))
    if result.get("failed") or result.get("unreachable"):
        raise Failure("the module failed: %s" % json.dumps(result, indent=2))
    jobs = result.get("jobs")
    if not isinstance(jobs, list) or len(jobs) != 1 or job_id not in json.dumps(jobs[0]):
        raise Failure("expected `jobs` with the one job %r, got: %s" % (job_id, json.dumps(result, indent=2)))
    if jobs[0].get("found") is False:
        raise Failure("the emulator's job %r came back found: false: %s" % (job_id, json.dumps(jobs[0])))
    secret = emu.env.get("HW_SECRET_KEY")
    if secret and secret in done.stdout + done.stderr:
        raise Failure("the secret key (HW_SECRET_KEY) appears in ansible's output")
    step("%s read job %s: state=%s progress=%s" % (FQCN, job_id, jobs[0].get("state"), jobs[0].get("progress")))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="hwcloud-tasks-galaxy-"))
    try:
        tarball = build(workdir)
        check_tarball(tarball)
        collections, installed = install(tarball, workdir)
        env = ansible_env(workdir, collections)
        check_doc(env, workdir, installed)
        run_module(env, workdir, collections)
    except (Failure, EmulatorError) as exc:
        print("galaxy-test: FAILED: %s" % exc, file=sys.stderr)
        return 1
    finally:
        if args.keep:
            step("kept %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    step("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
