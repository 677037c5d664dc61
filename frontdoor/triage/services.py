"""Every write in the front door workspace. Each change checks who may make it, moves the contact through
its states (see intake.models.Contact), bumps its version and leaves an audit entry, in one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core import auditor
from frontdoor.core.codes import Outcome, PrimaryNeed
from frontdoor.intake.models import Contact
from frontdoor.intake.services import ContactClosed, StaleContact, begin_change
from frontdoor.notify.services import enqueue_email

from .models import AgencyCheck, Conversation, Decision, Referral, Transfer
from .presenters_email import outcome_email

__all__ = [
    "AlreadyClaimed",
    "AlreadyDecided",
    "ContactClosed",
    "NotAllowed",
    "StaleContact",
    "claim_contact",
    "record_decision",
    "record_oversight",
]


class AlreadyDecided(ContactClosed):
    """Someone else decided this contact first."""


class AlreadyClaimed(Exception):
    """Another worker claimed the contact first."""


class NotAllowed(ValueError):
    """A change the rules of the front door do not allow; the message says why, in plain words."""


_STATE_FIELDS = ["status", "team_id", "allocated_to_id", "version"]


def _state(contact: Contact) -> dict:  # type: ignore[type-arg]
    return auditor.snapshot(contact, _STATE_FIELDS)


# --- Claiming ----------------------------------------------------------------------------------------


def claim_contact(*, contact: Contact, user) -> Contact:  # type: ignore[no-untyped-def]
    """Take a new contact from the team's queue. One conditional UPDATE decides between two workers who
    claim at the same moment, on PostgreSQL and SQLite alike: exactly one gets it, the other AlreadyClaimed."""
    if not user.has_perm("triage.work_on_contact", contact):
        raise PermissionDenied
    with transaction.atomic():
        now = timezone.now()
        before = _state(contact)
        won = Contact.objects.filter(
            pk=contact.pk, status=Contact.Status.OPEN, allocated_to__isnull=True
        ).update(
            status=Contact.Status.IN_PROGRESS, allocated_to=user, allocated_at=now, version=F("version") + 1
        )
        if not won:
            current = Contact.objects.filter(pk=contact.pk).values_list("status", flat=True).first()
            if current in (Contact.Status.AWAITING_OVERSIGHT, Contact.Status.DECIDED):
                raise AlreadyDecided
            raise AlreadyClaimed
        claimed = Contact.objects.get(pk=contact.pk)
        auditor.record_change(
            actor=user, action="contact.claimed", obj=claimed, before=before, after=_state(claimed)
        )
    return claimed


def release_contact(*, contact: Contact, user) -> Contact:  # type: ignore[no-untyped-def]
    """Put a claimed contact back in the queue for someone else (the worker who has it, or a manager)."""
    if not user.has_perm("triage.work_on_contact", contact):
        raise PermissionDenied
    with transaction.atomic():
        locked = begin_change(contact, statuses=(Contact.Status.IN_PROGRESS,))
        if locked.allocated_to_id != user.pk and not user.has_perm("triage.oversee_contact", locked):
            raise NotAllowed("Only the worker who claimed this contact, or a manager, can release it.")
        before = {**_state(locked), "version": locked.version - 1}
        locked.status, locked.allocated_to, locked.allocated_at = Contact.Status.OPEN, None, None
        locked.save(update_fields=["status", "allocated_to", "allocated_at"])
        auditor.record_change(
            actor=user, action="contact.released", obj=locked, before=before, after=_state(locked)
        )
    return locked


def _take_if_unallocated(locked: Contact, user, now: datetime) -> None:  # type: ignore[no-untyped-def]
    """Working on an unclaimed contact claims it; working on someone else's needs a manager."""
    if locked.allocated_to_id is None:
        before = _state(locked)
        locked.status, locked.allocated_to, locked.allocated_at = Contact.Status.IN_PROGRESS, user, now
        locked.save(update_fields=["status", "allocated_to", "allocated_at"])
        auditor.record_change(
            actor=user, action="contact.claimed", obj=locked, before=before, after=_state(locked)
        )
    elif locked.allocated_to_id != user.pk and not user.has_perm("triage.oversee_contact", locked):
        raise NotAllowed(
            f"This contact is allocated to {locked.allocated_to.display_name}. Ask them or a manager to release it."  # type: ignore[union-attr]
        )


