"""schemathesis over the whole Open Referral UK OpenAPI document, against the Django WSGI app: every operation,
generated valid and invalid queries; no 500, every status and body as the document says."""

from __future__ import annotations

import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from tests.api.openapi_checks import CHECK_SETTINGS, validate, wsgi_keeps_the_test_connection  # noqa: F401 (fixture)

# Loading the document reads no records, so it can happen when the tests are collected
schema = schemathesis.openapi.from_wsgi("/openreferral/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(**CHECK_SETTINGS, suppress_health_check=list(HealthCheck))
def test_the_open_referral_api_does_what_its_document_says(
    case, db, demo_directory, wsgi_keeps_the_test_connection
):
    validate(case, rules_beyond_the_schema=frozenset({"postcode", "proximity", "maximum_age"}))


def test_the_metadata_gives_the_openapi_document(client, db):
    url = client.get("/openreferral/").json()["openapi_url"]
    assert url == "http://testserver/openreferral/openapi.json"
    document = client.get("/openreferral/openapi.json").json()
    assert document["openapi"].startswith("3.") and "/openreferral/services" in document["paths"]
    assert {p["name"] for p in document["paths"]["/openreferral/services"]["get"]["parameters"]} >= {
        "page",
        "per_page",
        "postcode",
        "proximity",
        "taxonomy_term_id",
    }
