"""Working-day arithmetic for statutory deadlines (pure: no Django).

Working days exclude Saturdays, Sundays and the bank holidays passed in (England and Wales for us).
A deadline of N working days keeps the clock time: a contact received at 16:55 on a Friday is due at 16:55
on the next working day. A contact received on a non-working day starts its clock at midnight at the start
of the next working day, so it is due by the end of that day.
"""

from __future__ import annotations

from collections.abc import Collection
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
