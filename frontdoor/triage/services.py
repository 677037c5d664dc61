"""Every write in the front door workspace. Each service is a named event of the contact's lifecycle
(frontdoor/triage/lifecycle.py): `lifecycle.change()` checks who may, moves the state, bumps the version and
audits; the service body does the event's own work inside it."""

from __future__ import annotations

import errno
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core import auditor
from frontdoor.core.codes import Outcome, PrimaryNeed
from frontdoor.core.permissions import Permission
from frontdoor.intake.models import Contact
from frontdoor.multiagency.services.open_requests import check_before_decision
from frontdoor.notify.services import enqueue_email

from . import attachments, decision_rules, notifications
from .lifecycle import (
    AlreadyClaimed,
    AlreadyDecided,
    ContactClosed,
    Event,
    NotAllowed,
    StaleContact,
    authorise,
    change,
)
from .models import AgencyCheck, CaseloadLimit, ContactAttachment, Conversation, Decision, Referral, Transfer
from .presenters_email import outcome_email

logger = logging.getLogger(__name__)

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


# --- Claiming ----------------------------------------------------------------------------------------


def claim_contact(*, contact: Contact, user) -> Contact:  # type: ignore[no-untyped-def]
    """Take a new contact from the team's queue. The row lock and the version compare-and-bump in
    `change()` decide between two workers who claim at the same moment: one gets it, the other
    AlreadyClaimed."""
    with change(contact, Event.CLAIM, user) as step:
        pass
    return step.contact


def release_contact(*, contact: Contact, user) -> Contact:  # type: ignore[no-untyped-def]
    """Put a claimed contact back in the queue for someone else (the worker who has it, or a manager)."""
    with change(contact, Event.RELEASE, user) as step:
        pass
    return step.contact


# --- Allocation: a manager gives a contact to a named worker --------------------------------------------


def can_hold_contacts(person, team: Team) -> bool:  # type: ignore[no-untyped-def]
    return bool(
        person is not None
        and person.is_active
        and person.team_id == team.pk
        and person.role in notifications.CASE_ROLES
    )


def allocate_contact(*, contact: Contact, user, to_user, reason: str, version: int) -> Contact:  # type: ignore[no-untyped-def]
    """A team manager allocates a contact to a named worker in the contact's team, or reallocates it (with a
    reason). Two managers allocating at once: the version decides, the second is told and nothing is lost."""
    authorise(contact, Event.ALLOCATE, user)
    if contact.allocated_to_id and not reason.strip():
        raise NotAllowed("Enter why you are reallocating this contact")
    with change(contact, Event.ALLOCATE, user, version=version, reason=reason) as step:
        locked = step.contact
        if not can_hold_contacts(to_user, locked.team):
            raise NotAllowed(
                f"{getattr(to_user, 'display_name', 'That person')} is not a worker in {locked.team.name}. "
                "Select someone in the team. Nothing was saved."
            )
        if locked.allocated_to_id == to_user.pk:
            raise NotAllowed(f"{locked.reference} is already allocated to {to_user.display_name}.")
        step.allocate_to = to_user
        step.afterwards.append(lambda: notifications.allocated(locked, user, to_user))
    return step.contact


def set_caseload_limit(*, team: Team, user, open_contacts: int | None) -> CaseloadLimit | None:  # type: ignore[no-untyped-def]
    """A team manager sets (or clears, with None) the soft limit on each worker's open contacts."""
    if not (user.has_perm(Permission.VIEW_CASELOADS) and user.team_id == team.pk):
        raise PermissionDenied
    if open_contacts is not None and not 1 <= open_contacts <= 200:
        raise NotAllowed("Enter a limit between 1 and 200")
    with transaction.atomic():
        existing = CaseloadLimit.objects.filter(team=team).first()
        before = {"open_contacts": existing.open_contacts} if existing else None
        if open_contacts is None:
            CaseloadLimit.objects.filter(team=team).delete()
            limit = None
        else:
            limit, _ = CaseloadLimit.objects.update_or_create(
                team=team,
                defaults={"open_contacts": open_contacts, "set_by": user, "set_at": timezone.now()},
            )
        auditor.record_change(
            actor=user,
            action="caseload_limit.set",
            obj=team,
            before=before,
            after={"open_contacts": open_contacts},
        )
    return limit


