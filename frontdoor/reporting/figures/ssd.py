"""Standard Safeguarding Dataset (SSD) shaped rows, so councils' SSD analysis tools work on our data (pure).

Table and field names follow the data-to-insight SSD specification as deployed in v1.4.5 (July 2026):
pers_single_unique_id (renamed from pers_common_child_id in 1.4) is the consistent child identifier, the NHS
number when known. Team and worker columns are ids that point to ssd_department and ssd_professionals, which
are exported too, with ssd_linked_identifiers, ssd_family, ssd_address and ssd_disability: every id in one
file is a row in the file it points to. Dates are ISO (YYYY-MM-DD); outcome columns are the SSD's JSON flags.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date

from frontdoor.core.codes import Outcome, ReferralSource

from .cin_census import upn_unknown_reason
from .dashboard import local_date
from .rows import AddressRow, ChildRow, ContactRow, EarlyHelpRow, ReferralRow, StaffRow, TeamRow

PERSON_FIELDS = (
    "pers_legacy_id",
    "pers_person_id",
    "pers_upn",
    "pers_forename",
    "pers_surname",
    "pers_sex",
    "pers_gender",
    "pers_ethnicity",
    "pers_dob",
    "pers_single_unique_id",
    "pers_upn_unknown",
    "pers_send_flag",
    "pers_expected_dob",
    "pers_death_date",
    "pers_is_mother",
    "pers_nationality",
)
CONTACT_FIELDS = (
    "cont_contact_id",
    "cont_person_id",
    "cont_contact_date",
    "cont_contact_source_code",
    "cont_contact_source_desc",
    "cont_contact_outcome_json",
)
EARLY_HELP_FIELDS = (
    "earl_episode_id",
    "earl_person_id",
    "earl_episode_start_date",
    "earl_episode_end_date",
    "earl_episode_reason",
    "earl_episode_end_reason",
    "earl_episode_organisation",
    "earl_episode_worker_id",
)
CIN_EPISODE_FIELDS = (
    "cine_referral_id",
    "cine_person_id",
    "cine_referral_date",
    "cine_cin_primary_need_code",
    "cine_referral_source_code",
    "cine_referral_source_desc",
    "cine_referral_outcome_json",
    "cine_referral_nfa",
    "cine_close_reason",
    "cine_close_date",
    "cine_referral_team",
    "cine_referral_worker_id",
)
PROFESSIONAL_FIELDS = (
    "prof_professional_id",
    "prof_staff_id",
    "prof_professional_name",
    "prof_social_worker_registration_no",
    "prof_agency_worker_flag",
    "prof_professional_job_title",
    "prof_professional_caseload",
    "prof_professional_department",
    "prof_full_time_equivalency",
)
DEPARTMENT_FIELDS = ("dept_team_id", "dept_team_name", "dept_team_parent_id", "dept_team_parent_name")
LINKED_IDENTIFIER_FIELDS = (
    "link_table_id",
    "link_person_id",
    "link_identifier_type",
    "link_identifier_value",
    "link_valid_from_date",
    "link_valid_to_date",
)
FAMILY_FIELDS = ("fami_table_id", "fami_family_id", "fami_person_id")
ADDRESS_FIELDS = (
    "addr_table_id",
    "addr_person_id",
    "addr_address_type",
    "addr_address_start_date",
    "addr_address_end_date",
    "addr_address_postcode",
    "addr_address_json",
)
DISABILITY_FIELDS = ("disa_table_id", "disa_person_id", "disa_disability_code")
FILES = (
    ("ssd_person.csv", PERSON_FIELDS),
    ("ssd_contacts.csv", CONTACT_FIELDS),
    ("ssd_early_help_episodes.csv", EARLY_HELP_FIELDS),
    ("ssd_cin_episodes.csv", CIN_EPISODE_FIELDS),
    ("ssd_professionals.csv", PROFESSIONAL_FIELDS),
    ("ssd_department.csv", DEPARTMENT_FIELDS),
    ("ssd_linked_identifiers.csv", LINKED_IDENTIFIER_FIELDS),
    ("ssd_family.csv", FAMILY_FIELDS),
    ("ssd_address.csv", ADDRESS_FIELDS),
    ("ssd_disability.csv", DISABILITY_FIELDS),
)
# The SSD's standard identifier types (ssd_linked_identifiers.link_identifier_type)
NHS_NUMBER, UPN, CASE_NUMBER = "NHS Number", "Unique Pupil Number", "Case Number"

Record = dict[str, str]


def _iso(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))


def _flag(on: bool) -> str:
    return "Y" if on else "N"


def _source_desc(code: str | None) -> str:
    try:
        return ReferralSource(code or "").label
    except ValueError:
        return ""


def person_rows(children: Iterable[ChildRow], today: date) -> list[Record]:
    """One row per child, from their person record; the NHS number is the consistent child identifier."""
    return [
        {
            **dict.fromkeys(PERSON_FIELDS, ""),
            "pers_person_id": child.key,
            "pers_upn": child.upn or "",
            "pers_forename": child.given_name,
            "pers_surname": child.family_name,
            "pers_sex": child.sex or "",
            "pers_gender": child.sex or "",
            "pers_ethnicity": child.ethnicity or "",
            "pers_dob": _iso(child.date_of_birth),
            "pers_single_unique_id": child.nhs_number or "",
            "pers_upn_unknown": upn_unknown_reason(child, (), today) or "",
            "pers_expected_dob": _iso(child.expected_date_of_birth),
            "pers_death_date": _iso(child.date_of_death),
        }
        for child in sorted(children, key=lambda c: c.key)
    ]


def linked_identifier_rows(
    children: Iterable[ChildRow], person_references: Mapping[str, str]
) -> list[Record]:
    """Every identifier we hold for each child: NHS number, UPN and our own person reference (case number)."""
    rows: list[Record] = []
    for child in sorted(children, key=lambda c: c.key):
        for kind, value in (
            (NHS_NUMBER, child.nhs_number),
            (UPN, child.upn),
            (CASE_NUMBER, person_references.get(child.key)),
        ):
            if value:
                rows.append(
                    {
                        "link_table_id": f"{child.key}-{len(rows) + 1}",
                        "link_person_id": child.key,
                        "link_identifier_type": kind,
                        "link_identifier_value": value,
                        "link_valid_from_date": "",
                        "link_valid_to_date": "",
                    }
                )
    return rows


def disability_rows(children: Iterable[ChildRow]) -> list[Record]:
    return [
        {"disa_table_id": f"{child.key}-{code}", "disa_person_id": child.key, "disa_disability_code": code}
        for child in sorted(children, key=lambda c: c.key)
        for code in child.disabilities
    ]


def professional_rows(staff: Iterable[StaffRow]) -> list[Record]:
    return [
        {
            **dict.fromkeys(PROFESSIONAL_FIELDS, ""),
            "prof_professional_id": member.staff_id,
            "prof_staff_id": member.staff_id,
            "prof_professional_name": member.name,
            "prof_professional_job_title": member.job_title,
            "prof_professional_department": member.team_id,
        }
        for member in sorted(staff, key=lambda m: m.staff_id)
    ]


def department_rows(teams: Iterable[TeamRow]) -> list[Record]:
    return [
        {
            "dept_team_id": team.team_id,
            "dept_team_name": team.name,
            "dept_team_parent_id": "",
            "dept_team_parent_name": "",
        }
        for team in sorted(teams, key=lambda t: t.team_id)
    ]


def family_rows(families: Iterable[tuple[str, str]]) -> list[Record]:
    return [
        {"fami_table_id": f"{family}-{person}", "fami_family_id": family, "fami_person_id": person}
        for family, person in sorted(set(families))
    ]


def address_rows(addresses: Iterable[AddressRow]) -> list[Record]:
    """Current and earlier addresses, the address itself as the SSD's JSON object (the keys it names)."""
    rows = []
    for index, address in enumerate(
        sorted(addresses, key=lambda a: (a.person_key, not a.current, a.moved_in or date.min)), start=1
    ):
        parts = {
            key: ""
            for key in (
                "ROOM",
                "FLOOR",
                "FLAT",
                "BUILDING",
                "HOUSE",
                "STREET",
                "TOWN",
                "UPRN",
                "EASTING",
                "NORTHING",
            )
        }
        parts["STREET"] = ", ".join(p for p in (address.line_1, address.line_2) if p)
        parts["TOWN"] = address.town
        rows.append(
            {
                "addr_table_id": f"{address.person_key}-A{index}",
                "addr_person_id": address.person_key,
                "addr_address_type": "Current" if address.current else "Previous",
                "addr_address_start_date": _iso(address.moved_in),
                "addr_address_end_date": _iso(address.moved_out),
                "addr_address_postcode": address.postcode,
                "addr_address_json": json.dumps(parts, separators=(",", ":")),
            }
        )
    return rows


