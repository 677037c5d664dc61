"""Factories for retention and subject access: a decided contact with a person linked. Synthetic data only."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from frontdoor.intake.models import Contact, ContactAdult
from frontdoor.people.models import ContactPerson, Person
from frontdoor.triage.models import Conversation, Decision

YEAR = timedelta(days=366)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    reference = factory.Sequence(lambda n: f"P-RET{n:05d}")
    given_name = "Ava"
    family_name = "Example"
    created_at = factory.LazyFunction(timezone.now)


def decide(contact: Contact, user, outcome: str, years_ago: int) -> Decision:  # type: ignore[no-untyped-def]
    at = timezone.now() - years_ago * YEAR
    return Decision.objects.create(
        contact=contact,
        outcome=outcome,
        rationale="Synthetic rationale: school to keep an eye.",
        decided_by=user,
        decided_at=at,
        oversight=Decision.Oversight.AGREED,
        overseen_by=user,
        overseen_at=at,
    )


def link(contact: Contact, person: Person, role: str = "subject_child") -> ContactPerson:
    child = contact.children.first() if role == "subject_child" else None
    return ContactPerson.objects.create(
        contact=contact,
        person=person,
        contact_child=child,
        role=role,
        given_name=person.given_name,
        family_name=person.family_name,
        decision=ContactPerson.Decision.LINKED,
    )


def note(contact: Contact, user) -> Conversation:  # type: ignore[no-untyped-def]
    now = timezone.now()
    return Conversation.objects.create(
        contact=contact,
        started_at=now,
        ended_at=now,
        participants="Mum and the worker",
        worries="Synthetic worry",
        recorded_by=user,
        recorded_at=now,
    )


def adult(contact: Contact, name: str = "Sam Example") -> ContactAdult:
    return ContactAdult.objects.create(contact=contact, name=name, relationship="Mother")
