# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Which failures are worth trying again: one rule for the transport's retries, the waits and the event source.

Worth it: throttling (429), a gateway that gave up waiting (408), server and gateway trouble (500, 502,
503, 504), a connection that dropped or brought no answer in time, and an answer that is not what the
API documents (a proxy's HTML page, a body cut short).  Never: refused credentials (401, 403; five
bad signatures lock an access key for five minutes), any other answer about the request itself (400,
404...), and an endpoint that never answered at all (a wrong region, cloud or endpoint).
"""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConnectionFailure,
    EndpointUnreachable,
    ResponseError,
)

THROTTLED = 429
TRANSIENT_STATUSES = frozenset((408, THROTTLED, 500, 502, 503, 504))


def is_transient(error):
    """Whether an ``HwCloudError`` is worth trying again (the rule above)."""
    if isinstance(error, (AuthenticationError, EndpointUnreachable)):
        return False
    if isinstance(error, (ConnectionFailure, ResponseError)):
        return True
    return error.status in TRANSIENT_STATUSES


def is_throttled(error):
    """Whether the cloud's answer was 429: the gateway's quota, not the task's trouble."""
    return getattr(error, "status", None) == THROTTLED
