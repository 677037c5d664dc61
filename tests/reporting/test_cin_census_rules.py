"""Each CIN census validation rule in cin-census.md, and the XML against the census schema structure (pure)."""

import xml.etree.ElementTree as ET
from datetime import date, datetime

import pytest

from frontdoor.reporting.figures.cin_census import (
    Assessment,
    CensusChild,
    CinPlan,
    CPPlan,
    Episode,
    Header,
    Section47,
    build_census,
    build_xml,
    census_document,
    census_period,
    check_structure,
    episodes_for,
    upn_unknown_reason,
    validate_child,
)
from frontdoor.reporting.figures.rows import ChildRow

REFERENCE = date(2025, 3, 31)
HOLIDAYS = frozenset({date(2024, 12, 25), date(2024, 12, 26), date(2025, 1, 1)})
CHILD = ChildRow(
    key="C0001", given_name="Ava", family_name="Example", date_of_birth=date(2015, 6, 1), sex="F"
)


def parse(xml: bytes) -> ET.Element:
    return ET.fromstring(xml)  # noqa: S314 (the file we have just written)


def ok_episode(**changes) -> Episode:
    values = {"referral_date": date(2025, 1, 10), "source": "2A", "primary_need": "N1", "nfa": False}
    values.update(changes)
    return Episode(**values)


def rules(*episodes, child=CHILD, upn_unknown=None) -> set[str]:
    census_child = CensusChild(child, tuple(episodes), upn_unknown)
    return {f.rule for f in validate_child(census_child, reference_date=REFERENCE, bank_holidays=HOLIDAYS)}


def test_a_good_child_passes():
    assert rules(ok_episode()) == set()


def test_census_period():
    assert census_period(2025) == (date(2024, 4, 1), date(2025, 3, 31))


@pytest.mark.parametrize(
    ("episode", "rule"),
    [
        (ok_episode(referral_date=None), "8600"),
        (ok_episode(referral_date=date(2025, 4, 1)), "8600"),
        (ok_episode(source=None), "8866"),
        (ok_episode(source="2Z"), "8866"),
        (ok_episode(nfa=None), "8568"),
        (ok_episode(primary_need=None), "8610"),
        (ok_episode(primary_need="N10"), "8650"),
        (ok_episode(closure_date=date(2025, 1, 9), closure_reason="RC7"), "8630"),
        (ok_episode(assessments=(Assessment(date(2025, 1, 9), date(2025, 1, 20)),)), "1103"),
        (ok_episode(date_of_initial_cpc=date(2025, 1, 9)), "1104"),
        (ok_episode(section47s=(Section47(date(2025, 1, 10), icpc_date=date(2025, 1, 9)),)), "1104"),
        (ok_episode(cp_plans=(CPPlan(date(2025, 1, 9)),)), "1105"),
        (ok_episode(section47s=(Section47(date(2025, 1, 9), icpc_date=date(2025, 1, 20)),)), "2889"),
        (ok_episode(cin_plans=(CinPlan(date(2025, 1, 9)),)), "4015"),
        (ok_episode(nfa=True, assessments=(Assessment(date(2025, 1, 10), date(2025, 1, 20)),)), "8831"),
        (ok_episode(nfa=True, section47s=(Section47(date(2025, 1, 10), icpc_not_required=True),)), "8831"),
        (ok_episode(nfa=True, cin_plans=(CinPlan(date(2025, 1, 11)),)), "4000"),
        (ok_episode(nfa=True, cp_plans=(CPPlan(date(2025, 1, 11)),)), "8832"),
        (ok_episode(nfa=True, date_of_initial_cpc=date(2025, 1, 13)), "8832"),
        (ok_episode(assessments=(Assessment(date(2025, 1, 10), date(2025, 2, 1), ("21", "3A")),)), "8869"),
        (ok_episode(section47s=(Section47(date(2025, 1, 10), icpc_date=date(2025, 1, 25)),)), "8870Q"),
        (ok_episode(date_of_initial_cpc=date(2025, 1, 26)), "8875"),
    ],
)
def test_each_rule_fails_on_its_own(episode, rule):
    assert rules(episode) == {rule}


def test_8606_referral_more_than_280_days_before_birth():
    unborn = ChildRow(key="U1", expected_date_of_birth=date(2025, 12, 1), sex="U")
    assert rules(ok_episode(referral_date=date(2025, 2, 23)), child=unborn) == {"8606"}  # 281 days before
    assert rules(ok_episode(referral_date=date(2025, 2, 24)), child=unborn) == set()  # 280 days


def test_8555Q_referral_after_death():
    died = ChildRow(key="D1", date_of_birth=date(2010, 1, 1), sex="M", date_of_death=date(2025, 1, 9))
    assert rules(ok_episode(), child=died) == {"8555Q"}
    assert rules(ok_episode(referral_date=date(2025, 1, 9)), child=died) == set()


