"""Save and come back later: a link by email (through the outbox) that works once, for 28 days."""

import re
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from frontdoor.intake.models import Contact
from frontdoor.notify.models import OutboxMessage
from frontdoor.screener.models import RequestDraft
from frontdoor.screener.services import hash_token
from tests.screener.web.journey import CHILD, SECTIONS, fill_request, screen_to, section_url, send


def link_in(message) -> str:
    site = re.escape(settings.FRONTDOOR_SITE_URL)
    return re.search(site + r"(/concern/request/return/[^/\s]+/)", message.body).group(1)


def save_after_concern(client):
    client.post(reverse("screener:item", args=["children", 1]), {**CHILD, "save_for_later": "1"})
    response = client.post(reverse("screener:save"), {"email": "rita@school.example"})
    assert response.url == reverse("screener:saved")
    return OutboxMessage.objects.filter(kind="draft_link").latest("created_at")


def test_saving_emails_a_link_and_keeps_only_the_tokens_hash(client, teams, default_version):
    screen_to(client, "CSC")
    response = client.post(reverse("screener:item", args=["children", 1]), {**CHILD, "save_for_later": "1"})
    assert response.url == reverse("screener:save")
    assert "rita" not in client.get(reverse("screener:save")).content.decode()  # no email given yet
    body = client.post(reverse("screener:save"), {"email": "nope"}).content.decode()
    assert "Enter an email address in the correct format" in body
    client.post(reverse("screener:save"), {"email": "rita@school.example"})
    assert "rita@school.example" in client.get(reverse("screener:saved")).content.decode()
    message = OutboxMessage.objects.get(kind="draft_link")
    draft = RequestDraft.objects.get()
    token = link_in(message).split("/")[-2]
    assert message.to == "rita@school.example" and "Ava" not in message.body
    assert draft.token_hash == hash_token(token) and token not in str(draft.data)
    assert draft.expires_at > timezone.now() + timedelta(days=27)


def test_the_link_brings_the_request_back_once(client, teams, default_version):
    screen_to(client, "CSC")
    link = link_in(save_after_concern(client))
    client.cookies.clear()  # another day, another browser
    page = client.get(link)
    assert page.status_code == 200 and "Carry on with your saved request" in page.content.decode()
    response = client.post(link)
    assert response.url == reverse("screener:request_continue")
    assert client.get(response.url).url == reverse("screener:list", args=["children"])
    assert client.session["request"]["data"]["children"][0]["given_name"] == "Ava"
    other = client.__class__()
    used = other.post(link)
    assert used.status_code == 404 and "This link does not work" in used.content.decode()


def test_saving_again_sends_a_new_link_for_the_same_draft(client, teams, default_version):
    screen_to(client, "CSC")
    first = link_in(save_after_concern(client))
    second = link_in(save_after_concern(client))
    assert first != second and RequestDraft.objects.count() == 1
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200


def test_a_resumed_request_can_be_sent_and_its_link_then_says_so(client, teams, default_version):
    screen_to(client, "CSC")
    link = link_in(save_after_concern(client))
    client.cookies.clear()
    client.post(link)
    fill_request(client)
    client.post(section_url("referrer"), SECTIONS["referrer"])
    send(client)
    draft = RequestDraft.objects.get()
    assert draft.submitted and draft.contact == Contact.objects.get() and draft.token_hash is None


def test_an_expired_link_says_so(client, teams, default_version):
    screen_to(client, "CSC")
    link = link_in(save_after_concern(client))
    RequestDraft.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 410 and "This link has expired" in response.content.decode()


def test_a_wrong_or_silly_token_is_a_clear_page_not_an_error(client, db):
    for token in ["wrong", "x" * 300, "%3Cscript%3E"]:
        response = client.get(f"/concern/request/return/{token}/")
        assert response.status_code == 404 and "This link does not work" in response.content.decode()
