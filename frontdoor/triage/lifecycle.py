"""The contact's lifecycle: the one place that knows its states, what moves it between them, and who may.

    open ──claim / allocate──► in_progress ──decide──► awaiting_oversight ──agree──► decided
      ▲  ◄──────release───────     │  ▲                        │
      └──────── transfer ◄─────────┘  └─────── return ◄────────┘

`TRANSITIONS` is the table (state, event, permission, next state) that services, presenters and tests read.
`change()` is the only way a contact's state moves: it locks the row, checks the event is allowed from the
current state and by this user, checks the form's version, snapshots the contact before, lets the service
(the body of the event) do its work, moves the state, bumps the version and writes the audit entry — all in
one transaction. `actions_for()` tells a presenter which events a user may fire now.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from frontdoor.core import auditor
from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission
from frontdoor.intake.models import Contact
from frontdoor.partners import webhooks

from . import notifications, timescales

State = Contact.Status


class Event(StrEnum):
    CLAIM = "claim"
    ALLOCATE = "allocate"
    RELEASE = "release"
    EDIT = "edit"  # correct or complete the details (children, adults, police fields…)
    ADD_CALLBACK = "add_callback"
    RECORD_WORK = "record_work"  # a conversation, information from another agency
    TRANSFER = "transfer"  # step up, step down, or to another team
    DECIDE = "decide"
    AGREE = "agree"
    RETURN = "return"


@dataclass(frozen=True)
class Transition:
    state: str
    event: Event
    permission: Permission
    next_state: str
    # Only the worker who holds the contact, or someone with OVERSEE_CONTACT, may fire it while it is held
    holder_only: bool = False
    # The audit action; "" means "contact.<event>"
    action: str = ""

    @property
    def audit_action(self) -> str:
        return self.action or f"contact.{self.event.value}"


_O, _P, _A, _D = State.OPEN, State.IN_PROGRESS, State.AWAITING_OVERSIGHT, State.DECIDED
_WORK, _EDIT = Permission.WORK_ON_CONTACT, Permission.EDIT_CONTACT

TRANSITIONS: tuple[Transition, ...] = (
    Transition(_O, Event.CLAIM, _WORK, _P, action="contact.claimed"),
    Transition(_O, Event.ALLOCATE, Permission.ALLOCATE_CONTACT, _P, action="contact.allocated"),
    Transition(_P, Event.ALLOCATE, Permission.ALLOCATE_CONTACT, _P, action="contact.reallocated"),
    Transition(_P, Event.RELEASE, _WORK, _O, holder_only=True, action="contact.released"),
    Transition(_O, Event.EDIT, _EDIT, _O, action="contact.edited"),
    Transition(_P, Event.EDIT, _EDIT, _P, action="contact.edited"),
    Transition(_O, Event.ADD_CALLBACK, _EDIT, _O, action="callback.requested"),
    Transition(_P, Event.ADD_CALLBACK, _EDIT, _P, action="callback.requested"),
    Transition(_O, Event.RECORD_WORK, _WORK, _P),
    Transition(_P, Event.RECORD_WORK, _WORK, _P, holder_only=True),
    Transition(_O, Event.TRANSFER, _WORK, _O),
    Transition(_P, Event.TRANSFER, _WORK, _O, holder_only=True),
    Transition(_O, Event.DECIDE, Permission.DECIDE_CONTACT, _A, action="decision.recorded"),
    Transition(_P, Event.DECIDE, Permission.DECIDE_CONTACT, _A, holder_only=True, action="decision.recorded"),
    Transition(_A, Event.AGREE, Permission.OVERSEE_CONTACT, _D, action="decision.agreed"),
    Transition(_A, Event.RETURN, Permission.OVERSEE_CONTACT, _P, action="decision.returned"),
)

_TABLE: dict[tuple[str, Event], Transition] = {(t.state, t.event): t for t in TRANSITIONS}
assert len(_TABLE) == len(TRANSITIONS), "one transition per state and event"
_PERMISSION: dict[Event, Permission] = {t.event: t.permission for t in TRANSITIONS}
assert all(t.permission == _PERMISSION[t.event] for t in TRANSITIONS), (
    "an event needs the same permission in every state"
)

# Held by someone in these states; nobody holds an open contact (a database check constraint agrees)
HELD = (State.IN_PROGRESS, State.AWAITING_OVERSIGHT)
WORKABLE = (State.OPEN, State.IN_PROGRESS)


# --- Refusals: each says what happened and that nothing was saved --------------------------------------


class StaleContact(Refused):
    default_message = (
        "Someone else changed this contact while you had this page open, so your changes were not saved "
        "and nothing was overwritten. Open the contact again to see the latest version."
    )


class ContactClosed(Refused):
    default_message = (
        "This contact has a decision recorded, so it can no longer be changed. Nothing was saved."
    )


class AlreadyDecided(ContactClosed):
    default_message = "Someone else has already decided this contact. Nothing was saved."


class AlreadyClaimed(Refused):
    default_message = "Someone else claimed this contact first. It was not claimed for you."


class NotAllowed(Refused, ValueError):
    """A change the rules of the front door do not allow; the message says why, in plain words."""


def transition_for(state: str, event: Event) -> Transition | None:
    return _TABLE.get((state, Event(event)))


def refusal(state: str, event: Event) -> Refused:
    """Why `event` cannot happen in `state`."""
    if state in (State.AWAITING_OVERSIGHT, State.DECIDED):
        if event in (Event.AGREE, Event.RETURN):
            return ContactClosed("Another manager has already reviewed this decision. Nothing was saved.")
        if event in (Event.CLAIM, Event.DECIDE):
            return AlreadyDecided()
        return ContactClosed()
    if event == Event.CLAIM:
        return AlreadyClaimed()
    if event == Event.RELEASE:
        return NotAllowed("This contact is not claimed.")
    if event in (Event.AGREE, Event.RETURN):
        return NotAllowed("There is no decision awaiting oversight on this contact.")
    return NotAllowed("This cannot be done to the contact now. Nothing was saved.")


def permission_for(event: Event) -> Permission:
    return _PERMISSION[Event(event)]


def authorise(contact: Contact, event: Event, user: Any) -> None:
    """Raise PermissionDenied unless the user holds the permission `event` needs on this contact."""
    if not user.has_perm(permission_for(event), contact):
        raise PermissionDenied


def _holds_or_oversees(contact: Contact, user: Any) -> bool:
    return contact.allocated_to_id in (None, user.pk) or bool(
        user.has_perm(Permission.OVERSEE_CONTACT, contact)
    )


def may(contact: Contact, user: Any, event: Event) -> bool:
    """Whether `user` may fire `event` on the contact as it is now (no lock: for showing buttons)."""
    transition = transition_for(contact.status, event)
    return bool(
        transition
        and user.has_perm(transition.permission, contact)
        and (not transition.holder_only or _holds_or_oversees(contact, user))
    )


def actions_for(contact: Contact, user: Any) -> frozenset[Event]:
    """Every event this user may fire on the contact now: what a page offers them."""
    return frozenset(event for event in Event if may(contact, user, event))


# --- change(): the only way a contact's state moves ------------------------------------------------------

_inside_change: contextvars.ContextVar[bool] = contextvars.ContextVar("inside_contact_change", default=False)


def inside_change() -> bool:
    """True while `change()` is moving a contact (a test checks that nothing else moves one)."""
    return _inside_change.get()


STATE_FIELDS = ["status", "team_id", "allocated_to_id", "urgency", "decision_due_at", "version"]


@dataclass
class Step:
    """What the body of an event sees: the locked contact, and what to add to the audit entry."""

    contact: Contact
    transition: Transition
    user: Any
    reason: str = ""
    action: str = ""  # overrides the transition's audit action (for example contact.step_up)
    after: dict[str, Any] = field(default_factory=dict)
    allocate_to: Any = None  # ALLOCATE: who to give the contact to
    # Run after the audit entry, in the same transaction (referrals, emails, alerts the event sets off)
    afterwards: list[Callable[[], object]] = field(default_factory=list)


def _claim_audit(contact: Contact, user: Any, before: dict[str, Any]) -> None:
    auditor.record_change(
        actor=user,
        action="contact.claimed",
        obj=contact,
        before=before,
        after=auditor.snapshot(contact, STATE_FIELDS),
    )


@contextmanager
def change(
    contact: Contact,
    event: Event,
    user: Any,
    *,
    version: int | None = None,
    reason: str = "",
    fields: list[str] | tuple[str, ...] = (),
) -> Iterator[Step]:
    """Fire `event` on the contact. Use as `with change(contact, Event.X, user, version=v) as step:` and do
    the event's work on `step.contact` inside the block. Raises PermissionDenied, or a Refused subclass
    (ContactClosed, AlreadyClaimed, NotAllowed, StaleContact) with nothing changed."""
    event = Event(event)
    authorise(contact, event, user)
    with transaction.atomic():
        # Compare and bump first: one UPDATE takes the row's write lock on PostgreSQL and SQLite alike (the
        # loser of a race waits, then finds the state or version moved on); then read the locked row
        states = [t.state for t in TRANSITIONS if t.event == event]
        candidates = Contact.objects.filter(pk=contact.pk, status__in=states)
        if version is not None:
            candidates = candidates.filter(version=version)
        if candidates.update(version=F("version") + 1) != 1:
            current = Contact.objects.filter(pk=contact.pk).values_list("status", flat=True).first()
            if current is None:
                raise Contact.DoesNotExist
            if current not in states:
                raise refusal(current, event)
            raise StaleContact()
        locked = (
            Contact.objects.select_for_update(of=("self",))
            .select_related("team", "allocated_to")
            .get(pk=contact.pk)
        )
        transition = _TABLE[(locked.status, event)]
        if not user.has_perm(transition.permission, locked):  # the team may have changed since
            raise PermissionDenied
        if transition.holder_only and not _holds_or_oversees(locked, user):
            holder = locked.allocated_to.display_name if locked.allocated_to else "someone else"  # type: ignore[union-attr]
            raise NotAllowed(
                f"This contact is allocated to {holder}. Ask them or a manager to release it. "
                "Nothing was saved."
            )
        snapshot_fields = [*STATE_FIELDS, *(name for name in fields if name not in STATE_FIELDS)]
        before = {**auditor.snapshot(locked, snapshot_fields), "version": locked.version - 1}
        step = Step(contact=locked, transition=transition, user=user, reason=reason)
        token = _inside_change.set(True)
        try:
            now = timezone.now()
            takes_it = transition.next_state in HELD and event != Event.ALLOCATE
            if takes_it and locked.allocated_to_id is None:
                locked.status, locked.allocated_to, locked.allocated_at = State.IN_PROGRESS, user, now
                locked.save(update_fields=["status", "allocated_to", "allocated_at", "version"])
                if event != Event.CLAIM:  # working on an unclaimed contact claims it
                    _claim_audit(locked, user, before)
                    before = auditor.snapshot(locked, snapshot_fields)
            deadline_from = (locked.urgency, locked.received_at)
            yield step
            if (locked.urgency, locked.received_at) != deadline_from:  # a new rating or received time
                locked.decision_due_at = timescales.decision_due(locked.received_at, locked.urgency)
            if event == Event.ALLOCATE:
                if step.allocate_to is None:
                    raise NotAllowed("Select who to allocate this contact to")
                locked.allocated_to, locked.allocated_at = step.allocate_to, now
            if transition.next_state == State.OPEN:
                locked.allocated_to, locked.allocated_at = None, None
            locked.status = transition.next_state
            locked.save()
        finally:
            _inside_change.reset(token)
        auditor.record_change(
            actor=user,
            action=step.action or transition.audit_action,
            obj=locked,
            before=before,
            after={**auditor.snapshot(locked, snapshot_fields), **step.after},
            reason=step.reason,
        )
        if locked.urgency == Contact.Urgency.RED and before["urgency"] != Contact.Urgency.RED:
            notifications.urgency_raised(locked, user)
        for then in step.afterwards:
            then()
        webhooks.contact_changed(
            locked, step.action or transition.audit_action, team_before=before.get("team_id")
        )
