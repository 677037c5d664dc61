"""What the contact page shows of who a contact is about: each child's person record, their household and
siblings with their involvement, and one chronology of the child and household (the partial
people/_contact_history.html, included on the triage contact page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from frontdoor.intake.models import Contact

from . import queries
from .entries import Entry
from .models import Person


@dataclass(frozen=True)
class ChildPanel:
    history: Any  # triage.queries.ChildHistory: the child, their person, other contacts, the 12-month count
    person_url: str

    @property
    def address(self) -> str:
        person: Person | None = self.history.person
        if person is None:
            return ""
        return ", ".join(
            p for p in (person.address_line_1, person.address_line_2, person.town, person.postcode) if p
        )


@dataclass
class ContactIdentity:
    children: list[ChildPanel]
    unlinked: list[Entry]
    people_url: str
    household: list[queries.HouseholdMember] = field(default_factory=list)
    chronology: list[queries.TimelineEvent] = field(default_factory=list)


def contact_identity(contact: Contact, people: Any) -> ContactIdentity:
    """The panel for one contact, from who it is about (`triage.queries.people_on_contact`)."""
    return ContactIdentity(
        children=[
            ChildPanel(h, reverse("people:person", args=[h.person.pk]) if h.person is not None else "")
            for h in people.children
        ],
        unlinked=queries.unlinked_entries(contact),
        people_url=reverse("people:contact_people", args=[contact.pk]),
        household=people.household,
        chronology=people.chronology,
    )
