"""Delivery over real SMTP: a timeout on a relay that hangs, a Message-ID from the idempotency key, several
workers that never send one message twice, and a "Send again" that only one of two presses carries out."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from frontdoor.core.models import AuditEvent
from frontdoor.notify.backends import SmtpBackend, message_id
from frontdoor.notify.models import OutboxMessage
from frontdoor.notify.services import enqueue_email, retry_failed_by, send_due

from .sinks import received, silent_relay, smtp_sink

ROOT = Path(__file__).resolve().parents[2]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="several workers claiming at once need PostgreSQL"
)


def message(key: str = "outcome:1") -> OutboxMessage:
    return enqueue_email(
        idempotency_key=key, kind="outcome", to="rita@school.example", subject="Your concern", body="B"
    )


def test_a_relay_that_accepts_and_never_answers_times_out_and_the_email_is_retried(db, settings):
    settings.EMAIL_TIMEOUT = 1
    msg = message()
    with silent_relay() as port:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        started = time.monotonic()
        report = send_due(SmtpBackend())
        waited = time.monotonic() - started
    assert report.retried == 1 and waited < 10
    msg.refresh_from_db()
    assert msg.status == "pending" and msg.attempts == 1 and msg.next_attempt_at > timezone.now()
    assert "timed out" in msg.last_error


def test_smtp_delivery_carries_a_message_id_made_from_the_idempotency_key(db, settings, tmp_path):
    record = tmp_path / "sink.jsonl"
    msg = message("acknowledgement:0b4c")
    with smtp_sink(record) as port:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        assert send_due(SmtpBackend()).sent == 1
    (email,) = received(record)
    assert email["message_id"] == message_id("acknowledgement:0b4c")
    assert email["message_id"].startswith("<acknowledgement.0b4c.") and email["to"] == ["rita@school.example"]
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.provider_id == email["message_id"]
    assert message_id("a:b") != message_id("a.b")  # a hash of the whole key keeps similar keys apart


def test_a_message_interrupted_mid_send_is_retried_after_the_short_lease(db, settings, tmp_path):
    settings.OUTBOX_LEASE_SECONDS = 30
    record = tmp_path / "sink.jsonl"
    msg = message()
    # A worker claimed it 10 seconds ago and is still within its lease: left alone
    OutboxMessage.objects.filter(pk=msg.pk).update(
        status="sending", attempts=1, claimed_at=timezone.now() - timedelta(seconds=10), claim_token="dead"
    )
    with smtp_sink(record) as port:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        assert send_due(SmtpBackend()).sent == 0
        # The worker died: 31 seconds after its last renewal the message is taken over and sent
        OutboxMessage.objects.filter(pk=msg.pk).update(claimed_at=timezone.now() - timedelta(seconds=31))
        assert send_due(SmtpBackend()).sent == 1
    msg.refresh_from_db()
    assert msg.status == "sent" and msg.attempts == 2 and len(received(record)) == 1


def _worker_env(database: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "frontdoor.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "OUTBOX_BACKEND": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        # Shorter than one delivery: only the renewal of each claim keeps the other worker off it
        "OUTBOX_LEASE_SECONDS": "0.6",
    }


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_workers_over_a_slow_smtp_sink_deliver_each_message_exactly_once(tmp_path):
    record = tmp_path / "sink.jsonl"
    keys = [f"acknowledgement:{n}" for n in range(8)]
    for key in keys:
        message(key)
    database = connection.settings_dict["NAME"]
    with smtp_sink(record, delay=1.0) as port:
        workers = [
            subprocess.Popen(
                [sys.executable, "manage.py", "send_outbox"],
                cwd=ROOT,
                env=_worker_env(database, port),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    delivered = sorted(str(email["message_id"]) for email in received(record))
    assert delivered == sorted(message_id(key) for key in keys)  # each once, none twice
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    # Both workers did part of the work
    assert all("0 sent" not in out for out, _ in outputs), outputs


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_managers_pressing_send_again_at_once_one_is_told_it_worked(team_manager, administrator):
    msg = message()
    OutboxMessage.objects.filter(pk=msg.pk).update(status="failed", attempts=8, last_error="550")
    msg.refresh_from_db()
    start = threading.Barrier(2)
    answers: list[bool] = []

    def press(user) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        try:
            answers.append(retry_failed_by(message=msg, user=user))
        finally:
            connection.close()

    presses = [threading.Thread(target=press, args=(user,)) for user in (team_manager, administrator)]
    for thread in presses:
        thread.start()
    for thread in presses:
        thread.join()
    assert sorted(answers) == [False, True]
    assert AuditEvent.objects.filter(action="outbox.retried").count() == 1
    msg.refresh_from_db()
    assert msg.status == "pending" and msg.attempts == 0
