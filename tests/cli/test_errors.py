"""Exit codes, one-line errors with the cloud's code and request id, and secrets that never show."""

import pathlib

import pytest

from tests.cli.conftest import HWTASKS, PATH, REPO, assert_one_line_error, explain, run

pytestmark = pytest.mark.emulator

WRONG_SECRET = "wrong-secret-key-that-must-stay-hidden"


@pytest.mark.parametrize(
    "args, fragment",
    [
        ((), "the following arguments are required: COMMAND"),
        (("frobnicate",), "invalid choice"),
        (("job",), "the following arguments are required: JOB_ID"),
        (("job", ""), "JOB_ID must not be empty"),
        (("tasks", "--status", "paused"), "status must be one of Running, Completed, Failed"),
        (("tasks", "--start-time", "2026-01-01"), "parameters are required together: --start-time, --end-time"),
        (("tasks", "--start-time", "yesterday", "--end-time", "now"), "start_time: 'yesterday' is not a time"),
        (("tasks", "--limit", "51"), "51 is not from 1 to 50"),
        (("tasks", "--offset", "-1"), "-1 is not 0 or more"),
        (("dms-tasks", "--engine", "kafka", "inst", "task", "--task-name", "resizeInstance"),
         "parameters are mutually exclusive: TASK|--task-name"),
        (("wait", "--engine", "kafka"), "missing required arguments: --instance"),
        (("wait", "--engine", "kafka", "--instance-id", "inst", "a", "--task-name", "n"),
         "parameters are mutually exclusive: TASK_ID|--task-name"),
        (("wait", "--engine", "kafka", "--instance-id", "inst", "--timeout", "0"),
         "--timeout must be a positive number of seconds"),
        (("wait", "--engine", "kafka", "--instance-id", "inst", "--workflow", "w"),
         "--workflow: task-center workflows are RDS's: not with --engine"),
        (("wait", "job", "--task-name", "n"), "--task-name: only with --engine, for DMS tasks"),
        (("wait", "--engine", "mqtt", "--instance-id", "inst"), "invalid choice: 'mqtt'"),
        (("dms-tasks", "--engine", "kafka", "inst", "task", "--begin-time", "2026-01-01 00:00:00"),
         "parameters are mutually exclusive: TASK|--begin-time"),
        (("dms-tasks", "--engine", "mqtt", "inst"), "invalid choice: 'mqtt'"),
        (("wait",), "one of the following is required: JOB_ID, --instance"),
        (("wait", "job", "--instance", "inst"), "parameters are mutually exclusive: JOB_ID|--instance"),
        (("wait", "--workflow", "flow"), "missing parameter(s) required by '--workflow': --instance"),
        (("wait", "job", "--timeout", "0"), "--timeout must be a positive number of seconds"),
        (("wait", "job", "--timeout", "soon"), "invalid float value: 'soon'"),
        (("job", "x", "--api-timeout", "-1"), "api_timeout must be a positive number"),
        (("wait", "job", "--api-rate-limit", "0"), "api_rate_limit must be a positive number of requests per second"),
        (("job", "x", "--password-file", "/nonexistent/password"), "cannot read --password-file"),
    ],
)
def test_bad_usage_or_input_exits_2_before_any_request(hwtasks, args, fragment):
    hwtasks.emu.control("DELETE", "/_emulator/requests")
    process = hwtasks(*args)
    assert_one_line_error(process, 2, fragment)
    assert process.stdout == ""
    assert hwtasks.emu.control("GET", "/_emulator/requests")["log"] == []


def test_no_credentials_exits_2_naming_the_variables(hwtasks):
    process = hwtasks("job", "x", env={"HW_ACCESS_KEY": None, "HW_SECRET_KEY": None})
    assert_one_line_error(process, 2, "No credentials given", "HW_ACCESS_KEY", "HW_AUTH_TOKEN")


def test_refused_credentials_exit_4_with_code_and_request_id(hwtasks):
    process = hwtasks("job", "x", env={"HW_SECRET_KEY": WRONG_SECRET})
    assert_one_line_error(process, 4, "HTTP 401", "APIGW.", "request id")
    assert WRONG_SECRET not in process.stdout + process.stderr


def test_a_cloud_error_exits_4_with_its_code(hwtasks):
    hwtasks.emu.control("POST", "/_emulator/faults", {"kind": "status", "status": 400, "path": "/jobs"})
    process = hwtasks("job", "x")
    assert_one_line_error(process, 4, "HTTP 400", "request id")


