"""Standard Safeguarding Dataset (SSD) shaped rows, so councils' SSD analysis tools work on our data (pure).

Field names follow the SSD tables ssd_person, ssd_contacts, ssd_early_help_episodes and ssd_cin_episodes.
Dates are ISO (YYYY-MM-DD); outcome columns are the SSD's JSON flag objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from frontdoor.core.codes import Outcome, ReferralSource

from .dashboard import local_date
from .rows import ChildRow, ContactRow, EarlyHelpRow, ReferralRow

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
    "pers_common_child_id",
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
FILES = (
    ("ssd_person.csv", PERSON_FIELDS),
    ("ssd_contacts.csv", CONTACT_FIELDS),
    ("ssd_early_help_episodes.csv", EARLY_HELP_FIELDS),
    ("ssd_cin_episodes.csv", CIN_EPISODE_FIELDS),
)

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


def person_rows(children: Iterable[ChildRow]) -> list[Record]:
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
            "pers_expected_dob": _iso(child.expected_date_of_birth),
            "pers_death_date": _iso(child.date_of_death),
        }
        for child in sorted(children, key=lambda c: c.key)
    ]


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
            "earl_episode_worker_id": episode.worker,
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
                "cine_referral_team": referral.team_name,
                "cine_referral_worker_id": referral.worker,
            }
        )
    return rows
