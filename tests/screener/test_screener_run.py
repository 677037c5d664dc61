"""Running a definition: branching, validation, tampered answers, the safety rule and outcome pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontdoor.screener.engine import (
    Definition,
    Kind,
    Question,
    Route,
    Rule,
    age_in_months,
    all_paths,
    describe_answer,
    load_definition,
    run,
    to_jsonable,
    validate_answer,
)
from frontdoor.screener.engine.model import DEFAULT_SAFETY_REASON

from .builders import base, to_yaml

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def definition() -> Definition:
    return load_definition(to_yaml(base()))


def dob(day: int, month: int, year: int) -> dict[str, str]:
    return {"day": str(day), "month": str(month), "year": str(year)}


# ------------------------------------------------------------------------------------------- branching
def test_first_question_when_nothing_is_answered(definition: Definition) -> None:
    progress = run(definition, {}, TODAY)
    assert not progress.finished
    assert progress.question is not None and progress.question.id == "danger"
    assert progress.error is None
    assert progress.answered == ()
    assert progress.previous_question_id is None
    assert progress.definition_version == "2026-01-01.1"


def test_next_question_with_the_trail_so_far(definition: Definition) -> None:
    progress = run(definition, {"danger": "no", "area": "injury"}, TODAY)
    assert progress.question is not None and progress.question.id == "dob"
    assert progress.path == ("danger", "area")
    assert progress.previous_question_id == "area"
    assert [step.display for step in progress.answered] == [("No",), ("An injury",)]


def test_route_straight_from_the_first_question(definition: Definition) -> None:
    progress = run(definition, {"danger": "yes"}, TODAY)
    assert progress.outcome is not None
    assert progress.outcome.route is Route.EMERGENCY
    assert progress.outcome.reasons == ("In danger.",)
    assert progress.outcome.path == ("danger",)
    assert progress.outcome.escalated is False


def test_branches_on_earlier_answers_and_age(definition: Definition) -> None:
    answers: dict[str, Any] = {"danger": "no", "area": "injury", "signs": ["scratch"]}
    older = run(definition, {**answers, "dob": dob(1, 5, 2019)}, TODAY).outcome
    baby = run(definition, {**answers, "dob": dob(1, 5, 2026)}, TODAY).outcome
    assert older is not None and older.route is Route.EARLY_HELP
    assert older.level == 2 and older.level_name == "Early Help"
    assert baby is not None and baby.route is Route.CSC
    assert baby.level == 4 and baby.level_name == "Specialist"
    assert baby.path == ("danger", "area", "dob", "signs")


def test_checkbox_levels_highest_wins(definition: Definition) -> None:
    answers = {"danger": "no", "area": "injury", "dob": dob(1, 5, 2019), "signs": ["scratch", "bruise"]}
    outcome = run(definition, answers, TODAY).outcome
    assert outcome is not None and outcome.route is Route.CSC


def test_age_is_measured_in_completed_years_on_the_day_given(definition: Definition) -> None:
    answers = {"danger": "no", "area": "injury", "signs": ["scratch"], "dob": dob(20, 11, 2025)}
    on_first_birthday = run(definition, answers, date(2026, 11, 20)).outcome
    day_before = run(definition, answers, date(2026, 11, 19)).outcome
    assert on_first_birthday is not None and on_first_birthday.route is Route.EARLY_HELP
    assert day_before is not None and day_before.route is Route.CSC


@pytest.mark.parametrize(
    ("born", "today", "months"),
    [
        (date(2020, 1, 31), date(2020, 2, 29), 0),
        (date(2020, 1, 31), date(2020, 3, 1), 1),
        (date(2012, 2, 29), date(2025, 2, 28), 155),
        (date(2012, 2, 29), date(2025, 3, 1), 156),
        (date(2026, 12, 1), date(2026, 11, 20), -1),
    ],
)
def test_age_in_months(born: date, today: date, months: int) -> None:
    assert age_in_months(born, today) == months


# ------------------------------------------------------------------------------------------ validation
REQUIRED = [
    ("danger", "", "Select if the child is in immediate danger"),
    ("danger", "maybe", "Select if the child is in immediate danger"),
    ("danger", ["yes", "no"], "Select if the child is in immediate danger"),
    ("area", "<script>", "Select what you are most worried about"),
    ("dob", None, "Enter the child's date of birth"),
    ("dob", {"day": "", "month": "", "year": ""}, "Enter the child's date of birth"),
    ("dob", dob(31, 2, 2020), "Date of birth must be a real date"),
    ("dob", dob(1, 13, 2020), "Date of birth must be a real date"),
    ("dob", {"day": "x", "month": "1", "year": "2020"}, "Date of birth must be a real date"),
    ("dob", {"day": "1", "month": "", "year": "2020"}, "Date of birth must include a month"),
    ("dob", {"day": "", "month": "", "year": "2020"}, "Date of birth must include a day and month"),
    ("dob", dob(1, 1, 20), "Year must include 4 numbers"),
    ("dob", dob(1, 1, 1850), "Date of birth must be a real date"),
    ("dob", dob(21, 11, 2026), "Date of birth must be in the past"),
    ("dob", "2026-02-30", "Date of birth must be a real date"),
    ("dob", 12, "Date of birth must be a real date"),
    ("signs", [], "Select which of these apply, or select ‘None of these’"),
    ("signs", ["bruise", "dragon"], "Select which of these apply, or select ‘None of these’"),
    (
        "signs",
        ["bruise", "none"],
        "Select ‘None of these’ on its own, or select the other answers that apply",
    ),
    ("signs", [3], "Select which of these apply, or select ‘None of these’"),
]


@pytest.mark.parametrize(("question_id", "raw", "message"), REQUIRED)
def test_validation_messages(definition: Definition, question_id: str, raw: object, message: str) -> None:
    value, error = validate_answer(definition.question(question_id), raw, TODAY)
    assert (value, error) == (None, message)


GOOD = [
    ("danger", " yes ", "yes"),
    ("danger", ["no"], "no"),
    ("dob", dob(29, 2, 2024), date(2024, 2, 29)),
    ("dob", {"day": " 3 ", "month": "Mar", "year": "2019"}, date(2019, 3, 3)),
    ("dob", {"day": 3, "month": "september", "year": 2019}, date(2019, 9, 3)),
    ("dob", "2019-03-03", date(2019, 3, 3)),
    ("dob", date(2019, 3, 3), date(2019, 3, 3)),
    ("dob", TODAY, TODAY),
    ("signs", "bruise", ("bruise",)),
    ("signs", ["scratch", "bruise", "bruise"], ("bruise", "scratch")),
    ("signs", ["none"], ("none",)),
]


@pytest.mark.parametrize(("question_id", "raw", "value"), GOOD)
def test_good_answers_are_cleaned(
    definition: Definition, question_id: str, raw: object, value: object
) -> None:
    assert validate_answer(definition.question(question_id), raw, TODAY) == (value, None)


def text_question(**changes: Any) -> Question:
    fields: dict[str, Any] = {
        "id": "details",
        "kind": Kind.TEXT,
        "text": "What happened?",
        "next": (Rule(when=None, route=Route.ADVICE, reason="R"),),
        "error": "Enter what happened",
        "error_name": "What happened",
        "max_length": 20,
    }
    return Question(**(fields | changes))


def test_text_answers() -> None:
    question = text_question()
    assert validate_answer(question, "  A bruise.  ", TODAY) == ("A bruise.", None)
    assert validate_answer(question, "   ", TODAY) == (None, "Enter what happened")
    assert validate_answer(question, "x" * 21, TODAY) == (None, "What happened must be 20 characters or less")
    assert validate_answer(question, ["x"], TODAY) == (None, "Enter what happened")
    assert validate_answer(text_question(required=False), "", TODAY) == (None, None)
    assert validate_answer(text_question(max_length=None), "x" * 500, TODAY)[1] is None
    assert validate_answer(text_question(max_length=None, error_name=None), "x" * 501, TODAY) == (
        None,
        "Your answer must be 500 characters or less",
    )


def test_default_messages_when_the_definition_gives_none() -> None:
    question = Question(id="q", kind=Kind.DATE, text="When?", next=(), must_be="future")
    assert validate_answer(question, None, TODAY) == (None, "Enter the date")
    assert validate_answer(question, TODAY, TODAY) == (None, "Date must be in the future")
    radio = Question(id="r", kind=Kind.RADIO, text="Which?", next=())
    assert validate_answer(radio, "", TODAY) == (None, "Select an answer")


def test_invalid_stored_answer_asks_that_question_again_with_the_error(definition: Definition) -> None:
    progress = run(definition, {"danger": "no", "area": "injury", "dob": dob(31, 2, 2020)}, TODAY)
    assert not progress.finished
    assert progress.question is not None and progress.question.id == "dob"
    assert progress.error == "Date of birth must be a real date"
    assert progress.path == ("danger", "area")


def test_unknown_option_is_a_validation_error_not_an_exception(definition: Definition) -> None:
    progress = run(definition, {"danger": "DROP TABLE", "area": "injury"}, TODAY)
    assert progress.question is not None and progress.question.id == "danger"
    assert progress.error == "Select if the child is in immediate danger"


# ------------------------------------------------------------------------------------ tampered answers
def test_answers_off_the_path_are_ignored(definition: Definition) -> None:
    answers = {"danger": "no", "area": "school", "dob": dob(1, 1, 2026), "signs": ["bruise"], "admin": "1"}
    progress = run(definition, answers, TODAY)
    assert progress.outcome is not None and progress.outcome.route is Route.UNIVERSAL
    assert progress.path == ("danger", "area")
    assert progress.ignored == ("admin", "dob", "signs")
    assert progress.answers_to_store() == {"danger": "no", "area": "school"}


def test_a_jumped_to_answer_cannot_skip_earlier_questions(definition: Definition) -> None:
    progress = run(definition, {"signs": ["none"], "dob": dob(1, 1, 2020)}, TODAY)
    assert progress.question is not None and progress.question.id == "danger"
    assert progress.ignored == ("dob", "signs")


def test_changing_an_earlier_answer_re_derives_the_route(definition: Definition) -> None:
    answers: dict[str, Any] = {"danger": "no", "area": "injury", "dob": dob(1, 5, 2019), "signs": ["scratch"]}
    assert (outcome := run(definition, answers, TODAY).outcome) and outcome.route is Route.EARLY_HELP
    answers["danger"] = "yes"
    progress = run(definition, answers, TODAY)
    assert progress.outcome is not None and progress.outcome.route is Route.EMERGENCY
    assert progress.ignored == ("area", "dob", "signs")


def test_stored_answers_round_trip(definition: Definition) -> None:
    answers = {"danger": "no", "area": "injury", "dob": dob(1, 5, 2019), "signs": ["scratch"]}
    first = run(definition, answers, TODAY)
    stored = first.answers_to_store()
    assert stored == {"danger": "no", "area": "injury", "dob": "2019-05-01", "signs": ["scratch"]}
    assert run(definition, stored, TODAY).outcome == first.outcome
    assert to_jsonable(None) is None


# ----------------------------------------------------------------------------------------- safety rule
def test_not_sure_on_a_yes_no_question_escalates_and_says_why(definition: Definition) -> None:
    progress = run(definition, {"danger": "not_sure"}, TODAY)
    assert progress.outcome is not None
    assert progress.outcome.route is Route.EMERGENCY
    assert progress.outcome.reasons == ("In danger.", DEFAULT_SAFETY_REASON)
    assert progress.outcome.escalated is True
    step = progress.answered[0]
    assert (step.value, step.effective, step.display, step.escalated) == (
        "not_sure",
        "yes",
        ("Not sure",),
        True,
    )
    assert progress.answers_to_store() == {"danger": "not_sure"}


def test_not_sure_on_a_radio_counts_as_the_named_answer(definition: Definition) -> None:
    answers = {"danger": "no", "area": "unsure", "dob": dob(1, 5, 2019), "signs": ["scratch"]}
    progress = run(definition, answers, TODAY)
    assert progress.path == ("danger", "area", "dob", "signs")
    assert progress.outcome is not None and progress.outcome.route is Route.EARLY_HELP
    assert progress.outcome.reasons[-1] == DEFAULT_SAFETY_REASON


def test_a_council_can_word_its_own_safety_reason() -> None:
    data = base()
    data["safety_reason"] = "Safety first, {council}."
    data["questions"][0]["not_sure_reason"] = "Not sure about danger, so call 999."
    definition = load_definition(to_yaml(data))
    assert definition.safety_reason == "Safety first, Testshire Council."
    outcome = run(definition, {"danger": "not_sure"}, TODAY).outcome
    assert outcome is not None and outcome.reasons == ("In danger.", "Not sure about danger, so call 999.")
    answers = {"danger": "no", "area": "unsure", "dob": dob(1, 5, 2019), "signs": ["none"]}
    outcome = run(definition, answers, TODAY).outcome
    assert outcome is not None and outcome.reasons == ("Talk it through.", "Safety first, Testshire Council.")


# ------------------------------------------------------------------------------- pages and placeholders
def test_outcome_pages_have_the_contacts_filled_in(definition: Definition) -> None:
    outcome = run(definition, {"danger": "no", "area": "school"}, TODAY).outcome
    assert outcome is not None
    page = outcome.page
    assert page.title == "UNIVERSAL title"
    assert page.what_to_do == ("Call the social work line on 01632 960001 (9am to 5pm).",)
    assert page.what_happens_next == (
        "A social worker from Testshire Council will look at it.",
        "Then they decide.",
    )
    assert page.when_you_will_hear == ("Within 1 working day.",)
    assert definition.page(Route.UNIVERSAL) == page
    assert definition.page(Route.LADO) is None


def test_describe_answer() -> None:
    definition = load_definition(to_yaml(base()))
    assert describe_answer(definition.question("signs"), ("bruise", "scratch")) == ("A bruise", "A scratch")
    assert describe_answer(definition.question("dob"), date(2019, 3, 3)) == ("3 March 2019",)
    assert describe_answer(definition.question("dob"), None) == ("Not answered",)


def test_optional_questions_can_be_left_blank_and_tested_with_answered() -> None:
    data = base()
    data["questions"][2]["required"] = False
    data["questions"][2]["next"] = [
        {"when": {"question": "dob", "answered": False}, "route": "ADVICE", "reason": "No date of birth."},
        {"goto": "signs"},
    ]
    definition = load_definition(to_yaml(data))
    outcome = run(definition, {"danger": "no", "area": "injury", "dob": ""}, TODAY).outcome
    assert outcome is not None and outcome.route is Route.ADVICE
    assert any(path.answers.get("dob", "x") is None for path in all_paths(definition))


def test_every_enumerated_path_runs_to_its_route(definition: Definition) -> None:
    paths = all_paths(definition, TODAY)
    assert {path.route for path in paths} == {
        Route.EMERGENCY,
        Route.UNIVERSAL,
        Route.CSC,
        Route.EARLY_HELP,
        Route.ADVICE,
    }
    for path in paths:
        outcome = run(definition, path.answers, TODAY).outcome
        assert outcome is not None and outcome.route is path.route and outcome.path == path.path