def test_an_unreachable_endpoint_exits_4(hwtasks):
    process = hwtasks("job", "x", "--rds-endpoint", "http://127.0.0.1:9", "--api-retries", "0")
    assert_one_line_error(process, 4, "could not connect to 127.0.0.1:9", "(check --region, --cloud or --rds-endpoint)")


def test_secrets_never_show_in_output_even_on_errors(hwtasks, tmp_path):
    credentials = hwtasks.emu.credentials
    job = hwtasks.job()
    token = "token-that-must-stay-hidden-0123456789"
    password_file = tmp_path / "password"
    password_file.write_text(credentials["password"] + "\n")
    runs = [
        # temporary keys: the security token is sent, signed; everything succeeds
        (0, ("job", job["id"], "--json"), {"HW_ACCESS_KEY": credentials["temp_access_key"],
                                           "HW_SECRET_KEY": credentials["temp_secret_key"],
                                           "HW_SECURITY_TOKEN": credentials["security_token"]}),
        # a wrong secret key: refused by the cloud
        (4, ("wait", job["id"]), {"HW_SECRET_KEY": WRONG_SECRET}),
        # a token that `requests` rejects as a header value, quoting it: masked all the same
        (4, ("job", job["id"]), {"HW_ACCESS_KEY": None, "HW_SECRET_KEY": None, "HW_AUTH_TOKEN": token + "\n"}),
        # password login, the password from a file
        (0, ("job", job["id"], "--password-file", password_file, "--user-name", credentials["user_name"],
             "--domain-name", credentials["domain_name"]), {"HW_ACCESS_KEY": None, "HW_SECRET_KEY": None}),
        # a secret given as a command-line value is refused, without repeating it
        (2, ("job", job["id"], "--secret-key", WRONG_SECRET), {}),
    ]
    secrets = [WRONG_SECRET, token, credentials["secret_key"], credentials["temp_secret_key"],
               credentials["security_token"], credentials["password"]]
    for code, args, env in runs:
        process = hwtasks(*args, env=env)
        assert process.returncode == code, explain(process)
        assert "Traceback" not in process.stderr
        for secret in secrets:
            assert secret not in process.stdout + process.stderr, "a secret shows in: %s" % explain(process)


def test_flags_and_os_variables_fill_in_like_the_modules(hwtasks, tmp_path):
    credentials = hwtasks.emu.credentials
    job = hwtasks.job(duration=0)
    secret_file = tmp_path / "sk"
    secret_file.write_text(credentials["secret_key"])
    env = {"HW_RDS_ENDPOINT": "http://127.0.0.1:9", "HW_ACCESS_KEY": None, "HW_SECRET_KEY": None,
           "OS_ACCESS_KEY": credentials["access_key"], "HW_PROJECT_ID": None,
           "OS_PROJECT_ID": credentials["project_id"]}
    process = hwtasks("job", job["id"], "--rds-endpoint", hwtasks.emu.url, "--secret-key-file", secret_file, env=env)
    assert process.returncode == 0 and "succeeded" in process.stdout, explain(process)


def test_help_lists_the_exit_codes_and_the_docs_do_too(hwtasks):
    from ansible_collections.hwcloud.tasks.cli import exits

    docs = (REPO / "docs" / "docsite" / "rst" / "cli.rst").read_text()
    for args in ((), ("job",), ("tasks",), ("dms-tasks",), ("wait",), ("terraform",), ("emulator",)):
        process = hwtasks(*args, "--help")
        assert process.returncode == 0, explain(process)
        for code, meaning in exits.MEANINGS:
            assert "  %d  %s" % (code, meaning) in process.stdout
            assert "``%d``" % code in docs and meaning in " ".join(docs.split())


def test_the_launcher_runs_by_its_shebang_from_any_folder(tmp_path):
    """As a user runs it from a checkout: executable, ``python`` from PATH, any working directory."""
    link = tmp_path / "bin" / "hwtasks"
    link.parent.mkdir()
    link.symlink_to(HWTASKS)
    process = run([link], "--help", env={"PATH": PATH, "HOME": str(tmp_path)}, cwd=pathlib.Path("/"))
    assert process.returncode == 0 and "exit codes:" in process.stdout, explain(process)
