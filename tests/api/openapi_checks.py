"""How the suite runs schemathesis over an OpenAPI document (docs/adr/0022)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.specs.openapi.checks import positive_data_acceptance

CHECK_SETTINGS: dict[str, Any] = {"max_examples": 25, "deadline": None, "derandomize": True}


def validate(
    case: Any, *, rules_beyond_the_schema: frozenset[str] = frozenset(), headers: dict[str, str] | None = None
) -> Any:
    """Every default check: no server error, documented status codes, content types, headers and bodies,
    valid data accepted and invalid data rejected.

    Some rules cannot be said in OpenAPI (a postcode we know, a minimum age not above the maximum): for
    parameters named in `rules_beyond_the_schema`, a schema-valid request may get a 400, but only one that
    names those parameters in `fields`, with a message for each."""
    if not rules_beyond_the_schema:
        return case.call_and_validate(headers=headers)
    response = case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
    if response.status_code == 400 and case.meta and case.meta.generation.mode.is_positive:
        fields = response.json().get("fields") or {}
        assert fields and set(fields) <= rules_beyond_the_schema and all(fields.values()), response.text
    return response


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """schemathesis calls the real WSGI handler, whose request signals close the database connection: on
    PostgreSQL that would end the test's transaction. Django's own test client stops them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
