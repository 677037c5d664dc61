"""Reads about people. Every function takes the user; persons are visible in full only to a team that has a
contact linked to them (or created them). Candidates for a match show only what is needed to decide, and
every look at a person, candidate or not, goes in the access log."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.core import auditor
from frontdoor.core.codes import Outcome
from frontdoor.core.permissions import Permission
from frontdoor.core.references import normalise_reference
from frontdoor.core.twelve_months import referrals_in_last_twelve_months
from frontdoor.intake.models import Contact, ContactChild
from frontdoor.triage.models import AgencyCheck, Decision, Referral

from . import search
from .codes import Role
from .entries import Entry, entries_of, entry_by_key, split_name
from .models import (
    BreakGlass,
    ContactPerson,
    Family,
    FamilyMember,
    MatchRejection,
    MergeRecord,
    Person,
    PossibleDuplicate,
    Relationship,
)

PERSON = "people.Person"
#: How long a stated reason opens another team's person to the one who gave it
BREAK_GLASS_HOURS = 8
#: What a worker sees of a person their team cannot open, before giving a reason
ELSEWHERE = "A possible match known to another team"


class OutsideTeam(PermissionDenied):
    """The person exists but is held by another team: the user may open it by stating why (break-glass)."""

    def __init__(self, person: Person) -> None:
        super().__init__(ELSEWHERE)
        self.person = person


def _log(user: User, person_id: object, reference: str, path: str, granted: bool) -> None:
    auditor.record_access(
        actor=user,
        object_type=PERSON,
        object_id=str(person_id),
        reference=reference,
        path=path,
        granted=granted,
    )


def _opening_team(user: User) -> uuid.UUID | None:
    """The team whose persons the user may open (see visible_persons); None when they may open none."""
    if not user.has_perm("people.view_person") or not user.team_id:
        return None
    return user.team_id


def _team_links(team_id: uuid.UUID) -> QuerySet[ContactPerson]:
    return ContactPerson.objects.filter(contact__team_id=team_id)


def visible_persons(user: User) -> QuerySet[Person]:
    """Persons the user's team has a legitimate reason to open: linked to one of its contacts, or created by
    it. Everyone else's records show only as match candidates, with the minimum needed to decide."""
    team_id = _opening_team(user)
    if team_id is None:
        return Person.objects.none()
    linked = _team_links(team_id).filter(person=OuterRef("pk"))
    broke_glass = BreakGlass.objects.filter(
        user=user, person=OuterRef("pk"), opened_at__gte=timezone.now() - timedelta(hours=BREAK_GLASS_HOURS)
    )
    return Person.objects.filter(Q(Exists(linked)) | Q(created_by_team_id=team_id) | Q(Exists(broke_glass)))


def _held_by_team(user: User, person: Person) -> bool:
    """The user's own team holds the person (a team link or created it): no break-glass involved."""
    team_id = _opening_team(user)
    if team_id is None:
        return False
    return person.created_by_team_id == team_id or _team_links(team_id).filter(person=person).exists()


def can_open(user: User, person: Person) -> bool:
    return visible_persons(user).filter(pk=person.pk).exists()


def person_for(user: User, person_id: uuid.UUID, *, path: str) -> Person:
    """One person, if the user may open their record. Every look, allowed or not, goes in the access log.
    A merged-away record is returned as it is: the view sends the user to the record it was merged into."""
    person = Person.objects.select_related("merged_into").filter(pk=person_id).first()
    allowed = (
        person is not None
        and user.has_perm("people.view_person")
        and can_open(user, person.merged_into or person)
    )
    _log(user, person_id, person.reference if person else "", path, allowed)
    if not allowed:
        if person is not None and user.has_perm(Permission.BREAK_GLASS) and _opening_team(user):
            raise OutsideTeam(person.merged_into or person)
        raise Http404
    assert person is not None
    return person


def break_glass_person(user: User, person_id: uuid.UUID) -> Person:
    """The person someone asks to open by stating why: any stored, unmerged person (the page shows nothing
    of them but that they are held by another team)."""
    if not user.has_perm(Permission.BREAK_GLASS) or not _opening_team(user):
        raise PermissionDenied
    person = Person.objects.filter(pk=person_id, merged_into__isnull=True).first()
    if person is None:
        raise Http404
    return person


def holding_teams(person: Person) -> list[Team]:
    """The teams that hold a person: those with a contact linked to them, and the team that created them."""
    ids = set(ContactPerson.objects.filter(person=person).values_list("contact__team_id", flat=True))
    if person.created_by_team_id:
        ids.add(person.created_by_team_id)
    return list(Team.objects.filter(pk__in=ids).order_by("name"))


