"""A subject access export: both files in the ZIP, third parties listed for redaction, administrators only."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from frontdoor.core.models import AuditEvent
from frontdoor.intake.models import ContactChild
from frontdoor.records import subject_access
from tests.conftest import signed_in
from tests.multiagency.factories import ContactFactory

from .factories import PersonFactory, adult, decide, link, note


@pytest.fixture
def ava(chat, social_worker):
    person = PersonFactory(given_name="Ava", family_name="Example")
    contact = ContactFactory(team=chat, referrer_name="Rita Referrer", referrer_agency="Testfield Primary")
    ContactChild.objects.create(contact=contact, given_name="Ben", family_name="Example")
    adult(contact, "Sam Example")
    decide(contact, social_worker, "early_help", years_ago=0)
    note(contact, social_worker)
    link(contact, person)
    return person


def test_the_command_writes_a_zip_with_json_and_a_pdf(ava, tmp_path):
    out = tmp_path / "ava.zip"

    call_command("subject_access_export", ava.reference, "--out", str(out), stdout=io.StringIO())

    with zipfile.ZipFile(out) as archive:
        assert {"record.json", "record.pdf", "third-parties.json"} <= set(archive.namelist())
        record = json.loads(archive.read("record.json"))
        assert archive.read("record.pdf").startswith(b"%PDF")
    assert record["person"]["reference"] == ava.reference
    assert record["contacts"][0]["decisions"][0]["outcome"] == "early_help"
    assert record["contacts"][0]["notes"]
    assert out.stat().st_mode & 0o077 == 0
    assert AuditEvent.objects.filter(
        action="records.subject_access_export", object_reference=ava.reference
    ).exists()


def test_the_third_parties_name_the_referrer_and_the_sibling_not_the_subject(ava):
    third = subject_access.record_of(ava)["third_parties"]
    names = {(party["kind"], party["name"]) for party in third}

    assert ("referrer", "Rita Referrer") in names
    assert ("other child", "Ben Example") in names
    assert ("adult", "Sam Example") in names
    assert not any(name == "Ava Example" for _, name in names)


def test_an_administrator_may_export_and_a_social_worker_is_refused(ava, administrator, social_worker):
    assert zipfile.is_zipfile(io.BytesIO(subject_access.export(ava, user=administrator)))
    with pytest.raises(PermissionDenied):
        subject_access.export(ava, user=social_worker)


def test_an_administrator_downloads_the_zip_from_the_staff_page(client, ava, administrator):
    page = signed_in(client, administrator)
    assert "Download subject access export" in page.get("/staff/subject-access/").content.decode()

    response = page.post("/staff/subject-access/", {"reference": ava.reference})

    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert {"record.json", "record.pdf"} <= set(archive.namelist())


def test_an_unknown_reference_is_shown_next_to_the_field(client, administrator):
    response = signed_in(client, administrator).post("/staff/subject-access/", {"reference": "P-NOPE"})

    assert "No person has this reference" in response.content.decode()
    assert 'value="P-NOPE"' in response.content.decode()


def test_a_social_worker_is_refused_the_staff_page(client, ava, social_worker):
    page = signed_in(client, social_worker)
    assert page.get("/staff/subject-access/").status_code == 403
    assert page.post("/staff/subject-access/", {"reference": ava.reference}).status_code == 403
    assert "subject access" not in page.get(f"/staff/people/{ava.pk}/").content.decode()
