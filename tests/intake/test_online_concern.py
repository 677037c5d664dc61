"""The public online concern form: stored once, acknowledged, errors as GOV.UK asks, nothing typed lost."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdoor.intake.models import Contact
from frontdoor.notify.models import OutboxMessage


def valid_form(**overrides):
    data = {
        "submission_key": str(uuid.uuid4()),
        "child_given_name": "Ava",
        "child_family_name": "Example",
        "child_date_of_birth_0": "14",
        "child_date_of_birth_1": "3",
        "child_date_of_birth_2": "2018",
        "concern": "Ava came to school with a bruise on her cheek and said she was scared to go home.",
        "referrer_name": "Rita Referrer",
        "referrer_email": "rita@school.example",
        "referrer_agency": "Testfield Primary",
        "referral_source": "2A",
    }
    data.update(overrides)
    return data


def test_the_form_is_at_concern(client, db):
    response = client.get("/concern/")
    assert (
        response.status_code == 200 and "Tell us about a concern about a child" in response.content.decode()
    )


def test_a_concern_is_stored_with_a_reference_and_a_deadline_and_acknowledged(client, chat):
    response = client.post("/concern/", valid_form(), follow=True)
    contact = Contact.objects.get()
    assert contact.reference in response.content.decode()
    assert contact.team == chat and contact.channel == "online" and contact.status == "open"
    assert contact.referral_source == "2A"
    assert contact.decision_due_at > contact.received_at
    child = contact.children.get()
    assert (child.given_name, child.date_of_birth.isoformat()) == ("Ava", "2018-03-14")
    ack = OutboxMessage.objects.get(kind="acknowledgement")
    assert ack.to == "rita@school.example" and contact.reference in ack.subject
    assert "bruise" not in ack.body  # the concern itself never goes in an email


def test_a_double_submit_stores_one_contact_and_sends_one_email(client, chat):
    data = valid_form()
    first = client.post("/concern/", data)
    second = client.post("/concern/", data)
    assert first.status_code == second.status_code == 302
    assert Contact.objects.count() == 1 and OutboxMessage.objects.count() == 1


def test_missing_fields_show_every_error_and_keep_what_was_typed(client, chat):
    response = client.post(
        "/concern/",
        valid_form(child_given_name="", concern="", referrer_email="not-an-email", referral_source=""),
    )
    body = response.content.decode()
    assert response.status_code == 200 and Contact.objects.count() == 0
    assert "There is a problem" in body and "<title>Error: " in body
    for message in [
        "Enter the child&#x27;s first name",
        "Enter what you are worried about",
        "Enter an email address in the correct format, like name@example.com",
        "Select who you are",
    ]:
        assert body.count(message) == 2, message  # in the summary and next to the field
    assert 'value="Example"' in body and 'value="not-an-email"' in body and 'value="Rita Referrer"' in body


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2019", "Child&#x27;s date of birth must be a real date"),
        ("1", "", "2019", "Child&#x27;s date of birth must include a month"),
        ("1", "1", "19", "Year must include 4 numbers"),
        ("x", "1", "2019", "Child&#x27;s date of birth must be a real date"),
    ],
)
def test_bad_dates_get_govuk_messages(client, chat, day, month, year, message):
    form = valid_form(child_date_of_birth_0=day, child_date_of_birth_1=month, child_date_of_birth_2=year)
    body = client.post("/concern/", form).content.decode()
    assert message in body and f'value="{day}"' in body and Contact.objects.count() == 0


def test_a_date_of_birth_in_the_future_is_refused(client, chat):
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = valid_form(
        child_date_of_birth_0=str(tomorrow.day),
        child_date_of_birth_1=str(tomorrow.month),
        child_date_of_birth_2=str(tomorrow.year),
    )
    assert "must be today or in the past" in client.post("/concern/", form).content.decode()


def test_an_unknown_date_of_birth_is_allowed(client, chat):
    client.post(
        "/concern/", valid_form(child_date_of_birth_0="", child_date_of_birth_1="", child_date_of_birth_2="")
    )
    assert Contact.objects.get().children.get().date_of_birth is None


def test_html_in_any_field_is_stored_as_text_and_never_executed(client, chat, social_worker):
    from tests.conftest import signed_in

    script = "<script>alert('x')</script>"
    client.post("/concern/", valid_form(concern=script, referrer_name=script))
    contact = Contact.objects.get()
    assert contact.concern == script
    body = signed_in(client, social_worker).get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert script not in body and "&lt;script&gt;" in body


def test_over_long_text_is_refused_with_a_message(client, chat):
    body = client.post("/concern/", valid_form(concern="a" * 5001)).content.decode()
    assert "5,000 characters or fewer" in body and Contact.objects.count() == 0


def test_a_tampered_source_code_or_key_is_an_error_not_a_crash(client, chat):
    body = client.post("/concern/", valid_form(referral_source="99")).content.decode()
    assert "Select who you are" in body
    response = client.post("/concern/", valid_form(submission_key="not-a-uuid"))
    assert response.status_code == 200 and Contact.objects.count() == 0


def test_the_confirmation_page_is_only_for_the_browser_that_sent_the_concern(client, chat):
    assert client.get("/concern/submitted/").status_code == 302
