"""Every write for referrers: emailed status links, the survey after an outcome, advice call-back slots and
bookings. Emails go through the outbox in the same transaction as the change."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core import auditor
from frontdoor.core.errors import Refused
from frontdoor.core.permissions import Permission
from frontdoor.intake.models import Contact
from frontdoor.notify.services import enqueue_email
from frontdoor.triage.models import Decision

from .links import LinkProblem
from .models import AdviceBooking, AdviceSlot, StatusLink, SurveyInvitation, SurveyResponse

SIGN_OFF = f"{settings.FRONTDOOR_SERVICE_NAME}\n{settings.FRONTDOOR_COUNCIL_NAME}"
# How long an emailed link works, and how far back a professional's list goes
LINK_LIFETIME = timedelta(hours=1)
PROFESSIONAL_LOOKBACK = timedelta(days=365)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _site(path: str) -> str:
    return settings.FRONTDOOR_SITE_URL + path


def _same_email(a: str, b: str) -> bool:
    return bool(a) and a.strip().lower() == b.strip().lower()


# --- Status links -------------------------------------------------------------------------------------


def _new_link(kind: str, email: str, contact: Contact | None, now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    StatusLink.objects.create(
        kind=kind,
        token_hash=hash_token(token),
        contact=contact,
        email=email.strip().lower(),
        created_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    return token


# Links asked for per concern or per email address in an hour: beyond it nothing more is sent (the page says
# the same), so the form cannot be used to flood a referrer's inbox
LINKS_PER_HOUR = 3


def _too_many(now: datetime, **where: object) -> bool:
    return (
        StatusLink.objects.filter(created_at__gte=now - timedelta(hours=1), **where).count() >= LINKS_PER_HOUR
    )


def request_concern_link(*, reference: str, email: str) -> bool:
    """Email a link to one concern if the reference and the referrer's email match. The page says the same
    thing either way (True only tells tests), so it gives nothing away about anyone else's concern."""
    reference = reference.strip().upper().replace(" ", "")
    contact = Contact.objects.filter(reference=reference).only("pk", "reference", "referrer_email").first()
    if contact is None or not _same_email(contact.referrer_email, email):
        return False
    now = timezone.now()
    if _too_many(now, contact=contact):
        return False
    with transaction.atomic():
        token = _new_link(StatusLink.Kind.CONCERN, email, contact, now)
        enqueue_email(
            idempotency_key=f"status-link:{hash_token(token)[:32]}",
            kind="status_link",
            to=contact.referrer_email,
            subject=f"Where your concern stands – reference {contact.reference}",
            body=(
                f"You asked to see where your concern (reference {contact.reference}) stands.\n\n"
                f"Open this link within an hour. It works once:\n\n"
                f"{_site(reverse('feedback:open_link', args=[token]))}\n\n"
                f"If you did not ask for this, you can ignore this email.\n\n{SIGN_OFF}"
            ),
            about_id=str(contact.pk),
        )
    return True


def concerns_raised_by(email: str, now: datetime | None = None) -> list[Contact]:
    now = now or timezone.now()
    email = email.strip()
    if not email:
        return []
    return list(
        Contact.objects.filter(
            referrer_email__iexact=email, received_at__gte=now - PROFESSIONAL_LOOKBACK
        ).order_by("-received_at")
    )


def request_professional_link(*, email: str) -> bool:
    """Email a professional a link to every concern they raised in the last 12 months, if there are any.
    Same answer on the page either way."""
    now = timezone.now()
    if not concerns_raised_by(email, now) or _too_many(
        now, kind=StatusLink.Kind.PROFESSIONAL, email=email.strip().lower()
    ):
        return False
    with transaction.atomic():
        token = _new_link(StatusLink.Kind.PROFESSIONAL, email, None, now)
        enqueue_email(
            idempotency_key=f"status-link:{hash_token(token)[:32]}",
            kind="status_link",
            to=email.strip(),
            subject="The concerns you have raised with us",
            body=(
                "You asked to see the concerns you have raised with us in the last 12 months.\n\n"
                f"Open this link within an hour. It works once:\n\n"
                f"{_site(reverse('feedback:open_link', args=[token]))}\n\n"
                f"If you did not ask for this, you can ignore this email.\n\n{SIGN_OFF}"
            ),
        )
    return True


