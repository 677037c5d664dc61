"""Shape contacts for the workspace's templates."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from frontdoor.intake.models import Contact

from . import lifecycle, timescales
from .lifecycle import Event

if TYPE_CHECKING:
    from .forms import QueueFilterForm
    from .queries import QueueEntry, TeamMember

# Amber when less than this is left before the one-working-day deadline
AMBER_WITHIN = timedelta(hours=4)


def _duration(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if not days and (minutes or not hours):
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


@dataclass(frozen=True)
class TimeLeft:
    text: str
    rag: str  # red, amber or green
    overdue: bool

    @property
    def tag_class(self) -> str:
        return {"red": "govuk-tag--red", "amber": "govuk-tag--yellow", "green": "govuk-tag--green"}[self.rag]


def time_left(due: datetime, now: datetime | None = None, urgency: int | None = None) -> TimeLeft:
    """The time left to the deadline, in words. With the contact's rating the colour is the rating's (a Red
    contact is never shown green); overdue is always red. The words carry the meaning: colour is never alone."""
    remaining = due - (now or timezone.now())
    if remaining <= timedelta(0):
        return TimeLeft(f"Overdue by {_duration(remaining)}", "red", True)
    if urgency is not None:
        return TimeLeft(f"{_duration(remaining)} left", timescales.rating(urgency).name, False)
    rag = "amber" if remaining < AMBER_WITHIN else "green"
    return TimeLeft(f"{_duration(remaining)} left", rag, False)


URGENCY_TAGS = {
    1: ("Red", "govuk-tag--red"),
    2: ("Amber", "govuk-tag--orange"),
    3: ("Green", "govuk-tag--green"),
}


@dataclass(frozen=True)
class Urgency:
    text: str
    tag_class: str
    promise: str = ""  # "Red: decide within 4 hours"


def urgency(value: int) -> Urgency:
    if value not in URGENCY_TAGS:
        return Urgency("Not rated", "govuk-tag--grey")
    rating = timescales.rating(value)
    return Urgency(rating.label, rating.tag_class, rating.promise)


@dataclass(frozen=True)
class QueueRow:
    id: str
    reference: str
    url: str
    children: str
    channel: str
    source: str
    status: str
    urgency: Urgency
    allocated_to: str
    can_claim: bool
    received_at: datetime
    decision_due_at: datetime
    time_left: TimeLeft
    marker: str = ""  # "Stepped up from …", "Decision returned": what a worker must not miss


RETURNED = "Decision returned by a manager"


def status_text(contact: Contact) -> str:
    """The contact's state in words; a decision a manager returned is never shown as plain "In progress"."""
    if contact.status == Contact.Status.IN_PROGRESS:
        decisions = sorted(contact.decisions.all(), key=lambda d: d.decided_at)
        if decisions and decisions[-1].oversight == "returned":
            return RETURNED
    return contact.get_status_display()


def marker(
    contact: Contact | QueueEntry, transfer: tuple[str, str] | None = None, now: datetime | None = None
) -> str:
    """What nobody must miss on a queue row: a contact just passed to this team (the transfer's direction and
    the team it came from), a Red one nobody has taken."""
    parts = []
    if transfer is not None:
        parts.append(f"{transfer[0]} from {transfer[1]}")
    waited = (now or timezone.now()) - contact.received_at
    if (
        contact.urgency == Contact.Urgency.RED
        and contact.allocated_to_id is None
        and contact.status == Contact.Status.OPEN
        and waited >= timescales.red_unclaimed_alert_after()
    ):
        parts.append(f"Red and unclaimed for {_duration(waited)}")
    return "; ".join(parts)


def queue_rows(contacts: list[Contact], now: datetime | None = None, user=None) -> list[QueueRow]:  # type: ignore[no-untyped-def]
    now = now or timezone.now()
    return [
        QueueRow(
            id=str(contact.pk),
            reference=contact.reference,
            url=reverse("triage:contact", args=[contact.pk]),
            children=", ".join(child.full_name for child in contact.children.all()) or "Not known",
            channel=contact.get_channel_display(),
            source=f"{contact.get_referral_source_display()} ({contact.referral_source})",
            status=status_text(contact),
            urgency=urgency(contact.urgency),
            allocated_to=contact.allocated_to.display_name if contact.allocated_to_id else "",  # type: ignore[union-attr]
            can_claim=bool(user is not None and lifecycle.may(contact, user, Event.CLAIM)),
            received_at=contact.received_at,
            decision_due_at=contact.decision_due_at,
            time_left=time_left(contact.decision_due_at, now, urgency=contact.urgency),
            marker=marker(contact, None, now),
        )
        for contact in contacts
    ]


