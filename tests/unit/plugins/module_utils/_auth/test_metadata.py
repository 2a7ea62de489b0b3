"""The ECS metadata service, as the official SDK asks it; a laptop without one is told where else was looked."""

import json

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import metadata
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.metadata import MetadataKeys
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConfigurationError,
    ConnectionFailure,
    error_from_response,
)

ENDPOINT = "http://169.254.169.254"
KEYS = {"credential": {"access": "AK", "secret": "secret-value", "securitytoken": "ST",
                       "expires_at": "2026-12-01T10:00:00.000000Z"}}


class Transport:
    """Answers each request with the next of ``answers``: (status, body) or an exception."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.sent = []

    def send(self, method, url, headers, body=None, deadline=None):
        self.sent.append((method, url[len(ENDPOINT):], dict(headers)))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        status, text = answer
        text = text if isinstance(text, str) else json.dumps(text)
        if status >= 400:
            raise error_from_response(method, url, status, {}, text)
        return status, {}, text


def issuer(*answers):
    keys = MetadataKeys(ENDPOINT, "No credentials given. Looked in: the options")
    keys._transport = Transport(*answers)
    return keys


def test_a_session_token_then_the_keys():
    keys = issuer((200, "session-token"), (200, KEYS))
    issued = keys.issue(None, None)
    assert (issued.access_key, issued.secret_key, issued.security_token) == ("AK", "secret-value", "ST")
    put, get = keys._transport.sent
    assert put == ("PUT", "/meta-data/latest/api/token", {"X-Metadata-Token-Ttl-Seconds": "21600"})
    assert get == ("GET", "/openstack/latest/securitykey", {"X-Metadata-Token": "session-token"})
    keys._transport.answers.append((200, KEYS))
    keys.issue(None, None)
    assert len(keys._transport.sent) == 3, "the session token is kept"


@pytest.mark.parametrize("status", [404, 405, 503])
def test_without_session_tokens_the_keys_are_read_without(status):
    keys = issuer((status, "no"), (200, KEYS))
    assert keys.issue(None, None).access_key == "AK"
    assert keys._transport.sent[1][2] == {}


def test_an_expired_session_token_is_renewed_once():
    keys = issuer((200, "old"), (401, "token expired"), (200, "new"), (200, KEYS))
    assert keys.issue(None, None).access_key == "AK"
    assert keys._transport.sent[-1][2] == {"X-Metadata-Token": "new"}


def test_an_ecs_without_an_agency_says_so():
    keys = issuer((200, "t"), (401, {"error": "Please configure Cloud Service Agency first"}))
    with pytest.raises(ConfigurationError, match="has no keys for this server: Please configure Cloud Service Agency "
                                                 "first \\(bind an agency to the ECS"):
        keys.issue(None, None)
    assert len(keys._transport.sent) == 2, "not retried"


def test_no_metadata_service_means_no_credentials_and_says_where_was_looked():
    keys = issuer(ConnectionFailure("PUT x failed: no answer within 3.0 s (api_timeout)"))
    with pytest.raises(ConfigurationError) as error:
        keys.issue(None, None)
    assert str(error.value) == ("No credentials given. Looked in: the options; the ECS metadata service at %s did not "
                                "answer (no connection within 1 s)" % ENDPOINT)


def test_another_server_at_the_address_is_no_metadata_service():
    keys = issuer((404, "no"), (404, "Not Found"))
    with pytest.raises(ConfigurationError, match="answered HTTP 404 to /openstack/latest/securitykey: not an ECS"):
        keys.issue(None, None)


def test_a_refusal_after_a_new_session_token_stays_a_refusal():
    keys = issuer((200, "t"), (401, "no"), (200, "t2"), (401, "no"))
    with pytest.raises(AuthenticationError, match="Reading keys from the ECS metadata service"):
        keys.issue(None, None)


def test_the_metadata_connection_must_open_within_a_second():
    keys = MetadataKeys(ENDPOINT, "")
    assert (keys._transport.connect_timeout, keys._transport.api_timeout) == (1.0, 3.0)
    assert keys.identity() is None and keys.cache_key() == ("metadata", ENDPOINT)
    assert metadata.CONNECT_TIMEOUT == 1.0
