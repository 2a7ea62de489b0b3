"""Auth strategies: signatures, tokens, and issued credentials renewed in time and once per refusal."""

import datetime
import threading

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import strategies
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.issued import TemporaryKeys, now_utc
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.request import OutgoingRequest
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.strategies import (
    AccessKeyAuth,
    TemporaryKeyAuth,
    TokenAuth,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.parallel import MAX_CONCURRENCY, parallel_map


@pytest.fixture(autouse=True)
def empty_cache():
    strategies._token_cache.clear()
    yield
    strategies._token_cache.clear()


class Issuer:
    """Issues keys that live ``lifetime`` seconds; counts how often it was asked."""

    def __init__(self, lifetime=3600.0, key=("test issuer",)):
        self.lifetime = lifetime
        self.key = key
        self.issued = 0
        self._lock = threading.Lock()

    def cache_key(self):
        return self.key

    def identity(self):
        return None

    def issue(self, client, deadline):
        with self._lock:
            self.issued += 1
            number = self.issued
        now = now_utc()
        return TemporaryKeys("AK%d" % number, "SK%d" % number, "ST%d" % number,
                             now + datetime.timedelta(seconds=self.lifetime), now)


def request():
    return OutgoingRequest("GET", "https://rds.example", "/v3/p/jobs", [("id", "1")], {}, b"")


def test_temporary_keys_sign_with_their_security_token_and_note_what_was_used():
    auth = TemporaryKeyAuth(Issuer())
    signed = request()
    auth.authorize(signed, client=None)
    assert signed.headers["X-Security-Token"] == "ST1"
    assert "Access=AK1" in signed.headers["Authorization"]
    assert signed.credential.access_key == "AK1"


def test_keys_are_reused_until_due_then_renewed():
    issuer = Issuer(lifetime=3600)
    auth = TemporaryKeyAuth(issuer)
    for _request in range(5):
        auth.authorize(request(), client=None)
    assert issuer.issued == 1
    strategies._token_cache[issuer.key].expires_at = now_utc()  # due now
    auth.authorize(request(), client=None)
    assert issuer.issued == 2


def test_requests_refused_at_once_cause_one_renewal():
    issuer = Issuer()
    auth = TemporaryKeyAuth(issuer)
    used = []
    for _request in range(MAX_CONCURRENCY):
        signed = request()
        auth.authorize(signed, client=None)
        used.append(signed.credential)
    barrier = threading.Barrier(MAX_CONCURRENCY, timeout=30)

    def refused(credential):
        barrier.wait()
        assert auth.renew(credential)
        again = request()
        auth.authorize(again, client=None)
        return again.credential.access_key

    assert set(parallel_map(refused, used)) == {"AK2"}
    assert issuer.issued == 2


def test_the_same_cache_key_shares_keys_between_clients():
    issuer = Issuer()
    first, second = TemporaryKeyAuth(issuer), TemporaryKeyAuth(issuer)
    first.authorize(request(), client=None)
    second.authorize(request(), client=None)
    assert issuer.issued == 1


class Store:
    """The ``token_store`` interface, in memory."""

    def __init__(self):
        self.stored = {}
        self.forgotten = []

    def get(self, key, usable, issue):
        if key not in self.stored or not usable(self.stored[key]):
            self.stored[key] = issue()
        return self.stored[key]

    def forget(self, key, refused=None):
        self.forgotten.append((key, refused))
        if refused is None or self.stored.get(key) is refused:
            self.stored.pop(key, None)


def test_a_store_shares_keys_and_forgets_only_the_refused_ones():
    issuer, store = Issuer(), Store()
    auth = TemporaryKeyAuth(issuer, token_store=store)
    signed = request()
    auth.authorize(signed, client=None)
    strategies._token_cache.clear()  # another worker process: only the store knows the keys
    TemporaryKeyAuth(issuer, token_store=store).authorize(request(), client=None)
    assert issuer.issued == 1
    auth.renew(signed.credential)
    assert store.forgotten == [(issuer.key, signed.credential)]


def test_static_credentials_are_never_renewed_and_their_identity_holds_no_secret():
    for auth in (AccessKeyAuth("AK", "secret-value", "token-value"), TokenAuth("token-value")):
        assert auth.renew(None) is False
        assert auth.identity() == auth.key()
        assert "secret-value" not in repr(auth.key()) and "token-value" not in repr(auth.key())
    assert AccessKeyAuth("AK", "one").key() != AccessKeyAuth("AK", "two").key()
    assert TemporaryKeyAuth(Issuer()).identity() is None
