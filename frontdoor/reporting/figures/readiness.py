"""Returns readiness: each child in the returns with an item missing or invalid, the rule it breaks (pure).

The returns take the child from their person record (sex, ethnicity, dates, identifiers, disability); this
lists what a person record still lacks before the CIN census, Annex A and the SSD can be right. Missing values
are defects to list, never errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from .cin_census import DISABILITIES, SEXES
from .rows import ChildRow

# The CIN census ethnicity codes (people.codes.Ethnicity; repeated here so that this module stays pure)
ETHNICITIES = frozenset(
    [
        "WBRI",
        "WIRI",
        "WIRT",
        "WOTH",
        "WROM",
        "MWBC",
        "MWBA",
        "MWAS",
        "MOTH",
        "AIND",
        "APKN",
        "ABAN",
        "AOTH",
        "BCRB",
        "BAFR",
        "BOTH",
        "CHNE",
        "OOTH",
        "REFU",
        "NOBT",
    ]
)
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN = re.compile(r"^[A-Z]\d{12}$|^[A-Z]\d{11}[A-Z]$")


@dataclass(frozen=True)
class Defect:
    item: str  # what is missing or wrong, as the person record names it
    problem: str
    rule: str  # the rule it breaks, and in which return


@dataclass(frozen=True)
class ChildReadiness:
    child: ChildRow
    defects: tuple[Defect, ...]
    contact_id: str | None = None  # a contact the child is on (to link an unlinked child from)


@dataclass
class Readiness:
    children: list[ChildReadiness] = field(default_factory=list)
    checked: int = 0

    @property
    def ready(self) -> int:
        return self.checked - len(self.children)


def nhs_number_valid(value: str) -> bool:
    if not re.fullmatch(r"\d{10}", value) or len(set(value)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(value[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return (0 if check == 11 else check) == int(value[9])


def upn_valid(value: str) -> bool:
    if not _UPN.match(value) or (value[-1].isalpha() and value[-1] not in _UPN_LETTERS):
        return False
    total = sum(
        (int(ch) if ch.isdigit() else _UPN_LETTERS.index(ch)) * weight
        for weight, ch in enumerate(value[1:], start=2)
    )
    return value[0] == _UPN_LETTERS[total % 23]


def child_defects(
    child: ChildRow, *, reference_date: date, first_referral: date | None = None
) -> list[Defect]:
    """What the returns cannot take from this child's record, in the order of the person page."""
    out: list[Defect] = []
    if child.person_id is None:
        out.append(
            Defect(
                "Person record",
                "Not linked to a person record: the returns cannot take sex, ethnicity or identifiers",
                "Every return: one identity per child (LAchildID, Child Unique ID, pers_person_id)",
            )
        )
    born, expected = child.date_of_birth, child.expected_date_of_birth
    if born is None and expected is None:
        out.append(
            Defect(
                "Date of birth",
                "No date of birth or expected date of birth",
                "CIN 8525: date of birth or expected date of birth",
            )
        )
    elif born is not None and born > reference_date:
        out.append(Defect("Date of birth", "After the end of the census year", "CIN 8520"))
    birth = born or expected
    if birth is not None and first_referral is not None and first_referral < birth - timedelta(days=280):
        out.append(
            Defect(
                "Date of birth" if born else "Expected date of birth",
                "More than 40 weeks after the referral",
                "CIN 8606: referral not more than 40 weeks before (expected) birth",
            )
        )
    if child.sex not in SEXES or child.sex == "U":
        out.append(
            Defect(
                "Sex",
                "Not recorded" if not child.sex or child.sex == "U" else f"Not a census code: {child.sex}",
                "CIN Sex (2886Q: no more than 2% unknown); Annex A Gender",
            )
        )
    if not child.ethnicity:
        out.append(Defect("Ethnicity", "Not recorded (sent as NOBT, not yet obtained)", "CIN 4220; Annex A"))
    elif child.ethnicity not in ETHNICITIES:
        out.append(Defect("Ethnicity", f"Not a census code: {child.ethnicity}", "CIN 4220"))
    if not child.nhs_number and born is not None:  # an unborn child has none yet
        out.append(
            Defect(
                "NHS number",
                "Not recorded: the SSD's consistent child identifier is left blank",
                "SSD pers_single_unique_id (the consistent child identifier)",
            )
        )
    elif child.nhs_number and not nhs_number_valid(child.nhs_number):
        out.append(
            Defect(
                "NHS number",
                "Not a valid NHS number (10 digits, the last a check digit)",
                "SSD pers_single_unique_id (the consistent child identifier)",
            )
        )
    if child.upn and not upn_valid(child.upn):
        out.append(Defect("UPN", "Not a valid UPN (wrong pattern or check letter)", "CIN 1510, 1520"))
    if not child.disabilities:
        if born is not None:
            out.append(Defect("Disability", "Not recorded (record No disability if none)", "CIN 8540"))
    elif any(code not in DISABILITIES for code in child.disabilities) or (
        "NONE" in child.disabilities and len(child.disabilities) > 1
    ):
        out.append(Defect("Disability", "Not census codes, or No disability with others", "CIN 8540, 8790"))
    return out


def readiness(
    children: Iterable[ChildRow],
    *,
    reference_date: date,
    first_referrals: Mapping[str, date],
    contacts: Mapping[str, str],
) -> Readiness:
    """Every child with at least one defect, those with most to fix first, then by child id."""
    result = Readiness()
    for child in children:
        result.checked += 1
        defects = child_defects(
            child, reference_date=reference_date, first_referral=first_referrals.get(child.key)
        )
        if defects:
            result.children.append(ChildReadiness(child, tuple(defects), contacts.get(child.key)))
    result.children.sort(key=lambda c: (-len(c.defects), c.child.key))
    return result
