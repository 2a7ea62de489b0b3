"""The first request goes alone: a refusal is sent once, whatever the fan-out; once accepted, calls fan out."""

import threading

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConfigurationError,
    ConnectionFailure,
    HwCloudError,
    NotFoundError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.first_request import FirstRequestGate
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.parallel import parallel_map

REFUSED = AuthenticationError("GET x failed", status=401, error_code="APIGW.0301", request_id="r1")


class Cloud:
    """Answers each sent request with ``answers`` in turn (the last one again); records concurrency."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = 0
        self.in_flight = 0
        self.most_in_flight = 0
        self._lock = threading.Lock()
        self.release = threading.Event()
        self.release.set()

    def send(self):
        with self._lock:
            self.sent += 1
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            answer = self.answers[min(self.sent, len(self.answers)) - 1]
        self.release.wait(5)
        with self._lock:
            self.in_flight -= 1
        if isinstance(answer, Exception):
            raise answer
        return answer


def fan_out(gate, cloud, count=20):
    def one(_index):
        try:
            return gate.run(cloud.send)
        except HwCloudError as error:
            return error
    return parallel_map(one, range(count))


def test_a_refused_first_request_is_the_only_one_sent():
    cloud, told = Cloud(REFUSED, "ok"), []
    results = fan_out(FirstRequestGate(on_refused=told.append), cloud)
    assert cloud.sent == 1
    assert all(isinstance(result, AuthenticationError) for result in results)
    assert {(result.status, result.error_code, result.request_id) for result in results} == {(401, "APIGW.0301", "r1")}
    assert told == [REFUSED]


def test_no_credentials_at_all_stop_every_call_too():
    cloud = Cloud(ConfigurationError("No credentials given."))
    results = fan_out(FirstRequestGate(), cloud)
    assert cloud.sent == 1 and all(isinstance(result, ConfigurationError) for result in results)


@pytest.mark.parametrize("first", ["ok", NotFoundError("no such job", status=404)])
def test_once_accepted_calls_go_concurrently(first):
    cloud = Cloud(first, "ok")
    gate = FirstRequestGate()
    fan_out(gate, cloud, 1)
    assert gate.accepted
    cloud.release.clear()
    threads = [threading.Thread(target=gate.run, args=(cloud.send,)) for _call in range(8)]
    for thread in threads:
        thread.start()
    while cloud.in_flight < 8 and any(thread.is_alive() for thread in threads):
        threading.Event().wait(0.01)
    cloud.release.set()
    for thread in threads:
        thread.join()
    assert cloud.most_in_flight == 8


def test_while_the_first_is_out_nobody_else_is():
    cloud = Cloud("ok")
    cloud.release.clear()
    waves = threading.Thread(target=fan_out, args=(FirstRequestGate(), cloud))
    waves.start()
    threading.Event().wait(0.2)  # time for the other nineteen to try (a slow machine only makes this weaker)
    assert cloud.sent == 1
    cloud.release.set()
    waves.join()
    assert cloud.sent == 20


def test_when_nothing_is_known_the_next_call_goes_first():
    cloud = Cloud(ConnectionFailure("unreachable"), "ok")
    gate = FirstRequestGate()
    with pytest.raises(ConnectionFailure):
        gate.run(cloud.send)
    assert not gate.accepted
    assert gate.run(cloud.send) == "ok" and gate.accepted


def test_the_first_call_may_send_its_own_preliminary_request():
    cloud = Cloud("project", "job")
    gate = FirstRequestGate()
    assert gate.run(lambda: (gate.run(cloud.send), cloud.send())) == ("project", "job")


def test_a_remembered_refusal_sends_nothing():
    cloud = Cloud("ok")
    results = fan_out(FirstRequestGate(refused=REFUSED), cloud, 3)
    assert cloud.sent == 0 and all(isinstance(result, AuthenticationError) for result in results)
