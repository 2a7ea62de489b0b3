# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""How requests are authenticated: AK/SK signatures, a ready token, IAM password login, temporary keys.

Each strategy turns an outgoing request into an authenticated one.  Issued credentials (a login
token, temporary keys from the metadata service, an agency or OpenID Connect) are cached for the life
of the process, renewed before they expire (``_auth.issued``), and renewed once when the cloud refuses
the one a request carried: however many requests saw it refused at once, one renewal per credential
(``renew(used)`` only drops the credential it was given if it is still the current one).  On the
controller, lookups and action plugins run in a new worker process for every task: they also share
issued credentials through a ``token_store`` the controller code injects (``plugin_utils._shared_tokens``:
fifty lookups, one login).  Nothing here touches files, so it runs the same on a managed host.
"""

from __future__ import annotations

import threading

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import iam, signing
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.issued import digest

# Issued credentials of this process, by cache key; one lock per key, so that issuing one (an agency's
# keys) may use another (the login token it is exchanged with).
_token_cache = {}
_key_locks = {}
_key_locks_lock = threading.Lock()


def _lock_for(key):
    with _key_locks_lock:
        return _key_locks.setdefault(key, threading.Lock())


class Auth:
    """How requests are authenticated.  Subclasses add their headers in ``authorize``."""

    def authorize(self, request, client, deadline=None):
        raise NotImplementedError

    def renew(self, used):
        """The cloud refused ``used`` (the ``request.credential`` of a refused request): True when a new
        credential can be had, and the request is worth sending again."""
        return False

    def project_id(self, client, deadline=None):
        """The project the credentials themselves are scoped to, or None when they do not say."""
        return None

    def key(self):
        """A tuple naming these credentials without holding a secret (a cache key)."""
        raise NotImplementedError

    def identity(self):
        """``key()`` for credentials that stay the same for a whole run (so that a refusal may be
        remembered for the run), None for credentials that change by themselves (metadata keys)."""
        return self.key()


def sign_with_keys(request, access_key, secret_key, security_token=None):
    """SDK-HMAC-SHA256; temporary keys also send their security token (signed)."""
    if security_token:
        request.headers["X-Security-Token"] = security_token
    request.headers = signing.sign(
        access_key, secret_key, request.method, request.host, request.path, request.params, request.headers,
        request.body,
    )


class AccessKeyAuth(Auth):
    """Access keys given as they are (permanent, or temporary ones with their security token)."""

    def __init__(self, access_key, secret_key, security_token=None):
        self._access_key = access_key
        self._secret_key = secret_key
        self._security_token = security_token

    def authorize(self, request, client, deadline=None):
        sign_with_keys(request, self._access_key, self._secret_key, self._security_token)

    def key(self):
        return ("aksk", self._access_key, digest(self._secret_key, self._security_token))


class TokenAuth(Auth):
    """A token the user got elsewhere; it cannot be renewed from here."""

    def __init__(self, token):
        self._token = token

    def authorize(self, request, client, deadline=None):
        request.headers["X-Auth-Token"] = self._token

    def key(self):
        return ("token", digest(self._token))


class IssuedAuth(Auth):
    """Credentials issued on demand, shared by every client of the process with the same ``cache_key``.

    ``token_store``, when given, shares them with other processes: ``get(key, usable, issue)``
    returns the stored credential if ``usable``, else ``issue()``'s, stored; ``forget(key, refused)``
    drops the stored one if it is ``refused`` (not one another process stored since).
    """

    def __init__(self, cache_key, token_store=None):
        self._cache_key = cache_key
        self._store = token_store

    def key(self):
        return self._cache_key

    def issue(self, client, deadline):
        """A new credential from the cloud (an ``_auth.issued.Issued``)."""
        raise NotImplementedError

    def current(self, client, deadline=None):
        """The cached credential, issuing one first when there is none or it is due for renewal."""
        with _lock_for(self._cache_key):
            cached = _token_cache.get(self._cache_key)
            if cached is None or cached.needs_renewal():
                if self._store is None:
                    cached = self.issue(client, deadline)
                else:
                    cached = self._store.get(self._cache_key, lambda issued: not issued.needs_renewal(),
                                             lambda: self.issue(client, deadline))
                _token_cache[self._cache_key] = cached
            return cached

    def renew(self, used):
        with _lock_for(self._cache_key):
            if used is not None and _token_cache.get(self._cache_key) is used:
                del _token_cache[self._cache_key]
                if self._store is not None:
                    self._store.forget(self._cache_key, used)
        return True


class PasswordAuth(IssuedAuth):
    """IAM password login: a project-scoped token."""

    def __init__(self, config, token_store=None):
        secret = digest(config.password)
        super().__init__(("password", config.endpoint("iam"), config.domain_name or "", config.domain_id or "",
                          config.user_name, secret, config.project_id or "", config.project_name or "",
                          config.region or ""), token_store)
        self._config = config

    def issue(self, client, deadline):
        config = self._config
        return iam.password_login(
            client, config.endpoint("iam"), config.user_name, config.password, config.domain_name,
            project_id=config.project_id, region=config.region, deadline=deadline, domain_id=config.domain_id,
            project_name=config.project_name,
        )

    def authorize(self, request, client, deadline=None):
        token = self.current(client, deadline)
        request.credential = token
        request.headers["X-Auth-Token"] = token.value

    def project_id(self, client, deadline=None):
        return self.current(client, deadline).project_id


class TemporaryKeyAuth(IssuedAuth):
    """Temporary keys an ``issuer`` gets (the metadata service, an agency, OpenID Connect, a profile file).

    The issuer has ``cache_key()``, ``issue(client, deadline)`` (``_auth.issued.TemporaryKeys``) and
    ``identity()`` (None when its keys may change by themselves).
    """

    def __init__(self, issuer, token_store=None):
        super().__init__(issuer.cache_key(), token_store)
        self.issuer = issuer

    def issue(self, client, deadline):
        return self.issuer.issue(client, deadline)

    def authorize(self, request, client, deadline=None):
        keys = self.current(client, deadline)
        request.credential = keys
        sign_with_keys(request, keys.access_key, keys.secret_key, keys.security_token)

    def identity(self):
        return self.issuer.identity()
