# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The one error type every caller sees, and how an error answer from the cloud is read."""

from __future__ import annotations

import json

BODY_EXCERPT = 200

# Where Huawei Cloud services put their error code and message, in the order the official SDK tries.
_CODE_MESSAGE_KEYS = (("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message"))


class HwCloudError(Exception):
    """A failure the user must see: what failed, where, and what the cloud said.

    ``status`` (HTTP status), ``error_code`` / ``error_msg`` (the cloud's own), ``request_id``
    (``X-Request-Id``, what support asks for) and ``url`` are kept apart so that modules can return
    them as fields.  Nothing secret is ever put in here: URLs and bodies carry no credentials.
    """

    def __init__(self, message, status=None, error_code=None, error_msg=None, request_id=None, url=None,
                 retry_after=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.url = url
        self.retry_after = retry_after  # seconds the server asked to wait (Retry-After), or None

    def __str__(self):
        details = []
        if self.status is not None:
            details.append("HTTP %s" % self.status)
        if self.error_code and str(self.error_code) != str(self.status):  # IAM's code is often the status
            details.append(str(self.error_code))
        if self.error_msg:
            details.append(str(self.error_msg))
        text = self.message
        if details:
            text += ": " + " ".join(details)
        if self.request_id:
            text += " (request id %s)" % self.request_id
        return text

    def as_result(self):
        """Fields for ``fail_json`` / JSON output, ``msg`` included."""
        result = {"msg": str(self)}
        for key in ("status", "error_code", "error_msg", "request_id", "url"):
            value = getattr(self, key)
            if value is not None:
                result["http_status" if key == "status" else key] = value
        return result


class ConfigurationError(HwCloudError):
    """Options are missing or contradict each other; found before any request is made."""


class AuthenticationError(HwCloudError):
    """The cloud refused the credentials (401/403).  Never retried: bad signatures lock the key."""


class NotFoundError(HwCloudError):
    """The cloud does not know the thing asked for (or not yet, for a job created seconds ago)."""


class ResponseError(HwCloudError):
    """The cloud answered something that is not what its API documents."""


class ConnectionFailure(HwCloudError):
    """The cloud could not be reached in time, after the retries allowed.

    ``cause`` says how: ``"dns"`` (the host name does not resolve), ``"connect"`` (no connection could
    be made: refused, unreachable, connect timeout), ``"tls"`` (the certificate is not trusted),
    ``"timeout"`` (connected, but no answer in time) or ``"other"`` (dropped mid-answer...).
    """

    def __init__(self, message, cause="other", **fields):
        super().__init__(message, **fields)
        self.cause = cause


class EndpointUnreachable(ConnectionFailure):
    """An endpoint that never answered: its name does not resolve, it takes no connection, or its
    certificate is not trusted.  Most likely a wrong region, cloud or endpoint: no wait outlives it.

    ``suspects`` names the options that most likely built the wrong URL (``region``, ``cloud``,
    ``endpoints.iam``), said once at the end of the message; the command line names its flags instead.
    """

    def __init__(self, message, cause="other", **fields):
        super().__init__(message, cause, **fields)
        self.suspects = ()

    def __str__(self):
        text = super().__str__()
        if not self.suspects:
            return text
        return "%s (check %s or %s)" % (text, ", ".join(self.suspects[:-1]), self.suspects[-1])


def _cloud_error_fields(body):
    """Return (code, message) from an error body, wherever the service put them."""
    candidates = [body]
    if isinstance(body.get("error"), dict):
        candidates.append(body["error"])
    for candidate in candidates:
        for code_key, message_key in _CODE_MESSAGE_KEYS:
            code, message = candidate.get(code_key), candidate.get(message_key)
            if code or message:
                return (None if code is None else str(code)), (None if message is None else str(message))
    return None, None


def error_from_response(method, url, status, headers, text):
    """Build the error for an HTTP answer of 400 or more."""
    request_id = headers.get("X-Request-Id") or headers.get("x-request-id")
    code = message = None
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        code, message = _cloud_error_fields(body)
    if code is None and message is None:
        message = excerpt(text) or None
    if status in (401, 403):
        kind = AuthenticationError
    elif status == 404:
        kind = NotFoundError
    else:
        kind = HwCloudError
    return kind(
        "%s %s failed" % (method, url),
        status=status,
        error_code=code,
        error_msg=message,
        request_id=request_id,
        url=url,
        retry_after=_seconds(headers.get("Retry-After")),
    )


def _seconds(retry_after):
    """``Retry-After`` as seconds when it gives them (it may also be an HTTP date, left to urllib3's retries)."""
    try:
        return max(0.0, float(retry_after))
    except (TypeError, ValueError):
        return None


def excerpt(text):
    """The start of a body that is not the JSON it should be, on one line."""
    text = " ".join((text or "").split())
    return text if len(text) <= BODY_EXCERPT else text[:BODY_EXCERPT] + "..."
