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