def queue_filter_fields(form: QueueFilterForm | None, members: list[TeamMember]) -> SafeString:
    """The queue's filter fields as HTML: the form as sent back when filters were chosen, else the empty form,
    which depends only on the team's members (its choices are codes): rendered once per list of members in a
    process, since the queue as first opened is the busiest staff page (issue 17)."""
    if form is not None:
        return _filter_fields(form)
    return _empty_filter_fields(tuple(members))


@lru_cache(maxsize=64)
def _empty_filter_fields(members: tuple[TeamMember, ...]) -> SafeString:
    from .forms import QueueFilterForm

    return _filter_fields(QueueFilterForm(members=members))


def _filter_fields(form: QueueFilterForm) -> SafeString:
    return SafeString(render_to_string("triage/_queue_filter_fields.html", {"filter_form": form}))


# One row of the staff queue. Built as a string, not in the template: the queue is the busiest staff page, and
# fifty rows of template lookups cost several times the queries that fetch them (issue 17)
_QUEUE_ROW = """
    <tr class="govuk-table__row">
      <td data-label="Reference" class="govuk-table__cell fd-nowrap"><a class="govuk-link" href="{url}">{reference}</a></td>
      <td data-label="Child" class="govuk-table__cell">{children}</td>
      <td data-label="RAG" class="govuk-table__cell"><strong class="govuk-tag {urgency_class}">{urgency}</strong><br><span class="govuk-body-s">{promise}</span></td>
      <td data-label="Status" class="govuk-table__cell">{status}{marker}{allocated_to}</td>
      <td data-label="Channel and source" class="govuk-table__cell">{channel}<br><span class="govuk-body-s">{source}</span></td>
      <td data-label="Decision due" class="govuk-table__cell">{due}</td>
      <td data-label="Time left" class="govuk-table__cell"><strong class="govuk-tag {time_left_class}">{time_left}</strong></td>
      <td class="govuk-table__cell">{claim}</td>
    </tr>
  """  # noqa: E501
_QUEUE_MARKER = '<br><strong class="govuk-tag govuk-tag--purple">{}</strong>'
_QUEUE_HOLDER = '<br><span class="govuk-body-s">{}</span>'
_QUEUE_CLAIM = (
    '<form method="post" action="{action}" class="fd-inline-form">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">'
    '<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" '
    'data-module="govuk-button">Claim<span class="govuk-visually-hidden"> {reference}</span></button></form>'
)
# What the lifecycle reads to say whether a contact may be claimed: rows alike in these ask it once
_ClaimFacts = namedtuple("_ClaimFacts", ["status", "team_id", "allocated_to_id"])
_PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"


def _url_maker(name: str):  # type: ignore[no-untyped-def]
    """reverse() once for a page, not once a row."""
    before, after = reverse(name, args=[_PLACEHOLDER_ID]).split(_PLACEHOLDER_ID)
    return lambda pk: f"{before}{pk}{after}"