def test_8820_episodes_must_not_overlap_and_8815_one_open_episode():
    first = ok_episode(referral_date=date(2024, 6, 1), closure_date=date(2024, 9, 1), closure_reason="RC1")
    overlapping = ok_episode(referral_date=date(2024, 8, 1))
    assert rules(first, overlapping) == {"8820"}
    assert rules(first, ok_episode(referral_date=date(2024, 9, 1))) == set()  # closed the day it reopens
    open_one = ok_episode(referral_date=date(2024, 6, 1))
    assert rules(open_one, ok_episode(referral_date=date(2025, 1, 10))) == {"8820", "8815", "8816"}
    nfa = ok_episode(
        referral_date=date(2024, 6, 1), nfa=True, closure_date=date(2024, 6, 1), closure_reason="RC7"
    )
    assert rules(nfa, ok_episode()) == set()


def test_8816_an_open_episode_must_be_the_latest():
    open_one = ok_episode(referral_date=date(2024, 6, 1))
    nfa_later = ok_episode(
        referral_date=date(2025, 1, 10), nfa=True, closure_date=date(2025, 1, 10), closure_reason="RC7"
    )
    assert "8816" in rules(open_one, nfa_later)
    assert rules(nfa_later, ok_episode(referral_date=date(2025, 1, 11))) == set()


def test_8825Q_closed_after_assessment_needs_an_assessment():
    closed = ok_episode(closure_date=date(2025, 1, 20), closure_reason="RC8")
    assert rules(closed) == {"8825Q"}
    assessed = Assessment(date(2025, 1, 10), date(2025, 1, 15))
    assert (
        rules(ok_episode(closure_date=date(2025, 1, 20), closure_reason="RC8", assessments=(assessed,)))
        == set()
    )


def test_8520_born_after_the_census_year():
    later = ChildRow(key="L1", date_of_birth=date(2025, 4, 2), sex="F")
    assert "8520" in rules(ok_episode(), child=later)


def referral(day, nfa=False, rid=None):
    """A referral as the census reads it: date, id, source, primary need, no further action."""
    return (day, rid or day.isoformat(), "2A", None if nfa else "N1", nfa)


def test_episodes_follow_the_dfe_rules_a_referral_while_a_case_is_open_joins_it():
    episodes = episodes_for(
        [
            referral(date(2024, 5, 1), nfa=True),  # closed the same day
            referral(date(2024, 6, 1)),  # opens a case
            referral(date(2024, 9, 1)),  # the case is still open: no new referral is recorded
            referral(date(2024, 10, 1), nfa=True),
        ]
    )
    assert [(e.referral_date, e.closure_date, e.closure_reason) for e in episodes] == [
        (date(2024, 5, 1), date(2024, 5, 1), "RC7"),
        (date(2024, 6, 1), None, None),
    ]
    assert rules(*episodes) == set()


def test_a_child_referred_twice_on_one_day_was_referred_once_and_the_first_referral_counts():
    # Read in any order: the census groups a child's referrals without asking the database to sort them
    episodes = episodes_for(
        [
            referral(date(2024, 7, 2), rid="b"),  # the same day, later id: not a second referral
            referral(date(2024, 7, 2), nfa=True, rid="a"),
            referral(date(2024, 5, 1), nfa=True, rid="c"),
        ]
    )
    assert [(e.referral_date, e.nfa, e.closure_date) for e in episodes] == [
        (date(2024, 5, 1), True, date(2024, 5, 1)),
        (date(2024, 7, 2), True, date(2024, 7, 2)),
    ]


def test_8772_un7_needs_every_episode_nfa():
    assert rules(ok_episode(), upn_unknown="UN7") == {"8772"}
    nfa = ok_episode(nfa=True, closure_date=date(2025, 1, 10), closure_reason="RC7")
    assert rules(nfa, upn_unknown="UN7") == set()
    assert upn_unknown_reason(CHILD, [nfa], REFERENCE) == "UN7"
    assert upn_unknown_reason(CHILD, [ok_episode()], REFERENCE) == "UN5"
    baby = ChildRow(key="B1", date_of_birth=date(2022, 1, 1), sex="M")
    assert upn_unknown_reason(baby, [ok_episode()], REFERENCE) == "UN6"


def test_8670Q_assessment_open_more_than_45_working_days():
    # From 6 Jan 2025 to 31 Mar 2025: 60 working days (no bank holidays in between)
    late = Assessment(date(2025, 1, 10))
    assert rules(ok_episode(assessments=(late,))) == {"8670Q"}
    recent = Assessment(date(2025, 3, 1))
    assert rules(ok_episode(referral_date=date(2025, 3, 1), assessments=(recent,))) == set()
    # 45 working days before 31 March 2025 is 27 January: exactly 45 is not more than 45
    boundary = Assessment(date(2025, 1, 27))
    assert rules(ok_episode(referral_date=date(2025, 1, 27), assessments=(boundary,))) == set()
    assert rules(
        ok_episode(referral_date=date(2025, 1, 24), assessments=(Assessment(date(2025, 1, 24)),))
    ) == {"8670Q"}


