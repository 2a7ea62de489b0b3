"""The HTTP server itself: headers, keep-alive, unknown paths, many clients at once, TLS, clean stop."""

import http.client
import os
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import requests

from ansible_collections.hwcloud.tasks.emulator import Emulator
from tests.emulator.helpers import Api

pytestmark = pytest.mark.emulator


def test_every_answer_has_a_request_id_and_a_json_type(emu, api):
    job = emu.control("POST", "/_emulator/jobs", {"duration": 0})
    answers = [api.job(job["id"]), api.job("missing"), api.get("/nowhere"), api.job(job["id"], sign=False)]
    ids = set()
    for answer in answers:
        assert answer.headers["Content-Type"] == "application/json"
        assert len(answer.headers["X-Request-Id"]) == 32
        assert int(answer.headers["Content-Length"]) == len(answer.content)
        ids.add(answer.headers["X-Request-Id"])
    assert len(ids) == len(answers)


def test_malformed_requests_still_get_a_request_id(emu):
    url = urlsplit(emu.url)
    for head, status in ((b"GET /x HTTP/1.1\r\nContent-Length: many", b"400"), (b"BREW /pot HTTP/1.1", b"501")):
        with socket.create_connection((url.hostname, url.port), timeout=5) as raw:
            raw.sendall(head + b"\r\nConnection: close\r\n\r\n")
            answer = raw.makefile("rb").read()
        assert answer.startswith(b"HTTP/1.1 " + status + b" ")
        assert b"\r\nX-Request-Id: " in answer


def test_unknown_paths_are_json_404s(emu, api):
    answer = api.get("/v3/{project_id}/nothing")
    assert answer.status_code == 404 and answer.json()["error_code"] == "APIGW.0101"
    assert api.request("DELETE", "/v3/{project_id}/jobs", {"id": "x"}).status_code == 404, "known path, other method"
    control = requests.get(emu.url + "/_emulator/nothing", timeout=5)
    assert control.status_code == 404 and "no control endpoint" in control.json()["error"]
    counts = emu.control("GET", "/_emulator/requests")["counts"]
    assert counts == {"GET (no such API)": 1, "DELETE (no such API)": 1}


def test_connections_are_kept_alive(emu):
    job = emu.control("POST", "/_emulator/jobs", {"duration": 0})
    url = urlsplit(emu.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
    try:
        for _request in range(3):
            connection.request("GET", "/_emulator/health")
            answer = connection.getresponse()
            answer.read()
            assert answer.status == 200 and answer.getheader("Connection") != "close"
        local_port = connection.sock.getsockname()[1]
        connection.request("GET", "/v3/%s/jobs?id=%s" % (emu.credentials["project_id"], job["id"]))
        connection.getresponse().read()
        assert connection.sock.getsockname()[1] == local_port, "the same connection served every request"
    finally:
        connection.close()


def test_many_clients_at_once_get_no_connection_errors(emu):
    job = emu.control("POST", "/_emulator/jobs", {"duration": 3600})
    clients = [Api(emu) for _client in range(50)]

    def poll(index):
        return clients[index % len(clients)].job(job["id"]).status_code

    try:
        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(poll, range(200)))
    finally:
        for client in clients:
            client.session.close()
    assert statuses == [200] * 200
    assert emu.control("GET", "/_emulator/requests")["counts"] == {"GET /v3/{project_id}/jobs": 200}


def test_stop_ends_open_connections_and_frees_the_port():
    emulator = Emulator(speed=20)
    emulator.start()
    url = urlsplit(emulator.url)
    idle = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
    idle.request("GET", "/_emulator/health")
    assert idle.getresponse().read()
    emulator.stop()
    emulator.stop()  # a second stop is harmless
    try:
        assert idle.sock.recv(1) == b"", "the kept-alive connection was closed"
    finally:
        idle.close()
    with pytest.raises(OSError):
        socket.create_connection((url.hostname, url.port), timeout=2).close()
    with pytest.raises(RuntimeError):
        emulator.url  # noqa: B018  (the property raises once stopped)


def test_tls_with_a_throwaway_certificate_authority():
    with Emulator(speed=20, tls=True) as emulator:
        assert emulator.url.startswith("https://127.0.0.1:")
        job = emulator.control("POST", "/_emulator/jobs", {"duration": 0})
        api = Api(emulator)
        api.session.verify = emulator.ca_file
        assert api.job(job["id"]).json()["job"]["status"] == "Completed"
        strict = ssl.create_default_context(cafile=emulator.ca_file)
        strict.verify_flags |= ssl.VERIFY_X509_STRICT
        url = urlsplit(emulator.url)
        with socket.create_connection((url.hostname, url.port), timeout=5) as raw:
            with strict.wrap_socket(raw, server_hostname="localhost") as tls:
                assert tls.version() in ("TLSv1.2", "TLSv1.3")
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(emulator.url + "/_emulator/health", timeout=5)  # the system's CAs do not know it
        ca_file = emulator.ca_file
    assert emulator.ca_file is None and not os.path.exists(ca_file), "the certificates are removed"
