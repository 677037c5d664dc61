"""Finding defects in a definition, and enumerating its paths.

:func:`check_definition` returns every defect as a sentence naming the question or route. It checks, in order:

1. **Metadata**: council, version and title are present; contacts include the social work line's and the
   out-of-hours emergency duty team's phone numbers; no ``{placeholder}`` is left unfilled.
2. **Questions**: ids are unique; radio and checkbox questions have options; option values are unique;
   ``treat_as`` ("not sure") names another option of a radio question; ``exclusive`` is only on checkboxes;
   ``must_be``/``max_length`` fit the kind; levels exist in ``levels_of_need`` when that is given.
3. **Rules**: each question has at least one; each rule has exactly one of ``goto``/``route``; no rule follows
   an unconditional one (it could never be used); ``goto`` names a question; every rule ending in a route
   gives a ``reason``; every route used has an outcome page with a title and every section.
4. **Conditions**: each names an existing question that can be asked *before* this one (an ancestor in the
   question graph, or the question itself); the operator suits that question's kind (``equals``/``in`` for
   radio and yes_no, ``includes``/``includes_any`` for checkboxes, ``age_*`` for dates); every value is an
   answer of that question and not a "not sure" answer (which routes as the answer it counts as);
   ``level_at_least`` can be met by some answer.
5. **Graph** (sound, ignoring conditions): the start question exists, there is no loop (a cycle of
   ``goto``), and every question is reachable from the start.
6. **Paths** (exact, taking conditions into account): only when 1-5 found nothing structural, every path is
   walked with representative answers (see :func:`all_paths`). It reports any point where no rule matches
   (the path would end without a route) and any question that no possible set of answers reaches (every
   edge into it has a condition that cannot be true given the answers on the way there).

The representative answers make step 6 exhaustive for the condition language, not a sample: every option of
a radio/yes_no question; for checkboxes, one option from each group of options that no condition tells
apart, in every combination, plus each "only on its own" option alone; for dates, one date on each side of
every age threshold used; text has no conditions but ``answered``. Optional questions also get "blank".
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .answers import effective_value, validate_answer
from .conditions import atoms, describe
from .loader import PLACEHOLDER
from .model import (
    Age,
    AnswerValue,
    AtomicCondition,
    Definition,
    Equals,
    In,
    Includes,
    IncludesAny,
    Kind,
    LevelAtLeast,
    Question,
    Route,
    Rule,
)
from .runner import change_route, choose_rule

ANALYSIS_DATE = date(2026, 6, 15)
MAX_PATHS = 50_000
MAX_CHECKBOX_GROUPS = 12
REQUIRED_CONTACTS = {"social_work_line": ("phone",), "emergency_duty_team": ("phone",)}
PAGE_SECTIONS = ("what_to_do", "what_happens_next", "when_you_will_hear")


@dataclass(frozen=True)
class PathResult:
    """One path through the questions with the answers that take it.

    ``route`` is None when the path stops at ``path[-1]`` because no rule matched (a defect).
    ``answers`` are valid values for :func:`~.runner.run`.
    """

    answers: Mapping[str, AnswerValue]
    path: tuple[str, ...]
    route: Route | None
    rule: Rule | None


class TooManyPaths(Exception):
    pass


def _subtract_months(day: date, months: int) -> date:
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _atoms_by_question(definition: Definition) -> dict[str, list[AtomicCondition]]:
    found: dict[str, list[AtomicCondition]] = {}
    for question in definition.questions:
        for rule in question.next:
            if rule.when is not None:
                for atom in atoms(rule.when):
                    found.setdefault(atom.question, []).append(atom)
    return found


def representative_answers(
    question: Question, question_atoms: list[AtomicCondition], today: date
) -> list[AnswerValue]:
    """Answers that between them make every condition on ``question`` true and false in every way possible."""
    answers: list[AnswerValue] = []
    if question.kind in (Kind.RADIO, Kind.YES_NO):
        answers = list(question.values)
    elif question.kind is Kind.CHECKBOXES:
        sets: list[frozenset[str]] = []
        for atom in question_atoms:
            if isinstance(atom, Includes):
                sets.append(frozenset({atom.value}))
            elif isinstance(atom, IncludesAny):
                sets.append(frozenset(atom.values))
            elif isinstance(atom, LevelAtLeast):
                sets.append(frozenset(o.value for o in question.options if (o.level or 0) >= atom.level))
        groups: dict[frozenset[int], str] = {}
        for option in question.options:
            if not option.exclusive:
                signature = frozenset(i for i, values in enumerate(sets) if option.value in values)
                groups.setdefault(signature, option.value)
        if len(groups) > MAX_CHECKBOX_GROUPS:
            raise TooManyPaths(question.id)
        chosen = list(groups.values())
        for size in range(1, len(chosen) + 1):
            for combination in itertools.combinations(chosen, size):
                answers.append(tuple(v for v in question.values if v in combination))
        answers.extend((option.value,) for option in question.options if option.exclusive)
    elif question.kind is Kind.DATE:
        candidates = [today - timedelta(days=1), today, today + timedelta(days=30)]
        for atom in question_atoms:
            if isinstance(atom, Age):
                exact = _subtract_months(today, atom.months)
                candidates += [exact, exact + timedelta(days=1)]
        for candidate in sorted(set(candidates)):
            if validate_answer(question, candidate, today)[1] is None:
                answers.append(candidate)
    else:
        answers = ["An example answer"]
    if not question.required:
        answers.append(() if question.kind is Kind.CHECKBOXES else None)
    return answers


def _walk(definition: Definition, today: date) -> Iterator[PathResult]:
    by_question = _atoms_by_question(definition)
    representatives: dict[str, list[AnswerValue]] = {}
    stack: list[tuple[str, dict[str, AnswerValue], dict[str, AnswerValue], tuple[str, ...]]] = [
        (definition.start, {}, {}, ())
    ]
    count = 0
    while stack:
        question_id, answers, state, path = stack.pop()
        question = definition.question(question_id)
        if question_id not in representatives:
            representatives[question_id] = representative_answers(
                question, by_question.get(question_id, []), today
            )
        for value in reversed(representatives[question_id]):
            new_answers = {**answers, question_id: value}
            new_state = {**state, question_id: effective_value(question, value)}
            new_path = (*path, question_id)
            rule = choose_rule(definition, question, new_state, today)
            if rule is None or rule.route is not None:
                count += 1
                if count > MAX_PATHS:
                    raise TooManyPaths(question_id)
                route = (
                    change_route(definition, rule.route, new_state, today)[0] if rule and rule.route else None
                )
                yield PathResult(new_answers, new_path, route, rule)
            elif rule.goto is not None:
                stack.append((rule.goto, new_answers, new_state, new_path))


def all_paths(definition: Definition, today: date = ANALYSIS_DATE) -> list[PathResult]:
    """Every distinct path through a *checked* definition (see the module docstring for what "every" means).

    Each has answers that, given to :func:`~.runner.run` with the same ``today``, reach the same route.
    """
    return list(_walk(definition, today))


# --------------------------------------------------------------------------------------------- checks
def _texts(definition: Definition) -> Iterator[tuple[str, str | None]]:
    yield "Metadata: title", definition.title
    yield "Metadata: safety_reason", definition.safety_reason
    for q in definition.questions:
        where = f"Question '{q.id}'"
        yield from ((f"{where}, text", q.text), (f"{where}, hint", q.hint), (f"{where}, error", q.error))
        for o in q.options:
            yield from ((f"{where}, option '{o.value}'", o.label), (f"{where}, option '{o.value}'", o.hint))
            yield f"{where}, option '{o.value}'", o.reason
        for number, rule in enumerate(q.next, start=1):
            yield f"{where}, rule {number}, reason", rule.reason
    for route, route_definition in definition.routes.items():
        page = route_definition.page
        if page is not None:
            yield f"Route '{route.value}', outcome title", page.title
            yield f"Route '{route.value}', outcome summary", page.summary
            for section in PAGE_SECTIONS:
                for paragraph in getattr(page, section):
                    yield f"Route '{route.value}', {section}", paragraph


def _check_metadata(definition: Definition, problems: list[str]) -> None:
    for name in ("council", "version", "title"):
        if not getattr(definition, name).strip():
            problems.append(f"Metadata: '{name}' is missing")
    for contact, fields in REQUIRED_CONTACTS.items():
        for field_name in fields:
            if not definition.contacts.get(contact, {}).get(field_name):
                problems.append(f"Contacts: '{contact}' needs a '{field_name}' (outcome pages refer to it)")
    for where, text in _texts(definition):
        for match in PLACEHOLDER.finditer(text or ""):
            problems.append(f"{where} has an unfilled placeholder '{match.group(0)}'")


def _check_level(definition: Definition, level: int | None, where: str, problems: list[str]) -> None:
    if level is not None and definition.levels_of_need and level not in definition.levels_of_need:
        known = ", ".join(str(n) for n in sorted(definition.levels_of_need))
        problems.append(f"{where}: level {level} is not one of the levels of need ({known})")


def _check_questions(definition: Definition, problems: list[str]) -> None:
    seen: set[str] = set()
    for q in definition.questions:
        where = f"Question '{q.id}'"
        if q.id in seen:
            problems.append(f"{where} appears more than once (question ids must be unique)")
        seen.add(q.id)
        if not q.text.strip():
            problems.append(f"{where} has no 'text'")
        if q.kind in (Kind.RADIO, Kind.CHECKBOXES) and not q.options:
            problems.append(f"{where} is a {q.kind.value} question but has no options")
        if q.kind in (Kind.DATE, Kind.TEXT) and q.options:
            problems.append(f"{where} is a {q.kind.value} question, so it cannot have options")
        if q.must_be is not None and q.kind is not Kind.DATE:
            problems.append(f"{where}: 'must_be' is only for date questions")
        if q.max_length is not None and q.kind is not Kind.TEXT:
            problems.append(f"{where}: 'max_length' is only for text questions")
        values: set[str] = set()
        for option in q.options:
            if option.value in values:
                problems.append(f"{where}: option '{option.value}' appears more than once")
            values.add(option.value)
            if not option.label.strip():
                problems.append(f"{where}: option '{option.value}' has no label")
            if option.exclusive and q.kind is not Kind.CHECKBOXES:
                problems.append(
                    f"{where}: option '{option.value}' is 'exclusive', which only checkboxes can be"
                )
            _check_level(definition, option.level, f"{where}, option '{option.value}'", problems)
        for option in q.options:
            if option.treat_as is None:
                continue
            target = q.option(option.treat_as)
            if q.kind not in (Kind.RADIO, Kind.YES_NO):
                problems.append(f"{where}: option '{option.value}' uses 'treat_as', which is only for radios")
            elif target is None or target is option:
                problems.append(
                    f"{where}: option '{option.value}' is treated as '{option.treat_as}', "
                    "which is not another answer of this question"
                )
            elif target.treat_as is not None:
                problems.append(
                    f"{where}: option '{option.value}' is treated as '{option.treat_as}', which is itself a "
                    "'not sure' answer"
                )


def _check_rules(definition: Definition, problems: list[str]) -> None:
    ids = {q.id for q in definition.questions}
    for q in definition.questions:
        where = f"Question '{q.id}'"
        if not q.next:
            problems.append(f"{where} has no 'next' rules, so the journey would stop there without a route")
        default_at: int | None = None
        for number, rule in enumerate(q.next, start=1):
            here = f"{where}, rule {number}"
            if default_at is not None:
                problems.append(f"{here} can never be used: rule {default_at} before it has no 'when'")
            if rule.when is None and default_at is None:
                default_at = number
            if (rule.goto is None) == (rule.route is None):
                problems.append(f"{here} needs exactly one of 'goto' (a question id) or 'route'")
            if rule.goto is not None and rule.goto not in ids:
                problems.append(f"{here} goes to '{rule.goto}', which is not a question")
            if rule.route is not None:
                if not (rule.reason or "").strip():
                    problems.append(
                        f"{here} ends in route {rule.route.value} but has no 'reason' to tell people why"
                    )
                route_definition = definition.routes.get(rule.route)
                if route_definition is None:
                    problems.append(
                        f"Route '{rule.route.value}' is used by {here[0].lower()}{here[1:]} "
                        "but has no outcome page in 'routes'"
                    )
            _check_level(definition, rule.level, here, problems)


def _check_routes(definition: Definition, problems: list[str]) -> None:
    for route, route_definition in definition.routes.items():
        where = f"Route '{route.value}'"
        _check_level(definition, route_definition.level, where, problems)
        page = route_definition.page
        if page is None:
            problems.append(f"{where} has no outcome page ('outcome' with a title and what to do)")
            continue
        if not page.title.strip():
            problems.append(f"{where}: the outcome page has no 'title'")
        for section in PAGE_SECTIONS:
            if not getattr(page, section):
                problems.append(f"{where}: the outcome page has no '{section}'")


def _edges(definition: Definition) -> dict[str, list[str]]:
    ids = {q.id for q in definition.questions}
    return {
        q.id: list(dict.fromkeys(r.goto for r in q.next if r.goto is not None and r.goto in ids))
        for q in definition.questions
    }


def _ancestors(edges: dict[str, list[str]]) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {node: set() for node in edges}
    for node, targets in edges.items():
        for target in targets:
            parents[target].add(node)
    result: dict[str, set[str]] = {}
    for node in edges:
        seen: set[str] = set()
        todo = list(parents[node])
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(parents[current])
        result[node] = seen
    return result


def _check_conditions(definition: Definition, problems: list[str]) -> None:
    ancestors = _ancestors(_edges(definition))
    for q in definition.questions:
        for number, rule in enumerate(q.next, start=1):
            if rule.when is None:
                continue
            here = f"Question '{q.id}', rule {number}"
            for atom in atoms(rule.when):
                target = definition.get_question(atom.question)
                if target is None:
                    problems.append(
                        f"{here}: the condition refers to question '{atom.question}', which does not exist"
                    )
                    continue
                if target.id != q.id and target.id not in ancestors.get(q.id, set()):
                    problems.append(
                        f"{here}: the condition refers to question '{target.id}', "
                        f"which is never asked before '{q.id}'"
                    )
                problems.extend(f"{here}: {message}" for message in _atom_problems(atom, target))


def _atom_problems(atom: AtomicCondition, target: Question) -> list[str]:
    kind = target.kind.value
    if isinstance(atom, Equals | In):
        if target.kind not in (Kind.RADIO, Kind.YES_NO):
            hint = " (use 'includes')" if target.kind is Kind.CHECKBOXES else ""
            operator = "equals" if isinstance(atom, Equals) else "in"
            return [f"'{operator}' does not suit '{target.id}', a {kind} question{hint}"]
        values = (atom.value,) if isinstance(atom, Equals) else atom.values
        return _value_problems(values, target)
    if isinstance(atom, Includes | IncludesAny):
        if target.kind is not Kind.CHECKBOXES:
            hint = " (use 'equals' or 'in')" if target.kind in (Kind.RADIO, Kind.YES_NO) else ""
            operator = "includes" if isinstance(atom, Includes) else "includes_any"
            return [f"'{operator}' does not suit '{target.id}', a {kind} question{hint}"]
        values = (atom.value,) if isinstance(atom, Includes) else atom.values
        return _value_problems(values, target)
    if isinstance(atom, LevelAtLeast):
        if not any((o.level or 0) >= atom.level for o in target.options):
            never = f"so '{describe(atom)}' is never true"
            return [f"no answer of '{target.id}' has level {atom.level} or more, {never}"]
        return []
    if isinstance(atom, Age) and target.kind is not Kind.DATE:
        return [f"an age condition needs a date question, but '{target.id}' is a {kind} question"]
    return []


def _value_problems(values: tuple[str, ...], target: Question) -> list[str]:
    found: list[str] = []
    for value in values:
        option = target.option(value)
        if option is None:
            answers = ", ".join(target.values)
            found.append(f"'{value}' is not an answer of question '{target.id}' (its answers: {answers})")
        elif option.treat_as is not None:
            found.append(
                f"'{value}' counts as '{option.treat_as}' for routing, so the condition should use "
                f"'{option.treat_as}'"
            )
    return found


def _find_cycles(definition: Definition, edges: dict[str, list[str]]) -> list[str]:
    colour: dict[str, int] = {}
    cycles: list[str] = []
    stack: list[str] = []

    def visit(node: str) -> None:
        colour[node] = 1
        stack.append(node)
        for target in edges[node]:
            if colour.get(target) == 1:
                loop = [*stack[stack.index(target) :], target]
                cycles.append(
                    f"Questions form a loop: {' → '.join(loop)} (a journey could go round for ever)"
                )
            elif target not in colour:
                visit(target)
        stack.pop()
        colour[node] = 2

    for q in definition.questions:
        if q.id not in colour:
            visit(q.id)
    return cycles


def _reachable(start: str, edges: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(edges[node])
    return seen


def _check_paths(definition: Definition, problems: list[str]) -> None:
    visited: set[str] = set()
    dead_ends: dict[str, PathResult] = {}
    try:
        for result in _walk(definition, ANALYSIS_DATE):
            visited.update(result.path)
            if result.route is None:
                dead_ends.setdefault(result.path[-1], result)
    except TooManyPaths as error:
        problems.append(
            f"Question '{error.args[0]}': the definition has too many possible paths to check "
            f"(more than {MAX_PATHS}); split checkbox questions or simplify conditions"
        )
        return
    for question_id, result in dead_ends.items():
        given = "; ".join(f"{qid} = {_show(value)}" for qid, value in result.answers.items())
        problems.append(
            f"Question '{question_id}': no rule matches when {given}, "
            "so the journey would end without a route (add a final rule without 'when')"
        )
    for q in definition.questions:
        if q.id not in visited:
            problems.append(
                f"Question '{q.id}' can never be asked: every rule leading to it needs answers "
                "that cannot be given on the way there"
            )


def _show(value: AnswerValue) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    if isinstance(value, date):
        return value.isoformat()
    return "(blank)" if value is None else value


def _check_page_conditions(definition: Definition, problems: list[str]) -> None:
    for route, route_definition in definition.routes.items():
        page = route_definition.page
        for text, when in page.shown_when if page else ():
            where = f"Route '{route.value}', paragraph '{text[:40]}…'"
            for atom in atoms(when):
                target = definition.get_question(atom.question)
                if target is None:
                    problems.append(
                        f"{where}: the condition refers to question '{atom.question}', which does not exist"
                    )
                else:
                    problems.extend(f"{where}: {message}" for message in _atom_problems(atom, target))


def _check_route_changes(definition: Definition, problems: list[str]) -> None:
    for number, change in enumerate(definition.route_changes, start=1):
        where = f"Route change {number}"
        for atom in atoms(change.when):
            target = definition.get_question(atom.question)
            if target is None:
                problems.append(
                    f"{where}: the condition refers to question '{atom.question}', which does not exist"
                )
            else:
                problems.extend(f"{where}: {message}" for message in _atom_problems(atom, target))
        if change.route in change.from_routes:
            problems.append(f"{where}: it changes {change.route.value} into itself")
        if not change.reason:
            problems.append(f"{where} needs a 'reason', shown on the outcome page")


def check_definition(definition: Definition) -> list[str]:
    """Every defect in ``definition``; an empty list means it is safe to run."""
    problems: list[str] = []
    _check_metadata(definition, problems)
    _check_route_changes(definition, problems)
    _check_page_conditions(definition, problems)
    _check_questions(definition, problems)
    _check_rules(definition, problems)
    _check_routes(definition, problems)
    _check_conditions(definition, problems)
    if not definition.questions:
        problems.append("The definition has no questions")
        return problems
    if definition.get_question(definition.start) is None:
        problems.append(f"Metadata: the start question '{definition.start}' does not exist")
        return problems
    edges = _edges(definition)
    cycles = _find_cycles(definition, edges)
    problems.extend(cycles)
    reachable = _reachable(definition.start, edges)
    for q in definition.questions:
        if q.id not in reachable:
            problems.append(
                f"Question '{q.id}' is not reachable from the start question '{definition.start}'"
            )
    if not problems:
        _check_paths(definition, problems)
    return problems
