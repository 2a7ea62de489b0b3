# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""A cloud of an OpenStack ``clouds.yaml``, as Open Telekom Cloud users keep them (``OS_CLOUD``).

Searched as openstacksdk searches: ``$OS_CLIENT_CONFIG_FILE``, else ``clouds.yaml`` (``.yml``,
``.json``) in the current folder, ``~/.config/openstack/`` and ``/etc/openstack/``; ``secure.yaml``
(``$OS_CLIENT_SECURE_FILE``) in the same places is merged into it, for the secrets kept apart.
Read: ``auth: {auth_url, username, password, user_domain_name | domain_name | project_domain_name
(or their _id), project_name | project_id, token, ak, sk, security_token}``, ``region_name`` (or the
first of ``regions``), ``ak``/``sk`` beside ``auth`` too, and ``profile: otc``.  PyYAML comes with
ansible-core on the controller but may be missing on a managed host: then only ``clouds.json`` is read.
"""

from __future__ import annotations

import json
import os

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError

try:
    import yaml

    HAS_YAML = True
    YAMLError = yaml.YAMLError
except ImportError:  # pragma: no cover - a managed host without PyYAML
    HAS_YAML = False

    class YAMLError(Exception):
        """Never raised: without PyYAML only JSON is read."""

FILE_NAMES = ("clouds.yaml", "clouds.yml", "clouds.json")
SECURE_NAMES = ("secure.yaml", "secure.yml", "secure.json")
OTC_PROFILES = ("otc", "otce", "opentelekomcloud")
AUTH_KEYS = {
    "auth_url": ("auth_url",),
    "user_name": ("username", "user_name"),
    "password": ("password",),
    "domain_name": ("user_domain_name", "domain_name", "project_domain_name"),
    "domain_id": ("user_domain_id", "domain_id", "project_domain_id"),
    "project_name": ("project_name", "tenant_name"),
    "project_id": ("project_id", "tenant_id"),
    "auth_token": ("token",),
    "access_key": ("ak", "access_key"),
    "secret_key": ("sk", "secret_key"),
    "security_token": ("security_token",),
}
NAMES = {"access_key": "auth.ak", "secret_key": "auth.sk", "security_token": "auth.security_token",
         "auth_token": "auth.token", "user_name": "auth.username", "password": "auth.password",
         "domain_name": "auth.user_domain_name"}


def search_folders(home, cwd):
    return [cwd, os.path.join(home, ".config", "openstack"), "/etc/openstack"]


def _first_file(named, names, folders):
    if named:
        return named
    for folder in folders:
        for name in names:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                return path
    return None


def _load(path):
    is_json = path.endswith(".json")
    if not (is_json or HAS_YAML):
        raise ConfigurationError("Reading %s needs the Python package PyYAML, which this host does not have "
                                 "(pip install pyyaml), or use clouds.json" % path)
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle) if is_json else yaml.safe_load(handle)
    except (OSError, UnicodeError) as error:
        raise ConfigurationError("Cannot read %s: %s" % (path, getattr(error, "strerror", None) or error)) from None
    except ValueError as error:
        raise ConfigurationError("%s is not JSON (line %s)" % (path, getattr(error, "lineno", "?"))) from None
    except YAMLError as error:
        # Its text quotes the lines around the problem, which may hold a password: only say where and what.
        mark = getattr(error, "problem_mark", None)
        where = " at line %d" % (mark.line + 1) if mark is not None else ""
        raise ConfigurationError("%s is not valid YAML%s: %s" % (path, where, getattr(error, "problem", None)
                                                                 or "syntax error")) from None
    if data is None:
        data = {}
    if not isinstance(data, dict) or not isinstance(data.get("clouds", {}), dict):
        raise ConfigurationError("%s has no clouds mapping" % path)
    return data


def _merge(base, extra):
    merged = dict(base)
    for key, value in extra.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) \
            else value
    return merged


def _text(mapping, keys):
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _region(cloud):
    region = _text(cloud, ("region_name",))
    regions = cloud.get("regions")
    if region is None and isinstance(regions, list) and regions:
        first = regions[0]
        region = _text(first, ("name",)) if isinstance(first, dict) else str(first)
    return region


def read_cloud(name, environ, home, cwd):
    """``(where, values, names)`` of the cloud ``name``; an error naming the file for anything amiss."""
    folders = search_folders(home, cwd)
    path = _first_file(environ.get("OS_CLIENT_CONFIG_FILE"), FILE_NAMES, folders)
    if path is None or not os.path.exists(path):
        raise ConfigurationError("os_cloud (OS_CLOUD) is %r, but there is no clouds.yaml: looked for %s"
                                 % (name, path or ", ".join(os.path.join(folder, FILE_NAMES[0]) for folder in folders)))
    clouds = _load(path).get("clouds") or {}
    if not isinstance(clouds.get(name), dict):
        raise ConfigurationError("%s has no cloud %r (it has: %s)" % (path, name, ", ".join(sorted(clouds)) or "none"))
    cloud = clouds[name]
    secure = _first_file(environ.get("OS_CLIENT_SECURE_FILE"), SECURE_NAMES, folders)
    if secure is not None and os.path.exists(secure):
        extra = (_load(secure).get("clouds") or {}).get(name)
        if isinstance(extra, dict):
            cloud = _merge(cloud, extra)
    auth = cloud.get("auth") if isinstance(cloud.get("auth"), dict) else {}
    values = {option: _text(auth, keys) for option, keys in AUTH_KEYS.items() if _text(auth, keys)}
    for option, keys in (("access_key", ("ak",)), ("secret_key", ("sk",)), ("security_token", ("security_token",))):
        if option not in values and _text(cloud, keys):
            values[option] = _text(cloud, keys)
    region = _region(cloud)
    if region:
        values["region"] = region
    if str(cloud.get("profile", "")).lower() in OTC_PROFILES:
        values["cloud"] = "otc.t-systems.com"
    return "clouds.yaml cloud %r in %s" % (name, path), values, NAMES
