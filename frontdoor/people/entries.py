"""The children and adults on a contact, as the referrer described them (read from the intake app's models)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from frontdoor.intake.models import Contact

from .codes import Role, role_for_relationship


@dataclass(frozen=True)
class Entry:
    kind: str  # "child" or "adult"
    source_id: uuid.UUID
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    relationship: str
    role: str

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.source_id}"

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def record(self) -> dict[str, str]:
        return {
            "id": self.key,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "date_of_birth": self.date_of_birth.isoformat() if self.date_of_birth else "",
        }


def split_name(name: str) -> tuple[str, str]:
    """ "Sam O'Neill" -> ("Sam", "O'Neill"); one word is a given name ("Dad" is handled as a title)."""
    parts = name.split()
    if len(parts) <= 1:
        return (name.strip(), "")
    return " ".join(parts[:-1]), parts[-1]


def entries_of(contact: Contact) -> list[Entry]:
    entries = [
        Entry(
            "child",
            child.pk,
            child.given_name,
            child.family_name,
            child.date_of_birth,
            "",
            Role.SUBJECT_CHILD,
        )
        for child in contact.children.all()
    ]
    adults = getattr(contact, "adults", None)  # ContactAdult arrives with the workspace (issue 4)
    if adults is not None:
        for adult in adults.all():
            given, family = split_name(adult.name)
            entries.append(
                Entry(
                    "adult",
                    adult.pk,
                    given,
                    family,
                    None,
                    adult.relationship,
                    role_for_relationship(adult.relationship),
                )
            )
    return entries


def entry_by_key(contact: Contact, key: str) -> Entry | None:
    return next((entry for entry in entries_of(contact) if entry.key == key), None)