# --- The conversation and information from other agencies ---------------------------------------------


@dataclass(frozen=True)
class ConversationNotes:
    started_at: datetime
    ended_at: datetime
    participants: str
    worries: str
    working_well: str
    needs_to_happen: str
    safety_scale: int | None


def record_conversation(
    *, contact: Contact, user, notes: ConversationNotes, submission_key: uuid.UUID | None = None
) -> Conversation:  # type: ignore[no-untyped-def]
    if not user.has_perm("triage.work_on_contact", contact):
        raise PermissionDenied
    if notes.ended_at < notes.started_at:
        raise NotAllowed("The conversation must end after it started.")
    if notes.safety_scale is not None and not 0 <= notes.safety_scale <= 10:
        raise NotAllowed("The safety scale runs from 0 to 10.")
    if submission_key and (existing := Conversation.objects.filter(submission_key=submission_key).first()):
        return existing
    try:
        with transaction.atomic():
            now = timezone.now()
            locked = begin_change(contact)
            _take_if_unallocated(locked, user, now)
            conversation = Conversation.objects.create(
                contact=locked,
                recorded_by=user,
                recorded_at=now,
                submission_key=submission_key,
                **notes.__dict__,
            )
            auditor.record_change(
                actor=user,
                action="conversation.recorded",
                obj=locked,
                before=None,
                after={**auditor.snapshot(conversation, ["id", "started_at", "ended_at", "safety_scale"])},
            )
    except IntegrityError:
        existing = Conversation.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing
    return conversation


@dataclass(frozen=True)
class AgencyCheckDetails:
    agency: str
    asked: str
    response: str
    lawful_basis: str
    parents_told: bool
    reason_parents_not_told: str


def record_agency_check(
    *, contact: Contact, user, details: AgencyCheckDetails, submission_key: uuid.UUID | None = None
) -> AgencyCheck:  # type: ignore[no-untyped-def]
    """What was asked of another agency and on what lawful basis. Asking without the parents' knowledge
    needs a reason, and a manager's authorisation (given here if the worker is a manager)."""
    if not user.has_perm("triage.work_on_contact", contact):
        raise PermissionDenied
    if not details.parents_told and not details.reason_parents_not_told.strip():
        raise NotAllowed("Enter why the parents were not told")
    if details.lawful_basis == AgencyCheck.LawfulBasis.CONSENT and not details.parents_told:
        raise NotAllowed("Consent can only be the lawful basis if the parents know")
    if submission_key and (existing := AgencyCheck.objects.filter(submission_key=submission_key).first()):
        return existing
    try:
        with transaction.atomic():
            now = timezone.now()
            locked = begin_change(contact)
            _take_if_unallocated(locked, user, now)
            self_authorised = not details.parents_told and user.has_perm("triage.oversee_contact", locked)
            check = AgencyCheck.objects.create(
                contact=locked,
                recorded_by=user,
                recorded_at=now,
                submission_key=submission_key,
                authorised_by=user if self_authorised else None,
                authorised_at=now if self_authorised else None,
                **details.__dict__,
            )
            auditor.record_change(
                actor=user,
                action="agency_check.recorded",
                obj=locked,
                before=None,
                after=auditor.snapshot(
                    check, ["id", "agency", "lawful_basis", "parents_told", "authorised_by_id"]
                ),
                reason=details.reason_parents_not_told,
            )
    except IntegrityError:
        existing = AgencyCheck.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing
    return check


