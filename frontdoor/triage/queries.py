"""Reads for the front door workspace. Every function takes the user and sees only their team's records."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from frontdoor.core import auditor
from frontdoor.intake.models import Contact


def queue_for(user) -> QuerySet[Contact]:  # type: ignore[no-untyped-def]
    """The user's team's contacts awaiting a decision, oldest first."""
    if not user.has_perm("triage.view_queue"):
        raise PermissionDenied
    return (
        Contact.objects.filter(team_id=user.team_id, status=Contact.Status.OPEN)
        .order_by("received_at")
        .prefetch_related("children")
    )


def contact_for(user, contact_id: uuid.UUID, *, path: str) -> Contact:  # type: ignore[no-untyped-def]
    """One contact, if the user may see it. Every look, allowed or not, goes in the access log."""
    contact = (
        Contact.objects.select_related("team")
        .prefetch_related("children", "decisions__decided_by")
        .filter(pk=contact_id)
        .first()
    )
    allowed = contact is not None and user.has_perm("intake.view_contact", contact)
    auditor.record_access(
        actor=user,
        object_type="intake.Contact",
        object_id=str(contact_id),
        reference=contact.reference if contact else "",
        path=path,
        granted=allowed,
    )
    if not allowed:
        # The same answer whether it does not exist or is another team's: nothing to learn by guessing
        raise Http404
    assert contact is not None
    return contact
