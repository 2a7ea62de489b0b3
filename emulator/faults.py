"""Failures injected into API calls on demand: what a client of a real cloud meets sooner or later.

A fault matches requests by a substring of their target (path and query, raw or decoded) and
optionally their method, and hits the next ``count`` of them, one fault per request.

A ``quota`` is the gateway's throttling instead: it is never used up, and answers 429 APIGW.0308
(``Retry-After`` only if given) to every matching request beyond ``limit`` accepted ones of the same
route in the last ``seconds`` (a sliding window, on the emulator's clock); throttled requests do not
count as accepted.
"""

from __future__ import annotations

import collections
import dataclasses
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote

from .protocol import JSON, RESET, Response, json_response
from .routing import Route

KINDS = ("latency", "status", "reset", "malformed", "html", "schema", "quota")
DEFAULT_STATUS = {"status": 503, "html": 502, "quota": 429}

# The gateway's answers when it, not the service, fails the call.  APIGW.0308 and the "Backend
# unavailable" / "Backend timeout" messages are documented; the 5xx code numbers are best guesses.
_GATEWAY_ERRORS = {
    429: ("APIGW.0308", "The throttling threshold has been reached: policy user over ratelimit"),
    502: ("APIGW.0202", "Backend unavailable"),
    503: ("APIGW.0202", "Backend unavailable"),
    504: ("APIGW.0203", "Backend timeout"),
}
_HTML_PAGE = (
    "<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


@dataclasses.dataclass(frozen=True)
class Fault:
    kind: str
    path: str = ""
    method: str | None = None
    count: int = 1  # requests it still hits
    status: int | None = None  # "status" and "html"
    retry_after: int | None = None  # seconds, "status" and "html"
    seconds: float = 1.0  # "latency"; "quota": the window
    limit: int | None = None  # "quota": accepted requests per route in the window
    body: Any = None  # "schema": the wrong-shaped body; default: the route's own example

    def matches(self, method: str, target: str) -> bool:
        return (self.method is None or self.method == method) and (self.path in target or self.path in unquote(target))

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)

    def respond(self, route: Route | None, serve: Callable[[], Response]) -> Response:
        """The answer to a request this fault hits; ``serve`` produces the normal answer."""
        if self.kind == "latency":
            time.sleep(self.seconds)
            return serve()
        if self.kind == "reset":
            return RESET
        if self.kind == "malformed":
            body = serve().body
            return Response(200, body[: max(1, len(body) // 2)], JSON)
        if self.kind == "schema":
            wrong = self.body if self.body is not None else getattr(route, "wrong_shape", None)
            return json_response(200, wrong if wrong is not None else {"unexpected": True})
        status = self.status or DEFAULT_STATUS[self.kind]
        headers = {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}
        if self.kind == "html":
            page = _HTML_PAGE.format(status=status, phrase=_phrase(status))
            return Response(status, page.encode("utf-8"), "text/html", headers)
        code, message = _GATEWAY_ERRORS.get(status, ("APIGW.0201", _phrase(status)))
        return json_response(status, {"error_code": code, "error_msg": message}, headers)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class _Quota:
    """A quota fault and, per route, the instants of the requests it accepted within its window."""

    def __init__(self, fault: Fault):
        self.fault = fault
        self.accepted: dict[str, collections.deque] = collections.defaultdict(collections.deque)

    def full(self, route: str, now: float) -> bool:
        window = self.accepted[route]
        while window and window[0] <= now - self.fault.seconds:
            window.popleft()
        return len(window) >= self.fault.limit


class FaultBook:
    def __init__(self):
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._quotas: list[_Quota] = []

    def add(self, fault: Fault) -> None:
        with self._lock:
            if fault.kind == "quota":
                self._quotas.append(_Quota(fault))
            else:
                self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
            self._quotas.clear()

    def pending(self) -> list[Fault]:
        with self._lock:
            return [quota.fault for quota in self._quotas] + list(self._faults)

    def throttle(self, route: str, method: str, target: str, now: float) -> Fault | None:
        """The quota a request to ``route`` at emulated time ``now`` is beyond, or None (it is then accepted)."""
        with self._lock:
            quotas = [quota for quota in self._quotas if quota.fault.matches(method, target)]
            for quota in quotas:
                if quota.full(route, now):
                    return quota.fault
            for quota in quotas:
                quota.accepted[route].append(now)
        return None

    def take(self, method: str, target: str) -> Fault | None:
        """The first fault matching the request, used up by one hit."""
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.matches(method, target):
                    if fault.count > 1:
                        self._faults[index] = dataclasses.replace(fault, count=fault.count - 1)
                    else:
                        del self._faults[index]
                    return fault
        return None
