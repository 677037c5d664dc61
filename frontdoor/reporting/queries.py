"""Reads for reporting, scoped to the user: analysts any team, team managers their own team.

Two decisions live behind one function each:
- `child_key`: a child is their people.Person (the ContactChild's person link, rule 11 of the architecture): the
  same identity the contact page, the person page and search use (`people.queries.history_for`). A child not
  linked yet is only ever themselves; a name and date of birth typed on a contact are never an identity.
  The returns take sex, ethnicity, dates, identifiers and disability from the person record, and use the
  person's reference as the LAchildID (`person_key`).
- `referral_rows`: referrals are read from triage.Referral (one per child per agreed social-care-referral
  decision). Families: children named together on a contact are one family, joined across contacts through
  any child they share (`_families`).
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404

from frontdoor.accounts.models import Role, Team
from frontdoor.core.calendar import bank_holidays
from frontdoor.core.codes import Outcome
from frontdoor.core.twelve_months import twelve_months_before
from frontdoor.core.union_find import find
from frontdoor.intake.models import Contact, ContactChild
from frontdoor.triage.models import Decision, Referral

from .figures.cin_census import NFA_CLOSURE_REASON, CensusReferral
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
from .figures.rows import (
    AddressRow,
    ChildRow,
    ContactRow,
    EarlyHelpRow,
    PersonExtras,
    ReferralRow,
    StaffRow,
    TeamRow,
)
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


def readiness_permission(user) -> None:  # type: ignore[no-untyped-def]
    from frontdoor.core.permissions import Permission

    if not user.has_perm(Permission.VIEW_RETURNS_READINESS):
        raise PermissionDenied
    if user.role != Role.ANALYST and not user.team_id:
        raise PermissionDenied


def readiness_for(user, *, year: int):  # type: ignore[no-untyped-def]
    """The returns readiness of a census year's children (contacts and referrals from 1 April to 31 March):
    analysts every team's, a team manager their own team's. Every opening is in the access log."""
    from frontdoor.core import auditor

    from .figures.cin_census import census_period
    from .figures.readiness import readiness

    readiness_permission(user)
    team = None if user.role == Role.ANALYST else user.team
    start, reference_date = census_period(year)
    contacts = contact_rows(team=team, start=start, end=reference_date)
    referrals = referral_rows(team=team, start=start, end=reference_date)
    first_referrals: dict[str, date] = {}
    contact_of: dict[str, str] = {}
    for referral in referrals.referrals:  # oldest first
        first_referrals.setdefault(referral.child_key, referral.referral_date)
        contact_of.setdefault(referral.child_key, referral.contact_id)
    for contact in contacts.contacts:
        for key in contact.child_keys:
            contact_of.setdefault(key, contact.contact_id)
    auditor.record_access(
        actor=user, object_type="reporting.ReturnsReadiness", object_id=str(year),
        path=f"/staff/performance/readiness/?year={year}", granted=True,
    )  # fmt: skip
    return readiness(
        {**contacts.children, **referrals.children}.values(),
        reference_date=reference_date,
        first_referrals=first_referrals,
        contacts=contact_of,
    )


def can_export(user) -> bool:  # type: ignore[no-untyped-def]
    """May ask for the exports that name children (returns officers only)."""
    from frontdoor.core.permissions import Permission

    return bool(user.has_perm(Permission.EXPORT_NAMED_DATA))


def jobs_for(user) -> list[ExportJob]:  # type: ignore[no-untyped-def]
    if not can_export(user):
        raise PermissionDenied
    return list(ExportJob.objects.filter(requested_by=user).order_by("-requested_at")[:20])


def job_for(user, job_id) -> ExportJob:  # type: ignore[no-untyped-def]
    """An export job: only the returns officer who asked for it may see it or download its file."""
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


def record_dashboard_download(user, table: str, path: str) -> None:  # type: ignore[no-untyped-def]
    """Dashboard downloads are counts, but who took which figures for which period is still on record."""
    from frontdoor.core import auditor

    auditor.record_access(
        actor=user, object_type="reporting.DashboardDownload", object_id=table[:64], path=path, granted=True
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


def person_key(reference: str) -> str:
    """The child id in the returns for a person: their reference without its hyphens and check character
    (which may be a symbol), "PN-85RW-DJ4*" -> "PN85RWDJ4". The CIN LAchildID must be letters and digits
    only (rule 1580); the check character is computed from the rest, so nothing that tells people apart is lost."""
    return reference.replace("-", "")[:-1]


def _families(contacts: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """contact id -> family key: children named together are one family, joined through shared children."""
    pairs = list(contacts)
    joined = _joined_children(keys for _, keys in pairs)
    return {cid: _family(joined, cid, keys) for cid, keys in pairs}


def _joined_children(child_lists: Iterable[Sequence[str]]) -> dict[str, str]:
    """Children named together on a contact, joined (union-find parents). A child never named beside
    another is not in it: most children, whose family is themselves with no lookup to do."""
    parent: dict[str, str] = {}
    for keys in child_lists:
        for other in keys[1:]:
            a, b = find(parent, keys[0]), find(parent, other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return parent


def _family(joined: dict[str, str], contact_id: str, keys: Sequence[str]) -> str:
    if not keys:
        return f"contact:{contact_id}"
    return find(joined, keys[0]) if keys[0] in joined else keys[0]


# --- Rows ----------------------------------------------------------------------------------------------


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def _team_filter(team: Team | None, field: str = "team") -> Q:
    return Q(**{field: team}) if team is not None else Q()


def _person_name(first: str | None, last: str | None) -> str:
    return " ".join(part for part in (first, last) if part)


# The person behind a child: the returns take the identity, sex, ethnicity, dates, identifiers and disability
# from the linked Person (a merge moves the links to the record that is kept), and only fall back to what
# the referrer typed for a child not linked yet.
_PERSON = (
    "id", "reference", "given_name", "family_name", "date_of_birth", "expected_date_of_birth",
    "date_of_death", "sex", "ethnicity", "nhs_number", "upn", "disabilities",
)  # fmt: skip


def _person_fields(prefix: str) -> list[str]:
    return [prefix + name for name in _PERSON]


def _known_child(
    keys: _ChildKeys,
    children: dict[str, ChildRow],
    child_id: object,
    given: str,
    family: str,
    born: date | None,
    expected: date | None,
    person: list[Any],
) -> str:
    """The child's key, and their row the first time they are met (a child on many rows is read once)."""
    key = keys(person[0], child_id, person[1])
    if key not in children:
        children[key] = _child_row(key, given, family, born, expected, person)
    return key


