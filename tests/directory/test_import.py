"""import_oruk: validate, upsert by id, report created/updated/rejected with reasons, never half a service."""

import json
import uuid

import pytest
from django.core.management import CommandError, call_command

from frontdoor.directory import importer, taxonomy
from frontdoor.directory.models import Location, Organization, Phone, Schedule, Service, ServiceAtLocation
from tests.directory.conftest import new_id, oruk_service


def test_a_service_is_created_then_updated_by_id(db):
    record = oruk_service()
    report = importer.import_document([record])
    assert (report.created, report.updated, report.rejected) == (1, 0, [])
    service = Service.objects.get(id=record["id"])
    assert service.organization.name == "Testshire Family Friends"
    assert service.is_free and service.minimum_age == 0 and service.maximum_age == 5
    assert list(service.taxonomy_terms.values_list("code", flat=True)) == ["parent-baby-and-toddler-groups"]
    location = service.service_at_locations.get().location
    assert location.is_family_hub and location.addresses.get().postal_code == "NS1 1BB"
    assert service.contacts.get().phones.count() == 1

    record["name"] = "Stay and Play – renamed"
    record["phones"] = [{"id": new_id(), "number": "01632 960099"}]
    record["cost_options"] = [{"id": new_id(), "amount": 3, "currency": "GBP"}]
    report = importer.import_document({"contents": [record], "total_pages": 1})
    assert (report.created, report.updated) == (0, 1)
    service.refresh_from_db()
    assert service.name == "Stay and Play – renamed" and not service.is_free
    assert list(service.phones.values_list("number", flat=True)) == ["01632 960099"]  # replaced, not added
    assert Service.objects.count() == 1 and Location.objects.count() == 1


def test_invalid_services_are_rejected_with_the_field_path_and_the_rest_import(db):
    good, bad = oruk_service(), oruk_service(status="open", minimum_age=-1)
    report = importer.import_document({"contents": [good, bad]})
    assert (report.created, len(report.rejected)) == (1, 1)
    rejection = report.rejected[0]
    assert rejection.path == "contents[1]" and rejection.service_id == bad["id"]
    assert {str(issue) for issue in rejection.issues} == {
        "contents[1].status: must be one of active, inactive, defunct, temporarily closed",
        "contents[1].minimum_age: must be between 0 and 130",
    }


def test_a_service_is_stored_whole_or_not_at_all(db):
    """The second location is unknown: by then the service, its phones and first location were written."""
    record = oruk_service()
    record["service_at_locations"].append({"id": new_id(), "location_id": new_id()})
    report = importer.import_document([record])
    assert report.created == 0
    assert str(report.rejected[0].issues[0]).startswith("services[0].service_at_locations[1].location_id:")
    assert not Service.objects.exists() and not Phone.objects.exists() and not Schedule.objects.exists()
    assert not Organization.objects.exists() and not Location.objects.exists()


def test_an_update_that_fails_leaves_the_previous_version(db):
    record = oruk_service()
    importer.import_document([record])
    record["name"] = "Changed"
    record["attributes"] = [{"id": new_id(), "taxonomy_term_id": new_id()}]  # unknown term, no detail
    report = importer.import_document([record])
    assert "attributes[0].taxonomy_term_id" in str(report.rejected[0].issues[0])
    service = Service.objects.get()
    assert service.name == "Stay and Play – Testby" and service.phones.count() == 1


def test_references_to_known_records_and_new_terms(db):
    first = oruk_service()
    importer.import_document([first])
    location_id = first["service_at_locations"][0]["location"]["id"]
    term_id, taxonomy_id = new_id(), new_id()
    second = oruk_service(organization=None, organization_id=first["organization"]["id"])
    del second["organization"]
    second["service_at_locations"] = [{"id": new_id(), "location_id": location_id}]
    second["attributes"] = [
        {
            "id": new_id(),
            "taxonomy_term": {
                "id": term_id,
                "name": "Local term",
                "taxonomy_detail": {"id": taxonomy_id, "name": "Local taxonomy"},
            },
        }
    ]
    report = importer.import_document([second])
    assert report.created == 1, report.rejected
    assert ServiceAtLocation.objects.filter(location_id=location_id).count() == 2
    assert Service.objects.get(id=second["id"]).taxonomy_terms.get().taxonomy.name == "Local taxonomy"


