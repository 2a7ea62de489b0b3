# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where ``hwtasks`` writes: results on stdout; progress and errors on stderr; secrets in neither.

The collection's errors never carry a secret, but a library's might (``requests`` quotes a header
value it rejects, such as a token with a newline in it).  As Ansible masks ``no_log`` values, every
line written here has the secrets it knows of -- those in the environment, and any read from a file --
replaced by ``********``.
"""

from __future__ import annotations

import json

from ansible_collections.hwcloud.tasks.plugins.module_utils._options.connection import SECRET_OPTIONS, with_environment

MASK = "********"
PROG = "hwtasks"


def one_line(text):
    return " ".join(str(text).split())


class Console:
    def __init__(self, stdin, stdout, stderr, environ):
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.environ = environ
        self._secrets = set()
        from_environment = with_environment({}, environ)
        self.hide(*(from_environment[name] for name in SECRET_OPTIONS))

    def hide(self, *values):
        """Mask these values (secrets read from a file) from now on."""
        self._secrets.update(value.strip() for value in values if value and value.strip())

    def mask(self, text):
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text

    @property
    def interactive(self):
        """Whether a person watches stderr live (a terminal), rather than a log or a pipe."""
        return self.stderr.isatty()

    def out(self, text=""):
        self.stdout.write(self.mask(text) + "\n")
        self.stdout.flush()

    def json(self, value):
        self.out(json.dumps(value, indent=2))

    def err(self, text):
        """Write to stderr as is (progress output brings its own line ends and cursor moves)."""
        self.stderr.write(self.mask(text))
        self.stderr.flush()

    def error(self, message):
        """An error, always on one line: what failed, the cloud's code and the request id."""
        self.err("%s: error: %s\n" % (PROG, one_line(message)))
