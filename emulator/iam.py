"""IAM: password login issuing a project-scoped token, the project lookup by region name, and
temporary keys: ``securitytokens`` (an agency assumed, or a token exchanged) and the OpenID Connect
federation that turns an IdP's id token into a token (``id-token/tokens``)."""

from __future__ import annotations

from . import auth, timefmt
from .protocol import ApiError, Response, json_response
from .routing import Call, Route

# IAM's bounds and default of ``duration_seconds`` for temporary keys.
MIN_DURATION, MAX_DURATION, DEFAULT_DURATION = 900, 86400, 900


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


def create_security_token(call: Call) -> Response:
    """``POST /v3.0/OS-CREDENTIAL/securitytokens``: temporary keys for an agency or for a token."""
    identity = _dig(call.request.json(), "auth", "identity")
    methods = _dig(identity, "methods")
    if methods == ["assume_role"] and isinstance(identity.get("assume_role"), dict):
        origin, asked = _assume_role(call, identity["assume_role"])
    elif methods == ["token"]:
        origin, asked = _exchange_token(call, identity.get("token") or {})
    else:
        raise _iam_error(400, "Bad Request", "identity.methods must be [\"assume_role\"] or [\"token\"].")
    key = call.store.issue_temporary_key(origin, _duration(asked))
    return json_response(201, {"credential": temporary_key_view(call, key)})


def temporary_key_view(call: Call, key) -> dict:
    """A temporary key as IAM and the metadata service answer it."""
    return {
        "access": key.access_key,
        "secret": key.secret_key,
        "securitytoken": key.security_token,
        "expires_at": timefmt.iam(call.store.wall(key.expires)),
    }


def _assume_role(call: Call, role: dict) -> tuple[str, object]:
    auth.authenticate(call.request, call.store)  # signed with the account's keys, or with a token
    credentials = call.store.credentials
    domain_matches = (role.get("domain_name") == credentials.domain_name
                      or role.get("domain_id") == credentials.domain_id)
    if role.get("agency_name") not in call.store.identity.agencies or not domain_matches:
        # IAM's words, then the emulator's own: which agencies its one account has, and where they are set.
        known = ", ".join(call.store.identity.agencies) or "none"
        raise _iam_error(403, "Forbidden", "The agency does not exist in that domain, or it may not be assumed. "
                         "(Emulator: agencies of domain %s: %s; POST /_emulator/identity sets them.)"
                         % (credentials.domain_name, known))
    return "agency %s" % role["agency_name"], role.get("duration_seconds")


def _exchange_token(call: Call, body: dict) -> tuple[str, object]:
    value = call.request.headers.get("x-auth-token") or body.get("id")
    token = call.store.token(value) if isinstance(value, str) else None
    if token is None or call.store.now() >= token.expires:
        raise _iam_error(401, "Unauthorized", "The token is invalid or has expired.")
    return token.origin, body.get("duration_seconds")


def _duration(asked) -> float:
    if asked is None:
        return float(DEFAULT_DURATION)
    if isinstance(asked, bool) or not isinstance(asked, int) or not MIN_DURATION <= asked <= MAX_DURATION:
        raise _iam_error(400, "Bad Request", "duration_seconds must be an integer from %d to %d."
                         % (MIN_DURATION, MAX_DURATION))
    return float(asked)


def token_from_id_token(call: Call) -> Response:
    """``POST /v3.0/OS-AUTH/id-token/tokens``: an IdP's id token (``X-Idp-Id``) for an unscoped token."""
    idp_id = call.request.headers.get("x-idp-id")
    given = _dig(call.request.json(), "auth", "id_token", "id")
    if not idp_id or not isinstance(given, str):
        raise _iam_error(400, "Bad Request", "The X-Idp-Id header and auth.id_token.id are required.")
    expected = call.store.identity.id_token(idp_id)
    if expected is None or given != expected:
        raise _iam_error(401, "Unauthorized", "The identity provider does not accept this id token.")
    value, token = call.store.issue_token(origin="OIDC idp %s" % idp_id)
    body = {
        "token": {
            "expires_at": timefmt.iam(call.store.wall(token.expires)),
            "issued_at": timefmt.iam(call.store.wall(token.issued)),
            "methods": ["mapped"],
            "user": {"name": "federated-user", "OS-FEDERATION": {"identity_provider": {"id": idp_id}}},
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
    Route("POST", "/v3.0/OS-CREDENTIAL/securitytokens", create_security_token, authenticated=False,
          wrong_shape={"credential": "not-an-object"}),
    Route("POST", "/v3.0/OS-AUTH/id-token/tokens", token_from_id_token, authenticated=False,
          wrong_shape={"token": "not-an-object"}),
]