def contact_of_next(user: User, next_url: str) -> Contact | None:
    """The user's team's contact whose people page sent them to break the glass, if it did."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(next_url.split("#")[0].split("?")[0]) if next_url else None
    except Resolver404:
        return None
    if match is None or match.view_name != "people:contact_people":
        return None
    contact = Contact.objects.filter(pk=match.kwargs["contact_id"]).first()
    return contact if contact and user.has_perm("intake.view_contact", contact) else None


@dataclass(frozen=True)
class BreakGlassRow:
    opening: BreakGlass
    holding_teams: list[str]


def break_glass_openings_for(user: User, *, limit: int = 200) -> list[BreakGlassRow]:
    """Persons opened by stating a reason: every one for an administrator, those held by their own team for a
    team manager, newest first."""
    if not user.has_perm(Permission.VIEW_BREAK_GLASS):
        raise PermissionDenied
    openings = BreakGlass.objects.select_related("person", "user", "team", "contact")
    if not user.has_perm("core.view_audit"):
        if not user.team_id:
            return []
        held = _team_links(user.team_id).filter(person=OuterRef("person_id"))
        openings = openings.filter(Q(Exists(held)) | Q(person__created_by_team_id=user.team_id)).exclude(
            team_id=user.team_id
        )
    rows = list(openings[:limit])
    teams: dict[uuid.UUID, set[str]] = {}
    for person_id, team in ContactPerson.objects.filter(
        person_id__in=[r.person_id for r in rows]
    ).values_list("person_id", "contact__team__name"):
        teams.setdefault(person_id, set()).add(team)
    return [BreakGlassRow(r, sorted(teams.get(r.person_id, set()))) for r in rows]


def person_to_change(user: User, person_id: uuid.UUID, *, path: str) -> Person:
    """A person the user may change: as ``person_for`` (team link, access logged), plus people.change_person.
    A merged-away record cannot be changed (Http404: the page sends the user to the surviving record)."""
    person = person_for(user, person_id, path=path)
    if not user.has_perm("people.change_person"):
        raise PermissionDenied
    if not _held_by_team(user, person.merged_into or person):
        raise Http404  # opened by breaking the glass: to read, not to change
    return person


def relative_by_reference(user: User, person: Person, reference: str) -> Person | None:
    """Another person the user's team may open, by reference (for adding a relationship); None otherwise."""
    if not user.has_perm("people.change_person"):
        raise PermissionDenied
    # The canonical form, so that the unique index finds it (a case-blind match reads every person).
    canonical = normalise_reference(reference)
    if canonical is None:
        return None
    return (
        visible_persons(user)
        .filter(reference=canonical, merged_into__isnull=True)
        .exclude(pk=person.pk)
        .first()
    )


def families_of(user: User, person: Person) -> list[Family]:
    if not can_open(user, person):
        raise PermissionDenied
    return [m.family for m in person.family_memberships.select_related("family")]


def person_page(user: User, person: Person) -> dict[str, object]:
    """What the person page shows (the caller has already opened the person with ``person_for``)."""
    if not can_open(user, person):
        raise PermissionDenied
    relationships = list(
        Relationship.objects.filter(Q(person=person) | Q(relative=person)).select_related(
            "person", "relative"
        )
    )
    return {
        "other_names": list(person.other_names.all()),
        "addresses": list(person.addresses.all()),
        "relationships": relationships,
        "families": [m.family for m in person.family_memberships.select_related("family")],
        "history": history_for(user, person),
        "merges": list(
            MergeRecord.objects.filter(Q(survivor=person) | Q(merged=person)).select_related(
                "survivor", "merged", "merged_by", "unmerged_by"
            )
        ),
        "duplicates": list(
            PossibleDuplicate.objects.filter(Q(person_a=person) | Q(person_b=person)).select_related(
                "person_a", "person_b"
            )
        ),
    }


# --- History: the person's contacts and referrals, whichever team had them ----------------------------
# THE history of a child (rule 11): the contact page, the person page, search and the re-referral flags all
# read it from `history_for` / `histories_for`, counting with the one 12-month rule of frontdoor.core.


@dataclass(frozen=True)
class PersonContact:
    reference: str
    received_at: datetime
    team: str
    role: str
    result: str
    was_referral: bool
    url: str  # empty when the user may not open it (another team's)
    is_open: bool = False  # awaiting a decision or oversight


@dataclass
class PersonHistory:
    person: Person
    contacts: list[PersonContact] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    referrals_in_last_12_months: int = 0

    @property
    def would_be_re_referral(self) -> bool:
        return self.referrals_in_last_12_months > 0

    @property
    def open_contacts(self) -> list[PersonContact]:
        return [c for c in self.contacts if c.is_open]

    @property
    def previous_contacts(self) -> list[PersonContact]:
        return [c for c in self.contacts if not c.is_open]

    @property
    def involvement(self) -> str:
        """In a few words, for the household table."""
        if self.open_contacts:
            return "Open contact now"
        if self.referrals:
            return f"Previously referred ({len(self.referrals)})"
        if self.contacts:
            return f"Previous contacts ({len(self.contacts)})"
        return "Not known before"


