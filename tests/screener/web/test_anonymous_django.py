"""A member of the public who does not want to give their name can raise a concern online: the screener sends
them to the social work line, and the request asks only what they can know. Consent never blocks it."""

import pytest
from django.urls import reverse

from frontdoor.intake.models import Contact, ContactChild
from frontdoor.notify.models import OutboxMessage
from frontdoor.screener.models import Screening, ServiceRequest
from tests.screener.web.journey import answer, section_url, send

NEIGHBOUR = [
    ("immediate_danger", {"immediate_danger": "no"}),
    ("who_is_asking", {"who_is_asking": "anonymous"}),
    ("about_professional", {"about_professional": "no"}),
    ("open_case", {"open_case": "dont_know"}),
    ("concern_area", {"concern_area": "domestic_abuse"}),
    ("domestic_abuse_signs", {"domestic_abuse_signs": ["heard_violence"]}),
]
WHAT_A_NEIGHBOUR_KNOWS = {
    "concern": {
        "what": "Shouting and banging next door most nights, and a baby crying for hours afterwards.",
        "when": "Most nights for the last two weeks, last night at about 11pm",
        "how_known": "I hear it through the wall.",
        "person_causing_harm": "",
    },
    "safety": {
        "where_now": "At home, I think",
        "safe_tonight": "dont_know",
        "safety_details": "It happens at night.",
    },
}


def screen_as_anonymous_neighbour(client):
    client.get(reverse("screener:begin"))
    for question_id, data in NEIGHBOUR:
        response = answer(client, question_id, data)
        assert response.status_code == 302, (question_id, response.content.decode()[:2000])
    return client.get(reverse("screener:outcome")).content.decode()


def fill_what_a_neighbour_knows(client, child):
    assert client.post(reverse("screener:item", args=["children", 1]), child).status_code == 302
    client.post(reverse("screener:list", args=["children"]))
    client.post(reverse("screener:list", args=["household"]))  # nobody added: they do not know
    for key in ("communication", "concern", "strengths", "safety", "support"):
        response = client.post(section_url(key), WHAT_A_NEIGHBOUR_KNOWS.get(key, {}))
        assert response.status_code == 302, (key, response.content.decode()[:3000])
    response = client.post(section_url("referrer"), {"email": "", "phone": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


@pytest.fixture
def neighbour(client, teams, default_version):
    body = screen_as_anonymous_neighbour(client)
    assert "Talk to the social work line now" in body
    assert "you do not have to give your name" in body
    return client


def test_an_anonymous_neighbour_is_sent_to_the_social_work_line_not_early_help(neighbour):
    body = neighbour.get(reverse("screener:outcome")).content.decode()
    assert "Send a request for service" in body and "Send a request for early help" not in body
    start = neighbour.get(reverse("screener:request")).content.decode()
    assert "You do not have to give your name" in start and "whether the parents know" not in start


def test_the_anonymous_request_asks_only_what_a_neighbour_knows_and_is_accepted(neighbour):
    child_page = neighbour.get(reverse("screener:item", args=["children", 1])).content.decode()
    assert (
        "First name (optional)" in child_page
        and "Anything else that would help us find the child" in child_page
    )
    referrer_page = neighbour.get(section_url("referrer"))
    assert referrer_page.status_code == 302  # not reachable before the sections before it
    response = fill_what_a_neighbour_knows(
        neighbour,
        {"address": "Flat 2, 10 Example Court, Northtown", "description": "A baby, a few months old"},
    )
    assert response.url == reverse("screener:check")
    check = neighbour.get(reverse("screener:check")).content.decode()
    assert "Do the parents know?" not in check and "The family's consent" not in check
    assert "Child 1 (name not known)" in check
    assert 'id="call-us"' not in check
    sent = send(neighbour)
    assert sent.url == reverse("screener:sent")
    contact = Contact.objects.get()
    assert (
        contact.referral_source == "9"
        and contact.referrer_name == "Anonymous"
        and contact.referrer_email == ""
    )
    assert "baby crying for hours" in contact.concern
    assert ContactChild.objects.get().given_name == ""
    assert Screening.objects.get().route == "CSC"
    assert ServiceRequest.objects.get().family_consents is None
    assert not OutboxMessage.objects.filter(kind="acknowledgement").exists()
    page = neighbour.get(reverse("screener:sent")).content.decode()
    assert "Keep a note of your reference number" in page and "cannot tell you what we decide" in page
    assert "01632 960100" in page


def test_an_anonymous_report_with_no_address_gets_the_phone_numbers_and_what_to_say(neighbour):
    fill_what_a_neighbour_knows(neighbour, {})
    check = neighbour.get(reverse("screener:check")).content.decode()
    assert 'id="call-us"' in check and "01632 960100" in check and "01632 960199" in check
    assert "Tell them what you saw or heard" in check
    assert send(neighbour).url == reverse("screener:sent")  # it can still be sent: never a dead end


def test_the_consent_page_cannot_be_opened_on_the_anonymous_route(neighbour):
    fill_what_a_neighbour_knows(neighbour, {"address": "10 Example Court"})
    assert neighbour.get(section_url("consent")).url == reverse("screener:check")


def test_a_named_member_of_the_public_gives_a_way_to_reach_them_but_no_organisation(
    client, teams, default_version
):
    client.get(reverse("screener:begin"))
    for question_id, data in NEIGHBOUR:
        if question_id == "who_is_asking":
            data = {"who_is_asking": "public"}
        answer(client, question_id, data)
    assert "Talk to the social work line now" in client.get(reverse("screener:outcome")).content.decode()
    fill = {"address": "10 Example Court"}
    assert client.post(reverse("screener:item", args=["children", 1]), fill).status_code == 302
    client.post(reverse("screener:list", args=["children"]))
    client.post(reverse("screener:list", args=["household"]))
    for key in ("communication", "concern", "strengths", "safety", "support"):
        client.post(section_url(key), WHAT_A_NEIGHBOUR_KNOWS.get(key, {}))
    body = client.post(
        section_url("referrer"), {"name": "Nina Neighbour", "referral_source": "1B"}
    ).content.decode()
    assert "Enter a telephone number or an email address" in body
    response = client.post(
        section_url("referrer"), {"name": "Nina Neighbour", "referral_source": "1B", "phone": "01632 960002"}
    )
    assert response.url == reverse("screener:check")
    assert send(client).url == reverse("screener:sent")
    assert Contact.objects.get().referral_source == "1B"
