"""The referral-related part of the DfE Children in Need census: XML and the validation rules (pure).

Structure (the CIN XSD, 2024-25 with Sex replacing GenderCurrent): Message > Header > (CollectionDetails,
Source) and Message > Children > Child > (ChildIdentifiers, ChildCharacteristics, CINdetails+). `SCHEMA`
encodes the element order and occurrences that `check_structure` enforces; `validate` runs the DfE rules that
touch referrals (see /shared/reference/cin-census.md) and reports each failure with the child and rule number.
Rules for assessments, section 47 enquiries, conferences and plans are implemented for when those records
exist; the front door itself only records referrals, so today they are evaluated on empty lists.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from frontdoor.core.codes import PrimaryNeed, ReferralSource
from frontdoor.core.working_days import working_days_between

from .rows import ChildRow

SOURCES = frozenset(s.value for s in ReferralSource)
PRIMARY_NEEDS = frozenset(n.value for n in PrimaryNeed)
SEXES = frozenset({"F", "M", "U"})
SOURCE_REQUIRED_FROM = date(2013, 4, 1)
UNKNOWN_ETHNICITY = "NOBT"  # information not yet obtained
DISABILITIES = frozenset(
    {"NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"}
)
# A referral with no further action is closed on its referral date. Not RC8 ("case closed after assessment,
# no further action"): there was no assessment, and the DfE query 8825Q asks for one behind every RC8 or RC9.
# RC7 is "services ceased for any other reason, including child no longer in need".
NFA_CLOSURE_REASON = "RC7"


def census_period(year: int) -> tuple[date, date]:
    """The collection year named by its end: 2025 is 1 April 2024 to 31 March 2025 (the reference date)."""
    return date(year - 1, 4, 1), date(year, 3, 31)


@dataclass(frozen=True)
class Assessment:
    start: date | None
    authorised: date | None = None
    factors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section47:
    start: date | None  # the strategy discussion that started the enquiry
    icpc_target: date | None = None
    icpc_date: date | None = None
    icpc_not_required: bool = False


@dataclass(frozen=True)
class CinPlan:
    start: date | None
    end: date | None = None


@dataclass(frozen=True)
class CPPlan:
    start: date | None
    end: date | None = None


@dataclass(slots=True)  # a value, not frozen: see figures.rows
class Episode:
    """One CINdetails: a referral and what followed it."""

    referral_date: date | None
    source: str | None
    primary_need: str | None
    nfa: bool | None
    closure_date: date | None = None
    closure_reason: str | None = None
    date_of_initial_cpc: date | None = None
    assessments: tuple[Assessment, ...] = ()
    cin_plans: tuple[CinPlan, ...] = ()
    section47s: tuple[Section47, ...] = ()
    cp_plans: tuple[CPPlan, ...] = ()

    @property
    def has_activity(self) -> bool:
        return bool(
            self.assessments or self.cin_plans or self.section47s or self.cp_plans or self.date_of_initial_cpc
        )


@dataclass(slots=True)  # a value, not frozen: see figures.rows
class CensusChild:
    child: ChildRow
    episodes: tuple[Episode, ...]
    upn_unknown: str | None = None


@dataclass(frozen=True)
class RuleFailure:
    rule: str
    child: str
    message: str

    @property
    def is_query(self) -> bool:
        """Rules ending in Q are queries: to be checked and explained, not necessarily wrong."""
        return self.rule.endswith("Q")

    def __str__(self) -> str:
        return f"{self.rule} (child {self.child}): {self.message}"


# One referral as the census reads it: referral date, referral id, source, primary need, no further action
CensusReferral = tuple[date, str, str | None, str | None, bool | None]


def episodes_for(referrals: Sequence[CensusReferral]) -> tuple[Episode, ...]:
    """One child's CIN episodes from their referrals, as the DfE rules have them. A child referred twice on one
    day was referred once (the first by id counts, as `counted_referrals`). No referral is recorded while the
    child has an open case (8815, 8816, 8820), so a referral made while an earlier one is still open (the
    front door never learns when the case system closes a case) belongs to that episode rather than starting
    another. A no-further-action referral is closed the day it was made (`NFA_CLOSURE_REASON`)."""
    episodes: list[Episode] = []
    last_day = None
    for day, _, source, need, nfa in sorted(referrals):
        if day == last_day:
            continue
        last_day = day
        episodes.append(_episode(day, source, need, nfa))
        if not nfa:  # open from here on: later referrals join it
            break
    return tuple(episodes)


def _episode(day: date, source: str | None, need: str | None, nfa: bool | None) -> Episode:
    if nfa is True:
        return Episode(day, source, need, nfa, closure_date=day, closure_reason=NFA_CLOSURE_REASON)
    return Episode(day, source, need, nfa)


def upn_unknown_reason(child: ChildRow, episodes: Sequence[Episode], reference_date: date) -> str | None:
    """UPNunknown when no UPN is held: UN7 when every referral ended with no further action, UN6 for a
    child under 6 at the reference date, otherwise UN5 (the sources collating UPNs are incomplete)."""
    if child.upn:
        return None
    if episodes and all(e.nfa is True for e in episodes):
        return "UN7"
    if child.date_of_birth and _age(child.date_of_birth, reference_date) < 6:
        return "UN6"
    return "UN5"


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# --- Validation rules ----------------------------------------------------------------------------------


def validate(
    children: Iterable[CensusChild], *, reference_date: date, bank_holidays: Collection[date]
) -> list[RuleFailure]:
    failures: list[RuleFailure] = []
    for census_child in children:
        failures += validate_child(census_child, reference_date=reference_date, bank_holidays=bank_holidays)
    return failures


def validate_child(
    census_child: CensusChild, *, reference_date: date, bank_holidays: Collection[date]
) -> list[RuleFailure]:
    child = census_child.child
    out: list[RuleFailure] = []

    def fail(rule: str, message: str) -> None:
        out.append(RuleFailure(rule, child.key, message))

    if not child.key or len(child.key) > 20:
        fail("XSD", "LAchildID must be present and at most 20 characters")
    if (child.date_of_birth is None) == (child.expected_date_of_birth is None):
        fail("8525", "Either the date of birth or the expected date of birth must be given (but not both)")
    if child.date_of_birth is not None and child.date_of_birth > reference_date:
        fail("8520", "The date of birth is after the end of the census year")
    if child.sex not in SEXES:
        fail("XSD", "Sex is not recorded: record F, M or U (unknown)")
    upn_unknown = census_child.upn_unknown
    episodes = census_child.episodes
    if upn_unknown == "UN7" and not all(e.nfa is True for e in episodes):
        fail("8772", "UPN unknown reason UN7 needs every referral to be no further action")
    birth = child.date_of_birth or child.expected_date_of_birth
    for episode in episodes:
        referral = episode.referral_date
        if referral is None or referral > reference_date:
            fail("8600", "The referral date must be present and on or before the reference date")
        if referral is not None and referral >= SOURCE_REQUIRED_FROM and episode.source not in SOURCES:
            fail("8866", "The referral source must be present and a valid code")
        if episode.nfa is None:
            fail("8568", "ReferralNFA must be present")
        if episode.nfa is False and not episode.primary_need:
            fail("8610", "A referral that is not no further action needs a primary need code")
        if episode.primary_need and episode.primary_need not in PRIMARY_NEEDS:
            fail("8650", "The primary need code must be N0 to N9")
        if referral is not None and birth is not None and referral < birth - timedelta(days=280):
            fail("8606", "The referral is more than 280 days before the (expected) date of birth")
        if referral is not None and child.date_of_death is not None and referral > child.date_of_death:
            fail("8555Q", "A referral is recorded after the child's date of death")
        if referral is not None and episode.closure_date is not None and episode.closure_date < referral:
            fail("8630", "The closure date is before the referral date")
        if referral is not None and episode.has_activity:
            _activity_dates(episode, referral, fail)
        if episode.closure_reason in ("RC8", "RC9") and not episode.assessments:
            fail("8825Q", "Closed after assessment (RC8 or RC9), but the episode has no assessment")
        if episode.nfa is True:
            if episode.assessments or episode.section47s:
                fail(
                    "8831", "An assessment or section 47 enquiry is recorded on a no-further-action referral"
                )
            if episode.cin_plans:
                fail("4000", "A CIN plan is recorded on a no-further-action referral")
            if episode.cp_plans or episode.date_of_initial_cpc:
                fail(
                    "8832",
                    "A conference or child protection plan is recorded on a no-further-action referral",
                )
        for assessment in episode.assessments:
            if "21" in assessment.factors and len(assessment.factors) > 1:
                fail("8869", "Factor 21 (no factors identified) must be the only factor")
            if (
                assessment.start is not None
                and assessment.authorised is None
                and working_days_between(assessment.start, reference_date, bank_holidays) > 45
            ):
                fail(
                    "8670Q",
                    "An assessment has been open more than 45 working days with no authorisation date",
                )
        for enquiry in episode.section47s:
            if (
                enquiry.start is not None
                and enquiry.icpc_date is None
                and not enquiry.icpc_not_required
                and working_days_between(enquiry.start, reference_date, bank_holidays) > 15
            ):
                fail("8675Q", "A section 47 enquiry has no initial conference after 15 working days")
            if enquiry.icpc_date is not None and enquiry.icpc_date.weekday() >= 5:
                fail("8870Q", "The section 47 initial conference date is a weekend")
        if episode.date_of_initial_cpc is not None and episode.date_of_initial_cpc.weekday() >= 5:
            fail("8875", "The initial child protection conference date is a weekend")
    if len(episodes) < 2:  # the rules below compare a child's episodes with each other
        return out
    dated = sorted(
        (e for e in episodes if e.referral_date is not None), key=lambda e: e.referral_date or date.min
    )
    for earlier, later in zip(dated, dated[1:], strict=False):
        assert later.referral_date is not None
        if earlier.closure_date is None or earlier.closure_date > later.referral_date:
            fail("8820", f"The referral of {later.referral_date:%d/%m/%Y} overlaps an earlier episode")
    if dated and any(e.closure_date is None and e.nfa is False and e is not dated[-1] for e in dated):
        fail("8816", "An open episode that is not no further action is not the child's latest episode")
    if sum(1 for e in episodes if e.closure_date is None and e.nfa is not True) > 1:
        fail("8815", "More than one open episode that is not no further action")
    return out


def _activity_dates(episode: Episode, referral: date, fail: Callable[[str, str], None]) -> None:
    """1103/1104/1105/2889/4015: nothing that follows a referral may be dated before it."""
    if any(a.start is not None and a.start < referral for a in episode.assessments):
        fail("1103", "An assessment starts before the referral date")
    conferences = [episode.date_of_initial_cpc] + [s.icpc_date for s in episode.section47s]
    if any(d is not None and d < referral for d in conferences):
        fail("1104", "An initial child protection conference is before the referral date")
    if any(p.start is not None and p.start < referral for p in episode.cp_plans):
        fail("1105", "A child protection plan starts before the referral date")
    if any(s.start is not None and s.start < referral for s in episode.section47s):
        fail("2889", "A section 47 enquiry starts before the referral date")
    if any(p.start is not None and p.start < referral for p in episode.cin_plans):
        fail("4015", "A CIN plan starts before the referral date")


# --- Schema structure ----------------------------------------------------------------------------------

# element: ((child, min, max), ...) in order; max None = unbounded. Leaves are absent.
SCHEMA: Mapping[str, tuple[tuple[str, int, int | None], ...]] = {
    "Message": (("Header", 0, 1), ("Children", 1, 1)),
    "Header": (("CollectionDetails", 0, 1), ("Source", 0, None)),
    "CollectionDetails": (("Collection", 1, 1), ("Year", 1, 1), ("ReferenceDate", 1, 1)),
    "Source": (
        ("SourceLevel", 1, 1),
        ("LEA", 1, 1),
        ("SoftwareCode", 0, 1),
        ("Release", 0, 1),
        ("SerialNo", 0, 1),
        ("DateTime", 0, 1),
    ),
    "Children": (("Child", 1, None),),
    "Child": (("ChildIdentifiers", 1, 1), ("ChildCharacteristics", 1, 1), ("CINdetails", 1, None)),
    "ChildIdentifiers": (
        ("LAchildID", 1, 1),
        ("UPN", 0, 1),
        ("FormerUPN", 0, 1),
        ("UPNunknown", 0, 1),
        ("PersonBirthDate", 0, 1),
        ("ExpectedPersonBirthDate", 0, 1),
        ("Sex", 1, 1),
        ("PersonDeathDate", 0, 1),
    ),
    "ChildCharacteristics": (("Ethnicity", 1, 1), ("Disabilities", 0, 1)),
    "Disabilities": (("Disability", 1, None),),
    "CINdetails": (
        ("CINreferralDate", 1, 1),
        ("ReferralSource", 1, 1),
        ("PrimaryNeedCode", 0, 1),
        ("CINclosureDate", 0, 1),
        ("ReasonForClosure", 0, 1),
        ("DateOfInitialCPC", 0, 1),
        ("Assessments", 0, None),
        ("CINPlanDates", 0, None),
        ("Section47", 0, None),
        ("ReferralNFA", 1, 1),
        ("ChildProtectionPlans", 0, None),
    ),
    "Assessments": (
        ("AssessmentActualStartDate", 1, 1),
        ("AssessmentInternalReviewDate", 0, 1),
        ("AssessmentAuthorisationDate", 0, 1),
        ("AssessmentFactors", 0, 1),
    ),
    "AssessmentFactors": (("AssessmentFactor", 1, None),),
    "CINPlanDates": (("CINPlanStartDate", 1, 1), ("CINPlanEndDate", 0, 1)),
    "Section47": (
        ("S47ActualStartDate", 1, 1),
        ("InitialCPCtarget", 0, 1),
        ("DateOfInitialCPC", 0, 1),
        ("ICPCnotRequired", 0, 1),
    ),
    "ChildProtectionPlans": (("CPPstartDate", 1, 1), ("CPPendDate", 0, 1)),
}
DATE_ELEMENTS = frozenset(
    {
        "ReferenceDate",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "PersonDeathDate",
        "CINreferralDate",
        "CINclosureDate",
        "DateOfInitialCPC",
        "AssessmentActualStartDate",
        "AssessmentAuthorisationDate",
        "CINPlanStartDate",
        "CINPlanEndDate",
        "S47ActualStartDate",
        "InitialCPCtarget",
        "CPPstartDate",
        "CPPendDate",
    }
)


def check_structure(root: ET.Element) -> list[str]:
    """Problems with element names, order and occurrences against `SCHEMA` (empty when the file fits)."""
    problems: list[str] = []
    if root.tag != "Message":
        return [f"The root element is {root.tag}, not Message"]
    _check_element(root, "Message", problems)
    return problems


def _check_element(element: ET.Element, path: str, problems: list[str]) -> None:
    expected = SCHEMA.get(element.tag)
    children = list(element)
    if expected is None:
        if children:
            problems.append(f"{path} must not contain elements")
        elif element.tag in DATE_ELEMENTS:
            try:
                date.fromisoformat(element.text or "")
            except ValueError:
                problems.append(f"{path} is not a date (YYYY-MM-DD): {element.text!r}")
        return
    position = 0
    for name, minimum, maximum in expected:
        count = 0
        while position < len(children) and children[position].tag == name:
            _check_element(children[position], f"{path}/{name}", problems)
            count += 1
            position += 1
        if count < minimum:
            problems.append(f"{path} needs {name}")
        if maximum is not None and count > maximum:
            problems.append(f"{path} has {count} {name}, at most {maximum} allowed")
    for extra in children[position:]:
        problems.append(f"{path}/{extra.tag} is not allowed there (wrong name or order)")


# --- The XML -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    year: int
    la_code: str  # the council's three-digit LA number
    created_at: datetime
    software: str = "Front Door"
    release: str = "0.1.0"
    serial_no: str = "001"


def _add(parent: ET.Element, tag: str, value: object = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value is not None:
        element.text = value.isoformat() if isinstance(value, date) else str(value)
    return element


def _yes_no(value: bool) -> str:
    return "true" if value else "false"


def build_xml(header: Header, children: Sequence[CensusChild]) -> ET.Element:
    _, reference_date = census_period(header.year)
    message = ET.Element("Message")
    head = _add(message, "Header")
    details = _add(head, "CollectionDetails")
    _add(details, "Collection", "CIN")
    _add(details, "Year", header.year)
    _add(details, "ReferenceDate", reference_date)
    source = _add(head, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", header.la_code)
    _add(source, "SoftwareCode", header.software)
    _add(source, "Release", header.release)
    _add(source, "SerialNo", header.serial_no)
    _add(source, "DateTime", header.created_at.replace(microsecond=0, tzinfo=None).isoformat())
    container = _add(message, "Children")
    for census_child in children:
        _child_element(container, census_child)
    return message


def _child_element(container: ET.Element, census_child: CensusChild) -> None:
    child = census_child.child
    element = _add(container, "Child")
    ids = _add(element, "ChildIdentifiers")
    _add(ids, "LAchildID", child.key)
    if child.upn:
        _add(ids, "UPN", child.upn)
    if census_child.upn_unknown:
        _add(ids, "UPNunknown", census_child.upn_unknown)
    if child.date_of_birth:
        _add(ids, "PersonBirthDate", child.date_of_birth)
    if child.expected_date_of_birth:
        _add(ids, "ExpectedPersonBirthDate", child.expected_date_of_birth)
    _add(ids, "Sex", child.sex if child.sex in SEXES else "U")
    if child.date_of_death:
        _add(ids, "PersonDeathDate", child.date_of_death)
    characteristics = _add(element, "ChildCharacteristics")
    _add(characteristics, "Ethnicity", child.ethnicity or UNKNOWN_ETHNICITY)
    codes = [code for code in child.disabilities if code in DISABILITIES]
    if codes:
        block = _add(characteristics, "Disabilities")
        for code in codes:
            _add(block, "Disability", code)
    for episode in census_child.episodes:
        _episode_element(element, episode)


def _episode_element(parent: ET.Element, episode: Episode) -> None:
    details = _add(parent, "CINdetails")
    _add(details, "CINreferralDate", episode.referral_date)
    _add(details, "ReferralSource", episode.source)
    if episode.primary_need:
        _add(details, "PrimaryNeedCode", episode.primary_need)
    if episode.closure_date:
        _add(details, "CINclosureDate", episode.closure_date)
    if episode.closure_reason:
        _add(details, "ReasonForClosure", episode.closure_reason)
    if episode.date_of_initial_cpc:
        _add(details, "DateOfInitialCPC", episode.date_of_initial_cpc)
    for assessment in episode.assessments:
        block = _add(details, "Assessments")
        _add(block, "AssessmentActualStartDate", assessment.start)
        if assessment.authorised:
            _add(block, "AssessmentAuthorisationDate", assessment.authorised)
        if assessment.factors:
            factors = _add(block, "AssessmentFactors")
            for factor in assessment.factors:
                _add(factors, "AssessmentFactor", factor)
    for plan in episode.cin_plans:
        block = _add(details, "CINPlanDates")
        _add(block, "CINPlanStartDate", plan.start)
        if plan.end:
            _add(block, "CINPlanEndDate", plan.end)
    for enquiry in episode.section47s:
        block = _add(details, "Section47")
        _add(block, "S47ActualStartDate", enquiry.start)
        if enquiry.icpc_target:
            _add(block, "InitialCPCtarget", enquiry.icpc_target)
        if enquiry.icpc_date:
            _add(block, "DateOfInitialCPC", enquiry.icpc_date)
        if enquiry.icpc_not_required:
            _add(block, "ICPCnotRequired", "true")
    if episode.nfa is not None:
        _add(details, "ReferralNFA", _yes_no(episode.nfa))
    for cp_plan in episode.cp_plans:
        block = _add(details, "ChildProtectionPlans")
        _add(block, "CPPstartDate", cp_plan.start)
        if cp_plan.end:
            _add(block, "CPPendDate", cp_plan.end)


@dataclass
class CensusResult:
    xml: bytes
    failures: list[RuleFailure] = field(default_factory=list)
    structure_problems: list[str] = field(default_factory=list)
    children: int = 0
    episodes: int = 0


def _text(value: object) -> str:
    text = value if type(value) is str else value.isoformat() if isinstance(value, date) else str(value)
    if "&" in text or "<" in text or ">" in text:  # rare: codes and references have none
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def census_document(header: Header, children: Sequence[CensusChild]) -> str:
    """The census XML as text: the same document as `build_xml` indented by `ET.indent` and serialised
    (tests/reporting/test_cin_census_rules.py holds them equal), written as strings because building half a
    million elements first takes most of a large council's export time. Elements in `SCHEMA` order by
    construction; `check_structure` checks that in the tests."""
    _, reference_date = census_period(header.year)
    out: list[str] = [
        "<Message>\n  <Header>\n    <CollectionDetails>\n      <Collection>CIN</Collection>\n",
        f"      <Year>{header.year}</Year>\n      <ReferenceDate>{reference_date.isoformat()}</ReferenceDate>\n",
        "    </CollectionDetails>\n    <Source>\n      <SourceLevel>L</SourceLevel>\n",
        f"      <LEA>{_text(header.la_code)}</LEA>\n      <SoftwareCode>{_text(header.software)}</SoftwareCode>\n",
        f"      <Release>{_text(header.release)}</Release>\n      <SerialNo>{_text(header.serial_no)}</SerialNo>\n",
        f"      <DateTime>{header.created_at.replace(microsecond=0, tzinfo=None).isoformat()}</DateTime>\n",
        "    </Source>\n  </Header>\n",
    ]
    if not children:
        out.append("  <Children />\n</Message>")
        return "".join(out)
    out.append("  <Children>\n")
    out += [_child_xml(census_child) for census_child in children]
    out.append("  </Children>\n</Message>")
    return "".join(out)


def _child_xml(census_child: CensusChild) -> str:
    """One Child element as text: one join per child, not a string per element (most of the export's time)."""
    child = census_child.child
    codes = [code for code in child.disabilities if code in DISABILITIES]
    return "".join(
        (
            "    <Child>\n      <ChildIdentifiers>\n",
            f"        <LAchildID>{_text(child.key)}</LAchildID>\n",
            f"        <UPN>{_text(child.upn)}</UPN>\n" if child.upn else "",
            f"        <UPNunknown>{census_child.upn_unknown}</UPNunknown>\n"
            if census_child.upn_unknown
            else "",
            f"        <PersonBirthDate>{child.date_of_birth}</PersonBirthDate>\n"
            if child.date_of_birth
            else "",
            f"        <ExpectedPersonBirthDate>{child.expected_date_of_birth}</ExpectedPersonBirthDate>\n"
            if child.expected_date_of_birth
            else "",
            f"        <Sex>{child.sex if child.sex in SEXES else 'U'}</Sex>\n",
            f"        <PersonDeathDate>{child.date_of_death}</PersonDeathDate>\n"
            if child.date_of_death
            else "",
            "      </ChildIdentifiers>\n      <ChildCharacteristics>\n",
            f"        <Ethnicity>{_text(child.ethnicity or UNKNOWN_ETHNICITY)}</Ethnicity>\n",
            "        <Disabilities>\n"
            + "".join(f"          <Disability>{code}</Disability>\n" for code in codes)
            + "        </Disabilities>\n"
            if codes
            else "",
            "      </ChildCharacteristics>\n",
            *[_episode_xml(episode) for episode in census_child.episodes],
            "    </Child>\n",
        )
    )


def _episode_xml(episode: Episode) -> str:
    if episode.has_activity:  # assessments, plans and enquiries: rare at the front door, built as elements
        block = ET.Element("Child")
        _episode_element(block, episode)
        ET.indent(block, space="  ", level=2)
        return "      " + ET.tostring(block[0], encoding="unicode").rstrip() + "\n"
    return "".join(
        (
            "      <CINdetails>\n",
            "        <CINreferralDate />\n"
            if episode.referral_date is None
            else f"        <CINreferralDate>{episode.referral_date}</CINreferralDate>\n",
            "        <ReferralSource />\n"
            if episode.source is None
            else f"        <ReferralSource>{_text(episode.source)}</ReferralSource>\n",
            f"        <PrimaryNeedCode>{_text(episode.primary_need)}</PrimaryNeedCode>\n"
            if episode.primary_need
            else "",
            f"        <CINclosureDate>{episode.closure_date}</CINclosureDate>\n"
            if episode.closure_date
            else "",
            f"        <ReasonForClosure>{_text(episode.closure_reason)}</ReasonForClosure>\n"
            if episode.closure_reason
            else "",
            f"        <ReferralNFA>{_yes_no(episode.nfa)}</ReferralNFA>\n" if episode.nfa is not None else "",
            "      </CINdetails>\n",
        )
    )


def build_census(
    header: Header, children: Sequence[CensusChild], *, bank_holidays: Collection[date]
) -> CensusResult:
    """Validate, then write the XML anyway: a failed rule is listed, never a reason to write nothing."""
    _, reference_date = census_period(header.year)
    failures = validate(children, reference_date=reference_date, bank_holidays=bank_holidays)
    document = census_document(header, children)
    return CensusResult(
        xml=b"<?xml version='1.0' encoding='utf-8'?>\n" + document.encode("utf-8"),
        failures=failures,
        children=len(children),
        episodes=sum(len(c.episodes) for c in children),
    )
