"""The emulator as a library: ``with Emulator(speed=20) as emu:`` serves it from a background thread."""

from __future__ import annotations

import json
import pathlib
import shutil
import ssl
import tempfile
import threading
import urllib.error
import urllib.request

from . import tls
from .app import App
from .credentials import Credentials
from .server import EmulatorServer

# The control API is always local: never send it through an HTTP proxy from the environment.
_DIRECT = urllib.request.ProxyHandler({})


class ControlError(Exception):
    """A control API call was refused; ``payload`` is its decoded ``{"error": ...}`` body."""

    def __init__(self, status: int, payload):
        super().__init__("control API answered %d: %s" % (status, payload))
        self.status = status
        self.payload = payload


class Emulator:
    """A local Huawei Cloud (RDS, DMS, IAM) for one test session, demo or playbook run.

    ``speed`` makes emulated time run faster (20: a 60 s job takes 3 s); ``seed`` makes job
    progress reproducible; keyword arguments override the fields of ``Credentials``.
    """

    def __init__(
        self,
        speed: float = 1.0,
        tls: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int = 0,
        **credentials,
    ):
        self.app = App(Credentials(**credentials), speed, seed)
        self._address = (host, port)
        self._tls = tls
        self._server: EmulatorServer | None = None
        self._thread: threading.Thread | None = None
        self._tls_dir: pathlib.Path | None = None
        self.ca_file: str | None = None  # PEM of the CA that signed the server certificate (tls=True)

    def start(self) -> Emulator:
        if self._server is not None:
            raise RuntimeError("the emulator is already running")
        context = None
        if self._tls:
            self._tls_dir = pathlib.Path(tempfile.mkdtemp(prefix="hwcloud-tasks-emulator-tls-"))
            ca_path, cert_path, key_path = tls.make_certificates(self._tls_dir)
            self.ca_file = str(ca_path)
            context = tls.server_context(cert_path, key_path)
        self._server = EmulatorServer(self._address, self.app, context)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1}, name="hwcloud-tasks-emulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()  # returns once serve_forever() has
        self._server.close_connections()
        self._server.server_close()
        self._thread.join()
        self._server = self._thread = None
        if self._tls_dir is not None:
            shutil.rmtree(self._tls_dir, ignore_errors=True)
            self._tls_dir = self.ca_file = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        host, port = self._server.server_address[:2]
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)  # a wildcard is no address to call
        return "%s://%s:%d" % (self._server.scheme, "[%s]" % host if ":" in host else host, port)

    @property
    def credentials(self) -> dict[str, str]:
        return self.app.store.credentials.as_dict()

    def control(self, method: str, path: str, body=None):
        """Call the control API (``path`` like ``/_emulator/jobs``); return its decoded JSON answer."""
        request = urllib.request.Request(
            self.url + path,
            data=None if body is None else json.dumps(body).encode("utf-8"),
            method=method,
            headers={"Content-Type": "application/json"},
        )
        handlers = [_DIRECT]
        if self.ca_file:
            handlers.append(urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=self.ca_file)))
        try:
            with urllib.request.build_opener(*handlers).open(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                raise ControlError(error.code, json.loads(error.read() or b"null")) from None
