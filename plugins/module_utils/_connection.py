# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The connection and credential options every module, the lookup and the CLI share.

``CONNECTION_ARGSPEC`` is the single table of options and their environment variables (``HW_*``
first, then the ``OS_*`` names the OpenStack-style tools use); ``plugins/doc_fragments/connection.py``
documents it.  ``ConnectionConfig`` is what the client is built from, whoever gathered the values.
"""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

from ansible_collections.hwcloud.tasks.plugins.module_utils._endpoints import service_endpoint
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError


def _env(*names):
    return (env_fallback, list(names))


ENDPOINT_SERVICES = ("rds", "dms", "iam", "kafka", "rabbitmq", "rocketmq")

CONNECTION_ARGSPEC = dict(
    region=dict(type="str", fallback=_env("HW_REGION_NAME", "OS_REGION_NAME")),
    project_id=dict(type="str", fallback=_env("HW_PROJECT_ID", "OS_PROJECT_ID")),
    access_key=dict(type="str", no_log=False, fallback=_env("HW_ACCESS_KEY", "OS_ACCESS_KEY")),
    secret_key=dict(type="str", no_log=True, fallback=_env("HW_SECRET_KEY", "OS_SECRET_KEY")),
    security_token=dict(type="str", no_log=True, fallback=_env("HW_SECURITY_TOKEN")),
    auth_token=dict(type="str", no_log=True, fallback=_env("HW_AUTH_TOKEN", "OS_AUTH_TOKEN")),
    user_name=dict(type="str", fallback=_env("HW_USER_NAME", "OS_USERNAME")),
    password=dict(type="str", no_log=True, fallback=_env("HW_PASSWORD", "OS_PASSWORD")),
    domain_name=dict(type="str", fallback=_env("HW_DOMAIN_NAME", "OS_USER_DOMAIN_NAME")),
    cloud=dict(type="str", fallback=_env("HW_CLOUD")),
    endpoints=dict(
        type="dict",
        apply_defaults=True,
        options={
            service: dict(type="str", fallback=_env("HW_%s_ENDPOINT" % service.upper()))
            for service in ENDPOINT_SERVICES
        },
    ),
    validate_certs=dict(type="bool", default=True),
    ca_path=dict(type="path", fallback=_env("OS_CACERT")),
    api_timeout=dict(type="float", default=30.0),
    api_retries=dict(type="int", default=5),
)

SECRET_OPTIONS = frozenset(name for name, spec in CONNECTION_ARGSPEC.items() if spec.get("no_log"))
CREDENTIAL_OPTIONS = SECRET_OPTIONS | {"access_key", "user_name", "domain_name", "project_id"}

NO_CREDENTIALS = (
    "No credentials given. Set one of: access_key and secret_key (HW_ACCESS_KEY / HW_SECRET_KEY, "
    "or OS_ACCESS_KEY / OS_SECRET_KEY; plus security_token / HW_SECURITY_TOKEN for temporary keys); "
    "auth_token (HW_AUTH_TOKEN / OS_AUTH_TOKEN); or user_name, password and domain_name "
    "(HW_USER_NAME, HW_PASSWORD, HW_DOMAIN_NAME / OS_USERNAME, OS_PASSWORD, OS_USER_DOMAIN_NAME)."
)


def with_environment(params, environ, spec=None):
    """Fill the options left unset from their environment variables, as the argument spec's fallbacks
    do for modules: for the lookup and the CLI, which are not ``AnsibleModule``.  Sub-options too."""
    spec = CONNECTION_ARGSPEC if spec is None else spec
    filled = dict(params)
    for name, option in spec.items():
        if "options" in option:
            filled[name] = with_environment(filled.get(name) or {}, environ, option["options"])
        elif filled.get(name) is None and "fallback" in option:
            filled[name] = next((environ[var] for var in option["fallback"][1] if var in environ), None)
    return filled


class ConnectionConfig:
    """Validated connection settings.  Its repr never shows a secret."""

    def __init__(self, params):
        for name, spec in CONNECTION_ARGSPEC.items():
            value = params.get(name)
            if isinstance(value, str) and name in CREDENTIAL_OPTIONS:
                value = value.strip()  # read from files, keys and tokens often end in a line break
            setattr(self, name, spec.get("default") if value is None else value)
        self.endpoints = {key: value for key, value in (self.endpoints or {}).items() if value}
        for service, url in self.endpoints.items():
            if not (isinstance(url, str) and url.startswith(("https://", "http://"))):
                raise ConfigurationError("endpoints.%s must be a URL starting with https:// or http://, got %r"
                                         % (service, url))
        if self.api_timeout <= 0:
            raise ConfigurationError("api_timeout must be a positive number of seconds, got %s" % self.api_timeout)
        if self.api_retries < 0:
            raise ConfigurationError("api_retries must be 0 or more, got %s" % self.api_retries)
        self.auth_method = self._auth_method()

    def _auth_method(self):
        if self.access_key or self.secret_key:
            if not (self.access_key and self.secret_key):
                missing = "secret_key (HW_SECRET_KEY)" if self.access_key else "access_key (HW_ACCESS_KEY)"
                raise ConfigurationError("An access key pair needs both halves: %s is missing." % missing)
            return "aksk"
        if self.auth_token:
            return "token"
        if self.user_name or self.password:
            missing = [
                label
                for label, value in (
                    ("user_name (HW_USER_NAME)", self.user_name),
                    ("password (HW_PASSWORD)", self.password),
                    ("domain_name (HW_DOMAIN_NAME)", self.domain_name),
                )
                if not value
            ]
            if missing:
                raise ConfigurationError("Password login needs %s." % ", ".join(missing))
            return "password"
        raise ConfigurationError(NO_CREDENTIALS)

    def endpoint(self, service):
        return service_endpoint(service, self.region, self.cloud, self.endpoints)

    def __repr__(self):
        shown = ", ".join(
            "%s=%r" % (name, "********" if name in SECRET_OPTIONS and getattr(self, name) else getattr(self, name))
            for name in CONNECTION_ARGSPEC
        )
        return "ConnectionConfig(%s)" % shown
