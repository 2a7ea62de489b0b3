# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""What each API gateway allows, shared by every process of this user on this machine: the forks of a play,
its lookups, other runs, ``hwtasks`` (the state of ``module_utils._wait.budget.GatewayRate``).

The gateway's quota belongs to an endpoint and an account, not to a process: 25 forks that each learnt it
alone would each send at what the gateway allows.  So the state (the rate learnt from 429s, the pause, the
polls accepted in the last second, the bucket every poll is taken from) is one JSON file per endpoint and
account, named by a digest (no secret, no credential), in a folder only the user can read:
``$XDG_RUNTIME_DIR/hwcloud.tasks`` where the system gives one, else ``~/.cache/hwcloud.tasks``.  Each
change holds the file's ``flock`` for one read and one write; there is no server to start and nothing to
install.  A process that dies mid-wait leaves a state that ages out (a minute unused: started afresh).  A
state that cannot be read or written is a warning, and the wait goes on with this process's own rate:
never a failed wait.
"""

from __future__ import annotations

import contextlib
import os

from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.budget import LocalState, fresh_state, usable
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._private_files import FileLock, load, save

FOLDER_NAME = "hwcloud.tasks"


def user_folder(environ):
    """Where this user's shared state lives: the per-user runtime folder, else the user's cache folder."""
    runtime = environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return os.path.join(runtime, FOLDER_NAME)
    return os.path.join(environ.get("HOME") or os.path.expanduser("~"), ".cache", FOLDER_NAME)


class SharedGateways:
    """The gateways' states in ``folder``; ``warn(text)`` is told of a state that cannot be shared."""

    def __init__(self, folder, warn):
        self.folder = folder
        self.warn = warn
        self._private = None

    @classmethod
    def for_user(cls, environ, warn):
        return cls(user_folder(environ), warn)

    def state_for(self, key):
        """The store of the gateway ``key`` names (a hex digest): its file, or this process's memory when
        the folder cannot be used."""
        if not self._folder_is_private():
            return LocalState()
        return FileState(os.path.join(self.folder, "gateway-%s.json" % key[:32]), self.warn)

    def _folder_is_private(self):
        """Whether the folder is this user's alone (made so when missing); said once when it is not."""
        if self._private is None:
            try:
                os.makedirs(self.folder, mode=0o700, exist_ok=True)
                info = os.stat(self.folder)
                self._private = info.st_uid == os.getuid() and not info.st_mode & 0o077
                why = "it is not this user's alone (owner and mode 0700 expected)"
            except OSError as error:
                self._private, why = False, error.strerror or str(error)
            if not self._private:
                self.warn("hwcloud.tasks: the gateway quota is not shared with other processes: cannot use %s: %s"
                          % (self.folder, why))
        return self._private


class FileState:
    """One gateway's state in its file, as ``_wait.budget.LocalState`` keeps one in memory."""

    def __init__(self, path, warn):
        self.path = path
        self.warn = warn
        self._fallback = None  # this process's own state, once the file failed

    @contextlib.contextmanager
    def locked(self, now):
        """The state to read and change, the file's lock held (``now``: when; None to only read it)."""
        lock = self._lock()
        if lock is None:
            with self._fallback.locked(now) as state:
                yield state
            return
        try:
            state = self._read(now)
            yield state
            if now is not None:
                self._write(state)
        finally:
            lock.__exit__(None, None, None)

    def _lock(self):
        """The file's lock, held; None once the file could not be used."""
        if self._fallback is not None:
            return None
        lock = FileLock(self.path + ".lock")
        try:
            lock.__enter__()
        except OSError as error:
            self._give_up(error.strerror or str(error))
            return None
        return lock

    def _write(self, state):
        try:
            save(self.path, state)
        except OSError as error:
            self._give_up(error.strerror or str(error))

    def _read(self, now):
        state = load(self.path, on_problem=self._unreadable)
        if state is not None and not usable(state, None):
            self._unreadable("not a gateway state")
            state = None
        if state is None or not usable(state, now):
            state = fresh_state(now or 0.0)
        return state

    def _unreadable(self, why):
        self.warn("hwcloud.tasks: %s could not be read (%s): the gateway's rate is learnt afresh" % (self.path, why))

    def _give_up(self, why):
        self.warn("hwcloud.tasks: %s cannot be used (%s): this process learns the gateway's rate alone"
                  % (self.path, why))
        self._fallback = LocalState()
