"""Evaluating branching conditions against the answers given so far on a path.

A condition on a question that has not been answered on the current path is false (so ``{not: ...}`` of it
is true), except ``{answered: false}``, which is true.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from .answers import age_in_months, answer_level
from .model import (
    Age,
    AllOf,
    Answered,
    AnswerValue,
    AnyOf,
    AtomicCondition,
    Condition,
    Definition,
    Equals,
    In,
    Includes,
    IncludesAny,
    LevelAtLeast,
    Not,
)


def evaluate(
    condition: Condition, state: Mapping[str, AnswerValue], definition: Definition, today: date
) -> bool:
    """``state`` maps question ids answered on this path to their effective values."""
    if isinstance(condition, AllOf):
        return all(evaluate(c, state, definition, today) for c in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(evaluate(c, state, definition, today) for c in condition.conditions)
    if isinstance(condition, Not):
        return not evaluate(condition.condition, state, definition, today)
    if isinstance(condition, Answered):
        value = state.get(condition.question)
        given = condition.question in state and value is not None and value != ()
        return given == condition.answered
    if condition.question not in state:
        return False
    value = state[condition.question]
    if isinstance(condition, Equals):
        return value == condition.value
    if isinstance(condition, In):
        return isinstance(value, str) and value in condition.values
    if isinstance(condition, Includes):
        return isinstance(value, tuple) and condition.value in value
    if isinstance(condition, IncludesAny):
        return isinstance(value, tuple) and any(v in value for v in condition.values)
    if isinstance(condition, LevelAtLeast):
        question = definition.get_question(condition.question)
        return question is not None and answer_level(question, value) >= condition.level
    if isinstance(condition, Age):
        if not isinstance(value, date):
            return False
        months = age_in_months(value, today)
        if condition.comparison == "under":
            return months < condition.months
        return months >= condition.months
    raise TypeError(f"Unknown condition {condition!r}")  # pragma: no cover - exhaustive above


def atoms(condition: Condition) -> Iterator[AtomicCondition]:
    """Every atomic condition inside ``condition``."""
    if isinstance(condition, AllOf | AnyOf):
        for inner in condition.conditions:
            yield from atoms(inner)
    elif isinstance(condition, Not):
        yield from atoms(condition.condition)
    else:
        yield condition


def describe(condition: Condition) -> str:
    """A short human description, used in defect messages."""
    if isinstance(condition, AllOf):
        return "all of (" + "; ".join(describe(c) for c in condition.conditions) + ")"
    if isinstance(condition, AnyOf):
        return "any of (" + "; ".join(describe(c) for c in condition.conditions) + ")"
    if isinstance(condition, Not):
        return "not (" + describe(condition.condition) + ")"
    if isinstance(condition, Equals):
        return f"{condition.question} = {condition.value}"
    if isinstance(condition, In):
        return f"{condition.question} in {list(condition.values)}"
    if isinstance(condition, Includes):
        return f"{condition.question} includes {condition.value}"
    if isinstance(condition, IncludesAny):
        return f"{condition.question} includes any of {list(condition.values)}"
    if isinstance(condition, LevelAtLeast):
        return f"{condition.question} level at least {condition.level}"
    if isinstance(condition, Age):
        comparison = condition.comparison.replace("_", " ")
        return f"{condition.question} age {comparison} {condition.amount} {condition.unit}"
    return f"{condition.question} answered = {condition.answered}"
