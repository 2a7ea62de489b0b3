"""One request from start to end: control API, or fault, routing, authentication, handler and log."""

from __future__ import annotations

import functools

from . import auth, control, dms, iam, metadata, rds
from .credentials import Credentials
from .faults import FaultBook
from .protocol import RESET, ApiError, Request, Response, coded_error
from .requestlog import RequestLog
from .routing import Call, Route, Router
from .store import Store


class App:
    def __init__(self, credentials: Credentials, speed: float = 1.0, seed: int = 0):
        self.store = Store(credentials, speed, seed)
        self.faults = FaultBook()
        self.requests = RequestLog()
        self.router = Router(iam.ROUTES + metadata.ROUTES + rds.ROUTES + dms.ROUTES)

    def handle(self, request: Request) -> Response:
        if request.path.startswith(control.PREFIX):
            return control.handle(self, request)
        route, params = self.router.match(request.method, request.path)
        key = route.key if route else "%s (no such API)" % request.method
        serve = functools.partial(self._serve, request, route, params)
        # The gateway's quota first: a throttled request never reaches the service (nor its faults).
        fault = self.faults.throttle(key, request.method, request.target, self.store.now())
        fault = fault or self.faults.take(request.method, request.target)
        response = fault.respond(route, serve) if fault else serve()
        self.requests.record(
            key,
            request.method,
            request.path,
            request.query,
            "reset" if response is RESET else response.status,
            auth.scheme(request),
            auth.credential(request, self.store),
        )
        return response

    def _serve(self, request: Request, route: Route | None, params: dict[str, str]) -> Response:
        try:
            if route is None:
                raise coded_error(
                    404, "APIGW.0101", "The API does not exist or has not been published in the environment."
                )
            if route.authenticated:
                auth.authenticate(request, self.store)
            project_id = params.get("project_id")
            if project_id is not None and project_id != self.store.credentials.project_id:
                raise route.project_error(project_id)
            return route.handler(Call(request, params, self.store))
        except ApiError as error:
            return error.response
