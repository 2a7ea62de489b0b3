"""``python -m ansible_collections.hwcloud.tasks.emulator``: serve the emulator until SIGINT or SIGTERM (then exit 0).

``bin/hwtasks emulator`` runs this ``main()``; ``python -m`` needs the folder that holds
``ansible_collections/`` on ``PYTHONPATH`` (``tests/utils/with_emulator.py`` does that for the tests).

The first line printed is always ``hwcloud.tasks emulator listening on <URL>``, so a script can
wait for it; the ``export`` lines after it set up the collection's environment variables.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import shlex
import signal
import sys
import threading

from . import control, demo
from .clock import check_speed
from .credentials import Credentials
from .embedded import Emulator


def _speed(text: str) -> float:
    try:
        return check_speed(float(text))
    except ValueError as error:
        raise argparse.ArgumentTypeError("%r: %s" % (text, error)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ansible_collections.hwcloud.tasks.emulator",
        description="Serve the hwcloud.tasks cloud emulator until SIGINT or SIGTERM.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8080, help="port, 0 for any free one (default: %(default)s)")
    parser.add_argument("--speed", type=_speed, default=1.0, help="emulated seconds per real second (default: 1)")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a throw-away certificate authority")
    parser.add_argument("--demo", action="store_true", help="create an instance and a few jobs to look at")
    parser.add_argument("--seed", type=int, default=0, help="seed of the job progress curves (default: %(default)s)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request line to stderr")
    for field in dataclasses.fields(Credentials):
        parser.add_argument("--" + field.name.replace("_", "-"), default=field.default, help="default: %(default)s")
    return parser


def _about(emulator: Emulator, speed: float) -> list[str]:
    """What the banner says after its first line: the control API, the account, who may get temporary keys."""
    credentials = emulator.credentials
    return [
        "speed x%g; control API under %s%s: GET %s lists its endpoints and the fields each takes"
        % (speed, emulator.url, control.PREFIX, control.PREFIX),
        "credentials: " + " ".join("%s=%s" % item for item in credentials.items()),
        "temporary keys: nobody may get any until POST %sidentity says so (agencies of domain %s, the ECS "
        "metadata agency, OpenID Connect IdPs)" % (control.PREFIX, credentials["domain_name"]),
    ]


def _environment(emulator: Emulator) -> list[str]:
    credentials = emulator.credentials
    variables = {
        "HW_RDS_ENDPOINT": emulator.url,
        "HW_DMS_ENDPOINT": emulator.url,
        "HW_IAM_ENDPOINT": emulator.url,
        "HW_ACCESS_KEY": credentials["access_key"],
        "HW_SECRET_KEY": credentials["secret_key"],
        "HW_PROJECT_ID": credentials["project_id"],
        "HW_REGION_NAME": credentials["region"],
    }
    return ["export %s=%s" % (name, shlex.quote(value)) for name, value in variables.items()]


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.DEBUG, format="%(asctime)s %(message)s")
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    credentials = {field.name: getattr(args, field.name) for field in dataclasses.fields(Credentials)}
    emulator = Emulator(speed=args.speed, tls=args.tls, host=args.host, port=args.port, seed=args.seed, **credentials)
    try:
        emulator.start()
    except OSError as error:
        parser.exit(1, "emulator: cannot start on %s:%d: %s\n" % (args.host, args.port, error))
    try:
        print("hwcloud.tasks emulator listening on %s" % emulator.url, flush=True)
        print("\n".join("# " + line for line in _about(emulator, args.speed)))
        if emulator.ca_file:
            print("# CA certificate (give it as ca_path): %s" % emulator.ca_file)
        print("\n".join(_environment(emulator)))
        if args.demo:
            described, variables = demo.populate(emulator)
            print("\n".join("# demo: " + line for line in described))
            print("\n".join("export %s=%s" % (name, shlex.quote(value)) for name, value in variables.items()))
        sys.stdout.flush()
        stopping.wait()
    finally:
        emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
