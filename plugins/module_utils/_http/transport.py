# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""HTTP: one pooled ``requests.Session``, retries with jittered back-off inside a deadline, errors.

Retries are urllib3's ``Retry`` with two changes: the delay is jittered exponential back-off (or the
server's ``Retry-After``), and no retry starts that could not finish before the caller's deadline.
What is retried is ``_http.transient``'s rule: throttling, gateway and server trouble, connection
failures; never a refusal (five bad signatures lock an access key for five minutes).  A waiter takes
its polls' 429s back instead (``throttling_to_caller``): it queues them behind the request rate of the
whole wait rather than each retrying alone.  ``throttled_answers`` counts every 429 answer received.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from urllib.parse import urlsplit

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import (
    ConnectionFailure,
    EndpointUnreachable,
    error_from_response,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._http.transient import THROTTLED, TRANSIENT_STATUSES
from ansible_collections.hwcloud.tasks.plugins.module_utils._libraries import (
    HTTPAdapter,
    MaxRetryError,
    NewConnectionError,
    Retry,
    Urllib3ResponseError,
    Urllib3Timeout,
    requests,
)

BACKOFF_FIRST = 0.5
BACKOFF_CEILING = 20.0
USER_AGENT = "hwcloud.tasks (Ansible collection)"
# Seconds a first request to an endpoint that has never answered may take, retries included: a wrong
# region or endpoint must fail fast, not after the whole wait.
FIRST_CONTACT_SECONDS = 15.0


def backoff_delay(attempt, first=BACKOFF_FIRST, ceiling=BACKOFF_CEILING, rand=random.random):
    """Exponential back-off with "equal jitter": half the step is fixed, half random.

    Jitter keeps many waiters (20 jobs in one task, 50 playbooks at once) from retrying in step.
    """
    step = min(ceiling, first * (2 ** max(0, attempt - 1)))
    return step / 2 + rand() * step / 2


class DeadlineRetry(Retry):
    """urllib3 ``Retry`` that sleeps a jittered back-off (or ``Retry-After``) and respects a deadline.

    The deadline is per request but the adapter's ``Retry`` is shared, so it is read from the
    thread-local ``scope`` the transport fills before each call.
    """

    RETRY_AFTER_STATUS_CODES = frozenset((429, 503))

    def __init__(self, *args, **kwargs):
        self.scope = kwargs.pop("scope", None)
        self.planned_delay = 0.0
        super().__init__(*args, **kwargs)

    def new(self, **kwargs):
        kwargs.setdefault("scope", self.scope)
        return super().new(**kwargs)

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if error is not None and does_not_resolve(error):
            # A name that does not resolve now will not in a second either: fail at once.
            raise MaxRetryError(_pool, url, error)
        answered_429 = response is not None and response.status == THROTTLED
        if answered_429 and getattr(self.scope, "throttling_to_caller", False):
            raise MaxRetryError(_pool, url, Urllib3ResponseError("throttled"))  # the 429 goes back to the caller
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        delay = None
        if response is not None and self.respect_retry_after_header:
            delay = retry.get_retry_after(response)
        if delay is None:
            delay = backoff_delay(len(retry.history))
        deadline = getattr(self.scope, "deadline", None)
        if deadline is not None and time.monotonic() + delay >= deadline:
            # Not enough time left for another try: hand back the last answer (or error) now.
            raise MaxRetryError(_pool, url, error or Urllib3ResponseError("deadline reached"))
        retry.planned_delay = delay
        if self.scope is not None:
            self.scope.retries = getattr(self.scope, "retries", 0) + 1
            _trace(self.scope, "%s (try %d), retrying in %.1f s"
                   % (_outcome(response, error), self.scope.retries, delay))
            self.scope.throttled_answers = getattr(self.scope, "throttled_answers", 0) + answered_429
        return retry

    def sleep(self, response=None):
        time.sleep(self.planned_delay)


def _chain(error):
    """The error, what it wraps (urllib3's ``reason``) and what caused those, outermost first."""
    seen = []
    while error is not None and error not in seen:
        seen.append(error)
        wrapped = getattr(error, "reason", None) or (error.args[0] if error.args else None)
        error = wrapped if isinstance(wrapped, BaseException) else error.__cause__ or error.__context__
    return seen


def does_not_resolve(error):
    """Whether the host name did not resolve (``socket.gaierror`` somewhere in the chain)."""
    return any(isinstance(link, socket.gaierror) or type(link).__name__ == "NameResolutionError"
               for link in _chain(error))


def failure_cause(error):
    """How a request failed, for ``ConnectionFailure.cause``: dns, connect, timeout or other.

    urllib3 files a refused connection (and a name that does not resolve) under timeouts too.
    """
    chain = _chain(error)
    if does_not_resolve(error):
        return "dns"
    if any(isinstance(link, (NewConnectionError, requests.exceptions.ConnectTimeout)) for link in chain):
        return "connect"
    if any(isinstance(link, (requests.exceptions.Timeout, Urllib3Timeout)) for link in chain):
        return "timeout"
    return "other"


def _os_reason(error):
    """``Connection refused`` rather than urllib3's whole repr of the connection object."""
    for link in _chain(error):
        if isinstance(link, OSError) and not isinstance(link, socket.gaierror) and link.strerror:
            return link.strerror
    text = str(_chain(error)[-1])
    return text.rsplit("Failed to establish a new connection: ", maxsplit=1)[-1].rsplit("] ", maxsplit=1)[-1]


class Transport:
    """Sends requests and returns ``(status, headers, text)``; raises ``HwCloudError`` on failure."""

    def __init__(self, validate_certs=True, ca_path=None, api_timeout=30.0, api_retries=5, pool_size=32,
                 connect_timeout=None, trace=None):
        """``connect_timeout``: a shorter bound for opening a connection (the metadata service: a laptop
        must not wait long for an address that never answers); ``trace(line)``, when given, is told of
        every request and retry (what ``-vvvv`` shows)."""
        self.api_timeout = api_timeout
        self.connect_timeout = connect_timeout
        self.trace = trace
        self.first_contact_seconds = FIRST_CONTACT_SECONDS
        self._answered = set()  # origins (scheme://host:port) that have sent an HTTP answer
        self._scope = threading.local()
        self._count_lock = threading.Lock()
        self.requests_sent = 0
        self.throttled_answers = 0  # 429 answers received, retried or not
        retry = DeadlineRetry(
            total=api_retries,
            connect=api_retries,
            read=api_retries,
            status=api_retries,
            redirect=0,
            other=0,
            allowed_methods=frozenset(("GET", "POST")),
            status_forcelist=TRANSIENT_STATUSES,
            raise_on_status=False,
            raise_on_redirect=False,
            respect_retry_after_header=True,
            scope=self._scope,
        )
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry, pool_connections=4, pool_maxsize=pool_size)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        # Passed with every request: a Session's own ``verify`` loses to REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE.
        self._verify = ca_path if (validate_certs and ca_path) else bool(validate_certs)
        self.session.headers["User-Agent"] = USER_AGENT

    def send(self, method, url, headers, body=None, deadline=None):
        """One logical request (retries included).  ``url`` is final: path and query already encoded.

        An endpoint that has never answered gets ``first_contact_seconds``, and failing to reach it
        raises ``EndpointUnreachable`` (no wait outlives it); once it has answered, the same failures
        are ``ConnectionFailure``, which a wait outlives.
        """
        origin = _origin(url)
        if origin not in self._answered:
            first_contact = time.monotonic() + self.first_contact_seconds
            deadline = first_contact if deadline is None else min(deadline, first_contact)
        timeout = self.api_timeout
        if deadline is not None:
            timeout = max(0.1, min(timeout, deadline - time.monotonic()))
        timeouts = (min(self.connect_timeout, timeout), timeout) if self.connect_timeout else timeout
        self._scope.deadline = deadline
        self._scope.retries = self._scope.throttled_answers = 0
        self._scope.trace = self.trace
        self._scope.request = "%s %s" % (method, url)
        started = time.monotonic()
        response = None
        try:
            response = self.session.request(method, url, headers=headers, data=body, timeout=timeouts,
                                            verify=self._verify, allow_redirects=False)
        except requests.exceptions.SSLError as error:
            raise EndpointUnreachable(
                "%s %s failed: TLS certificate verification failed (set ca_path to the CA bundle that "
                "signs this endpoint, or validate_certs: false for a test endpoint): %s" % (method, url, error),
                cause="tls", url=url,
            ) from error
        except requests.exceptions.InvalidHeader:
            # Its text quotes the header value, which may be a credential: never repeat it.
            raise ConnectionFailure("%s %s was not sent: a header value is not valid (a credential with a line "
                                    "break or other control character?)" % (method, url), url=url) from None
        except requests.exceptions.RequestException as error:
            failure = _connection_failure(method, url, timeout, error, origin in self._answered)
            _trace(self._scope, "%s after %s" % (failure.cause, _spent(started, self._scope)))
            raise failure from None
        finally:
            self._count(1 + self._scope.retries,
                        self._scope.throttled_answers + (getattr(response, "status_code", 0) == THROTTLED))
        _trace(self._scope, "%s after %s" % (_outcome(response, None), _spent(started, self._scope)))
        self._answered.add(origin)
        if response.status_code >= 400:
            raise error_from_response(method, url, response.status_code, response.headers, response.text)
        return response.status_code, response.headers, response.text

    @contextlib.contextmanager
    def throttling_to_caller(self):
        """Within it, this thread's 429 answers are raised at once, never retried here."""
        self._scope.throttling_to_caller = True
        try:
            yield
        finally:
            self._scope.throttling_to_caller = False

    def _count(self, attempts, throttled_answers):
        with self._count_lock:
            self.requests_sent += attempts
            self.throttled_answers += throttled_answers


