"""Reads for partner systems, always through the token: its team only, its scopes only."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from frontdoor.intake.models import Contact
from frontdoor.triage.models import Decision

from .models import PartnerToken
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
