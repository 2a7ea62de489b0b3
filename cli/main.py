# Copyright: hwcloud.tasks contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``hwtasks`` from arguments to exit code.  Every error ends here, as one line on stderr: never a traceback."""

from __future__ import annotations

import os
import sys

from ansible_collections.hwcloud.tasks.cli import connection, exits, parser
from ansible_collections.hwcloud.tasks.cli.console import Console
from ansible_collections.hwcloud.tasks.plugins.module_utils._errors import ConfigurationError, HwCloudError


def main(argv=None, stdin=None, stdout=None, stderr=None, environ=None):
    """Run ``hwtasks``; the streams and the environment can be given (tests), else the process's are used."""
    console = Console(stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr,
                      os.environ if environ is None else environ)
    args = None
    try:
        args = parser.build().parse_args(argv)
        return args.run(console, args)
    except ConfigurationError as error:
        console.error(error)
        return exits.USAGE
    except HwCloudError as error:
        console.error(connection.as_given(error, getattr(args, "flags", None)))
        return exits.CLOUD_ERROR
    except KeyboardInterrupt:
        console.error("interrupted")
        return exits.INTERRUPTED
    except Exception as error:  # noqa: BLE001 - a bug must still end as one line, never a traceback
        console.error("unexpected %s: %s (please report this)" % (type(error).__name__, error))
        return exits.CLOUD_ERROR
