"""Error answers are read wherever each service puts its code, message and request id."""

import json

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils import _errors

URL = "https://rds.cn-north-4.myhuaweicloud.com/v3/p/jobs?id=1"


@pytest.mark.parametrize(
    "body, code, message",
    [
        ('{"error_code": "DBS.280238", "error_msg": "The job does not exist."}', "DBS.280238",
         "The job does not exist."),
        ('{"errorCode": "DMS.00400002", "errorMsg": "bad"}', "DMS.00400002", "bad"),
        ('{"code": "APIGW.0308", "message": "throttled"}', "APIGW.0308", "throttled"),
        ('{"error": {"code": 401, "message": "The username or password is wrong.", "title": "Unauthorized"}}',
         "401", "The username or password is wrong."),
        ('{"error": {"error_code": "IAM.0001", "error_msg": "nested"}}', "IAM.0001", "nested"),
    ],
)
def test_code_and_message_found(body, code, message):
    error = _errors.error_from_response("GET", URL, 400, {"X-Request-Id": "abc"}, body)
    assert (error.error_code, error.error_msg, error.request_id, error.status) == (code, message, "abc", 400)


def test_html_body_gives_status_and_start_of_body():
    html = "<html><head><title>502 Bad Gateway</title></head><body>" + "x" * 500 + "</body></html>"
    error = _errors.error_from_response("GET", URL, 502, {}, html)
    assert error.error_code is None
    assert error.error_msg.startswith("<html><head><title>502 Bad Gateway")
    assert len(error.error_msg) <= _errors.BODY_EXCERPT + 3
    assert "HTTP 502" in str(error)


@pytest.mark.parametrize("status, kind", [(401, _errors.AuthenticationError), (403, _errors.AuthenticationError),
                                          (404, _errors.NotFoundError), (429, _errors.HwCloudError)])
def test_kinds(status, kind):
    assert isinstance(_errors.error_from_response("GET", URL, status, {}, ""), kind)


def test_message_and_result_fields():
    error = _errors.error_from_response(
        "GET", URL, 401, {"x-request-id": "r-9"}, '{"error_code": "APIGW.0301", "error_msg": "Incorrect IAM"}'
    )
    assert str(error) == "GET %s failed: HTTP 401 APIGW.0301 Incorrect IAM (request id r-9)" % URL
    assert error.as_result() == {
        "msg": str(error), "http_status": 401, "error_code": "APIGW.0301", "error_msg": "Incorrect IAM",
        "request_id": "r-9", "url": URL,
    }


def test_a_code_that_repeats_the_status_is_said_once():
    body = json.dumps({"error": {"code": 401, "message": "The username or password is wrong."}})
    refused = _errors.error_from_response("POST", URL, 401, {"X-Request-Id": "r-1"}, body)
    assert str(refused) == "POST %s failed: HTTP 401 The username or password is wrong. (request id r-1)" % URL
    assert refused.as_result()["error_code"] == "401"


def test_an_unreachable_endpoint_names_the_options_to_check_once_at_the_end():
    error = _errors.EndpointUnreachable("GET %s failed: could not connect" % URL, cause="connect", url=URL)
    assert str(error) == "GET %s failed: could not connect" % URL
    error.suspects = ("region", "cloud", "endpoints.rds")
    assert str(error) == "GET %s failed: could not connect (check region, cloud or endpoints.rds)" % URL
    assert error.as_result()["msg"] == str(error)
