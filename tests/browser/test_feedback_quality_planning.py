"""Issue 22's pages in a browser, with axe on every one (public pages included): where a concern stands, the
survey, advice call-backs, dip sampling and audits, the phone line and its planner, localities."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from frontdoor.accounts.models import Role
from frontdoor.core.codes import Outcome
from frontdoor.feedback import services as feedback
from frontdoor.feedback.links import acknowledgement_url
from frontdoor.notify.models import OutboxMessage
from frontdoor.planning.services import load_localities
from frontdoor.quality import services as quality
from frontdoor.quality.models import SampledCase
from frontdoor.triage.models import Decision
from tests.browser.conftest import assert_accessible
from tests.browser.test_thin_journey import sign_in
from tests.feedback.factories import AdviceSlotFactory, ContactFactory
from tests.triage.helpers import decide, oversee


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def sign_out(page):
    page.get_by_role("button", name=re.compile("^Sign out")).click()


@pytest.fixture
def decided(chat, social_worker, team_manager):
    contact = ContactFactory(team=chat, postcode="NS1 2AB")
    oversee(decide(contact, social_worker, Outcome.CHILD_AND_FAMILY_ASSESSMENT), team_manager)
    return contact


def test_a_referrer_sees_where_their_concern_stands_answers_the_survey_and_books_advice(
    page, live_server, decided, chat, team_manager
):
    base = live_server.url
    page.goto(base + _path(acknowledgement_url(decided.pk)))
    expect(page.get_by_role("heading", name="Where your concern stands")).to_be_visible()
    expect(page.locator("[data-next]")).to_contain_text("A social worker will carry out an assessment")
    assert_accessible(page)

    page.goto(base + "/concern/status/")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your reference").fill(decided.reference)
    page.get_by_label("Your email address").fill(decided.referrer_email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)
    link = re.search(r"/concern/status/link/\S+/", OutboxMessage.objects.get(kind="status_link").body).group(
        0
    )
    page.goto(base + link)
    expect(page.get_by_text(f"Reference {decided.reference}")).to_be_visible()
    assert_accessible(page)
    page.goto(base + link)
    expect(page.get_by_role("heading", name="This link has already been used")).to_be_visible()
    assert_accessible(page)
    page.goto(base + "/concern/status/link/made-up/")
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    assert_accessible(page)

    page.goto(base + "/concern/status/professional/")
    assert_accessible(page)
    page.get_by_label("Your work email address").fill(decided.referrer_email)
    page.get_by_role("button", name="Email me a link").click()
    professional = OutboxMessage.objects.filter(kind="status_link").order_by("-created_at").first()
    page.goto(base + re.search(r"/concern/status/link/\S+/", professional.body).group(0))
    expect(page.get_by_role("heading", name="Concerns you have raised")).to_be_visible()
    assert_accessible(page)

    feedback.send_survey_invitations()
    survey = re.search(r"/concern/feedback/\S+/", OutboxMessage.objects.get(kind="survey").body).group(0)
    page.goto(base + survey)
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_easy_0").check()
    page.locator("#id_kept_informed_0").check()
    page.locator("#id_got_what_child_needed_1").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    assert_accessible(page)
    page.goto(base + survey)
    expect(page.get_by_role("heading", name="You have already told us how it went")).to_be_visible()
    assert_accessible(page)

    AdviceSlotFactory(team=chat, created_by=team_manager)
    page.goto(base + "/concern/advice/book/")
    page.get_by_role("button", name="Book the call-back").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_slot_0").check()
    page.get_by_label("Your name").fill("Dee Lead")
    page.get_by_label("Your email address").fill("dsl@school.example")
    page.get_by_label("Phone number we should call").fill("01632 960123")
    page.get_by_label("What would you like advice about?").fill("A pupil's low mood")
    page.get_by_role("button", name="Book the call-back").click()
    expect(page.get_by_role("heading", name="Your call-back is booked")).to_be_visible()
    assert_accessible(page)


def test_staff_pages_for_feedback_advice_quality_and_planning(
    page, live_server, decided, chat, team_manager, make_user, analyst, social_worker
):
    base = live_server.url
    make_user("tm.second", Role.TEAM_MANAGER, chat)  # a second auditor, to moderate
    monday = quality.week_starting(timezone.localdate()) - timedelta(days=7)
    Decision.objects.update(
        decided_at=timezone.make_aware(timezone.datetime.combine(monday, timezone.datetime.min.time()))
        + timedelta(hours=10)
    )
    sample = quality.draw_last_week()
    case = SampledCase.objects.get(sample=sample)
    load_localities("postcode_prefix,locality_code,locality_name\nNS1,north,North family hub area\n")

    sign_in(page, base, case.auditor.username)
    for path in ("/staff/feedback/", "/staff/advice/slots/", "/staff/quality/", "/staff/quality/plan/",
                 f"/staff/quality/samples/{sample.pk}/", "/staff/quality/over-time/", "/staff/performance/",
                 "/staff/phone-line/", "/staff/phone-line/rota/", "/staff/localities/"):  # fmt: skip
        page.goto(base + path)
        assert_accessible(page)
    page.goto(f"{base}/staff/quality/cases/{case.pk}/")
    page.get_by_role("button", name="Save the audit").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    for theme in ("history", "thresholds", "consent", "oversight", "timeliness", "voice_of_child"):
        page.locator(f"#id_{theme}_0").check()
    page.locator("#id_grade_1").check()
    page.get_by_label("Summary of findings").fill("Sound and timely.")
    page.get_by_role("button", name="Save the audit").click()
    expect(page.locator("#grade")).to_have_text("Good")
    assert_accessible(page)

    page.goto(base + "/staff/advice/slots/")
    page.get_by_role("button", name="Add slots").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.goto(base + "/staff/phone-line/import/")
    assert_accessible(page)
    page.get_by_label("Call figures (CSV)").set_input_files(
        files=[{"name": "calls.csv", "mimeType": "text/csv", "buffer": (
            b"interval_start,offered,answered,abandoned,average_wait_seconds,average_handling_seconds\n"
            b"2026-11-30 09:00,-1,0,0,1,1\n"
        )}]
    )  # fmt: skip
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#problems")).to_contain_text("offered cannot be negative")
    assert_accessible(page)
    page.get_by_label("Call figures (CSV)").set_input_files(
        files=[{"name": "calls.csv", "mimeType": "text/csv", "buffer": (
            b"interval_start,offered,answered,abandoned,average_wait_seconds,average_handling_seconds\n"
            b"2026-11-30 09:00,10,9,1,8,300\n2026-11-30 10:00,12,12,0,3,320\n"
        )}]
    )  # fmt: skip
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#missing-intervals")).to_contain_text("09:30")
    assert_accessible(page)

    page.goto(base + "/staff/phone-line/planner/?day=0&share=80&wait=20")
    expect(page.locator("#plan")).to_be_visible()
    assert_accessible(page)
    page.goto(base + "/staff/phone-line/planner/?day=0&share=100&wait=0")
    expect(
        page.get_by_text(re.compile("No number of call handlers can answer 100% of calls in 0 seconds")).first
    ).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, base, social_worker.username)
    AdviceSlotFactory(team=chat, created_by=team_manager)
    page.goto(base + "/staff/advice/book/")
    assert_accessible(page)
    page.locator("#id_slot_0").check()
    page.get_by_label("Your name").fill("Pat Nurse")
    page.get_by_label("Your email address").fill("pat@health.example")
    page.get_by_label("Phone number we should call").fill("01632 960124")
    page.get_by_label("What would you like advice about?").fill("Missed health checks")
    page.get_by_role("button", name="Book the call-back").click()
    expect(page.get_by_role("heading", name="Call-back booked")).to_be_visible()
    assert_accessible(page)
    page.goto(base + "/staff/call-backs/")
    expect(page.locator("#advice-callbacks")).to_be_visible()
    expect(page.get_by_role("cell", name="Pat Nurse", exact=True)).to_be_visible()
    assert_accessible(page)