def _openable_contacts(user: User, contacts: Iterable[Contact]) -> set[uuid.UUID]:
    """The contacts the user may open, asking the permission once per team (it depends on the team alone:
    asked per contact, a child with 40 contacts spent most of the page's time here)."""
    by_team: dict[uuid.UUID, bool] = {}
    out = set()
    for contact in contacts:
        if contact.team_id not in by_team:
            by_team[contact.team_id] = bool(user.has_perm("intake.view_contact", contact))
        if by_team[contact.team_id]:
            out.add(contact.pk)
    return out


def _result(contact: Contact, decision: Decision | None) -> str:
    if decision and contact.status == Contact.Status.DECIDED:
        return str(Outcome(decision.outcome).label)
    if decision:
        return f"{Outcome(decision.outcome).label} (awaiting oversight)"
    return contact.get_status_display()


@dataclass
class Involvement:
    """What the records hold about some persons, loaded once for all of them: their links to contacts, those
    contacts' decisions (returned ones left out), their referrals, and which of the contacts the user may
    open. A household's histories and its chronology are both built from one (three queries)."""

    links_of: dict[uuid.UUID, list[ContactPerson]]
    contacts: dict[uuid.UUID, Contact]
    decisions_of: dict[uuid.UUID, list[Decision]]  # by contact, oldest first
    referrals_of: dict[uuid.UUID, list[Referral]]  # by person, newest first
    openable: set[uuid.UUID]


def involvement_of(user: User, persons: Iterable[Person]) -> Involvement:
    if not user.has_perm("people.view_person"):
        raise PermissionDenied
    ids = [p.pk for p in persons]
    links_of: dict[uuid.UUID, list[ContactPerson]] = {}
    contacts: dict[uuid.UUID, Contact] = {}
    # The contact's own columns without its free text (the concern can run to pages and is not shown here)
    for link in (
        ContactPerson.objects.filter(person_id__in=ids)
        .select_related("contact__team")
        .defer("contact__concern")
    ):
        links_of.setdefault(link.person_id, []).append(link)  # type: ignore[arg-type]
        contacts[link.contact_id] = link.contact
    decisions_of: dict[uuid.UUID, list[Decision]] = {}
    for decision in (
        Decision.objects.filter(contact_id__in=contacts)
        .exclude(oversight=Decision.Oversight.RETURNED)
        .order_by("decided_at")
    ):
        decisions_of.setdefault(decision.contact_id, []).append(decision)  # type: ignore[arg-type]
    referrals_of: dict[uuid.UUID, list[Referral]] = {}
    for referral in (
        Referral.objects.filter(child__person_links__person_id__in=ids)
        .annotate(person_id=F("child__person_links__person_id"))
        .order_by("-referral_date", "pk")
    ):
        referrals_of.setdefault(referral.person_id, []).append(referral)  # type: ignore[attr-defined]
    return Involvement(
        links_of, contacts, decisions_of, referrals_of, _openable_contacts(user, contacts.values())
    )


def histories_for(
    user: User,
    persons: list[Person],
    *,
    exclude_contact: Contact | None = None,
    today: date | None = None,
    involvement: Involvement | None = None,
) -> dict[uuid.UUID, PersonHistory]:
    """`history_for` for several persons (a household) in a fixed number of queries, whatever its size
    (none, given their `involvement_of`)."""
    if not user.has_perm("people.view_person"):
        raise PermissionDenied
    involvement = involvement or involvement_of(user, persons)
    today = today or timezone.localdate()
    excluded = exclude_contact.pk if exclude_contact is not None else None
    contacts, openable = involvement.contacts, involvement.openable
    out = {}
    for person in persons:
        own = [r for r in involvement.referrals_of.get(person.pk, []) if r.contact_id != excluded]
        for referral in own:
            if referral.contact_id in contacts:  # the child's link is on the referral's own contact
                referral.contact = contacts[referral.contact_id]  # type: ignore[index]
        referred = {r.contact_id for r in own}
        links = [k for k in involvement.links_of.get(person.pk, []) if k.contact_id != excluded]
        rows = []
        for link in sorted(links, key=lambda k: k.contact.received_at, reverse=True):
            contact = link.contact
            decided = involvement.decisions_of.get(contact.pk)
            rows.append(
                PersonContact(
                    reference=contact.reference,
                    received_at=contact.received_at,
                    team=contact.team.name,
                    role=link.get_role_display(),
                    result=_result(contact, decided[-1] if decided else None),  # the latest one
                    was_referral=contact.pk in referred,
                    url=reverse("triage:contact", args=[contact.pk]) if contact.pk in openable else "",
                    is_open=contact.status != Contact.Status.DECIDED,
                )
            )
        out[person.pk] = PersonHistory(
            person=person,
            contacts=rows,
            referrals=own,
            referrals_in_last_12_months=referrals_in_last_twelve_months(
                (r.referral_date for r in own), today
            ),
        )
    return out


