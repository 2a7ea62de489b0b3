"""Our SDK-HMAC-SHA256 signatures are byte-equal to the official Huawei Cloud Python SDK's."""

import datetime

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import signing
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.request import OutgoingRequest
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.strategies import AccessKeyAuth
from ansible_collections.hwcloud.tasks.plugins.module_utils._client import expand_path

ACCESS_KEY = "HPUAQ0GJ7QW5PZXKQ0ZF"
SECRET_KEY = "kG9w0B3jYzq6sWQyq1Ew3mP6oYb4sVvXv9m2H0xR"
PROJECT_ID = "0483b6b16e954cb88930a360d2c4e663"
SDK_DATE = "20261123T101500Z"
JSON = {"Content-Type": "application/json;charset=UTF-8"}

# (description, method, path template, path values, query pairs, extra headers, body)
CASES = [
    ("plain GET", "GET", "/v3/{project_id}/jobs", {}, [("id", "31b8ae23-c687-4d80-b7b4-42a66c9bb886")], {}, b""),
    ("id with spaces", "GET", "/v3/{project_id}/jobs", {},
     [("id", "31 b8ae23 - c687 - 4 d80 - b7b4 - 42 a66c9bb886")], {}, b""),
    ("path with spaces and non-ASCII", "GET", "/v2/{project_id}/instances/{instance_id}/tasks/{task_id}",
     {"instance_id": "inst ance/ü", "task_id": "задача 1"}, [], {}, b""),
    ("repeated and unsorted query keys", "GET", "/v3/{project_id}/tasklist", {},
     [("status", "Running"), ("limit", "50"), ("id", "b"), ("id", "a"), ("offset", "0")], {}, b""),
    ("reserved characters in values", "GET", "/v3/{project_id}/tasklist", {},
     [("name", "a+b=c&d/é~*'()!"), ("order_id", "")], {}, b""),
    ("booleans and numbers", "GET", "/v2/{project_id}/instances/{instance_id}/tasks", {"instance_id": "k1"},
     [("start", 1), ("limit", 10), ("verbose", True), ("dry", False)], {}, b""),
    ("empty JSON body", "POST", "/v3/{project_id}/instances/{instance_id}/task-center-detail",
     {"instance_id": "1ffc4167903840cb93a3da56d28c14fdin01"}, [], JSON, b""),
    ("JSON body", "POST", "/v3/{project_id}/instances/{instance_id}/task-center-detail",
     {"instance_id": "1ffc4167903840cb93a3da56d28c14fdin01"}, [], JSON,
     b'{"workflow_id": "102772a9", "workflow_name": "CreateMysqlSingleHAInstance"}'),
    ("non-ASCII JSON body", "POST", "/v3/{project_id}/instances/{instance_id}/task-center-detail",
     {"instance_id": "x"}, [], JSON, '{"workflow_name": "création"}'.encode()),
]


def sdk_authorization(method, path, query, headers, body, security_token):
    credentials = BasicCredentials(ACCESS_KEY, SECRET_KEY, PROJECT_ID)
    if security_token:
        credentials = credentials.with_security_token(security_token)
    request = SdkRequest(
        method=method, schema="https", host="rds.cn-north-4.myhuaweicloud.com", resource_path=path,
        query_params=list(query), header_params=dict(headers, **{"X-Sdk-Date": SDK_DATE}), body=body or None,
    )
    signed = credentials.sign_request(request)
    return signed.header_params["Authorization"], signed.uri


def our_authorization(method, path, query, headers, body, security_token):
    request = OutgoingRequest(method, "https://rds.cn-north-4.myhuaweicloud.com", path, query,
                              dict(headers, **{"X-Project-Id": PROJECT_ID, "X-Sdk-Date": SDK_DATE}), body)
    AccessKeyAuth(ACCESS_KEY, SECRET_KEY, security_token).authorize(request, client=None)
    return request.headers["Authorization"], request.url.split("rds.cn-north-4.myhuaweicloud.com", 1)[1]


@pytest.mark.parametrize("security_token", [None, "gQpjbi1ub3J0aC00jB4pZ1ZgA+token/with=chars"])
@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_authorization_is_byte_equal_to_the_official_sdk(case, security_token):
    _name, method, template, values, query, headers, body = case
    path = expand_path(template, dict(values, project_id=PROJECT_ID))
    ours, our_uri = our_authorization(method, path, query, headers, body, security_token)
    theirs, their_uri = sdk_authorization(method, path, query, headers, body, security_token)
    assert ours == theirs
    assert our_uri == their_uri  # the query string sent is the canonical one, as the SDK sends it


def test_signature_changes_with_every_signed_part():
    base = dict(method="GET", host="h", path="/v3/p/jobs", params=[("id", "1")], headers={}, body=b"")
    when = datetime.datetime(2026, 11, 23, 10, 15, tzinfo=datetime.UTC)
    reference = signing.sign("AK", "SK", now=when, **base)["Authorization"]
    for change in (dict(method="POST"), dict(path="/v3/p/job"), dict(params=[("id", "2")]), dict(body=b"{}"),
                   dict(headers={"X-Security-Token": "t"})):
        assert signing.sign("AK", "SK", now=when, **dict(base, **change))["Authorization"] != reference
    assert signing.sign("AK", "SK2", now=when, **base)["Authorization"] != reference


def test_secret_key_never_appears_in_what_is_sent():
    signed = signing.sign(ACCESS_KEY, SECRET_KEY, "GET", "h", "/v3/p/jobs", [("id", "1")], {}, b"")
    assert all(SECRET_KEY not in str(value) for value in signed.values())
    assert signed["Authorization"].startswith("SDK-HMAC-SHA256 Access=%s, SignedHeaders=" % ACCESS_KEY)


def test_headers_with_underscores_are_not_signed():
    assert signing.signed_header_names({"X_Custom": "1", "Host": "h", "X-Sdk-Date": "d"}) == ["host", "x-sdk-date"]


def test_canonical_uri_always_ends_with_a_slash_and_keeps_encoding_stable():
    assert signing.canonical_uri("/v3/p/jobs") == "/v3/p/jobs/"
    assert signing.canonical_uri("/a%20b/") == "/a%20b/"
    assert signing.canonical_uri("/a b/é") == "/a%20b/%C3%A9/"
