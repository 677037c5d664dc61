"""Multi-agency working in a browser: a worker asks two agencies for information, a partner replies through the
link in the email without signing in, and the reply is on the contact. axe on every page, the partner's too."""

import re

import pytest
from playwright.sync_api import expect

from frontdoor.multiagency.models import InformationRequest
from frontdoor.notify.models import OutboxMessage
from tests.browser.conftest import assert_accessible
from tests.browser.test_thin_journey import sign_in
from tests.multiagency.factories import ContactFactory, PartnerAgencyFactory


@pytest.fixture
def contact(chat, social_worker, team_manager):
    PartnerAgencyFactory(police=True)
    PartnerAgencyFactory(school=True)
    return ContactFactory(team=chat)


def sign_out(page):
    page.get_by_role("button", name=re.compile("^Sign out")).click()


def test_a_worker_asks_two_agencies_and_a_partner_replies_through_the_link(page, live_server, contact):
    base = live_server.url
    sign_in(page, base, "sw.chat")
    page.goto(f"{base}/staff/contacts/{contact.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Request information from agencies").click()
    assert_accessible(page)

    page.get_by_role("button", name="Send requests").click()  # nothing chosen: every error, accessibly
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Testshire Police MASH (Police)").check()
    page.get_by_label("Testfield Primary School (School or education)").check()
    page.get_by_label("What are you asking?").fill("Is anything known about Ava's home in the last year?")
    page.get_by_label("Duty to share").check()
    page.get_by_role("button", name="Send requests").click()
    expect(
        page.get_by_text("Request sent to Testfield Primary School, Testshire Police MASH")
    ).to_be_visible()
    expect(page.locator("#request-1")).to_contain_text("left")
    expect(page.locator("#request-2")).to_contain_text("left")
    assert_accessible(page)
    sign_out(page)

    # The police's email: its link opens the partner's page with no sign-in
    email = OutboxMessage.objects.get(to="mash@police.example")
    link = re.search(r"/partner/reply/\S+/", email.body).group(0)
    page.goto(base + link)
    expect(page.get_by_role("heading", name="Request for information")).to_be_visible()
    expect(page.get_by_text("Is anything known about Ava's home in the last year?")).to_be_visible()
    expect(page.get_by_text(re.compile("Ava Example, born"))).to_be_visible()
    expect(page.get_by_text(contact.concern)).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Yes, I am sharing what we know").check()
    page.get_by_label("What do you know? (if sharing)").fill(
        "Two call-outs for shouting in March; no arrests."
    )
    page.get_by_label("Your name").fill("PC Tess Constable")
    page.get_by_label("Your role (optional)").fill("MASH researcher")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("heading", name="Reply sent")).to_be_visible()
    assert_accessible(page)

    page.goto(base + link)  # the link works once
    expect(page.get_by_role("heading", name="This link has already been used")).to_be_visible()
    assert_accessible(page)
    page.goto(base + "/partner/reply/guessed-token/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)

    sign_in(page, base, "sw.chat")
    page.goto(f"{base}/staff/contacts/{contact.pk}/")
    police = page.locator(".govuk-summary-card", has_text="Testshire Police MASH")
    expect(police).to_contain_text("Two call-outs for shouting in March; no arrests.")
    expect(police).to_contain_text("from PC Tess Constable (MASH researcher)")
    assert InformationRequest.objects.filter(status="replied").count() == 1
    assert_accessible(page)


def test_every_multiagency_staff_page_passes_axe(page, live_server, contact, social_worker):
    from datetime import timedelta

    from django.utils import timezone

    from frontdoor.core.codes import Outcome
    from frontdoor.multiagency import services
    from frontdoor.multiagency.models import MemberAgency
    from frontdoor.triage.models import Decision
    from tests.multiagency.factories import InformationRequestFactory

    late = InformationRequestFactory(contact=contact, sent_by=social_worker, overdue=True)
    discussion = services.schedule_strategy_discussion(
        contact=contact,
        user=social_worker,
        scheduled_for=timezone.now() + timedelta(hours=1),
        how_held="video",
        members=[services.MemberDetails("DS Test", MemberAgency.POLICE)],
        missing_members_reason="Others join by phone",
    )
    Decision.objects.create(
        contact=contact, outcome=Outcome.EARLY_HELP, rationale="Synthetic.", decided_by=social_worker,
        decided_at=timezone.now(),
    )  # fmt: skip
    base = live_server.url
    on_contact = f"{base}/staff/contacts/{contact.pk}"

    sign_in(page, base, "sw.chat")
    for url, button in [
        (f"{on_contact}/strategy-discussions/new/", "Arrange strategy discussion"),
        (f"{on_contact}/strategy-discussions/{discussion.pk}/record/", "Record strategy discussion"),
        (f"{on_contact}/family-help/lead-practitioner/", "Allocate lead practitioner"),
        (f"{on_contact}/family-help/network/", "Add to family network"),
        (f"{on_contact}/family-help/family-group-offer/", "Record offer"),
        (f"{on_contact}/hand-over/", "Hand over"),
        (f"{on_contact}/information-requests/decide-now/", "Record reason"),
        (f"{on_contact}/information-requests/{late.pk}/withdraw/", "Withdraw the request"),
        (f"{on_contact}/information-requests/{late.pk}/stop-link/", "Stop the link"),
    ]:
        page.goto(url)
        assert_accessible(page)
        page.get_by_role("button", name=button).click()  # empty: the error summary, accessibly
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        assert_accessible(page)
    page.goto(f"{base}/staff/handovers/")
    assert_accessible(page)
    page.goto(f"{on_contact}/")
    expect(page.locator("#strategy-1")).to_contain_text("DS Test")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, base, "tm.chat")
    for url in (f"{base}/staff/information-requests/overdue/", f"{base}/staff/partner-agencies/"):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
