"""Reads for referrers' pages and the staff pages about them."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from frontdoor.core.permissions import Permission
from frontdoor.intake.models import Contact

from . import stages
from .models import AdviceBooking, AdviceSlot, SurveyResponse
from .services import concerns_raised_by


def standing_of(contact_id: uuid.UUID) -> stages.Standing:
    contact = Contact.objects.filter(pk=contact_id).first()
    if contact is None:
        raise Http404
    return stages.standing(contact)


def standings_for_professional(email: str, now: datetime | None = None) -> list[stages.Standing]:
    return stages.standings(concerns_raised_by(email, now))


# --- Feedback results ---------------------------------------------------------------------------------

QUESTIONS = (
    ("easy", "Easy to raise the concern"),
    ("kept_informed", "Kept informed"),
    ("got_what_child_needed", "Got what the child needed"),
)


@dataclass
class FeedbackRow:
    week_starting: date
    agency: str
    answers: int = 0
    yes: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def share(self, question: str) -> str:
        return f"{round(100 * self.yes[question] / self.answers)}%" if self.answers else "–"

    @property
    def shares(self) -> list[str]:
        return [self.share(q) for q, _ in QUESTIONS]


@dataclass
class FeedbackResults:
    rows: list[FeedbackRow]
    comments: list[tuple[date, str, str]]
    start: date
    end: date


def feedback_results(user, *, weeks: int = 8, today: date | None = None) -> FeedbackResults:  # type: ignore[no-untyped-def]
    """Answers by agency and week: shares answering yes, and the comments, never who or which concern."""
    if not user.has_perm(Permission.VIEW_FEEDBACK):
        raise PermissionDenied
    today = today or timezone.localdate()
    end = today - timedelta(days=today.weekday())
    start = end - timedelta(weeks=weeks - 1)
    rows: dict[tuple[date, str], FeedbackRow] = {}
    comments = []
    responses = SurveyResponse.objects.filter(week_starting__gte=start, week_starting__lte=end)
    for response in responses.order_by("-week_starting", "agency"):
        key = (response.week_starting, response.agency or "Not given")
        row = rows.setdefault(key, FeedbackRow(*key))
        row.answers += 1
        for question, _ in QUESTIONS:
            if getattr(response, question) == SurveyResponse.Answer.YES:
                row.yes[question] += 1
        if response.comments:
            comments.append((response.week_starting, key[1], response.comments))
    return FeedbackResults(list(rows.values()), comments, start, end)


# --- Advice call-backs ----------------------------------------------------------------------------------


def open_advice_slots(now: datetime | None = None, days: int = 14) -> QuerySet[AdviceSlot]:
    """Every team's unbooked slots in the next fortnight, soonest first (public: no personal data)."""
    now = now or timezone.now()
    return (
        AdviceSlot.objects.filter(
            starts_at__gt=now, starts_at__lte=now + timedelta(days=days), booking__isnull=True
        )
        .select_related("team")
        .order_by("starts_at")
    )


def team_slots(user) -> QuerySet[AdviceSlot]:  # type: ignore[no-untyped-def]
    if not user.has_perm(Permission.MANAGE_ADVICE_SLOTS):
        raise PermissionDenied
    return (
        AdviceSlot.objects.filter(team_id=user.team_id, starts_at__gte=timezone.now() - timedelta(days=1))
        .select_related("booking")
        .order_by("starts_at")
    )


def slot_for(user, slot_id: uuid.UUID) -> AdviceSlot:  # type: ignore[no-untyped-def]
    slot = team_slots(user).filter(pk=slot_id).first()
    if slot is None:
        raise Http404
    return slot


def advice_callbacks_for(user) -> list[AdviceBooking]:  # type: ignore[no-untyped-def]
    """The team's booked consultation call-backs not yet done, soonest first (beside the call-back list)."""
    if not user.has_perm(Permission.VIEW_ADVICE_BOOKINGS):
        return []
    return list(
        AdviceBooking.objects.filter(slot__team_id=user.team_id, done_at__isnull=True)
        .select_related("slot")
        .order_by("slot__starts_at")
    )


def booking_for(user, booking_id: uuid.UUID) -> AdviceBooking:  # type: ignore[no-untyped-def]
    booking = next((b for b in advice_callbacks_for(user) if b.pk == booking_id), None)
    if booking is None:
        raise Http404
    return booking
