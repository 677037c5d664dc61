"""The ORUK API: metadata, pagination fields, filters, CORS, proximity against brute force, clear errors."""

import uuid

import pytest

from frontdoor.directory import queries, taxonomy
from frontdoor.directory.models import Postcode, Service
from frontdoor.directory.synthetic import brute_force, bulk_directory

PAGE_FIELDS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


def test_metadata_is_open_to_every_origin(client, db):
    response = client.get("/openreferral/")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["version"] == "3.0"
    preflight = client.options("/openreferral/services")
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    posted = client.post("/openreferral/services")
    assert posted.status_code == 405 and posted["Access-Control-Allow-Origin"] == "*"
    missing = client.get("/openreferral/nothing-here")
    assert (
        missing.status_code == 404
        and missing.json()["error"]
        and missing["Access-Control-Allow-Origin"] == "*"
    )


def test_services_are_paginated_as_the_standard_says(client, db, demo_directory):
    total = Service.objects.filter(status="active").count()
    first = client.get("/openreferral/services", {"per_page": 20}).json()
    assert set(first) == PAGE_FIELDS
    assert (first["total_items"], first["page_number"], first["size"]) == (total, 1, 20)
    assert first["total_pages"] == -(-total // 20) and first["first_page"] and not first["last_page"]
    last = client.get("/openreferral/services", {"per_page": 20, "page": first["total_pages"]}).json()
    assert (
        last["last_page"]
        and not last["first_page"]
        and len(last["contents"]) == total - 20 * (first["total_pages"] - 1)
    )
    one = first["contents"][0]
    assert client.get(f"/openreferral/services/{one['id']}").json() == one


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"page": "999"}, 404, None),
        ({"page": "0"}, 400, "page"),
        ({"page": "two"}, 400, "page"),
        ({"per_page": "1000"}, 400, "per_page"),
        ({"minimum_age": "-3"}, 400, "minimum_age"),
        ({"minimum_age": "9", "maximum_age": "3"}, 400, "maximum_age"),
        ({"day": "Funday"}, 400, "day"),
        ({"start_time": "9am"}, 400, "start_time"),
        ({"taxonomy_term_id": "family-support"}, 400, "taxonomy_term_id"),
        ({"search": "x" * 201}, 400, "search"),
        ({"postcode": "NS1 1BB" * 5}, 400, "postcode"),
        ({"postcode": "NS1 1BB", "proximity": "0"}, 400, "proximity"),
        ({"proximity": "1000"}, 400, "proximity"),
    ],
)
def test_bad_queries_get_clear_json_errors(client, sample_postcodes, query, status, field):
    response = client.get("/openreferral/services", query)
    assert response.status_code == status and response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["error"]
    if field:
        assert field in body["fields"]


def test_unknown_postcodes_are_explained_with_suggestions(client, sample_postcodes):
    body = client.get("/openreferral/services", {"postcode": "N51 1BB"}).json()
    assert body["fields"]["postcode"] == "We could not find the postcode N51 1BB. Check it and try again"
    assert body["suggestions"][0] == "NS1 1BB"
    body = client.get("/openreferral/services", {"postcode": "hello"}).json()
    assert body["fields"]["postcode"] == "Enter a real postcode, like NS1 2AB"
    near = client.get("/openreferral/services", {"postcode": "NS1 1ZZ"}).json()
    assert near["suggestions"] and all(s.startswith("NS1 1") for s in near["suggestions"])


def test_bad_ids_are_404_json(client, db):
    assert client.get("/openreferral/services/not-a-uuid").status_code == 404
    assert client.get(f"/openreferral/services/{uuid.uuid4()}").json()["error"].startswith("No service")
    assert client.get(f"/openreferral/taxonomy_terms/{uuid.uuid4()}").status_code == 404
    assert client.get(f"/openreferral/service_at_locations/{uuid.uuid4()}").status_code == 404


def _names(response):
    return [service["name"] for service in response.json()["contents"]]


