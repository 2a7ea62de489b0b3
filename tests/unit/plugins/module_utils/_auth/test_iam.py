"""IAM password login: the user's domain by name or id, the project scope by id or name."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.iam import login_body, password_login
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError


def scope_and_domain(**kwargs):
    body = login_body("u", "p", **kwargs)["auth"]
    return body["scope"]["project"], body["identity"]["password"]["user"]["domain"]


@pytest.mark.parametrize("kwargs, project, domain", [
    ({"domain_name": "d", "region": "eu-de"}, {"name": "eu-de"}, {"name": "d"}),
    ({"domain_id": "d1", "region": "eu-de", "project_name": "eu-de_team"}, {"name": "eu-de_team"}, {"id": "d1"}),
    ({"domain_name": "d", "domain_id": "d1", "project_id": "p1", "project_name": "x"}, {"id": "p1"}, {"name": "d"}),
])
def test_login_scope_and_domain(kwargs, project, domain):
    assert scope_and_domain(**kwargs) == (project, domain)


def test_login_needs_a_project_to_scope_to():
    with pytest.raises(ConfigurationError, match="set region, project_name or project_id"):
        password_login(None, "https://iam.example", "u", "p", "d")
