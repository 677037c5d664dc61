"""Directory fixtures: the sample postcodes, a small hand-built directory, and builders of ORUK records."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest

from frontdoor.directory import taxonomy
from frontdoor.directory.seed import SAMPLE_POSTCODES
from frontdoor.directory.services import load_postcodes


def new_id() -> str:
    return str(uuid.uuid4())


ORG = {"id": "8b0c8e62-2a8d-4d6e-8a41-3a4c7d1f0a01", "name": "Testshire Family Friends"}


def oruk_service(**overrides: Any) -> dict[str, Any]:
    """A complete, valid ORUK 3.0 service record (synthetic)."""
    service_id = overrides.pop("id", new_id())
    record: dict[str, Any] = {
        "id": service_id,
        "name": "Stay and Play – Testby",
        "description": "Play sessions for babies and toddlers.",
        "status": "active",
        "organization": copy.deepcopy(ORG),
        "email": "play@family.example",
        "url": "https://family.example/play",
        "minimum_age": 0,
        "maximum_age": 5,
        "assured_date": "2026-01-10",
        "phones": [{"id": new_id(), "number": "01632 960001"}],
        "schedules": [
            {"id": new_id(), "freq": "WEEKLY", "byday": "MO,WE", "opens_at": "09:30", "closes_at": "11:30"}
        ],
        "languages": [{"id": new_id(), "name": "English", "code": "en"}],
        "service_areas": [{"id": new_id(), "name": "Testby"}],
        "cost_options": [],
        "contacts": [
            {"id": new_id(), "name": "Coordinator", "phones": [{"id": new_id(), "number": "01632 960002"}]}
        ],
        "attributes": [
            {"id": new_id(), "taxonomy_term_id": str(taxonomy.term_id("parent-baby-and-toddler-groups"))}
        ],
        "service_at_locations": [
            {
                "id": new_id(),
                "location": {
                    "id": overrides.pop("location_id", new_id()),
                    "name": "Testby Family Hub",
                    "latitude": 54.6,
                    "longitude": -1.9,
                    "addresses": [
                        {
                            "id": new_id(),
                            "address_1": "1 Market Street",
                            "city": "Testby",
                            "postal_code": "NS1 1BB",
                        }
                    ],
                    "accessibility": [{"id": new_id(), "description": "Step-free"}],
                    "attributes": [
                        {
                            "id": new_id(),
                            "taxonomy_term_id": str(taxonomy.FAMILY_HUB_TERM_ID),
                            "value": "true",
                        }
                    ],
                },
            }
        ],
    }
    record.update(overrides)
    return record


@pytest.fixture
def sample_postcodes(db):
    return load_postcodes(SAMPLE_POSTCODES)


@pytest.fixture(scope="module")
def demo_directory(django_db_setup, django_db_blocker):
    """The demo directory (about 150 services), built once per test module and removed after it.

    Tests change it only inside their own transaction, which is rolled back.
    """
    from frontdoor.directory.models import Location, Organization, Postcode, Service, Taxonomy, TaxonomyTerm
    from frontdoor.directory.seed import seed_directory

    with django_db_blocker.unblock():
        # A transactional (browser) test may have flushed the migration's taxonomy, or left services behind
        Service.objects.all().delete()
        taxonomy.ensure_taxonomy(Taxonomy, TaxonomyTerm)
        report = seed_directory()
        assert report is not None and report.ok, report and report.rejected[:3]
        yield report
        Service.objects.all().delete()
        Location.objects.all().delete()
        Organization.objects.all().delete()
        Postcode.objects.all().delete()
