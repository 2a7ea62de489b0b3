# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Credentials the cloud issues for a while: IAM tokens and temporary access keys, and when to renew them.

Both are renewed before they expire: the official SDK renews temporary keys when under 40 minutes
are left; a credential that lives much less than that (the emulator's four-second keys, a token of
a short-lived test setup) is renewed once half its life is over.  Both turn into a record (a dict
of text) and back, so that the controller's worker processes can share them (``plugin_utils._shared_tokens``).
"""

from __future__ import annotations

import datetime
import hashlib

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import times

TOKEN_MARGIN = datetime.timedelta(minutes=5)
KEY_MARGIN = datetime.timedelta(minutes=40)


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)


def digest(*parts):
    """A one-way digest of credentials, for cache keys and fingerprints that must not hold a secret."""
    return hashlib.sha256("\0".join(part or "" for part in parts).encode("utf-8")).hexdigest()


class Issued:
    """Something issued at ``issued_at`` that stops working at ``expires_at`` (None: not said)."""

    KIND = None
    MARGIN = TOKEN_MARGIN

    def __init__(self, expires_at, issued_at=None):
        self.expires_at = expires_at
        self.issued_at = issued_at or now_utc()

    def needs_renewal(self, now=None):
        """Whether to renew it now: when less than ``MARGIN``, or half its lifetime, is left."""
        if self.expires_at is None:
            return False
        lifetime = max(self.expires_at - self.issued_at, datetime.timedelta(0))
        return (now or now_utc()) + min(self.MARGIN, lifetime / 2) >= self.expires_at

    def fingerprint(self):
        """A digest that tells two issued credentials apart without holding either."""
        raise NotImplementedError

    def as_record(self):
        return {"kind": self.KIND, "expires_at": times.iso(self.expires_at), "issued_at": times.iso(self.issued_at)}


class IssuedToken(Issued):
    """A token from IAM: its value, the project it is scoped to, and when it stops working."""

    KIND = "token"

    def __init__(self, value, project_id, expires_at, issued_at=None):
        super().__init__(expires_at, issued_at)
        self.value = value
        self.project_id = project_id

    def fingerprint(self):
        return digest(self.value)

    def as_record(self):
        return dict(super().as_record(), value=self.value, project_id=self.project_id)

    def __repr__(self):
        return "IssuedToken(project_id=%r, expires_at=%r)" % (self.project_id, self.expires_at)


class TemporaryKeys(Issued):
    """Temporary access keys: they sign only together with their security token."""

    KIND = "keys"
    MARGIN = KEY_MARGIN

    def __init__(self, access_key, secret_key, security_token, expires_at, issued_at=None):
        super().__init__(expires_at, issued_at)
        self.access_key = access_key
        self.secret_key = secret_key
        self.security_token = security_token

    def fingerprint(self):
        return digest(self.access_key, self.security_token)

    def as_record(self):
        return dict(super().as_record(), access_key=self.access_key, secret_key=self.secret_key,
                    security_token=self.security_token)

    def __repr__(self):
        return "TemporaryKeys(expires_at=%r)" % (self.expires_at,)


def from_record(record):
    """The issued credential a record holds; ``ValueError`` when it holds none."""
    try:
        moments = times.parse(record.get("expires_at")), times.parse(record.get("issued_at"))
        if record["kind"] == IssuedToken.KIND:
            return IssuedToken(record["value"], record.get("project_id"), *moments)
        if record["kind"] == TemporaryKeys.KIND:
            return TemporaryKeys(record["access_key"], record["secret_key"], record.get("security_token"), *moments)
    except (KeyError, TypeError, AttributeError, times.NotATime) as error:
        raise ValueError("not an issued credential: %s" % error) from None
    raise ValueError("not an issued credential: kind %r" % (record.get("kind"),))


def credential_answer(answer, where):
    """``TemporaryKeys`` from the ``{"credential": {"access", "secret", "securitytoken", "expires_at"}}``
    IAM's securitytokens and the ECS metadata service answer; ``ValueError`` naming what is missing."""
    credential = answer.get("credential") if isinstance(answer, dict) else None
    if not isinstance(credential, dict):
        raise ValueError("%s: no credential object in the answer" % where)
    missing = [name for name in ("access", "secret", "securitytoken") if not credential.get(name)]
    if missing:
        raise ValueError("%s: the credential has no %s" % (where, ", ".join(missing)))
    try:
        expires_at = times.parse(credential.get("expires_at"))
    except times.NotATime:
        raise ValueError("%s: expires_at %r is not a time" % (where, credential.get("expires_at"))) from None
    return TemporaryKeys(credential["access"], credential["secret"], credential["securitytoken"], expires_at)
