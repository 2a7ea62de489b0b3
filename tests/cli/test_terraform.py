"""``hwtasks terraform``, driven exactly as hashicorp/external runs a program.

The provider executes ``program`` (found on PATH or by path, not through a shell) with Terraform's
environment and working directory, writes the query as one JSON object of strings on stdin, and
reads one flat JSON object of strings from stdout; on a non-zero exit it shows stderr as the error.
"""

import json
import re

import pytest

from tests.cli.conftest import HWTASKS, REPO, assert_one_line_error, explain, run

pytestmark = pytest.mark.emulator

RESULT_KEYS = {"id", "name", "status", "state", "progress", "terminal", "found", "fail_reason", "instance_id",
               "instance_name", "created_at", "finished_at", "idle", "running_tasks", "elapsed", "polls", "requests",
               "timed_out"}
FAST = {"poll_interval": "0.2", "max_poll_interval": "0.5"}


@pytest.fixture
def external(hwtasks, tmp_path):
    """``external(query, **env changes)``: the finished program, as the provider sees it."""
    def call(query, **env):
        stdin = query if isinstance(query, str) else json.dumps(query)
        return run([HWTASKS, "terraform"], env=hwtasks.env(**env), stdin=stdin, cwd=tmp_path)
    return call


def result_of(process):
    """The protocol's success: exit 0, and stdout one flat JSON object whose values are all strings."""
    assert process.returncode == 0, explain(process)
    result = json.loads(process.stdout)
    assert isinstance(result, dict) and set(result) == RESULT_KEYS
    assert all(isinstance(value, str) for value in result.values()), result
    return result


def test_waits_for_a_job_and_returns_strings(hwtasks, external):
    job = hwtasks.job(duration=20)
    result = result_of(external(dict(FAST, job_id=job["id"])))
    assert result["id"] == job["id"] and result["status"] == "Completed" and result["state"] == "succeeded"
    assert result["progress"] == "100" and result["terminal"] == "true" and result["found"] == "true"
    assert result["instance_id"] == job["instance_id"] and result["instance_name"]
    assert result["timed_out"] == "false" and re.fullmatch(r"\d+\.\d", result["elapsed"]), result["elapsed"]
    assert int(result["polls"]) == len(hwtasks.requests_for(job["id"]))
    assert result["fail_reason"] == "" and result["idle"] == ""  # null: ""
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", result["finished_at"]), result["finished_at"]


def test_wait_false_reads_the_job_as_it_is(hwtasks, external):
    job = hwtasks.job()
    result = result_of(external({"job_id": job["id"], "wait": "false"}))
    assert result["state"] == "running" and result["terminal"] == "false" and result["elapsed"] == ""


def test_an_instance_is_waited_on_until_idle(hwtasks, external):
    job = hwtasks.job(duration=20)
    result = result_of(external(dict(FAST, instance_id=job["instance_id"], timeout="30")))
    assert result["id"] == result["instance_id"] == job["instance_id"]
    assert result["idle"] == "true" and result["running_tasks"] == "0" and result["state"] == "idle"

    busy = hwtasks.job(instance_id=job["instance_id"])
    now = result_of(external({"instance_id": job["instance_id"], "wait": "no"}))
    assert now["idle"] == "false" and now["running_tasks"] == "1" and now["state"] == "running", busy


def test_a_workflow_is_waited_on_through_its_job(hwtasks, external):
    job = hwtasks.job(duration=10, workflow_id="flow-terraform-test")
    query = dict(FAST, instance_id=job["instance_id"], workflow_id="flow-terraform-test")
    assert result_of(external(query))["id"] == job["id"]