def history_for(
    user: User, person: Person, *, exclude_contact: Contact | None = None, today: date | None = None
) -> PersonHistory:
    """Every contact the person is linked to (any team, any role) with its outcome, their referrals, and how
    many referrals they had in the last 12 months (`frontdoor.core.twelve_months`)."""
    return histories_for(user, [person], exclude_contact=exclude_contact, today=today)[person.pk]


# The name it had before it was the one history
history_for_person = history_for


def household_of(persons: list[Person]) -> list[tuple[Person, str]]:
    """The other people in the households of ``persons``: members of their families and their recorded
    relatives, with how they are related (siblings first). Two queries, whatever the size."""
    ids = {p.pk for p in persons}
    found: dict[uuid.UUID, tuple[Person, str]] = {}
    for relationship in Relationship.objects.filter(
        Q(person_id__in=ids) | Q(relative_id__in=ids)
    ).select_related("person", "relative"):
        other = relationship.relative if relationship.person_id in ids else relationship.person
        if other.pk not in ids and other.merged_into_id is None:
            found.setdefault(other.pk, (other, relationship.get_kind_display()))
    for member in FamilyMember.objects.filter(
        family__members__person_id__in=ids, person__merged_into__isnull=True
    ).select_related("person", "family"):
        if member.person_id not in ids:
            found.setdefault(member.person_id, (member.person, f"In the {member.family.name} household"))
    return sorted(
        found.values(), key=lambda pair: (pair[1] != "Sibling", pair[0].family_name, pair[0].given_name)
    )


@dataclass(frozen=True)
class HouseholdMember:
    person: Person
    relation: str  # "Sibling", "Parent", "In the Example household"
    history: PersonHistory
    can_open: bool

    @property
    def is_child(self) -> bool:
        born = self.person.date_of_birth
        return born is None or (timezone.localdate() - born).days < 18 * 365.25


def household_for(
    user: User,
    persons: list[Person],
    *,
    exclude_contact: Contact | None = None,
    members: list[tuple[Person, str]] | None = None,
    involvement: Involvement | None = None,
) -> list[HouseholdMember]:
    """The household and siblings of ``persons`` with their open and previous involvement: the household's
    history, in a fixed number of queries whatever its size. Another team's person is listed with their
    involvement, not opened. ``members`` and ``involvement``, when the caller has them, save reading them
    again."""
    members = household_of(persons) if members is None else members
    if not members:
        return []
    histories = histories_for(
        user, [p for p, _ in members], exclude_contact=exclude_contact, involvement=involvement
    )
    openable = set(
        visible_persons(user).filter(pk__in=[p.pk for p, _ in members]).values_list("pk", flat=True)
    )
    return [HouseholdMember(p, relation, histories[p.pk], p.pk in openable) for p, relation in members]


@dataclass(frozen=True)
class TimelineEvent:
    day: date
    at: datetime | None
    kind: str  # Contact, Decision, Referral, Information from an agency
    reference: str
    url: str  # empty when the user may not open the contact
    text: str
    who: str  # whose event: the people of the child's household it is about


def chronology_for(
    user: User, persons: list[Person], *, involvement: Involvement | None = None
) -> list[TimelineEvent]:
    """One timeline of the contacts, decisions, referrals and checks with other agencies about ``persons`` (a
    child and their household), newest first. Another team's contact shows what happened, not the details.
    Four queries whatever the number of people or events (one, given their `involvement_of`)."""
    if not user.has_perm("people.view_person"):
        raise PermissionDenied
    involvement = involvement or involvement_of(user, persons)
    names = {p.pk: p.given_name or p.full_name or p.reference for p in persons}
    about: dict[uuid.UUID, list[str]] = {}
    contacts: dict[uuid.UUID, Contact] = {}
    for person_id, who in names.items():
        for link in involvement.links_of.get(person_id, []):
            contacts[link.contact_id] = link.contact
            if who not in about.setdefault(link.contact_id, []):
                about[link.contact_id].append(who)
    openable = involvement.openable

    def url(contact_id: uuid.UUID) -> str:
        return reverse("triage:contact", args=[contact_id]) if contact_id in openable else ""

    events = []
    for contact in contacts.values():
        text = f"Received by {contact.team.name} ({contact.get_channel_display().lower()})"
        events.append(
            TimelineEvent(
                timezone.localdate(contact.received_at), contact.received_at, "Contact", contact.reference,
                url(contact.pk), text, ", ".join(about[contact.pk]),
            )
        )  # fmt: skip
        for decision in involvement.decisions_of.get(contact.pk, []):
            text = str(Outcome(decision.outcome).label)
            if decision.oversight == Decision.Oversight.PENDING:
                text += " (awaiting oversight)"
            events.append(
                TimelineEvent(
                    timezone.localdate(decision.decided_at), decision.decided_at, "Decision",
                    contact.reference, url(contact.pk), text, ", ".join(about[contact.pk]),
                )
            )  # fmt: skip
    for person_id, who in names.items():
        for referral in involvement.referrals_of.get(person_id, []):
            contact = contacts[referral.contact_id]  # type: ignore[index]
            text = "Referral to children's social care" + (" (no further action)" if referral.nfa else "")
            events.append(
                TimelineEvent(
                    referral.referral_date, None, "Referral", contact.reference, url(contact.pk), text, who
                )
            )
    for check in AgencyCheck.objects.filter(contact_id__in=contacts).order_by("recorded_at"):
        contact = contacts[check.contact_id]
        shown = check.contact_id in openable
        events.append(
            TimelineEvent(
                timezone.localdate(check.recorded_at), check.recorded_at, "Information from an agency",
                contact.reference, url(contact.pk),
                f"Asked {check.agency}" if shown else "Information gathered (another team's contact)",
                ", ".join(about[contact.pk]),
            )
        )  # fmt: skip
    order = {"Contact": 0, "Information from an agency": 1, "Decision": 2, "Referral": 3}
    return sorted(
        events,
        key=lambda e: (e.day, e.at.timestamp() if e.at else float("inf"), order[e.kind]),
        reverse=True,
    )


