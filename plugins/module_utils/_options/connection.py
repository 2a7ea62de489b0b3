# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The connection and credential options every module, the lookup and the CLI share.

``CONNECTION_ARGSPEC`` is the single table of options and their environment variables (the
Terraform huaweicloud provider's ``HW_*`` names first, then the ``OS_*`` names the OpenStack-style
tools and the Open Telekom Cloud provider use); ``plugins/doc_fragments/connection.py`` documents it,
with the precedence table of the credential chain (``chain``).  ``ConnectionConfig`` is
what the client is built from, whoever gathered the values: the options, then what the credential
chain found where users keep credentials.
"""

from __future__ import annotations

import os

from ansible.module_utils.basic import env_fallback

from ansible_collections.hwcloud.tasks.plugins.module_utils._credentials import chain
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.endpoints import (
    cloud_of,
    iam_endpoint_of,
    service_endpoint,
)


def _env(*names):
    return (env_fallback, list(names))


ENDPOINT_SERVICES = ("rds", "dms", "iam", "kafka", "rabbitmq", "rocketmq", "metadata")

CONNECTION_ARGSPEC = dict(
    region=dict(type="str", fallback=_env("HW_REGION_NAME", "OS_REGION_NAME")),
    project_id=dict(type="str", fallback=_env("HW_PROJECT_ID", "OS_PROJECT_ID", "OS_TENANT_ID")),
    project_name=dict(type="str", fallback=_env("HW_PROJECT_NAME", "OS_PROJECT_NAME", "OS_TENANT_NAME")),
    access_key=dict(type="str", no_log=False, fallback=_env("HW_ACCESS_KEY", "OS_ACCESS_KEY")),
    secret_key=dict(type="str", no_log=True, fallback=_env("HW_SECRET_KEY", "OS_SECRET_KEY")),
    security_token=dict(type="str", no_log=True, fallback=_env("HW_SECURITY_TOKEN", "OS_SECURITY_TOKEN")),
    auth_token=dict(type="str", no_log=True, fallback=_env("HW_AUTH_TOKEN", "OS_AUTH_TOKEN", "OS_TOKEN")),
    user_name=dict(type="str", fallback=_env("HW_USER_NAME", "OS_USERNAME")),
    password=dict(type="str", no_log=True, fallback=_env("HW_USER_PASSWORD", "HW_PASSWORD", "OS_PASSWORD")),
    domain_name=dict(type="str", fallback=_env("HW_DOMAIN_NAME", "OS_DOMAIN_NAME", "OS_USER_DOMAIN_NAME",
                                               "OS_PROJECT_DOMAIN_NAME")),
    domain_id=dict(type="str", fallback=_env("HW_DOMAIN_ID", "OS_DOMAIN_ID", "OS_USER_DOMAIN_ID",
                                             "OS_PROJECT_DOMAIN_ID")),
    idp_id=dict(type="str", fallback=_env("HW_ASSUME_ROLE_IDP_ID")),
    id_token=dict(type="str", no_log=True, fallback=_env("HW_ASSUME_ROLE_ID_TOKEN")),
    id_token_file=dict(type="path", no_log=False, fallback=_env("HW_ASSUME_ROLE_ID_TOKEN_FILE")),
    assume_role=dict(
        type="dict",
        apply_defaults=True,
        options=dict(
            agency_name=dict(type="str", fallback=_env("HW_ASSUME_ROLE_AGENCY_NAME")),
            domain_name=dict(type="str", fallback=_env("HW_ASSUME_ROLE_DOMAIN_NAME")),
            domain_id=dict(type="str", fallback=_env("HW_ASSUME_ROLE_DOMAIN_ID")),
            duration=dict(type="int", fallback=_env("HW_ASSUME_ROLE_DURATION")),
        ),
    ),
    profile=dict(type="str", fallback=_env("HW_PROFILE")),
    shared_config_file=dict(type="path", fallback=_env("HW_SHARED_CONFIG_FILE")),
    os_cloud=dict(type="str", fallback=_env("OS_CLOUD")),
    auth_url=dict(type="str", fallback=_env("HW_AUTH_URL", "OS_AUTH_URL")),
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
    api_rate_limit=dict(type="float", fallback=_env("HW_API_RATE_LIMIT")),
)

SECRET_OPTIONS = frozenset(name for name, spec in CONNECTION_ARGSPEC.items() if spec.get("no_log"))
# Options whose values are read from files and keys, and often end in a line break: taken without it.
TRIMMED_OPTIONS = SECRET_OPTIONS | {"access_key", "user_name", "domain_name", "domain_id", "project_id", "idp_id"}
# {option: its environment variables, in order}, for messages that say where a value came from.
FALLBACKS = {name: spec["fallback"][1] for name, spec in CONNECTION_ARGSPEC.items() if "fallback" in spec}
# Options the credential chain's sources may fill in when the options leave them unset.
FILLED_BY_SOURCES = ("access_key", "secret_key", "security_token", "auth_token", "user_name", "password",
                     "domain_name", "domain_id", "idp_id", "id_token_file", "region", "project_id", "project_name",
                     "auth_url", "cloud")
MIN_DURATION, MAX_DURATION = 900, 86400  # IAM's bounds of a temporary key's duration_seconds


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


def _requests_per_second(value):
    """``api_rate_limit`` as a number (it may come as text from its variable), or None when unset."""
    if value is None:
        return None
    try:
        rate = float(value)
    except (TypeError, ValueError):
        rate = None
    if rate is None or not 0 < rate < float("inf"):
        raise ConfigurationError("api_rate_limit must be a positive number of requests per second (HW_API_RATE_LIMIT), "
                                 "got %r" % (value,))
    return rate


def _home(environ):
    return environ.get("HOME") or os.path.expanduser("~")


class ConnectionConfig:
    """Validated connection settings and the credentials found for them.  Its repr never shows a secret.

    ``environ`` is where the credential chain looks (the process's environment unless given);
    ``credential_source`` says where the credentials came from, for ``-v`` (never a value).
    """

    def __init__(self, params, environ=None):
        environ = os.environ if environ is None else environ
        for name, spec in CONNECTION_ARGSPEC.items():
            value = params.get(name)
            if isinstance(value, str) and name in TRIMMED_OPTIONS:
                value = value.strip()
            setattr(self, name, spec.get("default") if value is None else value)
        self.endpoints = {key: value for key, value in (self.endpoints or {}).items() if value}
        if self.api_timeout <= 0:
            raise ConfigurationError("api_timeout must be a positive number of seconds, got %s" % self.api_timeout)
        if self.api_retries < 0:
            raise ConfigurationError("api_retries must be 0 or more, got %s" % self.api_retries)
        self.api_rate_limit = _requests_per_second(self.api_rate_limit)
        found = chain.resolve(
            {name: getattr(self, name) for name in CONNECTION_ARGSPEC}, environ, FALLBACKS, _home(environ), os.getcwd())
        self._fill(found)
        self.credentials = found
        self.auth_method = found.method
        self.credential_source = chain.describe(self)

    def _fill(self, found):
        """The source's values where the options left a value unset, then what follows from them."""
        values = found.values
        for name in FILLED_BY_SOURCES:
            if not getattr(self, name) and values.get(name):
                setattr(self, name, values[name])
        self.assume_role = {key: value for key, value in (self.assume_role or {}).items() if value}
        for key, value in (values.get("assume_role") or {}).items():
            if value and not self.assume_role.get(key):
                self.assume_role[key] = value
        if self.auth_url:
            self._check_url("auth_url", self.auth_url)
            self.endpoints.setdefault("iam", iam_endpoint_of(self.auth_url))
            self.cloud = self.cloud or cloud_of(self.auth_url)
        if values.get("iam_endpoint"):
            self.endpoints.setdefault("iam", values["iam_endpoint"])
        if not self.region and self.project_name and "_" in self.project_name:
            self.region = self.project_name.split("_")[0]  # Open Telekom Cloud: eu-de_myproject
        for service, url in self.endpoints.items():
            self._check_url("endpoints.%s" % service, url)
        self._check_assume_role()

    @staticmethod
    def _check_url(name, url):
        if not (isinstance(url, str) and url.startswith(("https://", "http://"))):
            raise ConfigurationError("%s must be a URL starting with https:// or http://, got %r" % (name, url))

    def _check_assume_role(self):
        role = self.assume_role
        if not role:
            return
        if not role.get("agency_name"):
            raise ConfigurationError("assume_role needs agency_name (HW_ASSUME_ROLE_AGENCY_NAME)")
        if not (role.get("domain_name") or role.get("domain_id")):
            raise ConfigurationError("assume_role needs the domain the agency belongs to: domain_name "
                                     "(HW_ASSUME_ROLE_DOMAIN_NAME) or domain_id (HW_ASSUME_ROLE_DOMAIN_ID)")
        duration = role.get("duration")
        if duration is not None:
            try:
                role["duration"] = int(duration)
            except (TypeError, ValueError):
                role["duration"] = None
            if role["duration"] is None or not MIN_DURATION <= role["duration"] <= MAX_DURATION:
                raise ConfigurationError("assume_role.duration must be a number of seconds from %d to %d, got %r"
                                         % (MIN_DURATION, MAX_DURATION, duration))

    def endpoint(self, service):
        return service_endpoint(service, self.region, self.cloud, self.endpoints)

    def __repr__(self):
        shown = ", ".join(
            "%s=%r" % (name, "********" if name in SECRET_OPTIONS and getattr(self, name) else getattr(self, name))
            for name in CONNECTION_ARGSPEC
        )
        return "ConnectionConfig(%s)" % shown
