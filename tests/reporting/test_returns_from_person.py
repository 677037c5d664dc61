"""Every statutory return takes the child from their person record: the same child id, sex, ethnicity, dates,
identifiers and disability in the CIN census, Annex A and the SSD; Annex A in Ofsted's value formats; the SSD's
ids point to rows of the tables it names."""

import csv
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from frontdoor.people.models import Family, FamilyMember
from frontdoor.reporting import services
from frontdoor.reporting.figures import annex_a, ssd
from frontdoor.reporting.queries import person_key

from .factories import VALID_NHS, PersonFactory, referred


@pytest.fixture
def omar(db, chat, social_worker):
    person = PersonFactory(
        given_name="Omar", family_name="Person", sex="M", ethnicity="APKN", disabilities="AUT COMM",
        date_of_birth=date(2014, 7, 9), address_line_1="1 Synthetic Road", town="Northshire", postcode="NS1 1AA",
    )  # fmt: skip
    referred(chat, social_worker, person, on=date(2025, 1, 10), nfa=True)
    referred(chat, social_worker, person, on=date(2025, 3, 3))
    family = Family.objects.create(
        reference="FM-TEST-0001", name="Person household", created_at=timezone.now()
    )
    FamilyMember.objects.create(family=family, person=person)
    return person


def test_the_cin_census_takes_the_child_from_the_person(omar, tmp_path):
    out = tmp_path / "cin.xml"
    result = services.write_cin_census(year=2025, out=out)
    assert result.failures == []
    child = ET.fromstring(out.read_bytes()).find("Children/Child")  # noqa: S314 (our own file)
    assert child is not None
    ids = child.find("ChildIdentifiers")
    assert ids.findtext("LAchildID") == person_key(omar.reference)
    assert ids.findtext("UPN") == omar.upn and ids.findtext("Sex") == "M"
    assert ids.findtext("PersonBirthDate") == "2014-07-09"
    assert child.findtext("ChildCharacteristics/Ethnicity") == "APKN"
    assert [d.text for d in child.findall("ChildCharacteristics/Disabilities/Disability")] == ["AUT", "COMM"]
    nfa, open_case = child.findall("CINdetails")
    assert nfa.findtext("ReasonForClosure") == "RC7" and nfa.findtext("CINclosureDate") == "2025-01-10"
    assert open_case.findtext("CINclosureDate") is None


ANNEX_A_FORMATS = {
    "Child Unique ID": r"[A-Za-z0-9]+",
    "Gender": r"[a-d]\) (Male|Female|Not stated/recorded|Neither)",
    "Ethnicity": r"[a-s]\) [A-Z]{4}",
    "Date of Birth": r"(\d\d/\d\d/\d{4})?",
    "Age of Child (Years)": r"(\d{1,2})?",
    "Date of Contact": r"\d\d/\d\d/\d{4}",
    "Contact Source": r"[a-u]1?\) \d{1,2}[A-F]?: .+",
    "Assessment start date": r"\d\d/\d\d/\d{4}",
    "Assessment completion date": r"(\d\d/\d\d/\d{4})?",
    "Organisation completing assessment": r".+",
    "Date of Referral": r"\d\d/\d\d/\d{4}",
    "Referral Source": r"[a-u]1?\) \d{1,2}[A-F]?: .+",
    "Referral NFA?": r"a\) Yes|b\) No",
    "Number of Referrals in Last 12 Months": r"\d+",
    "Allocated Team": r".+",
    "Allocated Worker": r".+",
}


def test_annex_a_has_ofsteds_formats_in_every_column_and_gender_and_ethnicity_from_the_person(
    omar, known_data, tmp_path
):
    out = tmp_path / "annex.xlsx"
    services.write_annex_a(as_of=date(2025, 6, 30), out=out)
    workbook = load_workbook(out)
    for sheet in workbook.sheetnames:
        header, *rows = list(workbook[sheet].iter_rows(values_only=True))
        assert rows, sheet
        for row in rows:
            for column, value in zip(header, row, strict=True):
                text = "" if value is None else str(value)
                assert re.fullmatch(ANNEX_A_FORMATS[column], text), (sheet, column, value)
    referrals = list(workbook["List 3 Referrals"].iter_rows(values_only=True))[1:]
    mine = [row for row in referrals if row[0] == person_key(omar.reference)]
    assert [row[1:3] for row in mine] == [("a) Male", "k) APKN")] * 2
    assert [row[7] for row in mine] == ["a) Yes", "b) No"]
    assert [row[8] for row in mine] == [1, 2]  # the second is counted with the first: one person
    assert annex_a.source("5D") == "p1) 5D: LA services" and annex_a.ethnicity("") == "s) NOBT"


def _table(directory, name):
    with (directory / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_ssd_uses_the_current_names_and_its_ids_point_to_the_tables_it_names(omar, known_data, tmp_path):
    services.write_ssd(out_dir=tmp_path, since=date(2024, 1, 1))
    for name, fields in ssd.FILES:
        with (tmp_path / name).open(newline="", encoding="utf-8") as handle:
            assert tuple(next(csv.reader(handle))) == fields
    people = {row["pers_person_id"]: row for row in _table(tmp_path, "ssd_person.csv")}
    me = people[person_key(omar.reference)]
    assert (
        me["pers_single_unique_id"] == VALID_NHS and me["pers_sex"] == "M" and me["pers_ethnicity"] == "APKN"
    )
    assert "pers_common_child_id" not in me
    teams = {row["dept_team_id"] for row in _table(tmp_path, "ssd_department.csv")}
    workers = {row["prof_professional_id"] for row in _table(tmp_path, "ssd_professionals.csv")}
    episodes = _table(tmp_path, "ssd_cin_episodes.csv")
    assert episodes and all(e["cine_referral_team"] in teams for e in episodes)
    assert all(e["cine_referral_worker_id"] in workers for e in episodes)
    assert not any(e["cine_referral_team"] == "Children's Help and Advice Team" for e in episodes)  # ids
    early_help = _table(tmp_path, "ssd_early_help_episodes.csv")
    assert early_help and all(e["earl_episode_worker_id"] in workers for e in early_help)
    identifiers = {(r["link_person_id"], r["link_identifier_type"]): r["link_identifier_value"]
                   for r in _table(tmp_path, "ssd_linked_identifiers.csv")}  # fmt: skip
    key = person_key(omar.reference)
    assert (
        identifiers[(key, "NHS Number")] == VALID_NHS
        and identifiers[(key, "Unique Pupil Number")] == omar.upn
    )
    assert identifiers[(key, "Case Number")] == omar.reference
    assert _table(tmp_path, "ssd_family.csv") == [
        {"fami_table_id": f"FM-TEST-0001-{key}", "fami_family_id": "FM-TEST-0001", "fami_person_id": key}
    ]
    (address,) = _table(tmp_path, "ssd_address.csv")
    assert address["addr_person_id"] == key and address["addr_address_postcode"] == "NS1 1AA"
    assert '"STREET":"1 Synthetic Road"' in address["addr_address_json"]
    assert {r["disa_disability_code"] for r in _table(tmp_path, "ssd_disability.csv")} == {"AUT", "COMM"}
    for table, column in (("ssd_contacts.csv", "cont_person_id"), ("ssd_cin_episodes.csv", "cine_person_id"),
                          ("ssd_early_help_episodes.csv", "earl_person_id")):  # fmt: skip
        assert {row[column] for row in _table(tmp_path, table)} <= set(people)
