"""The data a screener definition is made of: frozen dataclasses, no behaviour beyond look-ups.

Nothing here imports Django: the engine is plain Python so it can be tested, type-checked and reused (for
example by a command-line checker for council definition files).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Literal, TypeAlias


class Kind(StrEnum):
    """How a question is asked (maps one-to-one onto a GOV.UK Design System component)."""

    RADIO = "radio"
    CHECKBOXES = "checkboxes"
    YES_NO = "yes_no"
    DATE = "date"
    TEXT = "text"


class Route(StrEnum):
    """The fixed set of places a screener can send a referrer."""

    EMERGENCY = "EMERGENCY"
    CSC = "CSC"
    EARLY_HELP = "EARLY_HELP"
    UNIVERSAL = "UNIVERSAL"
    ADVICE = "ADVICE"
    LADO = "LADO"
    PRIVATE_FOSTERING = "PRIVATE_FOSTERING"


# A validated answer: radio / yes_no / text -> str; checkboxes -> tuple of option values in option order;
# date -> date; an optional question left blank -> None.
AnswerValue: TypeAlias = str | tuple[str, ...] | date | None


# ---------------------------------------------------------------------------------------------- conditions
@dataclass(frozen=True)
class Equals:
    """``{question: q, equals: value}`` (radio and yes_no)."""

    question: str
    value: str


@dataclass(frozen=True)
class In:
    """``{question: q, in: [v1, v2]}`` (radio and yes_no)."""

    question: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Includes:
    """``{question: q, includes: value}`` (checkboxes)."""

    question: str
    value: str


@dataclass(frozen=True)
class IncludesAny:
    """``{question: q, includes_any: [v1, v2]}`` (checkboxes): true if any of the values was ticked."""

    question: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class LevelAtLeast:
    """``{question: q, level_at_least: 3}``: the answer's level (highest ticked option for checkboxes)."""

    question: str
    level: int


@dataclass(frozen=True)
class Age:
    """``{question: dob, age_under_years: 13}`` and friends, measured on the ``today`` given to ``run``.

    ``comparison`` is ``under`` or ``at_least``; ``unit`` is ``years`` or ``months``. Ages are whole completed
    years or months, as a birthday works (someone born on 29 February is a year older on 1 March).
    """

    question: str
    comparison: Literal["under", "at_least"]
    amount: int
    unit: Literal["years", "months"]

    @property
    def months(self) -> int:
        return self.amount * 12 if self.unit == "years" else self.amount


@dataclass(frozen=True)
class Answered:
    """``{question: q, answered: true}``: whether an optional question was answered."""

    question: str
    answered: bool


@dataclass(frozen=True)
class AllOf:
    """``{all: [...]}``: every condition is true."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """``{any: [...]}``: at least one condition is true."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    """``{not: condition}``."""

    condition: Condition


AtomicCondition: TypeAlias = Equals | In | Includes | IncludesAny | LevelAtLeast | Age | Answered
Condition: TypeAlias = AtomicCondition | AllOf | AnyOf | Not


# ------------------------------------------------------------------------------------------- definition
@dataclass(frozen=True)
class Option:
    """One answer of a radio, yes_no or checkboxes question.

    ``treat_as`` marks an "I am not sure" answer: for routing it counts as the named (more serious) option,
    and the outcome says why (``reason``, or the definition's ``safety_reason``).
    ``exclusive`` marks a checkbox such as "None of these" that must be ticked on its own.
    """

    value: str
    label: str
    hint: str | None = None
    level: int | None = None
    exclusive: bool = False
    treat_as: str | None = None
    reason: str | None = None
    # Service directory categories that can help with this answer, for the signposting routes
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One entry of a question's ``next`` list. Exactly one of ``goto`` and ``route`` is set.

    ``when`` is None for the unconditional default, which must come last.
    """

    when: Condition | None
    goto: str | None = None
    route: Route | None = None
    reason: str | None = None
    level: int | None = None


@dataclass(frozen=True)
class RouteChange:
    """A definition-wide ``route_changes`` entry: when ``when`` holds, a rule's route in ``from_routes`` becomes
    ``route`` and ``reason`` is added. For who is asking: a member of the public cannot arrange early help with
    a family, so their early-help-level worry goes to the social work line, which decides with the family."""

    when: Condition
    from_routes: tuple[Route, ...]
    route: Route
    reason: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    text: str
    next: tuple[Rule, ...]
    hint: str | None = None
    options: tuple[Option, ...] = ()
    error: str | None = None  # message when no (or no valid) answer is given, e.g. "Select if ..."
    error_name: str | None = None  # used in composed messages, e.g. "Date of birth" must be a real date
    required: bool = True
    must_be: Literal["past", "future"] | None = None  # date questions
    max_length: int | None = None  # text questions

    def option(self, value: str) -> Option | None:
        for option in self.options:
            if option.value == value:
                return option
        return None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)


@dataclass(frozen=True)
class OutcomePage:
    """What the referrer reads at the end. Each section is a tuple of plain-text paragraphs, with the
    council's contacts already filled in."""

    title: str
    what_to_do: tuple[str, ...]
    what_happens_next: tuple[str, ...]
    when_you_will_hear: tuple[str, ...]
    summary: str | None = None
    # Paragraphs shown only when a condition holds (for example who is asking): (paragraph, condition)
    shown_when: tuple[tuple[str, Condition], ...] = ()


@dataclass(frozen=True)
class RouteDefinition:
    route: Route
    page: OutcomePage | None
    level: int | None = None


DEFAULT_SAFETY_REASON = (
    "You were not sure, so we have suggested the higher level of help to keep the child safe."
)


@dataclass(frozen=True)
class Definition:
    council: str
    version: str
    title: str
    questions: tuple[Question, ...]
    routes: Mapping[Route, RouteDefinition]
    contacts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    levels_of_need: Mapping[int, str] = field(default_factory=dict)
    start: str = ""  # id of the first question; "" means the first in the list
    safety_reason: str = DEFAULT_SAFETY_REASON
    route_changes: tuple[RouteChange, ...] = ()
    source: str | None = None  # file it was loaded from, for messages
    _by_id: Mapping[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Question] = {}
        for question in self.questions:
            by_id.setdefault(question.id, question)
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))
        if not self.start and self.questions:
            object.__setattr__(self, "start", self.questions[0].id)

    def question(self, question_id: str) -> Question:
        """The question with this id; KeyError if there is none."""
        return self._by_id[question_id]

    def get_question(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def page(self, route: Route) -> OutcomePage | None:
        route_definition = self.routes.get(route)
        return route_definition.page if route_definition else None

    def level_name(self, level: int | None) -> str | None:
        return None if level is None else self.levels_of_need.get(level)
