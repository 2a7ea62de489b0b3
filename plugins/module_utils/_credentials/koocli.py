# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""A KooCLI (``hcloud``) profile from its ``~/.hcloud/config.json``, as the Terraform provider reads it.

``{"current": "<name>", "profiles": [{"name", "mode", "accessKeyId", "secretAccessKey", "securityToken",
"region", "projectId", "domainId", "agencyName", "agencyDomainName", "agencyDomainId",
"ssoAuth": {"stsToken": {...}}}]}``.  Read only when ``profile`` or ``shared_config_file`` is set.
Modes: ``AKSK`` (keys, temporary ones with their ``securityToken``), ``SSO`` (the temporary keys
``hcloud configure sso`` keeps in ``ssoAuth.stsToken``, read again when they expire) and
``ecsAgency`` (the ECS metadata service's keys).  KooCLI encrypts the keys unless it was told not
to (``hcloud configure set --cli-auth-encrypt=false``); encrypted keys cannot be read.
"""

from __future__ import annotations

import json
import os

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import times
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError

DEFAULT_FILE = os.path.join(".hcloud", "config.json")
MODES = ("AKSK", "SSO", "ecsAgency")
KEYS = {"access_key": "accessKeyId", "secret_key": "secretAccessKey", "security_token": "securityToken"}
SETTINGS = {"region": "region", "project_id": "projectId", "domain_id": "domainId"}
AGENCY = {"agency_name": "agencyName", "domain_name": "agencyDomainName", "domain_id": "agencyDomainId"}
EXPIRY_KEYS = ("expiresAt", "expires_at")


def config_path(shared_config_file, home):
    if not shared_config_file:
        return os.path.join(home, DEFAULT_FILE)
    if shared_config_file == "~" or shared_config_file.startswith("~/"):
        return os.path.join(home, shared_config_file[2:])
    return shared_config_file


def _load(path):
    if not os.path.exists(path):
        raise ConfigurationError("The KooCLI config file %s does not exist (shared_config_file / HW_SHARED_CONFIG_FILE)"
                                 % path)
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeError) as error:
        raise ConfigurationError("Cannot read the KooCLI config file %s: %s"
                                 % (path, getattr(error, "strerror", None) or error)) from None
    except ValueError as error:
        raise ConfigurationError("The KooCLI config file %s is not JSON (line %s)"
                                 % (path, getattr(error, "lineno", "?"))) from None
    if not isinstance(data, dict) or not isinstance(data.get("profiles", []), list):
        raise ConfigurationError("The KooCLI config file %s has no list of profiles" % path)
    return data


def _text(mapping, key):
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_profile(shared_config_file, profile, home):
    """``(where, values, names)`` of the profile (the file's ``current`` one when ``profile`` is None)."""
    path = config_path(shared_config_file, home)
    data = _load(path)
    name = profile or _text(data, "current")
    if not name:
        raise ConfigurationError("The KooCLI config file %s names no current profile: set profile (HW_PROFILE)" % path)
    found = [entry for entry in data.get("profiles", []) if isinstance(entry, dict) and entry.get("name") == name]
    if not found:
        names = sorted(str(entry.get("name")) for entry in data.get("profiles", []) if isinstance(entry, dict))
        raise ConfigurationError("The KooCLI config file %s has no profile %r (it has: %s)"
                                 % (path, name, ", ".join(names) or "none"))
    entry = found[0]
    where = "KooCLI profile %r in %s" % (name, path)
    mode = _text(entry, "mode") or "AKSK"
    if mode not in MODES:
        raise ConfigurationError("%s has mode %r; the modes read are %s" % (where, mode, ", ".join(MODES)))
    values = {option: _text(entry, key) for option, key in SETTINGS.items() if _text(entry, key)}
    if _text(entry, "agencyName"):
        values["assume_role"] = {option: _text(entry, key) for option, key in AGENCY.items()}
    if mode == "ecsAgency":
        values["metadata"] = True
        return where, values, KEYS
    sso = entry.get("ssoAuth")
    keys = (sso.get("stsToken") if isinstance(sso, dict) else None) if mode == "SSO" else entry
    keys = keys if isinstance(keys, dict) else {}
    values.update((option, _text(keys, key)) for option, key in KEYS.items() if _text(keys, key))
    if not (values.get("access_key") and values.get("secret_key")):
        hint = ("run hcloud configure sso" if mode == "SSO"
                else "KooCLI keeps them encrypted unless told not to: hcloud configure set --cli-auth-encrypt=false")
        raise ConfigurationError("%s has no readable %s and %s (%s)"
                                 % (where, KEYS["access_key"], KEYS["secret_key"], hint))
    expiry = next((keys[key] for key in EXPIRY_KEYS if keys.get(key)), None)
    if expiry is not None:
        try:
            values["expires_at"] = times.parse(expiry)
        except times.NotATime:
            raise ConfigurationError("%s: the keys' expiry %r is not a time" % (where, expiry)) from None
    return where, values, KEYS
