"""Run examples/demo.yml inside the execution environment image through ansible-runner, as AWX does.

Usage (from the repository root, after the image is built; `make ee` does both)::

    python -m tests.ee.run_demo --image hwcloud-tasks-ee:latest [--engine docker]

ansible-runner runs the playbook in a container of the image (``process_isolation`` with the container
engine, ``container_image``): the private data folder is mounted at ``/runner``, the collection, the
ansible-core and the Python are the image's, and ansible-runner's event callback inside the container
writes the job events that this side reads, as AWX reads them.  The emulator is started on this host
(``tests/utils/with_emulator.py``) on 127.0.0.1, and the container shares the host's network
(``--network host``), so nothing listens on any other address.  The connection variables the emulator
prints go into the container's environment (ansible-runner's ``envvars``).

Checked: the run's status and return code, the play recap (no failed or unreachable host), the demo's
closing assertion, and the progress lines of ``rds_job_wait`` among the job events (AWX shows its
output from those events): each is printed with the event that carried it.
"""

import argparse
import json
import pathlib
import shutil
import sys
import tempfile

import ansible_runner

from tests.utils.with_emulator import running_emulator

REPO = pathlib.Path(__file__).resolve().parents[2]
PLAYBOOK = REPO / "examples" / "demo.yml"
PROGRESS = "rds_job_wait: "
CLOSING = "The running job succeeded and the failing one failed, as the emulator was told."


def run(image, engine="docker", keep=False):
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="hwcloud-tasks-ee-demo-"))
    try:
        (workdir / "project").mkdir()
        shutil.copy(PLAYBOOK, workdir / "project" / PLAYBOOK.name)
        with running_emulator(["--demo"]) as emu:
            print("==> emulator on %s; ansible-runner, %s, image %s" % (emu.url, engine, image), flush=True)
            result = ansible_runner.run(
                private_data_dir=str(workdir),
                playbook=PLAYBOOK.name,
                # As a job template's inventory would: the play's host, run in the container itself.
                inventory="localhost ansible_connection=local",
                process_isolation=True,
                process_isolation_executable=engine,
                container_image=image,
                # The emulator listens on the host's 127.0.0.1 only: the container joins the host's network.
                container_options=["--network=host"],
                envvars=dict(emu.env, ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false"),
                quiet=False,
            )
        events = list(result.events)
        return check(result, events)
    finally:
        if keep:
            print("==> ansible-runner's private data folder kept: %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def check(result, events):
    problems = []
    if result.status != "successful" or result.rc != 0:
        problems.append("ansible-runner: status %s, rc %s" % (result.status, result.rc))
    stats = [event for event in events if event.get("event") == "playbook_on_stats"]
    if not stats:
        problems.append("no playbook_on_stats event")
    else:
        data = stats[-1]["event_data"]
        for key in ("failures", "dark"):
            if data.get(key):
                problems.append("play recap: %s %s" % (key, data[key]))
        if "localhost" not in data.get("ok", {}):
            problems.append("play recap: localhost did not run (%s)" % json.dumps(data))
    closing = [event for event in events if CLOSING in event.get("stdout", "")]
    if not closing:
        problems.append("the demo's closing assertion is not in the job events")
    progress = [event for event in events if PROGRESS in event.get("stdout", "")]
    print("==> job events that carried rds_job_wait's progress lines (%d of %d events):" % (len(progress), len(events)))
    for event in progress:
        for line in event["stdout"].splitlines():
            if PROGRESS in line:
                print("    event %s #%s (%s): %s" % (event.get("event"), event.get("counter"),
                                                     event.get("event_data", {}).get("task", "-"), line.strip()))
    succeeded = [event for event in progress if "succeeded after" in event["stdout"]]
    moving = [event for event in progress if "running " in event["stdout"]]
    if not moving or not succeeded:
        problems.append("expected progress lines for the running job and its success, got %d events" % len(progress))
    for problem in problems:
        print("ee demo: FAILED: %s" % problem, file=sys.stderr)
    if not problems:
        print("==> ee demo: passed (status %s, rc %s, %d job events)" % (result.status, result.rc, len(events)))
    return 1 if problems else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--image", required=True, help="the execution environment image")
    parser.add_argument("--engine", default="docker", help="the container engine (docker or podman)")
    parser.add_argument("--keep", action="store_true", help="keep ansible-runner's private data folder")
    args = parser.parse_args(argv)
    return run(args.image, args.engine, args.keep)


if __name__ == "__main__":
    sys.exit(main())
