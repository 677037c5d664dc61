"""The default definition: sound, short, and every path ends in a route with a page."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontdoor.screener.engine import (
    DEFINITIONS_DIR,
    Definition,
    Kind,
    PathResult,
    Question,
    Route,
    all_paths,
    check_definition,
    definition_problems,
    load_named,
    run,
)

TODAY = date(2026, 11, 20)
# Every concern routes within 7 questions (who is asking included) unless a follow-up that keeps a child safe is needed: whether a baby
# can move around on their own, neglect's history (help refused, getting worse), the other person's age and the
# signs of grooming and exploitation, or whether a family has more than one need.
TYPICAL_MAX = 7
ABSOLUTE_MAX = 11
FOLLOW_UPS = {
    "danger_now",
    "child_age",
    "suicide_clarify",
    "baby_mobile",
    "neglect_history",
    "other_person_age",
    "exploitation_indicators",
    "more_needs",
}


@pytest.fixture(scope="module")
def definition() -> Definition:
    return load_named("default")


@pytest.fixture(scope="module")
def paths(definition: Definition) -> list[PathResult]:
    return all_paths(definition, TODAY)


def test_default_definition_has_no_defects(definition: Definition) -> None:
    assert definition_problems(DEFINITIONS_DIR / "default.yaml") == []
    assert check_definition(definition) == []
    assert definition.council == "Northshire County Council"
    assert definition.version == "2026-12-03.1"
    assert definition.start == "immediate_danger"


def test_every_route_has_a_full_page_with_real_numbers(definition: Definition) -> None:
    assert set(definition.routes) == set(Route)
    for route in Route:
        page = definition.page(route)
        assert page is not None and page.title
        assert page.what_to_do and page.what_happens_next and page.when_you_will_hear
        text = " ".join((*page.what_to_do, *page.what_happens_next, *page.when_you_will_hear))
        assert "{" not in text and "}" not in text
    emergency = definition.page(Route.EMERGENCY)
    assert emergency is not None and "999" in emergency.title
    assert "01632 960100" in " ".join(emergency.what_to_do)
    lado = definition.page(Route.LADO)
    assert lado is not None and "lado@northshire.example" in " ".join(lado.what_to_do)


def test_contacts_are_synthetic(definition: Definition) -> None:
    for fields in definition.contacts.values():
        if "phone" in fields:
            assert fields["phone"].startswith(("01632 960", "0808 157 0"))
        if "email" in fields:
            assert fields["email"].endswith(".example")


def test_safety_first_questions_come_first(definition: Definition) -> None:
    ids = [q.id for q in definition.questions]
    assert ids[0] == "immediate_danger"
    assert ids.index("about_professional") < ids.index("open_case") < ids.index("concern_area")


def test_not_sure_is_a_clarifying_question_never_a_contradiction(
    definition: Definition, paths: list[PathResult]
) -> None:
    """ "Not sure" to immediate danger or to suicide plans asks what is happening; no outcome then says the
    referrer told us the child is in danger, or has plans, when they said they were not sure."""
    certain = {
        "immediate_danger": "You told us the child is in immediate danger",
        "suicide_plans": "A child who has plans to end their life",
    }
    seen = 0
    for path in paths:
        for question_id, claim in certain.items():
            if path.answers.get(question_id) != "not_sure":
                continue
            seen += 1
            position = path.path.index(question_id)
            assert len(path.path) > position + 1, f"'not sure' to {question_id} ended the journey"
            outcome = run(definition, path.answers, TODAY).outcome
            assert outcome is not None
            assert not any(claim in reason for reason in outcome.reasons), outcome.reasons
    assert seen > 20


def test_every_path_ends_in_a_route_within_the_bound(definition: Definition, paths: list[PathResult]) -> None:
    assert all(path.route is not None for path in paths)
    assert {path.route for path in paths} == set(Route)
    assert max(len(path.path) for path in paths) == ABSOLUTE_MAX
    for path in paths:
        if len(path.path) > TYPICAL_MAX:
            assert FOLLOW_UPS & set(path.path), path.path
    visited = {question_id for path in paths for question_id in path.path}
    assert visited == {q.id for q in definition.questions}


def test_every_concern_area_can_reach_a_route_in_six(definition: Definition, paths: list[PathResult]) -> None:
    shortest: Counter[str] = Counter()
    for path in paths:
        area = path.answers.get("concern_area")
        if isinstance(area, str):
            shortest[area] = min(shortest.get(area, 99), len(path.path))
    assert set(shortest) == set(definition.question("concern_area").values)
    assert max(shortest.values()) <= TYPICAL_MAX


def test_enumerated_paths_agree_with_run(definition: Definition, paths: list[PathResult]) -> None:
    for path in paths:
        outcome = run(definition, path.answers, TODAY).outcome
        assert outcome is not None
        assert (outcome.route, outcome.path) == (path.route, path.path)
        assert outcome.reasons


def test_not_sure_always_routes_as_the_more_serious_answer(
    definition: Definition, paths: list[PathResult]
) -> None:
    checked = 0
    for path in paths:
        for question_id, value in path.answers.items():
            question = definition.question(question_id)
            option = question.option(value) if isinstance(value, str) else None
            if option is None or option.treat_as is None:
                continue
            sure = run(definition, {**path.answers, question_id: option.treat_as}, TODAY).outcome
            unsure = run(definition, path.answers, TODAY).outcome
            assert sure is not None and unsure is not None
            assert unsure.route is sure.route
            assert unsure.escalated and not sure.escalated
            assert len(unsure.reasons) == len(sure.reasons) + 1
            checked += 1
    assert checked > 10


# ------------------------------------------------------------------------------------------ hypothesis
TAMPERED = "tampered-value"


def valid_answer(question: Question, today: date) -> st.SearchStrategy[Any]:
    if question.kind in (Kind.RADIO, Kind.YES_NO):
        return st.sampled_from(question.values)
    if question.kind is Kind.CHECKBOXES:
        ordinary = [o.value for o in question.options if not o.exclusive]
        exclusive = [[o.value] for o in question.options if o.exclusive]
        return st.lists(st.sampled_from(ordinary), min_size=1, unique=True) | st.sampled_from(exclusive)
    if question.kind is Kind.DATE:
        born = st.dates(min_value=today - timedelta(days=365 * 20), max_value=today)
        as_parts = born.map(lambda d: {"day": str(d.day), "month": str(d.month), "year": str(d.year)})
        return born | as_parts | born.map(date.isoformat)
    return st.text(max_size=50)


def invalid_answer(question: Question, today: date) -> Any:
    if question.kind is Kind.CHECKBOXES:
        return [TAMPERED]
    if question.kind is Kind.DATE:
        return {"day": "31", "month": "2", "year": "2020"}
    return TAMPERED


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), today=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)))
def test_any_sequence_of_answers_reaches_a_route(
    definition: Definition, data: st.DataObject, today: date
) -> None:
    answers: dict[str, Any] = {}
    for _ in range(ABSOLUTE_MAX):
        progress = run(definition, answers, today)
        if progress.finished:
            break
        question = progress.question
        assert question is not None and progress.error is None
        if data.draw(st.booleans(), label="try a tampered answer first"):
            answers[question.id] = invalid_answer(question, today)
            rejected = run(definition, answers, today)
            assert rejected.question == question and rejected.error
        answers[question.id] = data.draw(valid_answer(question, today), label=question.id)
    progress = run(definition, answers, today)
    outcome = progress.outcome
    assert outcome is not None, f"not finished after {ABSOLUTE_MAX} answers: {answers}"
    assert len(outcome.path) <= ABSOLUTE_MAX
    assert len(outcome.path) <= TYPICAL_MAX or FOLLOW_UPS & set(outcome.path)
    assert outcome.reasons and all(reason.strip() for reason in outcome.reasons)
    full = definition.page(outcome.route)
    assert full is not None and outcome.page.title == full.title
    assert set(outcome.page.what_to_do) <= set(full.what_to_do) and outcome.page.what_to_do
    assert progress.ignored == ()


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_extra_answers_off_the_path_never_change_the_outcome(
    definition: Definition, paths: list[PathResult], data: st.DataObject
) -> None:
    path = data.draw(st.sampled_from(paths), label="path")
    off_path = [q for q in definition.questions if q.id not in path.path]
    extra = {}
    for question in data.draw(st.lists(st.sampled_from(off_path), unique_by=lambda q: q.id), label="extra"):
        extra[question.id] = data.draw(
            valid_answer(question, TODAY) | st.just(invalid_answer(question, TODAY)), label=question.id
        )
    extra |= data.draw(st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=8)), label="junk")
    clean = run(definition, path.answers, TODAY)
    tampered = run(definition, {**extra, **path.answers}, TODAY)
    assert tampered.outcome == clean.outcome
    assert set(tampered.ignored) == set(extra) - set(path.answers)


def test_outcome_pages_match_the_route_and_who_is_asking(
    definition: Definition, paths: list[PathResult]
) -> None:
    """No early-help level on a universal page; a parent is not told to talk to the family first, nor a
    professional to talk to "the child's GP" as if they were a parent."""
    for path in paths:
        outcome = run(definition, path.answers, TODAY).outcome
        assert outcome is not None
        if outcome.route is Route.UNIVERSAL:
            assert outcome.level in (None, 1), path.path
        text = " ".join(outcome.page.what_to_do)
        who = path.answers.get("who_is_asking")
        if who == "parent":
            assert "Talk to the family first" not in text
        if outcome.route is Route.UNIVERSAL and who == "professional":
            assert "Talk to the family about your worry" in text and "Talk to your child's" not in text
        if who in ("public", "anonymous", "young_person"):
            assert outcome.route is not Route.EARLY_HELP, path.path
