"""Realistic (synthetic) concerns, each run through the default definition: who is worried, about what, and
where the screener should send them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from frontdoor.screener.engine import Definition, Route, load_named, run

TODAY = date(2026, 11, 20)
NOT_OPEN = {
    "immediate_danger": "no",
    "who_is_asking": "professional",
    "about_professional": "no",
    "open_case": "no",
}


@dataclass(frozen=True)
class Concern:
    description: str
    answers: dict[str, Any]
    route: Route
    level: int | None = None
    reason_contains: str = ""
    escalated: bool = False
    today: date = TODAY
    questions: int | None = None  # how many questions it should take, where that matters
    extra: dict[str, Any] = field(default_factory=dict)


def born(day: int, month: int, year: int) -> dict[str, str]:
    """Date of birth as the three boxes of a GOV.UK date input."""
    return {"day": str(day), "month": str(month), "year": str(year)}


def concern(area: str, *, who: str = "professional", **answers: Any) -> dict[str, Any]:
    return {**NOT_OPEN, "who_is_asking": who, "concern_area": area, **answers}


CONCERNS = [
    Concern(
        "Police: child being assaulted at home right now → EMERGENCY",
        {"immediate_danger": "yes"},
        Route.EMERGENCY,
        reason_contains="immediate danger",
        questions=1,
    ),
    Concern(
        "Neighbour: not sure about danger, a toddler left alone in the flat tonight → EMERGENCY",
        {"immediate_danger": "not_sure", "danger_now": ["left_alone"]},
        Route.EMERGENCY,
        reason_contains="happening now that puts the child in danger",
        questions=2,
    ),
    Concern(
        "Neighbour: not sure about danger and cannot tell what is happening → EMERGENCY, with why",
        {"immediate_danger": "not_sure", "danger_now": ["cannot_tell"]},
        Route.EMERGENCY,
        reason_contains="You could not tell what is happening",
    ),
    Concern(
        "Teacher: not sure about danger, nothing happening now, child hungry and unkempt → EARLY_HELP",
        {
            "immediate_danger": "not_sure",
            "danger_now": ["none"],
            "who_is_asking": "professional",
            "about_professional": "no",
            "open_case": "no",
            "concern_area": "neglect",
            "neglect_signs": ["care_erratic"],
            "neglect_history": ["none"],
        },
        Route.EARLY_HELP,
        level=3,
        reason_contains="none of the signs of immediate danger is happening now",
    ),
    Concern(
        "Parent: PE teacher grabbed their son by the neck → LADO",
        {"immediate_danger": "no", "who_is_asking": "parent", "about_professional": "yes"},
        Route.LADO,
        reason_contains="LADO",
        questions=3,
    ),
    Concern(
        "Parent: unsure if a football coach messaging their daughter privately is a LADO matter → LADO",
        {"immediate_danger": "no", "who_is_asking": "parent", "about_professional": "not_sure"},
        Route.LADO,
        reason_contains="talk to the LADO",
        escalated=True,
    ),
    Concern(
        "GP: new worry about a child who already has a social worker → CSC, tell the allocated worker",
        {
            "immediate_danger": "no",
            "who_is_asking": "professional",
            "about_professional": "no",
            "open_case": "yes",
        },
        Route.CSC,
        reason_contains="already has a social worker",
        questions=4,
    ),
    Concern(
        "Health visitor: bruise on a 4-month-old baby's cheek, baby not yet rolling or crawling → CSC",
        concern("injury", child_dob=born(20, 7, 2026), baby_mobile="no"),
        Route.CSC,
        level=4,
        reason_contains="cannot yet move around on their own",
        questions=7,
    ),
    Concern(
        "Health visitor: mark on a 7-month-old, not sure whether the baby is mobile yet → CSC, safety first",
        concern("injury", child_dob=born(1, 4, 2026), baby_mobile="not_sure"),
        Route.CSC,
        reason_contains="You were not sure",
        escalated=True,
    ),
    Concern(
        "Nursery: 11-month-old who crawls bumped her head on a table, explanation fits → UNIVERSAL",
        concern("injury", child_dob=born(2, 1, 2026), baby_mobile="yes", injury_signs=["accident_explained"]),
        Route.UNIVERSAL,
        level=1,
        questions=8,
    ),
    Concern(
        "School: 8-year-old says his dad hit him with a belt → CSC",
        concern("injury", child_dob=born(5, 9, 2018), injury_signs=["child_says_adult", "unusual_place"]),
        Route.CSC,
        level=4,
    ),
    Concern(
        "Childminder: 3-year-old with bruised ears and no explanation → CSC",
        concern("injury", child_dob=born(14, 2, 2023), injury_signs=["no_explanation", "unusual_place"]),
        Route.CSC,
    ),
    Concern(
        "School nurse: 10-year-old often has small injuries, worries about supervision → EARLY_HELP",
        concern("injury", child_dob=born(30, 6, 2016), injury_signs=["frequent_injuries"]),
        Route.EARLY_HELP,
        level=3,
    ),
    Concern(
        "Paediatrician: toddler not gaining weight, no medical cause found → CSC",
        concern("neglect", neglect_signs=["faltering_growth"]),
        Route.CSC,
        level=4,
        questions=6,
    ),
    Concern(
        "Primary school: 7-year-old often hungry, unwashed and in a thin coat in winter → EARLY_HELP",
        concern("neglect", neglect_signs=["care_erratic", "no_food"], neglect_history=["none"]),
        Route.EARLY_HELP,
        level=3,
    ),
    Concern(
        "GP practice nurse: toddler has missed 12-month vaccinations and review → UNIVERSAL",
        concern(
            "neglect", neglect_signs=["missed_checks"], neglect_history=["dont_know"], more_needs=["none"]
        ),
        Route.UNIVERSAL,
        level=1,
    ),
    Concern(
        "Police: domestic abuse case heard at MARAC last week, two children in the home → CSC",
        concern("domestic_abuse", domestic_abuse_signs=["marac"]),
        Route.CSC,
        level=4,
        reason_contains="MARAC",
    ),
    Concern(
        "Midwife: pregnant woman says her partner strangled her → CSC",
        concern("domestic_abuse", domestic_abuse_signs=["pregnant_victim", "strangulation"]),
        Route.CSC,
    ),
    Concern(
        "School: mum has left a violent partner, child still anxious and withdrawn → EARLY_HELP",
        concern("domestic_abuse", domestic_abuse_signs=["history"]),
        Route.EARLY_HELP,
        level=3,
    ),
    Concern(
        "Teacher: wonders about domestic abuse but nothing has been said → EARLY_HELP level 2",
        concern("domestic_abuse", domestic_abuse_signs=["possible"]),
        Route.EARLY_HELP,
        level=2,
    ),
    Concern(
        "School nurse: 12-year-old says she is having sex with her boyfriend → CSC",
        concern("sexual_harm", child_dob=born(3, 3, 2014), sexual_harm_signs=["sexually_active"]),
        Route.CSC,
        level=4,
        reason_contains="under 13",
    ),
    Concern(
        "Sexual health clinic: 15-year-old sexually active, nothing else of concern → EARLY_HELP level 2",
        concern(
            "sexual_harm",
            child_dob=born(1, 1, 2011),
            sexual_harm_signs=["sexually_active"],
            other_person_age="similar",
            exploitation_indicators=["none"],
        ),
        Route.EARLY_HELP,
        level=2,
    ),
    Concern(
        "Sexual health clinic: 17-year-old sexually active, nothing else of concern → UNIVERSAL",
        concern(
            "sexual_harm",
            child_dob=born(1, 1, 2009),
            sexual_harm_signs=["sexually_active"],
            other_person_age="similar",
            exploitation_indicators=["none"],
        ),
        Route.UNIVERSAL,
    ),
    Concern(
        "Youth worker: 14-year-old pregnant → EARLY_HELP",
        concern(
            "sexual_harm",
            child_dob=born(9, 9, 2012),
            sexual_harm_signs=["pregnant"],
            other_person_age="similar",
            exploitation_indicators=["none"],
        ),
        Route.EARLY_HELP,
        level=3,
    ),
    Concern(
        "Police: 15-year-old girl given alcohol and lifts by older men → CSC",
        concern("sexual_harm", child_dob=born(9, 9, 2011), sexual_harm_signs=["sexual_exploitation"]),
        Route.CSC,
    ),
    Concern(
        "British Transport Police: 15-year-old found far from home carrying drugs (county lines) → CSC",
        concern("criminal_exploitation", exploitation_signs=["criminally_exploited", "regularly_missing"]),
        Route.CSC,
        level=4,
    ),
    Concern(
        "Parent: 14-year-old missing since last night → EMERGENCY",
        concern("criminal_exploitation", exploitation_signs=["missing_now", "regularly_missing"]),
        Route.EMERGENCY,
        reason_contains="999",
    ),
    Concern(
        "School: 13-year-old keeps going missing from lessons with new older friends → EARLY_HELP",
        concern(
            "criminal_exploitation",
            exploitation_signs=["regularly_missing", "at_risk"],
            other_person_age="similar",
            exploitation_indicators=["missing"],
        ),
        Route.EARLY_HELP,
    ),
    Concern(
        "GP: 15-year-old has talked about a plan to end her life → CSC",
        concern("mental_health", suicide_plans="yes"),
        Route.CSC,
        level=4,
        questions=6,
    ),
    Concern(
        "School counsellor: not sure about plans, pupil said how she would do it → CSC",
        concern("mental_health", suicide_plans="not_sure", suicide_clarify="plan"),
        Route.CSC,
        level=4,
        reason_contains="how or when they would end their life",
    ),
    Concern(
        "Youth worker: not sure about plans, 15-year-old says he wishes he was dead → EARLY_HELP",
        concern("mental_health", suicide_plans="not_sure", suicide_clarify="wish_dead"),
        Route.EARLY_HELP,
        level=3,
    ),
    Concern(
        "Teacher: dark comments in a pupil's story, meaning unclear, pupil coping → EARLY_HELP, not universal",
        concern(
            "mental_health",
            suicide_plans="not_sure",
            suicide_clarify="unclear",
            mental_health_signs=["low_level"],
        ),
        Route.EARLY_HELP,
        level=3,
        reason_contains="Ask them kindly and directly",
    ),
    Concern(
        "School: 11-year-old cutting her arms → EARLY_HELP",
        concern("mental_health", suicide_plans="no", mental_health_signs=["self_harm"]),
        Route.EARLY_HELP,
    ),
    Concern(
        "Teacher: pupil anxious about exams but coping → UNIVERSAL",
        concern("mental_health", suicide_plans="no", mental_health_signs=["low_level"], more_needs=["none"]),
        Route.UNIVERSAL,
        level=1,
    ),
    Concern(
        "Adult drug service: dad's heroin use means the toddler is not fed or supervised → CSC",
        concern("parental_issues", parent_signs=["cannot_keep_safe"]),
        Route.CSC,
    ),
    Concern(
        "School: 12-year-old looks after mum who has multiple sclerosis → EARLY_HELP (young carer)",
        concern("parental_issues", parent_signs=["young_carer"]),
        Route.EARLY_HELP,
        level=2,
    ),
    Concern(
        "SENCo: parents of an autistic 9-year-old exhausted and asking for short breaks → EARLY_HELP",
        concern("disability", disability_signs=["family_not_coping"]),
        Route.EARLY_HELP,
    ),
    Concern(
        "Parent: 14-year-old hitting his younger sister → EARLY_HELP",
        concern("behaviour", behaviour_signs=["violent_at_home"]),
        Route.EARLY_HELP,
    ),
    Concern(
        "Attendance officer: 13-year-old permanently excluded with no school place → CSC",
        concern("school_attendance", attendance="missing_education"),
        Route.CSC,
    ),
    Concern(
        "Teacher: does not know how often a new pupil has missed school → EARLY_HELP, safety first",
        concern("school_attendance", attendance="not_sure"),
        Route.EARLY_HELP,
        level=3,
        escalated=True,
    ),
    Concern(
        "Teacher: pupil suspended for two days, attendance otherwise fine → UNIVERSAL",
        concern("school_attendance", attendance="some_absence", more_needs=["none"]),
        Route.UNIVERSAL,
        level=1,
    ),
    Concern(
        "Housing officer: 16-year-old told to leave home by his mother → CSC",
        concern("housing_money", child_dob=born(1, 6, 2010), housing_signs=["child_homeless"]),
        Route.CSC,
        reason_contains="16 or 17-year-old",
    ),
    Concern(
        "Housing officer: family with a baby facing eviction next month → EARLY_HELP",
        concern("housing_money", child_dob=born(1, 6, 2026), housing_signs=["family_homeless", "money"]),
        Route.EARLY_HELP,
    ),
    Concern(
        "Food bank: family struggling with bills and food → UNIVERSAL",
        concern("housing_money", child_dob=born(1, 6, 2017), housing_signs=["money"], more_needs=["none"]),
        Route.UNIVERSAL,
    ),
    Concern(
        "Neighbour: 12-year-old living with a family friend for three months while mum works abroad "
        "→ PRIVATE_FOSTERING",
        concern("private_fostering"),
        Route.PRIVATE_FOSTERING,
        questions=5,
    ),
    Concern(
        "Health visitor: something else, would like to talk it through → ADVICE",
        concern("other", other_level="talk_it_through"),
        Route.ADVICE,
    ),
    Concern(
        "Youth worker: injury to a 19-year-old → ADVICE (not a child)",
        concern("injury", child_dob=born(1, 1, 2007)),
        Route.ADVICE,
        reason_contains="18 or over",
    ),
    Concern(
        "Tampered form: school worry with a forged 'bruise on a baby' answer → the school route still",
        concern("school_attendance", attendance="attends_well"),
        Route.UNIVERSAL,
        level=1,
        extra={"baby_mobile": "no", "injury_signs": ["no_explanation"], "child_dob": born(1, 10, 2026)},
    ),
    # ---------------------------------------------------------------- classes that went wrong (issue 14)
    Concern(
        "Health visitor: neglect getting worse, family did not engage with early help last year → CSC",
        concern(
            "neglect",
            neglect_signs=["care_erratic", "untreated_health"],
            neglect_history=["getting_worse", "help_refused"],
        ),
        Route.CSC,
        level=4,
        reason_contains="did not take up early help",
    ),
    Concern(
        "School: hungry, unkempt child; support last term made no difference → CSC",
        concern("neglect", neglect_signs=["care_erratic"], neglect_history=["help_not_working"]),
        Route.CSC,
        level=4,
    ),
    Concern(
        "GP: missed checks again, family did not take up health visitor support → EARLY_HELP, not universal",
        concern("neglect", neglect_signs=["missed_checks"], neglect_history=["help_refused"]),
        Route.EARLY_HELP,
        level=3,
    ),
    Concern(
        "Teacher: 13-year-old with a much older 'boyfriend' who collects her by car, gifts, missing lessons → CSC",
        concern(
            "sexual_harm", child_dob=born(2, 5, 2013), sexual_harm_signs=["at_risk"], other_person_age="adult"
        ),
        Route.CSC,
        level=4,
        reason_contains="adult in a relationship with a child under 16",
    ),
    Concern(
        "Youth worker: 14-year-old with a 17-year-old 'boyfriend', new phone and lifts, missing school → CSC",
        concern(
            "sexual_harm",
            child_dob=born(2, 5, 2012),
            sexual_harm_signs=["at_risk"],
            other_person_age="much_older",
            exploitation_indicators=["gifts", "transport", "missing"],
        ),
        Route.CSC,
        level=4,
        reason_contains="grooming",
    ),
    Concern(
        "Parent: 16-year-old picked up by a man whose age she does not know, given gifts → CSC",
        concern(
            "sexual_harm",
            child_dob=born(2, 5, 2010),
            sexual_harm_signs=["at_risk"],
            other_person_age="dont_know",
            exploitation_indicators=["gifts", "transport"],
        ),
        Route.CSC,
        level=4,
    ),
    Concern(
        "Police: 14-year-old often missing, seen in cars with older men, unexplained cash → CSC",
        concern(
            "criminal_exploitation",
            exploitation_signs=["regularly_missing"],
            other_person_age="adult",
            exploitation_indicators=["transport", "gifts"],
        ),
        Route.CSC,
        level=4,
    ),
    Concern(
        "Food bank: money worries and falling school attendance, mum asked for help → EARLY_HELP",
        concern(
            "housing_money",
            child_dob=born(1, 6, 2016),
            housing_signs=["money"],
            more_needs=["attendance", "family_asked"],
        ),
        Route.EARLY_HELP,
        level=2,
        reason_contains="more than one need",
    ),
    Concern(
        "School: suspension and the family is behind on rent → EARLY_HELP",
        concern("school_attendance", attendance="some_absence", more_needs=["money"]),
        Route.EARLY_HELP,
    ),
    Concern(
        "School nurse: 11-year-old says she is going abroad in the summer 'to become a woman' → CSC (FGM)",
        concern("fgm_honour"),
        Route.CSC,
        level=4,
        reason_contains="police on 101",
        questions=5,
    ),
    Concern(
        "Midwife: pregnant woman whose two older children were adopted → CSC (pre-birth)",
        concern("unborn", unborn_signs=["previous_removal"]),
        Route.CSC,
        level=4,
        reason_contains="pre-birth assessment",
    ),
    Concern(
        "Midwife: 17-year-old expecting her first baby, no other worries → EARLY_HELP",
        concern("unborn", unborn_signs=["young_parent"]),
        Route.EARLY_HELP,
        level=3,
    ),
    Concern(
        "School: 12-year-old cares for dad who has MS, often late and exhausted → EARLY_HELP",
        concern("young_carer", young_carer_signs=["harmed_by_caring"]),
        Route.EARLY_HELP,
        level=3,
        reason_contains="young carers assessment",
    ),
    Concern(
        "Parent: wants toddler groups and activities near home → UNIVERSAL",
        concern("information", who="parent"),
        Route.UNIVERSAL,
        level=1,
        questions=5,
    ),
    Concern(
        "Police: one standard-risk domestic incident, children asleep upstairs → EARLY_HELP level 2",
        concern("domestic_abuse", domestic_abuse_signs=["dash_standard"]),
        Route.EARLY_HELP,
        level=2,
        reason_contains="Operation Encompass",
    ),
    Concern(
        "Police: DASH high risk, MARAC referral made → CSC",
        concern("domestic_abuse", domestic_abuse_signs=["dash_high"]),
        Route.CSC,
        level=4,
    ),
    Concern(
        "Parent: family just moved from abroad and needs a school place → UNIVERSAL (admissions)",
        concern("school_attendance", who="parent", attendance="needs_school_place", more_needs=["none"]),
        Route.UNIVERSAL,
        level=1,
        reason_contains="admissions",
    ),
    Concern(
        "Anonymous neighbour: violence heard and a baby crying for hours next door → CSC",
        concern(
            "domestic_abuse", who="anonymous", open_case="dont_know", domestic_abuse_signs=["heard_violence"]
        ),
        Route.CSC,
        reason_contains="do not have to give your name",
    ),
]


@pytest.fixture(scope="module")
def definition() -> Definition:
    return load_named("default")


def test_there_are_enough_concerns() -> None:
    assert len(CONCERNS) >= 25
    assert {c.route for c in CONCERNS} == set(Route)


@pytest.mark.parametrize("case", CONCERNS, ids=[c.description for c in CONCERNS])
def test_concern_routes_as_expected(definition: Definition, case: Concern) -> None:
    progress = run(definition, {**case.extra, **case.answers}, case.today)
    assert progress.error is None, progress.error
    outcome = progress.outcome
    assert outcome is not None, f"stopped at {progress.question.id if progress.question else None}"
    assert outcome.route is case.route
    assert set(outcome.path) == set(case.answers), "every answer given should be on the path, and no more"
    assert len(outcome.path) <= (case.questions or 10)
    if case.questions is not None:
        assert len(outcome.path) == case.questions
    if case.level is not None:
        assert outcome.level == case.level
        assert outcome.level_name == definition.levels_of_need[case.level]
    assert outcome.escalated is case.escalated
    assert outcome.reasons
    if case.reason_contains:
        assert any(case.reason_contains in reason for reason in outcome.reasons), outcome.reasons
    assert set(progress.ignored) == set(case.extra)
