"""Every write that brings a contact into the front door."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core import auditor
from frontdoor.core.codes import Channel
from frontdoor.core.references import new_reference
from frontdoor.notify.services import enqueue_email
from frontdoor.partners import webhooks
from frontdoor.triage.lifecycle import (  # noqa: F401
    WORKABLE,
    ContactClosed,
    Event,
    NotAllowed,
    StaleContact,
    change,
)

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
    expected_date_of_birth: date | None = None  # an unborn child: no name needed


@dataclass(frozen=True)
class AdultDetails:
    name: str
    relationship: str
    date_of_birth: date | None = None


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
            webhooks.contact_received(contact)  # partners who asked are told, in this transaction
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
            webhooks.contact_received(contact)  # partners who asked are told, in this transaction
            ContactChild.objects.bulk_create(
                ContactChild(
                    contact=contact,
                    given_name=child.given_name,
                    family_name=child.family_name,
                    date_of_birth=child.date_of_birth,
                    expected_date_of_birth=child.expected_date_of_birth,
                )
                for child in details.children
            )
            ContactAdult.objects.bulk_create(
                ContactAdult(
                    contact=contact,
                    name=adult.name,
                    relationship=adult.relationship,
                    date_of_birth=adult.date_of_birth,
                )
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


# --- Completing a contact after it was logged ----------------------------------------------------------

# A received time can be corrected back this far (an overnight police notification), never into the future
BACK_DATE_LIMIT = timedelta(days=7)


@dataclass(frozen=True)
class FurtherDetails:
    """What a worker adds once the contact is logged: the real received time, where the children live, what
    the police said (domestic abuse notifications) and what the family know and agreed to."""

    received_at: datetime
    received_at_reason: str
    address: str
    postcode: str
    police_occurrence_number: str
    dash_risk: str
    children_present: str
    operation_encompass: bool | None
    consent: str
    parents_know: bool | None


def complete_contact(*, contact: Contact, user, details: FurtherDetails, version: int) -> Contact:  # type: ignore[no-untyped-def]
    """Add or correct the rest of the record. Moving the received time needs a reason, can go back at most
    7 days and never into the future; the deadline follows it."""
    fields = [name for name in FurtherDetails.__dataclass_fields__ if name != "received_at_reason"]
    moved = details.received_at != contact.received_at
    if moved:
        now = timezone.now()
        if details.received_at > now:
            raise NotAllowed("The time received must be now or in the past")
        if details.received_at < now - BACK_DATE_LIMIT:
            raise NotAllowed("The time received can be at most 7 days ago")
        if not details.received_at_reason.strip():
            raise NotAllowed("Enter why the time received is different")
    with change(
        contact,
        Event.EDIT,
        user,
        version=version,
        reason=details.received_at_reason if moved else "",
        fields=[*fields, "received_at_reason"],
    ) as step:
        for name in fields:
            setattr(step.contact, name, getattr(details, name))
        if moved:
            step.contact.received_at_reason = details.received_at_reason
        step.action = "contact.completed"
    return step.contact


def _check_child(child: ChildDetails) -> None:
    today = timezone.localdate()
    if child.expected_date_of_birth is not None:
        if child.date_of_birth is not None:
            raise NotAllowed("Enter either a date of birth or an expected date of birth, not both")
        if not today - timedelta(days=31) <= child.expected_date_of_birth <= today + timedelta(days=300):
            raise NotAllowed("The expected date of birth must be within the next 10 months")
    elif not child.given_name.strip():
        raise NotAllowed("Enter the child's first name, or an expected date of birth for an unborn child")
    if not child.family_name.strip():
        raise NotAllowed("Enter the child's last name")
    if child.date_of_birth is not None and child.date_of_birth > today:
        raise NotAllowed("The date of birth must be today or in the past")


def add_child(*, contact: Contact, user, child: ChildDetails, version: int) -> ContactChild:  # type: ignore[no-untyped-def]
    """A sibling, a child the referrer forgot, or an unborn baby (an expected date of birth, no name needed)."""
    _check_child(child)
    with change(contact, Event.EDIT, user, version=version) as step:
        added = ContactChild.objects.create(contact=step.contact, **child.__dict__)
        step.action = "contact.child_added"
        step.after = {"child_id": str(added.pk), "unborn": added.is_unborn}
    return added


def remove_child(*, contact: Contact, user, child: ContactChild, version: int, reason: str) -> None:  # type: ignore[no-untyped-def]
    if not reason.strip():
        raise NotAllowed("Enter why you are removing this child")
    with change(contact, Event.EDIT, user, version=version, reason=reason) as step:
        if step.contact.children.count() <= 1:
            raise NotAllowed("A contact must be about at least one child. Add the right child first.")
        if child.referrals.exists() or child.contact_id != step.contact.pk:  # type: ignore[attr-defined]
            raise NotAllowed("This child cannot be removed from the contact.")
        step.action = "contact.child_removed"
        step.after = {"child_id": str(child.pk), "name": child.full_name}
        child.delete()


def add_adult(*, contact: Contact, user, adult: AdultDetails, version: int) -> ContactAdult:  # type: ignore[no-untyped-def]
    if not adult.name.strip():
        raise NotAllowed("Enter the adult's name")
    if adult.date_of_birth is not None and adult.date_of_birth > timezone.localdate():
        raise NotAllowed("The date of birth must be today or in the past")
    with change(contact, Event.EDIT, user, version=version) as step:
        added = ContactAdult.objects.create(contact=step.contact, **adult.__dict__)
        step.action = "contact.adult_added"
        step.after = {"adult_id": str(added.pk)}
    return added


def remove_adult(*, contact: Contact, user, adult: ContactAdult, version: int, reason: str) -> None:  # type: ignore[no-untyped-def]
    if not reason.strip():
        raise NotAllowed("Enter why you are removing this adult")
    with change(contact, Event.EDIT, user, version=version, reason=reason) as step:
        if adult.contact_id != step.contact.pk:
            raise NotAllowed("This adult cannot be removed from the contact.")
        step.action = "contact.adult_removed"
        step.after = {"adult_id": str(adult.pk), "name": adult.name}
        adult.delete()
