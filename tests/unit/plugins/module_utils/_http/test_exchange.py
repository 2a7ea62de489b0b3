"""The one door: what every request's answer goes through (request id, decoding, the schema, what failed)."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import schemas
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.request import OutgoingRequest
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ResponseError,
    error_from_response,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.exchange import exchange


class Transport:
    """Answers ``(status, text)`` with request id ``req-1``."""

    def __init__(self, status, text):
        self.status, self.text = status, text

    def send(self, method, url, headers, body=None, deadline=None):
        headers_back = {"X-Request-Id": "req-1"}
        if self.status >= 400:
            raise error_from_response(method, url, self.status, headers_back, self.text)
        return self.status, headers_back, self.text


def request(credential=None):
    sent = OutgoingRequest("GET", "https://rds.example", "/v3/p/jobs", [("id", "j 1")], {}, b"")
    sent.credential = credential
    return sent


def test_an_answer_is_decoded_checked_and_its_request_id_kept():
    sent = request()
    answer = exchange(Transport(200, '{"job": {"id": "j 1", "status": "Running"}}'), sent, schema=schemas.RDS_JOB)
    assert answer.body["job"]["id"] == "j 1" and answer.request_id == sent.request_id == "req-1"


def test_text_is_returned_as_it_is_when_not_decoded():
    assert exchange(Transport(200, "session-token\n"), request(), decode=False).body == "session-token\n"


@pytest.mark.parametrize("text, says", [("<html>busy</html>", "not JSON: <html>busy</html>"),
                                        ("", "not JSON: (empty body)"),
                                        ('{"job": {"status": "Running"}}', "$.job: 'id' is a required property")])
def test_an_answer_that_is_not_the_documented_one_says_where_and_what(text, says):
    with pytest.raises(ResponseError) as failed:
        exchange(Transport(200, text), request(), schema=schemas.RDS_JOB)
    assert str(failed.value).startswith("Unexpected answer from GET https://rds.example/v3/p/jobs?id=j%201")
    assert says in str(failed.value) and failed.value.request_id == "req-1"


def test_a_failure_says_what_was_being_done_and_carries_the_credential():
    with pytest.raises(AuthenticationError) as failed:
        exchange(Transport(401, '{"error_code": "APIGW.0301", "error_msg": "bad signature"}'), request("keys-1"),
                 what="Assuming agency 'deployer'")
    error = failed.value
    assert str(error).startswith("Assuming agency 'deployer': GET https://rds.example/v3/p/jobs?id=j%201 failed")
    assert (error.credential, error.request_id, error.error_code) == ("keys-1", "req-1", "APIGW.0301")
