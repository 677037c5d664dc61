"""The one-working-day deadline, across weekends, bank holidays and clock changes."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from frontdoor.core.calendar import bank_holidays
from frontdoor.core.working_days import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)

LONDON = ZoneInfo("Europe/London")


def at(y, m, d, hh=10, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("received", "due", "why"),
    [
        (at(2026, 11, 17, 10), at(2026, 11, 18, 10), "Tuesday to Wednesday"),
        (at(2026, 11, 20, 16, 55), at(2026, 11, 23, 16, 55), "Friday 16:55 is due Monday 16:55"),
        (at(2026, 11, 21, 11), at(2026, 11, 24, 0), "Saturday starts the clock on Monday"),
        (
            at(2026, 4, 2, 10),
            at(2026, 4, 7, 10),
            "Thursday before Easter skips Good Friday and Easter Monday",
        ),
        (at(2026, 8, 28, 16, 55), at(2026, 9, 1, 16, 55), "Friday before the August bank holiday"),
        (
            at(2026, 12, 24, 15),
            at(2026, 12, 29, 15),
            "Christmas Eve: Christmas, Boxing Day (substitute 28th)",
        ),
        (at(2026, 3, 27, 16, 55), at(2026, 3, 30, 16, 55), "Clocks go forward on Sunday 29 March"),
        (at(2027, 1, 1, 9), at(2027, 1, 5, 0), "New Year's Day is not a working day"),
    ],
)
def test_decision_due_one_working_day_later(received, due, why):
    assert add_working_days(received, 1, bank_holidays()) == due, why


def test_clock_time_is_kept_across_the_change_to_summer_time():
    due = add_working_days(at(2026, 3, 27, 16, 55), 1, bank_holidays())
    assert due.utcoffset().total_seconds() == 3600  # BST
    assert (due.hour, due.minute) == (16, 55)


def test_bank_holidays_are_england_and_wales():
    holidays = bank_holidays()
    assert date(2026, 8, 31) in holidays  # summer bank holiday in England and Wales
    assert date(2026, 8, 3) not in holidays  # Scotland's, not ours
    assert date(2026, 12, 28) in holidays  # Boxing Day substitute


def test_working_day_helpers():
    holidays = bank_holidays()
    assert not is_working_day(date(2026, 11, 21), holidays)  # Saturday
    assert next_working_day(date(2026, 12, 24), holidays) == date(2026, 12, 29)
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 31), holidays) == 3


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(at(2026, 11, 17), -1, bank_holidays())
