# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Which strategy authenticates the credentials the chain found, and what issues their temporary keys.

``auth_for(config)`` is the ``_auth.strategies.Auth`` of a ``ConnectionConfig``: access keys sign,
a token is sent as it is, a password logs in; temporary keys come from the source that holds them
(a KooCLI SSO profile's file, OpenID Connect, the ECS metadata service), and ``assume_role`` exchanges
any of those for an agency's keys.
"""

from __future__ import annotations

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.issued import TemporaryKeys
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.metadata import MetadataKeys
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.security_tokens import AssumeRole, OpenIdConnect
from ansible_collections.hwcloud.tasks.plugins.module_utils._auth.strategies import (
    AccessKeyAuth,
    PasswordAuth,
    TemporaryKeyAuth,
    TokenAuth,
)
from ansible_collections.hwcloud.tasks.plugins.module_utils._credentials.chain import NO_CREDENTIALS
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError


class ProfileKeys:
    """Issuer of the temporary keys a KooCLI SSO profile holds: read again from the file once they are due."""

    def __init__(self, config):
        self._config = config
        self._reread = config.credentials.reread

    def cache_key(self):
        return ("profile keys", self._config.credentials.where)

    def identity(self):
        return None  # KooCLI renews them in the file

    def issue(self, client, deadline):
        values = self._reread()
        keys = TemporaryKeys(values.get("access_key"), values.get("secret_key"), values.get("security_token"),
                             values.get("expires_at"))
        if keys.expires_at is not None and keys.expires_at <= keys.issued_at:
            raise ConfigurationError("The SSO keys of %s expired at %s: renew them with hcloud configure sso"
                                     % (self._config.credentials.where, values.get("expires_at")))
        return keys


def _base_auth(config, token_store):
    method = config.auth_method
    if method == "aksk":
        return AccessKeyAuth(config.access_key, config.secret_key, config.security_token)
    if method == "token":
        return TokenAuth(config.auth_token)
    if method == "password":
        return PasswordAuth(config, token_store)
    if method == "oidc":
        issuer = OpenIdConnect(config.endpoint("iam"), config.idp_id, config.id_token, config.id_token_file)
    elif method == "file_keys":
        issuer = ProfileKeys(config)
    else:
        not_found = "%s Looked in: %s" % (NO_CREDENTIALS, "; ".join(config.credentials.looked))
        issuer = MetadataKeys(config.endpoint("metadata"), not_found)
    return TemporaryKeyAuth(issuer, token_store)


def auth_for(config, token_store=None):
    """The ``_auth.strategies.Auth`` of a ``ConnectionConfig``; ``token_store`` shares issued credentials between
    processes (the controller's)."""
    auth = _base_auth(config, token_store)
    role = config.assume_role
    if role.get("agency_name"):
        issuer = AssumeRole(auth, config.endpoint("iam"), role["agency_name"], role.get("domain_name"),
                            role.get("domain_id"), role.get("duration"))
        auth = TemporaryKeyAuth(issuer, token_store)
    return auth
