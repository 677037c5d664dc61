"""Reads for the front door workspace. Every function takes the user and sees only their team's records."""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.core import auditor
from frontdoor.directory.queries import SuggestedService, services_for_need
from frontdoor.intake.models import CallbackRequest, Contact, ContactChild
from frontdoor.notify.models import OutboxMessage
from frontdoor.people import queries as people_queries
from frontdoor.people.models import Person
from frontdoor.people.queries import PersonContact
from frontdoor.screener.queries import directory_categories_for

from .models import AgencyCheck, Decision, Referral, Transfer
from .presenters import AMBER_WITHIN

AWAITING_DECISION = (Contact.Status.OPEN, Contact.Status.IN_PROGRESS)


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""  # "" = awaiting a decision (new or in progress)
    urgency: str = ""
    due: str = ""  # overdue, soon (within AMBER_WITHIN), today, later
    channel: str = ""
    source: str = ""
    allocated: str = ""  # me, none, or a user's id


def queue_for(user, filters: QueueFilters | None = None, now: datetime | None = None) -> QuerySet[Contact]:  # type: ignore[no-untyped-def]
    """The user's team's contacts, most urgent first, then soonest due."""
    if not user.has_perm("triage.view_queue"):
        raise PermissionDenied
    filters = filters or QueueFilters()
    now = now or timezone.now()
    contacts = Contact.objects.filter(team_id=user.team_id)
    if filters.status in Contact.Status.values:
        contacts = contacts.filter(status=filters.status)
    else:
        contacts = contacts.filter(status__in=AWAITING_DECISION)
    if filters.urgency.isdigit():
        contacts = contacts.filter(urgency=int(filters.urgency))
    if filters.due == "overdue":
        contacts = contacts.filter(decision_due_at__lte=now)
    elif filters.due == "soon":
        contacts = contacts.filter(decision_due_at__gt=now, decision_due_at__lte=now + AMBER_WITHIN)
    elif filters.due == "today":
        end_of_today = timezone.make_aware(datetime.combine(timezone.localdate(now), time.max))
        contacts = contacts.filter(decision_due_at__gt=now, decision_due_at__lte=end_of_today)
    elif filters.due == "later":
        end_of_today = timezone.make_aware(datetime.combine(timezone.localdate(now), time.max))
        contacts = contacts.filter(decision_due_at__gt=end_of_today)
    if filters.channel:
        contacts = contacts.filter(channel=filters.channel)
    if filters.source:
        contacts = contacts.filter(referral_source=filters.source)
    if filters.allocated == "me":
        contacts = contacts.filter(allocated_to=user)
    elif filters.allocated == "none":
        contacts = contacts.filter(allocated_to__isnull=True)
    elif filters.allocated:
        with contextlib.suppress(ValueError):
            contacts = contacts.filter(allocated_to_id=uuid.UUID(filters.allocated))
    return contacts.order_by("urgency", "decision_due_at", "received_at")


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One row of the queue as plain values: a page shows 50 of thousands, and model instances, prefetched
    decisions and per-row lookups cost more than the query (issue 17). Named as on Contact, so that the
    lifecycle's rules read it as they read a contact."""

    pk: uuid.UUID
    reference: str
    team_id: uuid.UUID
    status: str
    urgency: int
    channel: str
    referral_source: str
    received_at: datetime
    decision_due_at: datetime
    allocated_to_id: uuid.UUID | None
    allocated_to_name: str  # "" when nobody holds it
    children: str  # their full names as ContactChild.full_name gives them, joined by ", " ("" if none known)
    returned: bool  # its latest decision was returned by a manager
    transfer: (
        tuple[str, str] | None
    )  # its latest transfer's direction and the team it came from, if it came here


_QUEUE_COLUMNS = (
    "pk", "reference", "team_id", "status", "urgency", "channel", "referral_source", "received_at",
    "decision_due_at", "allocated_to_id", "allocated_to__first_name", "allocated_to__last_name",
    "allocated_to__username",
)  # fmt: skip


