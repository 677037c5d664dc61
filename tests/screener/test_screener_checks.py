"""Every defect a definition can have is caught at load time, with a message naming the question or route."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

from frontdoor.screener.engine import (
    Definition,
    DefinitionError,
    Kind,
    Question,
    Route,
    Rule,
    check_definition,
    definition_problems,
    load_definition,
    load_named,
)
from frontdoor.screener.engine.__main__ import main

from .builders import base, question, to_yaml

Change = Callable[[dict[str, Any]], None]


def test_the_base_definition_is_sound() -> None:
    definition = load_definition(to_yaml(base()))
    assert definition.council == "Testshire Council"
    assert definition.start == "danger"
    assert check_definition(definition) == []


def add_orphan(data: dict[str, Any]) -> None:
    data["questions"].append(
        {"id": "orphan", "kind": "yes_no", "text": "Orphan?", "next": [{"route": "ADVICE", "reason": "R"}]}
    )


def orphan_behind_impossible_condition(data: dict[str, Any]) -> None:
    add_orphan(data)
    impossible = {"all": [{"question": "area", "equals": "school"}, {"question": "area", "equals": "injury"}]}
    question(data, "area")["next"].insert(0, {"when": impossible, "goto": "orphan"})


def remove_default(data: dict[str, Any]) -> None:
    question(data, "area")["next"] = [{"when": {"question": "area", "equals": "injury"}, "goto": "dob"}]


def make_loop(data: dict[str, Any]) -> None:
    question(data, "signs")["next"][-1] = {"goto": "danger"}


def set_kind(kind: str) -> Change:
    def change(data: dict[str, Any]) -> None:
        question(data, "area")["kind"] = kind

    return change


def first_condition(data: dict[str, Any]) -> dict[str, Any]:
    condition: dict[str, Any] = question(data, "area")["next"][0]["when"]
    return condition


def drop_route(data: dict[str, Any]) -> None:
    del data["routes"]["CSC"]


def duplicate_question(data: dict[str, Any]) -> None:
    data["questions"].append(dict(question(data, "dob")))
    question(data, "signs")["next"][-1] = {"goto": "dob"}


DEFECTS: list[tuple[str, Change, list[str]]] = [
    (
        "unreachable question",
        add_orphan,
        ["Question 'orphan' is not reachable from the start question 'danger'"],
    ),
    (
        "question only behind a condition that can never be true",
        orphan_behind_impossible_condition,
        ["Question 'orphan' can never be asked"],
    ),
    (
        "a path that ends without a route",
        remove_default,
        ["Question 'area': no rule matches when danger = no; area = school", "without a route"],
    ),
    (
        "a question with no rules",
        lambda d: question(d, "dob").update(next=[]),
        ["Question 'dob' has no 'next' rules"],
    ),
    (
        "goto an unknown question",
        lambda d: question(d, "dob").update(next=[{"goto": "nowhere"}]),
        ["Question 'dob', rule 1 goes to 'nowhere', which is not a question"],
    ),
    ("a loop", make_loop, ["Questions form a loop: danger → area → dob → signs → danger"]),
    ("a self loop", lambda d: question(d, "dob").update(next=[{"goto": "dob"}]), ["loop: dob → dob"]),
    (
        "condition naming an unknown question",
        lambda d: first_condition(d).update(question="ghost"),
        ["Question 'area', rule 1: the condition refers to question 'ghost', which does not exist"],
    ),
    (
        "condition naming an unknown answer value",
        lambda d: first_condition(d).update(equals="maybe"),
        ["Question 'area', rule 1: 'maybe' is not an answer of question 'area' (its answers: injury, school"],
    ),
    (
        "condition on a question asked later",
        lambda d: question(d, "area")["next"].insert(
            0, {"when": {"question": "signs", "includes": "bruise"}, "route": "CSC", "reason": "R"}
        ),
        [
            "Question 'area', rule 1: the condition refers to question 'signs', which is never asked before 'area'"
        ],
    ),
    (
        "condition operator that does not suit the question",
        lambda d: question(d, "signs")["next"][1].update(when={"question": "signs", "equals": "scratch"}),
        ["Question 'signs', rule 2: 'equals' does not suit 'signs', a checkboxes question (use 'includes')"],
    ),
    (
        "age condition on a question that is not a date",
        lambda d: question(d, "area")["next"][0].update(when={"question": "area", "age_under_years": 1}),
        ["an age condition needs a date question, but 'area' is a radio question"],
    ),
    (
        "condition on a 'not sure' answer",
        lambda d: first_condition(d).update(equals="unsure"),
        ["'unsure' counts as 'injury' for routing, so the condition should use 'injury'"],
    ),
    (
        "level that no answer reaches",
        lambda d: question(d, "signs")["next"][0].update(when={"question": "signs", "level_at_least": 5}),
        ["no answer of 'signs' has level 5 or more"],
    ),
    (
        "route used without an outcome page",
        drop_route,
        ["Route 'CSC' is used by question 'signs', rule 1 but has no outcome page in 'routes'"],
    ),
    (
        "route defined without an outcome page",
        lambda d: d["routes"].update(CSC={"level": 4}),
        ["Route 'CSC' has no outcome page"],
    ),
    (
        "outcome page missing a section",
        lambda d: d["routes"]["CSC"]["outcome"].pop("when_you_will_hear"),
        ["Route 'CSC': the outcome page has no 'when_you_will_hear'"],
    ),
    ("duplicate question ids", duplicate_question, ["Question 'dob' appears more than once"]),
    (
        "duplicate option values",
        lambda d: question(d, "signs")["options"].append({"value": "bruise", "label": "Again"}),
        ["Question 'signs': option 'bruise' appears more than once"],
    ),
    (
        "unknown question kind",
        set_kind("dropdown"),
        ["Question 'area' has unknown kind 'dropdown'; use one of radio, checkboxes, yes_no, date, text"],
    ),
    (
        "radio question without options",
        lambda d: question(d, "area").pop("options"),
        ["Question 'area' is a radio question but has no options"],
    ),
    (
        "checkbox question without options",
        lambda d: question(d, "signs").update(options=[]),
        ["Question 'signs' is a checkboxes question but has no options"],
    ),
    (
        "rule route outside the fixed set",
        lambda d: question(d, "area")["next"][1].update(route="SCHOOL"),
        ["Question 'area', rule 2: route 'SCHOOL' is not one of EMERGENCY, CSC, EARLY_HELP"],
    ),
    (
        "routes entry outside the fixed set",
        lambda d: d["routes"].update(POLICE={"outcome": {"title": "Police"}}),
        ["Route 'POLICE' is not one of EMERGENCY, CSC"],
    ),
    ("missing version", lambda d: d.pop("version"), ["Metadata: 'version' is missing"]),
    ("missing council", lambda d: d.pop("council"), ["Metadata: 'council' is missing"]),
    ("missing title", lambda d: d.update(title=""), ["Metadata: 'title' is missing"]),
    ("version not text", lambda d: d.update(version=2026.1), ["Metadata: 'version' must be text in quotes"]),
    (
        "missing social work line number",
        lambda d: d["contacts"].pop("social_work_line"),
        ["Route 'CSC', what_to_do uses an unknown placeholder '{social_work_line.phone}'"],
    ),
    (
        "unknown placeholder",
        lambda d: d["routes"]["CSC"]["outcome"].update(what_to_do="Call {lado.phone}"),
        ["Route 'CSC', what_to_do uses an unknown placeholder '{lado.phone}' (known: {council}"],
    ),
    (
        "unknown placeholder in a question hint",
        lambda d: question(d, "dob").update(hint="Ask {advice_line.phone}"),
        ["Question 'dob', hint uses an unknown placeholder '{advice_line.phone}'"],
    ),
    (
        "rule after the default",
        lambda d: question(d, "area")["next"].append({"route": "ADVICE", "reason": "R"}),
        ["Question 'area', rule 3 can never be used: rule 2 before it has no 'when'"],
    ),
    (
        "route without a reason",
        lambda d: question(d, "area")["next"][1].pop("reason"),
        ["Question 'area', rule 2 ends in route UNIVERSAL but has no 'reason'"],
    ),
    (
        "rule with both goto and route",
        lambda d: question(d, "area")["next"][1].update(goto="dob"),
        ["Question 'area', rule 2 needs exactly one of 'goto' (a question id) or 'route'"],
    ),
    (
        "treat_as naming no other option",
        lambda d: question(d, "area")["options"][2].update(treat_as="ghost"),
        ["Question 'area': option 'unsure' is treated as 'ghost', which is not another answer"],
    ),
    (
        "exclusive option on a radio",
        lambda d: question(d, "area")["options"][1].update(exclusive=True),
        ["Question 'area': option 'school' is 'exclusive', which only checkboxes can be"],
    ),
    (
        "level not in levels of need",
        lambda d: question(d, "signs")["options"][0].update(level=7),
        ["Question 'signs', option 'bruise': level 7 is not one of the levels of need (1, 2, 3, 4)"],
    ),
    (
        "misspelt field",
        lambda d: question(d, "dob").update(hnit="typo"),
        ["Question 'dob' has an unknown field 'hnit'"],
    ),
    (
        "malformed condition",
        lambda d: first_condition(d).update(contains="x"),
        ["Question 'area', rule 1: a condition needs 'question' and exactly one of"],
    ),
    (
        "bad start question",
        lambda d: d.update(start="nope"),
        ["Metadata: the start question 'nope' does not exist"],
    ),
    (
        "options on a yes_no question",
        lambda d: question(d, "danger").update(options=[{"value": "a", "label": "A"}]),
        ["Question 'danger': yes_no questions have fixed answers (yes, no); remove 'options'"],
    ),
]


@pytest.mark.parametrize(("change", "expected"), [(c, e) for _, c, e in DEFECTS], ids=[d[0] for d in DEFECTS])
def test_each_defect_is_caught_with_a_clear_message(change: Change, expected: list[str]) -> None:
    data = base()
    change(data)
    with pytest.raises(DefinitionError) as caught:
        load_definition(to_yaml(data))
    problems = caught.value.problems
    for text in expected:
        assert any(text in problem for problem in problems), f"{text!r} not in {problems}"
    assert all(text in str(caught.value) for text in expected)


def test_all_problems_are_reported_together() -> None:
    data = base()
    data.pop("version")
    add_orphan(data)
    first_condition(data).update(equals="maybe")
    problems = definition_problems(to_yaml(data))
    assert any("'version' is missing" in p for p in problems)
    assert any("'orphan' is not reachable" in p for p in problems)
    assert any("'maybe' is not an answer" in p for p in problems)


def test_duplicate_yaml_keys_are_caught() -> None:
    text = to_yaml(base()) + "routes:\n  CSC: {}\n"
    assert definition_problems(text) == ["Duplicate key 'routes' on line " + str(text.count("\n") - 1)]
    text = to_yaml(base()).replace("  CSC:\n", "  CSC:\n    level: 4\n  CSC:\n", 1)
    assert any(p.startswith("Duplicate key 'CSC' on line") for p in definition_problems(text))


def test_invalid_yaml_is_reported_with_its_line() -> None:
    problems = definition_problems("council: Testshire\nquestions: [\n")
    assert len(problems) == 1
    assert problems[0].startswith("The file is not valid YAML on line")


def test_empty_and_non_mapping_files() -> None:
    assert definition_problems("") == ["The file is empty"]
    assert "must be a mapping" in definition_problems("- just\n- a list\n")[0]


def test_yes_and_no_stay_text_in_yaml() -> None:
    text = to_yaml(base()).replace("equals: 'yes'", "equals: yes")
    assert "equals: yes\n" in text
    assert load_definition(text).question("danger").next[0].when is not None


def test_load_definition_from_a_path(tmp_path: Any) -> None:
    path = tmp_path / "council.yaml"
    path.write_text(to_yaml(base()), encoding="utf-8")
    assert load_definition(path).source == str(path)
    assert load_definition(str(path)).version == "2026-01-01.1"
    data = base()
    data.pop("council")
    path.write_text(to_yaml(data), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    assert str(path) in str(caught.value)


def test_missing_contacts_are_caught_even_when_no_page_uses_them() -> None:
    data = base()
    data["contacts"].pop("emergency_duty_team")
    assert definition_problems(to_yaml(data)) == [
        "Contacts: 'emergency_duty_team' needs a 'phone' (outcome pages refer to it)"
    ]


def test_check_definition_works_on_a_definition_built_in_code() -> None:
    ask = Question(
        id="q",
        kind=Kind.RADIO,
        text="Q?",
        next=(Rule(when=None, route=Route.ADVICE, reason="R"),),
    )
    definition = Definition(
        council="C",
        version="1",
        title="T",
        questions=(ask, ask),
        routes={},
        contacts={"social_work_line": {"phone": "1"}, "emergency_duty_team": {"phone": "2"}},
    )
    problems = check_definition(definition)
    assert "Question 'q' appears more than once (question ids must be unique)" in problems
    assert "Question 'q' is a radio question but has no options" in problems
    assert any(
        "Route 'ADVICE' is used by question 'q', rule 1 but has no outcome page" in p for p in problems
    )


def test_unfilled_placeholder_in_a_definition_built_in_code() -> None:
    definition = load_definition(to_yaml(base()))
    broken = Definition(
        council=definition.council,
        version=definition.version,
        title="Ring {nobody.phone}",
        questions=definition.questions,
        routes=definition.routes,
        contacts=definition.contacts,
    )
    assert check_definition(broken) == ["Metadata: title has an unfilled placeholder '{nobody.phone}'"]


def test_load_named_caches_until_the_file_changes(tmp_path: Any) -> None:
    path = tmp_path / "testshire.yaml"
    path.write_text(to_yaml(base()), encoding="utf-8")
    first = load_named("testshire", directory=tmp_path)
    assert load_named("testshire", directory=tmp_path) is first
    data = base()
    data["version"] = "2026-02-01.1"
    path.write_text(to_yaml(data), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    assert load_named("testshire", directory=tmp_path).version == "2026-02-01.1"
    with pytest.raises(ValueError, match="Not a definition name"):
        load_named("../secrets")


def test_command_line_check(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(to_yaml(base()), encoding="utf-8")
    bad_data = base()
    bad_data.pop("version")
    bad = tmp_path / "bad.yaml"
    bad.write_text(to_yaml(bad_data), encoding="utf-8")
    assert main(["check", str(good)]) == 0
    assert "OK. Testshire Council, version 2026-01-01.1: 4 questions" in capsys.readouterr().out
    assert main(["check", str(good), str(bad)]) == 1
    assert "- Metadata: 'version' is missing" in capsys.readouterr().out
    assert main([]) == 2
