"""What a new user runs into after the first hour, through the real entry points: ``ansible``,
``ansible-playbook``, ``bin/hwtasks`` and the emulator."""

import json
import os
import pty
import re
import subprocess
import sys

import pytest

from tests.cli.conftest import HWTASKS, REPO, assert_one_line_error
from tests.integration.conftest import explain, play_and_show

pytestmark = pytest.mark.integration


def test_an_unreachable_iam_is_named_once_and_as_the_user_sets_it(ansible, hwtasks):
    """The project is looked up in IAM during the RDS call: the hint to check the endpoint is said once,
    by the option's name in a play and by the flag or query key in hwtasks."""
    dead_iam = {"HW_PROJECT_ID": "", "HW_IAM_ENDPOINT": "http://127.0.0.1:9"}
    process, outcome = play_and_show(ansible, {"hwcloud.tasks.rds_task_info": {"job_id": "abc"}}, env=dead_iam)
    assert outcome["failed"], explain(process)
    assert outcome["msg"].count("(check ") == 1 and outcome["msg"].endswith("(check region, cloud or endpoints.iam)")
    line = assert_one_line_error(hwtasks("job", "abc", env=dead_iam), 4, "could not connect to 127.0.0.1:9")
    assert line.count("(check ") == 1 and line.endswith("(check --region, --cloud or --iam-endpoint)"), line
    line = assert_one_line_error(hwtasks("terraform", stdin='{"job_id": "abc"}', env=dead_iam), 4)
    assert line.endswith("(check region, cloud or iam_endpoint)"), line


def test_v_names_the_credentials_used_and_not_the_others_set(ansible, hwtasks):
    job = ansible.emu.control("POST", "/_emulator/jobs", {"duration": 0})
    password_too = {"HW_USER_NAME": "someone", "HW_USER_PASSWORD": "never-shown-password", "HW_DOMAIN_NAME": "d"}
    said = ("credentials: access keys from HW_ACCESS_KEY, HW_SECRET_KEY; also set but not used: HW_USER_NAME, "
            "HW_USER_PASSWORD")
    process = ansible.adhoc("hwcloud.tasks.rds_task_info", "job_id=%s" % job["id"], "-v", env=password_too)
    assert process.returncode == 0 and "hwcloud.tasks.rds_task_info: " + said in process.stdout, explain(process)
    for verbose_first in (True, False):  # a global flag: before the command, as the credentials guide writes it
        args = ("--verbose", "job", job["id"]) if verbose_first else ("job", job["id"], "-v")
        process = hwtasks(*args, env=password_too)
        assert process.returncode == 0 and "hwtasks: %s\n" % said in process.stderr, explain(process)
        assert "never-shown-password" not in process.stdout + process.stderr
    assert "credentials:" not in hwtasks("job", job["id"]).stderr
    process = hwtasks("-v", "terraform", stdin='{"job_id": "%s"}' % job["id"])
    assert process.returncode == 0 and "hwtasks: credentials: access keys" in process.stderr, explain(process)


def test_help_lists_the_global_flag_and_every_emulator_flag(hwtasks):
    assert "-v, --verbose" in hwtasks("--help").stdout
    usage = hwtasks("emulator", "--help").stdout.splitlines()[0]
    assert usage == "usage: hwtasks emulator [--host ADDRESS] [--port N] [--speed X] [--tls] [--demo] [-v]"


@pytest.mark.parametrize("args, says", [
    (("wait", "job-id", "--tiemout", "30"), "unrecognized arguments: --tiemout 30; did you mean --timeout? "
                                            "(see hwtasks wait --help)"),
    (("tasks", "--instance", "i"), "unrecognized arguments: --instance i; did you mean --instance-id? "
                                   "(see hwtasks tasks --help)"),
    (("job", "j", "extra-argument", "--jsn"), "unrecognized arguments: --jsn; did you mean --json? "
                                              "(see hwtasks job --help)"),
    (("--bogus", "job", "j"), "unrecognized arguments: --bogus (see hwtasks job --help)"),
])
def test_an_unknown_flag_points_to_its_command_and_the_flag_meant(hwtasks, args, says):
    assert_one_line_error(hwtasks(*args), 2, says)


