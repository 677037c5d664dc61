"""Writing to the outbox, and the worker's loop that sends what is due."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .backends import Backend, DeliveryError, configured_backend
from .models import OutboxMessage

logger = logging.getLogger(__name__)


def enqueue_email(
    *, idempotency_key: str, kind: str, to: str, subject: str, body: str, about_id: str = ""
) -> OutboxMessage:
    """Call inside the transaction that makes the change the email is about. Enqueuing the same key
    twice returns the first message: a retry never sends a second email."""
    now = timezone.now()
    message, _ = OutboxMessage.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "kind": kind,
            "to": to,
            "subject": subject,
            "body": body,
            "about_id": about_id,
            "created_at": now,
            "next_attempt_at": now,
        },
    )
    return message


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … capped at an hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _claim(message_id: object, now) -> bool:  # type: ignore[no-untyped-def]
    """Take a message for this worker. The conditional update means two workers can never both claim it."""
    stale = now - timedelta(seconds=settings.OUTBOX_STALE_CLAIM_SECONDS)
    claimed = OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.PENDING) | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=stale),
        pk=message_id,
    ).update(status=OutboxMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def send_due(backend: Backend | None = None, limit: int = 100) -> SendReport:
    backend = backend or configured_backend()
    now = timezone.now()
    stale = now - timedelta(seconds=settings.OUTBOX_STALE_CLAIM_SECONDS)
    due = OutboxMessage.objects.filter(
        Q(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=stale)
    ).values_list("pk", flat=True)[:limit]
    report = SendReport()
    for message_id in list(due):
        if not _claim(message_id, now):
            continue
        message = OutboxMessage.objects.get(pk=message_id)
        try:
            # The attempt count is saved when claiming, so after a crash mid-send we know to ask first
            provider_id = backend.already_delivered(message) if message.attempts > 1 else None
            provider_id = provider_id or backend.deliver(message)
        except DeliveryError as error:
            message.last_error = str(error)[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                report.failed += 1
                logger.error(
                    "Outbox: giving up on message %s after %s attempts", message.pk, message.attempts
                )
            else:
                message.status = OutboxMessage.Status.PENDING
                message.next_attempt_at = timezone.now() + backoff(message.attempts)
                report.retried += 1
            message.save(update_fields=["status", "next_attempt_at", "last_error"])
            continue
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.provider_id = provider_id[:120]
        message.last_error = ""
        message.save(update_fields=["status", "sent_at", "provider_id", "last_error"])
        report.sent += 1
    return report


def retry_failed(message: OutboxMessage) -> None:
    """Staff can put a failed message back in the queue once the cause is fixed."""
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.FAILED).update(
            status=OutboxMessage.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
        )


def retry_failed_by(*, message: OutboxMessage, user) -> bool:  # type: ignore[no-untyped-def]
    """A team manager or administrator sends a failed message again; recorded in the audit trail."""
    from django.core.exceptions import PermissionDenied

    from frontdoor.core import auditor

    if not user.has_perm("notify.view_failed"):
        raise PermissionDenied
    with transaction.atomic():
        was_failed = OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.FAILED).exists()
        if not was_failed:
            return False
        retry_failed(message)
        auditor.record_change(
            actor=user,
            action="outbox.retried",
            obj=message,
            before={"status": "failed", "last_error": message.last_error},
            after={"status": "pending"},
        )
    return True
