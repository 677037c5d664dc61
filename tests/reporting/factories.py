"""Factories for the returns: person records with traits for each item a return needs, and referred children.
Synthetic data only (999 NHS numbers are never issued)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from frontdoor.core.codes import Channel, Outcome
from frontdoor.core.references import new_reference
from frontdoor.intake.models import Contact, ContactChild
from frontdoor.people.models import ContactPerson, Person
from frontdoor.triage.models import Decision, Referral

LONDON = ZoneInfo("Europe/London")
VALID_NHS = "9990000018"  # mod-11 check digit 8


def _valid_upn(body: str = "850123456789") -> str:
    from frontdoor.people.matching.normalise import upn_check_letter

    return upn_check_letter(body) + body


class PersonFactory(factory.django.DjangoModelFactory):
    """A child whose record has everything the returns need; traits take one item away or break it."""

    class Meta:
        model = Person

    reference = factory.LazyFunction(lambda: new_reference("PN"))
    given_name = factory.Sequence(lambda n: f"Child{n}")
    family_name = "Example"
    date_of_birth = date(2015, 3, 2)
    sex = "F"
    ethnicity = "WBRI"
    nhs_number = VALID_NHS
    upn = factory.LazyFunction(_valid_upn)
    disabilities = "NONE"
    created_at = factory.LazyFunction(timezone.now)

    class Params:
        no_sex = factory.Trait(sex="")
        no_date_of_birth = factory.Trait(date_of_birth=None)
        unborn = factory.Trait(date_of_birth=None, expected_date_of_birth=date(2025, 10, 1), upn="")
        no_ethnicity = factory.Trait(ethnicity="")
        no_nhs_number = factory.Trait(nhs_number="")
        bad_nhs_number = factory.Trait(nhs_number="9990000019")  # wrong check digit (stored before checks)
        bad_upn = factory.Trait(upn="Z850123456789")  # wrong check letter
        no_disability = factory.Trait(disabilities="")


def referred(
    team, worker, person: Person | None = None, *, on: date = date(2025, 5, 6), given="Una", family="Linked",
    born: date | None = date(2016, 1, 1), nfa: bool = False,
) -> ContactChild:  # fmt: skip
    """A contact about one child, an agreed social care referral, and the child linked to `person`
    (not linked when None)."""
    received = datetime(on.year, on.month, on.day, 10, tzinfo=LONDON)
    contact = Contact.objects.create(
        reference=new_reference(), team=team, channel=Channel.PHONE, received_at=received,
        decision_due_at=received, concern="A synthetic concern.", referrer_name="Rita Referrer",
        referral_source="2A", submission_key=uuid.uuid4(), status=Contact.Status.DECIDED,
    )  # fmt: skip
    child = ContactChild.objects.create(
        contact=contact,
        given_name=person.given_name if person else given,
        family_name=person.family_name if person else family,
        date_of_birth=person.date_of_birth if person else born,
    )
    decision = Decision.objects.create(
        contact=contact, outcome=Outcome.CHILD_AND_FAMILY_ASSESSMENT, rationale="Synthetic.", primary_need="N1",
        decided_by=worker, decided_at=received, oversight=Decision.Oversight.AGREED, overseen_by=worker,
        overseen_at=received,
    )  # fmt: skip
    Referral.objects.create(
        child=child, contact=contact, decision=decision, team=team, referral_date=on, source="2A",
        primary_need="N1", nfa=nfa, created_at=received,
    )  # fmt: skip
    if person is not None:
        ContactPerson.objects.create(
            contact=contact, contact_child=child, person=person, role="subject_child",
            given_name=child.given_name, family_name=child.family_name, date_of_birth=child.date_of_birth,
            decision=ContactPerson.Decision.LINKED, decided_at=received,
        )  # fmt: skip
    return child
