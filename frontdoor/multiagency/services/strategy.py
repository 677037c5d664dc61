"""Strategy discussions: scheduled with the multi-agency child protection team, then recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frontdoor.core import auditor
from frontdoor.core.codes import Outcome
from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission
from frontdoor.intake.models import Contact
from frontdoor.triage.models import Decision

from .. import timescales
from ..models import REQUIRED_MEMBERS, MemberAgency, StrategyAction, StrategyDiscussion, StrategyMember

Result = StrategyDiscussion.Result


@dataclass(frozen=True)
class MemberDetails:
    name: str
    agency: str
    organisation: str = ""


@dataclass(frozen=True)
class ActionDetails:
    action: str
    owner: str
    due_on: date


def _labels(agencies: set[str]) -> str:
    names = [MemberAgency(agency).label.lower() for agency in REQUIRED_MEMBERS if agency in agencies]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def missing_agencies(agencies: set[str], required: tuple[str, ...] = REQUIRED_MEMBERS) -> set[str]:
    return {agency for agency in required if agency not in agencies}


def _needed_since(contact: Contact) -> datetime:
    """The strategy discussion's clock starts when the front door decided to hold one."""
    decision = (
        Decision.objects.filter(contact=contact, outcome=Outcome.STRATEGY_DISCUSSION)
        .order_by("-decided_at")
        .first()
    )
    return decision.decided_at if decision else timezone.now()


def schedule_strategy_discussion(
    *,
    contact: Contact,
    user,  # type: ignore[no-untyped-def]
    scheduled_for: datetime,
    how_held: str,
    members: list[MemberDetails],
    missing_members_reason: str = "",
) -> StrategyDiscussion:
    """Invite the multi-agency child protection team. The Act asks for at least police, health, education and
    social work: inviting fewer is allowed only with a reason."""
    if not user.has_perm(Permission.HOLD_STRATEGY_DISCUSSION, contact):
        raise PermissionDenied
    if how_held not in StrategyDiscussion.HowHeld.values:
        raise Refused("Select how the strategy discussion will be held")
    members = [m for m in members if m.name.strip()]
    if not members:
        raise Refused("Enter who is invited")
    if any(m.agency not in MemberAgency.values for m in members):
        raise Refused("Select each person's agency")
    if (missing := missing_agencies({m.agency for m in members})) and not missing_members_reason.strip():
        raise Refused(
            f"No one from {_labels(missing)} is invited. Invite them, or enter why the discussion goes ahead "
            "without them."
        )
    if StrategyDiscussion.objects.filter(contact=contact, held_at__isnull=True).exists():
        raise Refused("A strategy discussion is already arranged for this contact. Record it first.")
    with transaction.atomic():
        now = timezone.now()
        needed_since = _needed_since(contact)
        discussion = StrategyDiscussion.objects.create(
            contact=contact,
            needed_since=needed_since,
            due_by=timescales.strategy_discussion_due(needed_since),
            scheduled_for=scheduled_for,
            how_held=how_held,
            convened_by=user,
            convened_at=now,
            missing_members_reason=missing_members_reason.strip() if missing else "",
        )
        StrategyMember.objects.bulk_create(
            StrategyMember(
                discussion=discussion,
                name=m.name.strip(),
                agency=m.agency,
                organisation=m.organisation.strip(),
            )
            for m in members
        )
        auditor.record_change(
            actor=user,
            action="strategy_discussion.scheduled",
            obj=contact,
            before=None,
            after={
                **auditor.snapshot(discussion, ["id", "scheduled_for", "due_by", "how_held"]),
                "invited": [f"{m.name} ({m.agency})" for m in members],
            },
            reason=discussion.missing_members_reason,
        )
    return discussion


@dataclass(frozen=True)
class StrategyOutcome:
    held_at: datetime
    attended: set[str]  # ids of the invited members who took part
    information_shared: str
    result: str
    instead: str = ""
    actions: tuple[ActionDetails, ...] = ()
    missing_members_reason: str = ""


def record_strategy_discussion(
    *, discussion: StrategyDiscussion, user, outcome: StrategyOutcome, version: int
) -> StrategyDiscussion:  # type: ignore[no-untyped-def]
    """Who took part, what was shared, what was decided and who does what by when. A section 47 enquiry
    starts the clock for the initial child protection conference."""
    contact = discussion.contact
    if not user.has_perm(Permission.HOLD_STRATEGY_DISCUSSION, contact):
        raise PermissionDenied
    now = timezone.now()
    if outcome.held_at > now:
        raise Refused("The time the discussion was held must be in the past")
    members = {str(m.pk): m for m in discussion.members.all()}
    if not outcome.attended or not set(outcome.attended) <= set(members):
        raise Refused("Select who took part")
    if not outcome.information_shared.strip():
        raise Refused("Enter the information shared")
    if outcome.result not in Result.values:
        raise Refused("Select what was decided")
    if outcome.result == Result.NO_S47 and not outcome.instead.strip():
        raise Refused("Enter what happens instead of a section 47 enquiry")
    today = timezone.localdate()
    for number, action in enumerate(outcome.actions, start=1):
        if not action.action.strip() or not action.owner.strip():
            raise Refused(f"Enter action {number} and who will do it")
        if action.due_on < today:
            raise Refused(
                f"Action {number} is due on {action.due_on:%-d %B %Y}, which has passed: enter a date from today"
            )
    took_part = {members[pk].agency for pk in outcome.attended}
    missing = missing_agencies(took_part, (MemberAgency.POLICE, MemberAgency.HEALTH))
    if missing and not outcome.missing_members_reason.strip():
        raise Refused(
            f"No one from {_labels(missing)} took part. Enter why the discussion went ahead without them."
        )
    with transaction.atomic():
        locked = StrategyDiscussion.objects.select_for_update().get(pk=discussion.pk)
        if locked.version != version or locked.held_at is not None:
            raise Refused(
                "Someone else recorded this strategy discussion while you had the page open. Nothing was saved."
            )
        starts_s47 = outcome.result in (Result.SINGLE_AGENCY_S47, Result.JOINT_S47)
        locked.held_at = outcome.held_at
        locked.information_shared = outcome.information_shared.strip()
        locked.result = outcome.result
        locked.instead = outcome.instead.strip() if outcome.result == Result.NO_S47 else ""
        locked.conference_due_by = timescales.conference_due(outcome.held_at) if starts_s47 else None
        if missing:
            reason = outcome.missing_members_reason.strip()
            locked.missing_members_reason = "\n".join(filter(None, [locked.missing_members_reason, reason]))
        locked.recorded_by, locked.recorded_at, locked.version = user, now, locked.version + 1
        locked.save()
        for pk, member in members.items():
            member.attended = pk in outcome.attended
            member.save(update_fields=["attended"])
        StrategyAction.objects.bulk_create(
            StrategyAction(discussion=locked, action=a.action.strip(), owner=a.owner.strip(), due_on=a.due_on)
            for a in outcome.actions
        )
        auditor.record_change(
            actor=user,
            action="strategy_discussion.recorded",
            obj=contact,
            before={"strategy_discussion_id": str(locked.pk), "held_at": None},
            after={
                **auditor.snapshot(locked, ["id", "held_at", "result", "conference_due_by", "due_by"]),
                "attended": sorted(members[pk].name for pk in outcome.attended),
                "actions": len(outcome.actions),
            },
            reason=outcome.missing_members_reason,
        )
    return locked
