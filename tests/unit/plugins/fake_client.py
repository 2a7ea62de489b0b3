"""A stand-in for ``CloudClient`` in tests of the code that builds requests and reads answers."""


class FakeClient:
    """Answers ``call`` from ``answer(path_params, params)``, or from ``routes[path]`` (same signature)
    when the path template has a route; keeps each call (the body too) and counts requests like the
    real client."""

    def __init__(self, answer=None, routes=None):
        self.answer = answer
        self.routes = routes or {}
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

    def last_request_id(self):
        return "req-%d" % self.requests_sent
