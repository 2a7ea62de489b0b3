# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Several requests in flight at once, on the client's one connection pool."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

# How many requests one task keeps in flight at once (the pool holds more connections than this).
MAX_CONCURRENCY = 16


def parallel_map(function, items):
    """``[function(item) for item in items]``, concurrently, in order; the first error is raised."""
    items = list(items)
    if len(items) <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(MAX_CONCURRENCY, len(items))) as pool:
        return list(pool.map(function, items))