def test_a_clouds_yaml_project_the_cloud_does_not_have_is_named(ansible, hwtasks):
    credentials = ansible.emu.credentials
    folder = hwtasks.home / ".config" / "openstack"
    folder.mkdir(parents=True)
    (folder / "clouds.yaml").write_text(json.dumps({"clouds": {"team": {"region_name": credentials["region"], "auth": {
        "auth_url": ansible.emu.url + "/v3", "username": credentials["user_name"], "password": credentials["password"],
        "user_domain_name": credentials["domain_name"], "project_name": "cn-north-4_nothere"}}}}))
    from_clouds_yaml = {"OS_CLOUD": "team", "HOME": str(hwtasks.home), "HW_ACCESS_KEY": None, "HW_SECRET_KEY": None,
                        "HW_PROJECT_ID": None, "HW_IAM_ENDPOINT": None}
    line = assert_one_line_error(hwtasks("job", "x", env=from_clouds_yaml), 4, "HTTP 400")
    assert "(password login of user 'emulator-user', scoped to project 'cn-north-4_nothere')" in line, line
    process, outcome = play_and_show(ansible, {"hwcloud.tasks.rds_task_info": {"job_id": "x"}},
                                     env={name: value or "" for name, value in from_clouds_yaml.items()})
    assert outcome["failed"] and "scoped to project 'cn-north-4_nothere'" in outcome["msg"], explain(process)
    line = assert_one_line_error(hwtasks("job", "x", "--project-name", "cn-north-4_nothere",
                                         env={"HW_PROJECT_ID": None}), 2)
    assert line.endswith("IAM knows no project named 'cn-north-4_nothere' for these credentials: check project_name, "
                         "or set project_id."), line


def test_the_docs_name_the_python_the_launcher_runs():
    interpreter = (REPO / "bin" / "hwtasks").read_text().splitlines()[0].split()[-1]
    assert interpreter == "python3"
    for doc, says in (("README.md", "as `python3` on `PATH`"),
                      ("examples/terraform/README.md", "as `python3` on `PATH`"),
                      ("docs/docsite/rst/cli.rst", "found as ``python3`` on ``PATH``")):
        text = " ".join((REPO / doc).read_text().split())
        assert says in text and "as `python` " not in text and "``python`` on" not in text, doc