def linked_people_for_contact(user: User, contact: Contact) -> dict[uuid.UUID, Person]:
    """{ContactChild id or ContactAdult id: the Person they were linked to} for one contact."""
    if not user.has_perm("intake.view_contact", contact):
        raise PermissionDenied
    out: dict[uuid.UUID, Person] = {}
    for link in ContactPerson.objects.filter(contact=contact, person__isnull=False).select_related("person"):
        source = link.contact_child_id or link.contact_adult_id
        if source is not None:
            out[source] = link.person  # type: ignore[assignment]
    return out


def unlinked_entries(contact: Contact) -> list[Entry]:
    """The children and adults of the contact not yet linked to a person record nor recorded as a new person
    (not scoped: the decision rules ask it inside the decision's transaction)."""
    decided = set(
        ContactPerson.objects.filter(contact=contact, person__isnull=False).values_list(
            "contact_child_id", "contact_adult_id"
        )
    )
    known = {child for child, _ in decided if child} | {adult for _, adult in decided if adult}
    return [entry for entry in entries_of(contact) if entry.source_id not in known]


def children_linked_to_same_person(child: ContactChild) -> list[ContactChild]:
    """The children on other contacts linked to the same Person as this child (none until someone has linked
    the child): what ``triage.queries.same_child_elsewhere`` means by the same child."""
    link = ContactPerson.objects.filter(contact_child=child, person__isnull=False).first()
    if link is None:
        return []
    return list(
        ContactChild.objects.filter(person_links__person_id=link.person_id)
        .exclude(contact_id=child.contact_id)
        .select_related("contact__team")
        .distinct()
    )


# --- Matching a contact's children and adults ---------------------------------------------------------


def contact_for(user: User, contact_id: uuid.UUID, *, path: str) -> Contact:
    """The contact whose people are being matched: the contact's team only. Logged like any contact view."""
    contact = (
        Contact.objects.select_related("team").prefetch_related("children").filter(pk=contact_id).first()
    )
    allowed = contact is not None and user.has_perm("intake.view_contact", contact)
    auditor.record_access(
        actor=user, object_type="intake.Contact", object_id=str(contact_id),
        reference=contact.reference if contact else "", path=path, granted=allowed,
    )  # fmt: skip
    if not allowed:
        raise Http404
    assert contact is not None
    return contact


@dataclass(frozen=True)
class CandidateSummary:
    """What a worker sees of a candidate: enough to decide, nothing more."""

    person_id: uuid.UUID
    reference: str
    name: str
    date_of_birth: date | None
    postcode: str
    previous_contacts: int
    known_to_service: bool  # has had a referral to children's social care
    probability: float
    agreed: list[str]
    disagreed: list[str]
    missing: list[str]
    can_open: bool
    # Held by another team: shown as ELSEWHERE, with none of the person's details until a reason is given
    elsewhere: bool = False

    @property
    def percent(self) -> str:
        value = self.probability * 100
        if value >= 99.95:
            return "over 99.9%" if self.probability < 1 else "100%"
        return f"{value:.1f}%" if value < 10 else f"{value:.0f}%"


@dataclass
class EntryMatch:
    entry: Entry
    link: ContactPerson | None
    candidates: list[CandidateSummary]
    rejected: int

    @property
    def decided(self) -> bool:
        return self.link is not None and self.link.decision != ContactPerson.Decision.PENDING


