"""The multi-agency part of the contact page costs the same number of queries (8) for 1 request or 10."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import signed_in
from tests.multiagency.factories import InformationRequestFactory


def _queries(client, contact) -> int:
    """Queries of the multi-agency tables (the rest of the page is triage's to count)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("triage:contact", args=[contact.pk])).status_code == 200
    return sum(1 for query in captured if "multiagency_" in query["sql"])


def test_the_contact_page_costs_the_same_for_one_request_or_ten(client, contact, social_worker):
    signed_in(client, social_worker)
    InformationRequestFactory(contact=contact, sent_by=social_worker)
    one = _queries(client, contact)
    for _ in range(9):
        InformationRequestFactory(contact=contact, sent_by=social_worker)
    assert _queries(client, contact) == one
    assert one <= 12
