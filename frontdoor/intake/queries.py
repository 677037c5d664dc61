"""Reads for logging a contact: the known agencies and referrers. Front door staff only."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import Agency, Referrer


def _check(user) -> None:  # type: ignore[no-untyped-def]
    if not user.has_perm("intake.log_contact"):
        raise PermissionDenied


def search_referrers(user, text: str, limit: int = 20) -> tuple[list[Referrer], list[Agency]]:  # type: ignore[no-untyped-def]
    """Known referrers and agencies whose name (or the referrer's email or phone) contains the text."""
    _check(user)
    text = text.strip()[:100]
    if len(text) < 2:
        return [], []
    referrers = list(
        Referrer.objects.select_related("agency")
        .filter(
            Q(name__icontains=text)
            | Q(agency__name__icontains=text)
            | Q(email__icontains=text)
            | Q(phone__icontains=text)
        )
        .order_by("-last_contact_at", "name")[:limit]
    )
    agencies = list(Agency.objects.filter(name__icontains=text).order_by("name")[:limit])
    return referrers, agencies


def referrer_for(user, referrer_id: str | None) -> Referrer | None:  # type: ignore[no-untyped-def]
    _check(user)
    try:
        key = uuid.UUID(str(referrer_id))
    except ValueError:
        return None
    return Referrer.objects.select_related("agency").filter(pk=key).first()


def agency_for(user, agency_id: str | None) -> Agency | None:  # type: ignore[no-untyped-def]
    _check(user)
    try:
        key = uuid.UUID(str(agency_id))
    except ValueError:
        return None
    return Agency.objects.filter(pk=key).first()