# The latest decision's oversight and the latest transfer of each row, as scalar subqueries on the page's query
# (PostgreSQL runs them for the page's rows only). Written in SQL: as ORM Subquery() expressions they cost more
# to build and compile than the query takes to run. Plain SQL that SQLite and PostgreSQL both read.
_QUEUE_SUBQUERIES = {
    "latest_oversight": (
        "(SELECT d.oversight FROM triage_decision d WHERE d.contact_id = intake_contact.id "
        "ORDER BY d.decided_at DESC LIMIT 1)",
        CharField(),
    ),
    # "direction:team it came from" when the latest transfer brought the contact to its team (directions hold
    # no colon), else NULL
    "transfer_here": (
        "(SELECT CASE WHEN t.to_team_id = intake_contact.team_id THEN t.direction || ':' || f.name END "
        "FROM triage_transfer t JOIN accounts_team f ON f.id = t.from_team_id "
        "WHERE t.contact_id = intake_contact.id ORDER BY t.transferred_at DESC LIMIT 1)",
        CharField(),
    ),
}


# The children's names as ContactChild.full_name gives them, in its order, joined: one more subquery, not a query.
# PostgreSQL orders inside string_agg; SQLite (before 3.44) concatenates in the order of an ordered subquery
_CHILD_NAME = (
    "CASE WHEN c.date_of_birth IS NULL AND c.expected_date_of_birth IS NOT NULL AND c.given_name = '' "
    "THEN TRIM('Unborn baby ' || c.family_name) ELSE c.given_name || ' ' || c.family_name END"
)
_CHILDREN = {  # constants only, no input
    "postgresql": f"(SELECT string_agg({_CHILD_NAME}, ', ' ORDER BY c.family_name, c.given_name) "  # noqa: S608
    "FROM intake_contactchild c WHERE c.contact_id = intake_contact.id)",
    "sqlite": f"(SELECT group_concat(name, ', ') FROM (SELECT {_CHILD_NAME} AS name "  # noqa: S608
    "FROM intake_contactchild c WHERE c.contact_id = intake_contact.id ORDER BY c.family_name, c.given_name))",
}


def queue_entries(contacts: QuerySet[Contact]) -> list[QueueEntry]:
    """The rows of one page of `queue_for` (the page's slice of it), in one query whatever the page holds."""
    from django.db import connections

    subqueries = {
        "children_names": (_CHILDREN[connections[contacts.db].vendor], CharField()),
        **_QUEUE_SUBQUERIES,
    }
    # constant SQL, no input in it
    extra = {name: RawSQL(sql, (), output_field=field) for name, (sql, field) in subqueries.items()}  # noqa: S611
    rows = contacts.annotate(**extra).values_list(*_QUEUE_COLUMNS, *subqueries)
    directions = dict(Transfer.Direction.choices)
    entries = []
    for (pk, reference, team_id, status, urgency, channel, source, received_at, due, holder_id, first, last,
         username, children, oversight, transfer_here) in rows:  # fmt: skip
        transfer = None
        if transfer_here:
            direction, from_team = transfer_here.split(":", 1)
            transfer = (str(directions.get(direction, direction)), from_team)
        entries.append(
            QueueEntry(
                pk,
                reference,
                team_id,
                status,
                urgency,
                channel,
                source,
                received_at,
                due,
                holder_id,
                (f"{first} {last}".strip() or username) if holder_id else "",
                children or "",
                oversight == Decision.Oversight.RETURNED,
                transfer,
            )  # fmt: skip
        )
    return entries


# The benchmark's second floor (bench/bench_http.py): the first page of the queue as one raw SQL query, no ORM
QUEUE_FLOOR_SQL = """
    SELECT c.id, c.reference, c.status, c.urgency, c.channel, c.referral_source, c.received_at, c.decision_due_at,
           u.first_name, u.last_name
    FROM intake_contact c LEFT JOIN accounts_user u ON u.id = c.allocated_to_id
    WHERE c.team_id = %s AND c.status IN (%s, %s)
    ORDER BY c.urgency, c.decision_due_at, c.received_at
    LIMIT 50"""


