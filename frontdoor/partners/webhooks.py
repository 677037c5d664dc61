"""Webhooks (docs/adr/0022): what happened to a team's contact, told to the partners who asked, through the
outbox (same transaction as the change; claimed, leased, retried with backoff; one message per key).

The payload is thin: the event, the contact's id and reference and its state, and where to read the rest
with a token. It is signed: `FrontDoor-Signature: t=<unix seconds>,v1=<hex>`, the hex being HMAC-SHA256 with
the subscription's secret over `<t>.<body>`. A redirect is never followed: the signed body goes only to the
address the partner registered."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterable
from typing import Any

import requests
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from frontdoor.intake.models import Contact
from frontdoor.notify import services as outbox
from frontdoor.notify.backends import DeliveryError
from frontdoor.notify.models import OutboxMessage

from .models import WebhookEvent, WebhookSubscription

SIGNATURE_HEADER = "FrontDoor-Signature"
ID_HEADER = "FrontDoor-Webhook-Id"
EVENT_HEADER = "FrontDoor-Event"
TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, *, now: float | None = None) -> bool:
    """What a receiver does (partners may copy it): the signature matches and is recent."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), f"t={timestamp},v1={parts.get('v1', '')}")


def _subscriptions(team_ids: Iterable[Any], event: str) -> list[WebhookSubscription]:
    found = WebhookSubscription.objects.filter(
        is_active=True, partner__team_id__in=[t for t in team_ids if t]
    ).select_related("partner")
    return [
        s for s in found if event in s.events
    ]  # events is a short JSON list: filter in Python (SQLite too)


def emit(contact: Contact, event: WebhookEvent, *, team_ids: Iterable[Any] = ()) -> list[OutboxMessage]:
    """Call inside the transaction of the change. One message per subscription and occurrence (the contact's
    version names the occurrence), so a retried request never tells a partner twice."""
    teams = {contact.team_id, *team_ids}
    messages = []
    for subscription in _subscriptions(teams, event):
        key = f"webhook:{subscription.pk}:{event}:{contact.pk}:{contact.version}"
        payload = {
            "id": key,
            "type": str(event),
            "created_at": timezone.now().isoformat(),
            "data": {
                "contact_id": str(contact.pk),
                "reference": contact.reference,
                "team": contact.team.slug if contact.team_id else None,
                "status": contact.status,
                "href": reverse("partner:contact", kwargs={"contact_id": contact.pk}),
            },
        }
        messages.append(
            outbox.enqueue(
                channel=OutboxMessage.Channel.WEBHOOK,
                idempotency_key=key,
                kind="webhook",
                to=subscription.url,
                subject=str(event),
                body=json.dumps(payload, separators=(",", ":")),
                recipient_id=str(subscription.pk),
                about_id=str(contact.pk),
            )
        )
    return messages


def contact_received(contact: Contact) -> None:
    emit(contact, WebhookEvent.CONTACT_RECEIVED)


LIFECYCLE_EVENTS = {
    "decision.recorded": WebhookEvent.CONTACT_DECIDED,
    "contact.step_up": WebhookEvent.CONTACT_STEPPED_UP,
    "contact.step_down": WebhookEvent.CONTACT_STEPPED_DOWN,
}


def contact_changed(contact: Contact, action: str, *, team_before: Any) -> None:
    """Called by the contact's lifecycle after each change; a step up or down tells both teams' partners."""
    event = LIFECYCLE_EVENTS.get(action)
    if event is not None:
        emit(contact, event, team_ids=[team_before])


class WebhookBackend:
    """POSTs the signed body to the subscription's URL. 2xx is delivered; anything else (a 3xx, 4xx, 5xx, a
    timeout, a refused connection) is a failed attempt, retried with the outbox's backoff. A receiver cannot
    be asked what it has, so each try carries the same FrontDoor-Webhook-Id for it to drop a repeat."""

    def already_delivered(self, message: OutboxMessage) -> str | None:
        return None

    def deliver(self, message: OutboxMessage) -> str:
        subscription = WebhookSubscription.objects.filter(pk=message.recipient_id, is_active=True).first()
        if subscription is None:
            raise DeliveryError("The subscription was removed or turned off: not sent", permanent=True)
        body = message.body.encode()
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(subscription.secret, int(time.time()), body),
            ID_HEADER: message.idempotency_key,
            EVENT_HEADER: message.subject,
            "User-Agent": "FrontDoor-Webhooks/1",
        }
        timeout = settings.WEBHOOK_TIMEOUT_SECONDS
        try:
            response = requests.post(
                subscription.url, data=body, headers=headers, timeout=timeout, allow_redirects=False
            )
        except requests.Timeout as error:
            raise DeliveryError(f"The receiver did not answer within {timeout:g} seconds") from error
        except requests.RequestException as error:
            raise DeliveryError(f"Could not reach the receiver: {type(error).__name__}") from error
        code = response.status_code
        if 300 <= code < 400:
            where = response.headers.get("Location", "another address")
            raise DeliveryError(
                f"The receiver answered {code}, sending us to {where[:200]}: webhooks are only sent to the "
                "registered address, so ask the partner to update it",
                status_code=code,
            )
        if not 200 <= code < 300:
            raise DeliveryError(f"The receiver answered {code}: {response.text[:200]}", status_code=code)
        message.answered_status = code  # type: ignore[attr-defined]  # kept on the attempt
        return f"HTTP {code}"
