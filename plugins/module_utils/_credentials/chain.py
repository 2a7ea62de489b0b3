# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The one credential chain: where the credentials come from (how they authenticate is ``_auth.selection``'s).

The order is the precedence table of ``plugins/doc_fragments/connection.py``: the options and their
``HW_*`` / ``OS_*`` variables; the official SDK's ``HUAWEICLOUD_SDK_*`` variables; a KooCLI profile
(only when ``profile`` or ``shared_config_file`` is set, as the Terraform provider does); the SDK's
credentials file; a ``clouds.yaml`` cloud (only when ``os_cloud`` / ``OS_CLOUD`` is set); last, the
ECS metadata service.  The first source that has credentials gives all of them, and fills in the
settings (region, project, IAM endpoint, ...) the options leave unset.  A source that is set up but
broken (an unreadable file, an unknown profile, half a key pair) is an error naming it, never a
silent fall-through to the next one.  On top of any of them, ``assume_role`` exchanges the
credentials for an agency's temporary keys (``_auth.selection``).

Nothing here sends a request: ``resolve`` only reads the environment and files, and the metadata
service is asked on the first request (``_auth.metadata``), which also says where else was looked when
it does not answer.
"""

from __future__ import annotations

import collections

from ansible_collections.hwcloud.tasks.plugins.module_utils._credentials import clouds_yaml, koocli, sdk
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError

# The options that are credentials: any of them given makes the options the source.
CREDENTIAL_OPTIONS = ("access_key", "secret_key", "security_token", "auth_token", "user_name", "password", "idp_id",
                      "id_token", "id_token_file")
NO_CREDENTIALS = (
    "No credentials given. Set one of: access_key and secret_key (HW_ACCESS_KEY / HW_SECRET_KEY, "
    "or OS_ACCESS_KEY / OS_SECRET_KEY; plus security_token / HW_SECURITY_TOKEN for temporary keys); "
    "auth_token (HW_AUTH_TOKEN / OS_AUTH_TOKEN); user_name, password and domain_name "
    "(HW_USER_NAME, HW_USER_PASSWORD, HW_DOMAIN_NAME / OS_USERNAME, OS_PASSWORD, OS_USER_DOMAIN_NAME); "
    "idp_id with id_token or id_token_file (HW_ASSUME_ROLE_IDP_ID, HW_ASSUME_ROLE_ID_TOKEN_FILE); "
    "profile (HW_PROFILE) for a KooCLI profile; os_cloud (OS_CLOUD) for a clouds.yaml cloud; "
    "the SDK's HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK or its ~/.huaweicloud/credentials; "
    "or run on an ECS with an agency."
)
# The options each way of authenticating with the options reads: ``-v`` names these, not the others set.
METHOD_OPTIONS = {
    "oidc": ("idp_id", "id_token", "id_token_file"),
    "aksk": ("access_key", "secret_key", "security_token"),
    "token": ("auth_token",),
    "password": ("user_name", "password"),
}
METHOD_WORDS = {
    "oidc": "OpenID Connect federation",
    "aksk": "access keys",
    "file_keys": "temporary access keys",
    "token": "an IAM token",
    "password": "IAM password login",
    "metadata": "an ECS agency's keys",
}


class Found(collections.namedtuple("Found", ("where", "method", "values", "looked", "reread", "unused"),
                                   defaults=(None, None))):
    """What a source gave: ``where`` (said at ``-v``, never a value), the ``method`` the credentials
    authenticate with, their ``values`` under the options' names, and ``looked``: the sources tried
    before.  ``reread`` gives the source's values again (temporary keys kept in a file); ``unused`` says
    which other credential options were set, and lost to these."""

    __slots__ = ()


def _problem(where, text):
    text = "%s: %s" % (where, text) if where else text
    return text[0].upper() + text[1:]


def method_of(values, where, names):
    """How ``values`` authenticate, or None when they hold no credential; ``ConfigurationError`` for
    half a set.  ``names`` says how the source calls each value (for the message); ``where`` is None
    for the options."""

    def named(option):
        return names.get(option, option)

    if any(values.get(name) for name in ("idp_id", "id_token", "id_token_file")):
        if not values.get("idp_id"):
            raise ConfigurationError(_problem(where, "an id token needs the IdP it comes from: %s is missing."
                                              % named("idp_id")))
        if not (values.get("id_token") or values.get("id_token_file")):
            raise ConfigurationError(_problem(where, "OpenID Connect needs %s or %s."
                                              % (named("id_token"), named("id_token_file"))))
        return "oidc"
    if values.get("access_key") or values.get("secret_key"):
        if not (values.get("access_key") and values.get("secret_key")):
            missing = named("secret_key") if values.get("access_key") else named("access_key")
            raise ConfigurationError(_problem(where, "an access key pair needs both halves: %s is missing." % missing))
        return "file_keys" if values.get("expires_at") else "aksk"
    if values.get("security_token"):
        raise ConfigurationError(_problem(where, "%s goes with temporary access keys: %s and %s are missing."
                                          % (named("security_token"), named("access_key"), named("secret_key"))))
    if values.get("auth_token"):
        return "token"
    if values.get("user_name") or values.get("password"):
        missing = [named(name) for name in ("user_name", "password") if not values.get(name)]
        if not (values.get("domain_name") or values.get("domain_id")):
            missing.append("%s or %s" % (named("domain_name"), named("domain_id")))
        if missing:
            raise ConfigurationError(_problem(where, "password login needs %s." % ", ".join(missing)))
        return "password"
    return None


def option_names(fallbacks):
    """How the options are called in messages: ``secret_key (HW_SECRET_KEY)``."""
    return {name: "%s (%s)" % (name, variables[0]) if variables else name for name, variables in fallbacks.items()}


def _option_origin(given, environ, fallbacks):
    """Which option or variable each credential came from (a value equal to its variable's is the variable's)."""
    origins = []
    for name, value in given.items():
        variable = next((var for var in fallbacks.get(name, ()) if var in environ), None)
        same = variable is not None and environ[variable].strip() == str(value).strip()
        origins.append(variable if same else "option %s" % name)
    return ", ".join(origins)


def _found(read, looked, method=None, reread=None):
    where, values, names = read
    return Found(where, method or method_of(values, where, names), values, looked, reread)


def resolve(options, environ, fallbacks, home, cwd):
    """The first source with credentials, as a ``Found``; the ECS metadata service when none has."""
    looked = []
    given = {name: options[name] for name in CREDENTIAL_OPTIONS if options.get(name)}
    if given:
        method = method_of(options, None, option_names(fallbacks))
        used = {name: value for name, value in given.items() if name in METHOD_OPTIONS[method]}
        unused = {name: value for name, value in given.items() if name not in used}
        return Found(_option_origin(used, environ, fallbacks), method, {}, looked,
                     unused=_option_origin(unused, environ, fallbacks) or None)
    looked.append("the options and their HW_*/OS_* variables")

    read = sdk.from_environment(environ)
    if read:
        return _found(read, looked)
    looked.append("the HUAWEICLOUD_SDK_* variables")

    if options.get("profile") or options.get("shared_config_file"):
        def read_profile():
            return koocli.read_profile(options.get("shared_config_file"), options.get("profile"), home)

        read = read_profile()
        return _found(read, looked, method="metadata" if read[1].get("metadata") else None,
                      reread=lambda: read_profile()[1])
    looked.append("a KooCLI profile (profile / HW_PROFILE not set)")

    read = sdk.from_file(environ, home)
    if read:
        return _found(read, looked)
    looked.append("%s (no such file)" % sdk.file_path(environ, home)[0])

    if options.get("os_cloud"):
        return _found(clouds_yaml.read_cloud(options["os_cloud"], environ, home, cwd), looked)
    looked.append("clouds.yaml (os_cloud / OS_CLOUD not set)")
    return Found("the ECS metadata service", "metadata", {}, looked)


def describe(config):
    """Where the credentials came from, for ``-v``: never a value."""
    found = config.credentials
    text = "%s from %s" % (METHOD_WORDS[found.method], found.where)
    if found.method == "aksk" and config.security_token:
        text = "temporary " + text
    if found.method == "oidc":
        text = "%s (IdP %r) from %s" % (METHOD_WORDS["oidc"], config.idp_id, found.where)
    if found.method == "metadata":
        text += " (%s)" % config.endpoint("metadata")
    role = config.assume_role
    if role.get("agency_name"):
        text += ", exchanged for the keys of agency %r" % role["agency_name"]
    if found.unused:
        text += "; also set but not used: %s" % found.unused
    return text
