"""Blind concern table: concerns written by someone other than the author of the routing rules (issue 14).

Each concern was written from the referrer's side, answering only what that teacher, nurse, police officer,
neighbour, anonymous caller, parent or young person would know. The lowest safe route and the acceptable routes
were decided from the levels of need in the practice reference and Working Together to Safeguard Children 2023
before the screener was run, without reading its routing rules. Level 1 is universal, level 2 and 3 early help,
level 4 the social work line; a member of the public or an anonymous caller cannot arrange early help with a
family, so their worries about harm go to the social work line.

Where the screener routes a concern below its lowest safe route the case is kept, marked as a strict expected
failure with the reason, for the lead to decide: the expected route is never lowered to make a case pass.
"""

from __future__ import annotations

from typing import Any

import pytest

from frontdoor.screener.engine import Definition, Route, load_named
from tests.screener.test_screener_concern_table import RANK, Case, ask, born, case, routed

U, A, EH, CSC, E = Route.UNIVERSAL, Route.ADVICE, Route.EARLY_HELP, Route.CSC, Route.EMERGENCY
LADO, PF = Route.LADO, Route.PRIVATE_FOSTERING


def below_safe(item: Case, why: str) -> Any:
    return pytest.param(
        item,
        id=item.description,
        marks=pytest.mark.xfail(strict=True, reason=f"screener routes below safe: {why}"),
    )


