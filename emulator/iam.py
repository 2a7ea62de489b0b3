"""IAM: password login issuing a project-scoped token, and the project lookup by region name."""

from __future__ import annotations

from . import timefmt
from .protocol import ApiError, Response, json_response
from .routing import Call, Route


def _iam_error(status: int, title: str, message: str) -> ApiError:
    """IAM's (Keystone's) error body, unlike the ``error_code``/``error_msg`` of the other services."""
    return ApiError(status, {"error": {"code": status, "message": message, "title": title}})


def issue_token(call: Call) -> Response:
    credentials = call.store.credentials
    auth = _dig(call.request.json(), "auth")
    identity = _dig(auth, "identity")
    user = _dig(identity, "password", "user")
    methods = _dig(identity, "methods")
    if not isinstance(methods, list) or "password" not in methods or not isinstance(user, dict):
        raise _iam_error(400, "Bad Request", "The request body must use the password method.")
    if (
        user.get("name") != credentials.user_name
        or user.get("password") != credentials.password
        or _dig(user, "domain", "name") != credentials.domain_name
    ):
        raise _iam_error(401, "Unauthorized", "The username or password is wrong.")
    project = _dig(auth, "scope", "project")
    if not isinstance(project, dict) or not (
        project.get("name") == credentials.project_name or project.get("id") == credentials.project_id
    ):
        raise _iam_error(400, "Bad Request", "The project in the scope does not exist or is not accessible.")

    value, token = call.store.issue_token()
    domain = {"id": credentials.domain_id, "name": credentials.domain_name}
    body = {
        "token": {
            "expires_at": timefmt.iam(call.store.wall(token.expires)),
            "issued_at": timefmt.iam(call.store.wall(token.issued)),
            "methods": ["password"],
            "project": {"id": credentials.project_id, "name": credentials.project_name, "domain": domain},
            "user": {"id": credentials.user_id, "name": credentials.user_name, "domain": domain},
            "roles": [{"id": "0", "name": "op_fine_grained"}],
            "catalog": [],
        }
    }
    return json_response(201, body, {"X-Subject-Token": value})


def list_projects(call: Call) -> Response:
    credentials = call.store.credentials
    base = "%s://%s" % (call.request.scheme, call.request.headers.get("host", "localhost"))
    name = call.request.params.get("name")
    projects = []
    if name is None or name == credentials.project_name:
        projects.append(
            {
                "id": credentials.project_id,
                "name": credentials.project_name,
                "domain_id": credentials.domain_id,
                "parent_id": credentials.domain_id,
                "description": "",
                "enabled": True,
                "is_domain": False,
                "links": {"self": "%s/v3/projects/%s" % (base, credentials.project_id)},
            }
        )
    self_link = base + call.request.target
    return json_response(200, {"projects": projects, "links": {"self": self_link, "previous": None, "next": None}})


def _dig(value, *keys):
    """``value[k1][k2]...``, or None as soon as a level is missing or not an object."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


ROUTES = [
    Route("POST", "/v3/auth/tokens", issue_token, authenticated=False, wrong_shape={"token": "not-an-object"}),
    Route("GET", "/v3/projects", list_projects, wrong_shape={"projects": {"id": 5}}),
]
