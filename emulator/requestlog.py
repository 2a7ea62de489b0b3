"""What the API endpoints were asked, for tests and benchmarks to count calls (never headers or bodies).

Each entry says how the call authenticated (``auth``: token, aksk or none) and with which credential
(``credential``: an access key id, or a token's number, with how it was issued: never a secret).
"""

from __future__ import annotations

import collections
import threading

MAX_ENTRIES = 10_000  # the log keeps the latest; the counters count everything


class RequestLog:
    def __init__(self):
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self._counts = collections.Counter()
            self._by_status = collections.Counter()
            self._log = collections.deque(maxlen=MAX_ENTRIES)

    def record(self, key: str, method: str, path: str, query: str, status, auth: str, credential: str) -> None:
        """``key`` is the route, like ``GET /v3/{project_id}/jobs``; ``status`` an int or "reset"."""
        with self._lock:
            self._counts[key] += 1
            self._by_status[str(status)] += 1
            self._log.append({"method": method, "path": path, "query": query, "status": status, "auth": auth,
                              "credential": credential})

    def snapshot(self) -> dict:
        with self._lock:
            return {"counts": dict(self._counts), "by_status": dict(self._by_status), "log": list(self._log)}
