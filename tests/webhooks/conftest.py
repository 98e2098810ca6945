"""Real HTTP receivers for webhook tests: a ThreadingHTTPServer on 127.0.0.1 (a free port) in a
thread, recording every request before answering."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks.webhooks import Webhook

WEBHOOKS_URL = "/api/v1/webhooks/"


@dataclass
class ReceivedRequest:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status = self.server.receiver.record(
            ReceivedRequest(
                path=self.path,
                headers={key.lower(): value for key, value in self.headers.items()},
                body=body,
            )
        )
        if self.server.receiver.delay:
            time.sleep(self.server.receiver.delay)
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a sleeping handler must not hold up the test's teardown

    def handle_error(self, request, client_address):
        pass  # the client gave up on a sleeping handler: expected


class Receiver:
    """Answers the status codes of `statuses` in turn (the last one for ever), after `delay`
    seconds."""

    def __init__(self, statuses=(200,), delay: float = 0.0):
        self.statuses = list(statuses)
        self.delay = delay
        self.requests: list[ReceivedRequest] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.receiver = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/hooks/newsroom"

    def record(self, request: ReceivedRequest) -> int:
        with self._lock:
            self.requests.append(request)
            return self.statuses[min(len(self.requests), len(self.statuses)) - 1]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def failing_receiver():
    server = Receiver(statuses=[500])
    yield server
    server.close()


@pytest.fixture
def hanging_receiver(settings):
    """Answers after 3 s, well past the read timeout set here."""
    settings.WEBHOOK_READ_TIMEOUT = 0.3
    server = Receiver(delay=3.0)
    yield server
    server.close()


@pytest.fixture
def closed_port_url():
    """A URL on a port nothing listens on (connection refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/hooks"


def subscribe(client, url: str, event_types=("article.checked",)) -> dict:
    response = client.post(
        WEBHOOKS_URL,
        data=json.dumps({"url": url, "event_types": list(event_types)}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def assert_signed(request: ReceivedRequest, secret: str) -> None:
    """Verify a request per Standard Webhooks, independently of the service's code, then with
    the `standardwebhooks` package."""
    msg_id = request.headers["webhook-id"]
    timestamp = request.headers["webhook-timestamp"]
    assert timestamp.isdigit()
    assert abs(time.time() - int(timestamp)) < 300
    assert secret.startswith("whsec_")
    key = base64.b64decode(secret[len("whsec_") :])
    expected = base64.b64encode(
        hmac.new(key, f"{msg_id}.{timestamp}.".encode() + request.body, hashlib.sha256).digest()
    ).decode()
    signatures = request.headers["webhook-signature"].split(" ")
    assert f"v1,{expected}" in signatures, signatures
    assert Webhook(secret).verify(request.body, request.headers) == request.json()