def _child_row(
    key: str, given: str, family: str, born: date | None, expected: date | None, person: list[Any]
) -> ChildRow:
    (pid, _, p_given, p_family, p_born, p_expected, died, sex, ethnicity, nhs, upn, disabilities) = person
    if pid is None:
        return ChildRow(
            key=key, given_name=given, family_name=family, date_of_birth=born,
            expected_date_of_birth=None if born else expected,
        )  # fmt: skip
    born = p_born or (None if p_expected else born)
    return ChildRow(
        key=key,
        given_name=p_given or given,
        family_name=p_family or family,
        date_of_birth=born,
        expected_date_of_birth=None if born else (p_expected or expected),
        date_of_death=died,
        sex=sex or None,
        ethnicity=ethnicity or None,
        upn=upn or None,
        nhs_number=nhs or None,
        disabilities=tuple((disabilities or "").split()),
        person_id=str(pid),
    )


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
    for contact_id, child_id, given, family, born, expected, *person in (
        ContactChild.objects.filter(contact_window & _team_filter(team, "contact__team"))
        .order_by("contact_id", "family_name", "given_name")
        .values_list(
            "contact_id",
            "id",
            "given_name",
            "family_name",
            "date_of_birth",
            "expected_date_of_birth",
            *_person_fields("person_links__person__"),
        )  # fmt: skip
    ):
        key = keys(person[0], child_id, person[1])
        children_of[contact_id].append(key)
        if key not in children:
            children[key] = _child_row(key, given, family, born, expected, person)
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
    An NFA referral is closed on its referral date (RC7, see figures.cin_census); others stay open (the case
    system closes them)."""
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
        worker_id,
        expected,
        *person,
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
            "decision__decided_by_id",
            "child__expected_date_of_birth",
            *_person_fields("child__person_links__person__"),
        )
    ):
        key = _known_child(keys, children, child_id, given, family, born, expected, person)
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
                worker_id=str(worker_id or ""),
                closure_date=day if nfa else None,
                closure_reason=NFA_CLOSURE_REASON if nfa else None,
            )
        )
    return ReferralData(referrals, children, outcomes)


@dataclass
class CensusReferrals:
    children: dict[str, ChildRow]
    referrals: dict[str, list[CensusReferral]]  # child key -> their referrals, in no particular order


def census_referrals(*, start: date, end: date) -> CensusReferrals:
    """The referrals of a census year with only what the CIN census needs (no team, decision or worker), in
    one query without joins the census does not use, grouped by child here rather than ordered by the
    database: the same children and referrals as `referral_rows`, several times faster for a large council.
    Plain tuples, not `ReferralRow`s: building 40,000 objects was a fifth of the export's time."""
    keys = _ChildKeys()
    children: dict[str, ChildRow] = {}
    referrals: dict[str, list[CensusReferral]] = defaultdict(list)
    for rid, child_id, given, family, born, expected, day, source, need, nfa, *person in Referral.objects.filter(
        referral_date__gte=start, referral_date__lte=end
    ).order_by().annotate(referral_text=_as_text("id")).values_list(
        "referral_text", "child_id", "child__given_name", "child__family_name", "child__date_of_birth",
        "child__expected_date_of_birth", "referral_date", "source", "primary_need", "nfa",
        *_person_fields("child__person_links__person__"),
    ):  # fmt: skip
        key = _known_child(keys, children, child_id, given, family, born, expected, person)
        referrals[key].append((day, rid, source or None, need or None, nfa))
    return CensusReferrals(children, referrals)


