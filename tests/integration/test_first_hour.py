"""What a new user runs into first, through the real entry points: a wrong endpoint or region, typos,
messages, the request trace, a CA bundle from the environment, an instance that does not exist."""

import sys

import pytest

from ansible_collections.hwcloud.tasks.emulator import Emulator
from tests.cli.conftest import HWTASKS, assert_one_line_error, run
from tests.integration.conftest import explain, play_and_show

pytestmark = pytest.mark.integration

# Imported by every Python the test starts (PYTHONPATH): names under the cloud's domain do not resolve,
# as for a region typo, without a single DNS query leaving the machine.
NO_SUCH_HOST = '''
import socket

_resolve = socket.getaddrinfo


def _no_such_host(host, *args, **kwargs):
    if isinstance(host, str) and host.endswith(".myhuaweicloud.com"):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return _resolve(host, *args, **kwargs)


socket.getaddrinfo = _no_such_host
'''


def test_a_dead_endpoint_fails_fast_naming_the_url_and_the_option(ansible, hwtasks):
    process, outcome = play_and_show(ansible, {"hwcloud.tasks.rds_job_wait": {
        "job_id": "abc", "timeout": 600, "endpoints": {"rds": "http://127.0.0.1:9"}}})
    assert outcome["failed"], explain(process)
    assert "http://127.0.0.1:9/v3/" in outcome["msg"] and "could not connect to 127.0.0.1:9" in outcome["msg"]
    assert outcome["msg"].endswith("(check region, cloud or endpoints.rds)") and "timed out" not in outcome["msg"]
    assert "NewConnectionError" not in outcome["msg"] and "object at 0x" not in outcome["msg"]
    cli = hwtasks("wait", "abc", "--rds-endpoint", "http://127.0.0.1:9")
    assert_one_line_error(cli, 4, "could not connect to 127.0.0.1:9", "(check --region, --cloud or --rds-endpoint)")


def test_a_region_that_does_not_resolve_fails_at_once(ansible, hwtasks, tmp_path):
    (tmp_path / "resolver").mkdir()
    (tmp_path / "resolver" / "sitecustomize.py").write_text(NO_SUCH_HOST)
    typo = {"HW_REGION_NAME": "cn-nort-4", "HW_RDS_ENDPOINT": "", "PYTHONPATH": str(tmp_path / "resolver")}
    process, outcome = play_and_show(ansible, {"hwcloud.tasks.rds_job_wait": {"job_id": "abc"}}, env=typo)
    assert outcome["failed"], explain(process)
    assert outcome["msg"] == ("GET https://rds.cn-nort-4.myhuaweicloud.com/v3/%s/jobs?id=abc failed: the host name "
                              "rds.cn-nort-4.myhuaweicloud.com does not resolve (check region, cloud or endpoints.rds)"
                              % ansible.emu.credentials["project_id"])
    cli = hwtasks("wait", "abc", env=typo)
    assert_one_line_error(cli, 4, "rds.cn-nort-4.myhuaweicloud.com does not resolve")


def test_a_lookup_typo_is_an_error_naming_the_options(ansible):
    process = ansible.playbook([{"ansible.builtin.debug": {
        "msg": "{{ query('hwcloud.tasks.rds_job', 'abc', wiat=true, bogus_option=1) }}"}}])
    assert process.returncode != 0, explain(process)
    assert ("hwcloud.tasks.rds_job: unknown options bogus_option, wiat (did you mean wait?); the options are: "
            in process.stdout)
    assert ", wait" in process.stdout


@pytest.mark.parametrize("module_args, says", [
    ("job_id=x timeout=abc", '"msg": "timeout must be a number, got \'abc\'"'),
    ("job_id=x timeot=3", '"msg": "Unsupported parameters for (hwcloud.tasks.rds_job_wait) module: timeot (did you '
                          'mean timeout?)"'),
])
def test_option_mistakes_read_as_one_short_line(ansible, module_args, says):
    process = ansible.adhoc("hwcloud.tasks.rds_job_wait", module_args)
    assert process.returncode != 0 and says in process.stdout, explain(process)
    assert "_AnsibleTaggedStr" not in process.stdout and "ansible_collections." not in process.stdout


