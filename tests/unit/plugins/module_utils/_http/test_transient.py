"""One rule for what is worth trying again: the transport's retries, the waits and the event source use it."""

import pytest

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConfigurationError,
    ConnectionFailure,
    EndpointUnreachable,
    HwCloudError,
    NotFoundError,
    ResponseError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.transient import is_throttled, is_transient


@pytest.mark.parametrize("error, transient", [
    (HwCloudError("throttled", status=429), True),
    (HwCloudError("gateway gave up", status=408), True),
    (HwCloudError("server", status=500), True),
    (HwCloudError("bad gateway", status=502), True),
    (HwCloudError("unavailable", status=503), True),
    (HwCloudError("gateway timeout", status=504), True),
    (ConnectionFailure("no route"), True),
    (ResponseError("not JSON"), True),
    (AuthenticationError("refused", status=401), False),
    (AuthenticationError("forbidden", status=403), False),
    (NotFoundError("no such job", status=404), False),
    (HwCloudError("bad parameter", status=400), False),
    (HwCloudError("not implemented", status=501), False),
    (ConfigurationError("no region"), False),
    (EndpointUnreachable("wrong region"), False),
])
def test_what_is_worth_trying_again(error, transient):
    assert is_transient(error) is transient


def test_only_a_429_is_throttling():
    assert is_throttled(HwCloudError("x", status=429))
    assert not any(is_throttled(error) for error in (HwCloudError("x", status=503), ConnectionFailure("x")))
