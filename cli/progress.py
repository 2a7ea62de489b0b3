# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a person sees while ``hwtasks wait`` runs: the waiting engine's ``on_poll(item, elapsed)`` callbacks.

On a terminal, one line per job, rewritten in place at every poll.  In a log (CI), a line per job
when its status changes, at most one every few seconds, plus a heartbeat so that the job's log never
goes quiet for long (CI systems stop jobs that print nothing for ten minutes).  Both go to stderr:
stdout holds the result.  Polls of several jobs run on several threads, hence the locks.
"""

from __future__ import annotations

import os
import threading
import time

from ansible_collections.hwcloud.tasks.cli import view
from ansible_collections.hwcloud.tasks.cli.console import PROG

CURSOR_UP = "\x1b[%dA"
CLEAR_LINE = "\r\x1b[K"


def line(item, elapsed):
    """``hwtasks: <id>: running 40% after 12 s (<name>)``: what matters first, should the line be cut."""
    record = item.record or {}
    name = record.get("name")
    return "%s: %s: %s after %d s%s" % (PROG, item.key, view.status(record), elapsed, " (%s)" % name if name else "")


def terminal_width(stream, default=80):
    try:
        return os.get_terminal_size(stream.fileno()).columns or default
    except (AttributeError, OSError, ValueError):
        return default


class LiveLines:
    def __init__(self, console, keys=()):
        self.console = console
        self.width = terminal_width(console.stderr)
        self._lines = dict.fromkeys(keys)  # in the order given; a job is shown from its first poll on
        self._drawn = 0
        self._lock = threading.Lock()

    def __call__(self, item, elapsed):
        with self._lock:
            # A line wider than the terminal would wrap and throw the cursor-up count off: cut it.
            self._lines[item.key] = line(item, elapsed)[: self.width - 1]
            shown = [text for text in self._lines.values() if text is not None]
            up = CURSOR_UP % self._drawn if self._drawn else ""
            self.console.err(up + "".join(CLEAR_LINE + text + "\n" for text in shown))
            self._drawn = len(shown)


class PlainLines:
    def __init__(self, console, every=5.0, heartbeat=60.0, clock=time.monotonic):
        self.console = console
        self.every = every
        self.heartbeat = heartbeat
        self.clock = clock
        self._last = {}  # key -> (when its last line was written, the status it showed)
        self._lock = threading.Lock()

    def __call__(self, item, elapsed):
        shown = view.status(item.record or {})
        now = self.clock()
        with self._lock:
            if item.key in self._last:
                when, before = self._last[item.key]
                changed = shown != before
                if not ((changed and (item.done or now - when >= self.every)) or now - when >= self.heartbeat):
                    return
            self._last[item.key] = (now, shown)
        self.console.err(line(item, elapsed) + "\n")


def for_console(console, keys=()):
    """Live lines on a terminal (``keys``: their order), plain lines otherwise."""
    return LiveLines(console, keys) if console.interactive else PlainLines(console)
