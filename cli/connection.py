# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options as flags and as Terraform query keys, all derived from ``CONNECTION_ARGSPEC``.

Every option that is not a secret is a flag (``--region``; ``endpoints`` is spread out into
``--rds-endpoint``, ``--dms-endpoint``, ..., ``assume_role`` into ``--assume-role-agency-name``, ...)
and a Terraform query key (``region``, ``rds_endpoint``, ``assume_role_agency_name``).
Secrets are never values on the command line, where other users of the machine and CI logs see
them, nor in a Terraform query, which Terraform keeps in its plan and state: they come from the
environment, as for the modules, or from a file (``--secret-key-file``).  Whatever is left unset
falls back to the same ``HW_*`` / ``OS_*`` variables as the modules (``_client.client_from_options``).
"""

from __future__ import annotations

import argparse
import os

from ansible_collections.hwcloud.tasks.plugins.module_utils import _libraries
from ansible_collections.hwcloud.tasks.plugins.module_utils._client import client_from_options
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError
from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import (
    CONNECTION_ARGSPEC,
    SECRET_OPTIONS,
)
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._shared_gateways import SharedGateways

ENDPOINT_SUFFIX = "_endpoint"
TYPES = {"str": str, "float": float, "int": int, "path": os.path.expanduser}
METAVARS = {"float": "SECONDS", "int": "N", "path": "PATH"}
HELP = {
    "region": "region, e.g. cn-north-4 or eu-de",
    "project_id": "project id (default: the project IAM names after the region)",
    "project_name": "project name, when it is not the region's default project (e.g. eu-de_myproject)",
    "access_key": "access key id; its secret key comes from the environment or --secret-key-file",
    "user_name": "IAM user name, for password login",
    "domain_name": "account (domain) the user belongs to",
    "domain_id": "id of the account (domain) the user belongs to",
    "idp_id": "OpenID Connect: the IAM identity provider of the id token",
    "id_token_file": "OpenID Connect: file holding the id token (a CI system's JWT)",
    "assume_role_agency_name": "agency to assume with the credentials (its temporary keys are used)",
    "assume_role_domain_name": "account (domain) the agency belongs to",
    "assume_role_domain_id": "id of the account (domain) the agency belongs to",
    "assume_role_duration": "seconds the agency's keys are asked to live (900 to 86400; renewed before they expire)",
    "profile": "KooCLI profile, in --shared-config-file or ~/.hcloud/config.json",
    "shared_config_file": "KooCLI config file (default ~/.hcloud/config.json, with --profile)",
    "os_cloud": "cloud of an OpenStack clouds.yaml",
    "auth_url": "IAM endpoint, OpenStack style (https://iam.<region>.<cloud>/v3)",
    "cloud": "domain the endpoints are built under: myhuaweicloud.com (default), otc.t-systems.com, ...",
    "ca_path": "CA bundle that signs the endpoints' certificates",
    "api_timeout": "seconds one HTTP request may take (default 30)",
    "api_retries": "retries of one request on throttling and gateway errors (default 5)",
    "api_rate_limit": "requests per second the gateway allows (its quota), shared by every wait on this machine",
}


def flat_name(name, sub):
    """A sub-option's flat name: ``rds_endpoint``, ``assume_role_agency_name``."""
    return sub + ENDPOINT_SUFFIX if name == "endpoints" else "%s_%s" % (name, sub)


def flat_option(name):
    """An option's flat name from its dotted one: ``endpoints.iam`` -> ``iam_endpoint``."""
    name, _dot, sub = name.partition(".")
    return flat_name(name, sub) if sub else name


def as_given(error, flags):
    """``error`` naming the options to check as the subcommand takes them (``flags``: option name -> flag
    or query key), not as the modules do: ``--iam-endpoint`` rather than ``endpoints.iam``."""
    if flags and getattr(error, "suspects", None):
        error.suspects = tuple(flags.get(flat_option(name), name) for name in error.suspects)
    return error


def _flat_options():
    flat = {}
    for name, spec in CONNECTION_ARGSPEC.items():
        if "options" in spec:
            flat.update((flat_name(name, sub), option) for sub, option in spec["options"].items())
        elif name not in SECRET_OPTIONS:
            flat[name] = spec
    return flat


# {flat name: argument spec} of the options a flag or a query key may set.
FLAT_OPTIONS = _flat_options()
# Secrets that have an option naming a file to read them from: no --<secret>-file flag of their own.
FILE_OPTIONS = frozenset(name for name in SECRET_OPTIONS if name + "_file" in FLAT_OPTIONS)