def test_8675Q_section_47_without_a_conference_after_15_working_days():
    # 15 working days before 31 March 2025 is 10 March
    assert rules(ok_episode(referral_date=date(2025, 3, 7), section47s=(Section47(date(2025, 3, 7)),))) == {
        "8675Q"
    }
    assert (
        rules(ok_episode(referral_date=date(2025, 3, 10), section47s=(Section47(date(2025, 3, 10)),)))
        == set()
    )
    not_needed = Section47(date(2025, 3, 7), icpc_not_required=True)
    assert rules(ok_episode(referral_date=date(2025, 3, 7), section47s=(not_needed,))) == set()


def test_missing_date_of_birth_and_sex_are_validation_errors_not_crashes():
    unknown = ChildRow(key="X1")
    failures = validate_child(
        CensusChild(unknown, (ok_episode(),)), reference_date=REFERENCE, bank_holidays=()
    )
    assert {(f.rule, f.child) for f in failures} == {("8525", "X1"), ("XSD", "X1")}
    assert any("Sex" in f.message for f in failures)
    result = build_census(
        Header(2025, "999", datetime(2025, 5, 1, 9)),
        [CensusChild(unknown, (ok_episode(),), "UN5")],
        bank_holidays=(),
    )
    assert result.structure_problems == []
    root = parse(result.xml)
    assert root.findtext("Children/Child/ChildIdentifiers/Sex") == "U"


def test_xml_fits_the_census_schema_structure():
    children = [
        CensusChild(CHILD, (ok_episode(),), "UN5"),
        CensusChild(
            ChildRow(key="C0002", date_of_birth=date(2012, 2, 2), sex="M", ethnicity="WBRI"),
            (
                ok_episode(
                    referral_date=date(2024, 5, 1),
                    nfa=True,
                    primary_need=None,
                    closure_date=date(2024, 5, 1),
                    closure_reason="RC7",
                ),
                ok_episode(
                    assessments=(Assessment(date(2025, 1, 10), date(2025, 2, 1), ("3A", "4B")),),
                    section47s=(Section47(date(2025, 1, 10), date(2025, 1, 31), date(2025, 1, 30)),),
                    cin_plans=(CinPlan(date(2025, 2, 3)),),
                ),
            ),
            "UN5",
        ),
    ]
    header = Header(2025, "999", datetime(2025, 5, 1, 9, 30))
    result = build_census(header, children, bank_holidays=HOLIDAYS)
    assert result.failures == []
    assert (result.children, result.episodes) == (2, 3)
    root = parse(result.xml)
    assert check_structure(root) == []
    # the text writer writes the same document as the elements would (so the schema order holds)
    with_text = children + [
        CensusChild(
            ChildRow(key="C&3", expected_date_of_birth=date(2025, 6, 1), disabilities=("AUT", "COMM")),
            (ok_episode(source=None, nfa=None, referral_date=None),),
        )
    ]
    elements = build_xml(header, with_text)
    ET.indent(elements)
    assert census_document(header, with_text) == ET.tostring(elements, encoding="unicode")
    empty = build_xml(header, [])
    ET.indent(empty)
    assert census_document(header, []) == ET.tostring(empty, encoding="unicode")
    assert [e.tag for e in root] == ["Header", "Children"]
    assert root.findtext("Header/CollectionDetails/Collection") == "CIN"
    assert root.findtext("Header/CollectionDetails/Year") == "2025"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2025-03-31"
    second = root.findall("Children/Child")[1]
    assert [e.tag for e in second.find("ChildIdentifiers")] == [
        "LAchildID",
        "UPNunknown",
        "PersonBirthDate",
        "Sex",
    ]
    details = second.findall("CINdetails")
    assert [e.tag for e in details[0]] == [
        "CINreferralDate",
        "ReferralSource",
        "CINclosureDate",
        "ReasonForClosure",
        "ReferralNFA",
    ]
    assert details[0].findtext("ReferralNFA") == "true"
    assert [e.tag for e in details[1]] == [
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "Assessments",
        "CINPlanDates",
        "Section47",
        "ReferralNFA",
    ]


def test_the_structure_check_catches_wrong_order_missing_and_bad_dates():
    result = build_census(
        Header(2025, "999", datetime(2025, 5, 1)),
        [CensusChild(CHILD, (ok_episode(),), "UN5")],
        bank_holidays=(),
    )
    root = parse(result.xml)
    details = root.find("Children/Child/CINdetails")
    source = details.find("ReferralSource")
    details.remove(source)
    details.append(source)  # now after ReferralNFA
    details.find("CINreferralDate").text = "10/01/2025"
    problems = check_structure(root)
    assert any("needs ReferralSource" in p for p in problems)
    assert any("ReferralSource is not allowed there" in p for p in problems)
    assert any("not a date" in p for p in problems)
    assert check_structure(ET.Element("Children")) == ["The root element is Children, not Message"]


def test_failed_rules_still_write_the_file():
    bad = CensusChild(CHILD, (ok_episode(primary_need=None),), "UN5")
    result = build_census(Header(2025, "999", datetime(2025, 5, 1)), [bad], bank_holidays=())
    assert [(f.rule, f.child) for f in result.failures] == [("8610", "C0001")]
    assert b"<LAchildID>C0001</LAchildID>" in result.xml
    assert str(result.failures[0]).startswith("8610 (child C0001)")