BLIND = [
    # Neglect
    case(
        "teacher: 7-year-old often hungry and dirty, no food at home, worse since the family refused early help",
        ask(
            "professional",
            "neglect",
            child_dob=born(7),
            neglect_signs=["care_erratic", "no_food"],
            neglect_history=["getting_worse", "help_refused"],
        ),
        CSC,
    ),
    case(
        "teacher: 9-year-old's care erratic for months, family support has not made it better",
        ask(
            "professional",
            "neglect",
            child_dob=born(9),
            neglect_signs=["care_erratic"],
            neglect_history=["getting_worse", "help_not_working"],
        ),
        CSC,
    ),
    case(
        "health visitor: 2-year-old with untreated tooth decay and missed vaccinations, no history known",
        ask(
            "professional",
            "neglect",
            child_dob=born(2),
            neglect_signs=["untreated_health", "missed_checks"],
            neglect_history=["none"],
        ),
        EH,
        CSC,
    ),
    case(
        "anonymous neighbour: children next door look hungry and dirty and are out late, names not known",
        ask(
            "anonymous",
            "neglect",
            child_dob="",
            child_age="age_1_12",
            neglect_signs=["care_erratic"],
            neglect_history=["dont_know"],
        ),
        CSC,
    ),
    case(
        "neighbour: two small children are often left alone in the flat in the evening",
        ask(
            "public",
            "neglect",
            child_dob="",
            child_age="age_1_12",
            neglect_signs=["abandoned"],
            neglect_history=["dont_know"],
        ),
        CSC,
        E,
    ),
    # Child sexual and criminal exploitation
    case(
        "teacher: 14-year-old girl with an adult 'boyfriend' who collects her by car, buys gifts, misses lessons",
        ask(
            "professional",
            "sexual_harm",
            child_dob=born(14),
            sexual_harm_signs=["at_risk"],
            other_person_age="adult",
            exploitation_indicators=["gifts", "transport", "missing"],
        ),
        CSC,
    ),
    case(
        "youth worker: 15-year-old boy with older friends, unexplained money and phone, often missing from home",
        ask(
            "professional",
            "criminal_exploitation",
            child_dob=born(15),
            exploitation_signs=["at_risk", "regularly_missing"],
            other_person_age="adult",
            exploitation_indicators=["gifts", "missing", "secretive"],
        ),
        CSC,
    ),
    case(
        "police: 16-year-old found in another town carrying drugs for a county line",
        ask(
            "professional",
            "criminal_exploitation",
            child_dob=born(16),
            exploitation_signs=["criminally_exploited", "regularly_missing"],
            other_person_age="adult",
            exploitation_indicators=["gifts", "missing"],
        ),
        CSC,
    ),
    case(
        "school nurse: 12-year-old says she is having sex with her boyfriend",
        ask(
            "professional",
            "sexual_harm",
            child_dob=born(12),
            sexual_harm_signs=["sexually_active"],
            other_person_age="dont_know",
            exploitation_indicators=["dont_know"],
        ),
        CSC,
    ),
    case(
        "parent: 15-year-old daughter is having sex with her boyfriend of the same age and nothing else worries me",
        ask(
            "parent",
            "sexual_harm",
            child_dob=born(15),
            sexual_harm_signs=["sexually_active"],
            other_person_age="similar",
            exploitation_indicators=["none"],
        ),
        A,
        EH,
    ),
    case(
        "anonymous: a 13-15-year-old girl is picked up from the park by men in cars and given alcohol",
        ask(
            "anonymous",
            "sexual_harm",
            child_dob="",
            child_age="age_13_15",
            sexual_harm_signs=["at_risk"],
            other_person_age="adult",
            exploitation_indicators=["gifts", "transport"],
        ),
        CSC,
    ),
    case(
        "police: 15-year-old missing tonight, believed to be with older men",
        {
            "immediate_danger": "yes",
            "danger_now": ["missing"],
            "who_is_asking": "professional",
        },
        E,
    ),
    # Domestic abuse by risk level
    case(
        "police: DASH high risk, children aged 4 and 6 in the house during the incident",
        ask(
            "professional",
            "domestic_abuse",
            child_dob=born(4),
            domestic_abuse_signs=["dash_high", "heard_violence"],
        ),
        CSC,
    ),
    case(
        "police: DASH medium risk, third incident this year, 8-year-old present",
        ask(
            "professional",
            "domestic_abuse",
            child_dob=born(8),
            domestic_abuse_signs=["dash_medium", "heard_violence"],
        ),
        EH,
        CSC,
    ),
    case(
        "police: one incident, DASH standard risk, 10-year-old in the house and not hurt",
        ask(
            "professional",
            "domestic_abuse",
            child_dob=born(10),
            domestic_abuse_signs=["dash_standard"],
        ),
        EH,
        CSC,
    ),
    case(
        "midwife: pregnant woman with a toddler says her partner strangled her last week",
        ask(
            "professional",
            "domestic_abuse",
            child_dob=born(2),
            domestic_abuse_signs=["pregnant_victim", "strangulation"],
        ),
        CSC,
    ),
    case(
        "neighbour: shouting and banging through the wall most nights and a baby crying for hours",
        ask(
            "public",
            "domestic_abuse",
            child_dob="",
            child_age="under_1",
            baby_mobile="not_sure",
            domestic_abuse_signs=["heard_violence"],
        ),
        CSC,
    ),
    case(
        "anonymous: heard a man threatening a woman next door while the children screamed",
        ask(
            "anonymous",
            "domestic_abuse",
            child_dob="",
            child_age="age_1_12",
            domestic_abuse_signs=["heard_violence"],
        ),
        CSC,
    ),
    # FGM and honour-based abuse
    case(
        "GP: mother says her 9-year-old will be taken abroad this summer 'to be cut like her sisters'",
        ask("professional", "fgm_honour", child_dob=born(9)),
        CSC,
        E,
    ),
    case(
        "teacher: 16-year-old says her family is arranging her marriage abroad in the holidays and she is scared",
        ask("professional", "fgm_honour", child_dob=born(16)),
        CSC,
        E,
    ),
    # Unborn babies
    case(
        "midwife: 20 weeks pregnant, mother's two older children were removed and adopted",
        ask("professional", "unborn", child_dob="", child_age="under_1", unborn_signs=["previous_removal"]),
        CSC,
    ),
    case(
        "midwife: booked at 34 weeks after hiding the pregnancy, father uses heroin",
        ask(
            "professional",
            "unborn",
            child_dob="",
            child_age="under_1",
            unborn_signs=["concealed", "parent_risks"],
        ),
        CSC,
    ),
    case(
        "midwife: 17-year-old expecting her first baby needs help getting ready for it",
        ask(
            "professional",
            "unborn",
            child_dob="",
            child_age="under_1",
            unborn_signs=["young_parent", "support_needed"],
        ),
        EH,
        CSC,
    ),
    # Young carers
    case(
        "teacher: 12-year-old helps care for his mother who has MS, is coping and would like a break",
        ask("professional", "young_carer", child_dob=born(12), young_carer_signs=["coping"]),
        EH,
        A,
        U,
    ),
    case(
        "school nurse: 13-year-old gives her father intimate care, is missing school and is exhausted",
        ask("professional", "young_carer", child_dob=born(13), young_carer_signs=["harmed_by_caring"]),
        EH,
        CSC,
    ),
    case(
        "young person: I look after my mum who is too ill to look after me and there is often no food",
        ask(
            "young_person",
            "young_carer",
            child_dob="",
            child_age="age_13_15",
            young_carer_signs=["not_safe", "harmed_by_caring"],
        ),
        CSC,
    ),
    # Several lower needs together
    case(
        "parent asks for help: money worries and her 10-year-old's attendance is falling",
        ask(
            "parent",
            "housing_money",
            child_dob=born(10),
            housing_signs=["money"],
            more_needs=["attendance", "family_asked"],
        ),
        EH,
    ),
    case(
        "teacher: some absence, behaviour problems in class and parents arguing, family want help",
        ask(
            "professional",
            "school_attendance",
            child_dob=born(8),
            attendance="some_absence",
            more_needs=["behaviour", "conflict", "family_asked"],
        ),
        EH,
    ),
    case(
        "health visitor: mother's depression is affecting the baby's care, she is not getting support",
        ask(
            "professional",
            "parental_issues",
            child_dob=born(0, 7),
            parent_signs=["affecting_child"],
        ),
        EH,
        CSC,
    ),
    # Information only
    case(
        "parent: would like to know about toddler groups near me",
        ask("parent", "information", child_dob=born(2)),
        U,
        A,
    ),
    case(
        "teacher: family would like information about parenting courses, no worries about the child",
        ask("professional", "information", child_dob=born(6)),
        U,
        A,
    ),
    case(
        "health visitor: family new to the area needs a school place for their 7-year-old",
        ask(
            "professional",
            "school_attendance",
            child_dob=born(7),
            attendance="needs_school_place",
            more_needs=["none"],
        ),
        U,
        A,
    ),
    # Injuries to non-mobile babies
    case(
        "health visitor: bruise on the cheek of a 4-month-old who cannot roll, no explanation",
        ask(
            "professional",
            "injury",
            child_dob=born(0, 4),
            baby_mobile="no",
            injury_signs=["no_explanation", "unusual_place"],
        ),
        CSC,
        E,
    ),
    case(
        "GP: small bruise on a 3-month-old's leg, parents say the toddler hit the baby with a toy",
        ask(
            "professional",
            "injury",
            child_dob=born(0, 3),
            baby_mobile="no",
            injury_signs=["accident_explained"],
        ),
        CSC,
    ),
    # Self-harm and suicide
    case(
        "teacher: 14-year-old cutting herself and wrote about how she would end her life",
        ask(
            "professional",
            "mental_health",
            child_dob=born(14),
            suicide_plans="yes",
            suicide_clarify="plan",
            mental_health_signs=["self_harm"],
        ),
        CSC,
        E,
    ),
    case(
        "parent: 15-year-old son self-harming, no talk of ending his life, needs specialist help",
        ask(
            "parent",
            "mental_health",
            child_dob=born(15),
            suicide_plans="no",
            mental_health_signs=["self_harm", "needs_specialist"],
        ),
        EH,
        CSC,
    ),
    case(
        "young person: I feel anxious and low but I am getting through the days",
        ask(
            "young_person",
            "mental_health",
            child_dob="",
            child_age="age_13_15",
            suicide_plans="no",
            mental_health_signs=["low_level"],
            more_needs=["none"],
        ),
        A,
        U,
        EH,
    ),
    # Private fostering
    case(
        "teacher: 14-year-old has lived with a family friend for two months while her mother works abroad",
        ask("professional", "private_fostering", child_dob=born(14)),
        PF,
    ),
    case(
        "parent: my 11-year-old will stay with a friend of mine for six weeks while I am in hospital",
        ask("parent", "private_fostering", child_dob=born(11)),
        PF,
    ),
    # Allegations about people who work with children
    case(
        "parent: her 13-year-old's football coach sends him private messages and gifts",
        ask("parent", child_dob=born(13)) | {"about_professional": "yes"},
        LADO,
    ),
    case(
        "teacher: saw a nursery worker grab a 3-year-old by the arm and shake him",
        ask("professional", child_dob=born(3)) | {"about_professional": "yes"},
        LADO,
    ),
    case(
        "neighbour: a foster carer next door hits the child she looks after",
        ask("public", child_dob="", child_age="age_1_12") | {"about_professional": "yes"},
        LADO,
    ),
    # "Not sure" answers
    case(
        "neighbour not sure about immediate danger: heard a child screaming and a man shouting last night",
        ask(
            "public",
            "domestic_abuse",
            child_dob="",
            child_age="age_1_12",
            domestic_abuse_signs=["heard_violence"],
        )
        | {"immediate_danger": "not_sure", "danger_now": ["none"]},
        CSC,
        E,
    ),
    case(
        "teacher: 13-year-old wrote 'I wish I was dead' in her book, not sure whether she has plans",
        ask(
            "professional",
            "mental_health",
            child_dob=born(13),
            suicide_plans="not_sure",
            suicide_clarify="wish_dead",
            mental_health_signs=["needs_specialist"],
        ),
        EH,
        CSC,
    ),
    # More physical harm
    case(
        "police: 11-year-old was hurt trying to stop his father hitting his mother",
        ask(
            "professional",
            "domestic_abuse",
            child_dob=born(11),
            domestic_abuse_signs=["child_hurt", "heard_violence"],
        ),
        CSC,
    ),
    case(
        "teacher: 6-year-old says her dad hit her with a belt, red marks on her back",
        ask(
            "professional",
            "injury",
            child_dob=born(6),
            injury_signs=["child_says_adult", "unusual_place"],
        ),
        CSC,
    ),
    # More voices: young people, relatives, anonymous callers, parents
    case(
        "young person: my boyfriend is 22, picks me up from school and gives me money, I am 14",
        ask(
            "young_person",
            "sexual_harm",
            child_dob=born(14),
            sexual_harm_signs=["at_risk"],
            other_person_age="adult",
            exploitation_indicators=["gifts", "transport"],
        ),
        CSC,
    ),
    case(
        "young person: older boys make me carry drugs for them and say they will hurt my brother",
        ask(
            "young_person",
            "criminal_exploitation",
            child_dob=born(15),
            exploitation_signs=["criminally_exploited"],
            other_person_age="adult",
            exploitation_indicators=["gifts", "missing"],
        ),
        CSC,
    ),
    case(
        "young person: I am 16, my parents told me to leave and I have nowhere to stay",
        ask("young_person", "housing_money", child_dob=born(16), housing_signs=["child_homeless"]),
        CSC,
    ),
    case(
        "anonymous: a girl of about 10 next door says she is going abroad for a special ceremony 'to become a woman'",
        ask("anonymous", "fgm_honour", child_dob="", child_age="age_1_12"),
        CSC,
        E,
    ),
    case(
        "grandmother: her daughter drinks all day and cannot look after the 3-year-old",
        ask(
            "public",
            "parental_issues",
            child_dob=born(3),
            parent_signs=["cannot_keep_safe"],
        ),
        CSC,
    ),
    case(
        "parent: 8-year-old with autism, the family is struggling to cope and needs short breaks",
        ask(
            "parent",
            "disability",
            child_dob=born(8),
            disability_signs=["family_not_coping"],
            more_needs=["family_asked"],
        ),
        EH,
        CSC,
    ),
    case(
        "parent: 5-year-old has tantrums at home, would like some parenting tips",
        ask("parent", "behaviour", child_dob=born(5), behaviour_signs=["some_problems"], more_needs=["none"]),
        U,
        A,
        EH,
    ),
]

