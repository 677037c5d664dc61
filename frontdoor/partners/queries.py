"""Reads for partner systems, always through the token: its team only, its scopes only."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from frontdoor.core.permissions import Permission
from frontdoor.intake.models import Contact
from frontdoor.notify.models import OutboxMessage
from frontdoor.triage.models import Decision

from .models import CscPush, Partner, PartnerToken, WebhookSubscription
from .services import digest


def token_for(raw: str) -> PartnerToken | None:
    """The live token a bearer string stands for, or None (unknown, or revoked)."""
    if not raw or len(raw) > 200:
        return None
    token = (
        PartnerToken.objects.select_related("partner", "partner__team")
        .filter(digest=digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        PartnerToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def still_valid(token: PartnerToken) -> bool:
    """Asked again just before answering: a token revoked while the request ran shows nothing."""
    return PartnerToken.objects.filter(pk=token.pk, revoked_at__isnull=True).exists()


def contacts_for(
    token: PartnerToken, *, since: datetime | None = None, status: str | None = None
) -> QuerySet[Contact]:
    contacts = Contact.objects.filter(team_id=token.partner.team_id)
    if since is not None:
        contacts = contacts.filter(received_at__gte=since)
    if status:
        contacts = contacts.filter(status=status)
    return contacts.prefetch_related("children").order_by("-received_at", "id")


def contact_for(token: PartnerToken, contact_id: uuid.UUID) -> Contact | None:
    """The contact if it is the token's team's; None otherwise (a partner cannot tell it exists)."""
    return contacts_for(token).filter(pk=contact_id).first()


def decisions_for(token: PartnerToken, contact: Contact) -> list[Decision]:
    return list(
        Decision.objects.filter(contact=contact, contact__team_id=token.partner.team_id).order_by(
            "decided_at"
        )
    )


def deliveries_for(user: Any, *, channel: str | None = None) -> QuerySet[OutboxMessage]:
    """Webhook deliveries and DfE pushes, newest first, for administrators."""
    if not user.has_perm(Permission.VIEW_DELIVERIES):
        raise PermissionDenied
    messages = OutboxMessage.objects.exclude(channel=OutboxMessage.Channel.EMAIL)
    if channel:
        messages = messages.filter(channel=channel)
    return messages.prefetch_related("delivery_attempts").order_by("-created_at")


def delivery_for(user: Any, message_id: uuid.UUID) -> OutboxMessage | None:
    return deliveries_for(user).filter(pk=message_id).first()


def subscriptions_by_id(ids: Iterable[str]) -> dict[str, WebhookSubscription]:
    return {
        str(s.pk): s for s in WebhookSubscription.objects.filter(pk__in=_uuids(ids)).select_related("partner")
    }


def pushes_by_id(ids: Iterable[str]) -> dict[str, CscPush]:
    return {str(p.pk): p for p in CscPush.objects.filter(pk__in=_uuids(ids))}


def _uuids(values: Iterable[str]) -> list[uuid.UUID]:
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return found


def partners_for(user: Any) -> list[Partner]:
    """Every partner with its tokens and subscriptions, for administrators."""
    if not user.has_perm(Permission.MANAGE_PARTNER_SYSTEMS):
        raise PermissionDenied
    return list(Partner.objects.select_related("team").prefetch_related("tokens", "subscriptions"))


def token_to_revoke(user: Any, token_id: uuid.UUID) -> PartnerToken | None:
    if not user.has_perm(Permission.MANAGE_PARTNER_SYSTEMS):
        raise PermissionDenied
    return PartnerToken.objects.select_related("partner").filter(pk=token_id).first()
