"""Outcome, level of need and what we know must agree (rules as data): an inconsistent decision is refused
with the reason, or a team manager decides it with a written override. The worker previews the referrer's
email before deciding; after it is sent it is on the contact."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from frontdoor.core.codes import Outcome
from frontdoor.intake.models import Contact
from frontdoor.notify.models import OutboxMessage
from frontdoor.triage import decision_rules, services
from frontdoor.triage.models import Decision
from tests.conftest import signed_in
from tests.triage.helpers import decide, oversee

NFA = Outcome.NO_FURTHER_ACTION


def police_domestic_abuse(make_contact, chat):
    contact = make_contact(chat, channel="police", dash_risk="high", children_present="witnessed")
    contact.children.create(given_name="Ben", family_name="Example")
    return contact


def test_no_further_action_at_level_4_on_a_police_domestic_abuse_contact_is_refused_with_reasons(
    chat, social_worker, make_contact
):
    contact = police_domestic_abuse(make_contact, chat)
    with pytest.raises(services.NotAllowed) as refused:
        decide(contact, social_worker, NFA, level_of_need=4)
    message = str(refused.value)
    assert "does not fit level 4: Specialist" in message and "high risk (DASH)" in message
    assert "Children were present" in message and "ask a team manager" in message
    assert not Decision.objects.exists()


def test_a_manager_overrides_in_writing_and_the_override_is_on_the_decision(chat, team_manager, make_contact):
    contact = make_contact(chat)
    with pytest.raises(services.NotAllowed, match="enter your reason for the override"):
        decide(contact, team_manager, NFA, level_of_need=3)
    decision = decide(contact, team_manager, NFA, level_of_need=3, override_reason="Family moved abroad.")
    assert (
        decision.rules_overridden == ["closing-at-high-need"]
        and decision.override_reason == "Family moved abroad."
    )


@pytest.mark.parametrize(
    ("outcome", "level", "fields", "broken"),
    [
        (Outcome.EARLY_HELP, 4, {}, ["early-help-at-specialist-need"]),
        (Outcome.CHILD_AND_FAMILY_ASSESSMENT, 1, {}, ["referral-at-universal-need"]),
        (NFA, 2, {"urgency": 1}, ["closing-a-red-contact"]),
        (Outcome.SIGNPOST, 2, {"dash_risk": "high"}, ["closing-high-risk-domestic-abuse"]),
        (
            NFA,
            2,
            {"channel": "police", "children_present": "present"},
            ["closing-with-children-present-at-domestic-abuse"],
        ),
        (Outcome.EARLY_HELP, 2, {"dash_risk": "high"}, []),
        (NFA, 1, {}, []),
    ],
)
def test_each_rule(chat, make_contact, outcome, level, fields, broken):
    contact = make_contact(chat, **fields)
    assert [rule.id for rule in decision_rules.broken(contact, outcome, level)] == broken


def test_a_council_sets_its_own_rules_and_bad_ones_are_refused(chat, make_contact, settings):
    settings.FRONTDOOR_DECISION_RULES = [
        {"id": "no-signpost-at-3", "outcomes": ["signpost"], "levels": [3], "reason": "Not at {level}."}
    ]
    contact = make_contact(chat)
    assert [r.explain(Outcome.SIGNPOST, 3) for r in decision_rules.broken(contact, Outcome.SIGNPOST, 3)] == [
        "Not at level 3: Intensive."
    ]
    settings.FRONTDOOR_DECISION_RULES = [
        {"id": "x", "outcomes": ["nfa"], "facts": ["moon_is_full"], "reason": "r"}
    ]
    with pytest.raises(ImproperlyConfigured, match="known facts"):
        decision_rules.rules()


def test_the_page_refuses_an_inconsistent_decision_keeping_the_answers(
    client, chat, social_worker, make_contact
):
    contact = make_contact(chat)
    response = signed_in(client, social_worker).post(
        reverse("triage:contact", args=[contact.pk]),
        {"outcome": "nfa", "level_of_need": "4", "rationale": "Nothing to do here.", "version": 1},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "does not fit level 4: Specialist" in body
    assert "Nothing to do here." in body and "Manager&#x27;s override" not in body
    assert not Decision.objects.exists()


def test_the_worker_previews_exactly_what_the_referrer_will_be_told_then_reads_it_once_sent(
    client, chat, social_worker, team_manager, make_contact
):
    contact = make_contact(chat)
    form = {
        "outcome": "early_help",
        "level_of_need": "2",
        "rationale": "Family asked for support.",
        "version": 1,
        "preview": "1",
    }
    body = (
        signed_in(client, social_worker)
        .post(reverse("triage:contact", args=[contact.pk]), form)
        .content.decode()
    )
    assert "What the referrer will be told" in body and "offered support from our early help service" in body
    assert not Decision.objects.exists()  # a preview saves nothing
    form.pop("preview")
    client.post(reverse("triage:contact", args=[contact.pk]), form)
    oversee(Decision.objects.get(), team_manager)
    email = OutboxMessage.objects.get(kind="outcome")
    page = client.get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert "Read the email" in page and email.body.splitlines()[0] in page
    assert "early help service" in page


def test_the_contact_without_an_email_address_says_nobody_will_be_emailed(
    client, chat, social_worker, make_contact
):
    contact = make_contact(chat, referrer_email="")
    body = (
        signed_in(client, social_worker)
        .post(
            reverse("triage:contact", args=[contact.pk]),
            {
                "outcome": "early_help",
                "level_of_need": "2",
                "rationale": "Support.",
                "version": 1,
                "preview": "1",
            },
        )
        .content.decode()
    )
    assert "nobody will be emailed" in body
    assert Contact.objects.get(pk=contact.pk).status == "open"
