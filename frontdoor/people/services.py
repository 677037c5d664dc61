"""Every write to a person, a family or a contact's link to a person. Each one goes through the Auditor."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.core import auditor
from frontdoor.core.permissions import Permission
from frontdoor.core.references import new_reference
from frontdoor.intake.models import Contact

from . import search
from .entries import Entry
from .matching.normalise import format_postcode, normalise_nhs_number, normalise_upn
from .models import (
    BreakGlass,
    ContactPerson,
    Family,
    FamilyMember,
    MatchRejection,
    MergeRecord,
    NotDuplicate,
    Person,
    PersonAddress,
    PersonBlockingKey,
    PersonName,
    PossibleDuplicate,
    Relationship,
)

#: Contacts in these states are someone's live work
ACTIVE_STATUSES = ("open", "in_progress", "awaiting_oversight")


class NotAllowed(Exception):
    """The user may not do this; the message says why, in words for the user."""


class CannotMerge(Exception):
    """The merge or unmerge cannot be done as asked; the message says why."""


class StaleRecord(Exception):
    """Someone else changed the record since the form was opened (optimistic locking on ``version``)."""


@dataclass(frozen=True)
class PersonDetails:
    given_name: str = ""
    family_name: str = ""
    middle_names: str = ""
    date_of_birth: dt.date | None = None
    expected_date_of_birth: dt.date | None = None
    date_of_death: dt.date | None = None
    sex: str = ""
    ethnicity: str = ""
    nhs_number: str = ""
    upn: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    school: str = ""
    gp_practice: str = ""

    def cleaned(self) -> dict[str, object]:
        values = asdict(self)
        for name, value in values.items():
            if isinstance(value, str):
                values[name] = value.strip()
        # Identifiers are stored in their canonical form; a value that fails its check is not stored
        # (forms refuse it before we get here)
        values["nhs_number"] = normalise_nhs_number(values["nhs_number"]) or ""
        values["upn"] = normalise_upn(values["upn"]) or ""
        values["postcode"] = format_postcode(values["postcode"]) or str(values["postcode"]).upper()[:10]
        return values


PERSON_FIELDS = list(PersonDetails.__dataclass_fields__)


# --- Keeping the blocking keys and possible duplicates up to date ------------------------------------


def refresh_blocking_keys(person: Person) -> int:
    """Replace the person's blocking keys with those of their current details, other names and earlier
    addresses. A merged-away person has none (they are never a candidate)."""
    if person.merged_into_id is not None:
        PersonBlockingKey.objects.filter(person=person).delete()
        return 0
    return search.store_blocking_keys([person])


def _ordered(a: uuid.UUID, b: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    return (a, b) if str(a) < str(b) else (b, a)


def refresh_possible_duplicates(person: Person) -> int:
    """Record the other persons this one is likely to be (above the matcher's threshold), except pairs
    someone has already said are different people."""
    PossibleDuplicate.objects.filter(Q(person_a=person) | Q(person_b=person)).delete()
    if person.merged_into_id is not None:
        return 0
    variants = search.person_variants(person, person.other_names.all(), person.addresses.all())
    best: dict[uuid.UUID, float] = {}
    for variant in variants:
        for candidate in search.find_candidates(variant, limit=10, exclude=[person.pk]):
            best[candidate.person.pk] = max(best.get(candidate.person.pk, 0.0), candidate.probability)
    if not best:
        return 0
    not_duplicates = {
        (a, b)
        for a, b in NotDuplicate.objects.filter(Q(person_a=person) | Q(person_b=person)).values_list(
            "person_a_id", "person_b_id"
        )
    }
    now = timezone.now()
    rows = []
    for other, probability in best.items():
        a, b = _ordered(person.pk, other)
        if (a, b) not in not_duplicates:
            rows.append(
                PossibleDuplicate(person_a_id=a, person_b_id=b, probability=probability, found_at=now)
            )
    PossibleDuplicate.objects.bulk_create(rows)
    return len(rows)


def _after_write(person: Person) -> None:
    refresh_blocking_keys(person)
    refresh_possible_duplicates(person)


# --- Persons ------------------------------------------------------------------------------------------


def create_person(*, user: User, details: PersonDetails, reason: str = "") -> Person:
    with transaction.atomic():
        person = Person(
            reference=new_reference("PN"),
            created_at=timezone.now(),
            created_by=user if user.is_authenticated else None,
            created_by_team_id=user.team_id if user.is_authenticated else None,
            **details.cleaned(),
        )
        person.save()
        _after_write(person)
        auditor.record_change(
            actor=user, action="people.person_created", obj=person, before=None,
            after=auditor.snapshot(person), reason=reason,
        )  # fmt: skip
    return person


def update_person(
    *,
    user: User,
    person: Person,
    details: PersonDetails,
    reason: str = "",
    expected_version: int | None = None,
) -> Person:
    """Change a person's details. A changed address keeps the old one as an earlier address. With
    ``expected_version``, refuses (StaleRecord) if someone else changed the record in the meantime."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.merged_into_id is not None:
            raise CannotMerge("This record was merged into another: change that one instead.")
        if expected_version is not None and person.version != expected_version:
            raise StaleRecord("Someone else changed this record while you were editing it.")
        before = auditor.snapshot(person)
        values = details.cleaned()
        address_fields = ("address_line_1", "address_line_2", "town", "postcode")
        if any(getattr(person, f) for f in address_fields) and any(
            getattr(person, f) != values[f] for f in address_fields
        ):
            PersonAddress.objects.create(
                person=person,
                moved_out=timezone.localdate(),
                **{f: getattr(person, f) for f in address_fields},
            )
        for name, value in values.items():
            setattr(person, name, value)
        person.version += 1
        person.save()
        _after_write(person)
        auditor.record_change(
            actor=user, action="people.person_changed", obj=person, before=before,
            after=auditor.snapshot(person), reason=reason,
        )  # fmt: skip
    return person


def add_other_name(
    *, user: User, person: Person, given_name: str, family_name: str, kind: str = "alias"
) -> PersonName:
    with transaction.atomic():
        name = PersonName.objects.create(
            person=person, given_name=given_name, family_name=family_name, kind=kind
        )
        _after_write(person)
        auditor.record_change(
            actor=user, action="people.other_name_added", obj=person, before=None,
            after={"given_name": given_name, "family_name": family_name, "kind": kind},
        )  # fmt: skip
    return name


# --- Families -----------------------------------------------------------------------------------------


def create_family(*, user: User, name: str, members: list[Person]) -> Family:
    with transaction.atomic():
        family = Family.objects.create(reference=new_reference("FM"), name=name, created_at=timezone.now())
        FamilyMember.objects.bulk_create(FamilyMember(family=family, person=p) for p in members)
        auditor.record_change(
            actor=user, action="people.family_created", obj=family, before=None,
            after={"name": name, "members": [str(p.pk) for p in members]},
        )  # fmt: skip
    return family


def add_family_member(*, user: User, family: Family, person: Person) -> FamilyMember:
    with transaction.atomic():
        member, created = FamilyMember.objects.get_or_create(family=family, person=person)
        if created:
            auditor.record_change(
                actor=user, action="people.family_member_added", obj=family, before=None,
                after={"person": str(person.pk)},
            )  # fmt: skip
    return member


def add_relationship(
    *, user: User, person: Person, relative: Person, kind: str, parental_responsibility: bool = False,
    family: Family | None = None,
) -> Relationship:  # fmt: skip
    with transaction.atomic():
        relationship = Relationship.objects.create(
            person=person,
            relative=relative,
            kind=kind,
            parental_responsibility=parental_responsibility,
            family=family,
        )
        auditor.record_change(
            actor=user, action="people.relationship_added", obj=person, before=None,
            after=auditor.snapshot(relationship),
        )  # fmt: skip
    return relationship


# --- A contact's children and adults ------------------------------------------------------------------


def _check_can_link(user: User, contact: Contact) -> None:
    if not user.has_perm("people.link_people", contact):
        raise NotAllowed("Only the contact's own team can link its children and adults to records.")


def _contact_person(contact: Contact, entry: Entry) -> ContactPerson:
    lookup = (
        {"contact_child_id": entry.source_id}
        if entry.kind == "child"
        else {"contact_adult_id": entry.source_id}
    )
    link = ContactPerson.objects.select_for_update().filter(contact=contact, **lookup).first()
    if link is None:
        link = ContactPerson(contact=contact, **lookup)
    # The details as typed, as they are now
    link.role = entry.role
    link.given_name = entry.given_name[:100]
    link.family_name = entry.family_name[:100]
    link.date_of_birth = entry.date_of_birth
    link.relationship = entry.relationship[:200]
    return link


def _link_snapshot(link: ContactPerson) -> dict[str, object]:
    return auditor.snapshot(
        link, ["person_id", "decision", "role", "given_name", "family_name", "date_of_birth"]
    )


def link_to_person(*, user: User, contact: Contact, entry: Entry, person: Person) -> ContactPerson:
    """ "This is the same person": the child or adult on the contact is this known person. A person held by
    another team is linked only after the user has said why they need to open it (``break_glass``)."""
    _check_can_link(user, contact)
    from . import queries

    if not queries.can_open(user, person):
        raise NotAllowed(
            f"{queries.ELSEWHERE}: say why you need to open the record before linking {entry.name or 'them'} to it."
        )
    with transaction.atomic():
        if person.merged_into_id is not None:
            person = Person.objects.get(pk=person.merged_into_id)
        link = _contact_person(contact, entry)
        before = _link_snapshot(link) if link.pk and not link._state.adding else None
        link.person = person
        link.decision = ContactPerson.Decision.LINKED
        link.decided_by, link.decided_at = user, timezone.now()
        link.save()
        auditor.record_change(
            actor=user, action="people.contact_person_linked", obj=link, before=before,
            after=_link_snapshot(link), reason=f"Linked to {person.reference}",
        )  # fmt: skip
    return link


def reject_candidate(*, user: User, contact: Contact, entry: Entry, person: Person) -> MatchRejection:
    """ "Not the same person": remembered, so this candidate is not suggested again for this entry."""
    _check_can_link(user, contact)
    with transaction.atomic():
        link = _contact_person(contact, entry)
        if link._state.adding:
            link.decision = ContactPerson.Decision.PENDING
        link.save()
        rejection, _ = MatchRejection.objects.get_or_create(
            contact_person=link, person=person, defaults={"rejected_by": user, "rejected_at": timezone.now()}
        )
        auditor.record_change(
            actor=user, action="people.match_rejected", obj=link, before=None,
            after={"person_id": str(person.pk), "person_reference": person.reference},
            reason=f"Not the same person as {person.reference}",
        )  # fmt: skip
    return rejection


def create_person_for_entry(
    *, user: User, contact: Contact, entry: Entry, details: PersonDetails
) -> ContactPerson:
    """ "Create a new person record" from the contact's details (and whatever the worker added)."""
    _check_can_link(user, contact)
    with transaction.atomic():
        person = create_person(
            user=user, details=details, reason=f"New person from contact {contact.reference}"
        )
        link = _contact_person(contact, entry)
        before = None if link._state.adding else _link_snapshot(link)
        link.person = person
        link.decision = ContactPerson.Decision.NEW
        link.decided_by, link.decided_at = user, timezone.now()
        link.save()
        auditor.record_change(
            actor=user, action="people.contact_person_new", obj=link, before=before,
            after=_link_snapshot(link), reason=f"New person {person.reference}",
        )  # fmt: skip
    return link


# --- Duplicates: merge, unmerge, not the same --------------------------------------------------------


def active_teams(person: Person) -> set[uuid.UUID]:
    """The teams with a live (undecided) contact about this person."""
    return set(
        ContactPerson.objects.filter(person=person, contact__status__in=ACTIVE_STATUSES).values_list(
            "contact__team_id", flat=True
        )
    )


def check_can_merge(user: User, a: Person, b: Person) -> None:
    if not user.has_perm("people.merge_persons"):
        raise NotAllowed("Only social workers, early help workers and team managers can merge records.")
    teams = active_teams(a) | active_teams(b)
    if len(teams) > 1 and not user.has_perm("people.merge_across_teams"):
        raise NotAllowed(
            "These records are in live contacts of different teams, so only a team manager can merge or "
            "unmerge them. Ask your team manager."
        )


def mark_not_duplicate(*, user: User, a: Person, b: Person) -> NotDuplicate:
    if not user.has_perm("people.merge_persons"):
        raise NotAllowed("Only social workers, early help workers and team managers can review duplicates.")
    first, second = _ordered(a.pk, b.pk)
    with transaction.atomic():
        decision, _ = NotDuplicate.objects.get_or_create(
            person_a_id=first, person_b_id=second, defaults={"decided_by": user, "decided_at": timezone.now()}
        )
        PossibleDuplicate.objects.filter(person_a_id=first, person_b_id=second).delete()
        for person in (a, b):
            auditor.record_change(
                actor=user, action="people.not_duplicate", obj=person, before=None,
                after={"person_a": str(first), "person_b": str(second)},
            )  # fmt: skip
    return decision


_FILLABLE = (
    "date_of_birth", "expected_date_of_birth", "date_of_death", "sex", "ethnicity", "nhs_number", "upn",
    "school", "gp_practice", "middle_names",
)  # fmt: skip
_ADDRESS = ("address_line_1", "address_line_2", "town", "postcode")


def merge_persons(*, user: User, survivor: Person, merged: Person, reason: str) -> MergeRecord:
    """Merge ``merged`` into ``survivor``: every contact link, other name, address, family membership,
    relationship and rejection moves; gaps in the survivor's details are filled from the other record. The
    merged record stays (hidden) so that its audit trail is kept; the MergeRecord allows an exact unmerge."""
    if survivor.pk == merged.pk:
        raise CannotMerge("Choose two different records to merge.")
    with transaction.atomic():
        locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])}
        survivor, merged = locked[survivor.pk], locked[merged.pk]
        if survivor.merged_into_id or merged.merged_into_id:
            raise CannotMerge("One of these records has already been merged into another.")
        check_can_merge(user, survivor, merged)
        survivor_before = auditor.snapshot(survivor)
        merged_before = auditor.snapshot(merged)
        moved: dict[str, list[str]] = {}

        def move(key: str, queryset, **to) -> None:  # type: ignore[no-untyped-def]
            ids = list(queryset.values_list("pk", flat=True))
            queryset.model.objects.filter(pk__in=ids).update(**to)
            moved[key] = [str(i) for i in ids]

        move("contact_people", ContactPerson.objects.filter(person=merged), person=survivor)
        move("other_names", PersonName.objects.filter(person=merged), person=survivor)
        move("addresses", PersonAddress.objects.filter(person=merged), person=survivor)
        survivor_families = FamilyMember.objects.filter(person=survivor).values("family_id")
        move(
            "family_members",
            FamilyMember.objects.filter(person=merged).exclude(family_id__in=survivor_families),
            person=survivor,
        )
        move(
            "relationships_person",
            Relationship.objects.filter(person=merged).exclude(relative=survivor),
            person=survivor,
        )
        move(
            "relationships_relative",
            Relationship.objects.filter(relative=merged).exclude(person=survivor),
            relative=survivor,
        )
        already_rejected = MatchRejection.objects.filter(person=survivor).values("contact_person_id")
        move(
            "match_rejections",
            MatchRejection.objects.filter(person=merged).exclude(contact_person_id__in=already_rejected),
            person=survivor,
        )
        created_names: list[str] = []
        same_name = (merged.given_name, merged.family_name) == (survivor.given_name, survivor.family_name)
        if not same_name and (merged.given_name or merged.family_name):
            name = PersonName.objects.create(
                person=survivor,
                given_name=merged.given_name,
                family_name=merged.family_name,
                kind=PersonName.Kind.MERGED,
            )
            created_names.append(str(name.pk))
        moved["created_names"] = created_names
        created_addresses: list[str] = []
        if any(getattr(merged, f) for f in _ADDRESS):
            if not any(getattr(survivor, f) for f in _ADDRESS):
                for f in _ADDRESS:
                    setattr(survivor, f, getattr(merged, f))
            elif any(getattr(merged, f) != getattr(survivor, f) for f in _ADDRESS):
                address = PersonAddress.objects.create(
                    person=survivor, **{f: getattr(merged, f) for f in _ADDRESS}
                )
                created_addresses.append(str(address.pk))
        moved["created_addresses"] = created_addresses
        for f in _FILLABLE:
            if not getattr(survivor, f) and getattr(merged, f):
                setattr(survivor, f, getattr(merged, f))
        survivor.version += 1
        survivor.save()
        merged.merged_into = survivor
        merged.version += 1
        merged.save()
        PossibleDuplicate.objects.filter(Q(person_a=merged) | Q(person_b=merged)).delete()
        refresh_blocking_keys(merged)
        _after_write(survivor)
        record = MergeRecord.objects.create(
            survivor=survivor, merged=merged, reason=reason, merged_by=user, merged_at=timezone.now(),
            moved=moved, survivor_before=survivor_before,
        )  # fmt: skip
        auditor.record_change(
            actor=user, action="people.person_merged_in", obj=survivor, before=survivor_before,
            after={**auditor.snapshot(survivor), "merged": str(merged.pk), "moved": moved}, reason=reason,
        )  # fmt: skip
        auditor.record_change(
            actor=user, action="people.person_merged_away", obj=merged, before=merged_before,
            after=auditor.snapshot(merged), reason=reason,
        )  # fmt: skip
    return record


