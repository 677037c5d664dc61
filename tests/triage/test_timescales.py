"""Decision timescales from the RAG rating, as data: Red within 4 hours, Amber within 1 working day, Green
within 3 working days by default; across weekends and bank holidays; the queue puts the most urgent first."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from frontdoor.core.working_days import Timescale, parse_timescale
from frontdoor.intake.models import Contact
from frontdoor.intake.services import ChildDetails, ContactEdit, LoggedContact, edit_contact, log_contact
from frontdoor.triage import timescales
from frontdoor.triage.presenters import time_left
from tests.conftest import signed_in
from tests.triage.helpers import at

RED, AMBER, GREEN = Contact.Urgency.RED, Contact.Urgency.AMBER, Contact.Urgency.GREEN


def logged(user, received_at, urgency):
    details = LoggedContact(
        channel="police",
        children=[ChildDetails("Ava", "Example", None)],
        adults=[],
        concern="Bruising on a five-month-old.",
        urgency=urgency,
        referrer_name="PC Example",
        referrer_email="",
        referrer_phone="01632 960001",
        referrer_agency="Northshire Police",
        referral_source="1A",
        received_at=received_at,
    )
    return log_contact(user=user, details=details, submission_key=uuid.uuid4())[0]


@pytest.mark.parametrize(
    ("urgency", "received", "due"),
    [
        (RED, at(2026, 11, 20, 16, 55), at(2026, 11, 20, 20, 55)),  # Red: 4 clock hours, even on a Friday
        (RED, at(2026, 11, 21, 23, 0), at(2026, 11, 22, 3, 0)),  # Saturday night: the clock does not wait
        (RED, at(2026, 12, 25, 10, 0), at(2026, 12, 25, 14, 0)),  # Christmas Day
        (AMBER, at(2026, 11, 20, 16, 55), at(2026, 11, 23, 16, 55)),  # Amber: Friday → Monday
        (AMBER, at(2026, 4, 2, 10, 0), at(2026, 4, 7, 10, 0)),  # Good Friday and Easter Monday skipped
        (GREEN, at(2026, 11, 18, 10, 0), at(2026, 11, 23, 10, 0)),  # Green: Wednesday → Monday
        (GREEN, at(2026, 12, 23, 15, 0), at(2026, 12, 30, 15, 0)),  # Christmas, Boxing Day, substitute 28th
        (GREEN, at(2026, 11, 21, 11, 0), at(2026, 11, 26, 0, 0)),  # Saturday: the clock starts on Monday
    ],
)
def test_the_deadline_follows_the_rating(contact_officer, urgency, received, due):
    assert logged(contact_officer, received, urgency).decision_due_at == due


def test_a_red_contact_is_never_shown_green(contact_officer):
    contact = logged(contact_officer, at(2026, 11, 23, 10, 0), RED)
    left = time_left(contact.decision_due_at, at(2026, 11, 23, 10, 1), urgency=contact.urgency)
    assert left.text == "3 hours 59 minutes left" and left.rag == "red" and left.tag_class == "govuk-tag--red"
    green = logged(contact_officer, at(2026, 11, 23, 10, 0), GREEN)
    assert time_left(green.decision_due_at, at(2026, 11, 23, 10, 1), urgency=GREEN).rag == "green"
    late = time_left(green.decision_due_at, at(2026, 11, 27, 10, 0), urgency=GREEN)
    assert late.overdue and late.rag == "red" and late.text.startswith("Overdue by")


def test_raising_the_rating_brings_the_deadline_forward(chat, contact_officer):
    contact = logged(contact_officer, at(2026, 11, 23, 10, 0), GREEN)
    changes = ContactEdit(RED, contact.concern, "PC Example", "", "01632 960001", "Northshire Police", "1A")
    edited = edit_contact(contact=contact, user=contact_officer, changes=changes, version=contact.version)
    assert edited.decision_due_at == at(2026, 11, 23, 14, 0)


def test_timescales_are_set_by_the_council_and_checked(settings):
    settings.FRONTDOOR_DECISION_TIMESCALES = {"red": "2 hours", "amber": "8 hours", "green": "2 working days"}
    assert timescales.rating(RED).timescale == Timescale(2, "hours")
    assert timescales.rating(RED).promise == "Red: decide within 2 hours"
    settings.FRONTDOOR_DECISION_TIMESCALES = {"red": "2 working days", "amber": "1 hour", "green": "1 hour"}
    with pytest.raises(ImproperlyConfigured, match="no longer than"):
        timescales.rating(RED)
    settings.FRONTDOOR_DECISION_TIMESCALES = {"red": "soon", "amber": "1 hour", "green": "1 hour"}
    with pytest.raises(ImproperlyConfigured, match="not a timescale"):
        timescales.rating(RED)


def test_parse_timescale_reads_what_a_protocol_says():
    assert parse_timescale("4 Hours") == Timescale(4, "hours")
    assert parse_timescale("1 working day").text == "1 working day"
    assert parse_timescale(" 3  working  days ") == Timescale(3, "working_days")
    with pytest.raises(ValueError):
        parse_timescale("0 hours")


def test_the_queue_shows_the_most_urgent_child_first_with_words_beside_the_colour(
    client, chat, social_worker, make_contact
):
    green = make_contact(chat, urgency=GREEN, minutes_ago=600)
    red = make_contact(chat, urgency=RED, minutes_ago=5)
    amber = make_contact(chat, urgency=AMBER, minutes_ago=60)
    for contact in (green, red, amber):
        contact.decision_due_at = timescales.decision_due(contact.received_at, contact.urgency)
        Contact.objects.filter(pk=contact.pk).update(decision_due_at=contact.decision_due_at)
    body = signed_in(client, social_worker).get(reverse("triage:queue")).content.decode()
    assert body.index(red.reference) < body.index(amber.reference) < body.index(green.reference)
    assert "Red: decide within 4 hours" in body and re.search(r"3 hours 5\d minutes left", body)
    assert "Schools (2A)" in body  # the code with its plain-English name


def test_time_left_without_a_rating_keeps_the_time_based_colour():
    now = at(2026, 11, 23, 12, 0)
    assert time_left(now + timedelta(hours=3), now).rag == "amber"


def test_the_queue_page_costs_the_same_few_queries_for_5_or_50_contacts(
    client, chat, social_worker, make_contact
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signed_in(client, social_worker)
    counts = []
    for total in (5, 50):
        while Contact.objects.filter(team=chat).count() < total:
            make_contact(chat, urgency=RED)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("triage:queue")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    print(f"queue page: {counts[1]} queries for 50 contacts")
