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

from .cin_validator import issues

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
    assert issues(out, 2025) == []
