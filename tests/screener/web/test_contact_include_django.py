"""The contact page's screener section: answers, route and why, the version, and the request (rendered directly)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string

from frontdoor.intake.models import Contact
from frontdoor.screener.queries import screening_for
from tests.screener.web.journey import CHILD, fill_request, screen_to, send


@pytest.fixture
def contact(client, teams, default_version):
    screen_to(client, "CSC")
    fill_request(client, child={**CHILD, "school": "<b>Testfield</b>"})
    send(client)
    return Contact.objects.get()


def test_the_include_shows_answers_route_reasons_version_and_request(contact, social_worker):
    screening = screening_for(social_worker, contact)
    html = render_to_string("screener/_contact_screening.html", {"screening": screening})
    for text in [
        "Children&#x27;s social care",
        "4 (Children&#x27;s Social Care)",
        "Why this route",
        "An injury the child says an adult caused",
        "Northshire County Council, version 2026-12-03.1",
        "Which of these apply to the injury?",
        "The child says an adult hurt them",
        "Request for service (children&#x27;s social care)",
        "Child 1: Ava Example",
        "943 476 5919",
        "Person 1: Mia Example",
        "Telling the father could put Ava at risk.",
        "01632 960001",
    ]:
        assert text in html, text
    assert "<b>Testfield</b>" not in html and "&lt;b&gt;Testfield&lt;/b&gt;" in html
    assert "Change" not in html  # read only for staff


def test_another_teams_worker_cannot_see_it(contact, early_help_worker):
    with pytest.raises(PermissionDenied):
        screening_for(early_help_worker, contact)


def test_contacts_from_elsewhere_have_no_screener_section(make_contact, chat, social_worker):
    other = make_contact(chat)
    assert screening_for(social_worker, other) is None
    assert render_to_string("screener/_contact_screening.html", {"screening": None}).strip() == ""
