"""services_for_need: what the screener's ADVICE/UNIVERSAL routes and signpost decisions show."""

from django.template.loader import render_to_string

from frontdoor.directory.models import Service
from frontdoor.directory.queries import (
    services_for_need,
    suggested_services_by_ids,
    suggestions_as_email_text,
)


def test_suggestions_fit_the_need_the_age_and_the_place(db, demo_directory):
    found = services_for_need(["parenting-support"], child_age=14, postcode="NS1 1BB", limit=5)
    assert found and len(found) <= 5
    for item in found:
        service = Service.objects.get(id=item.id)
        assert "parenting-support" in set(service.taxonomy_terms.values_list("code", flat=True))
        assert (
            (service.minimum_age or 0)
            <= 14
            <= (service.maximum_age if service.maximum_age is not None else 99)
        )
    located = [item.distance_metres for item in found if item.distance_metres is not None]
    assert located == sorted(located)
    assert found[0].distance.endswith(("mile", "miles")) and found[0].path.startswith(
        "/find-support/services/"
    )


def test_a_category_includes_its_sub_categories_and_remote_services(db, demo_directory):
    found = services_for_need(["family-support"], child_age=None, postcode="NS1 1BB", limit=200)
    assert any(item.where == "Online or by phone" for item in found)
    assert any(item.distance for item in found)


def test_an_unknown_postcode_still_gives_suggestions_without_distance(db, demo_directory):
    found = services_for_need(["health"], child_age=3, postcode="ZZ9 9ZZ", limit=3)
    assert len(found) == 3 and not any(item.distance for item in found)
    assert services_for_need(["no-such-category"], child_age=3, postcode="NS1 1BB") == []


def test_the_include_and_the_email_text(db, demo_directory):
    found = services_for_need(["domestic-abuse"], child_age=8, postcode="NS1 1BB", limit=2)
    html = render_to_string("directory/_suggested_services.html", {"suggested_services": found})
    assert found[0].name in html and found[0].path in html
    with_boxes = render_to_string(
        "directory/_suggested_services.html",
        {
            "suggested_services": found,
            "suggested_checkbox_name": "suggested",
            "suggested_selected": [str(found[0].id)],
        },
    )
    assert with_boxes.count('type="checkbox"') == len(found) and "checked" in with_boxes
    again = suggested_services_by_ids([item.id for item in found])
    assert [item.name for item in again] == [item.name for item in found]
    text = suggestions_as_email_text(again, "https://frontdoor.northshire.example")
    assert found[0].name in text and "https://frontdoor.northshire.example/find-support/services/" in text
    empty = render_to_string("directory/_suggested_services.html", {"suggested_services": []})
    assert "Search the directory" in empty
