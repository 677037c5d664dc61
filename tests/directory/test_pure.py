"""The pure modules: postcodes, distances, opening times and ORUK validation (no database)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdoor.directory import geo, oruk, postcodes, schedules
from tests.directory.conftest import oruk_service


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ns1 1bb", "NS1 1BB"),
        ("  NS11BB ", "NS1 1BB"),
        ("NS10 4AB", "NS10 4AB"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("W1A 0AX", "W1A 0AX"),
        ("NS1", None),
        ("12345", None),
        ("", None),
        ("NS1 1BB" + "X" * 20, None),
    ],
)
def test_postcodes_are_normalised(raw, expected):
    assert postcodes.normalise(raw) == expected


def test_mistyped_postcodes_have_variants():
    assert "NS1 1BB" in postcodes.variants("N51 1BB")  # S typed as 5
    assert "NS1 1BB" in postcodes.variants("NSI 1BB")  # 1 typed as I
    assert "NS1 0AB" in postcodes.variants("NS1 OAB")  # 0 typed as O
    assert postcodes.variants("x") == []
    assert postcodes.sector("NS1 1BB") == "NS1 1" and postcodes.outward_code("NS10 4AB") == "NS10"


def test_haversine_matches_known_distances():
    # One degree of latitude is about 111.2 km; Northby to itself is zero
    assert geo.haversine_metres(54.0, -1.9, 55.0, -1.9) == pytest.approx(111_195, rel=1e-3)
    assert geo.haversine_metres(54.6, -1.9, 54.6, -1.9) == 0
    assert geo.describe_distance(1609.344) == "1 mile"
    assert geo.describe_distance(2414) == "1.5 miles"
    assert geo.describe_distance(50) == "less than 0.1 miles"
    assert geo.describe_distance(30_000) == "19 miles"


@given(
    lat=st.floats(49.0, 61.0),
    lon=st.floats(-8.0, 2.0),
    bearing_lat=st.floats(-1, 1),
    bearing_lon=st.floats(-1, 1),
    radius=st.floats(100, 100_000),
)
def test_the_bounding_box_holds_every_point_within_the_radius(lat, lon, bearing_lat, bearing_lon, radius):
    box = geo.bounding_box(lat, lon, radius)
    point = (lat + bearing_lat * radius / 111_000, lon + bearing_lon * radius / 60_000)
    if geo.haversine_metres(lat, lon, *point) <= radius:
        assert box.contains(*point)


def test_schedules_parse_and_match():
    assert schedules.parse_day("monday") == "MO" and schedules.parse_day("Tue") == "TU"
    assert schedules.parse_day("x") is None
    assert schedules.parse_time("09:30") == datetime.time(9, 30)
    assert schedules.parse_time("9:30") is None and schedules.parse_time("25:00") is None
    assert schedules.parse_byday("MO,1WE") == ("MO", "WE")
    assert schedules.parse_byday("MO,XX") is None
    opening = schedules.Opening("WEEKLY", ("MO", "WE"), datetime.time(9, 30), datetime.time(11, 30))
    assert schedules.open_on(opening, "MO", None, None)
    assert not schedules.open_on(opening, "TU", None, None)
    assert schedules.open_on(opening, "WE", datetime.time(11), datetime.time(12))  # overlaps
    assert not schedules.open_on(opening, "WE", datetime.time(11, 30), None)  # closed by then
    assert not schedules.open_on(opening, "WE", None, datetime.time(9, 30))  # not open yet
    assert schedules.describe(opening) == "Mondays and Wednesdays, 9:30am to 11:30am"
    noon = schedules.Opening("DAILY", (), datetime.time(12), datetime.time(13))
    assert schedules.describe(noon) == "Every day, midday to 1pm"


def test_a_complete_service_is_valid():
    assert oruk.validate_service(oruk_service()) == []


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        ({"id": "not-a-uuid"}, "service.id", "must be a UUID"),
        ({"name": ""}, "service.name", "is required"),
        ({"status": "open"}, "service.status", "must be one of"),
        ({"minimum_age": 12, "maximum_age": 5}, "service.maximum_age", "minimum_age"),
        ({"minimum_age": "five"}, "service.minimum_age", "whole number"),
        ({"email": "nobody"}, "service.email", "email address"),
        ({"name": "x" * 300}, "service.name", "255 characters or fewer"),
        ({"phones": {"number": "1"}}, "service.phones", "must be a list"),
        (
            {"phones": [{"id": "a1b2c3d4-0000-4000-8000-000000000001"}]},
            "service.phones[0].number",
            "is required",
        ),
    ],
)
def test_invalid_fields_are_named_by_path(change, path, words):
    issues = oruk.validate_service(oruk_service(**change))
    assert any(issue.path == path and words in issue.message for issue in issues), issues


def test_nested_problems_have_their_full_path():
    record = oruk_service()
    record["schedules"][0]["opens_at"] = "half nine"
    record["service_at_locations"][0]["location"]["latitude"] = 123
    record["service_at_locations"][0]["location"]["addresses"][0]["address_1"] = ""
    paths = {issue.path for issue in oruk.validate_service(record, "contents[4]")}
    assert paths == {
        "contents[4].schedules[0].opens_at",
        "contents[4].service_at_locations[0].location.latitude",
        "contents[4].service_at_locations[0].location.addresses[0].address_1",
    }


def test_documents_of_every_shape_are_understood():
    one = oruk_service()
    assert oruk.services_in({"contents": [one], "total_pages": 1}) == ([one], "contents")
    assert oruk.services_in([one]) == ([one], "services")
    assert oruk.services_in(one) == ([one], "services")
    assert isinstance(oruk.services_in({"hello": 1}), oruk.Issue)
    assert isinstance(oruk.services_in({"contents": "x"}), oruk.Issue)
