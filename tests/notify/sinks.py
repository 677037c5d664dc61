"""Real mail servers for the outbox tests: the recording aiosmtpd sink in its own process, and a relay that
accepts connections and never says a word."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

SINK = Path(__file__).with_name("smtp_sink.py")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def smtp_sink(record: Path, delay: float = 0.0) -> Iterator[int]:
    """An aiosmtpd server in a subprocess; yields its port. Every accepted message is a line in `record`."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(SINK), str(port), str(record), str(delay)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def received(record: Path) -> list[dict[str, object]]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text().splitlines() if line]


@contextlib.contextmanager
def silent_relay() -> Iterator[int]:
    """Accepts TCP connections and never answers (no SMTP greeting): a relay that hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        server.close()
