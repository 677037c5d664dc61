"""Where the workspace meets the other rooms: signposted services, history through person records, screening."""

from datetime import date

from django.urls import reverse

from frontdoor.core.codes import Outcome
from frontdoor.notify.models import OutboxMessage
from frontdoor.people import services as people_services
from frontdoor.people.entries import entries_of
from frontdoor.triage import queries
from frontdoor.triage.models import Decision
from tests.conftest import signed_in
from tests.directory.conftest import demo_directory  # noqa: F401  (fixtures)
from tests.screener.web.conftest import default_version, teams  # noqa: F401
from tests.triage.helpers import oversee


def decision_form(**overrides):
    data = {
        "outcome": Outcome.SIGNPOST.value,
        "level_of_need": "1",
        "rationale": "Low-level worry; the family would welcome a parenting group.",
        "version": "1",
        "postcode": "NS1 1BB",
    }
    data.update(overrides)
    return data


def test_a_signpost_decision_records_the_services_and_the_email_lists_them(
    client,
    chat,
    social_worker,
    team_manager,
    make_contact,
    demo_directory,  # noqa: F811
):
    contact = make_contact(chat)
    contact.children.update(date_of_birth=date(2019, 5, 1))
    url = reverse("triage:contact", args=[contact.pk])
    page = signed_in(client, social_worker).get(url, {"postcode": "NS1 1BB"}).content.decode()
    assert "Services you suggested to the family" in page and " away)" in page
    offered = [choice for choice in queries.services_to_suggest(social_worker, contact, "NS1 1BB")]
    assert offered

    refused = client.post(url, decision_form()).content.decode()
    assert "Select the services you suggested to the family" in refused and not Decision.objects.exists()

    chosen = str(offered[0].id)
    client.post(url, decision_form(suggested_services=[chosen]))
    decision = Decision.objects.get()
    assert decision.suggested_services == [chosen]

    oversee(decision, team_manager)
    email = OutboxMessage.objects.get(kind="outcome")
    assert "Services we have suggested to the family" in email.body and offered[0].name in email.body
    assert "A synthetic concern" not in email.body


def test_services_from_outside_the_suggestions_are_refused(
    client, chat, social_worker, make_contact, demo_directory
):  # noqa: F811
    contact = make_contact(chat)
    url = reverse("triage:contact", args=[contact.pk])
    body = (
        signed_in(client, social_worker)
        .post(url, decision_form(suggested_services=["00000000-0000-0000-0000-000000000000"]))
        .content.decode()
    )
    assert "Select services from the list" in body and not Decision.objects.exists()


def test_history_follows_person_links_even_when_names_were_typed_differently(
    chat, social_worker, make_contact
):
    earlier = make_contact(chat, minutes_ago=60 * 24 * 90, child=("Katherine", "Smyth"))
    today = make_contact(chat, child=("Kate", "Smith"))
    for contact in (earlier, today):
        contact.children.update(date_of_birth=date(2018, 2, 3))
    assert queries.history_for(social_worker, today)[0].previous_contacts == []  # no exact match

    person = people_services.create_person(
        user=social_worker,
        details=people_services.PersonDetails(
            given_name="Katherine", family_name="Smyth", date_of_birth=date(2018, 2, 3)
        ),
    )
    for contact in (earlier, today):
        entry = next(e for e in entries_of(contact) if e.kind == "child")
        people_services.link_to_person(user=social_worker, contact=contact, entry=entry, person=person)

    history = queries.history_for(social_worker, today)[0]
    assert [previous.reference for previous in history.previous_contacts] == [earlier.reference]


def test_the_contact_page_links_to_people_matching(client, chat, social_worker, make_contact):
    contact = make_contact(chat)
    body = signed_in(client, social_worker).get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert reverse("people:contact_people", args=[contact.pk]) in body


def test_an_online_contact_shows_its_screening_and_request(client, social_worker, teams, default_version):  # noqa: F811
    from frontdoor.intake.models import Contact
    from tests.screener.web.journey import fill_request, screen_to, send

    screen_to(client, "CSC")
    fill_request(client)
    send(client)
    contact = Contact.objects.get()
    body = signed_in(client, social_worker).get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert "Why this route" in body and "Request for service (children&#x27;s social care)" in body
