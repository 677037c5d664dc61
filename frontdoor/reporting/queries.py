"""Reads for reporting, scoped to the user: analysts any team, team managers their own team.

Two decisions live behind one function each, so they can be switched when the records they stand in for land:
- `child_key`: a child is identified by normalised given name + family name + date of birth of the
  ContactChild (a child without a date of birth is only ever matched to themselves). Switch to the person id
  when every ContactChild links to a people.Person.
- `referral_rows`: referrals are read from triage.Referral (one per child per agreed social-care-referral
  decision). Families: children named together on a contact are one family, joined across contacts through
  any child they share (`_families`).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404

from frontdoor.accounts.models import Role, Team
from frontdoor.core.calendar import bank_holidays
from frontdoor.core.codes import Outcome
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
    one_year_before,
)
from .figures.rows import ChildRow, ContactRow, EarlyHelpRow, ReferralRow
from .models import ExportJob

LONDON = ZoneInfo("Europe/London")


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


def _normalise(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def child_identity(given_name: str, family_name: str, date_of_birth: date | None, child_id: object) -> str:
    """Who the child is: the same string for the same child (what `child_key` hashes)."""
    if date_of_birth is None:
        return f"child:{child_id}"
    return f"{_normalise(given_name)}|{_normalise(family_name)}|{date_of_birth.isoformat()}"


def child_key(given_name: str, family_name: str, date_of_birth: date | None, child_id: object) -> str:
    """A stable pseudonymous child id of at most 20 characters (the CIN LAchildID)."""
    basis = child_identity(given_name, family_name, date_of_birth, child_id)
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
    for contact_id, child_id, given, family, born in (
        ContactChild.objects.filter(contact_window & _team_filter(team, "contact__team"))
        .order_by("contact_id", "family_name", "given_name")
        .values_list("contact_id", "id", "given_name", "family_name", "date_of_birth")
    ):
        key = keys(given, family, born, child_id)
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
        )
    ):
        key = keys(given, family, born, child_id)
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
    for child_id, given, family, born, reference, team_name, decided_at, need, first, last in (
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
        )
    ):
        key = keys(given, family, born, child_id)
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
        referrals=dashboard_referrals(team=team, start=one_year_before(start), end=end),
    )


def dashboard_from_rows(*, team: Team | None, start: date, end: date) -> Dashboard:
    """The dashboard from every contact and referral row (slower; the reference for `dashboard`)."""
    contacts = contact_rows(team=team, start=start, end=end)
    referrals = referral_rows(team=team, start=one_year_before(start), end=end)
    return build_dashboard(
        start=start,
        end=end,
        contacts=contacts.contacts,
        referrals=referrals.referrals,
        bank_holidays=bank_holidays(),
    )


# --- The dashboard's contacts, tallied by the database ---------------------------------------------------


def contact_tally(*, team: Team | None, start: date, end: date, due_times: DueTimes) -> ContactTally:
    """What every contact figure needs, from three set-based queries (SQLite and PostgreSQL alike): one compact
    row per contact (with its screening), one per final decision, one per child; counted here in one pass.
    Equal to `tally_contacts` over `contact_rows` (tests/reporting/test_dashboard_sql.py).

    Why not GROUP BY in the database: each grouping needs the final decision (an anti-join) and the local
    received day (on SQLite a Python function per row), so seven GROUP BYs cost more than reading the rows once."""
    window = Q(received_at__gte=_moment(start), received_at__lt=_moment(end + timedelta(days=1)))
    contact_window = Q(contact__received_at__gte=_moment(start)) & Q(
        contact__received_at__lt=_moment(end + timedelta(days=1))
    )
    from django.apps import apps

    screened = apps.is_installed("frontdoor.screener")
    screening = ("screening__route", "screening__level") if screened else ()
    finals: dict[str, tuple[str, str, int | None]] = {
        contact_id: (outcome, decided, level)
        for contact_id, outcome, decided, level in _final_decisions(
            contact_window & _team_filter(team, "contact__team")
        )
        .order_by()
        .annotate(contact_text=_as_text("contact_id"), decided=_as_text("decided_at"))
        .values_list("contact_text", "outcome", "decided", "level_of_need")
        if outcome
    }
    days = _LocalDays()
    by_day: Counter[tuple[date, str | None]] = Counter()
    sources: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    agencies: Counter[tuple[str, str | None]] = Counter()
    routes: Counter[tuple[str, int | None, int | None, str]] = Counter()
    timings: list[Timing] = []
    day_of: dict[str, date] = {}
    for contact_id, received_text, agency_text, agency_name, source, channel, *screen in (
        Contact.objects.filter(window & _team_filter(team))
        .order_by()
        .annotate(contact_text=_as_text("id"), received=_as_text("received_at"))
        .values_list(
            "contact_text",
            "received",
            "referrer_agency",
            "referrer__agency__name",
            "referral_source",
            "channel",
            *screening,
        )  # fmt: skip
    ):
        day = day_of[contact_id] = days(received_text)
        final = finals.get(contact_id)
        outcome = final[0] if final else None
        by_day[(day, outcome)] += 1
        sources[source] += 1
        channels[channel] += 1
        agencies[((agency_name or agency_text or "").strip(), outcome)] += 1
        if final is None:
            continue
        route = screen[0] if screen else None
        if route is not None:
            routes[(route, screen[1], final[2], final[0])] += 1
        decided_at, received_at = _utc(final[1]), _utc(received_text)
        timings.append(
            (day, (decided_at - received_at).total_seconds() / 3600, decided_at <= due_times.due(received_at))
        )

    # People: each child's identity, grouped by contact, joined into families
    identity = _ChildIdentities()
    children_of: dict[str, list[str]] = defaultdict(list)
    for contact_id, child_id, given, family, born in (
        ContactChild.objects.filter(contact_window & _team_filter(team, "contact__team"))
        .annotate(contact_text=_as_text("contact_id"), child_text=_as_text("id"))
        .order_by()  # order does not matter: only sets and counts are kept
        .values_list("contact_text", "child_text", "given_name", "family_name", "date_of_birth")
    ):
        children_of[contact_id].append(identity(given, family, born, child_id))
    families = _families((cid, tuple(children_of.get(cid, ()))) for cid in day_of)
    people: list[People] = [
        (received, families[cid], tuple(children_of.get(cid, ()))) for cid, received in day_of.items()
    ]
    return ContactTally(
        by_day=by_day,
        sources=dict(sources),
        channels=dict(channels),
        agencies=agencies,
        routes=routes,
        people=people,
        timings=timings,
    )


class _LocalDays:
    """The local (Europe/London) date of a timestamp read as text, worked out once per UTC hour: the UK's
    offset is always whole hours, so every moment in one UTC hour falls on the same local day."""

    def __init__(self) -> None:
        self._days: dict[str, date] = {}

    def __call__(self, text: str) -> date:
        hour = text[:13]  # "YYYY-MM-DD HH" (SQLite stores UTC; PostgreSQL's session is UTC)
        day = self._days.get(hour)
        if day is None:
            day = self._days[hour] = local_date(_utc(text))
        return day


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

    def __call__(self, given: str, family: str, born: date | None, child_id: object) -> str:
        basis = self._identity(given, family, born, child_id)
        key = self._keys.get(basis)
        if key is None:
            key = self._keys[basis] = "FD" + hashlib.sha256(basis.encode()).hexdigest()[:14].upper()
        return key


class _ChildIdentities:
    """`child_identity`, remembered: a child named on many contacts is normalised once."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str, date], str] = {}
        self._names: dict[str, str] = {}

    def _name(self, name: str) -> str:
        normal = self._names.get(name)
        if normal is None:
            normal = self._names[name] = _normalise(name)
        return normal

    def __call__(self, given: str, family: str, born: date | None, child_id: object) -> str:
        if born is None:
            return child_identity(given, family, born, child_id)
        basis = (given, family, born)
        known = self._known.get(basis)
        if known is None:
            # as child_identity, with each name normalised once
            known = self._known[basis] = f"{self._name(given)}|{self._name(family)}|{born.isoformat()}"
        return known


def dashboard_referrals(*, team: Team | None, start: date, end: date) -> list[ReferralRow]:
    """Referrals from `start` to `end` with only what the dashboard counts (child, date, team)."""
    identity = _ChildIdentities()
    return [
        ReferralRow(
            referral_id=rid,
            child_key=identity(given, family, born, child_id),
            referral_date=day,
            team_id=team_id,
            source=None,
            primary_need=None,
            nfa=None,
        )
        for rid, child_id, given, family, born, day, team_id in Referral.objects.filter(
            _team_filter(team), referral_date__gte=start, referral_date__lte=end
        )
        .annotate(
            referral_text=_as_text("id"), child_text=_as_text("child_id"), team_text=_as_text("team_id")
        )
        .order_by("referral_date", "id")
        .values_list(
            "referral_text",
            "child_text",
            "child__given_name",
            "child__family_name",
            "child__date_of_birth",
            "referral_date",
            "team_text",
        )
    ]
