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
the token through ``shared_dir``, the controller's private temporary folder that lives as long as
the ``ansible-playbook`` run (fifty lookups, one login).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import threading

from ansible_collections.hwcloud.tasks.plugins.module_utils import _iam, _signing, _times

# A token this close to its expiry is not used any more.
TOKEN_MARGIN = datetime.timedelta(minutes=5)

_token_cache = {}
_token_cache_lock = threading.Lock()


class AccessKeyAuth:
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

    def renew(self):
        return False


class TokenAuth:
    """A token the user got elsewhere; it cannot be renewed from here."""

    def __init__(self, token):
        self._token = token

    def authorize(self, request, client, deadline=None):
        request.headers["X-Auth-Token"] = self._token

    def renew(self):
        return False


class PasswordAuth:
    """IAM password login, the token shared by every client of the process with the same credentials."""

    def __init__(self, config, shared_dir=None):
        self._config = config
        secret = hashlib.sha256(config.password.encode("utf-8")).hexdigest()
        self._cache_key = (config.endpoint("iam"), config.domain_name, config.user_name, secret,
                           config.project_id or "", config.region or "")
        self._shared = SharedTokenFile(shared_dir, self._cache_key) if shared_dir else None

    def token(self, client, deadline=None):
        """The cached token, logging in first when there is none or it is about to expire."""
        with _token_cache_lock:
            cached = _token_cache.get(self._cache_key)
            if cached is None or _expiring(cached):
                if self._shared is None:
                    cached = self._login(client, deadline)
                else:
                    with self._shared.locked():
                        cached = self._shared.load()
                        if cached is None or _expiring(cached):
                            cached = self._login(client, deadline)
                            self._shared.save(cached)
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
            if self._shared is not None:
                self._shared.forget()
        return True


class SharedTokenFile:
    """A token kept in a file only its owner can read, in a folder private to one controller run."""

    def __init__(self, folder, cache_key):
        name = hashlib.sha256(json.dumps(cache_key).encode("utf-8")).hexdigest()[:32]
        self.path = os.path.join(folder, "hwcloud-tasks-token-%s.json" % name)

    def locked(self):
        return _FileLock(self.path + ".lock")

    def load(self):
        try:
            with open(self.path) as stored:
                data = json.load(stored)
            return _iam.IssuedToken(data["value"], data.get("project_id"), _times.parse(data.get("expires_at")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, token):
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as stored:
            json.dump({"value": token.value, "project_id": token.project_id,
                       "expires_at": _times.iso(token.expires_at)}, stored)

    def forget(self):
        try:
            os.remove(self.path)
        except OSError:
            pass


class _FileLock:
    """Serialises logins between the controller's worker processes (POSIX ``flock``)."""

    def __init__(self, path):
        self.path = path
        self._descriptor = None

    def __enter__(self):
        import fcntl  # controller only: never imported on a managed host

        self._descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._descriptor, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc_info):
        os.close(self._descriptor)  # closing releases the lock


def _expiring(token):
    if token.expires_at is None:
        return False
    return datetime.datetime.now(datetime.timezone.utc) + TOKEN_MARGIN >= token.expires_at


def auth_for(config, shared_dir=None):
    if config.auth_method == "aksk":
        return AccessKeyAuth(config.access_key, config.secret_key, config.security_token)
    if config.auth_method == "token":
        return TokenAuth(config.auth_token)
    return PasswordAuth(config, shared_dir)
