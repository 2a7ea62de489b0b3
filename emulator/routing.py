"""URL templates like ``/v3/{project_id}/jobs`` and the handlers behind them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from .protocol import ApiError, Request, Response
from .store import Store


@dataclass(frozen=True)
class Call:
    """What a handler gets: the request, the decoded ``{placeholders}`` of its path, the state."""

    request: Request
    params: dict[str, str]
    store: Store


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: Callable[[Call], Response]
    # The service's own error when ``{project_id}`` is not the emulator's project.
    project_error: Callable[[str], ApiError] | None = None
    authenticated: bool = True
    # A 200 body of the wrong shape for this API, answered by the "schema" fault.
    wrong_shape: Any = None

    @property
    def key(self) -> str:
        """How the request log counts calls: ``GET /v3/{project_id}/jobs``."""
        return "%s %s" % (self.method, self.template)

    def match(self, method: str, segments: list[str]) -> dict[str, str] | None:
        parts = self.template.split("/")
        if method != self.method or len(parts) != len(segments):
            return None
        params = {}
        for part, segment in zip(parts, segments, strict=True):
            if part.startswith("{") and part.endswith("}"):
                params[part[1:-1]] = segment
            elif part != segment:
                return None
        return params


class Router:
    def __init__(self, routes: list[Route]):
        self._routes = list(routes)

    @property
    def routes(self) -> tuple[Route, ...]:
        """Every route, in the order they are matched."""
        return tuple(self._routes)

    def match(self, method: str, raw_path: str) -> tuple[Route | None, dict[str, str]]:
        """Split the raw path first and decode each segment after, so an id holding ``%2F`` stays one segment."""
        segments = [unquote(segment) for segment in raw_path.split("/")]
        for route in self._routes:
            params = route.match(method, segments)
            if params is not None:
                return route, params
        return None, {}
