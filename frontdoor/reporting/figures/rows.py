"""The plain rows every report is computed from (pure: no Django)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

# Rows are values: nothing changes one once it is read. A return builds one ChildRow per child (tens of
# thousands for a large council), so the hottest are plain slotted dataclasses: frozen ones set every field
# through object.__setattr__, which made building them several times slower (a sixth of the CIN census).


@dataclass(slots=True)
class ChildRow:
    """One child as the reports know them. `key` is stable and at most 20 characters (the CIN LAchildID)."""

    key: str
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    # CIN Sex: "F", "M" or "U" (unknown); None when it was never recorded
    sex: str | None = None
    ethnicity: str | None = None
    expected_date_of_birth: date | None = None
    date_of_death: date | None = None
    upn: str | None = None
    nhs_number: str | None = None
    # CIN disability codes; () when never recorded, ("NONE",) for no disability
    disabilities: tuple[str, ...] = ()
    # The linked person record (the identity behind the child), None when the child is not linked yet
    person_id: str | None = None


@dataclass(frozen=True)
class ContactRow:
    """One contact, with its final (agreed) decision if it has one."""

    contact_id: str
    team_id: str
    received_at: datetime  # timezone-aware
    channel: str
    source: str  # CIN ReferralSource code
    agency: str  # the referring organisation's name, "" when none was recorded
    family_key: str
    child_keys: tuple[str, ...]
    outcome: str | None = None  # frontdoor.core.codes.Outcome value
    decided_at: datetime | None = None
    decision_level: int | None = None  # level of need 1–4 on the decision
    screener_route: str | None = None  # the screener's Route value
    screener_level: int | None = None
    reference: str = ""


@dataclass(frozen=True)
class ReferralRow:
    """One referral to children's social care, for one child."""

    referral_id: str
    child_key: str
    referral_date: date
    team_id: str
    source: str | None
    primary_need: str | None
    nfa: bool | None
    contact_id: str = ""
    team_name: str = ""
    worker: str = ""
    closure_date: date | None = None
    worker_id: str = ""  # the member of staff (ssd_professionals.prof_professional_id)
    closure_reason: str | None = None


@dataclass(frozen=True)
class EarlyHelpRow:
    """One early help episode (for Annex A list 2 and the SSD)."""

    episode_id: str
    child_key: str
    start_date: date
    end_date: date | None = None
    organisation: str = ""
    worker: str = ""
    reason: str = ""
    end_reason: str = ""
    team_id: str = ""  # ssd_department.dept_team_id
    worker_id: str = ""  # ssd_professionals.prof_professional_id


@dataclass(frozen=True)
class StaffRow:
    """A member of staff named on a return (SSD ssd_professionals)."""

    staff_id: str
    name: str
    job_title: str
    team_id: str = ""


@dataclass(frozen=True)
class TeamRow:
    """A team named on a return (SSD ssd_department)."""

    team_id: str
    name: str


@dataclass(frozen=True)
class AddressRow:
    person_key: str
    line_1: str
    line_2: str
    town: str
    postcode: str
    moved_in: date | None = None
    moved_out: date | None = None
    current: bool = True


@dataclass(frozen=True)
class PersonExtras:
    """What the SSD says about the people behind the children beyond ssd_person: families and addresses."""

    families: tuple[tuple[str, str], ...] = ()  # (family reference, person key)
    addresses: tuple[AddressRow, ...] = ()
