# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""A request being prepared: where it goes, what it carries, and what authenticating it added."""

from __future__ import annotations

from urllib.parse import urlsplit

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import signing


class OutgoingRequest:
    """A request being prepared: auth strategies add their headers to it (and note the credential used)."""

    def __init__(self, method, base_url, path, params, headers, body):
        self.method = method
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.path = urlsplit(base_url).path.rstrip("/") + path
        self.params = params
        self.headers = headers
        self.body = body
        self.credential = None  # the issued credential ``authorize`` used, for ``renew``
        self.request_id = None  # the answer's X-Request-Id, once answered

    @property
    def url(self):
        scheme_host = "%s://%s" % (urlsplit(self.base_url).scheme, self.host)
        query = signing.canonical_query_string(self.params)
        return scheme_host + self.path + ("?" + query if query else "")