def contact_outcome_json(outcome: str | None) -> str:
    """The SSD contact outcome flags for one of our outcomes (all keys present, "Y" or "N")."""
    flags = {
        "NEW_REFERRAL_FLAG": outcome
        in (Outcome.CHILD_AND_FAMILY_ASSESSMENT, Outcome.STRATEGY_DISCUSSION, Outcome.PRIVATE_FOSTERING),
        "EXISTING_REFERRAL_FLAG": outcome == Outcome.ALREADY_OPEN,
        "CP_ENQUIRY_FLAG": outcome == Outcome.STRATEGY_DISCUSSION,
        "NFA_FLAG": outcome == Outcome.NO_FURTHER_ACTION,
        "PRIVATE_FOSTERING_FLAG": outcome == Outcome.PRIVATE_FOSTERING,
        "ADVICE_FLAG": outcome in (Outcome.ADVICE_OR_SIGNPOST, Outcome.SIGNPOST),
        "MISSING_FLAG": False,
        "OTHER_OUTCOMES_EXIST_FLAG": outcome in (Outcome.EARLY_HELP, Outcome.LADO),
    }
    return json.dumps({key: _flag(value) for key, value in flags.items()}, separators=(",", ":"))


def contact_rows(contacts: Iterable[ContactRow]) -> list[Record]:
    """One row per child per contact (the SSD keys every table to the person); id = contact:child."""
    return [
        {
            "cont_contact_id": f"{contact.reference or contact.contact_id}-{index}",
            "cont_person_id": key,
            "cont_contact_date": _iso(local_date(contact.received_at)),
            "cont_contact_source_code": contact.source,
            "cont_contact_source_desc": _source_desc(contact.source),
            "cont_contact_outcome_json": contact_outcome_json(contact.outcome) if contact.outcome else "",
        }
        for contact in sorted(contacts, key=lambda c: (c.received_at, c.contact_id))
        for index, key in enumerate(contact.child_keys, start=1)
    ]