# --- Attachments ---------------------------------------------------------------------------------------


def attach_file(*, contact: Contact, user, upload, description: str = "") -> ContactAttachment:  # type: ignore[no-untyped-def]
    """Attach a PDF or an image to a contact. Refused, with nothing stored, if it is too big, empty, or not
    what its name says (the first bytes decide, not the name or the browser)."""
    authorise(contact, Event.EDIT, user)
    if upload is None:
        raise NotAllowed("Select a file")
    limit = attachments.max_bytes()
    if upload.size > limit:
        raise NotAllowed(f"The selected file must be smaller than {limit // (1024 * 1024)} MB")
    if upload.size == 0:
        raise NotAllowed("The selected file is empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = attachments.detect(head, upload.name or "")
    if content_type is None:
        raise NotAllowed("The selected file must be a PDF, PNG or JPG, and be what its name says it is")
    digest = attachments.sha256(upload.chunks())
    upload.seek(0)
    stored = ""
    try:
        with change(contact, Event.EDIT, user) as step:
            try:
                stored = attachments.attachment_storage.save(
                    attachments.stored_name(step.contact.pk, content_type), upload
                )
            except OSError as error:  # the disk or the storage is full, or refused the file
                logger.exception("attachment for contact %s could not be stored", step.contact.pk)
                raise NotAllowed(
                    "The file could not be stored"
                    + (": the file storage is full" if error.errno in (errno.ENOSPC, errno.EDQUOT) else "")
                    + ". Nothing was attached. Try again later, or ask your system administrator to check the"
                    " file storage."
                ) from error
            attachment = ContactAttachment.objects.create(
                contact=step.contact,
                file=stored,
                original_name=os.path.basename(upload.name or "attachment")[:200],
                content_type=content_type,
                size=upload.size,
                sha256=digest,
                description=description.strip()[:300],
                uploaded_by=user,
                uploaded_at=timezone.now(),
            )
            step.action = "attachment.added"
            step.after = {
                "attachment_id": str(attachment.pk),
                "content_type": content_type,
                "size": upload.size,
                "sha256": digest,
            }
    except BaseException:
        if stored:  # nothing stored for a change that did not happen
            attachments.attachment_storage.delete(stored)
        raise
    return attachment


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
    authorise(contact, Event.RECORD_WORK, user)
    if notes.ended_at < notes.started_at:
        raise NotAllowed("The conversation must end after it started.")
    if notes.safety_scale is not None and not 0 <= notes.safety_scale <= 10:
        raise NotAllowed("The safety scale runs from 0 to 10.")
    if submission_key and (existing := Conversation.objects.filter(submission_key=submission_key).first()):
        return existing
    try:
        with change(contact, Event.RECORD_WORK, user) as step:
            conversation = Conversation.objects.create(
                contact=step.contact,
                recorded_by=user,
                recorded_at=timezone.now(),
                submission_key=submission_key,
                **notes.__dict__,
            )
            step.action = "conversation.recorded"
            step.after = auditor.snapshot(conversation, ["id", "started_at", "ended_at", "safety_scale"])
            step.after["conversation_id"] = step.after.pop("id")
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
    needs a reason, and a manager's authorisation: another manager's, if a manager asked (four eyes)."""
    authorise(contact, Event.RECORD_WORK, user)
    if not details.parents_told and not details.reason_parents_not_told.strip():
        raise NotAllowed("Enter why the parents were not told")
    if details.lawful_basis == AgencyCheck.LawfulBasis.CONSENT and not details.parents_told:
        raise NotAllowed("Consent can only be the lawful basis if the parents know")
    if submission_key and (existing := AgencyCheck.objects.filter(submission_key=submission_key).first()):
        return existing
    try:
        with change(contact, Event.RECORD_WORK, user, reason=details.reason_parents_not_told) as step:
            check = AgencyCheck.objects.create(
                contact=step.contact,
                recorded_by=user,
                recorded_at=timezone.now(),
                submission_key=submission_key,
                **details.__dict__,
            )
            step.action = "agency_check.recorded"
            step.after = {
                "agency_check_id": str(check.pk),
                **auditor.snapshot(check, ["agency", "lawful_basis", "parents_told", "authorised_by_id"]),
            }
    except IntegrityError:
        existing = AgencyCheck.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return existing
    return check


def authorise_agency_check(*, check: AgencyCheck, user, note: str) -> AgencyCheck:  # type: ignore[no-untyped-def]
    """A team manager authorises talking to another agency without the parents' knowledge, with reasons.
    It changes the check, not the contact's state."""
    if not user.has_perm(Permission.OVERSEE_CONTACT, check.contact):
        raise PermissionDenied
    if not note.strip():
        raise NotAllowed("Enter your reasons for authorising this")
    if check.recorded_by_id == user.pk:
        raise NotAllowed("Another team manager must authorise sharing that you recorded yourself.")
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


def transfer_direction(from_team: Team, to_team: Team) -> str:
    if from_team.kind == Team.Kind.EARLY_HELP and to_team.kind == Team.Kind.SOCIAL_CARE:
        return Transfer.Direction.STEP_UP
    if from_team.kind == Team.Kind.SOCIAL_CARE and to_team.kind == Team.Kind.EARLY_HELP:
        return Transfer.Direction.STEP_DOWN
    return Transfer.Direction.SIDEWAYS


def transfer_contact(*, contact: Contact, user, to_team: Team, reason: str, version: int) -> Transfer:  # type: ignore[no-untyped-def]
    """Step up (early help → social care) or step down (social care → early help). The contact keeps its
    reference, its history and its deadline; it arrives in the other team's queue as new."""
    authorise(contact, Event.TRANSFER, user)
    if not reason.strip():
        raise NotAllowed("Enter why you are passing this contact on")
    if to_team.pk == contact.team_id:
        raise NotAllowed("Select a different team")
    with change(contact, Event.TRANSFER, user, version=version, reason=reason) as step:
        locked = step.contact
        direction = Transfer.Direction(transfer_direction(locked.team, to_team))
        transfer = Transfer.objects.create(
            contact=locked,
            from_team=locked.team,
            to_team=to_team,
            direction=direction,
            reason=reason,
            transferred_by=user,
            transferred_at=timezone.now(),
        )
        locked.team = to_team
        step.action = f"contact.{direction.value}"
        step.after = {"transfer_id": str(transfer.pk)}
        step.afterwards.append(lambda: notifications.transfer_received(transfer))
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
    override_reason: str = "",
) -> Decision:  # type: ignore[no-untyped-def]
    """The social worker's decision. It goes to a team manager for oversight; the contact can no longer be
    changed unless the manager returns it. Referral records and the referrer's email wait for the manager."""
    authorise(contact, Event.DECIDE, user)
    if not rationale.strip():
        raise NotAllowed("Enter why you have made this decision")
    outcome = Outcome(outcome)
    check_outcome_for_team(outcome, contact.team)
    if primary_need and primary_need not in {need.value for need in PrimaryNeed}:
        raise NotAllowed("Select the child's primary need")
    if outcome.is_social_care_referral and not primary_need:
        raise NotAllowed("Select the child's primary need: a referral to social care needs one")
    services = [str(service_id) for service_id in suggested_services]
    with change(contact, Event.DECIDE, user, version=version, reason=rationale) as step:
        locked = step.contact
        check_outcome_for_team(outcome, locked.team)  # the team may have changed since the form was shown
        overridden = _check_consistency(locked, user, outcome, level_of_need, override_reason)
        check_before_decision(locked)  # unanswered information requests need a reason (multiagency)
        decision = Decision.objects.create(
            rules_overridden=overridden,
            override_reason=override_reason.strip() if overridden else "",
            contact=locked,
            outcome=outcome,
            rationale=rationale,
            level_of_need=level_of_need,
            primary_need=primary_need,
            next_step=next_step,
            next_step_by=next_step_by,
            suggested_services=services,
            decided_by=user,
            decided_at=timezone.now(),
        )
        step.after = {
            "decision_id": str(decision.pk),
            "outcome": outcome.value,
            "level_of_need": level_of_need,
            "primary_need": primary_need,
            "suggested_services": services,
            "rules_overridden": overridden,
        }
        if overridden:
            step.reason = f"{rationale}\n\nOverride: {override_reason.strip()}"
    return decision