@dataclass(frozen=True)
class OpenedLink:
    kind: str
    email: str
    contact_id: uuid.UUID | None
    until: datetime


def open_link(token: str) -> OpenedLink:
    """Use a single-use link once. Raises LinkProblem('invalid' | 'expired' | 'used')."""
    if not token or len(token) > 100:
        raise LinkProblem("invalid")
    now = timezone.now()
    with transaction.atomic():
        link = StatusLink.objects.select_for_update().filter(token_hash=hash_token(token)).first()
        if link is None:
            raise LinkProblem("invalid")
        if link.used_at is not None:
            raise LinkProblem("used")
        if link.expires_at <= now:
            raise LinkProblem("expired")
        StatusLink.objects.filter(pk=link.pk).update(used_at=now)
    # Reading the page stays possible for the link's lifetime from when it was opened
    return OpenedLink(link.kind, link.email, link.contact_id, now + LINK_LIFETIME)


# --- The survey after an outcome -----------------------------------------------------------------------


def week_starting(day: date) -> date:
    return day - timedelta(days=day.weekday())


def survey_email(contact: Contact, token: str) -> tuple[str, str]:
    subject = f"How did we do? – reference {contact.reference}"
    body = (
        "Hello,\n\n"  # never a name as typed into a public form (issue 18)
        f"We recently told you what we decided about your concern (reference {contact.reference}). "
        "Please tell us how it went: it takes a minute and helps us improve. Your answers are not shown "
        "to the workers who dealt with your concern.\n\n"
        f"{_site(reverse('feedback:survey', args=[token]))}\n\n{SIGN_OFF}"
    )
    return subject, body


def send_survey_invitations(now: datetime | None = None, *, within_days: int = 14) -> int:
    """Invite the referrer of every agreed decision to the survey, once per outcome. Safe to run twice at
    once: the unique decision on the invitation and the outbox's idempotency key each stop a second email."""
    now = now or timezone.now()
    decisions = (
        Decision.objects.filter(
            oversight=Decision.Oversight.AGREED,
            overseen_at__gte=now - timedelta(days=within_days),
            overseen_at__lte=now,
            survey_invitation__isnull=True,
        )
        .exclude(contact__referrer_email="")
        .select_related("contact")
    )
    sent = 0
    for decision in decisions:
        contact = decision.contact
        token = secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                SurveyInvitation.objects.create(
                    decision=decision,
                    token_hash=hash_token(token),
                    agency=contact.referrer_agency or contact.get_referral_source_display(),
                    sent_at=now,
                )
                subject, body = survey_email(contact, token)
                enqueue_email(
                    idempotency_key=f"survey:{decision.pk}",
                    kind="survey",
                    to=contact.referrer_email,
                    subject=subject,
                    body=body,
                    about_id=str(contact.pk),
                )
        except IntegrityError:
            continue  # another sweep invited them first
        sent += 1
    return sent


def survey_for(token: str) -> SurveyInvitation:
    if not token or len(token) > 100:
        raise LinkProblem("invalid")
    invitation = SurveyInvitation.objects.filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise LinkProblem("invalid")
    if invitation.answered_at is not None:
        raise LinkProblem("used")
    return invitation


@dataclass(frozen=True)
class SurveyAnswers:
    easy: str
    kept_informed: str
    got_what_child_needed: str
    comments: str


def answer_survey(*, token: str, answers: SurveyAnswers) -> SurveyResponse:
    """Record the answers once; a second submit (double click, back and resubmit) is refused as used."""
    now = timezone.now()
    with transaction.atomic():
        invitation = survey_for(token)
        if not SurveyInvitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(
            answered_at=now
        ):
            raise LinkProblem("used")
        return SurveyResponse.objects.create(
            agency=invitation.agency,
            week_starting=week_starting(timezone.localdate(now)),
            easy=answers.easy,
            kept_informed=answers.kept_informed,
            got_what_child_needed=answers.got_what_child_needed,
            comments=answers.comments.strip()[:2000],
        )


# --- Advice before escalation: consultation call-backs -------------------------------------------------