def queue_table_rows(
    entries: list[QueueEntry], *, user, csrf_token: str, now: datetime | None = None
) -> list[SafeString]:  # type: ignore[no-untyped-def]
    """The queue's table rows as HTML (the columns of triage/queue.html), every value escaped."""
    from frontdoor.core.templatetags.govuk import deadline

    now = now or timezone.now()
    contact_url, claim_url = _url_maker("triage:contact"), _url_maker("triage:claim")
    statuses = {value: escape(str(label)) for value, label in Contact.Status.choices}
    channels = {value: escape(str(label)) for value, label in Contact._meta.get_field("channel").flatchoices}
    sources = {value: str(label) for value, label in Contact._meta.get_field("referral_source").flatchoices}
    ratings: dict[int, Urgency] = {}
    claimable: dict[_ClaimFacts, bool] = {}
    csrf_token = escape(csrf_token)
    rows = []
    for entry in entries:
        rating = ratings.get(entry.urgency) or ratings.setdefault(entry.urgency, urgency(entry.urgency))
        facts = _ClaimFacts(entry.status, entry.team_id, entry.allocated_to_id)
        if facts not in claimable:
            claimable[facts] = lifecycle.may(facts, user, Event.CLAIM)  # type: ignore[arg-type]
        left = time_left(entry.decision_due_at, now, urgency=entry.urgency)
        flag = marker(entry, entry.transfer, now)
        reference = escape(entry.reference)
        status = (
            RETURNED
            if entry.returned and entry.status == Contact.Status.IN_PROGRESS
            else statuses.get(entry.status)
        )
        source = sources.get(entry.referral_source, entry.referral_source)
        rows.append(
            SafeString(
                _QUEUE_ROW.format(
                    url=contact_url(entry.pk),
                    reference=reference,
                    children=escape(entry.children or "Not known"),
                    urgency_class=rating.tag_class,
                    urgency=escape(rating.text),
                    promise=escape(rating.promise),
                    status=status if status is not None else escape(entry.status),
                    marker=_QUEUE_MARKER.format(escape(flag)) if flag else "",
                    allocated_to=_QUEUE_HOLDER.format(escape(entry.allocated_to_name))
                    if entry.allocated_to_name
                    else "",
                    channel=channels.get(entry.channel) or escape(entry.channel),
                    source=escape(f"{source} ({entry.referral_source})"),
                    due=escape(deadline(entry.decision_due_at)),
                    time_left_class=left.tag_class,
                    time_left=escape(left.text),
                    claim=_QUEUE_CLAIM.format(
                        action=claim_url(entry.pk), csrf_token=csrf_token, reference=reference
                    )
                    if claimable[facts]
                    else "",
                )
            )
        )
    return rows


@dataclass(frozen=True)
class ContactActions:
    """What a user may do to a contact now, asked of the lifecycle table (never worked out here)."""

    events: frozenset[Event]

    def as_context(self) -> dict[str, object]:
        events = self.events
        return {
            "actions": events,
            "can_claim": Event.CLAIM in events,
            "can_allocate": Event.ALLOCATE in events,
            "can_release": Event.RELEASE in events,
            "can_work": Event.RECORD_WORK in events,
            "can_transfer": Event.TRANSFER in events,
            "can_edit": Event.EDIT in events,
            "can_callback": Event.ADD_CALLBACK in events,
            "can_decide": Event.DECIDE in events,
            "can_oversee": Event.AGREE in events,
        }


def contact_actions(contact: Contact, user) -> ContactActions:  # type: ignore[no-untyped-def]
    return ContactActions(lifecycle.actions_for(contact, user))


@dataclass(frozen=True)
class CaseloadRow:
    name: str
    role: str
    red: int
    amber: int
    green: int
    total: int
    oldest: str  # "3 days 2 hours", or "–"
    over_limit: bool
    limit: int | None


def caseload_rows(caseloads, now: datetime | None = None) -> list[CaseloadRow]:  # type: ignore[no-untyped-def]
    now = now or timezone.now()
    return [
        CaseloadRow(
            name=load.worker.display_name,
            role=load.worker.get_role_display(),
            red=load.red,
            amber=load.amber,
            green=load.green,
            total=load.total,
            oldest=_duration(now - load.oldest_received_at) if load.oldest_received_at else "–",
            over_limit=load.over_limit,
            limit=load.limit,
        )
        for load in caseloads
    ]


@dataclass(frozen=True)
class EmailPreview:
    to: str  # empty: the referrer gave no email address
    subject: str
    body: str


def referrer_preview(contact: Contact, outcome, suggested_services) -> EmailPreview:  # type: ignore[no-untyped-def]
    """Exactly what the referrer will be told if a manager agrees this decision (the same function sends it)."""
    from .presenters_email import outcome_email

    subject, body = outcome_email(contact, outcome, [str(s) for s in suggested_services])
    return EmailPreview(contact.referrer_email, subject, body)