def queue_floor_rows(user) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """The same 50 rows as the first page of `queue_for`, fetched with one raw query (a floor to compare with)."""
    if not user.has_perm("triage.view_queue"):
        raise PermissionDenied
    from django.db import connection

    team = Contact._meta.get_field("team").target_field.get_db_prep_value(user.team_id, connection)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(QUEUE_FLOOR_SQL, [team, *AWAITING_DECISION])
        return list(cursor.fetchall())


@dataclass(frozen=True, slots=True)
class TeamMember:
    pk: uuid.UUID
    display_name: str


def team_members(user) -> list[TeamMember]:  # type: ignore[no-untyped-def]
    """Who in the user's team can be allocated a contact (for the queue's filter), as values: the filter needs
    their ids and names only."""
    if not user.has_perm("triage.view_queue"):
        raise PermissionDenied
    rows = (
        User.objects.filter(
            team_id=user.team_id,
            is_active=True,
            role__in=["social_worker", "early_help_worker", "team_manager"],
        )
        .order_by("first_name", "last_name")
        .values_list("pk", "first_name", "last_name", "username")
    )
    # as User.display_name gives it
    return [TeamMember(pk, f"{first} {last}".strip() or username) for pk, first, last, username in rows]


@dataclass(frozen=True, slots=True)
class QueueCounts:
    contacts: int  # in the queue as filtered
    callbacks_waiting: int
    unread_notifications: int


