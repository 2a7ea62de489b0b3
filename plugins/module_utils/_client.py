# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The cloud client, and the one way it is built (``client_from_options``).

``CloudClient.call`` sends a task API's request: endpoint, project, authentication, the first-request
gate, through the one door every request leaves by (``_http.exchange``).  The client is safe to use
from many threads at once (one connection pool);
waiting on twenty jobs shares it.  Its first request goes alone (``_http.first_request``): only once
the credentials were accepted do concurrent calls go out, and when they were refused, every call
raises that refusal without sending anything.
"""

from __future__ import annotations

import json
import os
import threading
from urllib.parse import quote, urlsplit

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import iam
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.issued import digest
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.request import OutgoingRequest
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.selection import auth_for
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    AuthenticationError,
    ConfigurationError,
    EndpointUnreachable,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.exchange import exchange
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.first_request import FirstRequestGate
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.transport import Transport
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import (
    ENDPOINT_SERVICES,
    ConnectionConfig,
    with_environment,
)

REFUSED_BEFORE = "not sent: the same credentials were refused earlier in this run"


def client_from_options(params, environ=None, token_store=None, trace=None, gateways=None):
    """A client from the connection options in ``params``: the one builder, for modules, action plugins,
    lookups, the command line and the event source alike (amazon.aws's ``_aws_connection_info`` is the model).

    Options left unset take their environment variables' values (``CONNECTION_ARGSPEC``'s fallbacks,
    read in ``environ``: the process's unless given), then the credential chain fills in the rest.
    ``token_store`` shares issued credentials between the controller's processes, ``gateways`` what
    each gateway allows (``plugin_utils._shared_gateways``); ``trace(line)`` is told of every request
    (``-vvvv``).  Raises ``HwCloudError`` (``ConfigurationError`` for options that do not do) before any
    request.
    """
    environ = os.environ if environ is None else environ
    config = ConnectionConfig(with_environment(params, environ), environ)
    return CloudClient(config, token_store=token_store, trace=trace, gateways=gateways)


def expand_path(template, values):
    """Fill ``{name}`` placeholders with URL-encoded values: ids are opaque text (the seed has one with spaces)."""
    path = template
    for name, value in values.items():
        path = path.replace("{%s}" % name, quote(str(value), safe=""))
    return path


def _refusal_record(error):
    return {"message": error.message, "status": error.status, "error_code": error.error_code,
            "error_msg": error.error_msg, "request_id": error.request_id, "url": error.url}


def _refused_again(record):
    """The refusal a store remembered, as the error to raise now (it says it was not sent)."""
    return AuthenticationError("%s (%s)" % (record.get("message"), REFUSED_BEFORE), status=record.get("status"),
                               error_code=record.get("error_code"), error_msg=record.get("error_msg"),
                               request_id=record.get("request_id"), url=record.get("url"))


class CloudClient:
    def __init__(self, config, transport=None, token_store=None, trace=None, gateways=None):
        """``token_store``: on the controller, shares issued credentials between processes, and
        remembers refused ones for the rest of the run (``plugin_utils._shared_tokens``);
        ``trace(line)``: told of every request and retry (``-vvvv``); ``gateways``: on the controller,
        where the waits of every process find what each gateway allows (``plugin_utils._shared_gateways``),
        None for this process alone."""
        self.config = config
        self.gateways = gateways
        self.transport = transport or Transport(
            validate_certs=config.validate_certs,
            ca_path=config.ca_path,
            api_timeout=config.api_timeout,
            api_retries=config.api_retries,
            trace=trace,
        )
        self.auth = auth_for(config, token_store)
        self._store = token_store
        identity = self.auth.identity()
        self._refusal_key = ("refused",) + tuple(identity) if (identity and token_store is not None) else None
        remembered = token_store.refusal(self._refusal_key) if self._refusal_key else None
        self._gate = FirstRequestGate(refused=_refused_again(remembered) if remembered else None,
                                      on_refused=self._remember_refusal)
        self._project_id = config.project_id
        self._project_lock = threading.Lock()
        self._last = threading.local()

    @property
    def requests_sent(self):
        """HTTP requests this client's transport has sent: retries and IAM calls included."""
        return self.transport.requests_sent

    @property
    def throttled_answers(self):
        """429 answers this client's transport has received, retried or not."""
        return self.transport.throttled_answers

    def gateway_key(self, service):
        """What names ``service``'s gateway quota without a secret: its endpoint and these credentials."""
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.config.endpoint(service)))
        return digest(json.dumps([origin, self.auth.key()], default=str))

    def throttling_to_caller(self):
        """A context in which this thread's 429s are raised at once (a waiter paces its polls itself)."""
        return self.transport.throttling_to_caller()

    def project_id(self, deadline=None):
        """The configured project id, else the one the region (or project_name) names (found once, then kept)."""
        with self._project_lock:
            if not self._project_id:
                self._project_id = self.auth.project_id(self, deadline)
                if not self._project_id:
                    named = "project_name" if self.config.project_name else "region"
                    self._project_id = iam.project_id_for_region(
                        self, self.config.project_name or self.config.region, deadline, named)
            return self._project_id

    def call(self, service, method, path, path_params=None, params=None, body=None, schema=None, deadline=None,
             project_scoped=True):
        """Send one API request and return its decoded, validated JSON answer.

        ``path`` is a template; ``{project_id}`` is filled in unasked.  Raises ``HwCloudError``.  Until
        the client's credentials were accepted once, calls go one at a time; once they were refused,
        every call raises that refusal unsent.  A refused issued credential (a login token, temporary
        keys) is renewed once and the request sent again; keys and ready tokens are never retried.
        """
        try:
            return self._gate.run(lambda: self._call(service, method, path, path_params, params, body, schema,
                                                     deadline, project_scoped))
        except EndpointUnreachable as error:
            raise self._explained(error, service) from None

    def _call(self, service, method, path, path_params, params, body, schema, deadline, project_scoped):
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
        request = self._authorized(method, base_url, expand_path(path, values), pairs, headers, payload, deadline)
        try:
            return self._send(request, schema, deadline)
        except AuthenticationError as error:
            if error.status != 401 or not self.auth.renew(request.credential):
                raise
        request = self._authorized(method, base_url, expand_path(path, values), pairs, headers, payload, deadline)
        return self._send(request, schema, deadline)

    def _send(self, request, schema, deadline):
        try:
            return exchange(self.transport, request, schema=schema, deadline=deadline).body
        finally:
            self._last.request_id = request.request_id

    def _explained(self, error, service):
        """``error`` with the options that most likely name the wrong endpoint (it may be IAM's, reached
        while calling ``service``: a call inside a call names them once)."""
        if error.cause == "tls" or error.suspects:
            return error  # a TLS error's message already says what to set
        for candidate in [service] + [name for name in ENDPOINT_SERVICES if name != service]:
            try:
                endpoint = self.config.endpoint(candidate)
            except ConfigurationError:
                continue
            if urlsplit(endpoint).netloc == urlsplit(error.url or "").netloc:
                error.suspects = ("region", "cloud", "endpoints.%s" % candidate)
                break
        return error

    def bound_first_contact(self, seconds):
        """Let a first request to an endpoint that never answered take at most ``seconds`` (at least 5)."""
        self.transport.first_contact_seconds = max(5.0, min(self.transport.first_contact_seconds, seconds))

    def last_request_id(self):
        """Request id of the last answer this thread received (what support asks for)."""
        return getattr(self._last, "request_id", None)

    def _authorized(self, method, base_url, path, pairs, headers, payload, deadline):
        request = OutgoingRequest(method, base_url, path, pairs, dict(headers), payload)
        self.auth.authorize(request, self, deadline)
        return request

    def _remember_refusal(self, error):
        """A refused credential that cannot change by itself is not sent again in this run (on the controller)."""
        if self._refusal_key is not None and isinstance(error, AuthenticationError) and error.status == 401:
            self._store.remember_refusal(self._refusal_key, _refusal_record(error))
