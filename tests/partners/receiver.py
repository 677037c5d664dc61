"""A real HTTP receiver in a thread, as a partner (or the DfE) would run one: it checks each webhook's
signature itself (HMAC-SHA256 over "<t>.<body>"), keeps what arrived, and answers as the test tells it."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Arrival:
    path: str
    headers: dict[str, str]
    body: bytes
    signature_ok: bool | None

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    secret: str = ""
    # Other subscriptions' secrets, by the path they were given
    secrets: dict[str, str] = field(default_factory=dict)
    # What to answer next: "ok", "500", "timeout", "redirect", or (status, json body)
    answers: list[Any] = field(default_factory=list)
    arrivals: list[Arrival] = field(default_factory=list)
    url: str = ""

    def check(self, path: str, headers: dict[str, str], body: bytes) -> bool | None:
        header = headers.get("FrontDoor-Signature")
        secret = self.secrets.get(path, self.secret)
        if header is None or not secret:
            return None
        parts = dict(p.split("=", 1) for p in header.split(","))
        expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - int(parts["t"])) < 300

    def acknowledged_ids(self) -> list[str]:
        return [a.headers.get("FrontDoor-Webhook-Id", "") for a in self.arrivals]


def start(receiver: Receiver):  # type: ignore[no-untyped-def]
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = dict(self.headers.items())
            receiver.arrivals.append(
                Arrival(self.path, headers, body, receiver.check(self.path, headers, body))
            )
            answer = receiver.answers.pop(0) if receiver.answers else "ok"
            if answer == "timeout":
                time.sleep(1.5)
                answer = "ok"
            if answer == "redirect":
                self.send_response(302)
                self.send_header("Location", "http://elsewhere.invalid/hook")
                self.end_headers()
                return
            status, payload = (
                answer
                if isinstance(answer, tuple)
                else ((200, {"ok": True}) if answer == "ok" else (int(answer), {}))
            )
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    return server
