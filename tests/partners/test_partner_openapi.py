"""schemathesis over the whole partner API document, with a real token for a team with contacts: no 500, every
answer as documented, and the same calls without the token refused."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import HealthCheck, settings

from tests.api.openapi_checks import CHECK_SETTINGS, validate, wsgi_keeps_the_test_connection  # noqa: F401 (fixture)

from .conftest import bearer

schema = schemathesis.openapi.from_wsgi("/partner/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def partner_headers(chat, fast, make_contact, issue):
    for minutes in (5, 50, 500):
        make_contact(chat, minutes_ago=minutes)
    make_contact(fast)
    issued = issue(chat, "contacts:read", "decisions:read")
    return {"Authorization": bearer(issued)["HTTP_AUTHORIZATION"]}


@schema.parametrize()
@settings(**CHECK_SETTINGS, suppress_health_check=list(HealthCheck))
@override_settings(PARTNER_API_RATE="100000/m")
def test_the_partner_api_does_what_its_document_says(case, partner_headers, wsgi_keeps_the_test_connection):
    validate(case, headers=partner_headers)


def test_the_document_says_how_to_authenticate_and_check_webhooks(client, db):
    document = client.get("/partner/v1/openapi.json").json()
    assert document["components"]["securitySchemes"]["PartnerToken_"]["scheme"] == "bearer"
    assert "FrontDoor-Signature" in document["info"]["description"]
