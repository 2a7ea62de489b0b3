"""Each folder under targets/ is a role of tasks that asserts what the modules return."""

import pytest

from tests.integration.conftest import TARGETS, explain

# setup_* roles are helpers the targets include, as in ansible-test.
ROLES = sorted(
    path.name for path in TARGETS.iterdir()
    if (path / "tasks" / "main.yml").is_file() and not path.name.startswith("setup_")
)


@pytest.mark.integration
@pytest.mark.parametrize("role", ROLES)
def test_target(ansible, role):
    process = ansible.playbook(role)
    assert process.returncode == 0, explain(process)
    assert "failed=0" in process.stdout, explain(process)