def authorise_agency_check(*, check: AgencyCheck, user, note: str) -> AgencyCheck:  # type: ignore[no-untyped-def]
    """A team manager authorises talking to another agency without the parents' knowledge, with reasons."""
    if not user.has_perm("triage.oversee_contact", check.contact):
        raise PermissionDenied
    if not note.strip():
        raise NotAllowed("Enter your reasons for authorising this")
    with transaction.atomic():
        now = timezone.now()
        authorised = AgencyCheck.objects.filter(
            pk=check.pk, parents_told=False, authorised_by__isnull=True
        ).update(authorised_by=user, authorised_at=now, authorisation_note=note)
        if not authorised:
            raise NotAllowed("This has already been authorised.")
        check.refresh_from_db()
        auditor.record_change(
            actor=user,
            action="agency_check.authorised",
            obj=check.contact,
            before={"agency_check_id": str(check.pk), "authorised_by_id": None},
            after={"agency_check_id": str(check.pk), "authorised_by_id": str(user.pk)},
            reason=note,
        )
    return check


# --- Passing between the social care and early help front doors ---------------------------------------


def transfer_contact(*, contact: Contact, user, to_team: Team, reason: str, version: int) -> Transfer:  # type: ignore[no-untyped-def]
    """Step up (early help → social care) or step down (social care → early help). The contact keeps its
    reference, its history and its deadline; it arrives in the other team's queue as new."""
    if not user.has_perm("triage.work_on_contact", contact):
        raise PermissionDenied
    if not reason.strip():
        raise NotAllowed("Enter why you are passing this contact on")
    if to_team.pk == contact.team_id:
        raise NotAllowed("Select a different team")
    with transaction.atomic():
        locked = begin_change(contact, version=version)
        from_team = locked.team
        before = {**_state(locked), "version": locked.version - 1}
        if from_team.kind == Team.Kind.EARLY_HELP and to_team.kind == Team.Kind.SOCIAL_CARE:
            direction = Transfer.Direction.STEP_UP
        elif from_team.kind == Team.Kind.SOCIAL_CARE and to_team.kind == Team.Kind.EARLY_HELP:
            direction = Transfer.Direction.STEP_DOWN
        else:
            direction = Transfer.Direction.SIDEWAYS
        transfer = Transfer.objects.create(
            contact=locked,
            from_team=from_team,
            to_team=to_team,
            direction=direction,
            reason=reason,
            transferred_by=user,
            transferred_at=timezone.now(),
        )
        locked.team, locked.status = to_team, Contact.Status.OPEN
        locked.allocated_to, locked.allocated_at = None, None
        locked.save(update_fields=["team", "status", "allocated_to", "allocated_at"])
        auditor.record_change(
            actor=user,
            action=f"contact.{direction.value}",
            obj=locked,
            before=before,
            after=_state(locked),
            reason=reason,
        )
    return transfer


# --- The decision and its oversight -------------------------------------------------------------------


def check_outcome_for_team(outcome: Outcome, team: Team) -> None:
    if team.kind == Team.Kind.EARLY_HELP and outcome.needs_social_care_team:
        raise NotAllowed(
            f"The early help team cannot decide ‘{outcome.label}’. "
            "Step this contact up to children's social care first."
        )


def record_decision(
    *,
    contact: Contact,
    user,
    outcome: Outcome,
    rationale: str,
    version: int,
    level_of_need: int | None = None,
    primary_need: str = "",
    next_step: str = "",
    next_step_by: str = "",
    suggested_services: list[str] | tuple[str, ...] = (),
) -> Decision:  # type: ignore[no-untyped-def]
    """The social worker's decision. It goes to a team manager for oversight; the contact can no longer be
    changed unless the manager returns it. Referral records and the referrer's email wait for the manager."""
    if not user.has_perm("triage.decide_contact", contact):
        raise PermissionDenied
    if not rationale.strip():
        raise NotAllowed("Enter why you have made this decision")
    outcome = Outcome(outcome)
    check_outcome_for_team(outcome, contact.team)
    if primary_need and primary_need not in {need.value for need in PrimaryNeed}:
        raise NotAllowed("Select the child's primary need")
    if outcome.is_social_care_referral and not primary_need:
        raise NotAllowed("Select the child's primary need: a referral to social care needs one")
    with transaction.atomic():
        now = timezone.now()
        try:
            locked = begin_change(contact, version=version)
        except ContactClosed:
            raise AlreadyDecided from None
        check_outcome_for_team(outcome, locked.team)  # the team may have changed since the form was shown
        _take_if_unallocated(locked, user, now)
        before = {**_state(locked), "version": locked.version - 1}
        decision = Decision.objects.create(
            contact=locked,
            outcome=outcome,
            rationale=rationale,
            level_of_need=level_of_need,
            primary_need=primary_need,
            next_step=next_step,
            next_step_by=next_step_by,
            suggested_services=[str(service_id) for service_id in suggested_services],
            decided_by=user,
            decided_at=now,
        )
        locked.status = Contact.Status.AWAITING_OVERSIGHT
        locked.save(update_fields=["status"])
        auditor.record_change(
            actor=user,
            action="decision.recorded",
            obj=locked,
            before=before,
            after={
                **_state(locked),
                "decision_id": str(decision.pk),
                "outcome": outcome.value,
                "level_of_need": level_of_need,
                "primary_need": primary_need,
                "suggested_services": [str(service_id) for service_id in suggested_services],
            },
            reason=rationale,
        )
    return decision


