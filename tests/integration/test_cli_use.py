"""The modules as people run them by hand: ad-hoc commands, and at -vvvv with every secret set."""

import json
import uuid

import pytest

from tests.integration.conftest import explain

pytestmark = pytest.mark.integration
CONTROL = "{{ lookup('ansible.builtin.env', 'HW_EMULATOR_URL') }}/_emulator/"


def create_job(emulator, **spec):
    return emulator.control("POST", "/_emulator/jobs", dict({"duration": 3600}, **spec))


def test_adhoc_command_reads_a_job(ansible, emulator):
    job = create_job(emulator)
    process = ansible.adhoc("hwcloud.tasks.rds_task_info", "job_id=%s" % job["id"])
    assert process.returncode == 0, explain(process)
    result = json.loads(process.stdout.split("=>", 1)[1])
    assert result["job"]["id"] == job["id"] and result["job"]["state"] == "running"


ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.id-token-that-must-stay-hidden.signature"


@pytest.fixture
def identity(emulator):
    """The emulator's account with an agency, an ECS agency and an IdP, for this test only."""
    emulator.control("POST", "/_emulator/identity", {"agencies": ["deployer"], "metadata_agency": "ecs-runner",
                                                     "identity_providers": {"github": ID_TOKEN}})
    yield emulator
    emulator.control("POST", "/_emulator/identity", {"agencies": [], "metadata_agency": None,
                                                     "identity_providers": {}})


def test_no_secret_appears_at_vvvv(ansible, identity):
    """Every module and the lookup, with each kind of credential, succeeding and failing, at -vvvv:
    no secret in the output, nor in what the emulator logged of the requests it received: neither the
    ones given, nor the temporary keys and security tokens the emulator issued along the way."""
    emulator = identity
    credentials = emulator.credentials
    job = create_job(emulator, duration=20)
    dms = emulator.control("POST", "/_emulator/dms-tasks", {"duration": 20})
    token = "token-that-must-stay-hidden-0123456789"
    no_keys = {"access_key": "", "secret_key": ""}
    logins = [
        {"secret_key": credentials["secret_key"]},
        {"access_key": credentials["temp_access_key"], "secret_key": credentials["temp_secret_key"],
         "security_token": credentials["security_token"]},
        dict(no_keys, user_name=credentials["user_name"], password=credentials["password"],
             domain_name=credentials["domain_name"]),
        {"assume_role": {"agency_name": "deployer", "domain_name": credentials["domain_name"]}},
        dict(no_keys, idp_id="github", id_token=ID_TOKEN),
        dict(no_keys, password="", endpoints={"metadata": emulator.url}),  # HW_PASSWORD is set: no password login
    ]
    refused = [{"secret_key": "wrong-secret-key-value"}, dict(no_keys, auth_token=token),
               dict(no_keys, idp_id="github", id_token="wrong-id-token-value")]
    tasks = []
    for login, ignore in [(login, False) for login in logins] + [(login, True) for login in refused]:
        for module, args in (
            ("hwcloud.tasks.rds_task_info", {"job_id": job["id"]}),
            ("hwcloud.tasks.rds_job_wait", {"job_id": job["id"], "poll_interval": 0.5}),
            ("hwcloud.tasks.dms_task_info", {"engine": "kafka", "instance_id": dms["instance_id"],
                                             "task_id": dms["id"], "wait": True, "poll_interval": 0.5}),
        ):
            tasks.append({module: dict(args, **login), "ignore_errors": ignore})
        given = ", ".join("%s=%s" % (name, json.dumps(value)) for name, value in login.items())
        for lookup in ("query('hwcloud.tasks.rds_job', '%s', %s)" % (job["id"], given),
                       "query('hwcloud.tasks.dms_task', '%s', engine='kafka', instance_id='%s', wait=true, %s)"
                       % (dms["id"], dms["instance_id"], given)):
            tasks.append({"ansible.builtin.debug": {"msg": "{{ %s }}" % lookup}, "ignore_errors": ignore})
    secrets = {"token": token, "wrong secret key": "wrong-secret-key-value", "id token": ID_TOKEN,
               "wrong id token": "wrong-id-token-value"}
    secrets.update((name, credentials[name]) for name in ("secret_key", "temp_secret_key", "security_token",
                                                          "password"))
    del ansible.extra_vars["emulator"]  # the test's own extra vars are echoed at -vvvv: keep secrets out
    emulator.control("DELETE", "/_emulator/requests")
    process = ansible.playbook(tasks, "-vvvv", env={"HW_PASSWORD": credentials["password"]})
    assert "failed=0" in process.stdout and "ignored=%d" % (5 * len(refused)) in process.stdout, explain(process)
    issued = emulator.app.store.temporary_keys()
    assert {key.origin for key in issued} >= {"agency deployer", "OIDC idp github", "ECS metadata, agency ecs-runner"}
    for key in issued:
        secrets["secret key of %s" % key.access_key] = key.secret_key
        secrets["security token of %s" % key.access_key] = key.security_token
    received = json.dumps(emulator.control("GET", "/_emulator/requests"))
    for name, secret in secrets.items():
        assert secret not in process.stdout + process.stderr, "%s appears in the output" % name
        assert secret not in received, "%s appears in the emulator's request log" % name


