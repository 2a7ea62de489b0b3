"""What a new user runs into after the first hour, through the real entry points: ``ansible``,
``ansible-playbook``, ``bin/hwtasks`` and the emulator."""

import pytest

from tests.cli.conftest import Hwtasks, assert_one_line_error
from tests.integration.conftest import explain
from tests.integration.test_first_hour import play_and_show

pytestmark = pytest.mark.integration


@pytest.fixture
def hwtasks(emulator, tmp_path):
    return Hwtasks(emulator, tmp_path)


def test_listing_the_tasks_of_an_instance_that_does_not_exist_is_an_error(ansible, hwtasks):
    project = ansible.emu.credentials["project_id"]
    process, outcome = play_and_show(ansible, {"hwcloud.tasks.rds_task_info": {"instance_id": "typo-instance-id"}})
    assert outcome["failed"], explain(process)
    assert outcome["msg"].startswith("no RDS instance typo-instance-id in project %s (request id " % project)
    assert_one_line_error(hwtasks("tasks", "--instance-id", "typo-instance-id"), 4, "no RDS instance typo-instance-id")


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
    process = hwtasks("job", job["id"], "-v", env=password_too)
    assert process.returncode == 0 and "hwtasks: %s\n" % said in process.stderr, explain(process)
    assert "never-shown-password" not in process.stdout + process.stderr
