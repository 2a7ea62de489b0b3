# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a person sees while ``hwtasks`` waits: the waiting engine's ``on_poll(item, elapsed)`` callbacks.

The lines are ``module_utils._wait.wording``'s, as in the play output of the modules.  On a terminal, one
line per task, rewritten in place at every poll and every second between polls; in a log (CI),
``_wait.wording.ProgressLines``.  Both go
to stderr: stdout holds the result.
"""

from __future__ import annotations

import os

from ansible_collections.hwcloud.tasks.cli.console import PROG
from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.wording import ProgressLines, progress_line

PREFIX = PROG + ": "
CURSOR_UP = "\x1b[%dA"
CLEAR_LINE = "\r\x1b[K"


def terminal_width(stream, default=80):
    try:
        return os.get_terminal_size(stream.fileno()).columns or default
    except (AttributeError, OSError, ValueError):
        return default


class LiveLines:
    """A line per task on a terminal, rewritten in place at every poll, and every second between polls
    (``tick``): the elapsed time runs and the next poll counts down, so a long wait never looks hung."""

    def __init__(self, console, keys=()):
        self.console = console
        self.width = terminal_width(console.stderr)
        self._lines = dict.fromkeys(keys)  # in the order given; a task is shown from its first poll on
        self._drawn = 0

    def __call__(self, item, elapsed):
        self._set(item, progress_line(item, elapsed))
        self._draw()

    def tick(self, waiting, elapsed):
        for item, next_poll in waiting:
            if self._lines.get(item.key) is not None:
                self._set(item, progress_line(item, elapsed, next_poll))
        self._draw()

    def _set(self, item, line):
        # A line wider than the terminal would wrap and throw the cursor-up count off: cut it.
        self._lines[item.key] = (PREFIX + line)[: self.width - 1]

    def _draw(self):
        shown = [text for text in self._lines.values() if text is not None]
        up = CURSOR_UP % self._drawn if self._drawn else ""
        self.console.err(up + "".join(CLEAR_LINE + text + "\n" for text in shown))
        self._drawn = len(shown)


def plain_lines(console, **throttle):
    """Log lines: a task's state when it changes, at most every few seconds, and a heartbeat."""
    return ProgressLines(lambda line: console.err(line + "\n"), prefix=PREFIX, **throttle)


def for_console(console, keys=()):
    """Live lines on a terminal (``keys``: their order), plain lines otherwise."""
    return LiveLines(console, keys) if console.interactive else plain_lines(console)
