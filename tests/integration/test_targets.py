"""Each folder under targets/ is a role of tasks that asserts what the modules return."""

import pytest

from tests.integration.conftest import TARGETS, explain

# setup_* roles are helpers the targets include, as in ansible-test.
ROLES = sorted(
    path.name for path in TARGETS.iterdir()
    if (path / "tasks" / "main.yml").is_file() and not path.name.startswith("setup_")
)
# Targets that prove the connection settings come from elsewhere than the HW_* variables: their
# ansible-playbook gets useless ones (the action plugins read the controller's own environment).
USELESS_ENVIRONMENT = {
    "HW_RDS_ENDPOINT": "http://127.0.0.1:9",
    "HW_DMS_ENDPOINT": "http://127.0.0.1:9",
    "HW_IAM_ENDPOINT": "http://127.0.0.1:9",
    "HW_ACCESS_KEY": "",
    "HW_SECRET_KEY": "",
    "HW_PROJECT_ID": "",
}
CONTROLLER_ENVIRONMENT = {"module_defaults": USELESS_ENVIRONMENT}


@pytest.mark.integration
@pytest.mark.parametrize("role", ROLES)
def test_target(ansible, role):
    process = ansible.playbook(role, env=CONTROLLER_ENVIRONMENT.get(role))
    assert process.returncode == 0, explain(process)
    assert "failed=0" in process.stdout, explain(process)
