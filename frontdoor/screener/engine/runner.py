"""Running a definition against a referrer's answers.

:func:`run` is a pure function of (definition, answers, today): call it on every request with everything the
referrer has answered so far. It walks from the start question, validating each answer as it goes, and stops
at the first question without a (valid) answer or at a route. Answers to questions that are not on the path
are ignored, so a changed earlier answer, a jumped-to URL or a tampered form cannot steer the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from .answers import describe_answer, effective_value, to_jsonable, validate_answer
from .conditions import evaluate
from .loader import DefinitionError
from .model import AnswerValue, Definition, OutcomePage, Question, Route, Rule


@dataclass(frozen=True)
class AnsweredQuestion:
    """One step of the path: the question, the answer as given and what it counts as for routing."""

    question: Question
    value: AnswerValue
    effective: AnswerValue
    display: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def escalated(self) -> bool:
        """True when the answer was "not sure" and was counted as the more serious answer."""
        return self.value != self.effective


@dataclass(frozen=True)
class Outcome:
    route: Route
    reasons: tuple[str, ...]
    path: tuple[str, ...]
    page: OutcomePage
    level: int | None = None
    level_name: str | None = None
    escalated: bool = False


@dataclass(frozen=True)
class Progress:
    """Where a referrer has got to: ``question`` to ask next (showing ``error`` if set), or ``outcome``."""

    definition_version: str
    answered: tuple[AnsweredQuestion, ...]
    question: Question | None = None
    error: str | None = None
    outcome: Outcome | None = None
    ignored: tuple[str, ...] = ()

    @property
    def finished(self) -> bool:
        return self.outcome is not None

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.answered)

    @property
    def previous_question_id(self) -> str | None:
        """Where a "Back" link from the current question goes."""
        return self.answered[-1].id if self.answered else None

    def answers_to_store(self) -> dict[str, str | list[str] | None]:
        """The answers on the path, JSON-friendly, to keep with a contact (with ``definition_version``)."""
        return {step.id: to_jsonable(step.value) for step in self.answered}


def choose_rule(
    definition: Definition, question: Question, state: Mapping[str, AnswerValue], today: date
) -> Rule | None:
    """The first rule of ``question.next`` whose condition holds (None if none does)."""
    for rule in question.next:
        if rule.when is None or evaluate(rule.when, state, definition, today):
            return rule
    return None


def page_for(
    definition: Definition, page: OutcomePage, state: Mapping[str, AnswerValue], today: date
) -> OutcomePage:
    """The outcome page without the paragraphs whose ``when`` does not hold for these answers."""
    if not page.shown_when:
        return page
    hidden = {text for text, when in page.shown_when if not evaluate(when, state, definition, today)}

    def keep(section: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(paragraph for paragraph in section if paragraph not in hidden)

    return replace(
        page,
        what_to_do=keep(page.what_to_do),
        what_happens_next=keep(page.what_happens_next),
        when_you_will_hear=keep(page.when_you_will_hear),
    )


def change_route(
    definition: Definition, route: Route, state: Mapping[str, AnswerValue], today: date
) -> tuple[Route, str | None]:
    """The route after the definition's ``route_changes`` (the first that applies), and its reason."""
    for change in definition.route_changes:
        if route in change.from_routes and evaluate(change.when, state, definition, today):
            return change.route, change.reason
    return route, None


def run(definition: Definition, answers: Mapping[str, object], today: date) -> Progress:
    """Re-derive the referrer's position from all their answers (raw form values or stored JSON values)."""
    state: dict[str, AnswerValue] = {}
    answered: list[AnsweredQuestion] = []
    reasons: list[str] = []
    safety_reasons: list[str] = []
    question = definition.question(definition.start)

    def ignored(current: str | None = None) -> tuple[str, ...]:
        on_path = set(state) | ({current} if current else set())
        return tuple(sorted(str(key) for key in answers if key not in on_path))

    while True:
        if question.id in state:
            raise DefinitionError([f"Question '{question.id}' is asked twice: the definition has a loop"])
        if question.id not in answers:
            return Progress(
                definition.version, tuple(answered), question=question, ignored=ignored(question.id)
            )
        value, error = validate_answer(question, answers[question.id], today)
        if error is not None:
            return Progress(
                definition.version,
                tuple(answered),
                question=question,
                error=error,
                ignored=ignored(question.id),
            )
        effective = effective_value(question, value)
        step = AnsweredQuestion(question, value, effective, describe_answer(question, value))
        answered.append(step)
        state[question.id] = effective
        if step.escalated:
            chosen = question.option(value) if isinstance(value, str) else None
            safety_reasons.append((chosen.reason if chosen else None) or definition.safety_reason)
        rule = choose_rule(definition, question, state, today)
        if rule is None:
            raise DefinitionError([f"Question '{question.id}': no rule matches the answers given"])
        if rule.reason:
            reasons.append(rule.reason)
        if rule.route is not None:
            route, changed_because = change_route(definition, rule.route, state, today)
            if changed_because:
                reasons.append(changed_because)
            route_definition = definition.routes.get(route)
            if route_definition is None or route_definition.page is None:
                raise DefinitionError([f"Route '{route.value}' has no outcome page"])
            level = rule.level if rule.level is not None else route_definition.level
            outcome = Outcome(
                route=route,
                reasons=tuple(dict.fromkeys(reasons + safety_reasons)),
                path=tuple(step.id for step in answered),
                page=page_for(definition, route_definition.page, state, today),
                level=level,
                level_name=definition.level_name(level),
                escalated=any(step.escalated for step in answered),
            )
            return Progress(definition.version, tuple(answered), outcome=outcome, ignored=ignored())
        following = definition.get_question(rule.goto or "")
        if following is None:
            raise DefinitionError(
                [f"Question '{question.id}' goes to '{rule.goto}', which is not a question"]
            )
        question = following
