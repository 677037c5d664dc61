"""Staff keep the directory up to date: add, edit, retire, review. Team managers and administrators only."""

import datetime

import pytest
from django.utils import timezone

from frontdoor.accounts.models import Role
from frontdoor.core.models import AuditEvent
from frontdoor.directory import taxonomy
from frontdoor.directory.models import Location, Service
from tests.conftest import signed_in

PAGES = [
    "/staff/directory/",
    "/staff/directory/review/",
    "/staff/directory/services/add/",
    "/staff/directory/locations/",
]


@pytest.fixture
def manager(make_user, chat):
    return make_user("tm.chat", Role.TEAM_MANAGER, chat)


@pytest.mark.parametrize("page", PAGES)
def test_only_managers_and_administrators_manage_the_directory(
    client, db, social_worker, administrator, manager, page
):
    assert client.get(page).status_code == 302  # sign in first
    assert signed_in(client, social_worker).get(page).status_code == 403
    assert signed_in(client, manager).get(page).status_code == 200
    assert signed_in(client, administrator).get(page).status_code == 200


def _service_form(**changes):
    data = {
        "name": "Dads' Breakfast Club",
        "organization": "",
        "description": "A monthly breakfast for dads and their children.",
        "categories": [str(taxonomy.term_id("parenting-support"))],
        "minimum_age": "0",
        "maximum_age": "11",
        "is_free": "yes",
        "fees_description": "",
        "phone": "01632 960123",
        "email": "dads@family.example",
        "url": "https://family.example/dads",
        "locations": [],
        "days": ["SA"],
        "opens_at": "09:00",
        "closes_at": "11:00",
        "assured_date_0": "1",
        "assured_date_1": "3",
        "assured_date_2": "2026",
    }
    data.update(changes)
    return data


def test_add_edit_review_and_retire_a_service(client, db, demo_directory, manager):
    signed_in(client, manager)
    organisation = Service.objects.first().organization
    hub = Location.objects.filter(is_family_hub=True).first()
    response = client.post(
        "/staff/directory/services/add/", _service_form(organization=organisation.id, locations=[str(hub.id)])
    )
    assert response.status_code == 302
    service = Service.objects.get(name="Dads' Breakfast Club")
    assert service.phones.get().number == "01632 960123" and service.schedules.get().byday == "SA"
    assert service.service_at_locations.get().location == hub and service.is_free
    assert AuditEvent.objects.filter(action="directory.service_added", object_id=str(service.id)).exists()

    # It is found in public search at once
    assert client.get("/find-support/", {"q": "dads breakfast"}).context["total"] == 1

    edit = f"/staff/directory/services/{service.id}/"
    assert client.get(edit).context["form"].initial["days"] == ["SA"]
    client.post(
        edit,
        _service_form(
            organization=organisation.id, is_free="no", fees_description="£2 a family", days=[], opens_at=""
        ),
    )
    service.refresh_from_db()
    assert (
        not service.is_free and not service.schedules.exists() and not service.service_at_locations.exists()
    )

    client.post(f"/staff/directory/services/{service.id}/reviewed/")
    service.refresh_from_db()
    assert service.assured_date == timezone.localdate()

    assert client.get(f"/staff/directory/services/{service.id}/retire/").status_code == 200
    client.post(f"/staff/directory/services/{service.id}/retire/")
    service.refresh_from_db()
    assert service.status == Service.Status.INACTIVE
    assert client.get(f"/openreferral/services/{service.id}").status_code == 404
    client.post(f"/staff/directory/services/{service.id}/reinstate/")
    service.refresh_from_db()
    assert service.status == Service.Status.ACTIVE


def test_the_service_form_explains_mistakes(client, db, demo_directory, manager):
    signed_in(client, manager)
    response = client.post(
        "/staff/directory/services/add/",
        _service_form(name="", minimum_age="12", maximum_age="5", is_free="no", opens_at="9am", closes_at=""),
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in html
    for message in [
        "Enter the service name",
        "Select the organisation",
        "Oldest age must be the same as or more than the youngest age",
        "Enter what the service costs",
        "Opens at must be a time like 09:30",
        "Enter the time it closes",
    ]:
        assert message in html


def test_overdue_services_are_listed_oldest_first(client, db, demo_directory, manager):
    signed_in(client, manager)
    page = client.get("/staff/directory/review/").context["page"]
    cutoff = timezone.localdate() - datetime.timedelta(days=365)
    dates = [s.assured_date for s in page]
    assert dates and all(d is None or d < cutoff for d in dates) and dates == sorted(dates)
    first = page[0]
    client.post(f"/staff/directory/services/{first.id}/reviewed/", {"next": "review"})
    assert first.id not in {s.id for s in client.get("/staff/directory/review/").context["page"]}


def test_add_a_location_placed_by_its_postcode_and_retire_it(client, db, demo_directory, manager):
    signed_in(client, manager)
    data = {
        "name": "Fellside Library",
        "address_1": "2 Fell Road",
        "city": "Fellside",
        "postcode": "ns8 2ab",
        "is_family_hub": "no",
    }
    response = client.post("/staff/directory/locations/add/", data)
    assert response.status_code == 200 and b"We do not know where NS8 2AB is" in response.content
    from frontdoor.directory.models import Postcode

    known = Postcode.objects.filter(outward="NS8").first()
    client.post("/staff/directory/locations/add/", {**data, "postcode": known.postcode})
    location = Location.objects.get(name="Fellside Library")
    assert (location.latitude, location.longitude) == (known.latitude, known.longitude)
    assert location.addresses.get().postal_code == known.postcode
    client.post(f"/staff/directory/locations/{location.id}/active/", {"active": "no"})
    location.refresh_from_db()
    assert not location.is_active
