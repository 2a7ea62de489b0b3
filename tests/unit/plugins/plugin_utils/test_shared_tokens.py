"""Issued credentials shared between the controller's worker processes, and refusals remembered for the run."""

import datetime
import os
import stat
import threading

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.issued import IssuedToken, TemporaryKeys, now_utc
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._shared_tokens import SharedTokens

KEY = ("password", "https://iam.example", "d", "u", "digest")


def later(seconds=3600):
    return now_utc() + datetime.timedelta(seconds=seconds)


def usable(issued):
    return not issued.needs_renewal()


class Issuer:
    def __init__(self, make):
        self.make = make
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self):
        with self._lock:
            self.count += 1
            return self.make(self.count)


def test_workers_issue_once_and_share_it(tmp_path):
    issue = Issuer(lambda n: TemporaryKeys("AK%d" % n, "SK", "ST", later()))
    results = []

    def worker():  # each worker process has its own store object on the same folder
        results.append(SharedTokens(str(tmp_path)).get(KEY, usable, issue).access_key)

    threads = [threading.Thread(target=worker) for _worker in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert issue.count == 1 and results == ["AK1"] * 10


def test_both_kinds_survive_the_file_and_only_their_owner_reads_it(tmp_path):
    store = SharedTokens(str(tmp_path))
    for key, issued in ((("token",), IssuedToken("t", "p", later())), (("keys",), TemporaryKeys("AK", "SK", "ST",
                                                                                                later()))):
        store.get(key, lambda _stored: True, lambda issued=issued: issued)
        again = SharedTokens(str(tmp_path)).get(key, lambda _stored: True, lambda: None)
        assert type(again) is type(issued) and again.fingerprint() == issued.fingerprint()
        assert stat.S_IMODE(os.stat(store.path(key)).st_mode) == 0o600


def test_a_credential_due_for_renewal_is_issued_again(tmp_path):
    store = SharedTokens(str(tmp_path))
    issue = Issuer(lambda n: IssuedToken("t%d" % n, "p", later(60 * n)))
    assert store.get(KEY, usable, issue).value == "t1"  # a minute to live: good for another half minute
    assert store.get(KEY, lambda _stored: False, issue).value == "t2"


def test_forgetting_a_refused_credential_keeps_a_newer_one(tmp_path):
    store = SharedTokens(str(tmp_path))
    old = store.get(KEY, lambda _stored: True, lambda: IssuedToken("old", "p", later()))
    store.forget(KEY, old)
    new = store.get(KEY, lambda _stored: True, lambda: IssuedToken("new", "p", later()))
    store.forget(KEY, old)  # a second worker that saw "old" refused too: "new" stays
    assert store.get(KEY, lambda _stored: True, lambda: IssuedToken("third", "p", later())).value == new.value
    store.forget(KEY)
    assert not os.path.exists(store.path(KEY))


def test_a_refusal_is_remembered_for_the_run_without_any_credential(tmp_path):
    store = SharedTokens(str(tmp_path))
    key = ("refused", "aksk", "AK", "digest")
    assert store.refusal(key) is None
    record = {"message": "GET x failed", "status": 401, "error_code": "APIGW.0301", "error_msg": "m",
              "request_id": "r1", "url": "x"}
    store.remember_refusal(key, record)
    assert SharedTokens(str(tmp_path)).refusal(key) == record


def test_an_unreadable_file_counts_as_nothing_stored(tmp_path):
    store = SharedTokens(str(tmp_path))
    with open(store.path(KEY), "w") as broken:
        broken.write("{half")
    assert store.get(KEY, lambda _stored: True, lambda: IssuedToken("fresh", "p", later())).value == "fresh"
