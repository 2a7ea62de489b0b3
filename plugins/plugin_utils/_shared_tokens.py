# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Login tokens shared by the controller's worker processes within one ``ansible-playbook`` run.

Ansible runs every lookup and action plugin in a new worker process, so a per-process token cache
alone would log in once per task.  The action plugins and the lookup give the client this store: a
token lives in a file only its owner can read, in the controller's private temporary folder (which
lives as long as the run), and a POSIX ``flock`` serialises logins so that concurrent workers log in
once.  Controller code only: a managed host never needs it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os

from ansible_collections.hwcloud.tasks.plugins.module_utils import _iam, _times


class SharedTokens:
    """The ``token_store`` of ``module_utils._auth.PasswordAuth``, in ``folder``."""

    def __init__(self, folder):
        self.folder = folder

    def path(self, key):
        name = hashlib.sha256(json.dumps(key).encode("utf-8")).hexdigest()[:32]
        return os.path.join(self.folder, "hwcloud-tasks-token-%s.json" % name)

    def get(self, key, usable, issue):
        """The stored token if ``usable(token)``, else the one ``issue()`` returns, stored for the others."""
        path = self.path(key)
        with _FileLock(path + ".lock"):
            token = _load(path)
            if token is None or not usable(token):
                token = issue()
                _save(path, token)
            return token

    def forget(self, key):
        try:
            os.remove(self.path(key))
        except OSError:
            pass


def _load(path):
    try:
        with open(path) as stored:
            data = json.load(stored)
        return _iam.IssuedToken(data["value"], data.get("project_id"), _times.parse(data.get("expires_at")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _save(path, token):
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as stored:
        json.dump({"value": token.value, "project_id": token.project_id,
                   "expires_at": _times.iso(token.expires_at)}, stored)


class _FileLock:
    """An exclusive ``flock`` on ``path`` for the ``with`` block; closing the file releases it."""

    def __init__(self, path):
        self.path = path
        self._descriptor = None

    def __enter__(self):
        self._descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._descriptor, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc_info):
        os.close(self._descriptor)