def test_unknown_organisation_is_a_reason(db):
    record = oruk_service(organization_id=new_id())
    del record["organization"]
    report = importer.import_document([record])
    assert "services[0].organization_id: is not an organisation we know" in str(report.rejected[0].issues[0])


def test_the_command_reports_and_rejects_a_file_that_is_not_oruk(db, tmp_path, capsys):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"contents": [oruk_service(), oruk_service(id="nope")]}))
    call_command("import_oruk", str(path))
    out = capsys.readouterr().out
    assert "1 created, 0 updated, 1 rejected" in out
    assert "contents[1].id: must be a UUID, not 'nope'" in out
    path.write_text("{not json")
    with pytest.raises(CommandError, match="is not JSON"):
        call_command("import_oruk", str(path))
    path.write_text(json.dumps({"hello": "world"}))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_oruk", str(path))


def test_a_paginated_api_is_read_page_by_page(db):
    services = [oruk_service() for _ in range(5)]
    asked = []

    def fetch(url):
        asked.append(url)
        page = int(url.split("page=")[1].split("&")[0])
        contents = services[(page - 1) * 2 : page * 2]
        return {"total_items": 5, "total_pages": 3, "page_number": page, "size": 2, "contents": contents}

    report = importer.import_url("https://directory.example/services?status=active", per_page=2, fetch=fetch)
    assert report.created == 5 and len(asked) == 3
    assert "status=active" in asked[0] and "per_page=2" in asked[0]


def test_load_postcodes_reads_onspd_columns_and_skips_terminated(db, tmp_path):
    from frontdoor.directory.models import Postcode

    path = tmp_path / "onspd.csv"
    path.write_text(
        "pcd,pcds,doterm,lat,long\n"
        "NS1 9AA,NS1 9AA,,54.61,-1.91\n"
        "NS1 9AB,NS1 9AB,202001,54.62,-1.92\n"
        "NS1 9AD,NS1 9AD,,99.999999,0.000000\n"
        "bad,bad,,1,1\n"
    )
    call_command("load_postcodes", str(path))
    assert list(Postcode.objects.values_list("postcode", "outward")) == [("NS1 9AA", "NS1")]
    (tmp_path / "plain.csv").write_text("Postcode,Latitude,Longitude\nns1 9aa,54.7,-1.8\n")
    call_command("load_postcodes", str(tmp_path / "plain.csv"))
    assert Postcode.objects.get().latitude == 54.7  # updated in place
    (tmp_path / "wrong.csv").write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="No postcode column"):
        call_command("load_postcodes", str(tmp_path / "wrong.csv"))


def test_ids_are_kept(db):
    record = oruk_service()
    importer.import_document([record])
    assert str(Service.objects.get().phones.get().id) == record["phones"][0]["id"]
    assert isinstance(Service.objects.get().id, uuid.UUID)


# Last: from here on the module has the demo directory
def test_the_export_imports_back_unchanged(client, db, demo_directory):
    exported = b"".join(client.get("/openreferral/export.json").streaming_content)
    document = json.loads(exported)
    assert (
        document["total_items"] == Service.objects.count()
        and len(document["contents"]) == document["total_items"]
    )
    report = importer.import_document(document)
    assert report.rejected == [] and report.updated == document["total_items"]
    again = json.loads(b"".join(client.get("/openreferral/export.json").streaming_content))
    for before, after in zip(document["contents"], again["contents"], strict=True):
        before.pop("last_modified"), after.pop("last_modified")
        assert before == after
    hubs = [
        loc
        for s in again["contents"]
        for sal in s["service_at_locations"]
        if (loc := sal["location"])["attributes"]
    ]
    assert {hub["attributes"][0]["taxonomy_term_id"] for hub in hubs} == {str(taxonomy.FAMILY_HUB_TERM_ID)}
