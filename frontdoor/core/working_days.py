"""Working-day arithmetic for statutory deadlines (pure: no Django).

Working days exclude Saturdays, Sundays and the bank holidays passed in (England and Wales for us).
A deadline of N working days keeps the clock time: a contact received at 16:55 on a Friday is due at 16:55
on the next working day. A contact received on a non-working day starts its clock at midnight at the start
of the next working day, so it is due by the end of that day.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


def is_working_day(day: date, bank_holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in bank_holidays


def next_working_day(day: date, bank_holidays: Collection[date]) -> date:
    """The first working day strictly after `day`."""
    candidate = day + timedelta(days=1)
    while not is_working_day(candidate, bank_holidays):
        candidate += timedelta(days=1)
    return candidate


def add_working_days(moment: datetime, days: int, bank_holidays: Collection[date]) -> datetime:
    """`moment` moved forward by `days` working days, in the moment's own time zone."""
    if days < 0:
        raise ValueError("days must not be negative")
    start = moment
    if not is_working_day(moment.date(), bank_holidays):
        start = datetime.combine(
            next_working_day(moment.date(), bank_holidays), time.min, tzinfo=moment.tzinfo
        )
    day = start.date()
    for _ in range(days):
        day = next_working_day(day, bank_holidays)
    return datetime.combine(day, start.timetz())


def working_days_between(start: date, end: date, bank_holidays: Collection[date]) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, bank_holidays):
            count += 1
    return count


# --- Timescales: "4 hours", "1 working day", "3 working days" -----------------------------------------

_UNITS = {
    "hour": "hours",
    "hours": "hours",
    "working day": "working_days",
    "working days": "working_days",
}


@dataclass(frozen=True)
class Timescale:
    """How long the front door has to decide: a number of clock hours or of working days."""

    amount: int
    unit: str  # "hours" or "working_days"

    def __post_init__(self) -> None:
        if self.unit not in ("hours", "working_days"):
            raise ValueError(f"unknown unit {self.unit!r}: use hours or working days")
        if self.amount < 1:
            raise ValueError("a timescale must be at least 1")

    @property
    def text(self) -> str:
        if self.unit == "hours":
            return f"{self.amount} hour{'s' if self.amount != 1 else ''}"
        return f"{self.amount} working day{'s' if self.amount != 1 else ''}"


def parse_timescale(text: str) -> Timescale:
    """ "4 hours", "1 working day", "3 working days" (case and spacing do not matter)."""
    words = " ".join(text.lower().split())
    amount, _, unit = words.partition(" ")
    if not amount.isdigit() or unit not in _UNITS:
        raise ValueError(f"{text!r} is not a timescale: write it like '4 hours' or '3 working days'")
    return Timescale(int(amount), _UNITS[unit])


def due_within(moment: datetime, timescale: Timescale, bank_holidays: Collection[date]) -> datetime:
    """When something received at `moment` is due: clock hours run day and night (a Red contact does not
    wait for Monday); working days skip weekends and bank holidays, as add_working_days does."""
    if timescale.unit == "hours":
        return moment + timedelta(hours=timescale.amount)
    return add_working_days(moment, timescale.amount, bank_holidays)
