"""England and Wales bank holidays from the govuk-bank-holidays package's bundled data (no network)."""

from datetime import date, datetime
from functools import lru_cache

from django.utils import timezone
from govuk_bank_holidays.bank_holidays import BankHolidays

from .working_days import add_working_days


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[date]:
    calendar = BankHolidays(use_cached_holidays=True)
    return frozenset(
        holiday["date"] for holiday in calendar.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    )


def decision_due(received_at: datetime) -> datetime:
    """A decision is due one working day after a contact is received (Working Together 2023)."""
    return add_working_days(timezone.localtime(received_at), 1, bank_holidays())
