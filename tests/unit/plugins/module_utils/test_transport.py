"""Back-off: exponential, jittered, capped."""

from ansible_collections.hwcloud.tasks.plugins.module_utils._transport import BACKOFF_CEILING, backoff_delay


def test_backoff_doubles_between_half_and_full_step():
    assert [backoff_delay(n, rand=lambda: 0.0) for n in (1, 2, 3, 4)] == [0.25, 0.5, 1.0, 2.0]
    assert [backoff_delay(n, rand=lambda: 1.0) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]


def test_backoff_is_capped():
    assert backoff_delay(30, rand=lambda: 1.0) == BACKOFF_CEILING
