"""The request for service and for early help: every validation, consent, repeaters, and the submission."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.models import AuditEvent
from frontdoor.intake.models import Contact
from frontdoor.notify.models import OutboxMessage
from frontdoor.screener.models import Screening, ServiceRequest
from tests.screener.web.journey import (
    CHILD,
    CSC_CONSENT,
    EARLY_HELP_CONSENT,
    PERSON,
    SECTIONS,
    fill_request,
    screen_to,
    section_url,
    send,
    years_ago,
)


def child_url(index=1):
    return reverse("screener:item", args=["children", index])


def date_parts(day, name):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def csc(client, teams, default_version):
    screen_to(client, "CSC")
    return client


@pytest.fixture
def early_help(client, teams, default_version):
    screen_to(client, "EARLY_HELP")
    return client


def post_child(client, **changes):
    return client.post(child_url(), {**CHILD, **changes})


def test_the_request_starts_with_the_first_child(csc):
    assert "Send a request for service" in csc.get(reverse("screener:request")).content.decode()
    assert csc.get(reverse("screener:request_continue")).url == child_url()


def test_an_empty_child_page_shows_every_error_and_keeps_what_was_typed(csc):
    response = csc.post(child_url(), {"given_name": "Ava", "address": "1 Example Road"})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error: About the child" in body
    for message in [
        "Enter the child&#x27;s last name",
        "Select if the child has been born",
        "Select the child&#x27;s sex, or select ‘Not known’",
    ]:
        assert body.count(message) == 2, message
    assert 'value="Ava"' in body and "1 Example Road</textarea>" in body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date_of_birth_0": ""}, "Date of birth must include a day"),
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "Date of birth must be a real date"),
        ({"date_of_birth_2": "1999"}, "Date of birth must be for someone under 18"),
        ({"nhs_number": "943 476 5918"}, "Enter a real NHS number"),
        ({"nhs_number": "94347659"}, "NHS number must be 10 numbers"),
        ({"upn": "Z801200001001"}, "Enter a real unique pupil number"),
        ({"upn": "H80120000100"}, "Unique pupil number must be a letter followed by 12 numbers"),
        ({"upn": "H80120000100I"}, "cannot be I, O or S"),
        ({"given_name": "a" * 101}, "First name must be 100 characters or fewer"),
        ({"address": "a" * 501}, "Address must be 500 characters or fewer"),
    ],
)
def test_child_details_are_validated(csc, changes, message):
    response = post_child(csc, **changes)
    body = response.content.decode()
    assert response.status_code == 200 and message in body, body[:200]


def test_a_future_date_of_birth_is_refused(csc):
    tomorrow = timezone.localdate() + timedelta(days=1)
    body = post_child(csc, **date_parts(tomorrow, "date_of_birth")).content.decode()
    assert "Date of birth must be today or in the past" in body


def test_an_unborn_child_needs_a_due_date_in_the_next_40_weeks(csc):
    today = timezone.localdate()
    unborn = {
        "born": "no",
        "date_of_birth_0": "",
        "date_of_birth_1": "",
        "date_of_birth_2": "",
        "given_name": "Unborn",
    }
    body = post_child(csc, **unborn).content.decode()
    assert "Enter the baby&#x27;s due date" in body
    body = post_child(csc, **unborn, **date_parts(today - timedelta(days=1), "due_date")).content.decode()
    assert "Due date must be today or in the future" in body
    body = post_child(csc, **unborn, **date_parts(today + timedelta(days=300), "due_date")).content.decode()
    assert "Due date must be within the next 40 weeks" in body
    response = post_child(csc, **unborn, **date_parts(today + timedelta(days=60), "due_date"))
    assert response.status_code == 302


def test_identifiers_are_stored_normalised(csc, chat):
    fill_request(csc, child={**CHILD, "nhs_number": "943-476-5919", "upn": "g80120000101a"})
    send(csc)
    child = ServiceRequest.objects.get().data["children"][0]
    assert (child["nhs_number"], child["upn"]) == ("9434765919", "G80120000101A")


def test_several_children_can_be_added_and_removed_without_javascript(csc):
    post_child(csc)
    post_child(csc)  # the same page again changes the first child, not a second one
    assert len(csc.session["request"]["data"]["children"]) == 1
    body = csc.get(reverse("screener:list", args=["children"])).content.decode()
    assert "Child 1: Ava Example" in body and f'href="{child_url(2)}"' in body and "Add another child" in body
    csc.post(child_url(2), {**CHILD, "given_name": "Noah", "sex": "M"})
    assert "Child 2: Noah Example" in csc.get(reverse("screener:list", args=["children"])).content.decode()
    assert csc.get(child_url(4)).url == reverse("screener:list", args=["children"])
    csc.post(reverse("screener:remove", args=["children", 1]))
    assert [c["given_name"] for c in csc.session["request"]["data"]["children"]] == ["Noah"]
    csc.post(reverse("screener:remove", args=["children", 1]))
    body = csc.post(reverse("screener:list", args=["children"])).content.decode()
    assert "Add at least one child" in body


def test_jumping_to_a_later_page_goes_to_the_first_unfinished_one(csc):
    assert csc.get(section_url("referrer")).url == child_url()
    assert csc.post(section_url("referrer"), SECTIONS["referrer"]).url == child_url()
    assert csc.get(reverse("screener:check")).url == child_url()
    post_child(csc)
    assert csc.get(section_url("concern")).url == reverse("screener:list", args=["children"])
    assert csc.get(reverse("screener:item", args=["nobody", 1])).status_code == 404
    assert csc.get(section_url("nothing")).status_code == 404


def test_the_safety_page_asks_why_when_the_child_may_not_be_safe(csc):
    fill_request(csc)
    body = csc.post(section_url("safety"), {"where_now": "At home", "safe_tonight": "no"}).content.decode()
    assert "Enter why the child may not be safe tonight" in body and 'value="At home"' in body


def test_csc_consent_asks_why_not_when_parents_do_not_know_or_agree(csc):
    fill_request(csc)
    body = csc.post(
        section_url("consent"), {"parents_know": "no", "parents_agree": "not_asked"}
    ).content.decode()
    assert "Enter why the parents or carers do not know or do not agree" in body
    body = csc.post(section_url("consent"), {"parents_know": "no", "parents_agree": "yes"}).content.decode()
    assert "cannot have agreed to it" in body
    assert (
        csc.post(section_url("consent"), {"parents_know": "yes", "parents_agree": "yes"}).status_code == 302
    )
    send(csc)
    request = ServiceRequest.objects.get()
    assert (request.parents_know, request.parents_agree, request.family_consents) == ("yes", "yes", None)


def test_early_help_needs_the_familys_consent(early_help, fast):
    fill_request(early_help, kind="early_help")
    response = early_help.post(section_url("consent"), {"family_consents": "no"})
    assert response.url == reverse("screener:no_consent")
    body = early_help.get(response.url).content.decode()
    assert "You need the family's agreement for early help" in body and "01632 960500" in body
    assert early_help.get(reverse("screener:check")).url == reverse("screener:no_consent")
    assert early_help.post(reverse("screener:check"), {}).url == reverse("screener:no_consent")
    assert Contact.objects.count() == 0
    body = early_help.post(section_url("consent"), {"family_consents": "yes"}).content.decode()
    assert "Enter who in the family agreed" in body
    early_help.post(section_url("consent"), EARLY_HELP_CONSENT)
    assert early_help.get(reverse("screener:request_continue")).url == reverse("screener:check")
    send(early_help)
    contact = Contact.objects.get()
    assert contact.team == fast and contact.service_request.family_consents is True
    assert contact.screening.route == "EARLY_HELP"


def test_referrer_details_are_validated(csc):
    fill_request(csc)
    bad = {
        **SECTIONS["referrer"],
        "email": "not-an-email",
        "phone": "12",
        "referral_source": "99",
        "role": "",
    }
    body = csc.post(section_url("referrer"), bad).content.decode()
    for message in [
        "Enter an email address in the correct format, like name@example.com",
        "Enter a telephone number, like 01632 960 001",
        "Select who you are",
        "Enter your role",
    ]:
        assert message in body, message
    assert 'value="not-an-email"' in body and 'value="Rita Referrer"' in body


def test_over_long_text_is_refused_with_a_message(csc):
    fill_request(csc)
    body = csc.post(section_url("concern"), {**SECTIONS["concern"], "what": "a" * 5001}).content.decode()
    assert "What you are worried about must be 5,000 characters or fewer" in body


def test_the_check_page_shows_every_answer_with_change_links(csc):
    fill_request(csc)
    body = csc.get(reverse("screener:check")).content.decode()
    for text in [
        "Child 1: Ava Example",
        "943 476 5919",
        "H801200001001",
        "14 March 2019",
        "Person 1: Mia Example",
        "Telling the father could put Ava at risk.",
        "Designated safeguarding lead",
        "You told us the child may not be safe tonight",
        "Which of these apply to the injury?",
    ]:
        assert text in body, text
    assert f'href="{section_url("concern")}"' in body and f'href="{child_url(1)}"' in body


def test_html_in_any_field_is_shown_as_text_never_run(csc, social_worker):
    script = "<script>alert('x')</script>"
    fill_request(csc, child={**CHILD, "given_name": script, "school": script})
    csc.post(section_url("concern"), {**SECTIONS["concern"], "what": script})
    body = csc.get(reverse("screener:check")).content.decode()
    assert script not in body and "&lt;script&gt;" in body
    send(csc)
    contact = Contact.objects.get()
    assert contact.children.get().given_name == script and script in contact.concern


def test_a_request_becomes_one_contact_with_its_screening_request_and_acknowledgement(csc, chat):
    fill_request(csc)
    response = send(csc)
    assert response.url == reverse("screener:sent")
    contact = Contact.objects.get()
    assert contact.team == chat and contact.channel == "online" and contact.referral_source == "2A"
    assert contact.referrer_email == "rita@school.example" and contact.decision_due_at > contact.received_at
    assert (
        "Ava came to school with a bruise" in contact.concern and "Safe tonight: Not known" in contact.concern
    )
    child = contact.children.get()
    assert (child.given_name, child.date_of_birth.isoformat()) == ("Ava", "2019-03-14")
    screening = Screening.objects.get(contact=contact)
    assert (
        screening.route == "CSC" and screening.definition_version == "2026-12-03.1" and screening.level == 4
    )
    assert screening.answers["injury_signs"] == ["child_says_adult", "no_explanation"]
    assert screening.path[-1] == "injury_signs" and screening.reasons
    request = ServiceRequest.objects.get(contact=contact)
    assert request.kind == "csc" and request.children_count == 1 and request.referrer_phone == "01632 960001"
    assert (
        request.data["household"][0]["name"] == "Mia Example"
        and request.data["household"][0]["date_of_birth"] is None
    )
    # what the workspace shows first: red because nobody knows if Ava is safe tonight, the mother, the phone
    assert contact.urgency == Contact.Urgency.RED and contact.referrer_phone == "01632 960001"
    assert [(a.name, a.relationship) for a in contact.adults.all()] == [
        ("Mia Example", "Mother, has parental responsibility")
    ]
    ack = OutboxMessage.objects.get(kind="acknowledgement")
    assert ack.to == "rita@school.example" and contact.reference in ack.subject and "bruise" not in ack.body
    assert AuditEvent.objects.filter(action="contact.screening_recorded", object_id=str(contact.pk)).exists()
    body = csc.get(reverse("screener:sent")).content.decode()
    assert contact.reference in body and "Request sent" in body
    # The journey is over: its answers have left the session
    assert "screener" not in csc.session and "request" not in csc.session


def test_a_double_submit_stores_one_contact_and_sends_one_email(csc):
    fill_request(csc)
    key = csc.session["request"]["submission_key"]
    first = csc.post(reverse("screener:check"), {"submission_key": key})
    second = csc.post(reverse("screener:check"), {"submission_key": key})
    assert first.url == second.url == reverse("screener:sent")
    assert Contact.objects.count() == 1 and OutboxMessage.objects.filter(kind="acknowledgement").count() == 1


def test_a_tampered_submission_key_cannot_make_a_second_contact(csc):
    fill_request(csc)
    response = csc.post(reverse("screener:check"), {"submission_key": "not-a-uuid"})
    assert response.url == reverse("screener:sent") and Contact.objects.count() == 1
    assert Contact.objects.get().submission_key != uuid.UUID(int=0)


def test_changing_a_screener_answer_after_the_request_re_derives_the_route(csc):
    fill_request(csc)
    from tests.screener.web.journey import answer

    answer(csc, "concern_area", {"concern_area": "school_attendance"})
    answer(csc, "attendance", {"attendance": "attends_well"})  # now UNIVERSAL
    assert csc.post(reverse("screener:check"), {"submission_key": str(uuid.uuid4())}).url == reverse(
        "screener:outcome"
    )
    assert Contact.objects.count() == 0


def test_a_household_member_is_validated(csc):
    post_child(csc)
    csc.post(reverse("screener:list", args=["children"]))
    url = reverse("screener:item", args=["household", 1])
    body = csc.post(
        url,
        {
            **PERSON,
            "date_of_birth_0": "1",
            "date_of_birth_1": "13",
            "date_of_birth_2": "1990",
            "parental_responsibility": "x",
        },
    ).content.decode()
    assert (
        "Date of birth must be a real date" in body
        and "Select if this person has parental responsibility" in body
    )
    assert 'value="13"' in body


def test_an_empty_household_can_be_passed_over(csc):
    post_child(csc)
    csc.post(reverse("screener:list", args=["children"]))
    assert csc.post(reverse("screener:list", args=["household"])).url == section_url("communication")


def test_consent_form_for_csc_differs_from_early_help(csc):
    fill_request(csc)
    body = csc.get(section_url("consent")).content.decode()
    assert "Do the child&#x27;s parents or carers know you are making this request?" in body
    assert CSC_CONSENT["reason"] in body


def test_an_unknown_date_of_birth_is_allowed(csc):
    fill_request(csc, child={**CHILD, "date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": ""})
    send(csc)
    assert Contact.objects.get().children.get().date_of_birth is None


def test_a_tampered_source_code_is_an_error_not_a_crash(csc):
    fill_request(csc)
    response = csc.post(section_url("referrer"), {**SECTIONS["referrer"], "referral_source": "9"})
    assert response.status_code == 200 and "Select who you are" in response.content.decode()


def test_the_confirmation_page_is_only_for_the_browser_that_sent_the_request(client, db):
    assert client.get(reverse("screener:sent")).url == reverse("screener:start")
    assert client.get("/concern/submitted/").url == reverse("screener:start")


def test_the_staff_contact_page_shows_the_request_as_text(csc, social_worker):
    from tests.conftest import signed_in

    script = "<script>alert('x')</script>"
    fill_request(csc)
    csc.post(section_url("concern"), {**SECTIONS["concern"], "what": script})
    send(csc)
    contact = Contact.objects.get()
    body = signed_in(csc, social_worker).get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert script not in body and "&lt;script&gt;" in body


def test_a_child_safe_tonight_is_amber_for_social_care_and_children_in_the_household_are_not_adults(csc):
    from tests.screener.web.journey import PERSON, section_url

    sibling = {**PERSON, "name": "Leo Example", "relationship": "Brother", "parental_responsibility": "no",
               "date_of_birth_0": "1", "date_of_birth_1": "6", "date_of_birth_2": "2016"}  # fmt: skip
    fill_request(csc)
    assert (
        csc.post(section_url("safety"), {"where_now": "At school", "safe_tonight": "yes"}).status_code == 302
    )
    assert csc.post(reverse("screener:item", args=["household", 2]), sibling).status_code == 302
    send(csc)
    contact = Contact.objects.get()
    assert contact.urgency == Contact.Urgency.AMBER
    assert [adult.name for adult in contact.adults.all()] == ["Mia Example"]


def test_the_first_child_starts_with_the_date_of_birth_given_to_the_screener(csc):
    dob = years_ago(5)
    body = csc.get(child_url()).content.decode()
    assert f'value="{dob.year}"' in body and f'value="{dob.day}"' in body
    assert "checked" in body  # "Has the child been born?" Yes


def test_consent_never_blocks_a_safeguarding_route(csc):
    """Parents who have not been told, and have not agreed: a request for service is still taken, with why."""
    fill_request(csc)
    assert send(csc).url == reverse("screener:sent")
    request = ServiceRequest.objects.get()
    assert (request.parents_know, request.parents_agree) == ("no", "not_asked")
    assert request.contact.screening.route == "CSC"


def test_an_unborn_baby_starts_the_child_page_with_not_born_yet(client, teams, default_version):
    client.get(reverse("screener:begin"))
    for question_id, value in [
        ("immediate_danger", "no"),
        ("who_is_asking", "professional"),
        ("about_professional", "no"),
        ("open_case", "no"),
        ("concern_area", "unborn"),
    ]:
        client.post(reverse("screener:question", args=[question_id]), {question_id: value})
    client.post(reverse("screener:question", args=["unborn_signs"]), {"unborn_signs": ["previous_removal"]})
    body = client.get(child_url()).content.decode()
    assert 'id="id_born_1" name="born" type="radio" value="no" checked' in body


def test_a_parent_asking_for_early_help_for_their_own_family_is_not_asked_for_consent(client, teams, fast):
    from frontdoor.screener import services

    services.ensure_live_definition()
    client.get(reverse("screener:begin"))
    for question_id, value in [
        ("immediate_danger", "no"),
        ("who_is_asking", "parent"),
        ("about_professional", "no"),
        ("open_case", "no"),
        ("concern_area", "behaviour"),
        ("behaviour_signs", ["violent_at_home"]),
    ]:
        client.post(reverse("screener:question", args=[question_id]), {question_id: value})
    outcome = client.get(reverse("screener:outcome")).content.decode()
    assert "You can ask for early help for your family yourself" in outcome
    assert "Talk to the family first" not in outcome
    start = client.get(reverse("screener:request")).content.decode()
    assert "you do not need anyone else's agreement" in start and "the family's agreement" not in start
    response = client.post(child_url(), CHILD)
    client.post(reverse("screener:list", args=["children"]))
    client.post(reverse("screener:item", args=["household", 1]), PERSON)
    client.post(reverse("screener:list", args=["household"]))
    for key in ("communication", "concern", "strengths", "safety", "support"):
        response = client.post(section_url(key), SECTIONS[key])
    assert response.url == section_url("referrer")  # straight past consent
    assert client.get(section_url("consent")).status_code == 302
    client.post(section_url("referrer"), {**SECTIONS["referrer"], "referral_source": "1A"})
    assert "The family's consent" not in client.get(reverse("screener:check")).content.decode()
    send(client)
    contact = Contact.objects.get()
    assert contact.team == fast and contact.service_request.family_consents is True
