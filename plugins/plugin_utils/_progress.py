# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the hwcloud.tasks collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""What the controller prints while a task talks to the cloud: a wait's progress, and at ``-vvvv``
every HTTP request.

A module cannot print until it ends; its action plugin (or a lookup), running in-process on the
controller, can.  Progress lines are ``module_utils._wait.wording``'s, prefixed with the host and the module.
"""

from __future__ import annotations

from ansible.utils.display import Display

from ansible_collections.hwcloud.tasks.plugins.module_utils._wait.wording import ProgressLines

display = Display()


def play_progress(host, module, write=display.display):
    """``on_poll`` that writes ``[host] module: <id>: running 40% after 12 s (<name>)`` lines."""
    return ProgressLines(write, prefix="[%s] %s: " % (host, module))


def request_trace(host=None):
    """The client's ``trace`` at ``-vvvv`` (a line per request and retry, no credential in it), else None."""
    if display.verbosity < 4:
        return None
    return lambda line: display.vvvv("hwcloud.tasks: %s" % line, host=host)
