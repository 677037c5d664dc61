"""Every write that brings a contact into the front door."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core import auditor
from frontdoor.core.codes import Channel
from frontdoor.core.references import new_reference
from frontdoor.notify.services import enqueue_email
from frontdoor.triage.lifecycle import WORKABLE, ContactClosed, Event, StaleContact, change  # noqa: F401

# The contact's lifecycle (its states, events and refusals) lives in triage.lifecycle
from frontdoor.triage.timescales import decision_due

from .models import Agency, CallbackRequest, Contact, ContactAdult, ContactChild, Referrer
from .presenters import acknowledgement_email


class NoIntakeTeam(Exception):
    """No team is set up to receive online concerns."""


@dataclass(frozen=True)
class ChildDetails:
    given_name: str
    family_name: str
    date_of_birth: date | None


@dataclass(frozen=True)
class AdultDetails:
    name: str
    relationship: str


@dataclass(frozen=True)
class ConcernDetails:
    children: list[ChildDetails]
    concern: str
    referrer_name: str
    referrer_email: str
    referrer_agency: str
    referral_source: str
    adults: list[AdultDetails] = field(default_factory=list)
    referrer_phone: str = ""
    urgency: int | None = None  # Contact.Urgency; amber unless the referrer's answers say otherwise


@dataclass(frozen=True)
class LoggedContact:
    """A contact a member of staff logs from a phone call, an email, a police notification or anything else."""

    channel: str
    children: list[ChildDetails]
    adults: list[AdultDetails]
    concern: str
    urgency: int
    referrer_name: str
    referrer_email: str
    referrer_phone: str
    referrer_agency: str
    referral_source: str
    referrer_id: uuid.UUID | None = None
    received_at: datetime | None = None
    callback_phone: str = ""
    callback_notes: str = ""


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
    details: ConcernDetails,
    *,
    submission_key: uuid.UUID,
    received_at: datetime | None = None,
    team: Team | None = None,
) -> tuple[Contact, bool]:
    """Store a concern sent through the online form. Sending the same form twice (same submission key)
    returns the first contact and `False`: nothing is stored twice and no second email is sent.
    `team` is the queue it goes to (the screener picks it by route); by default the online-concerns team."""
    existing = Contact.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing, False
    received_at = received_at or timezone.now()
    try:
        with transaction.atomic():
            contact = Contact.objects.create(
                reference=_unique_reference(),
                team=team or intake_team(),
                channel=Channel.ONLINE,
                received_at=received_at,
                decision_due_at=decision_due(received_at, details.urgency or Contact.Urgency.AMBER),
                concern=details.concern,
                referrer_name=details.referrer_name,
                referrer_email=details.referrer_email,
                referrer_agency=details.referrer_agency,
                referral_source=details.referral_source,
                referrer_phone=details.referrer_phone,
                urgency=details.urgency or Contact.Urgency.AMBER,
                submission_key=submission_key,
            )
            for adult in details.adults:
                ContactAdult.objects.create(contact=contact, name=adult.name, relationship=adult.relationship)
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


def _audit_fields() -> list[str]:
    return ["reference", "channel", "team_id", "referral_source", "urgency", "status"]


def _remember_referrer(details: LoggedContact, now: datetime) -> Referrer | None:
    """The referrer chosen from the known list, or a new one remembered for next time."""
    if details.referrer_id:
        referrer = Referrer.objects.filter(pk=details.referrer_id).first()
        if referrer:
            referrer.last_contact_at = now
            referrer.save(update_fields=["last_contact_at"])
            return referrer
    if details.referral_source in ("9", "10") or not (details.referrer_email or details.referrer_phone):
        return None  # anonymous, or nothing to find them by next time
    agency = None
    if details.referrer_agency:
        agency = Agency.objects.filter(name__iexact=details.referrer_agency).first() or Agency.objects.create(
            name=details.referrer_agency, referral_source=details.referral_source
        )
    existing = (
        Referrer.objects.filter(email__iexact=details.referrer_email).first()
        if details.referrer_email
        else None
    )
    referrer = existing or Referrer(email=details.referrer_email)
    referrer.name = details.referrer_name
    referrer.agency = agency
    referrer.phone = details.referrer_phone or referrer.phone
    referrer.referral_source = details.referral_source
    referrer.last_contact_at = now
    referrer.save()
    return referrer


def log_contact(*, user, details: LoggedContact, submission_key: uuid.UUID) -> tuple[Contact, bool]:  # type: ignore[no-untyped-def]
    """A contact officer (or anyone at the front door) logs a contact into their own team's queue.
    The same submission key twice returns the first contact and `False`."""
    if not user.has_perm("intake.log_contact") or user.team_id is None:
        raise PermissionDenied
    existing = Contact.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing, False
    now = timezone.now()
    received_at = details.received_at or now
    try:
        with transaction.atomic():
            referrer = _remember_referrer(details, now)
            contact = Contact.objects.create(
                reference=_unique_reference(),
                team_id=user.team_id,
                channel=details.channel,
                urgency=details.urgency,
                received_at=received_at,
                decision_due_at=decision_due(received_at, details.urgency),
                concern=details.concern,
                referrer=referrer,
                referrer_name=details.referrer_name,
                referrer_email=details.referrer_email,
                referrer_phone=details.referrer_phone,
                referrer_agency=details.referrer_agency,
                referral_source=details.referral_source,
                logged_by=user,
                submission_key=submission_key,
            )
            ContactChild.objects.bulk_create(
                ContactChild(
                    contact=contact,
                    given_name=child.given_name,
                    family_name=child.family_name,
                    date_of_birth=child.date_of_birth,
                )
                for child in details.children
            )
            ContactAdult.objects.bulk_create(
                ContactAdult(contact=contact, name=adult.name, relationship=adult.relationship)
                for adult in details.adults
            )
            auditor.record_change(
                actor=user,
                action="contact.logged",
                obj=contact,
                before=None,
                after=auditor.snapshot(contact, _audit_fields()),
            )
            if details.callback_phone:
                _add_callback(contact, user, details.callback_phone, details.callback_notes, now)
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
        existing = Contact.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    return contact, True


@dataclass(frozen=True)
class ContactEdit:
    urgency: int
    concern: str
    referrer_name: str
    referrer_email: str
    referrer_phone: str
    referrer_agency: str
    referral_source: str


def edit_contact(*, contact: Contact, user, changes: ContactEdit, version: int, reason: str = "") -> Contact:  # type: ignore[no-untyped-def]
    """Correct or add to a contact's details. A stale form (an older version) is refused: nothing overwritten."""
    fields = list(ContactEdit.__dataclass_fields__)
    with change(contact, Event.EDIT, user, version=version, reason=reason, fields=fields) as step:
        for name in fields:
            setattr(step.contact, name, getattr(changes, name))
    return step.contact