# Decided before running; the screener routes these below the lowest safe route (lead to decide). The one
# found (a young person asking for themselves about low-level anxiety sent to universal services with no one
# to talk to) was fixed in the definition: a young person's universal route becomes the advice line.
BELOW_SAFE: dict[str, str] = {}

PARAMS: list[Any] = [
    below_safe(item, BELOW_SAFE[item.description])
    if item.description in BELOW_SAFE
    else pytest.param(item, id=item.description)
    for item in BLIND
]


@pytest.fixture(scope="module")
def definition() -> Definition:
    return load_named("default")


def test_the_blind_table_covers_every_referrer() -> None:
    assert len(BLIND) >= 30
    whos = {c.answers.get("who_is_asking") for c in BLIND}
    assert {"professional", "parent", "public", "anonymous", "young_person"} <= whos


@pytest.mark.parametrize("item", PARAMS)
def test_no_blind_concern_is_routed_below_its_lowest_safe_route(definition: Definition, item: Case) -> None:
    route = routed(definition, item)
    assert RANK[route] >= RANK[item.lowest_safe], f"{item.description}: {route} is below {item.lowest_safe}"
    if item.lowest_safe in (Route.LADO, Route.PRIVATE_FOSTERING):
        assert route is item.lowest_safe, f"{item.description}: {route} instead of {item.lowest_safe}"


def test_at_most_one_in_twenty_blind_concerns_is_routed_above_what_is_acceptable(
    definition: Definition,
) -> None:
    above = [
        f"{c.description}: {route}"
        for c in BLIND
        if (route := routed(definition, c)) not in c.acceptable and RANK[route] > RANK[c.lowest_safe]
    ]
    assert len(above) * 20 <= len(BLIND), above


def test_the_cases_below_safe_are_still_in_the_table() -> None:
    assert set(BELOW_SAFE) <= {c.description for c in BLIND}
