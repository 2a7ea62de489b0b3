# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The libraries the collection needs besides ansible-core, imported here and nowhere else.

requests (with the urllib3 it brings) sends every request, jsonschema checks every answer.  A Python
without one of them still imports the collection: ``missing()`` says which is absent, and each caller
says so its own way (a module through ``missing_required_lib``, an action plugin by running the module
on its host instead, the command line with the pip command that installs it).
"""

from __future__ import annotations

IMPORT_ERRORS = {}  # {package: the ImportError importing it raised}

try:
    import jsonschema
except ImportError as error:  # pragma: no cover - what missing() reports
    jsonschema = None
    IMPORT_ERRORS["jsonschema"] = error

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import MaxRetryError, NewConnectionError
    from urllib3.exceptions import ResponseError as Urllib3ResponseError
    from urllib3.exceptions import TimeoutError as Urllib3Timeout
    from urllib3.util.retry import Retry
except ImportError as error:  # pragma: no cover - what missing() reports
    requests = HTTPAdapter = MaxRetryError = NewConnectionError = Urllib3ResponseError = Urllib3Timeout = None
    Retry = object  # the transport's retry class is defined on it either way
    IMPORT_ERRORS["requests"] = error

REQUIRED = ("requests", "jsonschema")
__all__ = ("HTTPAdapter", "MaxRetryError", "NewConnectionError", "Retry", "Urllib3ResponseError", "Urllib3Timeout",
           "jsonschema", "missing", "requests")


def missing():
    """``(package, ImportError)`` of the first library this Python lacks, or None when it has them all."""
    return next(((package, IMPORT_ERRORS[package]) for package in REQUIRED if package in IMPORT_ERRORS), None)
