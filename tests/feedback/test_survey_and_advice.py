"""Referrer feedback once per outcome, anonymous results; advice call-backs booked and on the team's list."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from frontdoor.core.codes import Outcome
from frontdoor.feedback import services
from frontdoor.feedback.models import AdviceBooking, SurveyInvitation, SurveyResponse
from frontdoor.notify.models import OutboxMessage
from tests.conftest import signed_in
from tests.triage.helpers import decide, oversee

from .factories import AdviceSlotFactory, ContactFactory

pytestmark = pytest.mark.django_db


def _decided(team, worker, manager, **contact):
    record = ContactFactory(team=team, **contact)
    oversee(decide(record, worker, Outcome.NO_FURTHER_ACTION), manager)
    return record


def _survey_link(message) -> str:
    return "/" + re.search(r"http\S+?/(concern/feedback/\S+/)", message.body).group(1)


ANSWERS = {
    "easy": "yes",
    "kept_informed": "partly",
    "got_what_child_needed": "yes",
    "comments": "Quick reply.",
}


def test_the_survey_is_sent_once_per_outcome_however_often_the_sweep_runs(chat, social_worker, team_manager):
    _decided(chat, social_worker, team_manager)
    _decided(chat, social_worker, team_manager, no_email=True)  # nobody to ask
    assert services.send_survey_invitations() == 1
    assert services.send_survey_invitations() == 0
    assert OutboxMessage.objects.filter(kind="survey").count() == 1
    assert SurveyInvitation.objects.count() == 1


def test_a_decision_awaiting_oversight_is_not_surveyed_yet(chat, social_worker):
    decide(ContactFactory(team=chat), social_worker, Outcome.NO_FURTHER_ACTION)
    assert services.send_survey_invitations() == 0


def test_answering_twice_keeps_one_answer_and_says_so(client, chat, social_worker, team_manager):
    _decided(chat, social_worker, team_manager)
    services.send_survey_invitations()
    link = _survey_link(OutboxMessage.objects.get(kind="survey"))
    assert b"Tell us how it went" in client.get(link).content
    thanks = client.post(link, ANSWERS)
    assert b"Thank you for your feedback" in thanks.content
    again = client.post(link, ANSWERS)
    assert b"You have already told us how it went" in again.content
    assert SurveyResponse.objects.count() == 1


def test_a_survey_with_missing_answers_shows_errors_and_keeps_the_comment(
    client, chat, social_worker, team_manager
):
    _decided(chat, social_worker, team_manager)
    services.send_survey_invitations()
    page = client.post(_survey_link(OutboxMessage.objects.get(kind="survey")), {"comments": "Keep me"})
    assert b"Select whether it was easy to raise your concern" in page.content
    assert b"Keep me" in page.content
    assert not SurveyResponse.objects.exists()


def test_results_by_agency_and_week_never_say_which_concern_or_worker(
    client, chat, social_worker, team_manager, analyst
):
    record = _decided(chat, social_worker, team_manager)
    police = _decided(chat, social_worker, team_manager, from_police=True)
    services.send_survey_invitations()
    for message in OutboxMessage.objects.filter(kind="survey"):
        client.post(_survey_link(message), {**ANSWERS, "easy": "no" if "police" in message.to else "yes"})
    page = signed_in(client, analyst).get(reverse("feedback:results"))
    text = page.content.decode()
    assert "Testfield Primary" in text and "Testshire Police" in text
    assert "Quick reply." in text
    for secret in (record.reference, police.reference, social_worker.display_name, team_manager.display_name):
        assert secret not in text
    assert re.search(r"Testshire Police</th>\s*<td[^>]*>1</td>\s*<td[^>]*>0%</td>", text)


def test_a_worker_cannot_see_the_results(client, social_worker):
    assert signed_in(client, social_worker).get(reverse("feedback:results")).status_code == 403


# --- Advice before escalation ------------------------------------------------------------------------------


def _booking(slot, **overrides):
    return {
        "slot": str(slot.pk), "name": "Dee Lead", "agency": "Testfield Primary", "email": "dsl@school.example",
        "phone": "01632 960123", "topic": "A pupil's low mood", "submission_key": str(uuid.uuid4()),
        **overrides,
    }  # fmt: skip


def test_a_team_manager_sets_slots_and_a_professional_books_one_that_shows_as_a_callback(
    client, chat, team_manager, social_worker
):
    signed_in(client, team_manager)
    page = client.post(
        reverse("feedback:advice_slots"),
        {"day_0": "1", "day_1": "1", "day_2": "2040", "times": "10:00, 10:30", "minutes": "20"},
        follow=True,
    )
    assert b"2 call-back slots added" in page.content
    client.logout()
    booking_page = client.get(reverse("feedback:book_advice"))
    assert b"Thursday 1 January at 10:00" not in booking_page.content  # beyond the next fortnight
    slot = AdviceSlotFactory(team=chat, created_by=team_manager)
    booked = client.post(reverse("feedback:book_advice"), _booking(slot))
    assert b"Your call-back is booked" in booked.content
    assert OutboxMessage.objects.filter(kind="advice_booking", to="dsl@school.example").count() == 1
    callbacks = signed_in(client, social_worker).get(reverse("triage:callbacks")).content.decode()
    assert "Dee Lead" in callbacks and "A pupil&#x27;s low mood" in callbacks


def test_a_slot_someone_else_took_is_refused_and_nothing_typed_is_lost(client, chat, team_manager):
    slot = AdviceSlotFactory(team=chat, created_by=team_manager)
    client.post(reverse("feedback:book_advice"), _booking(slot))
    second = client.post(reverse("feedback:book_advice"), _booking(slot, name="Second Person"))
    text = second.content.decode()
    assert "no longer available" in text or "just booked" in text
    assert 'value="Second Person"' in text
    assert AdviceBooking.objects.count() == 1


def test_a_double_submit_books_once(client, chat, team_manager):
    slot = AdviceSlotFactory(team=chat, created_by=team_manager)
    data = _booking(slot)
    client.post(reverse("feedback:book_advice"), data)
    again = client.post(reverse("feedback:book_advice"), data)
    assert b"Your call-back is booked" in again.content
    assert AdviceBooking.objects.count() == 1


def test_staff_book_for_a_professional_and_mark_it_done(client, chat, team_manager, contact_officer):
    slot = AdviceSlotFactory(team=chat, created_by=team_manager)
    signed_in(client, contact_officer)
    page = client.post(reverse("feedback:staff_book_advice"), _booking(slot))
    assert b"Call-back booked" in page.content
    booking = AdviceBooking.objects.get()
    assert booking.booked_by == contact_officer
    done = client.post(reverse("feedback:advice_call_done", args=[booking.pk]), follow=True)
    assert b"marked as done" in done.content
    assert b"Dee Lead" not in done.content.split(b"Advice consultations booked")[1]


def test_the_screener_advice_page_offers_a_call_back(client, db):
    from django.template.loader import render_to_string

    html = render_to_string(
        "screener/outcome.html", {"route": "ADVICE", "page": {"title": "Advice"}, "back_url": "/"}
    )
    assert reverse("feedback:book_advice") in html
