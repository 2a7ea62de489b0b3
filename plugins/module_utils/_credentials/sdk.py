# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Where the official Huawei Cloud SDK finds credentials: its ``HUAWEICLOUD_SDK_*`` variables and its
INI file (``$HUAWEICLOUD_SDK_CREDENTIALS_FILE``, else ``~/.huaweicloud/credentials``, section ``[basic]``).

Read as the SDK reads them: an IdP with its id token file wins over access keys.  Each reader gives
the values under the collection's option names, and the SDK's own name of each (for messages).
"""

from __future__ import annotations

import configparser
import os

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError

ENVIRONMENT = {
    "access_key": "HUAWEICLOUD_SDK_AK",
    "secret_key": "HUAWEICLOUD_SDK_SK",
    "security_token": "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "project_id": "HUAWEICLOUD_SDK_PROJECT_ID",
    "domain_id": "HUAWEICLOUD_SDK_DOMAIN_ID",
    "idp_id": "HUAWEICLOUD_SDK_IDP_ID",
    "id_token_file": "HUAWEICLOUD_SDK_ID_TOKEN_FILE",
    "iam_endpoint": "HUAWEICLOUD_SDK_IAM_ENDPOINT",
}
FILE_KEYS = {
    "access_key": "ak",
    "secret_key": "sk",
    "security_token": "security_token",
    "project_id": "project_id",
    "domain_id": "domain_id",
    "idp_id": "idp_id",
    "id_token_file": "id_token_file",
    "iam_endpoint": "iam_endpoint",
}
FILE_VARIABLE = "HUAWEICLOUD_SDK_CREDENTIALS_FILE"
DEFAULT_FILE = os.path.join(".huaweicloud", "credentials")
SECTION = "basic"
CREDENTIAL_NAMES = ("access_key", "secret_key", "security_token", "idp_id", "id_token_file")


def _as_the_sdk_reads(values):
    """An IdP with its id token file wins over keys; anything else stays for the chain to judge."""
    if values.get("idp_id") and values.get("id_token_file"):
        for name in ("access_key", "secret_key", "security_token"):
            values.pop(name, None)
    elif values.get("access_key") and values.get("secret_key"):
        values.pop("idp_id", None)
        values.pop("id_token_file", None)
    return values


def from_environment(environ):
    """``(where, values, names)`` from the SDK's variables, or None when none of its credentials is set."""
    values = {name: environ[variable].strip() for name, variable in ENVIRONMENT.items()
              if environ.get(variable, "").strip()}
    if not any(name in values for name in CREDENTIAL_NAMES):
        return None
    return "the HUAWEICLOUD_SDK_* variables", _as_the_sdk_reads(values), ENVIRONMENT


def file_path(environ, home):
    """The SDK's credentials file, and whether a variable named it (then it must exist)."""
    named = environ.get(FILE_VARIABLE, "").strip()
    return (os.path.expanduser(named), True) if named else (os.path.join(home, DEFAULT_FILE), False)


def from_file(environ, home):
    """``(where, values, names)`` from the SDK's INI file, or None when there is none to read.

    A file that is there but unreadable, not INI, or without credentials in ``[basic]`` is an error
    naming the file: never a silent fall-through to the next source.
    """
    path, named = file_path(environ, home)
    if not os.path.exists(path):
        if named:
            raise ConfigurationError("%s names %s, which does not exist" % (FILE_VARIABLE, path))
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(path, encoding="utf-8") as handle:
            parser.read_file(handle)
    except (OSError, UnicodeError) as error:
        raise ConfigurationError("Cannot read the SDK credentials file %s: %s"
                                 % (path, getattr(error, "strerror", None) or error)) from None
    except configparser.Error as error:
        # Its text can quote the line, which may hold a key: only say where.
        line = getattr(error, "lineno", None) or next(iter(getattr(error, "errors", ())), (None,))[0]
        raise ConfigurationError("The SDK credentials file %s is not in INI format%s"
                                 % (path, " (line %s)" % line if line else "")) from None
    if not parser.has_section(SECTION):
        raise ConfigurationError("The SDK credentials file %s has no [%s] section (where the SDK keeps the "
                                 "credentials of regional services)" % (path, SECTION))
    section = dict(parser.items(SECTION))
    values = {name: section[key].strip() for name, key in FILE_KEYS.items() if section.get(key, "").strip()}
    if not any(name in values for name in CREDENTIAL_NAMES):
        raise ConfigurationError("The SDK credentials file %s has neither ak and sk nor idp_id and id_token_file in "
                                 "[%s]" % (path, SECTION))
    return "%s [%s]" % (path, SECTION), _as_the_sdk_reads(values), FILE_KEYS
