"""A stand-in for ``CloudClient`` in tests of the code that builds requests and reads answers."""

import contextlib


class FakeClient:
    """Answers ``call`` from ``answer(path, params)``; counts requests like the real client."""

    def __init__(self, answer):
        self.answer = answer
        self.calls = []
        self.requests_sent = 0

    def call(self, service, method, path, path_params=None, params=None, schema=None, deadline=None, **_):
        self.calls.append(dict(service=service, method=method, path=path, path_params=path_params, params=params))
        self.requests_sent += 1
        result = self.answer(path_params, params)
        if isinstance(result, Exception):
            raise result
        return result

    throttled = 0

    def throttling_to_caller(self):
        return contextlib.nullcontext()

    def bound_first_contact(self, seconds):
        self.first_contact_seconds = seconds

    def last_request_id(self):
        return "req-%d" % self.requests_sent
