"""Linking the children and adults already on contacts to persons, where the link is certain.

Used by the data migration that made the Person the identity (0006_record_link_existing_records), by the demo
seed and by tests. Models are passed in, so that the migration can run it on historical models.

Certain: the exact (normalised) given name, family name and date of birth of exactly one stored person, or
of nobody (a new person is created, one for all the children typed the same way). Anything else is left for a
person to decide, on the review list, with the reason: no date of birth, or more than one record fits."""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from frontdoor.core.references import new_reference

from .codes import Role, role_for_relationship
from .entries import split_name

NO_DATE_OF_BIRTH = "No date of birth: check who they are before linking."
MORE_THAN_ONE = "More than one person record has this name and date of birth: choose the right one."


def normalise_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass
class Linked:
    linked: int = 0
    created: int = 0
    to_review: int = 0
    persons: list[Any] = field(default_factory=list)  # created, for their blocking keys


@dataclass(frozen=True)
class _Typed:
    contact_id: uuid.UUID
    child_id: uuid.UUID | None
    adult_id: uuid.UUID | None
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    relationship: str
    role: str

    @property
    def key(self) -> tuple[str, str, dt.date] | None:
        if self.date_of_birth is None:
            return None
        return normalise_name(self.given_name), normalise_name(self.family_name), self.date_of_birth


def link_certain_matches(
    *,
    contacts: Any,
    models: dict[str, Any],
    undated: str = "review",
    after_create: Callable[[list[Any]], None] | None = None,
) -> Linked:
    """Link every unlinked child and adult of ``contacts`` (a queryset of intake.Contact) where the link is
    certain; the rest wait on the review list. ``undated="new"`` makes a new person for someone with no date
    of birth instead (tests and the demo, whose people are known to be new)."""
    ContactChild, ContactAdult = models["ContactChild"], models["ContactAdult"]
    ContactPerson, Person = models["ContactPerson"], models["Person"]
    decided = ContactPerson.objects.filter(person__isnull=False)
    typed: list[_Typed] = [
        _Typed(c.contact_id, c.pk, None, c.given_name, c.family_name, c.date_of_birth, "", Role.SUBJECT_CHILD)
        for c in ContactChild.objects.filter(contact__in=contacts).filter(
            ~Exists(decided.filter(contact_child=OuterRef("pk")))
        )
    ]
    for adult in ContactAdult.objects.filter(contact__in=contacts).filter(
        ~Exists(decided.filter(contact_adult_id=OuterRef("pk")))
    ):
        given, family = split_name(adult.name)
        typed.append(
            _Typed(
                adult.contact_id, None, adult.pk, given, family, adult.date_of_birth,
                adult.relationship, role_for_relationship(adult.relationship),
            )
        )  # fmt: skip
    dates = {t.date_of_birth for t in typed if t.date_of_birth is not None}
    known: dict[tuple[str, str, dt.date], list[Any]] = {}
    for person in Person.objects.filter(date_of_birth__in=dates, merged_into__isnull=True):
        key = (normalise_name(person.given_name), normalise_name(person.family_name), person.date_of_birth)
        known.setdefault(key, []).append(person)
    now = timezone.now()
    out = Linked()
    for entry in sorted(typed, key=lambda t: (str(t.contact_id), str(t.child_id or t.adult_id))):
        key = entry.key
        found = known.get(key, []) if key else []
        reason = ""
        if key is None and undated != "new":
            reason = NO_DATE_OF_BIRTH
        elif len(found) > 1:
            reason = MORE_THAN_ONE
        person, decision = None, "pending"
        if not reason and found:
            person, decision = found[0], "linked"
            out.linked += 1
        elif not reason:
            person = Person.objects.create(
                reference=new_reference("PN"), given_name=entry.given_name[:100],
                family_name=entry.family_name[:100], date_of_birth=entry.date_of_birth, created_at=now,
            )  # fmt: skip
            decision = "new"
            out.created += 1
            out.persons.append(person)
            if key:
                known[key] = [person]
        else:
            out.to_review += 1
        lookup = (
            {"contact_child_id": entry.child_id} if entry.child_id else {"contact_adult_id": entry.adult_id}
        )
        ContactPerson.objects.update_or_create(
            contact_id=entry.contact_id,
            **lookup,
            defaults={
                "person": person, "decision": decision, "role": entry.role,
                "given_name": entry.given_name[:100], "family_name": entry.family_name[:100],
                "date_of_birth": entry.date_of_birth, "relationship": entry.relationship[:200],
                "decided_at": now if person else None, "review_reason": reason,
            },
        )  # fmt: skip
    if after_create is not None and out.persons:
        after_create(out.persons)
    return out


def app_models() -> dict[str, Any]:
    """The models as they are now (outside a migration)."""
    from frontdoor.intake.models import ContactAdult, ContactChild

    from .models import ContactPerson, Person

    return {
        "ContactChild": ContactChild,
        "ContactAdult": ContactAdult,
        "ContactPerson": ContactPerson,
        "Person": Person,
    }


def link_contacts(contacts: Iterable[Any] | Any, *, undated: str = "review") -> Linked:
    """`link_certain_matches` with today's models, keeping the new persons findable by the matcher."""
    from . import search

    return link_certain_matches(
        contacts=contacts, models=app_models(), undated=undated, after_create=search.store_blocking_keys
    )