def test_v_says_where_the_credentials_came_from(ansible, identity):
    job = create_job(identity)
    lookup = "{{ query('hwcloud.tasks.rds_job', '%s', endpoints={'metadata': '%s'}) }}" % (job["id"], identity.url)
    tasks = [{"hwcloud.tasks.rds_task_info": {"job_id": job["id"]}},
             {"hwcloud.tasks.rds_task_info": {"job_id": job["id"], "endpoints": {"metadata": identity.url}},
              "environment": {"HW_ACCESS_KEY": "", "HW_SECRET_KEY": ""}},
             {"ansible.builtin.debug": {"msg": lookup}}]
    process = ansible.playbook(tasks, "-v", env={"HW_ACCESS_KEY": "", "HW_SECRET_KEY": "",
                                                 "HW_ASSUME_ROLE_AGENCY_NAME": "deployer",
                                                 "HW_ASSUME_ROLE_DOMAIN_NAME": identity.credentials["domain_name"],
                                                 "HW_USER_NAME": identity.credentials["user_name"],
                                                 "HW_USER_PASSWORD": identity.credentials["password"],
                                                 "HW_DOMAIN_NAME": identity.credentials["domain_name"]})
    assert process.returncode == 0, explain(process)
    assert ("[localhost] hwcloud.tasks.rds_task_info: credentials: IAM password login from HW_USER_NAME, "
            "HW_USER_PASSWORD, exchanged for the keys of agency 'deployer'") in process.stdout, explain(process)
    assert ("hwcloud.tasks.rds_job: credentials: IAM password login from HW_USER_NAME, HW_USER_PASSWORD, "
            "exchanged for the keys of agency 'deployer'") in process.stdout, explain(process)
    assert identity.credentials["password"] not in process.stdout


def test_adhoc_wait(ansible, emulator):
    job = create_job(emulator, duration=40)
    process = ansible.adhoc("hwcloud.tasks.rds_job_wait", "job_id=%s poll_interval=0.5" % job["id"])
    assert process.returncode == 0, explain(process)
    assert "SUCCESS" in process.stdout and '"state": "succeeded"' in process.stdout


def test_a_long_wait_shows_progress_lines(ansible):
    job_id = "progress-%s" % uuid.uuid4()
    process = ansible.playbook([
        # 8 s at the suite's speed, from the task right before the wait: ansible-playbook's start-up,
        # slow on a loaded machine, is not taken from them.
        {"ansible.builtin.uri": {"url": CONTROL + "jobs", "method": "POST", "body_format": "json",
                                 "body": {"id": job_id, "duration": 160}}},
        {"hwcloud.tasks.rds_job_wait": {"job_id": job_id, "poll_interval": 0.5}},
    ])
    assert process.returncode == 0, explain(process)
    lines = [line for line in process.stdout.splitlines() if "rds_job_wait: %s" % job_id in line]
    assert 2 <= len(lines) <= 5, explain(process)  # a line when it changes, at most one every 5 s
    assert "running" in lines[0] and "%" in lines[0]
    assert "succeeded" in lines[-1]


def test_async_wait_survives_an_expired_login_token(ansible, emulator):
    """The login token expires while the wait runs.  The job is created only after that, once the wait
    has polled for it: the wait must poll with the expired token, whatever the machine's load."""
    credentials = emulator.credentials
    job_id = "relogin-%s" % uuid.uuid4()
    tasks = [
        {"ansible.builtin.uri": {"url": CONTROL + "requests", "method": "DELETE"}},
        {
            "hwcloud.tasks.rds_job_wait": {
                "job_id": job_id, "poll_interval": 0.5, "access_key": "", "secret_key": "",
                "user_name": credentials["user_name"], "password": credentials["password"],
                "domain_name": credentials["domain_name"],
            },
            "async": 60, "poll": 0, "register": "waiting",
        },
        {"ansible.builtin.uri": {"url": CONTROL + "requests"}, "register": "asked",
         "until": "asked.json.counts['GET /v3/{project_id}/jobs'] | default(0) > 0", "retries": 240, "delay": 0.25},
        {"ansible.builtin.uri": {"url": CONTROL + "tokens/expire", "method": "POST"}},
        {"ansible.builtin.uri": {"url": CONTROL + "jobs", "method": "POST", "body_format": "json",
                                 "body": {"id": job_id, "duration": 0}}},
        {"ansible.builtin.async_status": {"jid": "{{ waiting.ansible_job_id }}"}, "register": "waited",
         "until": "waited.finished", "retries": 240, "delay": 0.25},
        {"ansible.builtin.uri": {"url": CONTROL + "requests", "return_content": True}, "register": "counted"},
        {"ansible.builtin.assert": {"that": [
            "waited.job.state == 'succeeded'",
            "counted.json.counts['POST /v3/auth/tokens'] == 2",
        ]}},
    ]
    process = ansible.playbook(tasks)
    assert process.returncode == 0, explain(process)


def test_the_deprecated_wait_timeout_of_dms_task_info_says_so(ansible, emulator):
    """Run in-process on the controller, the module's deprecated alias is reported as the module reports it."""
    task = emulator.control("POST", "/_emulator/dms-tasks", {"duration": 0})
    args = {"engine": "kafka", "instance_id": task["instance_id"], "task_id": task["id"], "wait": True,
            "wait_timeout": 30}
    process = ansible.playbook([{"hwcloud.tasks.dms_task_info": args}], env={"ANSIBLE_DEPRECATION_WARNINGS": "1"})
    assert process.returncode == 0, explain(process)
    assert "Alias 'wait_timeout' is deprecated" in process.stdout + process.stderr, explain(process)
