"""The ORUK API's checks that its OpenAPI schema cannot say (the framework checks types, ranges and formats)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from . import geo, schedules

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10


@dataclass
class Problems:
    messages: dict[str, str] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.messages.setdefault(name, message)

    def __bool__(self) -> bool:
        return bool(self.messages)


def day(raw: str | None, name: str, problems: Problems) -> str | None:
    if not raw:
        return None
    parsed = schedules.parse_day(raw[:20])
    if parsed is None:
        problems.add(name, "Day must be a day of the week, like MO or Monday")
    return parsed


def time(raw: str | None, name: str, problems: Problems) -> datetime.time | None:
    if not raw:
        return None
    parsed = schedules.parse_time(raw[:20])
    if parsed is None:
        problems.add(name, f"{name.replace('_', ' ').capitalize()} must be a time like 09:30")
    return parsed


__all__ = ["DEFAULT_PER_PAGE", "MAX_PER_PAGE", "Problems", "geo"]
