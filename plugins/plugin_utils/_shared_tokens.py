# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Issued credentials shared by the controller's worker processes within one ``ansible-playbook`` run.

Ansible runs every lookup and action plugin in a new worker process, so a per-process cache alone
would log in (or ask for temporary keys) once per task.  The action plugins and the lookup give the
client this store: login tokens and temporary keys (``module_utils._auth.issued``) live in files only
their owner can read, in the controller's private temporary folder (which lives as long as the run),
and a POSIX ``flock`` serialises their issuing so that concurrent workers ask once.  It also
remembers credentials the cloud refused, so that the rest of the run does not send them again (five
bad signatures lock an access key).  Controller code only: a managed host never needs it.
"""

from __future__ import annotations

import hashlib
import json
import os

from ansible_collections.hwcloud.tasks.plugins.module_utils._auth import issued
from ansible_collections.hwcloud.tasks.plugins.plugin_utils._private_files import FileLock, load, remove, save


class SharedTokens:
    """The ``token_store`` of ``_auth.strategies.IssuedAuth`` and ``_client.CloudClient``, in ``folder``."""

    def __init__(self, folder):
        self.folder = folder

    def path(self, key):
        name = hashlib.sha256(json.dumps(key).encode("utf-8")).hexdigest()[:32]
        return os.path.join(self.folder, "hwcloud-tasks-token-%s.json" % name)

    def get(self, key, usable, issue):
        """The stored credential if ``usable(it)``, else the one ``issue()`` returns, stored for the others."""
        path = self.path(key)
        with FileLock(path + ".lock"):
            issued = _restore(load(path))
            if issued is None or not usable(issued):
                issued = issue()
                save(path, issued.as_record())
            return issued

    def forget(self, key, refused=None):
        """Drop the stored credential; with ``refused``, only if it is that one (not a newer one another
        worker stored since): one renewal per refused credential, however many saw it refused."""
        path = self.path(key)
        with FileLock(path + ".lock"):
            stored = _restore(load(path))
            if refused is None or (stored is not None and stored.fingerprint() == refused.fingerprint()):
                remove(path)

    def refusal(self, key):
        """What the cloud answered when it refused the credentials ``key`` names, or None."""
        return load(self.path(key))

    def remember_refusal(self, key, record):
        """Keep the cloud's refusal (its message, code and request id: never a credential) for the run."""
        path = self.path(key)
        with FileLock(path + ".lock"):
            save(path, record)


def _restore(record):
    try:
        return issued.from_record(record) if isinstance(record, dict) else None
    except ValueError:
        return None