def _check_consistency(
    contact: Contact, user, outcome: Outcome, level: int | None, override: str
) -> list[str]:  # type: ignore[no-untyped-def]
    """Refuse a decision about someone not linked to a person record, or whose outcome, level of need and
    facts disagree, unless a team manager overrides it in writing (an emergency). Returns the ids of the rules
    overridden ("unlinked-people" for deciding before linking)."""
    problems = decision_rules.broken(contact, outcome, level)
    unlinked = decision_rules.unlinked_people_reason(contact)
    if not problems and not unlinked:
        return []
    reasons = " ".join([unlinked] * bool(unlinked) + [rule.explain(outcome, level) for rule in problems])
    if not user.has_perm(Permission.OVERRIDE_DECISION_RULES, contact):
        if unlinked and not problems:  # the worker can put this right themselves
            raise NotAllowed(unlinked)
        raise NotAllowed(f"{reasons} If you are sure, ask a team manager: only they can override this.")
    if not override.strip():
        emergency = (
            " In an emergency, a manager may decide before linking: enter the reason." if unlinked else ""
        )
        raise NotAllowed(f"{reasons}{emergency} To decide this anyway, enter your reason for the override.")
    return [decision_rules.UNLINKED_PEOPLE] * bool(unlinked) + [rule.id for rule in problems]


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


