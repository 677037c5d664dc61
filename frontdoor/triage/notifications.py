"""Staff notifications: the writes that put something in a member of staff's inbox, and the sweep that alerts
a team manager to a Red contact nobody has claimed. Each alert is keyed, so it is sent to a person once only;
an email copy (optional, settings.FRONTDOOR_STAFF_EMAIL_ALERTS) goes through the outbox in the same
transaction. Alerts carry the reference and what happened, never the concern."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Role, Team, User
from frontdoor.intake.models import Contact
from frontdoor.notify.services import enqueue_email

from . import timescales
from .models import Decision, StaffNotification, Transfer

Kind = StaffNotification.Kind
CASE_ROLES = (Role.SOCIAL_WORKER, Role.EARLY_HELP_WORKER, Role.TEAM_MANAGER)


def _contact_url(contact: Contact) -> str:
    return reverse("triage:contact", args=[contact.pk])


def notify(
    *, recipient: User, kind: str, text: str, key: str, contact: Contact | None = None, url: str = ""
) -> StaffNotification | None:
    """Put one notification in `recipient`'s inbox; None if this key was already sent (nothing twice)."""
    if not recipient.is_active:
        return None
    try:
        with transaction.atomic():
            notification = StaffNotification.objects.create(
                recipient=recipient,
                kind=kind,
                contact=contact,
                text=text[:300],
                url=url or (_contact_url(contact) if contact else reverse("triage:notifications")),
                created_at=timezone.now(),
                dedupe_key=key[:200],
            )
            if getattr(settings, "FRONTDOOR_STAFF_EMAIL_ALERTS", False) and recipient.email:
                enqueue_email(
                    idempotency_key=f"staff-alert:{notification.pk}",
                    kind="staff_alert",
                    to=recipient.email,
                    subject=f"{Kind(kind).label}: {contact.reference if contact else 'Front door'}",
                    body=f"{text}\n\nOpen it: {settings.FRONTDOOR_SITE_URL}{notification.url}",
                    about_id=str(contact.pk) if contact else "",
                )
    except IntegrityError:
        return None
    return notification


def team_people(team: Team, roles: Iterable[str] = CASE_ROLES) -> list[User]:
    return list(User.objects.filter(team=team, is_active=True, role__in=list(roles)).order_by("username"))


def managers_of(team: Team) -> list[User]:
    return team_people(team, (Role.TEAM_MANAGER,))


# --- What each event tells whom ---------------------------------------------------------------------------


def allocated(contact: Contact, by: User, to: User) -> None:
    if to.pk == by.pk:
        return
    notify(
        recipient=to,
        kind=Kind.ALLOCATED,
        contact=contact,
        text=f"{by.display_name} allocated {contact.reference} to you ({timescales.rating(contact.urgency).label}).",
        key=f"allocated:{contact.pk}:{contact.version}:{to.pk}",
    )


def decision_returned(contact: Contact, decision: Decision, by: User) -> None:
    notify(
        recipient=decision.decided_by,
        kind=Kind.DECISION_RETURNED,
        contact=contact,
        text=f"{by.display_name} returned your decision on {contact.reference}: look at it again.",
        key=f"returned:{decision.pk}",
    )


def transfer_received(transfer: Transfer) -> None:
    contact = transfer.contact
    for person in team_people(transfer.to_team):
        notify(
            recipient=person,
            kind=Kind.TRANSFER_RECEIVED,
            contact=contact,
            text=(
                f"{contact.reference} ({timescales.rating(contact.urgency).label}) arrived from "
                f"{transfer.from_team.name}: {transfer.get_direction_display().lower()}. Nobody has claimed it yet."
            ),
            key=f"transfer:{transfer.pk}:{person.pk}",
        )


def agency_replied(check, by: User | None = None) -> None:  # type: ignore[no-untyped-def]
    """Another agency answered an information request (for multi-agency working to call): the worker who
    asked hears."""
    contact = check.contact
    notify(
        recipient=check.recorded_by,
        kind=Kind.AGENCY_REPLY,
        contact=contact,
        text=f"{check.agency} replied about {contact.reference}.",
        key=f"agency_reply:{check.pk}:{check.recorded_by_id}",
    )


def urgency_raised(contact: Contact, by: User) -> None:
    """A contact newly rated Red: the team's managers hear at once."""
    for manager in managers_of(contact.team):
        if manager.pk != by.pk:
            notify(
                recipient=manager,
                kind=Kind.URGENCY_RAISED,
                contact=contact,
                text=f"{by.display_name} rated {contact.reference} Red. Decide within "
                f"{timescales.rating(contact.urgency).timescale.text}.",
                key=f"red:{contact.pk}:{contact.version}:{manager.pk}",
            )


def alert_red_unclaimed(now: datetime | None = None) -> int:
    """Tell each team manager about every Red contact in their queue unclaimed for longer than the set time
    (settings.FRONTDOOR_RED_UNCLAIMED_ALERT_MINUTES, 30 by default). Once per contact and manager, however
    often it runs. Returns how many alerts it sent."""
    now = now or timezone.now()
    waited = timescales.red_unclaimed_alert_after()
    sent = 0
    waiting = Contact.objects.filter(
        status=Contact.Status.OPEN,
        urgency=Contact.Urgency.RED,
        allocated_to__isnull=True,
        received_at__lte=now - waited,
    ).select_related("team")
    for contact in waiting:
        minutes = int((now - contact.received_at).total_seconds() // 60)
        for manager in managers_of(contact.team):
            if notify(
                recipient=manager,
                kind=Kind.RED_UNCLAIMED,
                contact=contact,
                text=f"{contact.reference} is rated Red and nobody has claimed it after {minutes} minutes.",
                key=f"red_unclaimed:{contact.pk}:{manager.pk}",
            ):
                sent += 1
    return sent


def alert_failed_emails() -> int:
    """Tell a contact's team managers once when an email about it could not be delivered."""
    from frontdoor.notify.models import OutboxMessage

    sent = 0
    failed = list(OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).exclude(about_id=""))
    ids = set()
    for message in failed:
        with contextlib.suppress(ValueError):
            ids.add(uuid.UUID(message.about_id))
    contacts = {str(c.pk): c for c in Contact.objects.filter(pk__in=ids).select_related("team")}
    for message in failed:
        contact = contacts.get(message.about_id)
        if contact is None:
            continue
        for manager in managers_of(contact.team):
            if notify(
                recipient=manager,
                kind=Kind.EMAIL_FAILED,
                contact=contact,
                text=f"The {message.kind.replace('_', ' ')} email about {contact.reference} could not be delivered.",
                key=f"email_failed:{message.pk}:{manager.pk}",
            ):
                sent += 1
    return sent


def mark_read(*, user: User, notification_id: object) -> StaffNotification | None:
    """The user opened one of their own notifications."""
    notification = StaffNotification.objects.filter(pk=notification_id, recipient=user).first()
    if notification and notification.read_at is None:
        StaffNotification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    return notification


def mark_all_read(*, user: User) -> int:
    return StaffNotification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
