# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The ECS metadata service: the temporary keys of the agency bound to the server this runs on.

As the official SDK reads them: a session token first (``PUT /meta-data/latest/api/token`` with
``X-Metadata-Token-Ttl-Seconds``; a 404, 405 or 503 means the service has none, and the keys are read
without), then ``GET /openstack/latest/securitykey`` with ``X-Metadata-Token``; a 401 that is not
"Please configure Cloud Service Agency first" means the session token expired: one new one, one retry.

It is the last place the credential chain looks, also on a laptop with no credentials at all: a
connection must open within a second or the service is taken to be absent, and the "No credentials
given" message says where else was looked.
"""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.issued import credential_answer
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.request import OutgoingRequest
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    ConfigurationError,
    ConnectionFailure,
    HwCloudError,
    ResponseError,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.exchange import exchange
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.transport import Transport

TOKEN_PATH = "/meta-data/latest/api/token"
KEY_PATH = "/openstack/latest/securitykey"
SESSION_TTL = 21600  # seconds, the SDK's
CONNECT_TIMEOUT = 1.0
READ_TIMEOUT = 3.0  # the SDK's
NO_AGENCY = "Please configure Cloud Service Agency first"
NO_SESSION_TOKEN = (404, 405, 503)


class MetadataKeys:
    """Issuer of ``_auth.strategies.TemporaryKeyAuth``.  ``not_found`` is the message to raise (with where it was
    looked) when no metadata service answers: then no source had credentials."""

    def __init__(self, endpoint, not_found):
        self.endpoint = endpoint
        self.not_found = not_found
        self._transport = Transport(api_timeout=READ_TIMEOUT, api_retries=0, connect_timeout=CONNECT_TIMEOUT)
        self._session_token = None
        self._answered = False

    def cache_key(self):
        return ("metadata", self.endpoint)

    def identity(self):
        return None  # the service hands out new keys by itself

    def issue(self, client, deadline):
        try:
            if self._session_token is None:
                self._session_token = self._new_session_token(deadline)
            try:
                return self._security_key(deadline)
            except HwCloudError as error:
                if error.status != 401 or NO_AGENCY in (error.error_msg or "") or self._session_token is None:
                    raise
            self._session_token = self._new_session_token(deadline)
            return self._security_key(deadline)
        except ConnectionFailure as error:
            if self._answered:
                raise
            raise ConfigurationError("%s; the ECS metadata service at %s did not answer (%s)"
                                     % (self.not_found, self.endpoint, _reason(error))) from None
        except HwCloudError as error:
            raise self._explained(error) from None

    def _new_session_token(self, deadline):
        request = OutgoingRequest("PUT", self.endpoint, TOKEN_PATH, [],
                                  {"X-Metadata-Token-Ttl-Seconds": str(SESSION_TTL)}, b"")
        try:
            text = exchange(self._transport, request, decode=False, deadline=deadline).body
        except HwCloudError as error:
            if error.status in NO_SESSION_TOKEN:
                self._answered = True
                return None
            raise
        self._answered = True
        return text.strip() or None

    def _security_key(self, deadline):
        headers = {"X-Metadata-Token": self._session_token} if self._session_token else {}
        request = OutgoingRequest("GET", self.endpoint, KEY_PATH, [], headers, b"")
        answer = exchange(self._transport, request, deadline=deadline)
        self._answered = True
        try:
            return credential_answer(answer.body, "the ECS metadata service at %s" % self.endpoint)
        except ValueError as error:
            raise ResponseError(str(error), request_id=answer.request_id, url=request.url) from None

    def _explained(self, error):
        """The metadata service's refusal, said as what to do about it."""
        if NO_AGENCY in (error.error_msg or ""):
            return ConfigurationError(
                "The ECS metadata service at %s has no keys for this server: %s (bind an agency to the ECS, or "
                "give credentials another way)" % (self.endpoint, NO_AGENCY))
        if error.status == 404:
            return ConfigurationError("%s; %s answered HTTP 404 to %s: not an ECS metadata service"
                                      % (self.not_found, self.endpoint, KEY_PATH))
        error.message = "Reading keys from the ECS metadata service: %s" % error.message
        return error


def _reason(error):
    """Why no connection opened, in a few words (the transport's own text is long)."""
    text = str(error)
    if "no answer within" in text:
        return "no connection within %g s" % CONNECT_TIMEOUT
    return "connection refused" if "refused" in text.lower() else "unreachable"
