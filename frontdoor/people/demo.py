"""Synthetic people for the demo: person records for the seeded contacts' children, families, and a few
likely duplicates for the review list. Called by ``seed_demo`` after the contacts exist; idempotent."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from faker import Faker

from frontdoor.core.references import new_reference
from frontdoor.intake.models import Contact, ContactChild

from . import search, services
from .codes import RelationshipKind, Role
from .models import ContactPerson, Family, FamilyMember, Person, PersonBlockingKey, Relationship

# Invented postcode districts for the fictional Northshire ("NS" is not a real postcode area)
DISTRICTS = ["NS1", "NS2", "NS3", "NS4", "NS7", "NS12"]
INWARD = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True)
class PeopleSeedReport:
    persons: int = 0
    links: int = 0
    families: int = 0
    possible_duplicates: int = 0


def _postcode(rng: random.Random) -> str:
    return f"{rng.choice(DISTRICTS)} {rng.randint(1, 9)}{rng.choice(INWARD)}{rng.choice(INWARD)}"


def _nhs_number(rng: random.Random) -> str:
    from .matching.normalise import nhs_check_digit

    while True:
        body = "999" + "".join(rng.choice("0123456789") for _ in range(6))
        check = nhs_check_digit(body)
        if check is not None:
            return body + str(check)


ETHNICITIES = {
    "WBRI": 64, "WOTH": 6, "WIRI": 1, "WROM": 1, "MWBC": 2, "MWBA": 1, "MWAS": 2, "MOTH": 2, "AIND": 3,
    "APKN": 4, "ABAN": 2, "AOTH": 2, "BCRB": 1, "BAFR": 4, "BOTH": 1, "CHNE": 1, "OOTH": 2, "REFU": 1,
}  # fmt: skip
DISABILITIES = {
    "NONE": 86,
    "LD": 3,
    "COMM": 2,
    "AUT": 2,
    "BEH": 2,
    "MOB": 1,
    "HEAR": 1,
    "AUT COMM": 2,
    "LD MOB": 1,
}
# Real LA numbers in the synthetic UPNs: the census checks that characters 2-4 are one (rule 1530)
UPN_LA_NUMBERS = ("850", "886", "330", "919", "855")


def _upn(rng: random.Random) -> str:
    """A valid UPN: check letter, then the LA number (999 is not a real one), school, year and serial."""
    from .matching.normalise import upn_check_letter

    body = rng.choice(UPN_LA_NUMBERS) + "".join(rng.choice("0123456789") for _ in range(9))
    return upn_check_letter(body) + body


def _returns_details(rng: random.Random, born: object) -> dict[str, str]:
    """Ethnicity, disability and (for school-age children) a UPN, as the statutory returns need them."""
    school_age = born is not None and (timezone.localdate() - born).days > 5 * 365  # type: ignore[operator]
    return {
        "ethnicity": rng.choices(list(ETHNICITIES), weights=list(ETHNICITIES.values()))[0],
        "disabilities": rng.choices(list(DISABILITIES), weights=list(DISABILITIES.values()))[0],
        "upn": _upn(rng) if school_age and rng.random() < 0.8 else "",
    }


def seed_people(*, seed_value: int = 20261122, duplicates: int = 4) -> PeopleSeedReport:
    """One person per distinct child (same name and date of birth) on every contact someone has started on
    (decided, awaiting oversight or claimed), linked to those contacts: a decision needs every child linked.
    New, unclaimed contacts are left for staff to search and match. Siblings on a contact become a family with a parent
    holding parental responsibility. A few persons get a second, slightly different record (a likely duplicate)."""
    if Person.objects.exists():
        return PeopleSeedReport()
    rng = random.Random(seed_value)
    returns_rng = random.Random(seed_value + 1)  # its own stream: the other details stay as they were
    fake = Faker("en_GB")
    fake.seed_instance(seed_value)
    now = timezone.now()
    children = list(
        ContactChild.objects.exclude(contact__status=Contact.Status.OPEN)
        .select_related("contact")
        .order_by("contact__received_at", "family_name", "given_name")
    )
    with transaction.atomic():
        by_identity: dict[tuple[str, str, object], Person] = {}
        persons: list[Person] = []
        links: list[ContactPerson] = []
        for child in children:
            identity = (child.given_name.casefold(), child.family_name.casefold(), child.date_of_birth)
            person = by_identity.get(identity)
            if person is None:
                person = Person(
                    id=uuid.uuid4(),
                    reference=new_reference("PN"),
                    given_name=child.given_name,
                    family_name=child.family_name,
                    date_of_birth=child.date_of_birth,
                    sex=rng.choice("FM"),
                    nhs_number=_nhs_number(rng) if rng.random() < 0.4 else "",
                    address_line_1=f"{rng.randint(1, 120)} {fake.last_name()} {rng.choice(['Road', 'Street', 'Close', 'Lane'])}",
                    town="Northshire",
                    postcode=_postcode(rng),
                    created_at=now,
                    **_returns_details(returns_rng, child.date_of_birth),
                )
                by_identity[identity] = person
                persons.append(person)
            links.append(
                ContactPerson(
                    contact=child.contact,
                    person=person,
                    contact_child=child,
                    role=Role.SUBJECT_CHILD,
                    given_name=child.given_name,
                    family_name=child.family_name,
                    date_of_birth=child.date_of_birth,
                    decision=ContactPerson.Decision.LINKED,
                    decided_at=child.contact.received_at,
                )
            )
        # Siblings on one contact share a household and a parent with parental responsibility
        by_contact: dict[uuid.UUID, list[Person]] = defaultdict(list)
        for link in links:
            if link.person not in by_contact[link.contact_id]:
                by_contact[link.contact_id].append(link.person)  # type: ignore[arg-type]
        families, members, relationships, parents = [], [], [], []
        in_family: set[uuid.UUID] = set()
        for siblings in by_contact.values():
            if len(siblings) < 2 or any(s.pk in in_family for s in siblings):
                continue
            first = siblings[0]
            for sibling in siblings[1:]:  # one household: same address
                sibling.address_line_1, sibling.postcode = first.address_line_1, first.postcode
            parent = Person(
                id=uuid.uuid4(),
                reference=new_reference("PN"),
                given_name=fake.first_name_female(),
                family_name=first.family_name,
                sex="F",
                date_of_birth=fake.date_between(start_date="-50y", end_date="-22y"),
                address_line_1=first.address_line_1,
                town="Northshire",
                postcode=first.postcode,
                created_at=now,
            )
            parents.append(parent)
            family = Family(
                reference=new_reference("FM"), name=f"{first.family_name} household", created_at=now
            )
            families.append(family)
            for person in [*siblings, parent]:
                members.append(FamilyMember(family=family, person=person))
                in_family.add(person.pk)
            for child in siblings:
                relationships.append(
                    Relationship(
                        person=child,
                        relative=parent,
                        kind=RelationshipKind.PARENT,
                        parental_responsibility=True,
                        family=family,
                    )
                )
                relationships.extend(
                    Relationship(person=child, relative=other, kind=RelationshipKind.SIBLING, family=family)
                    for other in siblings
                    if other is not child
                )
        # A few people recorded twice by mistake (a typo and a new address): the duplicates list shows them
        doubles = []
        for original in rng.sample(persons, min(duplicates, len(persons))):
            given = original.given_name
            doubles.append(
                Person(
                    id=uuid.uuid4(),
                    reference=new_reference("PN"),
                    given_name=given[:-1] + given[-1] * 2 if len(given) > 2 else given,
                    family_name=original.family_name,
                    date_of_birth=original.date_of_birth,
                    sex=original.sex,
                    postcode=_postcode(rng),
                    created_at=now,
                )
            )
        everyone = persons + parents + doubles
        Person.objects.bulk_create(everyone, batch_size=1000)
        ContactPerson.objects.bulk_create(links, batch_size=1000)
        Family.objects.bulk_create(families, batch_size=1000)
        FamilyMember.objects.bulk_create(members, batch_size=1000)
        Relationship.objects.bulk_create(relationships, batch_size=1000)
        keys = [
            PersonBlockingKey(person=person, rule=rule, key=key)
            for person in everyone
            for rule, key in search.keys_for_variants([search.person_record(person)])
        ]
        PersonBlockingKey.objects.bulk_create(keys, batch_size=2000)
        found = sum(services.refresh_possible_duplicates(person) for person in doubles)
    return PeopleSeedReport(len(everyone), len(links), len(families), found)
