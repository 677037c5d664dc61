"""Call figures from the telephony system: one CSV row per half-hour interval. Pure: no Django.

Columns (a header row, in any order; other columns are ignored):
  interval_start            when the half-hour began, local time, YYYY-MM-DD HH:MM (minutes 00 or 30)
  offered                   calls that reached the line in the interval (whole number, 0 or more)
  answered                  of those, answered by a handler
  abandoned                 of those, the caller hung up before an answer (answered + abandoned ≤ offered)
  average_wait_seconds      average time answered calls waited (seconds, 0 or more)
  average_handling_seconds  average talk plus wrap-up time of answered calls (seconds, 0 or more)

Bad rows are reported by their line number in the file (the header is line 1) and nothing is imported until
every row is right. Half-hours missing between a day's first and last interval are reported as warnings."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta

COLUMNS = (
    "interval_start",
    "offered",
    "answered",
    "abandoned",
    "average_wait_seconds",
    "average_handling_seconds",
)
HALF_HOUR = timedelta(minutes=30)


@dataclass(frozen=True)
class Interval:
    starts: datetime
    offered: int
    answered: int
    abandoned: int
    average_wait_seconds: float
    average_handling_seconds: float


@dataclass
class Parsed:
    intervals: list[Interval] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    missing: list[datetime] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _count(raw: str, name: str, problems: list[str]) -> int:
    value = raw.strip()
    try:
        number = int(value)
    except ValueError:
        problems.append(f"{name} must be a whole number, not ‘{value}’" if value else f"{name} is empty")
        return 0
    if number < 0:
        problems.append(f"{name} cannot be negative ({number})")
    return number


def _seconds(raw: str, name: str, problems: list[str]) -> float:
    value = raw.strip()
    try:
        number = float(value)
    except ValueError:
        problems.append(f"{name} must be a number of seconds, not ‘{value}’" if value else f"{name} is empty")
        return 0.0
    if number != number or number in (float("inf"), float("-inf")):
        problems.append(f"{name} must be a number of seconds")
    elif number < 0:
        problems.append(f"{name} cannot be negative ({value})")
    return number


def _start(raw: str, problems: list[str]) -> datetime | None:
    value = raw.strip()
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            moment = datetime.strptime(value, pattern)
        except ValueError:
            continue
        if moment.minute not in (0, 30) or moment.second:
            problems.append(f"interval_start must be on the hour or half-hour, not {value}")
            return None
        return moment
    problems.append(f"interval_start must be a date and time like 2026-11-30 09:30, not ‘{value}’")
    return None


def parse(text: str) -> Parsed:
    result = Parsed()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        result.errors.append((1, "The file is empty: it needs a header row and one row per half-hour"))
        return result
    absent = [name for name in COLUMNS if name not in header]
    if absent:
        result.errors.append((1, f"The header row is missing: {', '.join(absent)}"))
        return result
    where = {name: header.index(name) for name in COLUMNS}
    seen: dict[datetime, int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            result.errors.append((line, f"has {len(row)} columns; the header has {len(header)}"))
            continue
        problems: list[str] = []
        starts = _start(row[where["interval_start"]], problems)
        offered = _count(row[where["offered"]], "offered", problems)
        answered = _count(row[where["answered"]], "answered", problems)
        abandoned = _count(row[where["abandoned"]], "abandoned", problems)
        wait = _seconds(row[where["average_wait_seconds"]], "average_wait_seconds", problems)
        handling = _seconds(row[where["average_handling_seconds"]], "average_handling_seconds", problems)
        if not problems and answered + abandoned > offered:
            problems.append(
                f"answered ({answered}) plus abandoned ({abandoned}) is more than offered ({offered})"
            )
        if starts is not None and starts in seen:
            problems.append(f"repeats the interval {starts:%Y-%m-%d %H:%M} from line {seen[starts]}")
        if problems:
            result.errors.append((line, "; ".join(problems)))
            continue
        assert starts is not None
        seen[starts] = line
        result.intervals.append(Interval(starts, offered, answered, abandoned, wait, handling))
    if not result.intervals and not result.errors:
        result.errors.append((2, "There are no rows of call figures under the header"))
    result.missing = missing_intervals([i.starts for i in result.intervals])
    return result


def missing_intervals(starts: list[datetime]) -> list[datetime]:
    """Half-hours absent between each day's first and last interval."""
    by_day: dict[object, list[datetime]] = {}
    for moment in starts:
        by_day.setdefault(moment.date(), []).append(moment)
    missing: list[datetime] = []
    for day in sorted(by_day, key=str):
        present = set(by_day[day])
        moment, last = min(present), max(present)
        while moment < last:
            moment += HALF_HOUR
            if moment not in present:
                missing.append(moment)
    return missing
