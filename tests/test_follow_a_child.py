"""Follow one child: three contacts and two referrals, seen with the same identity (their Person) and the same
count of referrals in the last 12 months on the contact page, the person page, search and the dashboard.

The second contact types the child's name differently: a worker links it to the same person, and from then on
everything counts it as the same child. Names and dates of birth are evidence for a link, never an identity.

The statutory returns (CIN census, Annex A, SSD) carry the same child id: her person reference."""

import csv
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from frontdoor.core.codes import Outcome
from frontdoor.intake.models import Contact, ContactChild
from frontdoor.people import services as people_services
from frontdoor.people.entries import entries_of
from frontdoor.people.models import ContactPerson, Person
from frontdoor.reporting import queries as reporting
from frontdoor.reporting import services
from frontdoor.reporting.figures import annex_a
from frontdoor.reporting.figures.dashboard import ReReferrals
from frontdoor.triage.models import Referral
from tests.conftest import signed_in
from tests.triage.helpers import decide, oversee

DOB = date(2019, 4, 1)


@dataclass
class Followed:
    person: Person
    contacts: list[Contact]  # oldest first; the last one is open now
    today: date


@pytest.fixture
def followed(chat, social_worker, team_manager, make_contact) -> Followed:
    first = make_contact(chat, minutes_ago=60 * 24 * 100, child=("Ava", "Example", DOB))
    oversee(decide(first, social_worker, Outcome.CHILD_AND_FAMILY_ASSESSMENT), team_manager)
    person = ContactPerson.objects.get(contact_child=ContactChild.objects.get(contact=first)).person
    # typed differently by the referrer; the worker links it to Ava's record
    second = make_contact(
        chat, minutes_ago=60 * 24 * 40, child=("Eva", "Exampel", DOB + timedelta(days=1)), link=False
    )
    [entry] = entries_of(second)
    people_services.link_to_person(user=social_worker, contact=second, entry=entry, person=person)
    oversee(decide(second, social_worker, Outcome.STRATEGY_DISCUSSION), team_manager)
    third = make_contact(chat, child=("Ava", "Example", DOB))
    assert Referral.objects.count() == 2
    return Followed(person, [first, second, third], timezone.localdate())


def test_one_child_one_identity_one_twelve_month_count_everywhere(
    client, social_worker, analyst, followed, tmp_path_factory
):
    person, today = followed.person, followed.today
    signed_in(client, social_worker)

    # Contact page: the open contact shows Ava's record, her two other contacts and 2 referrals
    page = client.get(reverse("triage:contact", args=[followed.contacts[-1].pk])).content.decode()
    assert person.reference in page
    assert all(c.reference in page for c in followed.contacts[:2])
    assert '<span class="referral-count">2</span>' in page and "A referral now would be a re-referral" in page

    # Person page: three contacts, 2 referrals in the last 12 months
    page = client.get(reverse("people:person", args=[person.pk])).content.decode()
    assert all(c.reference in page for c in followed.contacts)
    assert '<span id="referral-count">2</span>' in page

    # Search: found by her reference, with the same count
    data = {
        "reference": person.reference,
        "date_of_birth_0": "",
        "date_of_birth_1": "",
        "date_of_birth_2": "",
    }
    page = client.post(reverse("people:search"), data).content.decode()
    assert person.reference in page and '<span class="referral-count">2</span>' in page

    # Dashboard: both referrals are Ava's (one child key: her person), the second a re-referral
    start = today - timedelta(days=120)
    referrals = reporting.referral_rows(team=None, start=start, end=today).referrals
    # In the returns the child id is her person reference (the LAchildID), the same for both referrals
    key = reporting.person_key(person.reference)
    assert [r.child_key for r in referrals] == [key, key]
    counted = ReReferrals(reporting.dashboard_referrals(team=None, start=start, end=today))
    assert counted.referrals_in_last_12_months(reporting.child_identity(person.pk, None), today) == 2
    dashboard = reporting.dashboard(team=None, start=start, end=today)
    assert (dashboard.total.referrals, dashboard.total.re_referrals, dashboard.total.children) == (2, 1, 1)
    assert signed_in(client, analyst).get("/staff/performance/").status_code == 200

    # Returns: her person reference is the child id in every one, the same for both referrals
    tmp = tmp_path_factory.mktemp("returns")
    referral_days = sorted(Referral.objects.values_list("referral_date", flat=True))
    census_years = sorted({d.year + 1 if d.month >= 4 else d.year for d in referral_days})
    details = []
    for year in census_years:  # both referrals may fall in one collection year or straddle two
        services.write_cin_census(year=year, out=tmp / f"cin-{year}.xml")
        root = ET.fromstring((tmp / f"cin-{year}.xml").read_bytes())  # noqa: S314 (our own file)
        children = root.findall("Children/Child")
        assert [c.findtext("ChildIdentifiers/LAchildID") for c in children] == [key]
        assert children[0].findtext("ChildIdentifiers/PersonBirthDate") == DOB.isoformat()
        details += [d.findtext("CINreferralDate") for d in children[0].findall("CINdetails")]
    # The second referral came while the first case was open: one CIN episode, as the DfE rules have it
    assert set(details) == {referral_days[0].isoformat()}

    services.write_annex_a(as_of=today, out=tmp / "annex.xlsx")
    workbook = load_workbook(tmp / "annex.xlsx")
    contacts = list(workbook["List 1 Contacts"].iter_rows(values_only=True))[1:]
    assert [row[0] for row in contacts] == [key] * 3
    referrals = list(workbook["List 3 Referrals"].iter_rows(values_only=True))[1:]
    count = annex_a.LIST_3_COLUMNS.index("Number of Referrals in Last 12 Months")
    assert [(row[0], row[count]) for row in referrals] == [(key, 1), (key, 2)]

    services.write_ssd(out_dir=tmp, since=today - timedelta(days=365))
    with (tmp / "ssd_person.csv").open(newline="", encoding="utf-8") as handle:
        assert [row["pers_person_id"] for row in csv.DictReader(handle)] == [key]
    with (tmp / "ssd_cin_episodes.csv").open(newline="", encoding="utf-8") as handle:
        assert [row["cine_person_id"] for row in csv.DictReader(handle)] == [key, key]
    with (tmp / "ssd_contacts.csv").open(newline="", encoding="utf-8") as handle:
        assert [row["cont_person_id"] for row in csv.DictReader(handle)] == [key] * 3
