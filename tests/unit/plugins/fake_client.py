"""A stand-in for ``CloudClient`` in tests of the code that builds requests and reads answers."""

import contextlib
import types

RDS_INSTANCES = "/v3/{project_id}/instances"


def existing_instance(path_params, params):
    """ListInstances when the project has the instance asked for."""
    return {"instances": [{"id": params["id"]}], "total_count": 1}


class ClientHooks:
    """What the waiting engine asks of a client beside ``call``, as ``CloudClient`` answers it: no 429 ever
    seen, nothing to bound, one project; the request id of the last request; a gateway per service, this
    process's, and no cap on its rate."""

    throttled_answers = 0
    requests_sent = 0
    gateways = None
    config = types.SimpleNamespace(api_rate_limit=None)

    def gateway_key(self, service):
        return service

    def throttling_to_caller(self):
        return contextlib.nullcontext()

    def bound_first_contact(self, seconds):
        self.first_contact_seconds = seconds

    def project_id(self, deadline=None):
        return "project"

    def last_request_id(self):
        return "req-%d" % self.requests_sent


class FakeClient(ClientHooks):
    """Answers ``call`` from ``answer(path_params, params)``, or from ``routes[path]`` (same signature)
    when the path template has a route; keeps each call (the body too) and counts requests like the
    real client.  Every RDS instance asked for exists unless ``routes`` says otherwise."""

    def __init__(self, answer=None, routes=None):
        self.answer = answer
        self.routes = dict({RDS_INSTANCES: existing_instance}, **(routes or {}))
        self.calls = []
        self.requests_sent = 0

    def call(self, service, method, path, path_params=None, params=None, body=None, schema=None, deadline=None,
             **_):
        self.calls.append(dict(service=service, method=method, path=path, path_params=path_params, params=params,
                               body=body))
        self.requests_sent += 1
        result = self.routes.get(path, self.answer)(path_params, params)
        if isinstance(result, Exception):
            raise result
        return result
