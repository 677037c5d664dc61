"""The screener engine: questions as data, routes re-derived from answers. Pure Python, no Django.

Typical use (a view)::

    definition = load_named("default")          # or load_definition(path_or_yaml_text)
    value, error = validate_answer(question, request.POST.getlist(question.id), today)
    progress = run(definition, session_answers, today)
    if progress.finished: show progress.outcome.page with progress.outcome.reasons
    else: ask progress.question (showing progress.error if set)
"""

from .answers import age_in_months, describe_answer, effective_value, to_jsonable, validate_answer
from .checks import ANALYSIS_DATE, PathResult, all_paths, check_definition
from .loader import (
    DEFINITIONS_DIR,
    DefinitionError,
    definition_problems,
    load_definition,
    load_named,
    parse_definition,
)
from .model import (
    Age,
    AllOf,
    Answered,
    AnswerValue,
    AnyOf,
    Condition,
    Definition,
    Equals,
    In,
    Includes,
    IncludesAny,
    Kind,
    LevelAtLeast,
    Not,
    Option,
    OutcomePage,
    Question,
    Route,
    RouteDefinition,
    Rule,
)
from .runner import AnsweredQuestion, Outcome, Progress, choose_rule, run

__all__ = [
    "ANALYSIS_DATE",
    "DEFINITIONS_DIR",
    "Age",
    "AllOf",
    "AnswerValue",
    "Answered",
    "AnsweredQuestion",
    "AnyOf",
    "Condition",
    "Definition",
    "DefinitionError",
    "Equals",
    "In",
    "Includes",
    "IncludesAny",
    "Kind",
    "LevelAtLeast",
    "Not",
    "Option",
    "Outcome",
    "OutcomePage",
    "PathResult",
    "Progress",
    "Question",
    "Route",
    "RouteDefinition",
    "Rule",
    "age_in_months",
    "all_paths",
    "check_definition",
    "choose_rule",
    "definition_problems",
    "describe_answer",
    "effective_value",
    "load_definition",
    "load_named",
    "parse_definition",
    "run",
    "to_jsonable",
    "validate_answer",
]
