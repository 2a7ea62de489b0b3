"""Back-off: exponential, jittered, capped."""

from ansible_collections.hwcloud.tasks.plugins.module_utils._http.transport import BACKOFF_CEILING, backoff_delay


def test_backoff_doubles_between_half_and_full_step():
    assert [backoff_delay(n, rand=lambda: 0.0) for n in (1, 2, 3, 4)] == [0.25, 0.5, 1.0, 2.0]
    assert [backoff_delay(n, rand=lambda: 1.0) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]


def test_backoff_is_capped():
    assert backoff_delay(30, rand=lambda: 1.0) == BACKOFF_CEILING


def test_a_connect_timeout_bounds_opening_the_connection_only(monkeypatch):
    from ansible_collections.hwcloud.tasks.plugins.module_utils._http.transport import Transport

    seen = []

    class Answer:
        status_code, headers, text = 200, {}, "{}"

    for transport, expected in ((Transport(api_timeout=3.0, connect_timeout=1.0), (1.0, 3.0)),
                                (Transport(api_timeout=3.0), 3.0)):
        monkeypatch.setattr(transport.session, "request", lambda *args, **kwargs: seen.append(kwargs["timeout"])
                            or Answer())
        transport.send("GET", "http://127.0.0.1:9/x", {})
        assert seen.pop() == expected