def annex_a_contacts(*, start: date, end: date) -> ContactData:
    """Contacts received from `start` to `end` with only what Annex A list 1 needs (when, the source, each
    child from their person record): one query, no decisions, screenings or families."""
    keys = _ChildKeys()
    children: dict[str, ChildRow] = {}
    by_contact: dict[str, tuple[datetime, str, list[str]]] = {}
    moments: dict[str, datetime] = {}
    for contact_id, received_text, source, child_id, given, family, born, expected, *person in (
        ContactChild.objects.filter(
            contact__received_at__gte=_moment(start),
            contact__received_at__lt=_moment(end + timedelta(days=1)),
        )
        .order_by()
        .annotate(  # text: much cheaper to read than a timestamp or a UUID
            contact_text=_as_text("contact_id"), received_text=_as_text("contact__received_at")
        )
        .values_list(
            "contact_text",
            "received_text",
            "contact__referral_source",
            "id",
            "given_name",
            "family_name",
            "date_of_birth",
            "expected_date_of_birth",
            *_person_fields("person_links__person__"),
        )  # fmt: skip
    ):
        key = _known_child(keys, children, child_id, given, family, born, expected, person)
        received_at = moments.get(received_text)
        if received_at is None:
            received_at = moments[received_text] = _utc(received_text)
        entry = by_contact.get(contact_id)
        if entry is None:
            entry = by_contact[contact_id] = (received_at, source, [])
        entry[2].append((family, given, key))  # type: ignore[arg-type]
    contacts = [
        ContactRow(
            contact_id=cid,
            team_id="",
            received_at=received_at,
            channel="",
            source=source,
            agency="",
            family_key="",
            child_keys=tuple(key for _, _, key in sorted(named)),  # type: ignore[misc]
        )  # fmt: skip
        for cid, (received_at, source, named) in by_contact.items()
    ]
    return ContactData(contacts, children)


def annex_a_referrals(*, start: date, end: date) -> ReferralData:
    """Referrals from `start` to `end` with only what Annex A list 3 needs (as `census_referrals`, plus the
    team and the worker), one query ordered here."""
    keys = _ChildKeys()
    children: dict[str, ChildRow] = {}
    rows = []
    for rid, child_id, given, family, born, expected, day, source, nfa, team_name, first, last, *person in (
        Referral.objects.filter(referral_date__gte=start, referral_date__lte=end)
        .order_by()
        .annotate(referral_text=_as_text("id"))  # sorted on below: text compares much faster than a UUID
        .values_list(
            "referral_text",
            "child_id",
            "child__given_name",
            "child__family_name",
            "child__date_of_birth",
            "child__expected_date_of_birth",
            "referral_date",
            "source",
            "nfa",
            "team__name",
            "decision__decided_by__first_name",
            "decision__decided_by__last_name",
            *_person_fields("child__person_links__person__"),
        )  # fmt: skip
    ):
        key = _known_child(keys, children, child_id, given, family, born, expected, person)
        rows.append(
            ReferralRow(
                referral_id=rid,
                child_key=key,
                referral_date=day,
                team_id="",
                source=source or None,
                primary_need=None,
                nfa=nfa,
                team_name=team_name,
                worker=_person_name(first, last),
            )  # fmt: skip
        )
    rows.sort(key=lambda r: (r.referral_date, r.referral_id))
    return ReferralData(rows, children, {})


