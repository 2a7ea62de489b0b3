# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The cloud client every module, the lookup and the CLI use: endpoint, auth, project, JSON, schema.

``CloudClient.call`` is the only way a request leaves this collection.  It is safe to use from many
threads at once (one connection pool); waiting on twenty jobs shares it.
"""

from __future__ import annotations

import json
import threading
from urllib.parse import quote, urlsplit

from ansible_collections.hwcloud.tasks.plugins.module_utils import _iam, _schemas, _signing
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import auth_for
from ansible_collections.hwcloud.tasks.plugins.module_utils._connection import ENDPOINT_SERVICES
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConfigurationError,
    EndpointUnreachable,
    HwCloudError,
    ResponseError,
    excerpt,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._transport import Transport


class OutgoingRequest:
    """A request being prepared: auth strategies add their headers to it."""

    def __init__(self, method, base_url, path, params, headers, body):
        self.method = method
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.path = urlsplit(base_url).path.rstrip("/") + path
        self.params = params
        self.headers = headers
        self.body = body

    @property
    def url(self):
        scheme_host = "%s://%s" % (urlsplit(self.base_url).scheme, self.host)
        query = _signing.canonical_query_string(self.params)
        return scheme_host + self.path + ("?" + query if query else "")


def expand_path(template, values):
    """Fill ``{name}`` placeholders with URL-encoded values: ids are opaque text (the seed has one with spaces)."""
    path = template
    for name, value in values.items():
        path = path.replace("{%s}" % name, quote(str(value), safe=""))
    return path


class CloudClient:
    def __init__(self, config, transport=None, token_store=None):
        """``token_store``: on the controller, shares login tokens between processes (``_auth.PasswordAuth``)."""
        self.config = config
        self.transport = transport or Transport(
            validate_certs=config.validate_certs,
            ca_path=config.ca_path,
            api_timeout=config.api_timeout,
            api_retries=config.api_retries,
        )
        self.auth = auth_for(config, token_store)
        self._project_id = config.project_id
        self._project_lock = threading.Lock()
        self._last = threading.local()

    @property
    def requests_sent(self):
        """HTTP requests this client's transport has sent: retries and IAM calls included."""
        return self.transport.requests_sent

    @property
    def throttled(self):
        """429 answers this client's transport has received, retried or not."""
        return self.transport.throttled

    def throttling_to_caller(self):
        """A context in which this thread's 429s are raised at once (a waiter paces its polls itself)."""
        return self.transport.throttling_to_caller()

    def project_id(self, deadline=None):
        """The configured project id, else the one the region names (found once, then kept)."""
        with self._project_lock:
            if not self._project_id:
                self._project_id = self.auth.project_id(self, deadline)
                if not self._project_id:
                    self._project_id = _iam.project_id_for_region(self, self.config.region, deadline)
            return self._project_id

    def call(self, service, method, path, path_params=None, params=None, body=None, schema=None, deadline=None,
             project_scoped=True):
        """Send one API request and return its decoded, validated JSON answer.

        ``path`` is a template; ``{project_id}`` is filled in unasked.  Raises ``HwCloudError``.
        """
        values = dict(path_params or {})
        headers = {}
        if project_scoped:
            values["project_id"] = self.project_id(deadline)
            headers["X-Project-Id"] = values["project_id"]
        payload = b""
        if body is not None:
            payload = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json;charset=UTF-8"
        base_url = self.config.endpoint(service)
        pairs = sorted((params or {}).items()) if isinstance(params, dict) else list(params or ())
        pairs = [(key, value) for key, value in pairs if value is not None]
        try:
            try:
                text, request = self._send(method, base_url, expand_path(path, values), pairs, headers, payload,
                                           deadline)
            except AuthenticationError as error:
                # An expired login token is renewed once; keys and ready tokens are never retried.
                if error.status != 401 or not self.auth.renew():
                    raise
                text, request = self._send(method, base_url, expand_path(path, values), pairs, headers, payload,
                                           deadline)
        except EndpointUnreachable as error:
            raise self._explained(error, service) from None
        return self._decode(text, request, schema)

    def _explained(self, error, service):
        """``error`` with the options that most likely name the wrong endpoint (it may be IAM's)."""
        if error.cause == "tls":
            return error  # its message already says what to set
        for candidate in [service] + [name for name in ENDPOINT_SERVICES if name != service]:
            try:
                endpoint = self.config.endpoint(candidate)
            except ConfigurationError:
                continue
            if urlsplit(endpoint).netloc == urlsplit(error.url or "").netloc:
                error.message += " (check region, cloud or endpoints.%s)" % candidate
                break
        return error

    def bound_first_contact(self, seconds):
        """Let a first request to an endpoint that never answered take at most ``seconds`` (at least 5)."""
        self.transport.first_contact_seconds = max(5.0, min(self.transport.first_contact_seconds, seconds))

    def last_request_id(self):
        """Request id of the last answer this thread received (what support asks for)."""
        return getattr(self._last, "request_id", None)

    def _send(self, method, base_url, path, pairs, headers, payload, deadline):
        request = OutgoingRequest(method, base_url, path, pairs, dict(headers), payload)
        self.auth.authorize(request, self, deadline)
        try:
            _status, response_headers, text = self.transport.send(
                method, request.url, request.headers, payload or None, deadline=deadline
            )
        except HwCloudError as error:
            self._last.request_id = error.request_id
            raise
        request.request_id = self._last.request_id = response_headers.get("X-Request-Id")
        return text, request

    @staticmethod
    def _decode(text, request, schema):
        where = "%s %s" % (request.method, request.url)
        try:
            answer = json.loads(text)
        except ValueError:
            raise ResponseError(
                "Unexpected answer from %s: not JSON: %s" % (where, excerpt(text) or "(empty body)"),
                request_id=request.request_id,
                url=request.url,
            ) from None
        if schema is not None:
            try:
                _schemas.validate(schema, answer, where)
            except ResponseError as error:
                error.request_id, error.url = request.request_id, request.url
                raise
        return answer
