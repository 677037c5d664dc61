"""Reads for reporting, scoped to the user: analysts any team, team managers their own team.

Two decisions live behind one function each:
- `child_key`: a child is their people.Person (the ContactChild's person link, rule 11 of the architecture): the
  same identity the contact page, the person page and search use (`people.queries.history_for`). A child not
  linked yet is only ever themselves; a name and date of birth typed on a contact are never an identity.
- `referral_rows`: referrals are read from triage.Referral (one per child per agreed social-care-referral
  decision). Families: children named together on a contact are one family, joined across contacts through
  any child they share (`_families`).
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, TruncDate
from django.http import Http404

from frontdoor.accounts.models import Role, Team
from frontdoor.core.calendar import bank_holidays
from frontdoor.core.codes import Outcome
from frontdoor.core.twelve_months import twelve_months_before
from frontdoor.core.union_find import find
from frontdoor.intake.models import Contact, ContactChild
from frontdoor.triage.models import Decision, Referral

from .figures.dashboard import (
    ContactTally,
    Dashboard,
    DueTimes,
    People,
    Timing,
    build_dashboard,
    dashboard_from_tally,
    local_date,
)
from .figures.rows import ChildRow, ContactRow, EarlyHelpRow, ReferralRow
from .models import ExportJob

LONDON = ZoneInfo("Europe/London")
# The Person a ContactChild (or a referral's child) is linked to: at most one link per child on its contact
PERSON_OF_CHILD = "person_links__person_id"
PERSON_OF_REFERRAL = "child__person_links__person_id"


# --- Who may see what ----------------------------------------------------------------------------------


def teams_for(user) -> list[Team]:  # type: ignore[no-untyped-def]
    """The teams the user may choose on the dashboard."""
    if not user.has_perm("reporting.view_performance"):
        raise PermissionDenied
    if user.role == Role.ANALYST:
        return list(Team.objects.order_by("name"))
    return [user.team] if user.team_id else []


def team_in_scope(user, slug: str | None) -> Team | None:  # type: ignore[no-untyped-def]
    """The team to report on (None = every team, analysts only). Refuses a team the user may not see."""
    if not user.has_perm("reporting.view_performance"):
        raise PermissionDenied
    if user.role != Role.ANALYST:
        if not user.team_id or (slug and slug != user.team.slug):
            raise PermissionDenied
        return user.team  # type: ignore[no-any-return]
    if not slug:
        return None
    team = Team.objects.filter(slug=slug).first()
    if team is None:
        raise Http404("No such team")
    if not user.has_perm("reporting.view_team_performance", team):
        raise PermissionDenied
    return team


def can_export(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(user.has_perm("reporting.export_returns"))


def jobs_for(user) -> list[ExportJob]:  # type: ignore[no-untyped-def]
    if not can_export(user):
        raise PermissionDenied
    return list(ExportJob.objects.filter(requested_by=user).order_by("-requested_at")[:20])


def job_for(user, job_id) -> ExportJob:  # type: ignore[no-untyped-def]
    """An export job: only the analyst who asked for it may see it or download its file."""
    if not can_export(user):
        raise PermissionDenied
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None:
        raise Http404("No such export")
    if job.requested_by_id != user.pk:
        raise PermissionDenied
    return job


def record_download(user, job: ExportJob, path: str) -> None:  # type: ignore[no-untyped-def]
    """An export holds children's details: every download is in the access log."""
    from frontdoor.core import auditor

    auditor.record_access(
        actor=user, object_type="reporting.ExportJob", object_id=str(job.pk), path=path, granted=True
    )


# --- Identity ------------------------------------------------------------------------------------------


def _id_text(value: object) -> str:
    """An id as 32 hex digits, whether the ORM gave a UUID or the database gave text (SQLite stores UUIDs
    without hyphens, PostgreSQL casts them with)."""
    if isinstance(value, uuid.UUID):
        return value.hex
    return str(value).replace("-", "").lower()


def child_identity(person_id: object, child_id: object) -> str:
    """Who the child is: their Person; a child not linked to one yet is only ever themselves."""
    if person_id is not None:
        return f"person:{_id_text(person_id)}"
    return f"child:{_id_text(child_id)}"


