"""Parse and check query parameters of the ORUK API and the public search (shared rules, clear messages)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from . import geo, schedules
from .queries import MAX_QUERY_LENGTH, MAX_RADIUS_METRES

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


def integer(raw: str | None, name: str, problems: Problems, *, low: int, high: int, what: str) -> int | None:
    if raw is None or raw.strip() == "":
        return None
    value = raw.strip()
    if not value.isdigit() or len(value) > 9:
        problems.add(name, f"{what} must be a whole number")
        return None
    number = int(value)
    if not low <= number <= high:
        problems.add(name, f"{what} must be between {low} and {high}")
        return None
    return number


def text(
    raw: str | None, name: str, problems: Problems, *, what: str, max_length: int = MAX_QUERY_LENGTH
) -> str:
    value = (raw or "").strip()
    if len(value) > max_length:
        problems.add(name, f"{what} must be {max_length} characters or fewer")
        return ""
    return value


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


def uuids(raw_values: list[str], name: str, problems: Problems) -> list[uuid.UUID]:
    found = []
    for raw in raw_values[:20]:
        for part in raw.split(","):
            if not part.strip():
                continue
            try:
                found.append(uuid.UUID(part.strip()))
            except ValueError:
                problems.add(name, f"{name} must be a taxonomy term id (a UUID)")
    return found


def proximity(raw: str | None, problems: Problems) -> float | None:
    """ORUK's proximity: metres from the postcode."""
    value = integer(raw, "proximity", problems, low=1, high=int(MAX_RADIUS_METRES), what="Proximity (metres)")
    return float(value) if value is not None else None


__all__ = ["DEFAULT_PER_PAGE", "MAX_PER_PAGE", "Problems", "geo"]
