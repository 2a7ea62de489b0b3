# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Temporary keys from IAM: an agency assumed with other credentials, and OpenID Connect federation.

Both are issuers of ``_auth.strategies.TemporaryKeyAuth``, which renews their keys before they expire:

- ``AssumeRole``: ``POST /v3.0/OS-CREDENTIAL/securitytokens`` with the ``assume_role`` method,
  signed with the base credentials (or with their token), as the Terraform provider's ``assume_role``.
- ``OpenIdConnect``: an IdP's id token (a CI system's JWT) for an unscoped token
  (``POST /v3.0/OS-AUTH/id-token/tokens`` with ``X-Idp-Id``), then that token for temporary keys
  (``securitytokens`` with the ``token`` method), as the official SDK's federated path.
"""

from __future__ import annotations

import json

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.issued import credential_answer, digest
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.request import OutgoingRequest
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConfigurationError,
    ResponseError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.exchange import exchange

SECURITY_TOKENS_PATH = "/v3.0/OS-CREDENTIAL/securitytokens"
ID_TOKEN_PATH = "/v3.0/OS-AUTH/id-token/tokens"
AGENCY_DURATION = 43200  # seconds asked for an agency's keys: the Terraform provider's default
FEDERATED_DURATION = 21600  # seconds asked for federated keys: the official SDK's


def _post(client, iam_url, path, body, what, authorize=None, headers=None, deadline=None, decode=True):
    """POST a JSON body to IAM and return the ``Answer``.  Failures say ``what`` failed."""
    headers = dict({"Content-Type": "application/json;charset=UTF-8"}, **(headers or {}))
    request = OutgoingRequest("POST", iam_url, path, [], headers, json.dumps(body).encode("utf-8"))
    if authorize is not None:
        authorize(request)
    return exchange(client.transport, request, decode=decode, what=what, deadline=deadline)


def _keys(answer, what):
    try:
        return credential_answer(answer, what)
    except ValueError as error:
        raise ResponseError(str(error)) from None


class AssumeRole:
    """The keys of an agency, assumed with the ``base`` credentials (any ``_auth.strategies.Auth``)."""

    def __init__(self, base, iam_url, agency_name, domain_name=None, domain_id=None, duration=None):
        self.base = base
        self.iam_url = iam_url
        self.agency_name = agency_name
        self.domain_name = domain_name
        self.domain_id = domain_id
        self.duration = duration or AGENCY_DURATION

    def cache_key(self):
        return ("assume_role", self.iam_url, self.agency_name, self.domain_name or "", self.domain_id or "",
                self.duration, self.base.key())

    def identity(self):
        return self.cache_key() if self.base.identity() is not None else None

    def issue(self, client, deadline):
        role = {"agency_name": self.agency_name, "duration_seconds": self.duration}
        role.update({"domain_id": self.domain_id} if self.domain_id and not self.domain_name
                    else {"domain_name": self.domain_name})
        body = {"auth": {"identity": {"methods": ["assume_role"], "assume_role": role}}}
        what = "Assuming agency %r" % self.agency_name

        def send():
            return _post(client, self.iam_url, SECURITY_TOKENS_PATH, body, what,
                         authorize=lambda request: self.base.authorize(request, client, deadline), deadline=deadline)

        try:
            answer = send()
        except AuthenticationError as error:
            # The base credentials' token or keys expired meanwhile: renewed once, as for any request.
            if error.status != 401 or not self.base.renew(getattr(error, "credential", None)):
                raise
            answer = send()
        return _keys(answer.body, what)


class OpenIdConnect:
    """Federated keys for an IdP's id token, given as text or in a file (read again at each renewal)."""

    def __init__(self, iam_url, idp_id, id_token=None, id_token_file=None, duration=FEDERATED_DURATION):
        self.iam_url = iam_url
        self.idp_id = idp_id
        self.id_token = id_token
        self.id_token_file = id_token_file
        self.duration = duration

    def cache_key(self):
        return ("oidc", self.iam_url, self.idp_id, digest(self.id_token) if self.id_token else self.id_token_file)

    def identity(self):
        return self.cache_key()

    def read_id_token(self):
        if self.id_token:
            return self.id_token
        try:
            with open(self.id_token_file, encoding="utf-8") as handle:
                text = handle.read().strip()
        except (OSError, UnicodeError) as error:
            raise ConfigurationError("id_token_file: cannot read %s: %s"
                                     % (self.id_token_file, getattr(error, "strerror", None) or error)) from None
        if not text:
            raise ConfigurationError("id_token_file: %s is empty" % self.id_token_file)
        return text

    def issue(self, client, deadline):
        what = "OpenID Connect with IdP %r" % self.idp_id
        id_token = {"auth": {"id_token": {"id": self.read_id_token()}}}
        unscoped = _post(client, self.iam_url, ID_TOKEN_PATH, id_token, what, headers={"X-Idp-Id": self.idp_id},
                         deadline=deadline, decode=False)
        token = unscoped.headers.get("X-Subject-Token")
        if not token:
            raise ResponseError("%s: IAM answered without an X-Subject-Token header" % what,
                                request_id=unscoped.request_id)
        body = {"auth": {"identity": {"methods": ["token"],
                                      "token": {"id": token, "duration_seconds": self.duration}}}}
        answer = _post(client, self.iam_url, SECURITY_TOKENS_PATH, body, what, headers={"X-Auth-Token": token},
                       deadline=deadline)
        return _keys(answer.body, what)