def test_a_wrong_password_says_the_status_once(ansible):
    credentials = ansible.emu.credentials
    login = {"access_key": "", "secret_key": "", "user_name": credentials["user_name"], "password": "not-it",
             "domain_name": credentials["domain_name"], "project_id": credentials["project_id"]}
    process, outcome = play_and_show(ansible, {"hwcloud.tasks.rds_task_info": dict(login, job_id="x")})
    assert outcome["failed"] and outcome["http_status"] == 401, explain(process)
    assert "HTTP 401 " in outcome["msg"] and "401 401" not in outcome["msg"]


def test_vvvv_traces_every_request_on_the_controller_and_from_a_module(ansible, emulator):
    job = emulator.control("POST", "/_emulator/jobs", {"duration": 0})
    task = {"hwcloud.tasks.rds_task_info": {"job_id": job["id"]}}
    process, outcome = play_and_show(ansible, task, "-vvvv")
    traced = [line for line in process.stdout.splitlines() if "hwcloud.tasks: GET " in line]
    assert len(traced) == 1 and "/jobs?id=%s -> HTTP 200 (request id " % job["id"] in traced[0], explain(process)
    assert traced[0].rstrip().endswith(" ms") and "request_trace" not in outcome
    # With a task environment the module runs on its host, as on a remote one: the trace is in its result.
    process, outcome = play_and_show(ansible, dict(task, environment={"TZ": "UTC"}), "-vvvv")
    assert len(outcome["request_trace"]) == 1 and " -> HTTP 200 (request id " in outcome["request_trace"][0]
    process, outcome = play_and_show(ansible, dict(task, environment={"TZ": "UTC"}))
    assert "request_trace" not in outcome, explain(process)


def test_ca_path_comes_from_os_cacert():
    with Emulator(speed=20.0, tls=True) as secure:
        job = secure.control("POST", "/_emulator/jobs", {"duration": 0})
        credentials = secure.credentials
        env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "HW_RDS_ENDPOINT": secure.url,
               "HW_PROJECT_ID": credentials["project_id"], "HW_ACCESS_KEY": credentials["access_key"],
               "HW_SECRET_KEY": credentials["secret_key"]}
        untrusted = run([sys.executable, HWTASKS], "job", job["id"], env=env)
        assert_one_line_error(untrusted, 4, "TLS certificate verification failed")
        trusted = run([sys.executable, HWTASKS], "job", job["id"], env=dict(env, OS_CACERT=secure.ca_file))
        assert trusted.returncode == 0 and "succeeded" in trusted.stdout, trusted.stderr


@pytest.mark.parametrize(("module", "command"), [
    ("hwcloud.tasks.rds_job_wait", ("wait", "--instance")),
    ("hwcloud.tasks.rds_task_info", ("tasks", "--instance-id")),
], ids=["waited on until idle", "its tasks listed"])
def test_an_instance_that_does_not_exist_is_an_error(ansible, hwtasks, module, command):
    project = ansible.emu.credentials["project_id"]
    process, outcome = play_and_show(ansible, {module: {"instance_id": "typo-instance-id"}})
    assert outcome["failed"], explain(process)
    assert outcome["msg"].startswith("no RDS instance typo-instance-id in project %s (request id " % project)
    assert_one_line_error(hwtasks(*command, "typo-instance-id"), 4, "no RDS instance typo-instance-id")


def test_a_dms_wait_shows_progress_lines_on_the_controller(ansible, emulator):
    task = emulator.control("POST", "/_emulator/dms-tasks", {"duration": 20, "name": "restartInstance"})
    process = ansible.playbook([{"hwcloud.tasks.dms_task_info": {
        "engine": "kafka", "instance_id": task["instance_id"], "task_id": task["id"], "wait": True,
        "poll_interval": 0.2}}])
    assert process.returncode == 0, explain(process)
    lines = [line for line in process.stdout.splitlines() if "] dms_task_info: %s: " % task["id"] in line]
    assert lines and lines[-1].startswith("[localhost] dms_task_info: ") and " after " in lines[-1], explain(process)
    assert "succeeded" in lines[-1] and lines[-1].endswith("(restartInstance)")