def dashed(name):
    return name.replace("_", "-")


def environment_names(spec):
    names = spec.get("fallback", (None, ()))[1]
    return " (env %s)" % ", ".join(names) if names else ""


def secret_environment(name):
    return ", ".join(CONNECTION_ARGSPEC[name]["fallback"][1])


class RefuseSecret(argparse.Action):
    """``--secret-key VALUE`` and the like: refused, without repeating the value."""

    def __call__(self, parser, namespace, values, option_string=None):
        name = self.dest[: -len("_refused")]
        parser.error("%s: secrets are never taken as command-line values; set %s, or use --%s-file PATH"
                     % (option_string, secret_environment(name), dashed(name)))


def add_arguments(parser):
    group = parser.add_argument_group("connection", "Options left unset fall back to the environment, as "
                                      "for the modules; secrets come only from it or from a file.")
    for name, spec in FLAT_OPTIONS.items():
        if name == "validate_certs":
            group.add_argument("--insecure", dest=name, action="store_false", default=None,
                               help="do not verify TLS certificates (a test endpoint)")
            continue
        endpoint = name.endswith(ENDPOINT_SUFFIX)
        text = "%s API URL, e.g. the emulator's" % name[: -len(ENDPOINT_SUFFIX)] if endpoint else HELP[name]
        if name == "metadata" + ENDPOINT_SUFFIX:
            text = "ECS metadata service URL (default http://169.254.169.254)"
        group.add_argument("--" + dashed(name), dest=name, type=TYPES[spec["type"]],
                           metavar="URL" if endpoint else METAVARS.get(spec["type"], name.upper()),
                           help=text + environment_names(spec))
    for name in sorted(SECRET_OPTIONS):
        if name not in FILE_OPTIONS:  # id_token_file is an option of its own
            group.add_argument("--%s-file" % dashed(name), dest=name + "_file", metavar="PATH",
                               help="read the %s from this file (else env %s)" % (name.replace("_", " "),
                                                                                  secret_environment(name)))
        group.add_argument("--" + dashed(name), dest=name + "_refused", nargs="?", action=RefuseSecret,
                           help=argparse.SUPPRESS)


def read_secret(name, path):
    flag = "--%s-file" % dashed(name)
    try:
        with open(path, encoding="utf-8") as handle:
            value = handle.read().rstrip("\r\n")
    except (OSError, UnicodeError) as error:
        raise ConfigurationError("cannot read %s: %s" % (flag, error)) from None
    if not value.strip():
        raise ConfigurationError("%s: %s is empty" % (flag, path))
    return value


def from_arguments(console, args):
    """Flat values from the flags, plus the secrets read from files (masked in all output from now on)."""
    flat = {name: getattr(args, name) for name in FLAT_OPTIONS}
    for name in SECRET_OPTIONS - FILE_OPTIONS:
        path = getattr(args, name + "_file")
        if path is not None:
            flat[name] = read_secret(name, path)
            console.hide(flat[name])
    return flat


def query_spec():
    """The flat options as an argument spec for a Terraform query: no environment fallback there."""
    return {name: {key: value for key, value in spec.items() if key != "fallback"}
            for name, spec in FLAT_OPTIONS.items()}


def nest(flat):
    """The connection options, nested as the argument spec has them, from flat values (a missing one is unset)."""
    params = {}
    for name, spec in CONNECTION_ARGSPEC.items():
        if "options" in spec:
            params[name] = {sub: flat.get(flat_name(name, sub)) for sub in spec["options"]}
        else:
            params[name] = flat.get(name)
    return params


def build_client(console, flat, verbose=False):
    """The collection's client, the environment filling in what ``flat`` leaves unset.  ``verbose``:
    say on stderr where the credentials came from."""
    missing = _libraries.missing()
    if missing:
        raise ConfigurationError("hwtasks needs the Python package %s: python3 -m pip install %s"
                                 % (missing[0], missing[0]))
    gateways = SharedGateways.for_user(console.environ, lambda text: console.err(text + "\n"))
    client = client_from_options(nest(flat), environ=console.environ, gateways=gateways)
    if verbose:
        console.err("hwtasks: credentials: %s\n" % client.config.credential_source)
    return client


def client(console, args):
    return build_client(console, from_arguments(console, args), args.verbose)
