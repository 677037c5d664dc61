"""Multi-agency figures for the performance dashboard (the arithmetic is pure; `figures_for` reads the rows).

- Information requests answered in time, by agency: requests sent in the period (by local sent date), how many
  were answered, and how many by their due time; withdrawn requests are left out.
- Strategy discussions held in time: discussions held in the period (by local held date) no later than their
  due time (the council's timescale from the decision to hold one).
- Time from contact to strategy discussion: median hours from the contact's receipt to the discussion held.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from frontdoor.accounts.models import Team

from .models import InformationRequest, StrategyDiscussion


@dataclass(frozen=True)
class AgencyRow:
    agency: str
    sent: int
    answered: int
    in_time: int

    @property
    def in_time_percent(self) -> str:
        return f"{round(100 * self.in_time / self.sent)}%" if self.sent else "–"


@dataclass(frozen=True)
class Figures:
    agencies: list[AgencyRow]
    discussions_held: int
    discussions_in_time: int
    median_hours_to_discussion: float | None

    @property
    def discussions_in_time_percent(self) -> str:
        return (
            f"{round(100 * self.discussions_in_time / self.discussions_held)}%"
            if self.discussions_held
            else "–"
        )

    @property
    def median_time_to_discussion(self) -> str:
        if self.median_hours_to_discussion is None:
            return "–"
        hours = self.median_hours_to_discussion
        return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"


def agency_rows(requests: list[tuple[str, datetime, datetime | None]]) -> list[AgencyRow]:
    """(agency, due_at, replied_at) for each request not withdrawn."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for agency, due_at, replied_at in requests:
        counts = tally[agency]
        counts[0] += 1
        if replied_at is not None:
            counts[1] += 1
            counts[2] += replied_at <= due_at
    return [AgencyRow(name, *counts) for name, counts in sorted(tally.items())]


def build(
    requests: list[tuple[str, datetime, datetime | None]],
    discussions: list[tuple[datetime, datetime, datetime]],  # (received_at, due_by, held_at)
) -> Figures:
    hours = [(held - received).total_seconds() / 3600 for received, _, held in discussions]
    return Figures(
        agencies=agency_rows(requests),
        discussions_held=len(discussions),
        discussions_in_time=sum(1 for _, due, held in discussions if held <= due),
        median_hours_to_discussion=statistics.median(hours) if hours else None,
    )


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def figures_for(*, team: Team | None, start: date, end: date) -> Figures:
    """Not scoped: the caller has checked the user may report on `team` (None = every team)."""
    low, high = _bounds(start, end)
    requests = InformationRequest.objects.filter(sent_at__gte=low, sent_at__lt=high).exclude(
        status=InformationRequest.Status.WITHDRAWN
    )
    discussions = StrategyDiscussion.objects.filter(held_at__gte=low, held_at__lt=high)
    if team is not None:
        requests = requests.filter(contact__team=team)
        discussions = discussions.filter(contact__team=team)
    return build(
        list(requests.values_list("agency_name", "due_at", "replied_at")),
        list(discussions.values_list("contact__received_at", "due_by", "held_at")),  # type: ignore[arg-type]
    )
