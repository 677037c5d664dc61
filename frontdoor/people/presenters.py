"""What the contact page shows of who a contact is about: each child's person record, their household and
siblings with their involvement, and one chronology of the child and household (the partial
people/_contact_history.html, included on the triage contact page)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from frontdoor.accounts.models import User
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


def contact_identity(user: User, contact: Contact, histories: Sequence[Any]) -> ContactIdentity:
    """The panel for one contact, from the children's histories (`triage.queries.history_for`). A fixed number
    of queries whatever the size of the household or the length of its history."""
    persons = {h.person.pk: h.person for h in histories if h.person is not None}
    linked_here = list(persons.values())
    adults = [p for p in queries.linked_people_for_contact(user, contact).values() if p.pk not in persons]
    household = queries.household_for(user, linked_here, exclude_contact=None) if linked_here else []
    everyone = linked_here + [m.person for m in household] + adults
    return ContactIdentity(
        children=[
            ChildPanel(h, reverse("people:person", args=[h.person.pk]) if h.person is not None else "")
            for h in histories
        ],
        unlinked=queries.unlinked_entries(contact),
        people_url=reverse("people:contact_people", args=[contact.pk]),
        household=[m for m in household if m.person.pk not in {a.pk for a in adults}],
        chronology=queries.chronology_for(user, list({p.pk: p for p in everyone}.values()))
        if everyone
        else [],
    )
