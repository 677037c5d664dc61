"""Checking one answer against its question, with GOV.UK Design System error messages.

Raw answers come from a form post or from a session/JSON store, so each kind accepts a few shapes:

- radio, yes_no: an option value (``"yes"``); a one-item list is accepted too (from ``QueryDict.getlist``)
- checkboxes: a list or tuple of option values, or one value as a string
- date: a mapping with ``day``, ``month`` and ``year`` (strings or ints), a ``datetime.date``, or an ISO
  ``YYYY-MM-DD`` string (what :func:`to_jsonable` stores)
- text: a string

Validation never raises for bad input: it returns ``(None, message)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from .model import AnswerValue, Kind, Question

MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

DEFAULT_MAX_LENGTH = 500
EARLIEST_YEAR = 1900

Result = tuple[AnswerValue, str | None]


def required_message(question: Question) -> str:
    if question.error:
        return question.error
    if question.kind in (Kind.RADIO, Kind.YES_NO):
        return "Select an answer"
    if question.kind is Kind.CHECKBOXES:
        return "Select at least one option"
    if question.kind is Kind.DATE:
        return f"Enter {_name(question, 'the date').lower()}"
    return f"Enter {_name(question, 'your answer').lower()}"


def _name(question: Question, default: str) -> str:
    return question.error_name or default


def _blank(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return all(_blank(item) for item in raw)
    return False


def validate_answer(question: Question, raw_value: object, today: date) -> Result:
    """Return ``(value, None)`` for a good answer, ``(None, error message)`` otherwise.

    A blank answer to an optional question is ``(None, None)`` (``()`` for checkboxes).
    """
    if question.kind in (Kind.RADIO, Kind.YES_NO):
        return _validate_choice(question, raw_value)
    if question.kind is Kind.CHECKBOXES:
        return _validate_checkboxes(question, raw_value)
    if question.kind is Kind.DATE:
        return _validate_date(question, raw_value, today)
    return _validate_text(question, raw_value)


def _validate_choice(question: Question, raw: object) -> Result:
    if isinstance(raw, list | tuple) and len(raw) == 1:
        raw = raw[0]
    if _blank(raw):
        return (None, None) if not question.required else (None, required_message(question))
    if not isinstance(raw, str) or question.option(raw.strip()) is None:
        return None, required_message(question)
    return raw.strip(), None


def _validate_checkboxes(question: Question, raw: object) -> Result:
    if isinstance(raw, str):
        raw = [raw]
    if raw is None:
        raw = []
    if not isinstance(raw, Sequence) or not all(isinstance(item, str) for item in raw):
        return None, required_message(question)
    chosen = {item.strip() for item in raw if item.strip()}
    if any(question.option(value) is None for value in chosen):
        return None, required_message(question)
    if not chosen:
        return ((), None) if not question.required else (None, required_message(question))
    exclusive = [o for o in question.options if o.exclusive and o.value in chosen]
    if exclusive and len(chosen) > 1:
        return None, f"Select ‘{exclusive[0].label}’ on its own, or select the other answers that apply"
    return tuple(o.value for o in question.options if o.value in chosen), None


def _to_int(part: str) -> int | None:
    return int(part) if part.isascii() and part.isdigit() else None


def _month(part: str) -> int | None:
    number = _to_int(part)
    if number is not None:
        return number
    lowered = part.lower()
    for index, name in enumerate(MONTH_NAMES, start=1):
        if len(lowered) >= 3 and name.startswith(lowered):
            return index
    return None


def _validate_date(question: Question, raw: object, today: date) -> Result:
    name = _name(question, "Date")
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, str) and not raw.strip():
        raw = None
    if raw is None:
        return (None, None) if not question.required else (None, required_message(question))
    if isinstance(raw, date):
        value = raw
    elif isinstance(raw, str):
        try:
            value = date.fromisoformat(raw.strip())
        except ValueError:
            return None, f"{name} must be a real date"
    elif isinstance(raw, Mapping):
        parts = {
            key: str(raw.get(key, "") if raw.get(key) is not None else "").strip()
            for key in ("day", "month", "year")
        }
        missing = [key for key in ("day", "month", "year") if not parts[key]]
        if len(missing) == 3:
            return (None, None) if not question.required else (None, required_message(question))
        if missing:
            return None, f"{name} must include a {' and '.join(missing)}"
        day, month, year = _to_int(parts["day"]), _month(parts["month"]), _to_int(parts["year"])
        if year is not None and len(parts["year"]) != 4:
            return None, "Year must include 4 numbers"
        if day is None or month is None or year is None:
            return None, f"{name} must be a real date"
        try:
            value = date(year, month, day)
        except ValueError:
            return None, f"{name} must be a real date"
    else:
        return None, f"{name} must be a real date"
    if value.year < EARLIEST_YEAR:
        return None, f"{name} must be a real date"
    if question.must_be == "past" and value > today:
        return None, f"{name} must be in the past"
    if question.must_be == "future" and value <= today:
        return None, f"{name} must be in the future"
    return value, None


def _validate_text(question: Question, raw: object) -> Result:
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        return None, required_message(question)
    text = raw.strip()
    if not text:
        return (None, None) if not question.required else (None, required_message(question))
    limit = question.max_length or DEFAULT_MAX_LENGTH
    if len(text) > limit:
        return None, f"{_name(question, 'Your answer')} must be {limit} characters or less"
    return text, None


def effective_value(question: Question, value: AnswerValue) -> AnswerValue:
    """The value used for routing: an "I am not sure" answer counts as the option it is treated as."""
    if isinstance(value, str) and question.kind in (Kind.RADIO, Kind.YES_NO):
        option = question.option(value)
        if option is not None and option.treat_as:
            return option.treat_as
    return value


def answer_level(question: Question, value: AnswerValue) -> int:
    """The level of an (effective) answer: the option's level, or the highest ticked checkbox's; 0 if none."""
    values: tuple[str, ...]
    if isinstance(value, str):
        values = (value,)
    elif isinstance(value, tuple):
        values = value
    else:
        return 0
    levels = [option.level or 0 for option in question.options if option.value in values]
    return max(levels, default=0)


def age_in_months(born: date, today: date) -> int:
    """Whole completed months between ``born`` and ``today`` (negative if ``born`` is after ``today``)."""
    months = (today.year - born.year) * 12 + (today.month - born.month)
    if today.day < born.day:
        months -= 1
    return months


def format_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def describe_answer(question: Question, value: AnswerValue) -> tuple[str, ...]:
    """Lines to show for an answer on a "check your answers" page."""
    if value is None or value == ():
        return ("Not answered",)
    if isinstance(value, date):
        return (format_date(value),)
    if isinstance(value, tuple):
        labels: list[str] = []
        for item in value:
            option = question.option(item)
            labels.append(option.label if option else item)
        return tuple(labels)
    option = question.option(value) if question.kind in (Kind.RADIO, Kind.YES_NO) else None
    return (option.label if option else value,)


def to_jsonable(value: AnswerValue) -> str | list[str] | None:
    """A JSON-friendly form of an answer that :func:`validate_answer` accepts back unchanged."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