def unmerge(*, user: User, record: MergeRecord, reason: str) -> MergeRecord:
    """Undo a merge exactly: everything that moved goes back, what the merge created is removed, the
    survivor's details are as they were, and the pair is remembered as different people."""
    with transaction.atomic():
        record = MergeRecord.objects.select_for_update().get(pk=record.pk)
        if record.unmerged_at is not None:
            raise CannotMerge("This merge has already been undone.")
        locked = {
            p.pk: p
            for p in Person.objects.select_for_update().filter(pk__in=[record.survivor_id, record.merged_id])
        }
        survivor, merged = locked[record.survivor_id], locked[record.merged_id]
        if survivor.merged_into_id is not None:
            raise CannotMerge("The kept record has since been merged into another. Undo that merge first.")
        check_can_merge(user, survivor, merged)
        survivor_before = auditor.snapshot(survivor)
        moved = record.moved

        def back(key: str, model, **to) -> None:  # type: ignore[no-untyped-def]
            model.objects.filter(pk__in=moved.get(key, [])).update(**to)

        back("contact_people", ContactPerson, person=merged)
        back("other_names", PersonName, person=merged)
        back("addresses", PersonAddress, person=merged)
        back("family_members", FamilyMember, person=merged)
        back("relationships_person", Relationship, person=merged)
        back("relationships_relative", Relationship, relative=merged)
        back("match_rejections", MatchRejection, person=merged)
        PersonName.objects.filter(pk__in=moved.get("created_names", [])).delete()
        PersonAddress.objects.filter(pk__in=moved.get("created_addresses", [])).delete()
        for f in Person._meta.concrete_fields:
            if f.name in (
                "id",
                "reference",
                "created_at",
                "created_by",
                "created_by_team",
                "version",
                "merged_into",
            ):
                continue
            if f.attname in record.survivor_before:
                setattr(survivor, f.attname, f.to_python(record.survivor_before[f.attname]))
        survivor.version += 1
        survivor.save()
        merged.merged_into = None
        merged.version += 1
        merged.save()
        first, second = _ordered(survivor.pk, merged.pk)
        NotDuplicate.objects.get_or_create(
            person_a_id=first, person_b_id=second, defaults={"decided_by": user, "decided_at": timezone.now()}
        )
        _after_write(survivor)
        _after_write(merged)
        record.unmerged_by, record.unmerged_at, record.unmerge_reason = user, timezone.now(), reason
        record.save()
        auditor.record_change(
            actor=user, action="people.person_unmerged", obj=survivor, before=survivor_before,
            after={**auditor.snapshot(survivor), "unmerged": str(merged.pk)}, reason=reason,
        )  # fmt: skip
        auditor.record_change(
            actor=user, action="people.person_restored", obj=merged, before=None,
            after=auditor.snapshot(merged), reason=reason,
        )  # fmt: skip
    return record