# Levels of a comparison that count against a match; every other level is a (stronger or weaker) agreement,
# whatever its weight after term-frequency adjustment
DISAGREEING_LEVELS = frozenset({"different", "far_apart"})
ADULT_ROLES = frozenset({Role.PARENT, Role.ALLEGED_HARM})
ADULT_AGE, YOUNGEST_PARENT = 18, 12


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def misfit(role: str | None, person: Person, roles_known: set[str], on: date) -> str:
    """Why this person cannot be the child or adult entered (an adult for a child, a child for a parent or
    the person alleged to cause harm), or "" when they may be. Without a date of birth, the roles the person
    has had on contacts decide: someone only ever recorded as an adult is not offered for a child."""
    if role is None:
        return ""
    born = person.date_of_birth
    if role == Role.SUBJECT_CHILD:
        if born is not None and _age(born, on) >= ADULT_AGE:
            return f"Age does not fit: an adult (aged {_age(born, on)}) cannot be this child"
        if (
            born is None
            and person.expected_date_of_birth is None
            and roles_known
            and roles_known <= ADULT_ROLES
        ):
            return "Role does not fit: recorded only as an adult (a parent, or alleged to cause harm)"
    elif role in ADULT_ROLES:
        label = "a parent or carer" if role == Role.PARENT else "the person alleged to cause harm"
        if person.is_unborn or (born is not None and _age(born, on) < YOUNGEST_PARENT):
            age = "not born yet" if born is None else f"aged {_age(born, on)}"
            return f"Age does not fit: a child ({age}) cannot be {label}"
        if born is None and roles_known == {Role.SUBJECT_CHILD}:
            return f"Role does not fit: recorded only as a child, so cannot be {label}"
    return ""


def _summaries(
    user: User,
    candidates: list[search.Candidate],
    path: str,
    *,
    role: str | None = None,
    on: date | None = None,
    hide_elsewhere: bool = False,
) -> list[CandidateSummary]:
    """What the user sees of each candidate. With the entry's ``role``, a candidate whose age or role cannot
    fit it is never offered as likely: its probability is 0, the reason heads what does not agree, and it
    goes last. ``hide_elsewhere``: a person the user cannot open shows only that a match is held by another
    team (and how likely it is); their details need a stated reason (break-glass)."""
    if not candidates:
        return []
    on = on or timezone.localdate()
    ids = [c.person.pk for c in candidates]
    counts = dict(
        ContactPerson.objects.filter(person_id__in=ids)
        .values_list("person_id")
        .annotate(n=Count("contact_id", distinct=True))
    )
    roles: dict[uuid.UUID, set[str]] = {}
    if role is not None:
        for person_id, known_role in (
            ContactPerson.objects.filter(person_id__in=ids).values_list("person_id", "role").distinct()
        ):
            roles.setdefault(person_id, set()).add(known_role)
    referred = set(
        Referral.objects.filter(child__person_links__person_id__in=ids).values_list(
            "child__person_links__person_id", flat=True
        )
    )
    openable = set(visible_persons(user).filter(pk__in=ids).values_list("pk", flat=True))
    out: list[tuple[bool, CandidateSummary]] = []
    for candidate in candidates:
        person = candidate.person
        hidden = hide_elsewhere and person.pk not in openable
        _log(user, person.pk, person.reference, path, not hidden)
        if hidden:
            out.append((False,
                CandidateSummary(
                    person_id=person.pk, reference="", name="", date_of_birth=None, postcode="",
                    previous_contacts=0, known_to_service=False, probability=candidate.probability,
                    agreed=[], disagreed=[], missing=[], can_open=False, elsewhere=True,
                ),
            ))  # fmt: skip
            continue
        reasons = candidate.result.reasons
        problem = misfit(role, person, roles.get(person.pk, set()), on)
        compared = [r for r in reasons if r.level is not None]
        out.append((bool(problem), CandidateSummary(
                person_id=person.pk,
                reference=person.reference,
                name=" ".join(p for p in (person.given_name, person.middle_names, person.family_name) if p),
                date_of_birth=person.date_of_birth,
                postcode=person.postcode,
                previous_contacts=counts.get(person.pk, 0),
                known_to_service=person.pk in referred,
                probability=0.0 if problem else candidate.probability,
                agreed=[r.level_label for r in compared if r.level not in DISAGREEING_LEVELS],
                disagreed=[problem] * bool(problem)
                + [r.level_label for r in compared if r.level in DISAGREEING_LEVELS],
                missing=[r.field for r in reasons if r.level is None and r.field != "Record"],
                can_open=person.pk in openable,
            )))  # fmt: skip
    return [summary for _, summary in sorted(out, key=lambda pair: pair[0])]  # those that cannot fit last