def _create_referrals(contact: Contact, decision: Decision, now: datetime, user) -> list[Referral]:  # type: ignore[no-untyped-def]
    referrals = [
        Referral.objects.create(
            child=child,
            contact=contact,
            decision=decision,
            team=contact.team,
            referral_date=timezone.localtime(contact.received_at).date(),
            source=contact.referral_source,
            primary_need=decision.primary_need or PrimaryNeed.NOT_STATED,
            created_at=now,
        )
        for child in contact.children.all()
    ]
    auditor.record_change(
        actor=user,
        action="referral.created",
        obj=contact,
        before=None,
        after={"referral_ids": [str(r.pk) for r in referrals], "decision_id": str(decision.pk)},
    )
    return referrals


def record_oversight(*, decision: Decision, user, agree: bool, comment: str, version: int) -> Decision:  # type: ignore[no-untyped-def]
    """A team manager agrees the decision (it becomes final: referrals are recorded and the referrer is
    emailed), or returns it to the worker with a comment (the contact goes back to them, in progress)."""
    contact = decision.contact
    if not user.has_perm("triage.oversee_contact", contact):
        raise PermissionDenied
    if decision.decided_by_id == user.pk:
        raise NotAllowed("Another manager must review a decision you made yourself.")
    if not agree and not comment.strip():
        raise NotAllowed("Enter what the worker needs to look at again")
    with transaction.atomic():
        now = timezone.now()
        locked = begin_change(contact, version=version, statuses=(Contact.Status.AWAITING_OVERSIGHT,))
        before = {**_state(locked), "version": locked.version - 1}
        updated = Decision.objects.filter(pk=decision.pk, oversight=Decision.Oversight.PENDING).update(
            oversight=Decision.Oversight.AGREED if agree else Decision.Oversight.RETURNED,
            overseen_by=user,
            overseen_at=now,
            oversight_comment=comment,
        )
        if not updated:
            raise StaleContact
        decision.refresh_from_db()
        if agree:
            locked.status = Contact.Status.DECIDED
            locked.save(update_fields=["status"])
        else:
            locked.status = Contact.Status.IN_PROGRESS
            locked.allocated_to_id = decision.decided_by_id
            locked.save(update_fields=["status", "allocated_to"])
        auditor.record_change(
            actor=user,
            action="decision.agreed" if agree else "decision.returned",
            obj=locked,
            before=before,
            after={**_state(locked), "decision_id": str(decision.pk), "oversight": decision.oversight},
            reason=comment,
        )
        if agree:
            outcome = Outcome(decision.outcome)
            if outcome.is_social_care_referral:
                _create_referrals(locked, decision, now, user)
            if locked.referrer_email:
                subject, body = outcome_email(locked, outcome, decision.suggested_services)
                enqueue_email(
                    idempotency_key=f"outcome:{decision.pk}",
                    kind="outcome",
                    to=locked.referrer_email,
                    subject=subject,
                    body=body,
                    about_id=str(locked.pk),
                )
    return decision
