"""Reads of the outbox for staff: messages that could not be delivered."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from frontdoor.intake.models import Contact

from .models import OutboxMessage


def failed_messages_for(user) -> QuerySet[OutboxMessage]:  # type: ignore[no-untyped-def]
    """Administrators see every failed message; a team manager, those about their team's contacts."""
    if not user.has_perm("notify.view_failed"):
        raise PermissionDenied
    failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED)
    if not user.has_perm("core.view_audit"):
        # Failed messages are few: find which of them are about this team's contacts
        about = _uuids(failed.values_list("about_id", flat=True).distinct())
        team_contacts = Contact.objects.filter(team_id=user.team_id, pk__in=about).values_list(
            "pk", flat=True
        )
        failed = failed.filter(about_id__in=[str(pk) for pk in team_contacts])
    return failed.order_by("-next_attempt_at")


def failed_message_for(user, message_id: uuid.UUID) -> OutboxMessage | None:  # type: ignore[no-untyped-def]
    """The failed message, or None if it is not (or no longer) failed, or not the user's to see."""
    return failed_messages_for(user).filter(pk=message_id).first()


def _uuids(values) -> list[uuid.UUID]:  # type: ignore[no-untyped-def]
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return ids


def contact_references(about_ids: list[str]) -> dict[str, str]:
    """The contact reference each message is about, to show staff (never the contact's detail)."""
    return {
        str(pk): ref
        for pk, ref in Contact.objects.filter(pk__in=_uuids(about_ids)).values_list("pk", "reference")
    }
