"""The ECS metadata service's agency keys, as the official SDK and the Terraform provider read them.

``PUT /meta-data/latest/api/token`` (``X-Metadata-Token-Ttl-Seconds``) gives a session token;
``GET /openstack/latest/securitykey`` (with ``X-Metadata-Token``, or without one as older clients
call it) gives the temporary keys of the agency bound to the server.  With no agency bound (the
default until the control API binds one), it answers as ECS does: "Please configure Cloud Service
Agency first".  In the cloud this lives at http://169.254.169.254; here it shares the emulator's port.
"""

from __future__ import annotations

from .iam import temporary_key_view
from .protocol import ApiError, Response, json_response
from .routing import Call, Route
from .store import METADATA_KEY_TTL

TOKEN_TTL_HEADER = "x-metadata-token-ttl-seconds"
MAX_TOKEN_TTL = 21600
NO_AGENCY = "Please configure Cloud Service Agency first"


def _text(status: int, text: str) -> Response:
    return Response(status, text.encode("utf-8"), "text/plain")


def session_token(call: Call) -> Response:
    ttl = call.request.headers.get(TOKEN_TTL_HEADER, "")
    if not ttl.isdigit() or not 1 <= int(ttl) <= MAX_TOKEN_TTL:
        return _text(400, "X-Metadata-Token-Ttl-Seconds must be from 1 to %d" % MAX_TOKEN_TTL)
    return _text(200, call.store.issue_metadata_token(float(ttl)))


def security_key(call: Call) -> Response:
    token = call.request.headers.get("x-metadata-token")
    if token is not None and not call.store.metadata_token_valid(token):
        raise ApiError(401, {"error": "the metadata token is not valid or has expired"})
    agency = call.store.identity.metadata_agency
    if agency is None:
        raise ApiError(401, {"error": NO_AGENCY})
    key = call.store.issue_temporary_key("ECS metadata, agency %s" % agency, METADATA_KEY_TTL)
    return json_response(200, {"credential": temporary_key_view(call, key)})


ROUTES = [
    Route("PUT", "/meta-data/latest/api/token", session_token, authenticated=False),
    Route("GET", "/openstack/latest/securitykey", security_key, authenticated=False,
          wrong_shape={"credential": {"access": 5}}),
]
