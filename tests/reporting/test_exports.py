"""CIN census, Annex A and SSD exports from the database, by command and as background jobs."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from frontdoor.reporting.figures import annex_a, ssd
from frontdoor.reporting.figures.cin_census import check_structure
from frontdoor.reporting.models import ExportJob
from frontdoor.reporting.services import run_pending
from tests.conftest import signed_in


def parse(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 (the file we have just written)


def test_cin_census_command_writes_the_file_and_lists_failed_rules(known_data, tmp_path, capsys):
    out = tmp_path / "cin.xml"
    call_command("export_cin_census", "--year", "2026", "--out", str(out), "--la-code", "999")
    captured = capsys.readouterr()
    root = parse(out.read_bytes())
    assert check_structure(root) == []
    children = root.findall("Children/Child")
    assert len(children) == 2  # Ava (twice referred) and Ben
    assert root.findtext("Header/Source/LEA") == "999"
    # Ben has no date of birth; nobody's sex is recorded yet: validation errors with child and rule, no crash
    assert re.search(r"Rule 8525 \(child (?:FD[0-9A-F]{14}|PN[0-9A-Z]+)\)", captured.err)
    assert "Rule XSD" in captured.err and "Sex is not recorded" in captured.err
    # Ava's first referral is still open when she is referred again: the second belongs to that episode, so
    # her episodes neither overlap (8820) nor are two open at once (8815)
    assert "Rule 8820" not in captured.err and "Rule 8815" not in captured.err
    assert sorted(len(child.findall("CINdetails")) for child in children) == [1, 1]
    assert "[100%]" in captured.err
    assert "2 children, 2 CIN episodes" in captured.out


def test_cin_census_of_a_year_with_no_referrals(db, tmp_path, capsys):
    out = tmp_path / "empty.xml"
    call_command("export_cin_census", "--year", "2020", "--out", str(out))
    assert "0 children" in capsys.readouterr().out
    assert out.exists()


def test_cin_census_refuses_a_silly_year(db, tmp_path):
    with pytest.raises(CommandError, match="collection year"):
        call_command("export_cin_census", "--year", "1999", "--out", str(tmp_path / "x.xml"))


def test_annex_a_columns_order_and_formats(known_data, tmp_path):
    out = tmp_path / "annex.xlsx"
    call_command("export_annex_a", "--as-of", "2025-06-30", "--out", str(out))
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["List 1 Contacts", "List 2 Early Help", "List 3 Referrals"]
    sheets = {name: list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames}
    assert sheets["List 1 Contacts"][0] == annex_a.LIST_1_COLUMNS
    assert annex_a.LIST_1_COLUMNS == (
        "Child Unique ID",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        "Date of Contact",
        "Contact Source",
    )
    assert sheets["List 2 Early Help"][0] == annex_a.LIST_2_COLUMNS
    assert sheets["List 3 Referrals"][0][5:] == (
        "Date of Referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    )
    contacts = sheets["List 1 Contacts"][1:]
    assert len(contacts) == 5
    first = contacts[0]
    assert first[1] == "c) Not stated/recorded"
    assert first[3] == "02/03/2015" and first[4] == 10
    assert first[5] == "06/05/2025" and first[6] == "e) 2A: Schools"
    assert {row[6] for row in contacts} >= {"q) 6: Police", "g) 3A: Health services"}
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", row[5]) for row in contacts)
    assert len(sheets["List 2 Early Help"]) == 2
    early_help = sheets["List 2 Early Help"][1]
    assert (
        early_help[5] == "07/05/2025"
        and early_help[6] is None
        and early_help[7] == "Family Advice and Support Team"
    )
    referrals = sheets["List 3 Referrals"][1:]
    assert len(referrals) == 3
    assert [row[7] for row in referrals] == ["b) No"] * 3
    assert [row[8] for row in referrals] == [1, 2, 1]  # Ava's second referral: 2 in the last 12 months
    assert referrals[0][9] == "Children's Help and Advice Team" and referrals[0][10] == "Sw.Chat Tester"
    ben = [row for row in referrals if row[3] is None]
    assert ben and ben[0][4] is None  # no date of birth: blank, not a crash


def test_annex_a_refuses_a_future_date(db, tmp_path):
    with pytest.raises(CommandError, match="today or in the past"):
        call_command("export_annex_a", "--as-of", "2099-01-01", "--out", str(tmp_path / "a.xlsx"))


def test_ssd_extract_headers(known_data, tmp_path):
    call_command("export_ssd", "--out", str(tmp_path), "--since", "2025-01-01")
    for name, fields in ssd.FILES:
        with (tmp_path / name).open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert tuple(rows[0]) == fields
    assert ssd.CIN_EPISODE_FIELDS[:4] == (
        "cine_referral_id",
        "cine_person_id",
        "cine_referral_date",
        "cine_cin_primary_need_code",
    )
    people = list(csv.DictReader((tmp_path / "ssd_person.csv").open(encoding="utf-8")))
    assert len(people) == 4  # Ava once, Dan, Ben, Cara
    episodes = list(csv.DictReader((tmp_path / "ssd_cin_episodes.csv").open(encoding="utf-8")))
    assert len(episodes) == 3 and {e["cine_referral_nfa"] for e in episodes} == {"N"}
    assert {e["cine_person_id"] for e in episodes} <= {p["pers_person_id"] for p in people}
    contacts = list(csv.DictReader((tmp_path / "ssd_contacts.csv").open(encoding="utf-8")))
    assert len(contacts) == 5 and contacts[0]["cont_contact_date"] == "2025-05-06"


def test_export_jobs_from_the_web(client, returns_officer, make_user, known_data):
    from frontdoor.accounts.models import Role

    page = signed_in(client, returns_officer).get("/staff/performance/exports/")
    assert page.status_code == 200
    response = client.post("/staff/performance/exports/", {"kind": "cin_census", "year": "2026"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/exports/{job.pk}/")
    assert job.status == ExportJob.Status.QUEUED
    assert "Refresh this page" in client.get(response["Location"]).content.decode()
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.progress == 100
    assert any(re.match(r"8525 \(child (?:FD|PN)", line) for line in job.warning_lines)
    page = client.get(f"/staff/performance/exports/{job.pk}/")
    assert "Download the file" in page.content.decode() and "Failed validation rules" in page.content.decode()
    download = client.get(f"/staff/performance/exports/{job.pk}/download/")
    assert download["Content-Disposition"].endswith('filename="cin-census-2026.xml"')
    assert check_structure(parse(b"".join(download.streaming_content))) == []
    from frontdoor.core.models import AccessEvent

    assert AccessEvent.objects.filter(object_type="reporting.ExportJob", object_id=str(job.pk)).exists()
    # another returns officer may not see or download it; an analyst or a team manager may not export at all
    other = make_user("returns2", Role.RETURNS_OFFICER)
    assert signed_in(client, other).get(f"/staff/performance/exports/{job.pk}/download/").status_code == 403
    analyst = make_user("analyst2", Role.ANALYST)
    assert signed_in(client, analyst).get(f"/staff/performance/exports/{job.pk}/download/").status_code == 403
    assert client.get("/staff/performance/exports/").status_code == 403
    manager = make_user("tm2", Role.TEAM_MANAGER, known_data["chat"])
    assert signed_in(client, manager).get("/staff/performance/exports/").status_code == 403


def test_annex_a_and_ssd_jobs(client, returns_officer, known_data):
    signed_in(client, returns_officer)
    client.post(
        "/staff/performance/exports/", {"kind": "annex_a", "as_of_0": "30", "as_of_1": "6", "as_of_2": "2025"}
    )
    client.post("/staff/performance/exports/", {"kind": "ssd"})
    assert run_pending() == 2
    annex, extract = ExportJob.objects.order_by("requested_at")
    assert (annex.status, extract.status) == ("done", "done")
    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(f"/staff/performance/exports/{annex.pk}/download/").streaming_content))
    )
    assert workbook.sheetnames[0] == "List 1 Contacts"
    import zipfile

    archive = zipfile.ZipFile(
        io.BytesIO(
            b"".join(client.get(f"/staff/performance/exports/{extract.pk}/download/").streaming_content)
        )
    )
    assert sorted(archive.namelist()) == sorted(name for name, _ in ssd.FILES)


def test_export_form_errors(client, returns_officer, db):
    signed_in(client, returns_officer)
    response = client.post("/staff/performance/exports/", {})
    assert response.status_code == 400 and "Select what you want to export" in response.content.decode()
    response = client.post(
        "/staff/performance/exports/", {"kind": "annex_a", "as_of_0": "1", "as_of_1": "1", "as_of_2": "2099"}
    )
    assert "must be today or in the past" in response.content.decode()
    response = client.post("/staff/performance/exports/", {"kind": "cin_census"})
    assert "Enter the census collection year" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_a_failing_job_is_recorded_and_the_worker_carries_on(returns_officer, db, monkeypatch):
    from frontdoor.reporting import services

    job = services.request_export(user=returns_officer, kind="annex_a", params={"as_of": "2025-06-30"})

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "write_annex_a", broken)
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "disk full" in job.error
    assert date.today()  # the worker returned normally
