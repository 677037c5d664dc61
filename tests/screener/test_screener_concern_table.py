"""The concern table: concerns written from the referrer's side (what a teacher, nurse, police officer,
neighbour, parent or young person would know and answer), each with the routes that are acceptable and the
lowest route that is still safe. The screener may never route a concern below its lowest safe route, and may
route at most one in twenty above what is acceptable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from frontdoor.screener.engine import Definition, Route, load_named, run

TODAY = date(2026, 11, 20)

# How far up the scale of help a route is. LADO and private fostering are special routes: they are only
# acceptable where the table names them, and count as the social work line's height.
RANK = {
    Route.UNIVERSAL: 1,
    Route.ADVICE: 2,
    Route.EARLY_HELP: 3,
    Route.CSC: 4,
    Route.LADO: 4,
    Route.PRIVATE_FOSTERING: 4,
    Route.EMERGENCY: 5,
}

U, A, EH, CSC, E = Route.UNIVERSAL, Route.ADVICE, Route.EARLY_HELP, Route.CSC, Route.EMERGENCY


@dataclass(frozen=True)
class Case:
    description: str
    answers: dict[str, Any]
    lowest_safe: Route
    acceptable: tuple[Route, ...]


def born(years_ago: int, months: int = 0) -> str:
    total = TODAY.year * 12 + TODAY.month - 1 - years_ago * 12 - months
    return date(total // 12, total % 12 + 1, 1).isoformat()


def ask(who: str, area: str | None = None, *, open_case: str | None = None, **answers: Any) -> dict[str, Any]:
    public = who in ("public", "anonymous", "young_person")
    base: dict[str, Any] = {
        "immediate_danger": "no",
        "who_is_asking": who,
        "about_professional": "no",
        "open_case": open_case or ("dont_know" if public else "no"),
    }
    if area:
        base["concern_area"] = area
    return {**base, **answers}


def case(description: str, answers: dict[str, Any], lowest: Route, *also: Route) -> Case:
    return Case(description, answers, lowest, (lowest, *also))


TABLE = [
    # ------------------------------------------------------------------------------- danger and special
    case("Police officer: child being hit at home now", {"immediate_danger": "yes"}, E),
    case(
        "Neighbour: unsure, hears a child screaming next door now",
        {"immediate_danger": "not_sure", "danger_now": ["being_hurt"]},
        E,
    ),
    case(
        "Neighbour: unsure, cannot tell what is happening in the flat",
        {"immediate_danger": "not_sure", "danger_now": ["cannot_tell"]},
        E,
    ),
    case(
        "Childminder: unsure, 4-year-old not collected, parent not answering",
        {"immediate_danger": "not_sure", "danger_now": ["left_alone"]},
        E,
    ),
    case(
        "Parent: teenage son missing since last night",
        ask("parent", "criminal_exploitation", exploitation_signs=["missing_now"]),
        E,
    ),
    case(
        "Parent: swimming coach sends their daughter private messages",
        ask("parent", about_professional="yes"),
        Route.LADO,
    ),
    case(
        "Teacher: unsure whether a colleague's rough handling is a LADO matter",
        ask("professional", about_professional="not_sure"),
        Route.LADO,
    ),
    case("Health visitor: new worry, child has a social worker", ask("professional", open_case="yes"), CSC),
    case(
        "Neighbour: girl of 12 living with a family friend for months while mum is abroad",
        ask("public", "private_fostering"),
        Route.PRIVATE_FOSTERING,
    ),
    # ------------------------------------------------------------------------------------------ injury
    case(
        "Health visitor: bruise on a 3-month-old's ear",
        ask("professional", "injury", child_dob=born(0, 3), baby_mobile="no"),
        CSC,
    ),
    case(
        "GP: mark on a 9-month-old, unsure if she crawls",
        ask("professional", "injury", child_dob=born(0, 9), baby_mobile="not_sure"),
        CSC,
    ),
    case(
        "Teacher: 9-year-old says mum's boyfriend hit him",
        ask("professional", "injury", child_dob=born(9), injury_signs=["child_says_adult"]),
        CSC,
    ),
    case(
        "Nursery: bruises on a 3-year-old's back, no explanation",
        ask("professional", "injury", child_dob=born(3), injury_signs=["no_explanation", "unusual_place"]),
        CSC,
    ),
    case(
        "School nurse: lots of small injuries, poor supervision",
        ask("professional", "injury", child_dob=born(7), injury_signs=["frequent_injuries"]),
        EH,
    ),
    case(
        "Parent: son broke his wrist falling off his bike, seen at A&E",
        ask("parent", "injury", child_dob=born(10), injury_signs=["accident_explained"]),
        U,
    ),
    # ----------------------------------------------------------------------------------------- neglect
    case(
        "Paediatrician: toddler not growing, no medical cause",
        ask("professional", "neglect", neglect_signs=["faltering_growth"]),
        CSC,
    ),
    case(
        "Neighbour: 5-year-old often left alone in the evenings",
        ask("public", "neglect", neglect_signs=["abandoned"]),
        CSC,
    ),
    case(
        "Teacher: child often hungry and dirty, first worry",
        ask("professional", "neglect", neglect_signs=["care_erratic", "no_food"], neglect_history=["none"]),
        EH,
    ),
    case(
        "Health visitor: neglect worse, family refused early help last year",
        ask(
            "professional",
            "neglect",
            neglect_signs=["care_erratic", "untreated_health"],
            neglect_history=["getting_worse", "help_refused"],
        ),
        CSC,
    ),
    case(
        "School: support for a year, child still unkempt and hungry",
        ask("professional", "neglect", neglect_signs=["no_food"], neglect_history=["help_not_working"]),
        CSC,
    ),
    case(
        "Grandmother: grandson often hungry, family would not see the family worker",
        ask("public", "neglect", neglect_signs=["no_food"], neglect_history=["help_refused"]),
        CSC,
    ),
    case(
        "GP: missed vaccinations, nothing else known",
        ask(
            "professional",
            "neglect",
            neglect_signs=["missed_checks"],
            neglect_history=["dont_know"],
            more_needs=["none"],
        ),
        U,
        EH,
    ),
    case(
        "Dentist: untreated decay, history not known",
        ask("professional", "neglect", neglect_signs=["untreated_health"], neglect_history=["dont_know"]),
        EH,
    ),
    # ---------------------------------------------------------------------------------- domestic abuse
    case(
        "Police: incident heard at MARAC, two children in the home",
        ask("professional", "domestic_abuse", domestic_abuse_signs=["marac"]),
        CSC,
    ),
    case(
        "Midwife: pregnant woman strangled by partner",
        ask("professional", "domestic_abuse", domestic_abuse_signs=["pregnant_victim", "strangulation"]),
        CSC,
    ),
    case(
        "Police: DASH high risk",
        ask("professional", "domestic_abuse", domestic_abuse_signs=["dash_high"]),
        CSC,
    ),
    case(
        "Police: DASH medium risk, third call-out this year",
        ask("professional", "domestic_abuse", domestic_abuse_signs=["dash_medium"]),
        EH,
        CSC,
    ),
    case(
        "Police: single standard-risk incident, children asleep",
        ask("professional", "domestic_abuse", domestic_abuse_signs=["dash_standard"]),
        EH,
    ),
    case(
        "Anonymous neighbour: violence heard, baby crying for hours",
        ask("anonymous", "domestic_abuse", domestic_abuse_signs=["heard_violence"]),
        CSC,
    ),
    case(
        "Teacher: wonders about abuse at home, nothing said",
        ask("professional", "domestic_abuse", domestic_abuse_signs=["possible"]),
        EH,
        A,
    ),
    case(
        "Mother: left a violent partner, daughter still frightened",
        ask("parent", "domestic_abuse", domestic_abuse_signs=["history"]),
        EH,
    ),
    case(
        "Young person: dad hurt me when I tried to stop him hitting mum",
        ask("young_person", "domestic_abuse", domestic_abuse_signs=["child_hurt"]),
        CSC,
    ),
    # ------------------------------------------------------------------- sexual harm and exploitation
    case(
        "School nurse: 12-year-old having sex",
        ask("professional", "sexual_harm", child_dob=born(12), sexual_harm_signs=["sexually_active"]),
        CSC,
    ),
    case(
        "Teacher: 13-year-old, much older 'boyfriend' collects her by car, gifts, missing lessons",
        ask(
            "professional",
            "sexual_harm",
            child_dob=born(13),
            sexual_harm_signs=["at_risk"],
            other_person_age="adult",
        ),
        CSC,
    ),
    case(
        "Youth worker: 14-year-old with a 17-year-old, new phone and lifts",
        ask(
            "professional",
            "sexual_harm",
            child_dob=born(14),
            sexual_harm_signs=["at_risk"],
            other_person_age="much_older",
            exploitation_indicators=["gifts", "transport"],
        ),
        CSC,
    ),
    case(
        "Aunt: niece, 15, picked up by men whose age she does not know, gifts",
        ask(
            "public",
            "sexual_harm",
            child_dob=born(15),
            sexual_harm_signs=["at_risk"],
            other_person_age="dont_know",
            exploitation_indicators=["gifts", "transport"],
        ),
        CSC,
    ),
    case(
        "Sexual health nurse: 15-year-old with a boyfriend of the same age",
        ask(
            "professional",
            "sexual_harm",
            child_dob=born(15),
            sexual_harm_signs=["sexually_active"],
            other_person_age="similar",
            exploitation_indicators=["none"],
        ),
        EH,
    ),
    case(
        "Sexual health nurse: 17-year-old, nothing else of concern",
        ask(
            "professional",
            "sexual_harm",
            child_dob=born(17),
            sexual_harm_signs=["sexually_active"],
            other_person_age="similar",
            exploitation_indicators=["none"],
        ),
        U,
        EH,
    ),
    case(
        "Teacher: 10-year-old says an uncle touched her",
        ask("professional", "sexual_harm", child_dob=born(10), sexual_harm_signs=["disclosed_abuse"]),
        CSC,
    ),
    case(
        "Police: 16-year-old found far from home with drugs (county lines)",
        ask("professional", "criminal_exploitation", exploitation_signs=["criminally_exploited"]),
        CSC,
    ),
    case(
        "Parent: son, 14, often missing, seen in cars with older men, cash",
        ask(
            "parent",
            "criminal_exploitation",
            exploitation_signs=["regularly_missing"],
            other_person_age="adult",
            exploitation_indicators=["transport", "gifts"],
        ),
        CSC,
    ),
    case(
        "School: 13-year-old missing lessons with friends of his age",
        ask(
            "professional",
            "criminal_exploitation",
            exploitation_signs=["regularly_missing"],
            other_person_age="similar",
            exploitation_indicators=["missing"],
        ),
        EH,
    ),
    case(
        "Youth worker: 15-year-old cautioned for shoplifting",
        ask("professional", "criminal_exploitation", exploitation_signs=["minor_offending"]),
        EH,
        U,
    ),
    # ----------------------------------------------------------------------------------- FGM, unborn
    case(
        "Teacher: girl of 9 talks of a special ceremony abroad this summer",
        ask("professional", "fgm_honour"),
        CSC,
    ),
    case("Cousin: 16-year-old being made to marry in the holidays", ask("public", "fgm_honour"), CSC),
    case(
        "Midwife: mother's two older children adopted",
        ask("professional", "unborn", unborn_signs=["previous_removal"]),
        CSC,
    ),
    case(
        "Midwife: concealed pregnancy, first seen at 34 weeks",
        ask("professional", "unborn", unborn_signs=["concealed"]),
        CSC,
    ),
    case(
        "Drug service: pregnant client using heroin",
        ask("professional", "unborn", unborn_signs=["parent_risks"]),
        EH,
        CSC,
    ),
    case(
        "Parent-to-be: first baby, would like some help getting ready",
        ask("parent", "unborn", unborn_signs=["support_needed"], more_needs=["none"]),
        U,
        EH,
    ),
    # --------------------------------------------------------------------- mental health and parents
    case(
        "GP: 15-year-old has a plan to end her life",
        ask("professional", "mental_health", suicide_plans="yes"),
        CSC,
    ),
    case(
        "Counsellor: unsure, pupil said how she would do it",
        ask("professional", "mental_health", suicide_plans="not_sure", suicide_clarify="plan"),
        CSC,
    ),
    case(
        "Parent: unsure, son says he wishes he was dead",
        ask("parent", "mental_health", suicide_plans="not_sure", suicide_clarify="wish_dead"),
        EH,
        CSC,
    ),
    case(
        "Teacher: unsure about dark comments, pupil coping",
        ask(
            "professional",
            "mental_health",
            suicide_plans="not_sure",
            suicide_clarify="unclear",
            mental_health_signs=["low_level"],
        ),
        EH,
        A,
    ),
    case(
        "School: 11-year-old self-harming",
        ask("professional", "mental_health", suicide_plans="no", mental_health_signs=["self_harm"]),
        EH,
    ),
    case(
        "Parent: daughter anxious about exams, coping",
        ask(
            "parent",
            "mental_health",
            suicide_plans="no",
            mental_health_signs=["low_level"],
            more_needs=["none"],
        ),
        U,
        EH,
    ),
    case(
        "Adult mental health nurse: mum too unwell to feed or supervise her toddler",
        ask("professional", "parental_issues", parent_signs=["cannot_keep_safe"]),
        CSC,
    ),
    case(
        "Teacher: dad's drinking is affecting his son's schooling",
        ask("professional", "parental_issues", parent_signs=["affecting_child"]),
        EH,
    ),
    case(
        "School: 12-year-old cares for dad who has MS, exhausted",
        ask("professional", "young_carer", young_carer_signs=["harmed_by_caring"]),
        EH,
    ),
    case(
        "Young person: I look after mum and would like a break",
        ask("young_person", "young_carer", young_carer_signs=["coping"]),
        EH,
        CSC,
    ),
    # --------------------------------------------------------------- disability, behaviour, school, money
    case(
        "SENCo: parents of an autistic child exhausted, asking for short breaks",
        ask("professional", "disability", disability_signs=["family_not_coping"]),
        EH,
    ),
    case(
        "Nursery: 2-year-old may have needs not yet assessed, no other worries",
        ask("professional", "disability", disability_signs=["not_assessed"], more_needs=["none"]),
        U,
        EH,
    ),
    case(
        "Parent: 14-year-old hits his little sister",
        ask("parent", "behaviour", behaviour_signs=["violent_at_home"]),
        EH,
    ),
    case(
        "Attendance officer: child not on any school roll",
        ask("professional", "school_attendance", attendance="missing_education"),
        CSC,
    ),
    case(
        "Teacher: pupil in school 8 days in 10",
        ask("professional", "school_attendance", attendance="persistent_absence"),
        EH,
    ),
    case(
        "Parent: family just arrived, needs a school place",
        ask("parent", "school_attendance", attendance="needs_school_place", more_needs=["none"]),
        U,
    ),
    case(
        "Food bank: money worries, falling attendance, mum asks for help",
        ask(
            "professional",
            "housing_money",
            child_dob=born(8),
            housing_signs=["money"],
            more_needs=["attendance", "family_asked"],
        ),
        EH,
    ),
    case(
        "Food bank: struggling with bills, nothing else",
        ask("professional", "housing_money", child_dob=born(8), housing_signs=["money"], more_needs=["none"]),
        U,
        EH,
    ),
    case(
        "Housing officer: 16-year-old told to leave home",
        ask("professional", "housing_money", child_dob=born(16), housing_signs=["child_homeless"]),
        CSC,
    ),
    case(
        "Housing officer: family facing eviction",
        ask("professional", "housing_money", child_dob=born(4), housing_signs=["family_homeless"]),
        EH,
    ),
    case(
        "Neighbour: does not know her age, girl of about 12 or 13 seen kissing a man in a car",
        ask(
            "public",
            "sexual_harm",
            child_dob="",
            child_age="dont_know",
            sexual_harm_signs=["sexually_active"],
        ),
        CSC,
    ),
    case(
        "Anonymous: baby, age unknown, bruised face seen in the pram",
        ask("anonymous", "injury", child_dob="", child_age="under_1", baby_mobile="not_sure"),
        CSC,
    ),
    case(
        "Youth worker: 16 or 17, birthday not known, thrown out by mum",
        ask(
            "professional",
            "housing_money",
            child_dob="",
            child_age="age_16_17",
            housing_signs=["child_homeless"],
        ),
        CSC,
    ),
    case("Parent: wants toddler groups near home", ask("parent", "information"), U),
    case(
        "Health visitor: something else, would like to talk it through",
        ask("professional", "other", other_level="talk_it_through"),
        A,
    ),
    case(
        "Neighbour: thinks the child next door is being seriously harmed",
        ask("public", "other", other_level="significant_harm"),
        CSC,
    ),
]


@pytest.fixture(scope="module")
def definition() -> Definition:
    return load_named("default")


def routed(definition: Definition, item: Case) -> Route:
    progress = run(definition, item.answers, TODAY)
    assert progress.error is None, progress.error
    assert progress.outcome is not None, (
        f"{item.description}: stopped at {progress.question and progress.question.id}"
    )
    return progress.outcome.route


def test_the_table_is_big_and_covers_every_referrer_and_route() -> None:
    assert len(TABLE) >= 60
    whos = {c.answers.get("who_is_asking") for c in TABLE}
    assert {"professional", "parent", "public", "anonymous", "young_person"} <= whos
    assert {c.lowest_safe for c in TABLE} == set(Route)


@pytest.mark.parametrize("item", TABLE, ids=[c.description for c in TABLE])
def test_no_concern_is_routed_below_its_lowest_safe_route(definition: Definition, item: Case) -> None:
    route = routed(definition, item)
    assert RANK[route] >= RANK[item.lowest_safe], f"{item.description}: {route} is below {item.lowest_safe}"
    if item.lowest_safe in (Route.LADO, Route.PRIVATE_FOSTERING):
        assert route is item.lowest_safe


def test_at_most_one_in_twenty_is_routed_above_what_is_acceptable(definition: Definition) -> None:
    above = [c.description for c in TABLE if routed(definition, c) not in c.acceptable]
    assert len(above) * 20 <= len(TABLE), above
