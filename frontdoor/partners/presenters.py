"""Deliveries as administrators read them: where it went, what for, each try and what the other side said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from frontdoor.notify.models import DeliveryAttempt, OutboxMessage

from . import queries


@dataclass(frozen=True)
class DeliveryRow:
    message: OutboxMessage
    what: str  # the event, or "Daily push"
    to: str  # the partner and address, or the DfE endpoint
    status: str
    status_colour: str
    attempts: list[DeliveryAttempt]
    next_try: datetime | None
    field_errors: list[Any]

    @property
    def last_status_code(self) -> int | None:
        return self.attempts[-1].status_code if self.attempts else None


_COLOURS = {
    OutboxMessage.Status.SENT: "green",
    OutboxMessage.Status.FAILED: "red",
    OutboxMessage.Status.PENDING: "yellow",
    OutboxMessage.Status.SENDING: "blue",
}


def _status(message: OutboxMessage) -> str:
    if message.status == OutboxMessage.Status.PENDING and message.attempts:
        return "Waiting to try again"
    if message.status == OutboxMessage.Status.SENT:
        return "Delivered"
    return str(message.get_status_display())


def rows(messages: list[OutboxMessage]) -> list[DeliveryRow]:
    subscriptions = queries.subscriptions_by_id(
        [m.recipient_id for m in messages if m.channel == OutboxMessage.Channel.WEBHOOK]
    )
    pushes = queries.pushes_by_id(
        [m.recipient_id for m in messages if m.channel == OutboxMessage.Channel.CSC_API]
    )
    found = []
    for message in messages:
        if message.channel == OutboxMessage.Channel.WEBHOOK:
            subscription = subscriptions.get(message.recipient_id)
            to = f"{subscription.partner}: {message.to}" if subscription else message.to
            what, errors = message.subject, []
        else:
            push = pushes.get(message.recipient_id)
            to = f"DfE children's social care API: {message.to}"
            what = f"Daily push of {push.record_count} records" if push else "Daily push"
            errors = push.field_errors if push else []
        found.append(
            DeliveryRow(
                message=message,
                what=what,
                to=to,
                status=_status(message),
                status_colour=_COLOURS.get(message.status, "grey"),
                attempts=list(message.delivery_attempts.all()),
                next_try=message.next_attempt_at if message.status == OutboxMessage.Status.PENDING else None,
                field_errors=errors,
            )
        )
    return found
