# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""A client's first request goes alone: a wrong credential costs one rejected request, whatever the fan-out.

Waiting on twenty jobs sends twenty requests at once; with a wrong secret key, all twenty would be
refused, and five bad signatures lock an access key for five minutes.  So until one request has been
answered with anything but a refusal, the others wait for it; when it was refused (or the
credentials could not be had at all), they raise the same error without sending anything.  The
request that goes first may itself need another (the project id, found from IAM): the same thread
passes through.
"""

from __future__ import annotations

import copy
import threading

from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import AuthenticationError, ConfigurationError


def refuses(error):
    """Whether ``error`` says the credentials will not do: the cloud refused them, or none could be had."""
    return isinstance(error, (AuthenticationError, ConfigurationError))


def answered(error):
    """Whether the cloud answered (a 404, a 400...): then it did accept the credentials."""
    status = getattr(error, "status", None)
    return status is not None and 400 <= status < 500


class FirstRequestGate:
    """``run(send)`` sends alone until the credentials are accepted; ``refused`` starts it refused.

    ``on_refused(error)`` is told once, when the first request is refused.
    """

    def __init__(self, refused=None, on_refused=None):
        self._condition = threading.Condition()
        self._accepted = False
        self._refused = refused
        self._first = None  # the thread whose request goes first
        self._on_refused = on_refused

    @property
    def accepted(self):
        return self._accepted

    def run(self, send):
        if self._accepted:
            return send()
        if not self._admit():
            return send()
        try:
            result = send()
        except BaseException as error:
            self._verdict(error)
            raise
        self._verdict(None)
        return result

    def _admit(self):
        """True when this call goes first; False when it may go as it is; raises the refusal."""
        me = threading.get_ident()
        with self._condition:
            while True:
                if self._refused is not None:
                    raise copy.copy(self._refused)
                if self._accepted or self._first == me:
                    return False
                if self._first is None:
                    self._first = me
                    return True
                self._condition.wait()

    def _verdict(self, error):
        with self._condition:
            self._first = None
            if error is None or (not refuses(error) and answered(error)):
                self._accepted = True
            elif refuses(error):
                self._refused = error
            # Otherwise (unreachable, 5xx after the retries) nothing is known: the next call goes first.
            self._condition.notify_all()
        if self._refused is error and error is not None and self._on_refused is not None:
            self._on_refused(error)
