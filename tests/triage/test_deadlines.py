"""The one-working-day deadline of a logged contact, across weekends and bank holidays, and its time left."""

import uuid
from datetime import timedelta

import pytest

from frontdoor.intake.services import ChildDetails, LoggedContact, log_contact
from frontdoor.triage.presenters import time_left
from tests.triage.helpers import at


def logged(user, received_at):
    details = LoggedContact(
        channel="phone",
        children=[ChildDetails("Ava", "Example", None)],
        adults=[],
        concern="A synthetic concern.",
        urgency=2,
        referrer_name="Rita Referrer",
        referrer_email="",
        referrer_phone="01632 960001",
        referrer_agency="Testfield Primary",
        referral_source="2A",
        received_at=received_at,
    )
    contact, _ = log_contact(user=user, details=details, submission_key=uuid.uuid4())
    return contact


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2026, 11, 20, 16, 55), at(2026, 11, 23, 16, 55)),  # Friday → Monday
        (at(2026, 11, 21, 11, 0), at(2026, 11, 24, 0, 0)),  # Saturday: the clock starts on Monday
        (at(2026, 4, 2, 10, 0), at(2026, 4, 7, 10, 0)),  # Thursday before Easter: Good Friday, Easter Monday
        (at(2026, 12, 24, 15, 0), at(2026, 12, 29, 15, 0)),  # Christmas, Boxing Day (substitute Monday 28th)
        (at(2026, 5, 22, 9, 30), at(2026, 5, 26, 9, 30)),  # Friday before the spring bank holiday
    ],
)
def test_a_logged_contact_is_due_one_working_day_later(contact_officer, received, due):
    assert logged(contact_officer, received).decision_due_at == due


def test_time_left_over_a_weekend_counts_real_hours(contact_officer):
    contact = logged(contact_officer, at(2026, 11, 20, 16, 55))
    saturday_noon = at(2026, 11, 21, 12, 0)
    left = time_left(contact.decision_due_at, saturday_noon)
    assert left.text == "2 days 4 hours left" and left.rag == "green" and not left.overdue
    monday_afternoon = at(2026, 11, 23, 14, 0)
    assert time_left(contact.decision_due_at, monday_afternoon).rag == "amber"
    tuesday = at(2026, 11, 24, 9, 0)
    late = time_left(contact.decision_due_at, tuesday)
    assert late.overdue and late.text == "Overdue by 16 hours 5 minutes"


def test_the_queue_due_filter_uses_the_deadline(client, chat, social_worker, make_contact):
    from django.urls import reverse
    from django.utils import timezone

    from tests.conftest import signed_in

    overdue = make_contact(chat, decision_due_at=timezone.now() - timedelta(minutes=1))
    later = make_contact(chat, decision_due_at=timezone.now() + timedelta(days=3))
    body = signed_in(client, social_worker).get(reverse("triage:queue"), {"due": "overdue"}).content.decode()
    assert overdue.reference in body and later.reference not in body
    body = client.get(reverse("triage:queue"), {"due": "later"}).content.decode()
    assert later.reference in body and overdue.reference not in body