def test_connection_keys_come_from_the_query_and_secrets_from_the_environment(hwtasks, external):
    job = hwtasks.job(duration=0)
    credentials = hwtasks.emu.credentials
    query = {"job_id": job["id"], "rds_endpoint": hwtasks.emu.url, "iam_endpoint": hwtasks.emu.url,
             "region": credentials["region"], "project_id": credentials["project_id"], "api_timeout": "10"}
    process = external(query, HW_RDS_ENDPOINT=None, HW_IAM_ENDPOINT=None, HW_REGION_NAME=None, HW_PROJECT_ID=None)
    assert result_of(process)["state"] == "succeeded"
    assert credentials["secret_key"] not in process.stdout + process.stderr


def test_a_failed_job_fails_the_data_source_with_its_reason(hwtasks, external):
    job = hwtasks.job(duration=10, outcome="Failed", fail_reason="quota exceeded")
    process = external(dict(FAST, job_id=job["id"]))
    assert_one_line_error(process, 1, job["id"], "quota exceeded")
    assert process.stdout == ""


def test_fail_on_failed_false_returns_the_failed_job(hwtasks, external):
    job = hwtasks.job(duration=0, outcome="Failed", fail_reason="quota exceeded")
    result = result_of(external({"job_id": job["id"], "fail_on_failed": "false"}))
    assert result["state"] == "failed" and result["fail_reason"] == "quota exceeded"


def test_a_timeout_fails_the_data_source(hwtasks, external):
    job = hwtasks.job()
    process = external(dict(FAST, job_id=job["id"], timeout="1"))
    assert_one_line_error(process, 3, "timed out after 1.0 s", "running")
    assert process.stdout == ""


def test_a_refused_credential_fails_the_data_source(hwtasks, external):
    process = external({"job_id": "x"}, HW_SECRET_KEY="not-the-secret")
    assert_one_line_error(process, 4, "HTTP 401", "request id")


@pytest.mark.parametrize(
    "query, fragment",
    [
        ({"job_id": "x", "timeout": 60}, "query values must be strings (the external protocol): timeout"),
        ({"job_id": "x", "wait": True}, "must be strings (the external protocol): wait"),
        ({"job_id": None}, "must be strings (the external protocol): job_id"),
        ({"job_id": ["a", "b"]}, "must be strings (the external protocol): job_id"),
        ({"job_id": "x", "job": "y"}, "the query: unknown option job; the options are: "),
        ({"job_id": "x", "secret_key": "s3cr3t-value"}, "secret_key: a secret is never read from the query"),
        ({"job_id": "x", "password": "s3cr3t-value"}, "password: a secret is never read from the query"),
        ({"job_id": "x", "wait": "maybe"}, "wait must be true or false, got 'maybe'"),
        ({"job_id": "x", "timeout": "soon"}, "timeout must be a number, got 'soon'"),
        ({"job_id": "x", "timeout": "0"}, "timeout must be a positive number of seconds"),
        ({"job_id": ""}, "job_id must not be empty"),
        ({"job_id": "x", "instance_id": "y"}, "parameters are mutually exclusive: job_id|instance_id"),
        ({"workflow_id": "w"}, "one of the following is required: job_id, instance_id"),
        ({}, "one of the following is required: job_id, instance_id"),
        ('["job_id"]', "stdin must be the query as a JSON object, not list"),
        ("job_id=x", "stdin must be the query as a JSON object: Expecting value"),
        ("", "stdin must be the query as a JSON object"),
    ],
)
def test_bad_input_fails_with_a_message_and_no_result(external, query, fragment):
    process = external(query)
    assert_one_line_error(process, 2, fragment)
    assert process.stdout == "" and "s3cr3t-value" not in process.stderr


def test_the_example_configuration_runs_this_program_with_known_keys():
    from ansible_collections.hwcloud.tasks.cli.terraform import QUERY_SPEC

    main_tf = (REPO / "examples" / "terraform" / "main.tf").read_text()
    blocks = re.findall(r'data "external" "\w+" \{(.*?)\n\}', main_tf, re.S)
    assert blocks, "no external data source in examples/terraform/main.tf"
    for block in blocks:
        assert re.search(r'program\s*=\s*\[.*"terraform"\]', block), block
        query = re.search(r"query\s*=\s*\{(.*?)\n  \}", block, re.S).group(1)
        keys = set(re.findall(r"^\s*(\w+)\s*=", query, re.M))
        assert keys and keys <= set(QUERY_SPEC), keys - set(QUERY_SPEC)


