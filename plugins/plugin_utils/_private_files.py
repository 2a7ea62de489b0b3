# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Files only their owner can read, read and written whole under an flock: the controller's shared state.

The run's issued credentials (_shared_tokens) and what each gateway allows (_shared_gateways) are
JSON files that several processes read and change: each change holds the file's lock, and a file is
written whole then renamed into place, so that a process that dies mid-write leaves the old file.
"""

from __future__ import annotations

import fcntl
import json
import os


def load(path, on_problem=None):
    """The JSON document in ``path``; None when there is none, or it cannot be read (then ``on_problem(why)``
    is told, when given)."""
    try:
        with open(path) as stored:
            return json.load(stored)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        if on_problem is not None:
            on_problem(str(error))
        return None


def save(path, record, durable=False):
    """Written whole, then renamed into place: a reader without the lock never sees half a file.

    ``durable``: on disk before it replaces the old file (and the rename on disk too), so that a crash of
    the machine also leaves the old file or the new one, never an empty one.
    """
    partial = "%s.%d.tmp" % (path, os.getpid())
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w") as stored:
            json.dump(record, stored)
            if durable:
                stored.flush()
                os.fsync(stored.fileno())
        os.replace(partial, path)
    except BaseException:
        remove(partial)
        raise
    if durable:
        folder = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


class FileLock:
    """An exclusive ``flock`` on ``path`` for the ``with`` block; closing the file releases it.

    ``wait``: whether to wait while another process holds it; if not, ``BlockingIOError`` says it is held.
    """

    def __init__(self, path, wait=True):
        self.path = path
        self.wait = wait
        self._descriptor = None

    def __enter__(self):
        self._descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._descriptor, fcntl.LOCK_EX if self.wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BaseException:
            os.close(self._descriptor)
            raise
        return self

    def __exit__(self, *exc_info):
        os.close(self._descriptor)