def test_the_demo_environment_is_as_quiet_as_the_tests(ansible, tmp_path):
    """The environment `make demo` builds (requirements.txt alone, at the versions the tests pin) runs an
    ad-hoc command with nothing on stderr: no warning from a newer library than the suite ran."""
    venv = tmp_path / "demo-venv"
    built = subprocess.run(["make", "-s", "VENV=%s" % venv, "%s/.installed-runtime" % venv], cwd=REPO,
                           capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, explain(built)
    job = ansible.emu.control("POST", "/_emulator/jobs", {"duration": 0})
    process = subprocess.run([venv / "bin" / "ansible", "localhost", "-i", "localhost,", "-c", "local",
                              "-m", "hwcloud.tasks.rds_task_info", "-a", "job_id=%s" % job["id"],
                              "-e", "ansible_python_interpreter=%s" % (venv / "bin" / "python")],
                             env=ansible.env, cwd=tmp_path, capture_output=True, text=True, timeout=240, check=False)
    assert process.returncode == 0 and "SUCCESS" in process.stdout, explain(process)
    assert process.stderr == "", explain(process)


def test_a_job_not_visible_yet_is_said_to_be_waited_for_every_few_seconds_in_the_play(ansible):
    process = ansible.playbook([{"hwcloud.tasks.rds_job_wait": {"job_id": "mistyped-job-id", "visibility_timeout": 12},
                                 "ignore_errors": True}])
    lines = [line for line in process.stdout.splitlines() if "] rds_job_wait: mistyped-job-id: " in line]
    assert lines[0] == ("[localhost] rds_job_wait: mistyped-job-id: not visible yet after 0 s (up to 12 s: "
                        "visibility_timeout)"), explain(process)
    # Nothing changes for 12 s, and the play still says, after ten, that the wait goes on and when it looks next.
    heartbeat = re.search(r"not visible yet after (\d+) s(, next poll in \d+ s)? \(up to 12 s: visibility_timeout\)",
                          lines[1])
    assert heartbeat and int(heartbeat.group(1)) >= 10, explain(process)
    assert "never appeared: the cloud did not know it after 12.0 s (visibility_timeout)" in process.stdout


def test_hwtasks_wait_on_a_terminal_is_redrawn_between_polls(hwtasks):
    """The live lines tick every second between polls, with the next poll counting down: never a still screen."""
    controller, terminal = pty.openpty()
    with subprocess.Popen([sys.executable, HWTASKS, "wait", "typo-on-a-terminal", "--visibility-timeout", "4"],
                          env=hwtasks.env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=terminal) as waiting:
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
        assert waiting.wait(timeout=60) == 4
    os.close(controller)
    frames = shown.decode().split("\r\x1b[K")[1:]
    polls = len(hwtasks.requests_for("typo-on-a-terminal"))
    ticks = [frame for frame in frames if ", next poll in " in frame]
    assert ticks and len(frames) > polls, shown
    assert all("typo-on-a-terminal: not visible yet after " in frame for frame in ticks)


def test_an_instance_can_be_asked_to_stay_idle(ansible, hwtasks):
    rds = ansible.emu.control("POST", "/_emulator/jobs", {"duration": 0})
    process, outcome = play_and_show(ansible, {"hwcloud.tasks.rds_job_wait": {
        "instance_id": rds["instance_id"], "idle_for": 2, "poll_interval": 0.5}})
    assert not outcome["failed"] and outcome["idle"] and outcome["tasks"] == [], explain(process)
    assert outcome["elapsed"] >= 2 and outcome["polls"] >= 2  # idle when first seen, and again 2 s on
    dms = ansible.emu.control("POST", "/_emulator/dms-tasks", {"duration": 0})
    process, waited = hwtasks.json("wait", "--engine", "kafka", "--instance-id", dms["instance_id"],
                                   "--idle-for", "2", "--poll-interval", "0.5")
    assert process.returncode == 0 and waited["idle"] and waited["elapsed"] >= 2, explain(process)
    process = hwtasks("terraform", stdin=json.dumps({"instance_id": rds["instance_id"], "idle_for": "1"}))
    assert process.returncode == 0 and json.loads(process.stdout)["idle"] == "true", explain(process)
    assert_one_line_error(hwtasks("wait", "job-id", "--idle-for", "3"), 2,
                          "missing parameter(s) required by '--idle-for': --instance")
    assert_one_line_error(hwtasks("wait", "--instance", "i", "--idle-for", "-1"), 2,
                          "--idle-for must be 0 or more seconds, got -1.0")


def test_the_assume_role_recipe_works_against_the_emulator_with_its_domain(hwtasks):
    """The credentials guide's recipe names another account; the emulator has one, which its refusal names."""
    job = hwtasks.job(duration=0)
    hwtasks.emu.control("POST", "/_emulator/identity", {"agencies": ["deployer"]})
    try:
        recipe = {"HW_ASSUME_ROLE_AGENCY_NAME": "deployer", "HW_ASSUME_ROLE_DOMAIN_NAME": "owner-account"}
        assert_one_line_error(hwtasks("job", job["id"], env=recipe), 4, "HTTP 403",
                              "agencies of domain emulator-domain: deployer; POST /_emulator/identity sets them")
        process = hwtasks("-v", "job", job["id"], env=dict(recipe, HW_ASSUME_ROLE_DOMAIN_NAME="emulator-domain"))
        assert process.returncode == 0 and "exchanged for the keys of agency 'deployer'" in process.stderr, \
            explain(process)
    finally:
        hwtasks.emu.control("POST", "/_emulator/identity", {"agencies": []})
