"""A person record prepared once for comparison: every value normalised, malformed values noted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from . import normalise as n

#: The columns a person record may carry (CSV header order).
COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "nhs_number",
    "upn",
)

Record = Mapping[str, object]


@dataclass(frozen=True, slots=True)
class Name:
    """A normalised name with everything the comparisons need."""

    text: str  # "smith jones"
    flat: str  # "smithjones"
    tokens: tuple[str, ...]
    first: str  # first token, squashed
    latin: bool
    initial: bool
    phonetic: frozenset[str]
    canonical: str  # nickname-group representative of the first token (given names)

    @classmethod
    def parse(cls, value: object) -> Name | None:
        text = n.normalise_name(None if value is None else str(value))
        if text is None:
            return None
        tokens = tuple(text.split())
        first = tokens[0]
        return cls(
            text=text,
            flat=n.squash(text),
            tokens=tokens,
            first=first,
            latin=n.is_latin(text),
            initial=n.is_initial(text),
            phonetic=n.phonetic_keys(text),
            canonical=n.nicknames().canonical_form(first),
        )


@dataclass(frozen=True, slots=True)
class Prepared:
    id: str
    given: Name | None
    family: Name | None
    dob: n.PartialDate | None
    sex: str | None
    postcode: n.Postcode | None
    address: str | None
    house_number: str | None
    nhs_number: str | None
    upn: str | None
    malformed: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        """Nothing that identifies a person: no name, date of birth or identifier."""
        return (
            self.given is None
            and self.family is None
            and self.dob is None
            and self.nhs_number is None
            and self.upn is None
        )


def _text(record: Record, key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def prepare(record: Record) -> Prepared:
    """Normalise a record (a mapping with the :data:`COLUMNS` keys; any may be absent or blank)."""
    malformed: list[str] = []
    dob_status, dob = n.date_status(_text(record, "date_of_birth"))
    if dob_status == "malformed":
        malformed.append("date_of_birth")
    pc_status, postcode = n.postcode_status(_text(record, "postcode"))
    if pc_status == "malformed":
        malformed.append("postcode")
    nhs_status, nhs = n.nhs_number_status(_text(record, "nhs_number"))
    if nhs_status == "malformed":
        malformed.append("nhs_number")
    upn_status, upn = n.upn_status(_text(record, "upn"))
    if upn_status == "malformed":
        malformed.append("upn")
    sex_raw = _text(record, "sex")
    sex = n.normalise_sex(sex_raw)
    address = n.normalise_address_line(_text(record, "address_line_1"))
    raw_id = record.get("id")
    return Prepared(
        id="" if raw_id is None else str(raw_id),
        given=Name.parse(_text(record, "given_name")),
        family=Name.parse(_text(record, "family_name")),
        dob=dob,
        sex=sex,
        postcode=postcode,
        address=address,
        house_number=n.house_number(address),
        nhs_number=nhs,
        upn=upn,
        malformed=tuple(malformed),
    )
