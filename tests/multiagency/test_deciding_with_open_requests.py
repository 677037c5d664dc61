"""A decision while an information request is unanswered needs the worker's reason; the manager sees it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdoor.core.errors import Refused
from frontdoor.multiagency import services
from frontdoor.triage.models import Decision
from tests.conftest import signed_in
from tests.multiagency.factories import InformationRequestFactory
from tests.triage.helpers import decide


def test_a_decision_with_an_open_request_needs_the_workers_reason_and_the_manager_sees_it(
    client, contact, social_worker, team_manager
):
    InformationRequestFactory(contact=contact, sent_by=social_worker)
    with pytest.raises(
        Refused, match="1 information request is still unanswered \\(Testshire Police MASH\\)"
    ):
        decide(contact, social_worker)
    assert not Decision.objects.exists()

    signed_in(client, social_worker)
    page = client.get(reverse("triage:contact", args=[contact.pk])).content.decode()
    assert "record why you are deciding now" in page
    client.post(
        reverse("multiagency:decide_now", args=[contact.pk]),
        {"reason": "Police are closed until Monday and the school has told us enough."},
    )
    decision = decide(contact, social_worker)

    oversight = signed_in(client, team_manager).get(reverse("triage:oversight", args=[contact.pk]))
    html = oversight.content.decode()
    assert "Decided with 1 information request unanswered: Testshire Police MASH" in html
    assert "Police are closed until Monday" in html
    assert decision.pk


def test_a_newer_request_needs_a_new_reason(contact, social_worker):
    InformationRequestFactory(contact=contact, sent_by=social_worker)
    services.record_reason_to_decide_now(contact=contact, user=social_worker, reason="Enough known.")
    InformationRequestFactory(contact=contact, sent_by=social_worker, sent_at=timezone.now())
    with pytest.raises(Refused, match="2 information requests are still unanswered"):
        decide(contact, social_worker)


def test_answered_or_withdrawn_requests_do_not_hold_a_decision(contact, social_worker):
    InformationRequestFactory(contact=contact, sent_by=social_worker, replied=True)
    assert decide(contact, social_worker).pk
