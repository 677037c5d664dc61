"""Where a concern stands, as a referrer may see it: the stages and their dates, read from the contact's
lifecycle (frontdoor/triage/lifecycle.py) and the audit entries its `change()` wrote, never re-derived from
other fields. What happens next after a decision is the outcome email's own paragraph, and nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils import timezone

from frontdoor.core.codes import Outcome
from frontdoor.core.models import AuditEvent
from frontdoor.intake.models import Contact
from frontdoor.triage import lifecycle
from frontdoor.triage.models import Decision, Transfer
from frontdoor.triage.presenters_email import WHAT_HAPPENS_NEXT

State, Event = lifecycle.State, lifecycle.Event


class Stage(StrEnum):
    RECEIVED = "received"
    BEING_LOOKED_AT = "being_looked_at"
    STEPPED_DOWN = "stepped_down"
    STEPPED_UP = "stepped_up"
    TRANSFERRED = "transferred"
    DECIDED = "decided"
    EARLY_HELP = "early_help"


LABELS = {
    Stage.RECEIVED: "Received",
    Stage.BEING_LOOKED_AT: "Being looked at",
    Stage.STEPPED_DOWN: "Passed to early help",
    Stage.STEPPED_UP: "Passed to children's social care",
    Stage.TRANSFERRED: "Passed to another team",
    Stage.DECIDED: "Decided",
    Stage.EARLY_HELP: "Decided: passed to early help",
}

# The lifecycle's own audit actions: the events that start someone looking at it, and the decision becoming
# final (a decision awaiting a manager is still being looked at: the referrer hears once it is agreed)
LOOKED_AT_ACTIONS = frozenset(
    t.audit_action for t in lifecycle.TRANSITIONS if t.event in (Event.CLAIM, Event.ALLOCATE)
)
_agree = lifecycle.transition_for(State.AWAITING_OVERSIGHT, Event.AGREE)
assert _agree is not None
DECIDED_ACTION = _agree.audit_action
TRANSFER_ACTIONS = {f"contact.{d.value}": d for d in Transfer.Direction}
_TRANSFER_STAGE = {
    Transfer.Direction.STEP_DOWN: Stage.STEPPED_DOWN,
    Transfer.Direction.STEP_UP: Stage.STEPPED_UP,
    Transfer.Direction.SIDEWAYS: Stage.TRANSFERRED,
}


@dataclass(frozen=True)
class Step:
    stage: Stage
    at: datetime

    @property
    def label(self) -> str:
        return LABELS[self.stage]


@dataclass(frozen=True)
class Standing:
    reference: str
    received_at: datetime
    steps: list[Step]
    what_happens_next: str

    @property
    def current(self) -> Step:
        return self.steps[-1]


def _next(contact: Contact, stage: Stage, outcome: Outcome | None) -> str:
    if outcome is not None:
        return WHAT_HAPPENS_NEXT[outcome]
    due = timezone.localtime(contact.decision_due_at)
    if stage == Stage.RECEIVED:
        return (
            f"A social worker will look at your concern and decide what happens next by "
            f"{due:%A %-d %B %Y at %H:%M}. We will email you when we have decided."
        )
    if stage == Stage.STEPPED_DOWN:
        return "Our early help team will decide what help the family is offered. We will email you when they have."
    if stage == Stage.STEPPED_UP:
        return "Children's social care will decide what happens next. We will email you when they have."
    if stage == Stage.TRANSFERRED:
        return "The team it was passed to will decide what happens next. We will email you when they have."
    return "A social worker is looking at your concern. They may phone you. We will email you when we have decided."


def standing(contact: Contact) -> Standing:
    """The stages the concern has been through, each with its date, and what happens next."""
    return standings([contact])[0]


def standings(contacts: list[Contact]) -> list[Standing]:
    """`standing` for many contacts in two queries (a professional may have raised hundreds)."""
    ids = [str(c.pk) for c in contacts]
    events: dict[str, list[tuple[str, datetime]]] = {i: [] for i in ids}
    for object_id, action, at in (
        AuditEvent.objects.filter(
            object_type=Contact._meta.label,
            object_id__in=ids,
            action__in=[*LOOKED_AT_ACTIONS, DECIDED_ACTION, *TRANSFER_ACTIONS],
        )
        .order_by("at")
        .values_list("object_id", "action", "at")
    ):
        events[object_id].append((action, at))
    agreed: dict[str, tuple[str, datetime | None]] = {}
    decided = [c.pk for c in contacts if c.status == State.DECIDED]
    for contact_id, outcome, overseen_at in (
        Decision.objects.filter(contact_id__in=decided, oversight=Decision.Oversight.AGREED)
        .order_by("overseen_at")
        .values_list("contact_id", "outcome", "overseen_at")
    ):
        agreed[str(contact_id)] = (outcome, overseen_at)  # the latest agreed decision wins
    return [_standing(c, events[str(c.pk)], agreed.get(str(c.pk))) for c in contacts]


def _standing(
    contact: Contact, events: list[tuple[str, datetime]], agreed: tuple[str, datetime | None] | None
) -> Standing:
    steps = [Step(Stage.RECEIVED, contact.received_at)]
    for action, at in events:
        if action in LOOKED_AT_ACTIONS:
            if steps[-1].stage != Stage.BEING_LOOKED_AT:
                steps.append(Step(Stage.BEING_LOOKED_AT, at))
        elif action in TRANSFER_ACTIONS:
            steps.append(Step(_TRANSFER_STAGE[TRANSFER_ACTIONS[action]], at))
        elif action == DECIDED_ACTION:
            steps.append(Step(Stage.DECIDED, at))
    outcome = None
    if agreed:
        outcome = Outcome(agreed[0])
        stage = Stage.EARLY_HELP if outcome == Outcome.EARLY_HELP else Stage.DECIDED
        if steps[-1].stage != Stage.DECIDED:
            steps.append(Step(stage, agreed[1] or timezone.now()))
        else:
            steps[-1] = Step(stage, steps[-1].at)
    return Standing(
        reference=contact.reference,
        received_at=contact.received_at,
        steps=steps,
        what_happens_next=_next(contact, steps[-1].stage, outcome),
    )
