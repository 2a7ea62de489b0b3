# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""An answer's body read as JSON and checked against its schema: the one place answers are decoded."""

from __future__ import annotations

import json

from ansible_collections.hwcloud.tasks.plugins.module_utils._answers import schemas
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ResponseError, excerpt


def read_json(text, where, schema=None):
    """The JSON document ``text`` holds, checked against ``schema`` when given.

    ``where`` names the request (``GET https://...``); a body that is not JSON, or not of the schema's
    shape, is a ``ResponseError`` that says so, with the start of the body or the first wrong field.
    """
    try:
        answer = json.loads(text)
    except ValueError:
        raise ResponseError("Unexpected answer from %s: not JSON: %s" % (where, excerpt(text) or "(empty body)")) \
            from None
    if schema is not None:
        schemas.validate(schema, answer, where)
    return answer
