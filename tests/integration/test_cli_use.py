"""The modules as people run them by hand: ad-hoc commands, and at -vvvv with every secret set."""

import json

import pytest

from tests.integration.conftest import explain

pytestmark = pytest.mark.integration


def create_job(emulator, **spec):
    return emulator.control("POST", "/_emulator/jobs", dict({"duration": 3600}, **spec))


def test_adhoc_command_reads_a_job(ansible, emulator):
    job = create_job(emulator)
    process = ansible.adhoc("hwcloud.tasks.rds_task_info", "job_id=%s" % job["id"])
    assert process.returncode == 0, explain(process)
    result = json.loads(process.stdout.split("=>", 1)[1])
    assert result["job"]["id"] == job["id"] and result["job"]["state"] == "running"


def test_no_secret_appears_at_vvvv(ansible, emulator):
    """Secrets from options and from the environment stay out of all output, success or failure."""
    credentials = emulator.credentials
    job = create_job(emulator)
    secrets = {
        "secret_key": credentials["secret_key"],
        "password": credentials["password"],
        "security_token": credentials["security_token"],
        "auth_token": "token-that-must-stay-hidden-0123456789",
    }
    tasks = [
        {"hwcloud.tasks.rds_task_info": {"job_id": job["id"], "secret_key": credentials["secret_key"]}},
        {"hwcloud.tasks.rds_task_info": {"job_id": job["id"], "access_key": credentials["temp_access_key"],
                                         "secret_key": credentials["temp_secret_key"],
                                         "security_token": credentials["security_token"]}},
        {"hwcloud.tasks.rds_task_info": {"job_id": job["id"], "secret_key": "wrong-secret-key-value"},
         "ignore_errors": True},
        {"hwcloud.tasks.rds_task_info": {"job_id": job["id"], "access_key": "", "secret_key": "",
                                         "auth_token": secrets["auth_token"]}, "ignore_errors": True},
        {"hwcloud.tasks.rds_task_info": {"job_id": job["id"], "access_key": "", "secret_key": "",
                                         "user_name": credentials["user_name"], "password": credentials["password"],
                                         "domain_name": credentials["domain_name"]}},
    ]
    secrets["temp_secret_key"] = credentials["temp_secret_key"]
    del ansible.extra_vars["emulator"]  # the test's own extra vars are echoed at -vvvv: keep secrets out
    secrets["wrong_secret_key"] = "wrong-secret-key-value"
    process = ansible.playbook(tasks, "-vvvv", env={"HW_PASSWORD": credentials["password"]})
    assert "failed=0" in process.stdout and "ignored=2" in process.stdout, explain(process)
    output = process.stdout + process.stderr
    for name, secret in secrets.items():
        assert secret not in output, "%s appears in the output" % name


def test_adhoc_wait(ansible, emulator):
    job = create_job(emulator, duration=40)
    process = ansible.adhoc("hwcloud.tasks.rds_job_wait", "job_id=%s poll_interval=0.5" % job["id"])
    assert process.returncode == 0, explain(process)
    assert "SUCCESS" in process.stdout and '"state": "succeeded"' in process.stdout


def test_a_long_wait_shows_progress_lines(ansible, emulator):
    job = create_job(emulator, duration=160)  # 8 s at the suite's speed
    process = ansible.playbook([{"hwcloud.tasks.rds_job_wait": {"job_id": job["id"], "poll_interval": 0.5}}])
    assert process.returncode == 0, explain(process)
    lines = [line for line in process.stdout.splitlines() if "rds_job_wait: %s" % job["id"] in line]
    assert 2 <= len(lines) <= 5, explain(process)  # a line when it changes, at most one every 5 s
    assert "running" in lines[0] and "%" in lines[0]
    assert "succeeded" in lines[-1]


def test_async_wait_survives_an_expired_login_token(ansible, emulator):
    credentials = emulator.credentials
    job = create_job(emulator, duration=100)  # 5 s at the suite's speed
    control = "{{ lookup('ansible.builtin.env', 'HW_EMULATOR_URL') }}/_emulator/"
    tasks = [
        {"ansible.builtin.uri": {"url": control + "requests", "method": "DELETE"}},
        {
            "hwcloud.tasks.rds_job_wait": {
                "job_id": job["id"], "poll_interval": 0.5, "access_key": "", "secret_key": "",
                "user_name": credentials["user_name"], "password": credentials["password"],
                "domain_name": credentials["domain_name"],
            },
            "async": 60, "poll": 0, "register": "waiting",
        },
        {"ansible.builtin.pause": {"seconds": 2}},
        {"ansible.builtin.uri": {"url": control + "tokens/expire", "method": "POST"}},
        {"ansible.builtin.async_status": {"jid": "{{ waiting.ansible_job_id }}"}, "register": "waited",
         "until": "waited.finished", "retries": 60, "delay": 1},
        {"ansible.builtin.uri": {"url": control + "requests", "return_content": True}, "register": "counted"},
        {"ansible.builtin.assert": {"that": [
            "waited.job.state == 'succeeded'",
            "counted.json.counts['POST /v3/auth/tokens'] == 2",
        ]}},
    ]
    process = ansible.playbook(tasks)
    assert process.returncode == 0, explain(process)
