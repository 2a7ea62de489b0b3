# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The one door every request of the collection leaves through: a prepared request sent on a transport.

The task APIs' requests come here from ``CloudClient.call``, the credentials' own (IAM login, security
tokens, the ECS metadata service) from the auth layer.  Here, and only here, the answer's request id
is noted on the request (what support asks for), its body decoded as JSON and checked against its
schema, and a failure says what was being done and carries the credential the request used.
"""

from __future__ import annotations

import collections

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers.bodies import read_json
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import HwCloudError

# An answer: its headers, its body (the decoded JSON, or the text) and its request id.
Answer = collections.namedtuple("Answer", ("headers", "body", "request_id"))


def exchange(transport, request, schema=None, decode=True, what=None, deadline=None):
    """Send ``request`` (an ``_auth.request.OutgoingRequest``) on ``transport`` and return its ``Answer``.

    ``decode``: the body is JSON, checked against ``schema`` when given (else the text is returned).
    ``what`` (``Assuming agency 'x'``) starts the message of any failure.  Raises ``HwCloudError``.
    """
    try:
        _status, headers, text = transport.send(request.method, request.url, request.headers, request.body or None,
                                                deadline=deadline)
        request.request_id = headers.get("X-Request-Id")
        body = read_json(text, "%s %s" % (request.method, request.url), schema) if decode else text
    except HwCloudError as error:
        request.request_id = error.request_id = error.request_id or request.request_id
        error.url = error.url or request.url
        if what:
            error.message = "%s: %s" % (what, error.message)
        error.credential = request.credential
        raise
    return Answer(headers, body, request.request_id)
