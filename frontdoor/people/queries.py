"""Reads about people. Every function takes the user; persons are visible in full only to a team that has a
contact linked to them (or created them). Candidates for a match show only what is needed to decide, and
every look at a person, candidate or not, goes in the access log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.core import auditor
from frontdoor.core.codes import Outcome
from frontdoor.core.permissions import Permission
from frontdoor.core.references import normalise_reference
from frontdoor.intake.models import Contact, ContactChild
from frontdoor.triage.models import Decision, Referral

from . import search
from .entries import Entry, entries_of, entry_by_key
from .models import (
    BreakGlass,
    ContactPerson,
    Family,
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
        "history": history_for_person(user, person),
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


@dataclass(frozen=True)
class PersonContact:
    reference: str
    received_at: datetime
    team: str
    role: str
    result: str
    was_referral: bool
    url: str  # empty when the user may not open it (another team's)


@dataclass
class PersonHistory:
    person: Person
    contacts: list[PersonContact] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    referrals_in_last_12_months: int = 0

    @property
    def would_be_re_referral(self) -> bool:
        return self.referrals_in_last_12_months > 0


def _twelve_months_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def history_for_person(
    user: User, person: Person, *, exclude_contact: Contact | None = None, today: date | None = None
) -> PersonHistory:
    """Every contact the person is linked to (any team, any role) with its outcome, their referrals, and how
    many referrals they had in the last 12 months."""
    if not user.has_perm("people.view_person"):
        raise PermissionDenied
    today = today or timezone.localdate()
    links = ContactPerson.objects.filter(person=person).select_related("contact__team")
    if exclude_contact is not None:
        links = links.exclude(contact=exclude_contact)
    links = list(links)
    contacts = {link.contact_id: link.contact for link in links}
    roles = {link.contact_id: link.get_role_display() for link in links}
    decisions: dict[uuid.UUID, Decision] = {}
    for decision in (
        Decision.objects.filter(contact_id__in=contacts)
        .exclude(oversight=Decision.Oversight.RETURNED)
        .order_by("decided_at")
    ):
        decisions[decision.contact_id] = decision
    referrals = list(
        Referral.objects.filter(child__person_links__person=person)
        .exclude(contact=exclude_contact)
        .select_related("contact")
        .order_by("-referral_date")
        .distinct()
    )
    referred = {r.contact_id for r in referrals}
    rows = []
    for contact in sorted(contacts.values(), key=lambda c: c.received_at, reverse=True):
        decision = decisions.get(contact.pk)
        if decision and contact.status == Contact.Status.DECIDED:
            result = Outcome(decision.outcome).label
        elif decision:
            result = f"{Outcome(decision.outcome).label} (awaiting oversight)"
        else:
            result = contact.get_status_display()
        rows.append(
            PersonContact(
                reference=contact.reference,
                received_at=contact.received_at,
                team=contact.team.name,
                role=roles[contact.pk],
                result=result,
                was_referral=contact.pk in referred,
                url=reverse("triage:contact", args=[contact.pk])
                if user.has_perm("intake.view_contact", contact)
                else "",
            )
        )
    since = _twelve_months_before(today)
    return PersonHistory(
        person=person,
        contacts=rows,
        referrals=referrals,
        referrals_in_last_12_months=sum(1 for r in referrals if r.referral_date >= since),
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


def children_linked_to_same_person(child: ContactChild) -> list[ContactChild]:
    """Drop-in for ``triage.queries.matching_children``: the children on other contacts linked to the same
    Person as this child (none until someone has linked the child)."""
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


def _summaries(
    user: User, candidates: list[search.Candidate], path: str, *, hide_elsewhere: bool = False
) -> list[CandidateSummary]:
    """``hide_elsewhere``: a person the user cannot open shows only that a match is held by another team (and
    how likely it is); their details need a stated reason (break-glass)."""
    if not candidates:
        return []
    ids = [c.person.pk for c in candidates]
    counts = dict(
        ContactPerson.objects.filter(person_id__in=ids)
        .values_list("person_id")
        .annotate(n=Count("contact_id", distinct=True))
    )
    referred = set(
        Referral.objects.filter(child__person_links__person_id__in=ids).values_list(
            "child__person_links__person_id", flat=True
        )
    )
    openable = set(visible_persons(user).filter(pk__in=ids).values_list("pk", flat=True))
    out = []
    for candidate in candidates:
        person = candidate.person
        hidden = hide_elsewhere and person.pk not in openable
        _log(user, person.pk, person.reference, path, not hidden)
        if hidden:
            out.append(
                CandidateSummary(
                    person_id=person.pk, reference="", name="", date_of_birth=None, postcode="",
                    previous_contacts=0, known_to_service=False, probability=candidate.probability,
                    agreed=[], disagreed=[], missing=[], can_open=False, elsewhere=True,
                )
            )  # fmt: skip
            continue
        reasons = candidate.result.reasons
        out.append(
            CandidateSummary(
                person_id=person.pk,
                reference=person.reference,
                name=" ".join(p for p in (person.given_name, person.middle_names, person.family_name) if p),
                date_of_birth=person.date_of_birth,
                postcode=person.postcode,
                previous_contacts=counts.get(person.pk, 0),
                known_to_service=person.pk in referred,
                probability=candidate.probability,
                agreed=[r.level_label for r in reasons if r.level is not None and r.weight > 0],
                disagreed=[r.level_label for r in reasons if r.level is not None and r.weight <= 0],
                missing=[r.field for r in reasons if r.level is None and r.field != "Record"],
                can_open=person.pk in openable,
            )
        )
    return out


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
            candidates = _summaries(user, found, path, hide_elsewhere=True)
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
