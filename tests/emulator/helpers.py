"""Helpers of the emulator's tests: a client calling the emulated APIs, a clock the test moves, and polling."""

from __future__ import annotations

import json
import time
from urllib.parse import quote, urlsplit

import pytest
import requests

from ansible_collections.hwcloud.tasks.emulator import ControlError
from ansible_collections.hwcloud.tasks.emulator.clock import Clock
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import signing


class Api:
    """Calls the emulated APIs the way the collection does: AK/SK-signed (or with a token), no retries."""

    def __init__(self, emu, access_key=None, secret_key=None):
        credentials = emu.credentials
        self.url = emu.url
        self.project_id = credentials["project_id"]
        self.access_key = access_key or credentials["access_key"]
        self.secret_key = secret_key or credentials["secret_key"]
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy from the environment for 127.0.0.1

    def request(self, method, path, params=None, body=None, headers=None, token=None, sign=True, **sign_options):
        path = path.replace("{project_id}", self.project_id)
        data = json.dumps(body).encode("utf-8") if body is not None else b""
        headers = dict({"Content-Type": "application/json"}, **(headers or {}))
        if token is not None:
            headers["X-Auth-Token"] = token
        elif sign:
            host = urlsplit(self.url).netloc
            headers = signing.sign(
                self.access_key, self.secret_key, method, host, path, params or {}, headers, data, **sign_options
            )
        query = signing.canonical_query_string(params or {})
        url = self.url + path + ("?" + query if query else "")
        return self.session.request(method, url, data=data or None, headers=headers, timeout=10)

    def get(self, path, params=None, **kwargs):
        return self.request("GET", path, params, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request("POST", path, body=body, **kwargs)

    def job(self, job_id, **kwargs):
        return self.get("/v3/{project_id}/jobs", {"id": job_id}, **kwargs)

    def tasklist(self, **params):
        return self.get("/v3/{project_id}/tasklist", params)

    def task_center(self, instance_id, body):
        return self.post("/v3/{project_id}/instances/%s/task-center-detail" % quote(instance_id, safe=""), body)

    def dms_tasks(self, instance_id, **params):
        return self.get("/v2/{project_id}/instances/%s/tasks" % quote(instance_id, safe=""), params)

    def dms_task(self, instance_id, task_id):
        return self.get(
            "/v2/{project_id}/instances/%s/tasks/%s" % (quote(instance_id, safe=""), quote(task_id, safe=""))
        )

    def login(self, emu, **overrides):
        credentials = emu.credentials
        user = {"name": credentials["user_name"], "password": credentials["password"]}
        user["domain"] = {"name": credentials["domain_name"]}
        user.update(overrides)
        body = {
            "auth": {
                "identity": {"methods": ["password"], "password": {"user": user}},
                "scope": {"project": {"name": credentials["region"]}},
            }
        }
        return self.post("/v3/auth/tokens", body, sign=False)


class ManualClock(Clock):
    """Emulated time that stands still until the test calls ``advance()``: what an answer says at a
    given emulated instant, however slowly a loaded machine gets there.  Reported times stay real:
    emulated second 0 is the wall-clock time the clock was made, and time runs at speed 1 from there."""

    def __init__(self):
        super().__init__(speed=1.0)
        self._now = 0.0

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds


def wait_until(predicate, timeout=30.0, interval=0.02):
    """Poll ``predicate`` until it returns something truthy; return that, or fail after ``timeout`` s
    (a bound only a broken emulator reaches: the wait ends as soon as the condition holds)."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("condition not met within %s s" % timeout)
        time.sleep(interval)


def refused(emu, method, path, body=None):
    """What the control API says when it refuses ``body`` with a 400."""
    with pytest.raises(ControlError) as error:
        emu.control(method, path, body)
    assert error.value.status == 400
    return error.value.payload["error"]