def _decision_agreed(contact: Contact, decision: Decision, now: datetime, user) -> None:  # type: ignore[no-untyped-def]
    """The decision is final: record the referrals and tell the referrer (through the outbox)."""
    outcome = Outcome(decision.outcome)
    if outcome.is_social_care_referral:
        _create_referrals(contact, decision, now, user)
    if contact.referrer_email:
        subject, body = outcome_email(contact, outcome, decision.suggested_services)
        enqueue_email(
            idempotency_key=f"outcome:{decision.pk}",
            kind="outcome",
            to=contact.referrer_email,
            subject=subject,
            body=body,
            about_id=str(contact.pk),
        )


def record_oversight(*, decision: Decision, user, agree: bool, comment: str, version: int) -> Decision:  # type: ignore[no-untyped-def]
    """A team manager agrees the decision (it becomes final: referrals are recorded and the referrer is
    emailed), or returns it to the worker with a comment (the contact goes back to them, in progress)."""
    contact = decision.contact
    event = Event.AGREE if agree else Event.RETURN
    authorise(contact, event, user)
    if decision.decided_by_id == user.pk:
        raise NotAllowed("Another manager must review a decision you made yourself.")
    if not agree and not comment.strip():
        raise NotAllowed("Enter what the worker needs to look at again")
    with change(contact, event, user, version=version, reason=comment) as step:
        now = timezone.now()
        locked = step.contact
        updated = Decision.objects.filter(pk=decision.pk, oversight=Decision.Oversight.PENDING).update(
            oversight=Decision.Oversight.AGREED if agree else Decision.Oversight.RETURNED,
            overseen_by=user,
            overseen_at=now,
            oversight_comment=comment,
        )
        if not updated:
            raise StaleContact()
        decision.refresh_from_db()
        if not agree:
            locked.allocated_to_id = decision.decided_by_id
            step.afterwards.append(lambda: notifications.decision_returned(locked, decision, user))
        step.after = {"decision_id": str(decision.pk), "oversight": decision.oversight}
        if agree:
            step.afterwards.append(lambda: _decision_agreed(locked, decision, now, user))
    return decision
