"""Writing to the outbox, and the worker's task that sends what is due (docs/adr/0003, 0010)."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from frontdoor.worker.transient import TRANSIENT_ERRORS, reset_connections

from .backends import Backend, DeliveryError, channel_backend, configured_backend
from .models import DeliveryAttempt, OutboxMessage

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


def enqueue(
    *,
    channel: str,
    idempotency_key: str,
    kind: str,
    to: str,
    subject: str,
    body: str,
    recipient_id: str = "",
    about_id: str = "",
) -> OutboxMessage:
    """A message on another channel (a webhook, the DfE push), with the email's guarantees: written in the
    caller's transaction, one message per key, claimed, leased and retried by the same worker."""
    now = timezone.now()
    message, _ = OutboxMessage.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "channel": channel,
            "recipient_id": recipient_id,
            "kind": kind,
            "to": to[:254],
            "subject": subject[:200],
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


def lease() -> timedelta:
    """How long a claim holds without renewal: a message whose worker died is taken over after this."""
    return timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def _claimable(now: datetime) -> Q:
    return Q(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboxMessage.Status.SENDING, claimed_at__lt=now - lease()
    )


def _claim(message_id: object) -> str | None:
    """Take a message for this worker: the token of the claim, or None if another worker holds it. The
    conditional update means two workers can never both claim it; the claim time is the moment of this
    claim (not of the batch), so a long batch never makes its own later claims look abandoned."""
    now = timezone.now()
    token = uuid.uuid4().hex
    claimed = OutboxMessage.objects.filter(_claimable(now), pk=message_id).update(
        status=OutboxMessage.Status.SENDING,
        claimed_at=now,
        claim_token=token,
        attempts=F("attempts") + 1,
    )
    return token if claimed == 1 else None


class _Renewal:
    """Renews a claim while a delivery runs (every third of the lease), so a slow provider never lets a
    second worker take the message over mid-send. A delivery that ends sooner writes nothing."""

    def __init__(self, message_id: object, token: str) -> None:
        self.message_id, self.token = message_id, token
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"outbox-lease-{message_id}", daemon=True)

    def _run(self) -> None:
        every = max(lease().total_seconds() / 3, 0.05)
        try:
            while not self._done.wait(every):
                try:
                    OutboxMessage.objects.filter(
                        pk=self.message_id, status=OutboxMessage.Status.SENDING, claim_token=self.token
                    ).update(claimed_at=timezone.now())
                except DatabaseError:  # the delivery carries on; the next renewal opens a new connection
                    logger.warning("Outbox: could not renew the claim on %s", self.message_id, exc_info=True)
                    reset_connections()
        finally:
            connections.close_all()  # this thread's own connections

    def __enter__(self) -> _Renewal:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


# Seconds between tries at saving a delivery's outcome when the database has gone away (well inside the lease)
RECORD_RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0, 4.0)


def _record(message_id: object, token: str, **fields: object) -> bool:
    """Save the outcome of a delivery, only if this worker still holds the claim. A dropped connection at
    this moment would leave a delivered message looking unsent (and sent again after the lease), so the save
    is tried again on a fresh connection a few times first."""
    for delay in (*RECORD_RETRY_DELAYS, None):
        try:
            updated = OutboxMessage.objects.filter(
                pk=message_id, status=OutboxMessage.Status.SENDING, claim_token=token
            ).update(**fields)
            break
        except TRANSIENT_ERRORS:
            if delay is None:
                raise
            logger.warning("Outbox: could not save the outcome of %s; trying again", message_id)
            reset_connections()
            time.sleep(delay)
    if not updated:
        logger.warning("Outbox: the claim on %s was lost before its result was saved", message_id)
    return bool(updated)


def _attempted(message: OutboxMessage, started: float, outcome: str, error: DeliveryError | None) -> None:
    """Keep the attempt for staff to see (webhooks and the DfE push); losing this row never loses a send."""
    if message.channel == OutboxMessage.Channel.EMAIL:
        return
    try:
        DeliveryAttempt.objects.create(
            message=message,
            number=message.attempts,
            at=timezone.now(),
            outcome=outcome,
            status_code=getattr(error, "status_code", None)
            if error
            else getattr(message, "answered_status", None),
            detail=str(error)[:2000] if error else "",
            seconds=round(time.monotonic() - started, 3),
        )
    except TRANSIENT_ERRORS:
        logger.warning("Outbox: could not keep attempt %s of %s", message.attempts, message.pk)
        reset_connections()