def child_key(person_id: object, child_id: object) -> str:
    """A stable pseudonymous child id of at most 20 characters (the CIN LAchildID)."""
    basis = child_identity(person_id, child_id)
    return "FD" + hashlib.sha256(basis.encode()).hexdigest()[:14].upper()


def _families(contacts: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """contact id -> family key: children named together are one family, joined through shared children."""
    parent: dict[str, str] = {}
    pairs = list(contacts)
    for _, keys in pairs:
        for other in keys[1:]:
            a, b = find(parent, keys[0]), find(parent, other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {cid: (find(parent, keys[0]) if keys else f"contact:{cid}") for cid, keys in pairs}


# --- Rows ----------------------------------------------------------------------------------------------


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def _team_filter(team: Team | None, field: str = "team") -> Q:
    return Q(**{field: team}) if team is not None else Q()


def _person_name(first: str | None, last: str | None) -> str:
    return " ".join(part for part in (first, last) if part)


@dataclass
class ContactData:
    contacts: list[ContactRow]
    children: dict[str, ChildRow]


def contact_rows(*, team: Team | None, start: date, end: date) -> ContactData:
    """Contacts received from `start` to `end` (local dates), with their final agreed decision."""
    window = Q(received_at__gte=_moment(start), received_at__lt=_moment(end + timedelta(days=1)))
    contact_window = Q(contact__received_at__gte=_moment(start)) & Q(
        contact__received_at__lt=_moment(end + timedelta(days=1))
    )
    keys = _ChildKeys()
    children_of: dict[object, list[str]] = defaultdict(list)
    children: dict[str, ChildRow] = {}
    for contact_id, child_id, given, family, born, person_id in (
        ContactChild.objects.filter(contact_window & _team_filter(team, "contact__team"))
        .order_by("contact_id", "family_name", "given_name")
        .values_list("contact_id", "id", "given_name", "family_name", "date_of_birth", PERSON_OF_CHILD)
    ):
        key = keys(person_id, child_id)
        children_of[contact_id].append(key)
        if key not in children:
            children[key] = ChildRow(key=key, given_name=given, family_name=family, date_of_birth=born)
    decisions: dict[object, tuple[str, datetime, int | None]] = {}
    for contact_id, outcome, decided_at, level in (
        Decision.objects.filter(contact_window & _team_filter(team, "contact__team"))
        .filter(oversight=Decision.Oversight.AGREED)
        .order_by("contact_id", "decided_at", "pk")
        .values_list("contact_id", "outcome", "decided_at", "level_of_need")
    ):
        decisions[contact_id] = (outcome, decided_at, level)  # the latest agreed decision wins
    screenings = _screenings(contact_window & _team_filter(team, "contact__team"))
    raw = list(
        Contact.objects.filter(window & _team_filter(team)).values_list(
            "id",
            "reference",
            "team_id",
            "received_at",
            "channel",
            "referral_source",
            "referrer_agency",
            "referrer__agency__name",
        )
    )
    families = _families((str(row[0]), tuple(children_of.get(row[0], ()))) for row in raw)
    rows = []
    for cid, reference, team_id, received_at, channel, source, agency_text, agency_name in raw:
        outcome, decided_at, level = decisions.get(cid, (None, None, None))
        route, screened_level = screenings.get(cid, (None, None))
        rows.append(
            ContactRow(
                contact_id=str(cid),
                reference=reference,
                team_id=str(team_id),
                received_at=received_at,
                channel=channel,
                source=source,
                agency=(agency_name or agency_text or "").strip(),
                family_key=families[str(cid)],
                child_keys=tuple(children_of.get(cid, ())),
                outcome=outcome,
                decided_at=decided_at,
                decision_level=level,
                screener_route=route,
                screener_level=screened_level,
            )
        )
    return ContactData(rows, children)


def _screenings(contact_filter: Q) -> dict[object, tuple[str, int | None]]:
    from django.apps import apps

    if not apps.is_installed("frontdoor.screener"):
        return {}
    Screening = apps.get_model("screener", "Screening")
    return {
        contact_id: (route, level)
        for contact_id, route, level in Screening.objects.filter(contact_filter).values_list(
            "contact_id", "route", "level"
        )
    }


@dataclass
class ReferralData:
    referrals: list[ReferralRow]
    children: dict[str, ChildRow]
    outcomes: dict[str, str]  # contact id -> the outcome that made the referral


def referral_rows(*, team: Team | None, start: date, end: date) -> ReferralData:
    """THE source of referrals for every report: triage.Referral, referral date from `start` to `end`.
    An NFA referral is closed on its referral date (RC8); others stay open (the case system closes them)."""
    keys = _ChildKeys()
    referrals = []
    children: dict[str, ChildRow] = {}
    outcomes: dict[str, str] = {}
    for (
        rid,
        child_id,
        given,
        family,
        born,
        day,
        team_id,
        team_name,
        source,
        need,
        nfa,
        contact_id,
        outcome,
        first,
        last,
        person_id,
    ) in (
        Referral.objects.filter(_team_filter(team), referral_date__gte=start, referral_date__lte=end)
        .order_by("referral_date", "id")
        .values_list(
            "id",
            "child_id",
            "child__given_name",
            "child__family_name",
            "child__date_of_birth",
            "referral_date",
            "team_id",
            "team__name",
            "source",
            "primary_need",
            "nfa",
            "contact_id",
            "decision__outcome",
            "decision__decided_by__first_name",
            "decision__decided_by__last_name",
            PERSON_OF_REFERRAL,
        )
    ):
        key = keys(person_id, child_id)
        if key not in children:
            children[key] = ChildRow(key=key, given_name=given, family_name=family, date_of_birth=born)
        outcomes[str(contact_id)] = outcome
        referrals.append(
            ReferralRow(
                referral_id=str(rid),
                child_key=key,
                referral_date=day,
                team_id=str(team_id),
                team_name=team_name,
                source=source or None,
                primary_need=need or None,
                nfa=nfa,
                contact_id=str(contact_id),
                worker=_person_name(first, last),
                closure_date=day if nfa else None,
                closure_reason="RC8" if nfa else None,
            )
        )
    return ReferralData(referrals, children, outcomes)


def early_help_rows(
    *, team: Team | None, start: date, end: date
) -> tuple[list[EarlyHelpRow], dict[str, ChildRow]]:
    """Early help episodes: until early help records its own episodes, one per child for every agreed
    early help decision, starting on the day it was decided; no end date."""
    keys = _ChildKeys()
    episodes = []
    children: dict[str, ChildRow] = {}
    counters: dict[str, int] = defaultdict(int)
    for child_id, given, family, born, reference, team_name, decided_at, need, first, last, person_id in (
        ContactChild.objects.filter(
            _team_filter(team, "contact__team"),
            contact__decisions__oversight=Decision.Oversight.AGREED,
            contact__decisions__outcome=Outcome.EARLY_HELP,
            contact__decisions__decided_at__gte=_moment(start),
            contact__decisions__decided_at__lt=_moment(end + timedelta(days=1)),
        )
        .order_by("contact__decisions__decided_at", "contact__reference", "family_name", "given_name")
        .values_list(
            "id",
            "given_name",
            "family_name",
            "date_of_birth",
            "contact__reference",
            "contact__team__name",
            "contact__decisions__decided_at",
            "contact__decisions__primary_need",
            "contact__decisions__decided_by__first_name",
            "contact__decisions__decided_by__last_name",
            PERSON_OF_CHILD,
        )
    ):
        key = keys(person_id, child_id)
        if key not in children:
            children[key] = ChildRow(key=key, given_name=given, family_name=family, date_of_birth=born)
        counters[reference] += 1
        episodes.append(
            EarlyHelpRow(
                episode_id=f"{reference}-{counters[reference]}",
                child_key=key,
                start_date=decided_at.astimezone(LONDON).date(),
                organisation=team_name,
                worker=_person_name(first, last),
                reason=need or "",
            )
        )
    return episodes, children


# --- The dashboard -------------------------------------------------------------------------------------


def dashboard_for(user, *, team_slug: str | None, start: date, end: date) -> tuple[Team | None, Dashboard]:  # type: ignore[no-untyped-def]
    team = team_in_scope(user, team_slug)
    return team, dashboard(team=team, start=start, end=end)


def dashboard(*, team: Team | None, start: date, end: date) -> Dashboard:
    """Not scoped: for commands and benchmarks. Views use `dashboard_for`. The contacts are tallied by the
    database (`contact_tally`); `dashboard_from_rows` is the same dashboard from plain rows."""
    if end < start:
        raise ValueError("The end of the period must not be before its start")
    return dashboard_from_tally(
        start=start,
        end=end,
        tally=contact_tally(team=team, start=start, end=end, due_times=DueTimes(bank_holidays())),
        referrals=dashboard_referrals(team=team, start=twelve_months_before(start), end=end),
    )


def dashboard_from_rows(*, team: Team | None, start: date, end: date) -> Dashboard:
    """The dashboard from every contact and referral row (slower; the reference for `dashboard`)."""
    contacts = contact_rows(team=team, start=start, end=end)
    referrals = referral_rows(team=team, start=twelve_months_before(start), end=end)
    return build_dashboard(
        start=start,
        end=end,
        contacts=contacts.contacts,
        referrals=referrals.referrals,
        bank_holidays=bank_holidays(),
    )


# --- The dashboard's contacts, tallied by the database ---------------------------------------------------


def _counts(queryset: QuerySet[Any], *fields: Any) -> list[tuple[Any, ...]]:
    """(field values…, contacts) per group: one GROUP BY query."""
    return list(queryset.order_by().values_list(*fields).annotate(n=Count("pk")).values_list(*fields, "n"))


def contact_tally(*, team: Team | None, start: date, end: date, due_times: DueTimes) -> ContactTally:
    """What every contact figure needs, with the counting done by GROUP BY queries (SQLite and PostgreSQL) and
    only compact tuples fetched per contact (timings) and per child (identity, for distinct children and
    families). Equal to `tally_contacts` over `contact_rows` (tests/reporting/test_dashboard_sql.py)."""
    window = Q(received_at__gte=_moment(start), received_at__lt=_moment(end + timedelta(days=1)))
    contact_window = Q(contact__received_at__gte=_moment(start)) & Q(
        contact__received_at__lt=_moment(end + timedelta(days=1))
    )
    contacts = Contact.objects.filter(window & _team_filter(team))
    finals = _final_decisions(contact_window & _team_filter(team, "contact__team"))
    day = TruncDate("received_at", tzinfo=LONDON)

    by_day: Counter[tuple[date, str | None]] = Counter()
    undecided: Counter[date] = Counter(dict(_counts(contacts.annotate(day=day), "day")))
    for received, outcome, n in _counts(
        finals.annotate(day=TruncDate("contact__received_at", tzinfo=LONDON)), "day", "outcome"
    ):
        if outcome:
            by_day[(received, outcome)] += n
            undecided[received] -= n
    for received, n in undecided.items():
        if n:
            by_day[(received, None)] += n

    agencies: Counter[tuple[str, str | None]] = Counter()
    for text, name, n in _counts(contacts, "referrer_agency", "referrer__agency__name"):
        agencies[((name or text or "").strip(), None)] += n
    for text, name, outcome, n in _counts(
        finals, "contact__referrer_agency", "contact__referrer__agency__name", "outcome"
    ):
        if outcome:
            agency = (name or text or "").strip()
            agencies[(agency, outcome)] += n
            agencies[(agency, None)] -= n
    agencies = Counter({key: n for key, n in agencies.items() if n})

    routes: Counter[tuple[str, int | None, int | None, str]] = Counter()
    from django.apps import apps

    if apps.is_installed("frontdoor.screener"):
        for route, level, decision_level, outcome, n in _counts(
            finals.filter(contact__screening__isnull=False),
            "contact__screening__route",
            "contact__screening__level",
            "level_of_need",
            "outcome",
        ):
            if outcome:
                routes[(route, level, decision_level, outcome)] += n

    # Timings: one per decided contact, from its final decision (times read as text: much cheaper to parse)
    timings: list[Timing] = []
    for outcome, decided_text, received_text in (
        finals.order_by()
        .annotate(decided=_as_text("decided_at"), received=_as_text("contact__received_at"))
        .values_list("outcome", "decided", "received")
    ):
        if outcome:
            decided_at, received_at = _utc(decided_text), _utc(received_text)
            timings.append(
                (
                    local_date(received_at),
                    (decided_at - received_at).total_seconds() / 3600,
                    decided_at <= due_times.due(received_at),
                )
            )

    # People: each child's identity, grouped by contact, joined into families
    identity = _ChildIdentities()
    children_of: dict[str, list[str]] = defaultdict(list)
    day_of: dict[str, date] = {}
    for contact_id, child_id, person_id, received in (
        ContactChild.objects.filter(contact_window & _team_filter(team, "contact__team"))
        .annotate(
            day=TruncDate("contact__received_at", tzinfo=LONDON),
            contact_text=_as_text("contact_id"),
            child_text=_as_text("id"),
            person_text=_as_text(PERSON_OF_CHILD),
        )
        .order_by()  # order does not matter: only sets and counts are kept
        .values_list("contact_text", "child_text", "person_text", "day")
    ):
        children_of[contact_id].append(identity(person_id, child_id))
        day_of[contact_id] = received
    for contact_id, received in (
        contacts.filter(children__isnull=True)
        .annotate(day=day, contact_text=_as_text("id"))
        .order_by()
        .values_list("contact_text", "day")
    ):
        day_of[contact_id] = received
    families = _families((cid, tuple(children_of.get(cid, ()))) for cid in day_of)
    people: list[People] = [
        (received, families[cid], tuple(children_of.get(cid, ()))) for cid, received in day_of.items()
    ]
    return ContactTally(
        by_day=by_day,
        sources=dict(_counts(contacts, "referral_source")),
        channels=dict(_counts(contacts, "channel")),
        agencies=agencies,
        routes=routes,
        people=people,
        timings=timings,
    )


def _final_decisions(contact_filter: Q) -> QuerySet[Decision]:
    """Each contact's final decision: its latest agreed decision (by decided_at, then id, as `contact_rows`)."""
    later = Decision.objects.filter(contact=OuterRef("contact"), oversight=Decision.Oversight.AGREED).filter(
        Q(decided_at__gt=OuterRef("decided_at")) | Q(decided_at=OuterRef("decided_at"), pk__gt=OuterRef("pk"))
    )
    return Decision.objects.filter(contact_filter, oversight=Decision.Oversight.AGREED).filter(~Exists(later))


def _as_text(field: str) -> Cast:
    return Cast(field, output_field=CharField())


def _utc(text: str) -> datetime:
    """A timestamp read as text: PostgreSQL gives its offset, SQLite stores UTC without one."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class _ChildKeys:
    """`child_key`, remembered: a child named on many contacts or referrals is hashed once."""

    def __init__(self) -> None:
        self._identity = _ChildIdentities()
        self._keys: dict[str, str] = {}

    def __call__(self, person_id: object, child_id: object) -> str:
        basis = self._identity(person_id, child_id)
        key = self._keys.get(basis)
        if key is None:
            key = self._keys[basis] = "FD" + hashlib.sha256(basis.encode()).hexdigest()[:14].upper()
        return key


class _ChildIdentities:
    """`child_identity` (kept as a class so that callers need not change when identity gets richer)."""

    def __call__(self, person_id: object, child_id: object) -> str:
        return child_identity(person_id, child_id)


def dashboard_referrals(*, team: Team | None, start: date, end: date) -> list[ReferralRow]:
    """Referrals from `start` to `end` with only what the dashboard counts (child, date, team)."""
    identity = _ChildIdentities()
    return [
        ReferralRow(
            referral_id=rid,
            child_key=identity(person_id, child_id),
            referral_date=day,
            team_id=team_id,
            source=None,
            primary_need=None,
            nfa=None,
        )
        for rid, child_id, person_id, day, team_id in Referral.objects.filter(
            _team_filter(team), referral_date__gte=start, referral_date__lte=end
        )
        .annotate(
            referral_text=_as_text("id"),
            child_text=_as_text("child_id"),
            team_text=_as_text("team_id"),
            person_text=_as_text(PERSON_OF_REFERRAL),
        )
        .order_by("referral_date", "id")
        .values_list(
            "referral_text",
            "child_text",
            "person_text",
            "referral_date",
            "team_text",
        )
    ]
