"""An administrator reads the webhook and DfE deliveries: each try and what the receiver answered, and the
fields the DfE refused. Both pages pass axe."""

from __future__ import annotations

import uuid

from django.utils import timezone
from playwright.sync_api import expect

from frontdoor.core.codes import ReferralSource
from frontdoor.intake import services as intake
from frontdoor.notify import services as outbox
from frontdoor.notify.models import OutboxMessage
from frontdoor.partners import services
from frontdoor.partners.models import CscPush, WebhookEvent
from tests.browser.conftest import assert_accessible
from tests.browser.test_thin_journey import sign_in
from tests.partners.conftest import receiver  # noqa: F401 (fixture)


def test_administrator_sees_each_try_and_the_dfes_field_errors(
    page, live_server, administrator, chat, receiver, settings
):  # noqa: F811
    partner = services.add_partner(user=administrator, name="Northshire Health Safeguarding", team=chat)
    services.subscribe(user=administrator, partner=partner, url=receiver.url, events=WebhookEvent.values)
    receiver.answers = [
        "500",
        (
            422,
            {
                "errors": [
                    {
                        "la_child_id": "FD0001",
                        "field": "child_details.sex",
                        "message": "Sex must be M, F or U",
                    }
                ]
            },
        ),
    ]
    details = intake.ConcernDetails(
        children=[intake.ChildDetails("Ava", "Example", None)],
        concern="A synthetic worry.",
        referrer_name="Rita Referrer",
        referrer_email="rita@school.example",
        referrer_agency="Testfield Primary",
        referral_source=ReferralSource.SCHOOLS,
    )
    intake.record_online_concern(details, submission_key=uuid.uuid4(), team=chat)
    outbox.send_due()  # the webhook: 500, to try again
    push = CscPush.objects.create(created_at=timezone.now(), sent={"FD0001": "x"}, record_count=1)
    outbox.enqueue(
        channel=OutboxMessage.Channel.CSC_API,
        idempotency_key=f"csc:{push.pk}",
        kind="csc_push",
        to=receiver.url + "/children_social_care_data/999/children",
        subject="Daily push",
        body="[]",
        recipient_id=str(push.pk),
    )
    outbox.send_due()  # the push: refused for a field

    sign_in(page, live_server.url, "administrator")
    page.goto(f"{live_server.url}/staff/partners/deliveries/")
    expect(page.get_by_role("heading", name="Webhook and DfE deliveries")).to_be_visible()
    expect(page.locator("#deliveries")).to_contain_text("Waiting to try again")
    expect(page.locator("#deliveries")).to_contain_text("HTTP 500")
    assert_accessible(page)
    page.get_by_role("link", name="contact.received").click()
    expect(page.locator("#attempts")).to_contain_text("Will be tried again")
    assert_accessible(page)
    page.goto(f"{live_server.url}/staff/partners/deliveries/")
    page.get_by_role("link", name="Daily push of 1 records").click()
    expect(page.locator("#field-errors")).to_contain_text("Sex must be M, F or U")
    assert_accessible(page)


def test_administrator_issues_a_token_and_sees_it_once(page, live_server, administrator, chat):
    sign_in(page, live_server.url, "administrator")
    page.get_by_role("navigation", name="Staff menu").get_by_role("link", name="Partner systems").click()
    expect(page.get_by_role("heading", name="Partner systems")).to_be_visible()
    page.get_by_role("button", name="Issue token").click()  # nothing filled in: the errors, accessibly
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the partner system's name")
    assert_accessible(page)
    page.get_by_label("Partner system").fill("Northshire Health Safeguarding")
    page.get_by_label("Whose contacts it reads").select_option(label=chat.name)
    page.get_by_label("Read the team's contacts").check()
    page.get_by_role("button", name="Issue token").click()
    expect(page.locator("#issued")).to_contain_text("shown only once")
    assert_accessible(page)
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Revoked", exact=True)).to_be_visible()
    assert_accessible(page)
