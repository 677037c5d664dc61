"""Break-glass (issue 18): a person held by another team shows only as "a possible match known to another
team"; opening or linking them needs a stated reason, which is access-logged, shown to the holding team's
managers and reported to administrators."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
from django.urls import reverse

from frontdoor.accounts.models import Role
from frontdoor.core.models import AccessEvent
from frontdoor.people import queries, services
from frontdoor.people.entries import entries_of
from frontdoor.people.models import BreakGlass, ContactPerson
from frontdoor.triage.models import StaffNotification
from tests.conftest import signed_in

DOB = dt.date(2015, 3, 27)
REASON = "Ava's school rang our team: we need to know whether she is already known."


@pytest.fixture
def ava(social_worker, make_person):
    # Held by the social care team (chat): created by it
    return make_person(social_worker, given="Ava", family="Example", dob=DOB, postcode="LS6 2AB")


@pytest.fixture
def fast_officer(make_user, fast):
    return make_user("co.fast", Role.CONTACT_OFFICER, fast)


@pytest.fixture
def fast_contact(make_contact, fast):
    return make_contact(fast, child=("Ava", "Example", DOB))


def people_url(contact) -> str:  # type: ignore[no-untyped-def]
    return reverse("people:contact_people", args=[contact.pk])


def test_the_live_match_shows_another_teams_person_without_their_details(client, fast_officer, ava):
    response = signed_in(client, fast_officer).post(
        reverse("people:match_preview"),
        {"given_name": "Ava", "family_name": "Example", "date_of_birth": "27/03/2015"},
    )
    [candidate] = response.json()["candidates"]
    assert candidate["elsewhere"] is True and candidate["label"] == "A possible match known to another team"
    assert set(candidate) == {"elsewhere", "label", "probability"}
    assert ava.reference not in response.text and "LS6" not in response.text and "2015" not in response.text
    # the look is logged as refused: the officer did not see the record
    assert AccessEvent.objects.get(object_id=str(ava.pk)).granted is False


def test_a_contact_officer_of_another_team_states_a_reason_and_the_holding_team_manager_sees_it(
    client, fast_officer, ava, fast_contact, team_manager, early_help_manager, administrator
):
    signed_in(client, fast_officer)
    page = client.get(people_url(fast_contact)).content.decode()
    assert "A possible match known to another team" in page
    assert ava.reference not in page and "LS6 2AB" not in page and "Give a reason to open this record" in page

    # linking without a reason is refused, and nothing is linked
    entry = entries_of(fast_contact)[0]
    refused = client.post(
        people_url(fast_contact), {"entry": entry.key, "person": ava.pk, "action": "link"}, follow=True
    )
    assert "say why you need to open the record before linking" in refused.content.decode()
    assert not ContactPerson.objects.filter(person=ava).exists()

    # opening the person asks for a reason first; an empty one is an error next to the field
    person_url = reverse("people:person", args=[ava.pk])
    assert client.get(person_url).url == reverse("people:break_glass", args=[ava.pk])
    next_url = f"{people_url(fast_contact)}#{entry.key}"
    glass_url = reverse("people:break_glass", args=[ava.pk])
    form = client.get(glass_url, {"next": next_url})
    assert form.status_code == 200 and "Why do you need to open this record?" in form.content.decode()
    assert ava.reference not in form.content.decode() and "Ava" not in form.content.decode()
    empty = client.post(glass_url, {"reason": "  ", "next": next_url}).content.decode()
    assert "govuk-error-summary" in empty and "Enter why you need to open this record" in empty
    assert not BreakGlass.objects.exists()

    opened = client.post(glass_url, {"reason": REASON, "next": next_url})
    assert opened.status_code == 302 and opened.url == next_url
    opening = BreakGlass.objects.get()
    assert opening.user == fast_officer and opening.contact == fast_contact and opening.reason == REASON
    logged = AccessEvent.objects.get(object_id=str(ava.pk), granted=True)
    assert logged.reason == f"Break-glass: {REASON}" and logged.actor == fast_officer

    # now the record opens, the candidate shows in full and can be linked
    assert client.get(person_url).status_code == 200
    assert ava.reference in client.get(people_url(fast_contact)).content.decode()
    client.post(people_url(fast_contact), {"entry": entry.key, "person": ava.pk, "action": "link"})
    assert ContactPerson.objects.get(person=ava).contact == fast_contact

    # the holding team's manager is told and sees it in their list; the officer's own manager does not
    notice = StaffNotification.objects.get(recipient=team_manager, kind=StaffNotification.Kind.BREAK_GLASS)
    assert ava.reference in notice.text and notice.url == reverse("people:break_glass_list")
    assert not StaffNotification.objects.filter(recipient=early_help_manager).exists()
    client.logout()
    listed = signed_in(client, team_manager).get(reverse("people:break_glass_list")).content.decode()
    assert (
        REASON.replace("'", "&#x27;") in listed
        and ava.reference in listed
        and fast_contact.reference in listed
    )
    client.logout()
    other = signed_in(client, early_help_manager).get(reverse("people:break_glass_list")).content.decode()
    assert ava.reference not in other
    client.logout()
    report = signed_in(client, administrator).get(reverse("people:break_glass_list")).content.decode()
    assert ava.reference in report and "Records opened outside the team" in report
    client.logout()
    assert signed_in(client, fast_officer).get(reverse("people:break_glass_list")).status_code == 403


def test_a_reason_opens_the_record_for_a_few_hours_only_and_never_to_change(client, fast_officer, ava):
    services.break_glass(user=fast_officer, person=ava, reason=REASON, path="/")
    signed_in(client, fast_officer)
    assert client.get(reverse("people:person", args=[ava.pk])).status_code == 200
    assert client.get(reverse("people:edit_person", args=[ava.pk])).status_code == 404
    BreakGlass.objects.update(
        opened_at=BreakGlass.objects.get().opened_at - timedelta(hours=queries.BREAK_GLASS_HOURS + 1)
    )
    assert client.get(reverse("people:person", args=[ava.pk])).status_code == 302


def test_the_break_glass_page_never_sends_the_user_off_the_site(client, fast_officer, ava):
    signed_in(client, fast_officer)
    glass_url = reverse("people:break_glass", args=[ava.pk])
    opened = client.post(glass_url, {"reason": REASON, "next": "https://evil.example/"})
    assert opened.url == reverse("people:person", args=[ava.pk])
