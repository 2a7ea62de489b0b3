# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""IAM: password login (``POST /v3/auth/tokens``) and finding a region's project id."""

from __future__ import annotations

import json

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import schemas, times
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.issued import IssuedToken
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.request import OutgoingRequest
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    ConfigurationError,
    HwCloudError,
    ResponseError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.exchange import exchange


def login_body(user_name, password, domain_name=None, project_id=None, region=None, domain_id=None,
               project_name=None):
    """The password-method request: the user's domain by name, else by id; the project scope by id,
    else by name (the project's own name, else the region's default project)."""
    project = {"id": project_id} if project_id else {"name": project_name or region}
    domain = {"name": domain_name} if domain_name else {"id": domain_id}
    return {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {"user": {"name": user_name, "password": password, "domain": domain}},
            },
            "scope": {"project": project},
        }
    }


def _scope(project_id, project_name, region):
    """The project a login is scoped to, as a message says it."""
    if project_id:
        return "project id %r" % project_id
    if project_name:
        return "project %r" % project_name
    return "project %r (the region's default project)" % region


def password_login(client, iam_url, user_name, password, domain_name, project_id=None, region=None,
                   deadline=None, domain_id=None, project_name=None):
    if not (project_id or project_name or region):
        raise ConfigurationError("Password login needs a project to scope the token to: set region, project_name "
                                 "or project_id.")
    body = json.dumps(login_body(user_name, password, domain_name, project_id, region, domain_id,
                                 project_name)).encode("utf-8")
    request = OutgoingRequest("POST", iam_url, "/v3/auth/tokens", [], {"Content-Type": "application/json;charset=utf8"},
                              body)
    try:
        answer = exchange(client.transport, request, schema=schemas.IAM_TOKEN, deadline=deadline)
    except HwCloudError as error:
        if error.status is not None:  # IAM refused it: say what was asked (a project it has not, often)
            scope = _scope(project_id, project_name, region)
            error.message += " (password login of user %r, scoped to %s)" % (user_name, scope)
        raise
    token = answer.headers.get("X-Subject-Token")
    if not token:
        raise ResponseError("Unexpected answer from POST %s: no X-Subject-Token header" % request.url,
                            request_id=answer.request_id, url=request.url)
    details = answer.body["token"]
    project = details.get("project") or {}
    expires_at, issued_at = (times.read(details.get(name)) for name in ("expires_at", "issued_at"))
    return IssuedToken(token, project.get("id") or project_id, expires_at, issued_at)


def project_id_for_region(client, region, deadline=None, option="region"):
    """``GET /v3/projects?name=<region>`` (or the project's own name, ``option`` then says ``project_name``):
    exactly one project must answer."""
    if not region:
        raise ConfigurationError(
            "No project_id and no region to find it from: set project_id (HW_PROJECT_ID) or region (HW_REGION_NAME)."
        )
    answer = client.call("iam", "GET", "/v3/projects", params={"name": region}, schema=schemas.IAM_PROJECTS,
                         deadline=deadline, project_scoped=False)
    ids = [project["id"] for project in answer["projects"]]
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise ConfigurationError(
            "IAM knows no project named %r for these credentials: check %s, or set project_id." % (region, option)
        )
    raise ConfigurationError(
        "IAM lists %d projects named %r (%s): set project_id to the one to use." % (len(ids), region, ", ".join(ids))
    )
