# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""IAM: password login (``POST /v3/auth/tokens``) and finding a region's project id."""

from __future__ import annotations

import json

from ansible_collections.hwcloud.tasks.plugins.module_utils import _schemas, _times
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError, ResponseError


class IssuedToken:
    """A token from IAM: its value, the project it is scoped to, and when it stops working."""

    def __init__(self, value, project_id, expires_at):
        self.value = value
        self.project_id = project_id
        self.expires_at = expires_at

    def __repr__(self):
        return "IssuedToken(project_id=%r, expires_at=%r)" % (self.project_id, self.expires_at)


def login_body(user_name, password, domain_name, project_id=None, region=None):
    """The password-method request, scoped to a project by id, else by name (the region's name)."""
    project = {"id": project_id} if project_id else {"name": region}
    return {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {"user": {"name": user_name, "password": password, "domain": {"name": domain_name}}},
            },
            "scope": {"project": project},
        }
    }


def password_login(transport, iam_url, user_name, password, domain_name, project_id=None, region=None,
                   deadline=None):
    if not (project_id or region):
        raise ConfigurationError("Password login needs a project to scope the token to: set region or project_id.")
    url = iam_url + "/v3/auth/tokens"
    body = json.dumps(login_body(user_name, password, domain_name, project_id, region)).encode("utf-8")
    _status, headers, text = transport.send(
        "POST", url, {"Content-Type": "application/json;charset=utf8"}, body, deadline=deadline
    )
    token = headers.get("X-Subject-Token")
    if not token:
        raise ResponseError("Unexpected answer from POST %s: no X-Subject-Token header" % url,
                            request_id=headers.get("X-Request-Id"), url=url)
    try:
        answer = _schemas.validate(_schemas.IAM_TOKEN, json.loads(text or "{}"), "POST " + url)
    except ValueError:
        raise ResponseError("Unexpected answer from POST %s: the body is not JSON" % url, url=url) from None
    details = answer["token"]
    project = details.get("project") or {}
    try:
        expires_at = _times.parse(details.get("expires_at"))
    except ValueError:
        expires_at = None
    return IssuedToken(token, project.get("id") or project_id, expires_at)


def project_id_for_region(client, region, deadline=None):
    """``GET /v3/projects?name=<region>``: exactly one project must answer."""
    if not region:
        raise ConfigurationError(
            "No project_id and no region to find it from: set project_id (HW_PROJECT_ID) or region (HW_REGION_NAME)."
        )
    answer = client.call("iam", "GET", "/v3/projects", params={"name": region}, schema=_schemas.IAM_PROJECTS,
                         deadline=deadline, project_scoped=False)
    ids = [project["id"] for project in answer["projects"]]
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise ConfigurationError(
            "IAM knows no project named %r for these credentials: check region, or set project_id." % region
        )
    raise ConfigurationError(
        "IAM lists %d projects named %r (%s): set project_id to the one to use." % (len(ids), region, ", ".join(ids))
    )
