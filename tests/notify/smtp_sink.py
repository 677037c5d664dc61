"""A real SMTP server (aiosmtpd) that records every message it accepts, one JSON line each, and can be
slow: `python tests/notify/smtp_sink.py PORT RECORD_FILE [SECONDS_PER_MESSAGE]`. Prints "ready" once it
listens. Used by the outbox tests and bench/fault_run.py."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, record: Path, delay: float) -> None:
        self.record, self.delay = record, delay

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.delay:
            await asyncio.sleep(self.delay)
        email = message_from_bytes(envelope.original_content or envelope.content)
        line = {
            "message_id": email["Message-ID"],
            "to": envelope.rcpt_tos,
            "subject": email["Subject"],
            "at": time.time(),
        }
        with self.record.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")
        return "250 Message accepted for delivery"


def main() -> None:
    port, record = int(sys.argv[1]), Path(sys.argv[2])
    delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    controller = Controller(Recorder(record, delay), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