def add_advice_slots(*, user, team: Team, starts: list[datetime], minutes: int) -> list[AdviceSlot]:  # type: ignore[no-untyped-def]
    """A team manager opens call-back slots for their team's advice line. A time already open is skipped."""
    if not (user.has_perm(Permission.MANAGE_ADVICE_SLOTS) and user.team_id == team.pk):
        raise PermissionDenied
    now = timezone.now()
    if any(start <= now for start in starts):
        raise Refused("Choose a time in the future")
    if not 5 <= minutes <= 120:
        raise Refused("Enter a length between 5 and 120 minutes")
    made = []
    with transaction.atomic():
        for start in starts:
            slot, created = AdviceSlot.objects.get_or_create(
                team=team,
                starts_at=start,
                defaults={"minutes": minutes, "created_by": user, "created_at": now},
            )
            if created:
                made.append(slot)
        auditor.record_change(
            actor=user,
            action="advice_slots.added",
            obj=team,
            before=None,
            after={"slots": [s.starts_at.isoformat() for s in made], "minutes": minutes},
        )
    return made


def remove_advice_slot(*, user, slot: AdviceSlot) -> None:  # type: ignore[no-untyped-def]
    if not (user.has_perm(Permission.MANAGE_ADVICE_SLOTS) and user.team_id == slot.team_id):
        raise PermissionDenied
    if AdviceBooking.objects.filter(slot=slot).exists():
        raise Refused("This slot has been booked, so it cannot be removed. Call the professional instead.")
    with transaction.atomic():
        auditor.record_change(
            actor=user,
            action="advice_slot.removed",
            obj=slot.team,
            before={"starts_at": slot.starts_at.isoformat()},
            after=None,
        )
        slot.delete()


@dataclass(frozen=True)
class BookingDetails:
    name: str
    email: str
    phone: str
    agency: str
    topic: str


class SlotTaken(Refused):
    default_message = (
        "Someone else has just booked that time. Choose another time: your details are still here."
    )


def book_advice_call(
    *, slot_id: uuid.UUID, details: BookingDetails, submission_key: uuid.UUID, user=None
) -> AdviceBooking:  # type: ignore[no-untyped-def]
    """A professional (or a member of staff for them) books a consultation call-back. The same form sent
    twice returns the first booking; a slot booked by someone else first is refused with SlotTaken."""
    if existing := AdviceBooking.objects.filter(submission_key=submission_key).first():
        return existing
    now = timezone.now()
    slot = AdviceSlot.objects.select_related("team").filter(pk=slot_id, starts_at__gt=now).first()
    if slot is None:
        raise SlotTaken("That time is no longer available. Choose another time: your details are still here.")
    staff = user if getattr(user, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            booking = AdviceBooking.objects.create(
                slot=slot,
                booked_by=staff,
                booked_at=now,
                submission_key=submission_key,
                **details.__dict__,
            )
            start = timezone.localtime(slot.starts_at)
            enqueue_email(
                idempotency_key=f"advice-booking:{booking.pk}",
                kind="advice_booking",
                to=details.email,
                subject="Your consultation call-back is booked",
                body=(
                    "Hello,\n\n"  # never a name as typed into a public form (issue 18)
                    f"A social worker from {slot.team.name} will phone you on {details.phone} on "
                    f"{start:%A %-d %B %Y at %H:%M} to talk through your worry.\n\n"
                    "If a child is in immediate danger, call 999. If you are worried a child is at risk of "
                    "harm before then, contact the front door now.\n\n"
                    f"{SIGN_OFF}"
                ),
            )
    except IntegrityError:
        if existing := AdviceBooking.objects.filter(submission_key=submission_key).first():
            return existing
        raise SlotTaken() from None
    return booking


def advice_call_done(*, user, booking: AdviceBooking) -> AdviceBooking:  # type: ignore[no-untyped-def]
    if not (user.has_perm(Permission.VIEW_ADVICE_BOOKINGS) and user.team_id == booking.slot.team_id):
        raise PermissionDenied
    with transaction.atomic():
        if AdviceBooking.objects.filter(pk=booking.pk, done_at__isnull=True).update(
            done_by=user, done_at=timezone.now()
        ):
            auditor.record_change(
                actor=user,
                action="advice_booking.done",
                obj=booking.slot.team,
                before={"booking_id": str(booking.pk), "done": False},
                after={"booking_id": str(booking.pk), "done": True},
            )
    booking.refresh_from_db()
    return booking
