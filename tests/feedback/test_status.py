"""Where my concern stands: every path's stages, links that give nothing away, and bad links."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.core.codes import Outcome
from frontdoor.core.models import AuditEvent
from frontdoor.feedback.links import acknowledgement_url
from frontdoor.feedback.models import StatusLink
from frontdoor.feedback.services import hash_token
from frontdoor.intake.presenters import acknowledgement_email
from frontdoor.notify.models import OutboxMessage
from frontdoor.triage import services as triage
from frontdoor.triage.presenters_email import WHAT_HAPPENS_NEXT
from tests.triage.helpers import decide, oversee

from .factories import ContactFactory

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _stages(response) -> list[str]:
    return re.findall(r'<span data-stage="([a-z_]+)">', response.content.decode())


def _current(response) -> str:
    return re.search(r'data-stage="([a-z_]+)">', response.content.decode()).group(1)


def _status(client, contact):
    return client.get(_path(acknowledgement_url(contact.pk)))


def test_the_acknowledgement_carries_a_link_to_a_received_concern(client, chat):
    contact = ContactFactory(team=chat)
    _, body = acknowledgement_email(contact)
    link = re.search(r"(http\S+/concern/status/\S+/)", body).group(1)
    page = client.get(_path(link))
    assert page.status_code == 200
    assert _stages(page) == ["received"]
    assert "decide what happens next by" in page.content.decode()
    assert "bruising" not in page.content.decode()  # never the concern


def test_claimed_then_decided_shows_each_stage_and_only_the_outcome_emails_words(
    client, chat, social_worker, team_manager
):
    contact = ContactFactory(team=chat)
    triage.claim_contact(contact=contact, user=social_worker)
    assert _stages(_status(client, contact)) == ["received", "being_looked_at"]
    decision = decide(contact, social_worker, Outcome.CHILD_AND_FAMILY_ASSESSMENT)
    # Awaiting a manager: the referrer has not been told, so it is still being looked at
    assert _current(_status(client, contact)) == "being_looked_at"
    oversee(decision, team_manager)
    page = _status(client, contact)
    assert _stages(page) == ["received", "being_looked_at", "decided"]
    text = page.content.decode()
    assert WHAT_HAPPENS_NEXT[Outcome.CHILD_AND_FAMILY_ASSESSMENT] in text
    assert decision.rationale not in text


def test_an_early_help_outcome_says_passed_to_early_help(client, chat, social_worker, team_manager):
    contact = ContactFactory(team=chat)
    oversee(decide(contact, social_worker, Outcome.EARLY_HELP), team_manager)
    page = _status(client, contact)
    assert _current(page) == "early_help"
    assert WHAT_HAPPENS_NEXT[Outcome.EARLY_HELP] in page.content.decode()


def test_a_step_down_then_early_help_decision(
    client, chat, fast, social_worker, early_help_worker, early_help_manager
):
    contact = ContactFactory(team=chat)
    triage.claim_contact(contact=contact, user=social_worker)
    contact.refresh_from_db()
    triage.transfer_contact(
        contact=contact, user=social_worker, to_team=fast, reason="Needs early help", version=contact.version
    )
    page = _status(client, contact)
    assert _stages(page) == ["received", "being_looked_at", "stepped_down"]
    assert "early help team will decide" in page.content.decode()
    oversee(decide(contact, early_help_worker, Outcome.EARLY_HELP), early_help_manager)
    assert _stages(_status(client, contact)) == [
        "received", "being_looked_at", "stepped_down", "being_looked_at", "early_help",
    ]  # fmt: skip


def test_a_step_up_and_a_transfer_sideways(client, chat, fast, early_help_worker, make_user):
    contact = ContactFactory(team=fast)
    triage.transfer_contact(
        contact=contact, user=early_help_worker, to_team=chat, reason="Risk of harm", version=contact.version
    )
    assert _current(_status(client, contact)) == "stepped_up"
    other = Team.objects.create(slug="north", name="North front door", kind=Team.Kind.SOCIAL_CARE)
    worker = make_user("sw.two", "social_worker", chat)
    contact.refresh_from_db()
    triage.transfer_contact(
        contact=contact, user=worker, to_team=other, reason="Lives in the north", version=contact.version
    )
    page = _status(client, contact)
    assert _stages(page) == ["received", "stepped_up", "transferred"]
    assert "team it was passed to" in page.content.decode()


def test_each_stage_has_its_date(client, chat, social_worker):
    received = timezone.make_aware(timezone.datetime(2026, 11, 30, 9, 0))
    contact = ContactFactory(team=chat, received_at=received)
    triage.claim_contact(contact=contact, user=social_worker)
    claimed = timezone.localtime(AuditEvent.objects.get(action="contact.claimed").at)
    text = _status(client, contact).content.decode()
    assert "Received</span>: 30 November 2026, 09:00" in text
    assert f"Being looked at</span>: {claimed:%-d %B %Y, %H:%M}" in text


# --- Bad links ----------------------------------------------------------------------------------------------


def test_a_tampered_acknowledgement_link_does_not_work(client, chat):
    contact = ContactFactory(team=chat)
    url = _path(acknowledgement_url(contact.pk))
    page = client.get(url[:-3] + "xx/")
    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()
    assert contact.reference not in page.content.decode()


def test_an_expired_acknowledgement_link_says_so(client, chat, monkeypatch):
    contact = ContactFactory(team=chat)
    ninety_one_days_ago = time.time() - 91 * 86400
    with monkeypatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: ninety_one_days_ago)
        url = _path(acknowledgement_url(contact.pk))
    page = client.get(url)
    assert "This link has expired" in page.content.decode()


def _ask(client, reference, email):
    return client.post(reverse("feedback:ask_for_link"), {"reference": reference, "email": email})


def _link_in(message: OutboxMessage) -> str:
    return _path(re.search(r"(http\S+/concern/status/link/\S+/)", message.body).group(1))


def test_a_wrong_email_gives_the_same_answer_and_sends_nothing(client, chat):
    contact = ContactFactory(team=chat)
    wrong = _ask(client, contact.reference, "someone.else@example.com")
    right = _ask(client, contact.reference.lower(), "RITA@school.example")
    assert wrong.status_code == right.status_code == 200

    # The same page but for the CSRF token and the Content-Security-Policy nonce, which every response renews
    def page(response) -> bytes:  # type: ignore[no-untyped-def]
        return re.sub(rb'nonce="[^"]+"', b"", response.content.split(b'name="csrfmiddlewaretoken"')[0])

    assert page(wrong) == page(right)
    assert b"If the reference and email address match" in wrong.content
    messages = OutboxMessage.objects.filter(kind="status_link")
    assert [m.to for m in messages] == ["rita@school.example"]


def test_an_emailed_link_works_once_and_then_says_it_was_used(client, chat):
    contact = ContactFactory(team=chat)
    _ask(client, contact.reference, contact.referrer_email)
    link = _link_in(OutboxMessage.objects.get(kind="status_link"))
    opened = client.get(link, follow=True)
    assert contact.reference in opened.content.decode()
    assert _current(opened) == "received"
    again = client.get(link)
    assert "This link has already been used" in again.content.decode()


def test_an_emailed_link_expires_after_an_hour(client, chat):
    contact = ContactFactory(team=chat)
    _ask(client, contact.reference, contact.referrer_email)
    link = _link_in(OutboxMessage.objects.get(kind="status_link"))
    StatusLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(link)
    assert "This link has expired" in page.content.decode()
    assert StatusLink.objects.get().used_at is None


def test_a_made_up_link_does_not_work(client, db):
    page = client.get(reverse("feedback:open_link", args=["not-a-real-token"]))
    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()


def test_the_form_shows_errors_next_to_the_fields(client, db):
    page = client.post(reverse("feedback:ask_for_link"), {"reference": "", "email": "not-an-email"})
    text = page.content.decode()
    assert "Enter your reference" in text
    assert "Enter an email address in the correct format" in text
    assert 'value="not-an-email"' in text  # nothing typed is lost


# --- A professional's concerns ------------------------------------------------------------------------------


def test_a_professional_sees_every_concern_they_raised_in_twelve_months(client, chat):
    mine = [ContactFactory(team=chat, from_police=True) for _ in range(2)]
    old = ContactFactory(team=chat, from_police=True, last_year=True)
    someone_elses = ContactFactory(team=chat)
    client.post(reverse("feedback:ask_for_professional_link"), {"email": "Polly@Police.example"})
    message = OutboxMessage.objects.get(kind="status_link")
    assert message.to == "Polly@Police.example"
    page = client.get(_link_in(message), follow=True)
    text = page.content.decode()
    assert all(c.reference in text for c in mine)
    assert old.reference not in text
    assert someone_elses.reference not in text


def test_an_unknown_professional_gets_the_same_answer_and_no_email(client, chat):
    ContactFactory(team=chat)
    page = client.post(reverse("feedback:ask_for_professional_link"), {"email": "nobody@nowhere.example"})
    assert b"If you have raised concerns with us from that address" in page.content
    assert not OutboxMessage.objects.filter(kind="status_link").exists()


def test_the_hash_not_the_token_is_stored(client, chat):
    contact = ContactFactory(team=chat)
    _ask(client, contact.reference, contact.referrer_email)
    token = _link_in(OutboxMessage.objects.get(kind="status_link")).rstrip("/").rsplit("/", 1)[1]
    assert StatusLink.objects.get().token_hash == hash_token(token)


def test_asking_again_and_again_sends_at_most_three_links_an_hour(client, chat):
    contact = ContactFactory(team=chat)
    pages = [_ask(client, contact.reference, contact.referrer_email) for _ in range(5)]
    assert all(b"If the reference and email address match" in p.content for p in pages)
    assert OutboxMessage.objects.filter(kind="status_link").count() == 3


def test_a_professional_with_many_concerns_costs_the_same_queries(
    client, chat, django_assert_max_num_queries
):
    for _ in range(30):
        ContactFactory(team=chat, from_police=True)
    client.post(reverse("feedback:ask_for_professional_link"), {"email": "polly@police.example"})
    client.get(_link_in(OutboxMessage.objects.get(kind="status_link")))
    with django_assert_max_num_queries(8):
        page = client.get(reverse("feedback:my_status"))
    assert page.content.decode().count("Reference FD-") == 30