def rebuild_matching_index(progress=None) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Recompute every person's blocking keys and possible duplicates (after a parameter or rule change).
    ``progress(stage, done, total)`` is told how far each stage has gone. Returns the number of blocking keys
    and of likely-duplicate pairs."""
    people = Person.objects.filter(merged_into__isnull=True).order_by("pk")
    total = people.count()
    report = (lambda done: progress("blocking keys", done, total)) if progress else None
    if report:
        report(0)
    keys = search.rebuild_blocking_keys(people, PersonBlockingKey, report)
    if progress:
        progress("likely duplicates", 0, total)
    for done, person in enumerate(people.iterator(chunk_size=500), start=1):
        with transaction.atomic():
            refresh_possible_duplicates(person)
        if progress and (done % 500 == 0 or done == total):
            progress("likely duplicates", done, total)
    # Counted at the end: each pair is found from both sides.
    return keys, PossibleDuplicate.objects.count()


# --- Break-glass: opening a person held by another team ---------------------------------------------------


def break_glass(
    *, user: User, person: Person, reason: str, path: str, contact: Contact | None = None
) -> BreakGlass:
    """Open a person held by another team for a stated reason. Kept in the access log as break-glass, in the
    list the holding teams' managers and administrators see, and each holding team's managers are told."""
    from frontdoor.triage import notifications
    from frontdoor.triage.models import StaffNotification

    from . import queries

    if not user.has_perm(Permission.BREAK_GLASS) or not user.team_id:
        raise NotAllowed("Only front door staff in a team can open another team's record.")
    reason = reason.strip()
    if not reason:
        raise NotAllowed("Enter why you need to open this record")
    if contact is not None and not user.has_perm(Permission.VIEW_CONTACT, contact):
        contact = None
    with transaction.atomic():
        opening = BreakGlass.objects.create(
            person=person, user=user, team_id=user.team_id, reason=reason, opened_at=timezone.now(),
            contact=contact,
        )  # fmt: skip
        auditor.record_access(
            actor=user, object_type="people.Person", object_id=str(person.pk), reference=person.reference,
            path=path, granted=True, reason=f"Break-glass: {reason}",
        )  # fmt: skip
        holding = queries.holding_teams(person)
        who = f"{user.display_name} ({user.team.name if user.team else 'no team'})"
        for team in holding:
            if team.pk == user.team_id:
                continue
            for manager in notifications.managers_of(team):
                notifications.notify(
                    recipient=manager,
                    kind=StaffNotification.Kind.BREAK_GLASS,
                    text=f"{who} opened {person.reference}, a record your team holds, saying why.",
                    key=f"break-glass:{opening.pk}:{manager.pk}",
                    url=reverse("people:break_glass_list"),
                )
    return opening