def _trace(scope, outcome):
    """One line of the request trace: the request (its URL carries no credential) and what came of it."""
    if getattr(scope, "trace", None) is not None:
        scope.trace("%s -> %s" % (scope.request, outcome))


def _outcome(response, error):
    """``HTTP 429 (request id ...)`` for an answer, the failure's cause otherwise."""
    if response is None:
        return failure_cause(error) if error is not None else "no answer"
    request_id = response.headers.get("X-Request-Id")
    status = getattr(response, "status_code", None) or response.status  # requests' or urllib3's answer
    return "HTTP %s%s" % (status, " (request id %s)" % request_id if request_id else "")


def _spent(started, scope):
    retries = getattr(scope, "retries", 0)
    return "%d ms%s" % ((time.monotonic() - started) * 1000, ", %d retries" % retries if retries else "")


def _origin(url):
    parts = urlsplit(url)
    return "%s://%s" % (parts.scheme, parts.netloc)


def _connection_failure(method, url, timeout, error, answered_before):
    """One short line for a request that got no answer: what was asked, and why in a few words."""
    cause = failure_cause(error)
    host = urlsplit(url).hostname
    if cause == "dns":
        why = "the host name %s does not resolve" % host
    elif cause == "connect":
        why = "could not connect to %s: %s" % (urlsplit(url).netloc, _os_reason(error))
    elif cause == "timeout":
        why = "no answer within %.1f s (api_timeout)" % timeout
    else:
        why = "the connection broke: %s" % _os_reason(error)
    kind = ConnectionFailure if answered_before or cause not in ("dns", "connect") else EndpointUnreachable
    return kind("%s %s failed: %s" % (method, url, why), cause=cause, url=url)