def matches_for_contact(user: User, contact: Contact, *, path: str, limit: int = 5) -> list[EntryMatch]:
    """Each child and adult on the contact with their link (if decided) and, if not linked yet, the most likely
    known persons (rejected ones left out). Each candidate shown is an access-log entry."""
    if not user.has_perm("intake.view_contact", contact) or not user.has_perm("people.view_person"):
        raise PermissionDenied
    links = {
        (link.contact_child_id or link.contact_adult_id): link
        for link in ContactPerson.objects.filter(contact=contact).select_related("person")
    }
    rejected: dict[uuid.UUID, set[uuid.UUID]] = {}
    for link_id, person_id in MatchRejection.objects.filter(contact_person__contact=contact).values_list(
        "contact_person_id", "person_id"
    ):
        rejected.setdefault(link_id, set()).add(person_id)
    out = []
    for entry in entries_of(contact):
        link = links.get(entry.source_id)
        excluded = rejected.get(link.pk, set()) if link else set()
        candidates: list[CandidateSummary] = []
        if link is None or link.decision == ContactPerson.Decision.PENDING:
            found = search.find_candidates(entry.record(), limit=limit, exclude=excluded)
            on = timezone.localdate(contact.received_at)
            candidates = _summaries(user, found, path, role=entry.role, on=on, hide_elsewhere=True)
        out.append(EntryMatch(entry, link, candidates, len(excluded)))
    return out


def entry_for(user: User, contact: Contact, key: str) -> Entry:
    if not user.has_perm("intake.view_contact", contact):
        raise PermissionDenied
    entry = entry_by_key(contact, key)
    if entry is None:
        raise Http404
    return entry


def candidate_person(user: User, entry: Entry, person_id: uuid.UUID) -> Person:
    """A person the user is deciding about for a child or adult on a contact: one the matcher suggests for
    them (or one the user's team may already open). Posting any other person's id gets nowhere, so linking
    cannot be used to reach a record the matcher would not have shown."""
    if not user.has_perm("people.view_person"):
        raise PermissionDenied
    person = Person.objects.filter(pk=person_id, merged_into__isnull=True).first()
    if person is None:
        raise Http404
    suggested = {c.person.pk for c in search.find_candidates(entry.record(), limit=10)}
    if person.pk not in suggested and not can_open(user, person):
        raise Http404
    return person


def match_preview(user: User, record: dict[str, str], *, path: str, limit: int = 5) -> list[CandidateSummary]:
    """Candidates for details being typed (the contact-logging form's live search)."""
    if not user.has_perm("people.view_person"):
        raise PermissionDenied
    return _summaries(user, search.find_candidates(record, limit=limit), path, hide_elsewhere=True)


# --- Duplicates ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicatePair:
    id: uuid.UUID
    a: CandidateSummary
    b: CandidateSummary
    probability: float

    @property
    def percent(self) -> str:
        return self.a.percent


def _summary_of(user: User, person: Person, other: Person, path: str) -> CandidateSummary:
    result = search.Candidate(person, search._score(
        search.prepare(search.person_record(other)), [search.prepare(search.person_record(person))], explain=True
    ))  # fmt: skip
    return _summaries(user, [result], path)[0]


def duplicates_for(user: User, *, limit: int = 50) -> list[PossibleDuplicate]:
    """Likely duplicate pairs where at least one record is the user's team's, most likely first."""
    if not user.has_perm("people.merge_persons"):
        raise PermissionDenied
    team_id = _opening_team(user)
    if team_id is None:
        return []
    # The team's persons (the rule of visible_persons) as two lists their indexes give at once. Asked person by
    # person, as visible_persons does, the list read every person stored: 943 ms at a million on PostgreSQL.
    linked = _team_links(team_id).values("person_id")
    created = Person.objects.filter(created_by_team_id=team_id).values("pk")
    pairs = (
        PossibleDuplicate.objects.filter(
            Q(person_a__in=linked)
            | Q(person_b__in=linked)
            | Q(person_a__in=created)
            | Q(person_b__in=created)
        )
        .select_related("person_a", "person_b")
        .order_by("-probability", "found_at")[:limit]
    )
    # A merge removes the merged record's pairs; this only guards against a pair left behind.
    return [p for p in pairs if p.person_a.merged_into_id is None and p.person_b.merged_into_id is None]


def duplicate_pair_for(user: User, pair_id: uuid.UUID, *, path: str) -> DuplicatePair:
    if not user.has_perm("people.merge_persons"):
        raise PermissionDenied
    pair = PossibleDuplicate.objects.select_related("person_a", "person_b").filter(pk=pair_id).first()
    if pair is None or not (can_open(user, pair.person_a) or can_open(user, pair.person_b)):
        raise Http404
    a = _summary_of(user, pair.person_a, pair.person_b, path)
    b = _summary_of(user, pair.person_b, pair.person_a, path)
    return DuplicatePair(pair.pk, a, b, pair.probability)


def duplicate_persons(user: User, pair_id: uuid.UUID) -> tuple[Person, Person]:
    if not user.has_perm("people.merge_persons"):
        raise PermissionDenied
    pair = PossibleDuplicate.objects.select_related("person_a", "person_b").filter(pk=pair_id).first()
    if pair is None or not (can_open(user, pair.person_a) or can_open(user, pair.person_b)):
        raise Http404
    return pair.person_a, pair.person_b


