"""The cloud client on a fake transport: the URL, headers and body it sends, the project id, answers it
refuses, and the one renewal of an expired login."""

import json

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import schemas
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.strategies import Auth
from ansible_collections.hwcloud.tasks.plugins.module_utils._client import CloudClient, expand_path
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import AuthenticationError, ResponseError
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import ConnectionConfig

RDS = "https://rds.eu-de.myhuaweicloud.com"
IAM_PROJECTS = "https://iam.eu-de.myhuaweicloud.com/v3/projects?name=eu-de"


def ok(body, request_id="rid-1"):
    return 200, {"X-Request-Id": request_id}, body if isinstance(body, str) else json.dumps(body)


def refused(status=401):
    return AuthenticationError("GET ... failed", status=status, error_code="APIGW.0301", request_id="rid-401")


class FakeTransport:
    """Answers ``send`` with ``answers`` in turn (the last one again once they run out); keeps what was sent."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []
        self.requests_sent = 0

    def send(self, method, url, headers, body=None, deadline=None):
        self.sent.append(dict(method=method, url=url, headers=headers, body=body))
        self.requests_sent += 1
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


class RenewableAuth(Auth):
    """A login token that can be had again: each renewal gives a new one."""

    def __init__(self, project=None):
        self.renewals = 0
        self.project = project

    def authorize(self, request, client, deadline=None):
        request.headers["X-Auth-Token"] = "token-%d" % self.renewals

    def renew(self, used=None):
        self.renewals += 1
        return True

    def project_id(self, client, deadline=None):
        return self.project


def client_for(*answers, auth=None, **options):
    """A client with a ready token (not renewable) for region eu-de, or ``auth``, on a fake transport."""
    config = ConnectionConfig(dict(dict(auth_token="tok", region="eu-de", project_id="p1"), **options))
    client = CloudClient(config, transport=FakeTransport(*answers))
    if auth is not None:
        client.auth = auth
    return client


def test_path_values_are_url_encoded_whole():
    assert expand_path("/v3/{project_id}/jobs/{id}", {"project_id": "p1", "id": "31 b8/ae?23%"}) == (
        "/v3/p1/jobs/31%20b8%2Fae%3F23%25")
    assert expand_path("/v3/{id}/{project_id}", {"id": "{project_id}", "project_id": "p1"}) == "/v3/%7Bproject_id%7D/p1"


def test_call_sends_the_url_headers_and_body():
    client = client_for(ok({"job_id": "j1"}))
    answer = client.call("rds", "POST", "/v3/{project_id}/instances/{instance_id}/task-center-detail",
                         path_params={"instance_id": "inst 1"}, params={"b": "2", "a": "x y", "unset": None},
                         body={"workflow_id": "wf"})
    sent = client.transport.sent[0]
    assert answer == {"job_id": "j1"}
    assert (sent["method"], sent["url"]) == ("POST", RDS + "/v3/p1/instances/inst%201/task-center-detail?a=x%20y&b=2")
    assert sent["headers"] == {"X-Project-Id": "p1", "Content-Type": "application/json;charset=UTF-8",
                               "X-Auth-Token": "tok"}
    assert json.loads(sent["body"]) == {"workflow_id": "wf"}


def test_a_get_sends_no_body_and_an_endpoint_keeps_its_own_path():
    client = client_for(ok({}), endpoints={"rds": "http://127.0.0.1:8080/base/"})
    client.call("rds", "GET", "/v3/{project_id}/jobs", params=[("id", "j 1")])
    sent = client.transport.sent[0]
    assert sent["url"] == "http://127.0.0.1:8080/base/v3/p1/jobs?id=j%201"
    assert sent["body"] is None and "Content-Type" not in sent["headers"]


def test_a_call_outside_any_project_sends_no_project():
    client = client_for(ok({"projects": []}), project_id=None)
    client.call("iam", "GET", "/v3/projects", params={"name": "eu-de"}, project_scoped=False)
    assert [sent["url"] for sent in client.transport.sent] == [IAM_PROJECTS]
    assert "X-Project-Id" not in client.transport.sent[0]["headers"]


def test_the_project_id_comes_from_the_credentials_before_iam():
    client = client_for(ok({}), auth=RenewableAuth(project="p-token"), project_id=None)
    client.call("rds", "GET", "/v3/{project_id}/jobs")
    assert [sent["url"] for sent in client.transport.sent] == [RDS + "/v3/p-token/jobs"]


def test_else_the_project_id_is_asked_of_iam_once():
    client = client_for(ok({"projects": [{"id": "p-iam", "name": "eu-de"}]}), ok({}), project_id=None)
    client.call("rds", "GET", "/v3/{project_id}/jobs")
    client.call("rds", "GET", "/v3/{project_id}/jobs")
    assert [sent["url"] for sent in client.transport.sent] == [IAM_PROJECTS] + [RDS + "/v3/p-iam/jobs"] * 2
    assert client.requests_sent == 3


def test_the_last_request_id_is_kept_for_the_answer_and_for_an_error():
    client = client_for(ok({}, request_id="rid-7"), refused(403))
    client.call("rds", "GET", "/v3/{project_id}/jobs")
    assert client.last_request_id() == "rid-7"
    with pytest.raises(AuthenticationError):
        client.call("rds", "GET", "/v3/{project_id}/jobs")
    assert client.last_request_id() == "rid-401"


@pytest.mark.parametrize("body, says", [("<html>Bad gateway</html>", "not JSON: <html>Bad gateway</html>"),
                                        ("", "not JSON: (empty body)")])
def test_an_answer_that_is_not_json_is_a_response_error(body, says):
    client = client_for(ok(body, request_id="rid-9"))
    with pytest.raises(ResponseError) as refused_answer:
        client.call("rds", "GET", "/v3/{project_id}/jobs", params={"id": "j1"})
    error = refused_answer.value
    assert error.message == "Unexpected answer from GET %s/v3/p1/jobs?id=j1: %s" % (RDS, says)
    assert (error.request_id, error.url) == ("rid-9", RDS + "/v3/p1/jobs?id=j1")


def test_an_answer_that_breaks_the_schema_names_the_field_with_request_id_and_url():
    client = client_for(ok({"job": {"id": "j1", "status": 3}}, request_id="rid-9"))
    with pytest.raises(ResponseError) as refused_answer:
        client.call("rds", "GET", "/v3/{project_id}/jobs", params={"id": "j1"}, schema=schemas.RDS_JOB)
    error = refused_answer.value
    assert error.message.startswith("Unexpected answer from GET %s/v3/p1/jobs?id=j1: $.job.status: " % RDS)
    assert (error.request_id, error.url) == ("rid-9", RDS + "/v3/p1/jobs?id=j1")


def test_a_refused_login_token_is_renewed_and_sent_once_more():
    auth = RenewableAuth()
    client = client_for(refused(), ok({"job": None}), auth=auth)
    assert client.call("rds", "GET", "/v3/{project_id}/jobs") == {"job": None}
    assert auth.renewals == 1
    assert [sent["headers"]["X-Auth-Token"] for sent in client.transport.sent] == ["token-0", "token-1"]


def test_a_renewed_token_refused_again_is_not_sent_a_third_time():
    client = client_for(refused(), auth=RenewableAuth())
    with pytest.raises(AuthenticationError):
        client.call("rds", "GET", "/v3/{project_id}/jobs")
    assert client.requests_sent == 2


@pytest.mark.parametrize("auth, status", [(None, 401), (RenewableAuth(), 403)], ids=["ready token", "forbidden"])
def test_a_credential_that_cannot_be_renewed_or_is_forbidden_is_sent_once(auth, status):
    client = client_for(refused(status), ok({}), auth=auth)
    with pytest.raises(AuthenticationError):
        client.call("rds", "GET", "/v3/{project_id}/jobs")
    assert client.requests_sent == 1