def test_filters(client, db, demo_directory):
    family = str(taxonomy.term_id("family-support"))
    body = client.get("/openreferral/services", {"taxonomy_term_id": family, "per_page": 100}).json()
    assert body["total_items"] > 10
    codes = {
        term["taxonomy_term"]["parent_id"] or term["taxonomy_term_id"]
        for service in body["contents"]
        for term in service["attributes"]
    }
    assert family in codes  # sub-categories count for their category
    teens = client.get(
        "/openreferral/services", {"minimum_age": 15, "maximum_age": 15, "per_page": 100}
    ).json()
    for service in teens["contents"]:
        assert (
            (service["minimum_age"] or 0)
            <= 15
            <= (service["maximum_age"] if service["maximum_age"] is not None else 99)
        )
    saturday = client.get("/openreferral/services", {"day": "SA", "per_page": 100}).json()
    assert saturday["total_items"] and all(
        "SA" in (s["schedules"][0]["byday"] or "") for s in saturday["contents"]
    )
    evening = client.get(
        "/openreferral/services", {"start_time": "18:00", "end_time": "20:00", "per_page": 100}
    ).json()
    for service in evening["contents"]:
        opening = service["schedules"][0]
        assert opening["closes_at"] > "18:00" and opening["opens_at"] < "20:00"
    assert _names(client.get("/openreferral/services", {"search": "freedom programme"}))[0].startswith(
        "Freedom Programme"
    )
    nothing = client.get("/openreferral/services", {"search": "zzzz"}).json()
    assert nothing["empty"] and nothing["total_items"] == 0 and nothing["total_pages"] == 1


def test_postcode_proximity_matches_brute_force(client, db):
    from frontdoor.directory.seed import SAMPLE_POSTCODES
    from frontdoor.directory.services import load_postcodes

    load_postcodes(SAMPLE_POSTCODES)
    bulk_directory(600, seed=7)
    term = taxonomy.term_id("family-support")
    checked = 0
    for postcode, metres, with_term in [
        ("NS1 1BB", 8000, False),
        ("NS6 3AB", 20000, True),
        ("NS10 2AB", 3000, False),
    ]:
        row = Postcode.objects.filter(postcode__startswith=postcode[:5]).order_by("postcode").first()
        query = {"postcode": row.postcode, "proximity": metres, "per_page": 100}
        terms = None
        if with_term:
            query["taxonomy_term_id"] = str(term)
            terms = queries.with_descendants([term])
        expected = brute_force((row.latitude, row.longitude), metres, terms)
        got, page = [], 1
        while True:
            body = client.get("/openreferral/services", {**query, "page": page}).json()
            got.extend((uuid.UUID(s["id"]), s["distance"]) for s in body["contents"])
            if body["last_page"]:
                break
            page += 1
        assert [g[0] for g in got] == [e[0] for e in expected], postcode
        assert [g[1] for g in got] == [round(e[1]) for e in expected]
        checked += len(expected)
    assert checked > 20, "the check would be empty"


def test_service_at_locations_and_taxonomies(client, db, demo_directory):
    body = client.get("/openreferral/service_at_locations", {"postcode": "NS1 1BB", "per_page": 5}).json()
    assert set(body) == PAGE_FIELDS and body["contents"][0]["distance"] <= body["contents"][-1]["distance"]
    first = body["contents"][0]
    detail = client.get(f"/openreferral/service_at_locations/{first['id']}").json()
    assert (
        detail["location"]["id"] == first["location"]["id"] and detail["service"]["id"] == first["service_id"]
    )
    taxonomies = client.get("/openreferral/taxonomies").json()
    assert {t["name"] for t in taxonomies["contents"]} >= {taxonomy.TAXONOMY_NAME}
    top = client.get(
        "/openreferral/taxonomy_terms", {"top_only": "true", "taxonomy_id": str(taxonomy.TAXONOMY_ID)}
    )
    assert top.json()["total_items"] == 6
    term = client.get(f"/openreferral/taxonomy_terms/{taxonomy.term_id('health')}").json()
    assert term["name"] == "Health" and term["taxonomy_detail"]["id"] == str(taxonomy.TAXONOMY_ID)
    assert client.get("/openreferral/taxonomy_terms", {"page": 50}).status_code == 404