def early_help_rows(
    *, team: Team | None, start: date, end: date
) -> tuple[list[EarlyHelpRow], dict[str, ChildRow]]:
    """Early help episodes: until early help records its own episodes, one per child for every agreed
    early help decision, starting on the day it was decided; no end date."""
    keys = _ChildKeys()
    episodes = []
    children: dict[str, ChildRow] = {}
    counters: dict[str, int] = defaultdict(int)
    for (
        child_id,
        given,
        family,
        born,
        reference,
        team_name,
        decided_at,
        need,
        first,
        last,
        team_id,
        worker_id,
        expected,
        *person,
    ) in (
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
            "contact__team_id",
            "contact__decisions__decided_by_id",
            "expected_date_of_birth",
            *_person_fields("person_links__person__"),
        )
    ):
        key = _known_child(keys, children, child_id, given, family, born, expected, person)
        counters[reference] += 1
        episodes.append(
            EarlyHelpRow(
                episode_id=f"{reference}-{counters[reference]}",
                child_key=key,
                start_date=decided_at.astimezone(LONDON).date(),
                organisation=team_name,
                worker=_person_name(first, last),
                reason=need or "",
                team_id=str(team_id),
                worker_id=str(worker_id or ""),
            )
        )
    return episodes, children


# --- What the SSD says beyond the children: staff, teams, identifiers, families, addresses ---------------


def staff_and_teams(staff_ids: Iterable[str]) -> tuple[list[StaffRow], list[TeamRow]]:
    """The members of staff named on a return, and every team (ids for the SSD's foreign keys)."""
    from frontdoor.accounts.models import User

    wanted = sorted({s for s in staff_ids if s})
    staff = []
    for chunk in _chunks(wanted):
        for pk, first, last, role, team_id in User.objects.filter(pk__in=chunk).values_list(
            "pk", "first_name", "last_name", "role", "team_id"
        ):
            staff.append(
                StaffRow(
                    str(pk), _person_name(first, last), Role(role).label if role else "", str(team_id or "")
                )
            )
    teams = [TeamRow(str(pk), name) for pk, name in Team.objects.values_list("pk", "name")]
    return staff, teams


def person_extras(children: Iterable[ChildRow]) -> tuple[dict[str, str], PersonExtras]:
    """For the children linked to a person: their person reference (child key -> reference), their families
    (people.Family, only members who are in the extract) and their current and earlier addresses."""
    from frontdoor.people.models import FamilyMember, Person, PersonAddress

    key_of = {child.person_id: child.key for child in children if child.person_id}
    references: dict[str, str] = {}
    families: list[tuple[str, str]] = []
    addresses: list[AddressRow] = []
    for chunk in _chunks(sorted(key_of)):
        for pk, reference, line_1, line_2, town, postcode in Person.objects.filter(pk__in=chunk).values_list(
            "pk", "reference", "address_line_1", "address_line_2", "town", "postcode"
        ):
            references[key_of[str(pk)]] = reference
            if line_1 or postcode:
                addresses.append(AddressRow(key_of[str(pk)], line_1, line_2, town, postcode))
        for pk, line_1, line_2, town, postcode, moved_in, moved_out in PersonAddress.objects.filter(
            person_id__in=chunk
        ).values_list(
            "person_id", "address_line_1", "address_line_2", "town", "postcode", "moved_in", "moved_out"
        ):
            addresses.append(
                AddressRow(
                    key_of[str(pk)], line_1, line_2, town, postcode, moved_in, moved_out, current=False
                )
            )
        for person_id, family in FamilyMember.objects.filter(person_id__in=chunk).values_list(
            "person_id", "family__reference"
        ):
            families.append((family, key_of[str(person_id)]))
    return references, PersonExtras(tuple(families), tuple(addresses))