def merge_record_for(user: User, merge_id: uuid.UUID) -> MergeRecord:
    if not user.has_perm("people.merge_persons"):
        raise PermissionDenied
    record = MergeRecord.objects.select_related("survivor", "merged").filter(pk=merge_id).first()
    if record is None or not (can_open(user, record.survivor) or can_open(user, record.merged)):
        raise Http404
    return record


# --- Search: a child or adult by name, date of birth, identifier, reference or postcode -----------------

SEARCH_LIMIT = 20
SEARCH = "people.Search"


@dataclass(frozen=True)
class SearchRow:
    person: Person
    history: PersonHistory
    probability: float | None  # how likely the name search's person is this one (matcher), else None

    @property
    def percent(self) -> str:
        return f"{self.probability * 100:.0f}%" if self.probability is not None else ""


@dataclass
class SearchResults:
    rows: list[SearchRow] = field(default_factory=list)
    # One line per match the user's team may not open: which teams know them, and nothing about them
    elsewhere: list[str] = field(default_factory=list)
    more: bool = False  # more matches than shown: add details to narrow the search


def search_people(
    user: User,
    *,
    path: str,
    name: str = "",
    date_of_birth: date | None = None,
    nhs_number: str = "",
    upn: str = "",
    reference: str = "",
    postcode: str = "",
) -> SearchResults:
    """Persons matching what the user gave (already validated and canonical: forms.SearchForm): an identifier
    or reference exactly; a name fuzzily, through the matcher (with the date of birth and postcode as
    evidence); a date of birth or postcode alone exactly. The user's team sees its own persons in full, with
    their history; another team's only as "known to another team". The search is in the access log (not
    what was searched for: children's details stay out of logs), and so is every person shown."""
    if not user.has_perm("people.view_person"):
        raise PermissionDenied
    auditor.record_access(
        actor=user, object_type=SEARCH, object_id=str(uuid.uuid4()), path=path, granted=True
    )
    people = Person.objects.filter(merged_into__isnull=True)
    probabilities: dict[uuid.UUID, float] = {}
    if reference or nhs_number or upn or not name:
        if reference:
            people = people.filter(reference=reference)
        elif nhs_number:
            people = people.filter(nhs_number=nhs_number)
        elif upn:
            people = people.filter(upn=upn)
        if date_of_birth:
            people = people.filter(date_of_birth=date_of_birth)
        if postcode:
            people = people.filter(postcode=postcode)
        found = list(people.order_by("family_name", "given_name", "pk")[: SEARCH_LIMIT + 1])
    else:
        given, family = split_name(name)
        record = {
            "given_name": given,
            "family_name": family,
            "date_of_birth": date_of_birth.isoformat() if date_of_birth else "",
            "postcode": postcode,
        }
        candidates = search.find_candidates(record, limit=SEARCH_LIMIT + 1)
        probabilities = {c.person.pk: c.probability for c in candidates}
        by_id = {p.pk: p for p in Person.objects.filter(pk__in=probabilities)}  # the matcher loads few fields
        found = [by_id[c.person.pk] for c in candidates if c.person.pk in by_id]
    more, found = len(found) > SEARCH_LIMIT, found[:SEARCH_LIMIT]
    ids = [p.pk for p in found]
    openable = set(visible_persons(user).filter(pk__in=ids).values_list("pk", flat=True))
    shown = [p for p in found if p.pk in openable]
    histories = histories_for(user, shown) if shown else {}
    for person in shown:
        _log(user, person.pk, person.reference, path, True)
    teams: dict[uuid.UUID, set[str]] = {}
    hidden = [p.pk for p in found if p.pk not in openable]
    for person_id, team in ContactPerson.objects.filter(person_id__in=hidden).values_list(
        "person_id", "contact__team__name"
    ):
        teams.setdefault(person_id, set()).add(team)
    return SearchResults(
        rows=[SearchRow(p, histories[p.pk], probabilities.get(p.pk)) for p in shown],
        elsewhere=[
            "Known to another team: " + ", ".join(sorted(teams[pid]))
            if pid in teams
            else "Known to no team yet"
            for pid in hidden
        ],
        more=more,
    )


def review_list(user: User, *, limit: int = 200) -> list[ContactPerson]:
    """Children and adults on the team's contacts that linking existing records could not link with certainty
    (``review_reason``) and nobody has linked since: the review list, oldest contact first."""
    if not user.has_perm("people.view_person") or not user.team_id:
        raise PermissionDenied
    return list(
        ContactPerson.objects.filter(contact__team_id=user.team_id, person__isnull=True)
        .exclude(review_reason="")
        .select_related("contact")
        .order_by("contact__received_at", "family_name", "given_name")[:limit]
    )
