"""The decision timescale for each RAG rating, as data the council sets (settings.FRONTDOOR_DECISION_TIMESCALES),
checked when first read. Many MASH protocols set Red within 4 hours, Amber within 1 working day and Green within
3 working days; that is the default."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from frontdoor.core.calendar import bank_holidays
from frontdoor.core.working_days import Timescale, due_within, parse_timescale
from frontdoor.intake.models import Contact

DEFAULT_TIMESCALES = {"red": "4 hours", "amber": "1 working day", "green": "3 working days"}
# How long a Red contact may wait unclaimed before the team manager is alerted
DEFAULT_RED_UNCLAIMED_ALERT = timedelta(minutes=30)

RATINGS = {Contact.Urgency.RED: "red", Contact.Urgency.AMBER: "amber", Contact.Urgency.GREEN: "green"}


@dataclass(frozen=True)
class Rating:
    urgency: int
    name: str  # red, amber, green
    label: str  # "Red"
    timescale: Timescale
    tag_class: str

    @property
    def promise(self) -> str:
        return f"{self.label}: decide within {self.timescale.text}"


_TAGS = {"red": "govuk-tag--red", "amber": "govuk-tag--orange", "green": "govuk-tag--green"}


@lru_cache(maxsize=8)
def _ratings(configured: tuple[tuple[str, str], ...]) -> dict[int, Rating]:
    table = dict(configured)
    if set(table) != set(RATINGS.values()):
        raise ImproperlyConfigured("FRONTDOOR_DECISION_TIMESCALES must set exactly red, amber and green")
    try:
        ratings = {
            urgency: Rating(urgency, name, name.title(), parse_timescale(table[name]), _TAGS[name])
            for urgency, name in RATINGS.items()
        }
    except ValueError as error:
        raise ImproperlyConfigured(f"FRONTDOOR_DECISION_TIMESCALES: {error}") from error
    probe = timezone.now()
    red, amber, green = (due_within(probe, ratings[u].timescale, bank_holidays()) for u in RATINGS)
    if not red <= amber <= green:
        raise ImproperlyConfigured(
            "FRONTDOOR_DECISION_TIMESCALES: Red must be no longer than Amber, Amber than Green"
        )
    return ratings


def ratings() -> dict[int, Rating]:
    configured = getattr(settings, "FRONTDOOR_DECISION_TIMESCALES", DEFAULT_TIMESCALES)
    return _ratings(tuple(sorted(configured.items())))


def rating(urgency: int | None) -> Rating:
    return ratings().get(urgency or Contact.Urgency.AMBER, ratings()[Contact.Urgency.AMBER])


def decision_due(received_at: datetime, urgency: int | None) -> datetime:
    """When the decision about a contact of this rating, received then, is due (Europe/London)."""
    return due_within(timezone.localtime(received_at), rating(urgency).timescale, bank_holidays())


def red_unclaimed_alert_after() -> timedelta:
    minutes = getattr(settings, "FRONTDOOR_RED_UNCLAIMED_ALERT_MINUTES", None)
    return timedelta(minutes=int(minutes)) if minutes is not None else DEFAULT_RED_UNCLAIMED_ALERT
