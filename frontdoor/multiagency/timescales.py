"""Multi-agency timescales, as data the council sets in settings (each read and checked when used).

- FRONTDOOR_INFORMATION_REQUEST_TIMESCALES: how long a partner has to answer, by the contact's RAG rating
  (default Red 4 hours, Amber 1 working day, Green 3 working days, as many MASH protocols set).
- FRONTDOOR_STRATEGY_DISCUSSION_TIMESCALE: a strategy discussion is held within this of the decision to hold
  one (default 1 working day).
- FRONTDOOR_CONFERENCE_TIMESCALE: the initial child protection conference after a strategy discussion that
  starts a section 47 enquiry (Working Together 2023: 15 working days).
- FRONTDOOR_ASSESSMENT_TIMESCALE: a child and family assessment from the referral (45 working days).
- FRONTDOOR_REPLY_LINK_DAYS: how long a partner's reply link works (default 14 days).
- The levels of need a lead practitioner is handed are the council's scale (triage.levels).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from frontdoor.core.calendar import bank_holidays
from frontdoor.core.working_days import Timescale, due_within, parse_timescale
from frontdoor.intake.models import Contact
from frontdoor.triage.levels import level_names

DEFAULT_REQUEST_TIMESCALES = {"red": "4 hours", "amber": "1 working day", "green": "3 working days"}
RATINGS = {Contact.Urgency.RED: "red", Contact.Urgency.AMBER: "amber", Contact.Urgency.GREEN: "green"}


def _timescale(setting: str, default: str) -> Timescale:
    text = getattr(settings, setting, default)
    try:
        return parse_timescale(text)
    except ValueError as error:
        raise ImproperlyConfigured(f"{setting}: {error}") from error


def request_timescale(urgency: int | None) -> Timescale:
    table = getattr(settings, "FRONTDOOR_INFORMATION_REQUEST_TIMESCALES", DEFAULT_REQUEST_TIMESCALES)
    if set(table) != set(RATINGS.values()):
        raise ImproperlyConfigured("FRONTDOOR_INFORMATION_REQUEST_TIMESCALES must set red, amber and green")
    name = RATINGS.get(urgency or Contact.Urgency.AMBER, "amber")  # type: ignore[call-overload]
    try:
        return parse_timescale(table[name])
    except ValueError as error:
        raise ImproperlyConfigured(f"FRONTDOOR_INFORMATION_REQUEST_TIMESCALES: {error}") from error


def _due(moment: datetime, timescale: Timescale) -> datetime:
    return due_within(timezone.localtime(moment), timescale, bank_holidays())


def request_due(sent_at: datetime, urgency: int | None) -> tuple[datetime, Timescale]:
    """When a partner's answer is due, asked at `sent_at` about a contact of this RAG rating."""
    timescale = request_timescale(urgency)
    return _due(sent_at, timescale), timescale


def strategy_discussion_timescale() -> Timescale:
    return _timescale("FRONTDOOR_STRATEGY_DISCUSSION_TIMESCALE", "1 working day")


def strategy_discussion_due(needed_since: datetime) -> datetime:
    return _due(needed_since, strategy_discussion_timescale())


def conference_timescale() -> Timescale:
    return _timescale("FRONTDOOR_CONFERENCE_TIMESCALE", "15 working days")


def conference_due(held_at: datetime) -> datetime:
    return _due(held_at, conference_timescale())


def assessment_timescale() -> Timescale:
    return _timescale("FRONTDOOR_ASSESSMENT_TIMESCALE", "45 working days")


def assessment_due(referral_at: datetime) -> datetime:
    return _due(referral_at, assessment_timescale())


def reply_link_lifetime() -> timedelta:
    return timedelta(days=int(getattr(settings, "FRONTDOOR_REPLY_LINK_DAYS", 14)))


def family_help_levels() -> list[str]:
    """The levels of need on the council's scale, lowest first."""
    return level_names()
