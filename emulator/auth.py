"""Who may call the APIs: an IAM token, or an SDK-HMAC-SHA256 signature, checked as the API gateway does.

The signature is recomputed with the collection's own canonical form (``plugins/module_utils/_auth/signing.py``)
so there is one definition of it; a unit test there proves it byte-for-byte equal to the official SDK's.
Failures never repeat a secret: they only say which check failed.
"""

from __future__ import annotations

import datetime
import hmac
import re
import time
from urllib.parse import parse_qsl

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import signing

from .protocol import ApiError, Request, coded_error
from .records import Token
from .store import Store

MAX_CLOCK_SKEW = 15 * 60  # seconds between X-Sdk-Date and the server's clock
_AUTHORIZATION = re.compile(
    r"^%s\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$" % signing.ALGORITHM
)


def scheme(request: Request) -> str:
    """How the request tries to authenticate: "token", "aksk" or "none"."""
    if "x-auth-token" in request.headers:
        return "token"
    if "authorization" in request.headers:
        return "aksk"
    return "none"


def credential(request: Request, store: Store) -> str:
    """Which credential the request carries, as the request log shows it: never a secret.

    ``access key AK`` for the account's own keys, ``temporary key AK (how it was issued)``,
    ``token #n (how it was issued)``, or ``none``.
    """
    kind = scheme(request)
    if kind == "token":
        token = store.token(request.headers["x-auth-token"])
        return "token #%d (%s)" % (token.number, token.origin) if token else "token (unknown)"
    if kind == "aksk":
        match = _AUTHORIZATION.match(request.headers["authorization"])
        if not match:
            return "access key (malformed Authorization)"
        access_key = match.group(1)
        temporary = store.temporary_key(access_key)
        if temporary is not None:
            return "temporary key %s (%s)" % (access_key, temporary.origin)
        known = (access_key in (store.credentials.access_key, store.credentials.temp_access_key)
                 or store.identity.secret_key(access_key) is not None)
        return "access key %s%s" % (access_key, "" if known else " (unknown)")
    return "none"


def authenticate(request: Request, store: Store) -> None:
    """Return when the request is authenticated; raise the gateway's 401 otherwise."""
    kind = scheme(request)
    if kind == "token":
        check_token(request.headers["x-auth-token"], store)
    elif kind == "aksk":
        _check_signature(request, store)
    else:
        raise _denied("neither X-Auth-Token nor Authorization is present")


def _denied(reason: str) -> ApiError:
    return coded_error(401, "APIGW.0301", "Incorrect IAM authentication information: " + reason)


def check_token(value: str, store: Store) -> Token:
    token = store.token(value)
    if token is None:
        raise _denied("the token is not valid")
    if store.now() >= token.expires:
        raise _denied("the token has expired")
    return token


def _check_signature(request: Request, store: Store) -> None:
    match = _AUTHORIZATION.match(request.headers["authorization"])
    if not match:
        raise _denied(
            "the Authorization header is not %s Access=..., SignedHeaders=..., Signature=..." % signing.ALGORITHM
        )
    access_key, signed_headers, claimed = match.groups()
    secret_key = _secret_key(access_key, request, store)

    sdk_date = request.headers.get(signing.DATE_HEADER.lower())
    if not sdk_date:
        raise _denied("the %s header is missing" % signing.DATE_HEADER)
    try:
        signed_at = datetime.datetime.strptime(sdk_date, signing.DATE_FORMAT).replace(tzinfo=datetime.UTC)
    except ValueError:
        raise _denied("the %s header is not in the %s format" % (signing.DATE_HEADER, signing.DATE_FORMAT)) from None
    if abs(time.time() - signed_at.timestamp()) > MAX_CLOCK_SKEW:
        raise _denied("the request was signed more than 15 minutes away from the server's time")

    names = [name.lower() for name in signed_headers.split(";")]
    if signing.DATE_HEADER.lower() not in names:
        raise _denied("the %s header is not signed" % signing.DATE_HEADER)
    params = parse_qsl(request.query, keep_blank_values=True)
    canonical = signing.canonical_request(request.method, request.path, params, request.headers, names, request.body)
    if not hmac.compare_digest(signing.signature(secret_key, canonical, sdk_date), claimed.lower()):
        raise _denied("the signature does not match")


def _secret_key(access_key: str, request: Request, store: Store) -> str:
    credentials = store.credentials
    if access_key == credentials.access_key:
        return credentials.secret_key
    if access_key == credentials.temp_access_key:
        _check_security_token(request, credentials.security_token)
        return credentials.temp_secret_key
    more = store.identity.secret_key(access_key)
    if more is not None:
        return more
    issued = store.temporary_key(access_key)
    if issued is not None:
        _check_security_token(request, issued.security_token)
        if store.now() >= issued.expires:
            raise _denied("the temporary access key has expired")
        return issued.secret_key
    raise _denied("the access key is unknown")


def _check_security_token(request: Request, expected: str) -> None:
    """Temporary keys sign only together with their own security token."""
    security_token = request.headers.get("x-security-token")
    if security_token is None:
        raise _denied("a temporary access key needs the X-Security-Token header")
    if not hmac.compare_digest(security_token.encode("utf-8"), expected.encode("utf-8")):
        raise _denied("the security token is not valid")
