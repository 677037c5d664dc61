"""Ofsted Annex A lists 1 (contacts), 2 (early help) and 3 (referrals): column names and value formats (pure).

Formats as local authority tools check them (the liia-tools Annex A schema): dates dd/mm/yyyy; Gender `a) Male`,
`b) Female`, `c) Not stated/recorded`, `d) Neither`; Ethnicity `a) WBRI` … `s) NOBT`; Referral NFA? `a) Yes` /
`b) No`; sources `e) 2A: Schools`, `q) 6: Police`; ages whole years; team, worker and organisation never blank.
Gender and ethnicity come from the child's person record (see reporting.queries).
The lists cover the six months up to and including the as-of date (the same day six months earlier onwards).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache

from .dashboard import ReReferrals, counted_referrals, local_date
from .rows import ChildRow, ContactRow, EarlyHelpRow, ReferralRow

COMMON_COLUMNS = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)")
LIST_1_COLUMNS = (*COMMON_COLUMNS, "Date of Contact", "Contact Source")
LIST_2_COLUMNS = (
    *COMMON_COLUMNS,
    "Assessment start date",
    "Assessment completion date",
    "Organisation completing assessment",
)
LIST_3_COLUMNS = (
    *COMMON_COLUMNS,
    "Date of Referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
    "Allocated Team",
    "Allocated Worker",
)
SHEETS = (
    ("List 1 Contacts", LIST_1_COLUMNS),
    ("List 2 Early Help", LIST_2_COLUMNS),
    ("List 3 Referrals", LIST_3_COLUMNS),
)

GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded", "I": "d) Neither"}
NOT_STATED = "c) Not stated/recorded"
# Ofsted's lettered values, exactly as local authorities' Annex A tools expect them (the liia-tools Annex A
# schema): the DfE's original CIN source list in order, its later 5D as "p1)", and each source by its group
ANNEX_A_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("a", "1A", "Individual"),
    ("b", "1B", "Individual"),
    ("c", "1C", "Individual"),
    ("d", "1D", "Individual"),
    ("e", "2A", "Schools"),
    ("f", "2B", "Education services"),
    ("g", "3A", "Health services"),
    ("h", "3B", "Health services"),
    ("i", "3C", "Health services"),
    ("j", "3D", "Health services"),
    ("k", "3E", "Health services"),
    ("l", "3F", "Health services"),
    ("m", "4", "Housing"),
    ("n", "5A", "LA services"),
    ("o", "5B", "LA services"),
    ("p", "5C", "LA services"),
    ("p1", "5D", "LA services"),
    ("q", "6", "Police"),
    ("r", "7", "Other legal agency"),
    ("s", "8", "Other"),
    ("t", "9", "Anonymous"),
    ("u", "10", "Unknown"),
)
SOURCE_VALUES = {code: f"{letter}) {code}: {group}" for letter, code, group in ANNEX_A_SOURCES}
# Ethnicity: the CIN codes, lettered in Ofsted's order ("a) WBRI"); REFU and NOBT share "s)" as in the
# tools' schema. A child whose ethnicity is not recorded yet is "s) NOBT" (information not yet obtained).
ETHNICITY_ORDER = (
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
    "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU",
)  # fmt: skip
ETHNICITY_VALUES = {code: f"{chr(ord('a') + index)}) {code}" for index, code in enumerate(ETHNICITY_ORDER)}
ETHNICITY_VALUES["NOBT"] = "s) NOBT"
NOT_OBTAINED = ETHNICITY_VALUES["NOBT"]
# Allocated Team and Worker may not be blank
NOT_ALLOCATED = "Not allocated"

Row = tuple[str | int, ...]


def six_months_before(day: date) -> date:
    month = day.month - 6
    year = day.year
    if month < 1:
        month += 12
        year -= 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, last)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@lru_cache(maxsize=65536)
def dmy(day: date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def age_in_years(born: date | None, on: date) -> int | str:
    if born is None:
        return ""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def gender(sex: str | None) -> str:
    return GENDER.get(sex or "", NOT_STATED)


def source(code: str | None) -> str:
    return SOURCE_VALUES.get(code or "", SOURCE_VALUES["10"])


def ethnicity(code: str | None) -> str:
    return ETHNICITY_VALUES.get(code or "", NOT_OBTAINED)


def _common(child: ChildRow, on: date) -> Row:
    return (
        child.key,
        gender(child.sex),
        ethnicity(child.ethnicity),
        dmy(child.date_of_birth),
        age_in_years(child.date_of_birth, on),
    )


def _child(children: Mapping[str, ChildRow], key: str) -> ChildRow:
    return children.get(key) or ChildRow(key=key)


def list_1(contacts: Iterable[ContactRow], children: Mapping[str, ChildRow], as_of: date) -> list[Row]:
    """One row per child per contact received in the six months to `as_of`, oldest first."""
    start = six_months_before(as_of)
    rows = []
    for contact in sorted(contacts, key=lambda c: (c.received_at, c.contact_id)):
        day = local_date(contact.received_at)
        if start <= day <= as_of:
            for key in contact.child_keys:
                rows.append((*_common(_child(children, key), day), dmy(day), source(contact.source)))
    return rows


def list_2(episodes: Iterable[EarlyHelpRow], children: Mapping[str, ChildRow], as_of: date) -> list[Row]:
    """Early help assessments started in the six months to `as_of`, and any still open on `as_of`."""
    start = six_months_before(as_of)
    rows = []
    for episode in sorted(episodes, key=lambda e: (e.start_date, e.episode_id)):
        recent = start <= episode.start_date <= as_of
        current = episode.start_date <= as_of and (episode.end_date is None or episode.end_date >= as_of)
        if recent or current:
            completed = episode.end_date if episode.end_date and episode.end_date <= as_of else None
            rows.append(
                (
                    *_common(_child(children, episode.child_key), episode.start_date),
                    dmy(episode.start_date),
                    dmy(completed),
                    episode.organisation or NOT_ALLOCATED,
                )
            )
    return rows


def list_3(referrals: Sequence[ReferralRow], children: Mapping[str, ChildRow], as_of: date) -> list[Row]:
    """Referrals in the six months to `as_of`, a child once per referral (once per day). `referrals` should
    include the year before, for "Number of Referrals in Last 12 Months" (up to and including this one)."""
    start = six_months_before(as_of)
    counted = counted_referrals(referrals)
    history = ReReferrals(counted)
    rows = []
    for referral in counted:
        if start <= referral.referral_date <= as_of:
            rows.append(
                (
                    *_common(_child(children, referral.child_key), referral.referral_date),
                    dmy(referral.referral_date),
                    source(referral.source),
                    "a) Yes" if referral.nfa else "b) No",
                    history.referrals_in_last_12_months(referral.child_key, referral.referral_date),
                    referral.team_name or NOT_ALLOCATED,
                    referral.worker or NOT_ALLOCATED,
                )
            )
    return rows
