"""Shape multi-agency records for templates: each request's own RAG and time left, timers in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from frontdoor.core.permissions import Permission
from frontdoor.intake.models import Contact
from frontdoor.triage.presenters import TimeLeft, time_left

from . import timescales
from .models import REQUIRED_MEMBERS, InformationRequest, StrategyDiscussion
from .queries import ContactWork
from .services.open_requests import current_reason

GREY = "govuk-tag--grey"


@dataclass(frozen=True)
class Tag:
    text: str
    tag_class: str


def request_state(request: InformationRequest, now: datetime | None = None) -> Tag:
    """Its own RAG: green when answered, the time left while waiting (red once overdue), grey if withdrawn."""
    if request.status == InformationRequest.Status.REPLIED:
        late = "" if request.replied_in_time else " (late)"
        return Tag(f"Replied{late}", "govuk-tag--green" if not late else "govuk-tag--orange")
    if request.status == InformationRequest.Status.WITHDRAWN:
        return Tag("Withdrawn", GREY)
    left: TimeLeft = time_left(request.due_at, now)
    return Tag(left.text, left.tag_class)


@dataclass(frozen=True)
class RequestRow:
    request: InformationRequest
    state: Tag
    link_state: str


def _link_state(request: InformationRequest, now: datetime) -> str:
    if not request.is_open:
        return ""
    if request.link_revoked_at:
        return "Link stopped"
    if request.link_expires_at <= now:
        return "Link expired"
    return f"Link works until {timezone.localtime(request.link_expires_at):%-d %B %Y}"


def request_rows(requests: list[InformationRequest], now: datetime | None = None) -> list[RequestRow]:
    now = now or timezone.now()
    return [RequestRow(r, request_state(r, now), _link_state(r, now)) for r in requests]


@dataclass(frozen=True)
class DiscussionView:
    discussion: StrategyDiscussion
    timer: Tag
    conference: Tag | None
    missing_invited: list[str]


def _missing_invited(discussion: StrategyDiscussion) -> list[str]:
    invited = {m.agency for m in discussion.members.all()}
    return [agency.label for agency in REQUIRED_MEMBERS if agency not in invited]


def discussion_view(discussion: StrategyDiscussion, now: datetime | None = None) -> DiscussionView:
    now = now or timezone.now()
    if discussion.held_at:
        timer = (
            Tag("Held in time", "govuk-tag--green")
            if discussion.held_in_time
            else Tag("Held late", "govuk-tag--red")
        )
    else:
        left = time_left(discussion.due_by, now)
        timer = Tag(f"To be held: {left.text.lower()}", left.tag_class)
    conference = None
    if discussion.conference_due_by:
        left = time_left(discussion.conference_due_by, now)
        conference = Tag(f"Conference: {left.text.lower()}", left.tag_class)
    return DiscussionView(discussion, timer, conference, _missing_invited(discussion))


@dataclass(frozen=True)
class Panel:
    contact: Contact
    requests: list[RequestRow]
    discussions: list[DiscussionView]
    work: ContactWork
    may_request: bool
    may_hold_strategy: bool
    may_arrange_family_help: bool
    may_hand_over: bool
    may_decide: bool
    reason_to_decide_now: object | None
    strategy_needed: Tag | None  # decided for a strategy discussion, none arranged yet

    @property
    def lead_practitioner(self):  # type: ignore[no-untyped-def]
        return next((lead for lead in self.work.lead_practitioners if lead.ended_at is None), None)

    @property
    def open_requests(self) -> int:
        return sum(1 for row in self.requests if row.request.is_open)


def _strategy_needed(contact: Contact, work: ContactWork, now: datetime) -> Tag | None:
    if work.discussions or not work.strategy_decided_at:
        return None
    due = timescales.strategy_discussion_due(work.strategy_decided_at)
    left = time_left(due, now)
    return Tag(
        f"Strategy discussion needed by {timezone.localtime(due):%-d %B %Y %H:%M}: {left.text.lower()}",
        left.tag_class,
    )


def panel(contact: Contact, work: ContactWork, user) -> Panel:  # type: ignore[no-untyped-def]
    now = timezone.now()
    return Panel(
        contact=contact,
        requests=request_rows(work.requests, now),
        discussions=[discussion_view(d, now) for d in work.discussions],
        work=work,
        may_request=user.has_perm(Permission.REQUEST_INFORMATION, contact),
        may_hold_strategy=user.has_perm(Permission.HOLD_STRATEGY_DISCUSSION, contact),
        may_arrange_family_help=user.has_perm(Permission.ARRANGE_FAMILY_HELP, contact),
        may_hand_over=user.has_perm(Permission.DECIDE_CONTACT, contact) and work.handover is None,
        may_decide=user.has_perm(Permission.DECIDE_CONTACT, contact) and contact.is_awaiting_decision,
        reason_to_decide_now=current_reason(contact),
        strategy_needed=_strategy_needed(contact, work, now),
    )
