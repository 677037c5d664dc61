"""The CIN census passes the DfE rules as councils check them (the open csc-validator-be-cin) with zero issues:
on the demo council and on a generated year of a large council (the `make bench` generator, at a small size)."""

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from frontdoor.demo.seed import seed
from frontdoor.people.demo import seed_people
from frontdoor.reporting.figures.cin_census import census_period
from frontdoor.reporting.services import write_cin_census
from frontdoor.triage.models import Referral

from .cin_validator import issues, misread
from .factories import PersonFactory, referred

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _census_years() -> list[int]:
    """Every collection year (named by its end) that holds a referral."""
    years = {day.year + (day.month > 3) for day in Referral.objects.values_list("referral_date", flat=True)}
    return sorted(year for year in years if year <= timezone.localdate().year + 1)


@pytest.mark.django_db
def test_the_demo_councils_census_has_no_issue(tmp_path):
    seed(historic_contacts=2000, open_contacts=0)
    seed_people()
    years = _census_years()
    assert years
    for year in years:
        out = tmp_path / f"cin-{year}.xml"
        result = write_cin_census(year=year, out=out)
        assert result.children > 100
        assert result.failures == [] and result.structure_problems == []
        assert issues(out, year) == []


def _bench_generator():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location("bench_reporting", BENCH / "reporting.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_a_generated_year_of_a_large_council_has_no_issue(tmp_path):
    bench = _bench_generator()
    bench.generate(contacts_wanted=4000, referrals_wanted=1100, pool_size=2500)
    start, _ = census_period(2025)
    assert start == date(2024, 4, 1) == bench.START
    out = tmp_path / "cin-2025.xml"
    result = write_cin_census(year=2025, out=out)
    assert result.children > 500
    assert result.failures == [] and result.structure_problems == []
    found = issues(out, 2025)
    assert [issue for issue in found if issue not in misread(out, 2025, found)] == []


def about_children(census: Path, year: int) -> list[dict[str, str]]:
    """The issues about a child (a return of two children also draws 2887Q: fewer than 8 disability codes)."""
    return [issue for issue in issues(census, year) if issue["child"]]


@pytest.mark.django_db
def test_the_validator_misreads_8569q_when_the_year_starts_on_a_bank_holiday(tmp_path, chat, social_worker):
    """8569Q: "if CINreferralDate is before [start of census year] minus 1 working day, ReferralNFA must be
    false". A no-further-action referral made on the first day of the year is within the rule, but the
    validator flags one on Easter Monday 1 April 2024 (and not one on Tuesday 1 April 2025). Seen on the
    bench's generated year of a large council: 4 such children of 32,753, the only issues it reported."""
    referred(chat, social_worker, PersonFactory(), on=date(2024, 4, 1), nfa=True)
    referred(chat, social_worker, PersonFactory(), on=date(2025, 4, 1), nfa=True)

    census_2025, census_2026 = tmp_path / "cin-2025.xml", tmp_path / "cin-2026.xml"
    assert write_cin_census(year=2025, out=census_2025).failures == []
    assert write_cin_census(year=2026, out=census_2026).failures == []

    found = about_children(census_2025, 2025)
    assert [issue["rule"] for issue in found] == ["8569Q"]
    assert misread(census_2025, 2025, found) == found
    assert about_children(census_2026, 2026) == []

    # A no-further-action referral from before the year really breaks the rule: that one is not excused.
    before = tmp_path / "cin-2025-before.xml"
    before.write_text(census_2025.read_text().replace("2024-04-01", "2024-03-27"))
    found = about_children(before, 2025)
    assert "8569Q" in [issue["rule"] for issue in found]  # (and 8620: it was closed before the year, too)
    assert misread(before, 2025, found) == []
