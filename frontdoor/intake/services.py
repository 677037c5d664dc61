"""Every write that brings a contact into the front door."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core import auditor
from frontdoor.core.calendar import decision_due
from frontdoor.core.codes import Channel
from frontdoor.core.references import new_reference
from frontdoor.notify.services import enqueue_email

from .models import Contact, ContactChild
from .presenters import acknowledgement_email


class NoIntakeTeam(Exception):
    """No team is set up to receive online concerns."""


@dataclass(frozen=True)
class ChildDetails:
    given_name: str
    family_name: str
    date_of_birth: date | None


@dataclass(frozen=True)
class ConcernDetails:
    children: list[ChildDetails]
    concern: str
    referrer_name: str
    referrer_email: str
    referrer_agency: str
    referral_source: str


def intake_team() -> Team:
    team = Team.objects.filter(receives_online_concerns=True).order_by("name").first()
    if team is None:
        raise NoIntakeTeam("Set up a team that receives online concerns.")
    return team


def _unique_reference() -> str:
    while True:
        reference = new_reference()
        if not Contact.objects.filter(reference=reference).exists():
            return reference


def record_online_concern(
    details: ConcernDetails, *, submission_key: uuid.UUID, received_at: datetime | None = None
) -> tuple[Contact, bool]:
    """Store a concern sent through the online form. Sending the same form twice (same submission key)
    returns the first contact and `False`: nothing is stored twice and no second email is sent."""
    existing = Contact.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing, False
    received_at = received_at or timezone.now()
    try:
        with transaction.atomic():
            contact = Contact.objects.create(
                reference=_unique_reference(),
                team=intake_team(),
                channel=Channel.ONLINE,
                received_at=received_at,
                decision_due_at=decision_due(received_at),
                concern=details.concern,
                referrer_name=details.referrer_name,
                referrer_email=details.referrer_email,
                referrer_agency=details.referrer_agency,
                referral_source=details.referral_source,
                submission_key=submission_key,
            )
            for child in details.children:
                ContactChild.objects.create(
                    contact=contact,
                    given_name=child.given_name,
                    family_name=child.family_name,
                    date_of_birth=child.date_of_birth,
                )
            auditor.record_change(
                actor=None,
                actor_description="Public online form",
                action="contact.received",
                obj=contact,
                before=None,
                after=auditor.snapshot(contact, ["reference", "channel", "team_id", "referral_source"]),
            )
            if contact.referrer_email:
                subject, body = acknowledgement_email(contact)
                enqueue_email(
                    idempotency_key=f"acknowledgement:{contact.pk}",
                    kind="acknowledgement",
                    to=contact.referrer_email,
                    subject=subject,
                    body=body,
                    about_id=str(contact.pk),
                )
    except IntegrityError:
        # Two submits of the same form raced: the other one stored it
        existing = Contact.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    return contact, True
