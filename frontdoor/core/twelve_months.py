"""The one 12-month rule of the front door (pure: no Django).

"Referrals in the last 12 months" on the contact page, the person page and search, the dashboard's
re-referral rate and the returns all count with these functions, so they can never disagree: a day is in the
12 months up to `day` when it is on or after the same date a year earlier (28 February for 29 February) and
no later than `day` itself. A child referred several times on one day counts once (the CIN way)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def twelve_months_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def within_twelve_months(earlier: date, day: date) -> bool:
    """True when `earlier` is in the 12 months up to and including `day`."""
    return twelve_months_before(day) <= earlier <= day


def referrals_in_last_twelve_months(referral_dates: Iterable[date], day: date) -> int:
    """Referral days in the 12 months up to and including `day`."""
    return len({d for d in referral_dates if within_twelve_months(d, day)})


def is_re_referral(referral_date: date, earlier_dates: Iterable[date]) -> bool:
    """A referral is a re-referral when the same child had another on an earlier day within 12 months."""
    return any(d < referral_date and within_twelve_months(d, referral_date) for d in earlier_dates)
