# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""SDK-HMAC-SHA256 request signing, as Huawei Cloud's API gateway checks it.

The result is byte-for-byte what the official ``huaweicloudsdkcore`` Python SDK produces for the
same request (a unit test proves it against the SDK).  Standard library only: the emulator uses the
same canonical form to check the signatures it receives, so there is one definition of it.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from urllib.parse import quote, unquote

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()


def _encode(text):
    """Percent-encode everything but RFC 3986 unreserved characters."""
    return quote(text, safe="~")


def _query_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flatten(params):
    """Yield (key, value) pairs from a dict or a list of pairs; a list value repeats its key."""
    items = params.items() if isinstance(params, dict) else params
    for key, value in items:
        if isinstance(value, (list, tuple)):
            for item in value:
                yield key, item
        else:
            yield key, value


def canonical_query_string(params):
    """The sorted, encoded query string; the client also sends exactly this string."""
    pairs = list(_flatten(params or ()))
    try:
        pairs.sort()
    except TypeError:  # values of mixed types: compare them as the text that is sent
        pairs.sort(key=lambda pair: (pair[0], _query_value(pair[1])))
    return "&".join("%s=%s" % (_encode(str(key)), _encode(_query_value(value))) for key, value in pairs)


def canonical_uri(path):
    """Each path segment decoded then re-encoded, always ending in a slash."""
    uri = "/".join(_encode(segment) for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


def signed_header_names(headers):
    """Every header is signed but those whose name holds an underscore (the gateway drops them)."""
    return sorted(name.lower() for name in headers if "_" not in name)


def canonical_request(method, path, params, headers, signed_names, body):
    by_name = {name.lower(): str(value).strip() for name, value in headers.items()}
    canonical_headers = "".join("%s:%s\n" % (name, by_name.get(name, "")) for name in signed_names)
    body_hash = hashlib.sha256(body).hexdigest() if body else EMPTY_BODY_SHA256
    return "\n".join(
        (
            method.upper(),
            canonical_uri(path),
            canonical_query_string(params),
            canonical_headers,
            ";".join(signed_names),
            body_hash,
        )
    )


def signature(secret_key, canonical, sdk_date):
    string_to_sign = "\n".join((ALGORITHM, sdk_date, hashlib.sha256(canonical.encode("utf-8")).hexdigest()))
    return hmac.new(secret_key.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization(access_key, signed_names, sig):
    return "%s Access=%s, SignedHeaders=%s, Signature=%s" % (ALGORITHM, access_key, ";".join(signed_names), sig)


def sign(access_key, secret_key, method, host, path, params, headers, body=b"", now=None):
    """Return the headers to send: ``headers`` plus Host, X-Sdk-Date and Authorization.

    ``path`` is the encoded path that is sent; ``params`` the query (a dict or pairs; send
    ``canonical_query_string(params)`` as the query string); ``body`` the exact bytes sent.
    """
    signed = dict(headers)
    if not any(name.lower() == "host" for name in signed):
        signed["Host"] = host
    if DATE_HEADER not in signed:  # a date already set is signed as it is, as the SDK does
        signed[DATE_HEADER] = (now or datetime.datetime.now(datetime.timezone.utc)).strftime(DATE_FORMAT)
    names = signed_header_names(signed)
    canonical = canonical_request(method, path, params, signed, names, body)
    signed["Authorization"] = authorization(access_key, names, signature(secret_key, canonical, signed[DATE_HEADER]))
    return signed
