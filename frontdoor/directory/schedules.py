"""Opening times in the HSDS 3.0 / ORUK schedule shape (iCal RRULE parts), pure Python.

A schedule here is weekly (or daily) with `byday` like "MO,WE" and `opens_at`/`closes_at`. A search for a day
and times finds services open on that day at some point within the times asked for (the opening overlaps them).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
FREQUENCIES = {"WEEKLY", "DAILY", "MONTHLY"}
_BYDAY_ITEM = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?(?:Z|[+-][0-9]{2}:?[0-9]{2})?$")


@dataclass(frozen=True)
class Opening:
    freq: str
    byday: tuple[str, ...]
    opens_at: datetime.time | None
    closes_at: datetime.time | None


def parse_day(raw: str) -> str | None:
    """'MO', 'mon', 'Monday' -> 'MO'."""
    value = (raw or "").strip().upper()
    if value in DAYS:
        return value
    for code, name in DAY_NAMES.items():
        if len(value) >= 3 and name.upper().startswith(value):
            return code
    return None


def parse_time(raw: str) -> datetime.time | None:
    """'09:30', '09:30:00', '09:30:00Z' -> time(9, 30); anything else -> None."""
    match = _TIME.match((raw or "").strip())
    if not match:
        return None
    return datetime.time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))


def parse_byday(raw: str) -> tuple[str, ...] | None:
    """'MO,WE' or '1MO' -> ('MO', 'WE') / ('MO',); None when any part is not a day."""
    days: list[str] = []
    for part in (raw or "").upper().split(","):
        part = part.strip()
        if not part:
            continue
        match = _BYDAY_ITEM.match(part)
        if not match:
            return None
        if match.group(2) not in days:
            days.append(match.group(2))
    return tuple(days)


def open_on(
    opening: Opening, day: str | None, start: datetime.time | None, end: datetime.time | None
) -> bool:
    """Is this opening on the day (any day when None), overlapping the times asked for?"""
    if day is not None and opening.freq != "DAILY" and day not in opening.byday:
        return False
    if start is not None and opening.closes_at is not None and opening.closes_at <= start:
        return False
    return not (end is not None and opening.opens_at is not None and opening.opens_at >= end)


def describe(opening: Opening) -> str:
    """'Mondays and Wednesdays, 9:30am to 12pm'."""
    if opening.freq == "DAILY" or set(opening.byday) == set(DAYS):
        days = "Every day"
    elif opening.byday:
        names = [DAY_NAMES[d] + "s" for d in DAYS if d in opening.byday]
        days = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        if opening.freq == "MONTHLY":
            days = "Some " + days
    else:
        days = ""
    times = ""
    if opening.opens_at and opening.closes_at:
        times = f"{_clock(opening.opens_at)} to {_clock(opening.closes_at)}"
    return ", ".join(part for part in (days, times) if part)


def _clock(value: datetime.time) -> str:
    """GOV.UK style: 9am, 9:30am, 12pm (midday)."""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.hour == 12 and value.minute == 0:
        return "midday"
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{suffix}"