def send_one(message_id: object, backend: Backend, report: SendReport) -> None:
    token = _claim(message_id)
    if token is None:
        return
    message = OutboxMessage.objects.get(pk=message_id)
    started = time.monotonic()
    try:
        with _Renewal(message_id, token):
            # The attempt count is saved when claiming, so after a crash mid-send we know to ask first
            provider_id = backend.already_delivered(message) if message.attempts > 1 else None
            provider_id = provider_id or backend.deliver(message)
    except DeliveryError as error:
        if error.permanent or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            logger.error("Outbox: giving up on message %s after %s attempts", message.pk, message.attempts)
            _attempted(message, started, DeliveryAttempt.Outcome.FAILED, error)
            if _record(message_id, token, status=OutboxMessage.Status.FAILED, last_error=str(error)[:2000]):
                report.failed += 1
            _after_failure(message)
            return
        _attempted(message, started, DeliveryAttempt.Outcome.RETRY, error)
        if _record(
            message_id,
            token,
            status=OutboxMessage.Status.PENDING,
            next_attempt_at=timezone.now() + backoff(message.attempts),
            last_error=str(error)[:2000],
        ):
            report.retried += 1
        return
    _attempted(message, started, DeliveryAttempt.Outcome.DELIVERED, None)
    if _record(
        message_id,
        token,
        status=OutboxMessage.Status.SENT,
        sent_at=timezone.now(),
        provider_id=provider_id[:120],
        last_error="",
    ):
        report.sent += 1
        _after_delivery(message)


def _after_delivery(message: OutboxMessage) -> None:
    if message.channel == OutboxMessage.Channel.CSC_API:
        from frontdoor.partners import csc

        csc.push_acknowledged(message)


def _after_failure(message: OutboxMessage) -> None:
    if message.channel == OutboxMessage.Channel.CSC_API:
        from frontdoor.partners import csc

        csc.push_failed(message)


def send_due(backend: Backend | None = None, limit: int = 100) -> SendReport:
    """Deliver what is due now: waiting messages whose time has come, and messages whose worker's lease ran
    out (it died mid-send: the backend is asked first whether it delivered)."""
    backends: dict[str, Backend] = {OutboxMessage.Channel.EMAIL: backend or configured_backend()}
    due = (
        OutboxMessage.objects.filter(_claimable(timezone.now()))
        .order_by("next_attempt_at")
        .values_list("pk", "channel")[:limit]
    )
    report = SendReport()
    for message_id, channel in list(due):
        if channel not in backends:
            backends[channel] = channel_backend(channel)
        send_one(message_id, backends[channel], report)
    return report


def has_due() -> bool:
    """Whether any message is due now (the worker puts the send task on the queue only then)."""
    return OutboxMessage.objects.filter(_claimable(timezone.now())).exists()


def oldest_waiting() -> datetime | None:
    """When the longest-waiting unsent email was written (waiting, or claimed and not yet recorded)."""
    return (
        OutboxMessage.objects.filter(status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING])
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def retry_failed(message: OutboxMessage) -> bool:
    """Staff can put a failed message back in the queue once the cause is fixed. True only for the call
    that changed it: of two at once, the other finds it no longer failed."""
    changed = OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.FAILED).update(
        status=OutboxMessage.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
    )
    return changed == 1


def retry_failed_by(*, message: OutboxMessage, user) -> bool:  # type: ignore[no-untyped-def]
    """A team manager or administrator sends a failed message again; recorded in the audit trail."""
    from django.core.exceptions import PermissionDenied

    from frontdoor.core import auditor

    if not user.has_perm("notify.view_failed"):
        raise PermissionDenied
    with transaction.atomic():
        if not retry_failed(message):
            return False
        auditor.record_change(
            actor=user,
            action="outbox.retried",
            obj=message,
            before={"status": "failed", "last_error": message.last_error},
            after={"status": "pending"},
        )
    return True