def queue_counts(user, contacts: QuerySet[Contact]) -> QueueCounts:  # type: ignore[no-untyped-def]
    """The queue page's three counts in one query (three round trips and aggregate compilations cost more than
    counting: issue 17). `contacts` is the user's queue from `queue_for`."""
    counted = [contacts, callbacks_for(user), notifications_for(user, unread_only=True)]
    parts, params = [], []
    for queryset in counted:
        sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted)")  # noqa: S608 - Django's compiled SQL, params apart
        params.extend(query_params)
    from django.db import connections

    with connections[contacts.db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return QueueCounts(*row)


def other_teams(user, contact: Contact) -> list[Team]:  # type: ignore[no-untyped-def]
    if not user.has_perm("triage.work_on_contact", contact):
        raise PermissionDenied
    return list(Team.objects.exclude(pk=contact.team_id).order_by("name"))


def _log_access(user, contact_id: object, contact: Contact | None, path: str, allowed: bool) -> None:  # type: ignore[no-untyped-def]
    auditor.record_access(
        actor=user,
        object_type="intake.Contact",
        object_id=str(contact_id),
        reference=contact.reference if contact else "",
        path=path,
        granted=allowed,
    )


def contact_for(user, contact_id: uuid.UUID, *, path: str) -> Contact:  # type: ignore[no-untyped-def]
    """One contact, if the user may see it. Every look, allowed or not, goes in the access log."""
    contact = (
        Contact.objects.select_related("team", "allocated_to", "logged_by")
        .prefetch_related(
            "children",
            "adults",
            Prefetch("decisions", queryset=Decision.objects.select_related("decided_by", "overseen_by")),
            Prefetch("callbacks", queryset=CallbackRequest.objects.select_related("requested_by", "done_by")),
            "conversations__recorded_by",
            Prefetch(
                "agency_checks", queryset=AgencyCheck.objects.select_related("recorded_by", "authorised_by")
            ),
            "transfers__from_team",
            "transfers__to_team",
            "transfers__transferred_by",
            "attachments__uploaded_by",
        )
        .filter(pk=contact_id)
        .first()
    )
    allowed = contact is not None and user.has_perm("intake.view_contact", contact)
    _log_access(user, contact_id, contact, path, allowed)
    if not allowed:
        # The same answer whether it does not exist or is another team's: nothing to learn by guessing
        raise Http404
    assert contact is not None
    return contact


def pending_decision_for(user, contact: Contact) -> Decision | None:  # type: ignore[no-untyped-def]
    if not user.has_perm("intake.view_contact", contact):
        raise PermissionDenied
    return contact.decisions.filter(oversight=Decision.Oversight.PENDING).select_related("decided_by").first()


def agency_check_for(user, contact: Contact, check_id: uuid.UUID) -> AgencyCheck:  # type: ignore[no-untyped-def]
    check = AgencyCheck.objects.select_related("contact").filter(pk=check_id, contact=contact).first()
    if check is None or not user.has_perm("intake.view_contact", check.contact):
        raise Http404
    return check


def callback_for(user, callback_id: uuid.UUID, *, path: str) -> CallbackRequest:  # type: ignore[no-untyped-def]
    callback = CallbackRequest.objects.select_related("contact").filter(pk=callback_id).first()
    allowed = callback is not None and user.has_perm("intake.view_contact", callback.contact)
    _log_access(
        user,
        callback.contact_id if callback else callback_id,
        callback.contact if callback else None,
        path,
        allowed,
    )
    if not allowed:
        raise Http404
    assert callback is not None
    return callback


def callbacks_for(user) -> QuerySet[CallbackRequest]:  # type: ignore[no-untyped-def]
    """The team's referrers waiting for a social worker to call them back, longest waiting first."""
    if not user.has_perm("triage.view_queue"):
        raise PermissionDenied
    return (
        CallbackRequest.objects.filter(contact__team_id=user.team_id, done_at__isnull=True)
        .select_related("contact", "requested_by")
        .order_by("requested_at")
    )


def delivery_of(user, contact: Contact) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    """The emails about this contact and whether they were delivered."""
    if not user.has_perm("intake.view_contact", contact):
        raise PermissionDenied
    return list(OutboxMessage.objects.filter(about_id=str(contact.pk)).order_by("created_at"))


# --- The manager's view -------------------------------------------------------------------------------


@dataclass
class OversightView:
    awaiting_oversight: list[Decision]
    near_deadline: list[Contact]
    awaiting_authorisation: list[AgencyCheck]
    failed_messages: int


def oversight_for(user, now: datetime | None = None) -> OversightView:  # type: ignore[no-untyped-def]
    if not user.has_perm("triage.view_oversight"):
        raise PermissionDenied
    now = now or timezone.now()
    team_contacts = Contact.objects.filter(team_id=user.team_id)
    return OversightView(
        awaiting_oversight=list(
            Decision.objects.filter(
                contact__in=team_contacts,
                oversight=Decision.Oversight.PENDING,
                contact__status=Contact.Status.AWAITING_OVERSIGHT,
            )
            .select_related("contact", "decided_by")
            .prefetch_related("contact__children")
            .order_by("decided_at")
        ),
        near_deadline=list(
            team_contacts.filter(status__in=AWAITING_DECISION, decision_due_at__lte=now + AMBER_WITHIN)
            .select_related("allocated_to")
            .prefetch_related("children", "decisions")
            .order_by("decision_due_at")[:200]
        ),
        awaiting_authorisation=list(
            AgencyCheck.objects.filter(
                contact__in=team_contacts, parents_told=False, authorised_by__isnull=True
            )
            .select_related("contact", "recorded_by")
            .order_by("recorded_at")
        ),
        failed_messages=_failed_count(user),
    )


def _failed_count(user) -> int:  # type: ignore[no-untyped-def]
    from frontdoor.notify.queries import failed_messages_for

    return failed_messages_for(user).count()


# --- History: previous contacts and referrals for the same child --------------------------------------
# The same child is the same Person (rule 11): everything here reads people.queries.history_for.


def same_child_elsewhere(child: ContactChild) -> list[ContactChild]:
    """The same child on other contacts: the children linked to the same Person (none until the child on
    this contact has been linked; a name and date of birth alone are never the same child)."""
    return people_queries.children_linked_to_same_person(child)


@dataclass
class ChildHistory:
    child: ContactChild
    person: Person | None = None  # None until the child is linked (the page says where to link)
    previous_contacts: list[PersonContact] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    referrals_in_last_12_months: int = 0

    @property
    def would_be_re_referral(self) -> bool:
        return self.referrals_in_last_12_months > 0


def history_for(  # type: ignore[no-untyped-def]
    user,
    contact: Contact,
    today: date | None = None,
    *,
    linked: dict[uuid.UUID, Person] | None = None,
    involvement: people_queries.Involvement | None = None,
) -> list[ChildHistory]:
    """For each child on the contact: the Person they are linked to, their other contacts (any team) with
    outcomes, their referrals, and how many referrals they had in the last 12 months: the person's history
    (`people.queries.histories_for`) without this contact. ``linked`` and ``involvement``, when the caller
    has read them, are not read again."""
    if not user.has_perm("intake.view_contact", contact):
        raise PermissionDenied
    children = list(contact.children.all())
    if linked is None:
        linked = people_queries.linked_people_for_contact(user, contact)
    persons = list({p.pk: p for c in children if (p := linked.get(c.pk)) is not None}.values())
    histories = people_queries.histories_for(
        user, persons, exclude_contact=contact, today=today, involvement=involvement
    )
    out = []
    for child in children:
        person = linked.get(child.pk)
        history = histories.get(person.pk) if person is not None else None
        out.append(
            ChildHistory(
                child=child,
                person=person,
                previous_contacts=history.contacts if history else [],
                referrals=history.referrals if history else [],
                referrals_in_last_12_months=history.referrals_in_last_12_months if history else 0,
            )
        )
    return out


@dataclass
class PeopleOnContact:
    children: list[ChildHistory]
    household: list[people_queries.HouseholdMember]  # the children's, without the adults on the contact
    chronology: list[people_queries.TimelineEvent]


def people_on_contact(user, contact: Contact) -> PeopleOnContact:  # type: ignore[no-untyped-def]
    """Who the contact is about: each child's history, their household with its involvement, and one
    chronology of the children, household and adults, from the people's involvement read once (a fixed
    number of queries whatever the size of the household or the length of its history)."""
    linked = people_queries.linked_people_for_contact(user, contact)
    child_ids = {c.pk for c in contact.children.all()}
    children = list({p.pk: p for k, p in linked.items() if k in child_ids}.values())
    adults = {p.pk: p for k, p in linked.items() if k not in child_ids and p not in children}
    members = people_queries.household_of(children) if children else []
    everyone = list({p.pk: p for p in [*children, *(m for m, _ in members), *adults.values()]}.values())
    involvement = people_queries.involvement_of(user, everyone) if everyone else None
    household = (
        people_queries.household_for(user, children, members=members, involvement=involvement)
        if children
        else []
    )
    return PeopleOnContact(
        children=history_for(user, contact, linked=linked, involvement=involvement),
        household=[m for m in household if m.person.pk not in adults],
        chronology=people_queries.chronology_for(user, everyone, involvement=involvement) if everyone else [],
    )


def services_to_suggest(user, contact: Contact, postcode: str = "") -> list[SuggestedService]:  # type: ignore[no-untyped-def]
    """Directory services that fit the contact's concern (from its screening) and its youngest child's age,
    nearest the family's postcode when the worker gives one."""
    if not user.has_perm("intake.view_contact", contact):
        raise PermissionDenied
    today = timezone.localdate()
    ages = [
        (today - child.date_of_birth).days // 365
        for child in contact.children.all()
        if child.date_of_birth and child.date_of_birth <= today
    ]
    return services_for_need(
        directory_categories_for(contact),
        child_age=min(ages) if ages else None,
        postcode=postcode or None,
        limit=6,
    )


# --- Caseloads and allocation -------------------------------------------------------------------------


@dataclass(frozen=True)
class Caseload:
    worker: User
    red: int
    amber: int
    green: int
    oldest_received_at: datetime | None
    limit: int | None

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green

    @property
    def at_limit(self) -> bool:
        return self.limit is not None and self.total >= self.limit

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.total > self.limit


HELD_OPEN = (Contact.Status.IN_PROGRESS, Contact.Status.AWAITING_OVERSIGHT)


def caseload_limit_for(team_id) -> int | None:  # type: ignore[no-untyped-def]
    from .models import CaseloadLimit

    limit = CaseloadLimit.objects.filter(team_id=team_id).first()
    return limit.open_contacts if limit else None


def caseloads_for(user, team_id=None) -> list[Caseload]:  # type: ignore[no-untyped-def]
    """Each worker in the user's team with their open contacts by RAG rating and the oldest one's age."""
    from django.db.models import Count, Min, Q

    team_id = team_id or user.team_id
    if not (user.has_perm("triage.view_queue") and team_id == user.team_id):
        raise PermissionDenied
    from .notifications import CASE_ROLES

    limit = caseload_limit_for(team_id)
    members = User.objects.filter(team_id=team_id, is_active=True, role__in=CASE_ROLES).order_by(
        "first_name", "last_name"
    )
    counts = {
        row["allocated_to"]: row
        for row in Contact.objects.filter(team_id=team_id, status__in=HELD_OPEN, allocated_to__isnull=False)
        .values("allocated_to")
        .annotate(
            red=Count("pk", filter=Q(urgency=Contact.Urgency.RED)),
            amber=Count("pk", filter=Q(urgency=Contact.Urgency.AMBER)),
            green=Count("pk", filter=Q(urgency=Contact.Urgency.GREEN)),
            oldest=Min("received_at"),
        )
    }
    return [
        Caseload(
            worker=member,
            red=counts.get(member.pk, {}).get("red", 0),
            amber=counts.get(member.pk, {}).get("amber", 0),
            green=counts.get(member.pk, {}).get("green", 0),
            oldest_received_at=counts.get(member.pk, {}).get("oldest"),
            limit=limit,
        )
        for member in members
    ]


def allocatable_worker(user, contact: Contact, worker_id) -> User | None:  # type: ignore[no-untyped-def]
    """The worker a manager chose, if they may hold this contact (None otherwise: the service says why)."""
    if not user.has_perm("triage.allocate_contact", contact):
        raise PermissionDenied
    with contextlib.suppress(ValueError, TypeError):
        return User.objects.filter(pk=uuid.UUID(str(worker_id))).first()
    return None


# --- Staff notifications ------------------------------------------------------------------------------


def notifications_for(user, *, unread_only: bool = False) -> QuerySet:  # type: ignore[no-untyped-def,type-arg]
    from .models import StaffNotification

    found = StaffNotification.objects.filter(recipient_id=user.pk).select_related("contact")
    return found.filter(read_at__isnull=True) if unread_only else found


def unread_count(user) -> int:  # type: ignore[no-untyped-def]
    if not (user and user.is_authenticated):
        return 0
    return notifications_for(user, unread_only=True).count()


def child_on(user, contact: Contact, child_id: uuid.UUID) -> ContactChild:  # type: ignore[no-untyped-def]
    child = ContactChild.objects.filter(pk=child_id, contact=contact).first()
    if child is None or not user.has_perm("intake.view_contact", contact):
        raise Http404
    return child


def adult_on(user, contact: Contact, adult_id: uuid.UUID):  # type: ignore[no-untyped-def]
    from frontdoor.intake.models import ContactAdult

    adult = ContactAdult.objects.filter(pk=adult_id, contact=contact).first()
    if adult is None or not user.has_perm("intake.view_contact", contact):
        raise Http404
    return adult


def attachment_for(user, contact: Contact, attachment_id: uuid.UUID, *, path: str):  # type: ignore[no-untyped-def]
    """One attachment of a contact the user may see; every download, allowed or not, is access-logged."""
    from .models import ContactAttachment

    attachment = ContactAttachment.objects.filter(pk=attachment_id, contact=contact).first()
    allowed = attachment is not None and user.has_perm("intake.view_contact", contact)
    auditor.record_access(
        actor=user,
        object_type="triage.ContactAttachment",
        object_id=str(attachment_id),
        reference=contact.reference,
        path=path,
        granted=allowed,
    )
    if not allowed:
        raise Http404
    return attachment
