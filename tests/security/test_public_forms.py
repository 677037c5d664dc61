"""The public forms hold up against a script: rate limits per address and per email address (a 429 page that
says when to try again, and nothing typed is lost), a honeypot that gives bots a confirmation and nobody a
contact, save-and-return links from the configured site address, and no typed text in an email's greeting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from frontdoor.intake.models import Contact
from frontdoor.notify.models import OutboxMessage
from frontdoor.screener.models import RequestDraft
from tests.screener.web.conftest import default_version, teams  # noqa: F401
from tests.screener.web.journey import CHILD, SECTIONS, fill_request, screen_to, section_url, send

ROOT = Path(__file__).resolve().parents[2]
EMAIL_WRITERS = [
    "intake/presenters.py",
    "triage/presenters_email.py",
    "feedback/services.py",
    "screener/services.py",
]
LIMITS = {
    "send_request": {"address": "2/10m", "email": "2/h"},
    "save_for_later": {"address": "3/h", "email": "2/h"},
    "resume_draft": {"address": "2/h"},
    "status_link": {"address": "3/h", "email": "2/h"},
}


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.FRONTDOOR_RATE_LIMITS = LIMITS
    # The real counter: the database table the migration makes (rolled back after each test)
    settings.RATELIMIT_USE_CACHE = "rate_limits_in_database"


@pytest.fixture
def ready_to_save(client, teams, default_version):
    screen_to(client, "CSC")
    client.post(reverse("screener:item", args=["children", 1]), {**CHILD, "save_for_later": "1"})
    return client


def ask_for_link(client, email: str, **extra: str):
    return client.post(reverse("screener:save"), {"email": email}, **extra)


def test_a_third_link_to_one_email_address_is_refused_with_a_429_page_that_keeps_the_address(ready_to_save):
    client = ready_to_save
    assert ask_for_link(client, "rita@school.example").url == reverse("screener:saved")
    assert ask_for_link(client, "Rita@School.example ").url == reverse("screener:saved")  # the same address
    refused = ask_for_link(client, "rita@school.example")
    page = refused.content.decode()
    assert refused.status_code == 429
    assert "Too many attempts" in page
    assert re.search(r"Try again in \d+ minutes?\.", page)
    assert int(refused["Retry-After"]) > 0
    assert "call 999" in page
    assert OutboxMessage.objects.filter(kind="draft_link").count() == 2
    with connection.cursor() as cursor:  # counted in the table every web process shares
        cursor.execute("SELECT COUNT(*) FROM frontdoor_rate_limits")
        assert cursor.fetchone()[0] >= 2
    # Going back, the address typed is still there, and so is the request
    again = client.get(reverse("screener:save")).content.decode()
    assert 'value="rita@school.example"' in again
    assert client.session["request"]["data"]["children"][0]["given_name"] == "Ava"


def test_links_to_many_addresses_from_one_address_are_limited(ready_to_save):
    client = ready_to_save
    for number in range(3):
        assert ask_for_link(client, f"person{number}@example.com").status_code == 302
    assert ask_for_link(client, "person9@example.com").status_code == 429
    # Someone else, elsewhere, is not held back by it
    assert ask_for_link(client, "other@example.com", REMOTE_ADDR="192.0.2.44").status_code == 302


def test_sending_requests_is_limited_per_address_and_nothing_typed_is_lost(client, teams, default_version):
    for _ in range(2):
        screen_to(client, "CSC")
        fill_request(client)
        assert send(client).url == reverse("screener:sent")
    screen_to(client, "CSC")
    fill_request(client)
    refused = send(client)
    assert refused.status_code == 429 and "Try again in" in refused.content.decode()
    assert Contact.objects.count() == 2
    # The answers are all still there: the check page shows them, ready to send later
    check = client.get(reverse("screener:check"))
    assert check.status_code == 200 and "Rita Referrer" in check.content.decode()


def test_sending_requests_is_limited_per_email_address_from_any_address(client, teams, default_version):
    for number in range(2):
        screen_to(client, "CSC")
        fill_request(client)
        assert send(client).status_code == 302
        client.defaults["REMOTE_ADDR"] = f"198.51.100.{number + 1}"
    screen_to(client, "CSC")
    fill_request(client)
    assert send(client).status_code == 429
    assert Contact.objects.count() == 2


def test_opening_saved_links_is_limited_per_address(client, db):
    for _ in range(2):
        assert client.post(reverse("screener:resume", args=["not-a-token"])).status_code == 404
    assert client.post(reverse("screener:resume", args=["not-a-token"])).status_code == 429


def test_a_bot_filling_the_honeypot_on_send_gets_a_confirmation_and_makes_no_contact(
    client, teams, default_version
):
    screen_to(client, "CSC")
    fill_request(client)
    check = client.get(reverse("screener:check")).content.decode()
    assert 'name="fd_website"' in check and '<div class="govuk-form-group" hidden>' in check
    key = client.session["request"]["submission_key"]
    response = client.post(reverse("screener:check"), {"submission_key": key, "fd_website": "http://spam"})
    assert response.url == reverse("screener:sent")
    sent = client.get(response.url).content.decode()
    assert "Request sent" in sent and re.search(r"FD-[0-9A-Z]{4}-[0-9A-Z]{4}", sent)
    assert Contact.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_a_bot_filling_the_honeypot_on_save_is_told_a_link_was_sent_but_none_is(ready_to_save):
    response = ready_to_save.post(reverse("screener:save"), {"email": "x@example.com", "fd_website": "buy"})
    assert response.url == reverse("screener:saved")
    assert "x@example.com" in ready_to_save.get(response.url).content.decode()
    assert RequestDraft.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_save_and_return_links_use_the_configured_site_not_the_host_header(ready_to_save, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.FRONTDOOR_SITE_URL = "https://frontdoor.northshire.example"
    ask_for_link(ready_to_save, "rita@school.example", HTTP_HOST="attacker.example")
    body = OutboxMessage.objects.get(kind="draft_link").body
    assert "https://frontdoor.northshire.example/concern/request/return/" in body
    assert "attacker.example" not in body


def test_the_acknowledgement_does_not_greet_with_the_name_typed(client, teams, default_version):
    screen_to(client, "CSC")
    fill_request(client)
    client.post(section_url("referrer"), {**SECTIONS["referrer"], "name": "Visit http://prize.example now"})
    send(client)
    (email,) = OutboxMessage.objects.filter(to="rita@school.example")
    assert email.body.startswith("Hello,\n")
    assert "prize.example" not in email.body


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/concern/status/", {"reference": "FD-AAAA-AAAA", "email": "rita@school.example"}),
        ("/concern/status/professional/", {"email": "rita@school.example"}),
    ],
)
def test_asking_for_a_link_to_where_a_concern_stands_is_limited_per_email(client, db, path, data):
    for _ in range(2):
        assert client.post(path, data).status_code == 200
    refused = client.post(path, data)
    assert (
        refused.status_code == 429
        and "ask for a link to where your concern stands" in refused.content.decode()
    )


def test_no_email_greets_with_a_name_from_a_form():
    """Every email the service writes starts the same way, whoever typed what into a form."""
    emails = [ROOT / "frontdoor" / path for path in EMAIL_WRITERS]
    for file in emails:
        assert "Dear {" not in file.read_text(), file
