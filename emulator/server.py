"""The HTTP(S) server: the standard library's threaded server, speaking HTTP/1.1 keep-alive.

It only moves bytes: each request becomes a ``protocol.Request`` for the ``App``, and its
``Response`` goes back with ``Content-Length`` (so connections stay open) and an ``X-Request-Id``.
"""

from __future__ import annotations

import logging
import socket
import socketserver
import ssl
import struct
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .app import App
from .protocol import RESET, Request, Response, json_response

logger = logging.getLogger("emulator")

TLS_HANDSHAKE_TIMEOUT = 10.0  # seconds


class RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "hwcloud-tasks-emulator"
    timeout = 120  # seconds an idle keep-alive connection is kept
    # Headers and body go out in two writes: with Nagle's algorithm, a client that sends its next
    # request on the same connection within ~40 ms waits for the delayed ACK of the first (44 ms).
    disable_nagle_algorithm = True

    server: EmulatorServer

    def version_string(self) -> str:
        return self.server_version  # no Python version in the Server header

    def send_response(self, code, message=None) -> None:
        """Every answer carries a request id, the standard library's own error pages included."""
        super().send_response(code, message)
        self.send_header("X-Request-Id", uuid.uuid4().hex)

    def _dispatch(self) -> None:
        path, _sep, query = self.path.partition("?")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True  # where this request's body ends is unknown
            self._send(json_response(400, {"error_code": "EMULATOR.400", "error_msg": "Bad Content-Length."}))
            return
        request = Request(
            method=self.command,
            path=path,
            query=query,
            headers={name.lower(): value for name, value in self.headers.items()},
            body=self.rfile.read(length) if length > 0 else b"",
            scheme=self.server.scheme,
        )
        try:
            response = self.server.app.handle(request)
        except Exception:
            logger.exception("emulator error on %s %s", request.method, request.path)
            response = json_response(
                500, {"error_code": "EMULATOR.500", "error_msg": "The emulator failed; see its log."}
            )
        if response is RESET:
            self._reset()
        else:
            self._send(response)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _dispatch

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    def _reset(self) -> None:
        """Close with SO_LINGER 0: the kernel sends a TCP RST, the client sees "connection reset"."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()  # the socket only really closes once its file objects are closed too
        self.connection.close()

    def log_message(self, format, *args):
        # Request lines only (method, path, query, status): never headers, so never credentials.
        logger.debug("%s %s", self.address_string(), format % args)


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    # Many clients polling at once open many connections at once; the default backlog of 5 drops some.
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], app: App, ssl_context: ssl.SSLContext | None = None):
        self.app = app
        self.ssl_context = ssl_context
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, RequestHandler)

    @property
    def scheme(self) -> str:
        return "https" if self.ssl_context else "http"

    def server_bind(self) -> None:
        # HTTPServer.server_bind() also resolves the host's FQDN, which can stall on a machine without DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request, client_address) -> None:
        """Runs in the connection's own thread: the TLS handshake too, so a slow client blocks no one else."""
        if self.ssl_context is not None:
            request.settimeout(TLS_HANDSHAKE_TIMEOUT)
            try:
                request = self.ssl_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError) as error:
                logger.debug("TLS handshake with %s failed: %s", client_address, error)
                return
        with self._connections_lock:
            self._connections.add(request)
        try:
            super().finish_request(request, client_address)
        finally:
            with self._connections_lock:
                self._connections.discard(request)
            if self.ssl_context is not None:
                # wrap_socket() detached the plain socket the caller will close: close this one.
                self.shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up before its answer (it timed out) is normal here, not a traceback."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            logger.debug("%s hung up before its answer", client_address)
            return
        super().handle_error(request, client_address)

    def close_connections(self) -> None:
        """End every open keep-alive connection, so stopping leaves no thread serving an old client."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
