"""The emulator's own view of one HTTP exchange: what the handlers receive and what they return.

Handlers never see the socket; ``server.py`` turns a ``Response`` into bytes on the wire, and
``RESET`` into an abortive close.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

JSON = "application/json"


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # raw, still percent-encoded, without the query
    query: str  # raw query string
    headers: dict[str, str]  # names lower-cased
    body: bytes = b""
    scheme: str = "http"

    @property
    def target(self) -> str:
        return "%s?%s" % (self.path, self.query) if self.query else self.path

    @property
    def params(self) -> dict[str, str]:
        """Decoded query parameters; a repeated name keeps its last value."""
        return dict(parse_qsl(self.query, keep_blank_values=True))

    def json(self):
        """The body decoded as JSON, or None when it is empty or not JSON."""
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)


def json_response(status: int, payload, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(status, body, JSON, dict(headers or {}))


# Sentinel: close the connection with a TCP reset instead of answering.
RESET = Response(0, b"")


class ApiError(Exception):
    """Raised by handlers; carries the complete error response the cloud would send."""

    def __init__(self, status: int, payload):
        super().__init__(status, payload)
        self.response = json_response(status, payload)


def coded_error(status: int, code: str, message: str) -> ApiError:
    """The ``{"error_code", "error_msg"}`` body shared by the API gateway, RDS and DMS."""
    return ApiError(status, {"error_code": code, "error_msg": message})


def wrong_project_error(code: str):
    """A route's answer to a project id in the URL that is not the credentials' project, with ``code``."""
    return lambda project_id: coded_error(
        403, code, "The project %s in the URL is not the credentials' project." % project_id)