def early_help_rows(episodes: Iterable[EarlyHelpRow]) -> list[Record]:
    return [
        {
            "earl_episode_id": episode.episode_id,
            "earl_person_id": episode.child_key,
            "earl_episode_start_date": _iso(episode.start_date),
            "earl_episode_end_date": _iso(episode.end_date),
            "earl_episode_reason": episode.reason,
            "earl_episode_end_reason": episode.end_reason,
            "earl_episode_organisation": episode.organisation,
            "earl_episode_worker_id": episode.worker_id,
        }
        for episode in sorted(episodes, key=lambda e: (e.start_date, e.episode_id))
    ]


def cin_episode_rows(
    referrals: Iterable[ReferralRow], outcomes: Mapping[str, str] | None = None
) -> list[Record]:
    """`outcomes` maps a contact id to its decision's outcome, for the referral outcome flags."""
    outcomes = outcomes or {}
    rows = []
    for referral in sorted(referrals, key=lambda r: (r.referral_date, r.referral_id)):
        outcome = outcomes.get(referral.contact_id)
        flags = {
            "SINGLE_ASSESSMENT_FLAG": _flag(outcome == Outcome.CHILD_AND_FAMILY_ASSESSMENT),
            "STRATEGY_DISCUSSION_FLAG": _flag(outcome == Outcome.STRATEGY_DISCUSSION),
            "PRIVATE_FOSTERING_FLAG": _flag(outcome == Outcome.PRIVATE_FOSTERING),
        }
        rows.append(
            {
                "cine_referral_id": referral.referral_id,
                "cine_person_id": referral.child_key,
                "cine_referral_date": _iso(referral.referral_date),
                "cine_cin_primary_need_code": referral.primary_need or "",
                "cine_referral_source_code": referral.source or "",
                "cine_referral_source_desc": _source_desc(referral.source),
                "cine_referral_outcome_json": json.dumps(flags, separators=(",", ":")),
                "cine_referral_nfa": "" if referral.nfa is None else _flag(referral.nfa),
                "cine_close_reason": referral.closure_reason or "",
                "cine_close_date": _iso(referral.closure_date),
                "cine_referral_team": referral.team_id,
                "cine_referral_worker_id": referral.worker_id,
            }
        )
    return rows
