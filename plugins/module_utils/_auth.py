# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The three ways to authenticate: AK/SK signatures, a ready token, and IAM password login.

Each strategy turns an outgoing request into an authenticated one.  Password-login tokens are cached
for the life of the process and renewed once when the cloud says a token has expired.  On the
controller, lookups and action plugins run in a new worker process for every task: they also share
the token through a ``token_store`` the controller code injects (``plugin_utils._shared_tokens``:
fifty lookups, one login).  Nothing here touches files, so it runs the same on a managed host.
"""

from __future__ import annotations

import datetime
import hashlib
import threading

from ansible_collections.hwcloud.tasks.plugins.module_utils import _iam, _signing

# A token this close to its expiry is not used any more.
TOKEN_MARGIN = datetime.timedelta(minutes=5)

_token_cache = {}
_token_cache_lock = threading.Lock()


class Auth:
    """How requests are authenticated.  Subclasses add their headers in ``authorize``."""

    def authorize(self, request, client, deadline=None):
        raise NotImplementedError

    def renew(self):
        """Forget a credential the cloud refused; True when a new one can be had (the request is sent again)."""
        return False

    def project_id(self, client, deadline=None):
        """The project the credentials themselves are scoped to, or None when they do not say."""
        return None


class AccessKeyAuth(Auth):
    """SDK-HMAC-SHA256 signatures; temporary keys also send their security token (signed)."""

    def __init__(self, access_key, secret_key, security_token=None):
        self._access_key = access_key
        self._secret_key = secret_key
        self._security_token = security_token

    def authorize(self, request, client, deadline=None):
        if self._security_token:
            request.headers["X-Security-Token"] = self._security_token
        request.headers = _signing.sign(
            self._access_key, self._secret_key, request.method, request.host, request.path, request.params,
            request.headers, request.body,
        )


class TokenAuth(Auth):
    """A token the user got elsewhere; it cannot be renewed from here."""

    def __init__(self, token):
        self._token = token

    def authorize(self, request, client, deadline=None):
        request.headers["X-Auth-Token"] = self._token


class PasswordAuth(Auth):
    """IAM password login, the token shared by every client of the process with the same credentials.

    ``token_store``, when given, shares the token with other processes: ``get(key, usable, issue)``
    returns the stored token if ``usable``, else ``issue()``'s, stored; ``forget(key)`` drops it.
    """

    def __init__(self, config, token_store=None):
        self._config = config
        secret = hashlib.sha256(config.password.encode("utf-8")).hexdigest()
        self._cache_key = (config.endpoint("iam"), config.domain_name, config.user_name, secret,
                           config.project_id or "", config.region or "")
        self._store = token_store

    def token(self, client, deadline=None):
        """The cached token, logging in first when there is none or it is about to expire."""
        with _token_cache_lock:
            cached = _token_cache.get(self._cache_key)
            if cached is None or _expiring(cached):
                if self._store is None:
                    cached = self._login(client, deadline)
                else:
                    cached = self._store.get(self._cache_key, lambda token: not _expiring(token),
                                             lambda: self._login(client, deadline))
                _token_cache[self._cache_key] = cached
            return cached

    def _login(self, client, deadline):
        config = self._config
        return _iam.password_login(
            client.transport, config.endpoint("iam"), config.user_name, config.password, config.domain_name,
            project_id=config.project_id, region=config.region, deadline=deadline,
        )

    def authorize(self, request, client, deadline=None):
        request.headers["X-Auth-Token"] = self.token(client, deadline).value

    def renew(self):
        with _token_cache_lock:
            _token_cache.pop(self._cache_key, None)
            if self._store is not None:
                self._store.forget(self._cache_key)
        return True

    def project_id(self, client, deadline=None):
        return self.token(client, deadline).project_id


def _expiring(token):
    if token.expires_at is None:
        return False
    return datetime.datetime.now(datetime.timezone.utc) + TOKEN_MARGIN >= token.expires_at


def auth_for(config, token_store=None):
    if config.auth_method == "aksk":
        return AccessKeyAuth(config.access_key, config.secret_key, config.security_token)
    if config.auth_method == "token":
        return TokenAuth(config.auth_token)
    return PasswordAuth(config, token_store)