def _chunks(values: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for index in range(0, len(values), size):
        yield values[index : index + size]


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
    hours = _Hours(due_times)
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
        day = day_of[contact_id] = hours.day(received_text)
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
            (
                day,
                (decided_at - received_at).total_seconds() / 3600,
                decided_at <= hours.due(received_text, received_at),
            )
        )

    # People: each child's identity, grouped by contact, joined into families
    children_of: dict[str, list[str]] = defaultdict(list)
    for contact_id, child_id, person_id in (
        ContactChild.objects.filter(contact_window & _team_filter(team, "contact__team"))
        .annotate(
            contact_text=_as_text("contact_id"),
            child_text=_as_text("id"),
            person_text=_as_text(PERSON_OF_CHILD),
        )
        .order_by()  # order does not matter: only sets and counts are kept
        .values_list("contact_text", "child_text", "person_text")
    ):
        children_of[contact_id].append(_counted_identity(person_id, child_id))
    joined = _joined_children(keys for keys in children_of.values() if len(keys) > 1)
    people: list[People] = []
    for cid, received in day_of.items():
        keys = tuple(children_of.get(cid, ()))
        people.append((received, _family(joined, cid, keys), keys))
    return ContactTally(
        by_day=by_day,
        sources=dict(sources),
        channels=dict(channels),
        agencies=agencies,
        routes=routes,
        people=people,
        timings=timings,
    )


class _Hours:
    """A contact's local (Europe/London) received day and the moment one working day after it (`DueTimes.due`),
    worked out once per UTC hour from timestamps read as text. The UK's offset is whole hours and fixed within
    a UTC hour, so every moment in one falls on the same local day, and one working day after it is either
    that moment moved by the same amount (received on a working day: the same time on the next one) or one
    fixed time (received on a non-working day: the start of the second working day). Where a clock change on
    the due day makes the hour's two ends disagree, each contact of that hour is worked out on its own."""

    def __init__(self, due_times: DueTimes) -> None:
        self._due = due_times.due
        self._hours: dict[str, tuple[date, timedelta | None, datetime | None]] = {}

    def _hour(self, text: str) -> tuple[date, timedelta | None, datetime | None]:
        hour = text[:13]  # "YYYY-MM-DD HH" (SQLite stores UTC; PostgreSQL's session is UTC)
        found = self._hours.get(hour)
        if found is None:
            start = _utc(hour + ":00:00")
            end = start + timedelta(hours=1, microseconds=-1)
            first, last = self._due(start).astimezone(UTC), self._due(end).astimezone(UTC)
            if last - first == end - start:
                found = (local_date(start), first - start, None)
            else:
                found = (local_date(start), None, first if first == last else None)
            self._hours[hour] = found
        return found

    def day(self, text: str) -> date:
        return self._hour(text)[0]

    def due(self, text: str, received_at: datetime) -> datetime:
        _, shift, fixed = self._hour(text)
        if shift is not None:
            return received_at + shift
        return fixed if fixed is not None else self._due(received_at)


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
        self._keys: dict[str, str] = {}

    def __call__(self, person_id: object, child_id: object, person_reference: str | None = None) -> str:
        if person_reference:  # a linked child is their person record (the LAchildID every return uses)
            key = self._keys.get(person_reference)
            if key is None:
                key = self._keys[person_reference] = person_key(person_reference)
            return key
        basis = child_identity(person_id, child_id)
        key = self._keys.get(basis)
        if key is None:
            key = self._keys[basis] = "FD" + hashlib.sha256(basis.encode()).hexdigest()[:14].upper()
        return key


def _counted_identity(person_text: str | None, child_text: str) -> str:
    """Who the child is (as `child_identity`) for counting within one dashboard: from ids the database gave
    as text, used as they are. One backend always gives one id the same text and these never leave the
    dashboard, so there is no need to rewrite a quarter of a million ids a year into one form."""
    return "child:" + child_text if person_text is None else "person:" + person_text


def dashboard_referrals(*, team: Team | None, start: date, end: date) -> list[ReferralRow]:
    """Referrals from `start` to `end` with only what the dashboard counts (child, date, team)."""
    return [
        ReferralRow(
            referral_id=rid,
            child_key=child_identity(person_id, child_id),  # callers look children up by `child_identity`
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
