"""What a finished screening suggests looking for in the service directory (pure: no Django)."""

from __future__ import annotations

from datetime import date

from .answers import age_in_months
from .model import Kind, Route
from .runner import Progress

# Routes whose outcome page points the referrer to services rather than to the council
SIGNPOSTING_ROUTES = frozenset({Route.UNIVERSAL, Route.ADVICE})
DEFAULT_CATEGORIES = ("family-support",)


def directory_categories(progress: Progress) -> tuple[str, ...]:
    """The directory categories named by the answers on the path, in the order they were answered."""
    codes: list[str] = []
    for answered in progress.answered:
        chosen = answered.value if isinstance(answered.value, tuple | list) else (answered.value,)
        for option in answered.question.options:
            if option.value in chosen:
                codes.extend(code for code in option.services if code not in codes)
    return tuple(codes) or DEFAULT_CATEGORIES


def child_age_in_years(progress: Progress, today: date) -> int | None:
    """The age given by the first date of birth on the path, if one was asked and is in the past."""
    for answered in progress.answered:
        if (
            answered.question.kind is Kind.DATE
            and isinstance(answered.value, date)
            and answered.value <= today
        ):
            return age_in_months(answered.value, today) // 12
    return None