# --- DMS: with `engine` ---------------------------------------------------------------------------


def dms_task(hwtasks, **spec):
    return hwtasks.emu.control("POST", "/_emulator/dms-tasks", dict({"duration": 20}, **spec))


@pytest.mark.parametrize("engine", ["kafka", "rabbitmq", "rocketmq"])
def test_a_dms_task_is_waited_on(hwtasks, external, engine):
    task = dms_task(hwtasks, engine=engine, duration=200)  # 10 s: polled while running, however busy the machine
    result = result_of(external(dict(FAST, engine=engine, instance_id=task["instance_id"], task_id=task["id"])))
    assert (result["id"], result["status"], result["state"], result["terminal"]) == (
        task["id"], "SUCCESS", "succeeded", "true")
    assert result["instance_id"] == task["instance_id"] and result["finished_at"] and result["idle"] == ""
    assert result["timed_out"] == "false" and int(result["polls"]) >= 2


def test_a_dms_task_by_name_and_a_dms_instance_until_idle(hwtasks, external):
    task = dms_task(hwtasks, engine="rabbitmq", name="resizeInstance", visible_after=20)
    query = dict(FAST, engine="rabbitmq", instance_id=task["instance_id"])
    assert result_of(external(dict(query, task_name="resizeInstance")))["id"] == task["id"]
    idle = result_of(external(query))
    shown = (idle["id"], idle["idle"], idle["running_tasks"], idle["state"])
    assert shown == (task["instance_id"], "true", "0", "idle")

    busy = dms_task(hwtasks, engine="rabbitmq", instance_id=task["instance_id"], duration=36000)
    now = result_of(external(dict(query, wait="false")))
    assert (now["idle"], now["running_tasks"], now["elapsed"]) == ("false", "1", ""), busy
    read = result_of(external(dict(query, task_id=busy["id"], wait="false")))
    assert (read["id"], read["state"]) == (busy["id"], "pending")


def test_a_failed_dms_task_or_an_unknown_instance_fails_the_data_source(hwtasks, external):
    task = dms_task(hwtasks, engine="kafka", duration=10, outcome="FAILED")
    process = external(dict(FAST, engine="kafka", instance_id=task["instance_id"], task_id=task["id"]))
    assert_one_line_error(process, 1, task["id"], "failed at ")
    for wait in ("true", "false"):
        process = external({"engine": "kafka", "instance_id": "no-such-instance", "wait": wait})
        assert_one_line_error(process, 4, "no kafka instance no-such-instance in project ", "DMS.00404022")
    assert process.stdout == ""


@pytest.mark.parametrize(
    "query, fragment",
    [
        ({"engine": "kafka"}, "missing required arguments: instance_id"),
        ({"engine": "kafka", "instance_id": "i", "task_id": "t", "task_name": "n"},
         "parameters are mutually exclusive: task_id|task_name"),
        ({"engine": "kafka", "instance_id": "i", "workflow_id": "w"}, "workflow_id: RDS: not with engine"),
        ({"engine": "kafka", "instance_id": "i", "limit": "5"}, "the query: unknown option limit; the options are: "),
        ({"engine": "mqtt", "instance_id": "i"}, "value of engine must be one of: kafka, rabbitmq, rocketmq"),
        ({"job_id": "x", "task_name": "n"}, "task_name: only with engine, for DMS"),
    ],
)
def test_bad_dms_queries_fail_with_a_message_and_no_result(external, query, fragment):
    process = external(query)
    assert_one_line_error(process, 2, fragment)
    assert process.stdout == ""