def _add_callback(contact: Contact, user, phone: str, notes: str, now: datetime) -> CallbackRequest:  # type: ignore[no-untyped-def]
    callback = CallbackRequest.objects.create(
        contact=contact, phone=phone, notes=notes, requested_by=user, requested_at=now
    )
    auditor.record_change(
        actor=user,
        action="callback.requested",
        obj=contact,
        before=None,
        after={"callback_id": str(callback.pk), "phone": phone},
    )
    return callback


def request_callback(*, contact: Contact, user, phone: str, notes: str = "") -> CallbackRequest:  # type: ignore[no-untyped-def]
    """No social worker is free: put the referrer on the team's call-back list."""
    with change(contact, Event.ADD_CALLBACK, user) as step:
        callback = CallbackRequest.objects.create(
            contact=step.contact, phone=phone, notes=notes, requested_by=user, requested_at=timezone.now()
        )
        step.after = {"callback_id": str(callback.pk), "phone": phone}
    return callback


def complete_callback(*, callback: CallbackRequest, user) -> bool:  # type: ignore[no-untyped-def]
    """A social worker has called the referrer back. Returns False if someone had already done so."""
    if not user.has_perm("triage.work_on_contact", callback.contact):
        raise PermissionDenied
    with transaction.atomic():
        now = timezone.now()
        done = CallbackRequest.objects.filter(pk=callback.pk, done_at__isnull=True).update(
            done_by=user, done_at=now
        )
        if done:
            auditor.record_change(
                actor=user,
                action="callback.done",
                obj=callback.contact,
                before={"callback_id": str(callback.pk), "done_at": None},
                after={"callback_id": str(callback.pk), "done_at": now.isoformat()},
            )
    return bool(done)
