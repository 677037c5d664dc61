"""The DfE's children's social care data flow: the demo council's payload has the published structure; a
second push sends only what changed; a push refused for its fields is shown and not retried, its records
held until corrected; a 500 is retried with backoff. A real receiver, started by the test, takes the pushes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest
from django.core.management import call_command
from django.test import override_settings

from frontdoor.notify.models import OutboxMessage
from frontdoor.notify.services import send_due
from frontdoor.partners import csc
from frontdoor.partners.models import CscPush
from frontdoor.triage.models import Referral
from tests.conftest import signed_in

SCHEMA = json.loads((Path(__file__).parent / "csc_payload.schema.json").read_text())


@pytest.fixture
def demo_council(db):
    call_command("seed_demo", "--contacts", "60", "--open", "8")


@pytest.fixture
def endpoint(receiver, settings):
    settings.CSC_API_URL = receiver.url + "/children_social_care_data/999/children"
    return receiver


def _push():
    call_command("push_csc_api", "--send")


def test_the_demo_councils_payload_has_the_published_structure(demo_council, endpoint):
    _push()
    (arrival,) = endpoint.arrivals
    payload = arrival.json()
    jsonschema_rs.validator_for(SCHEMA).validate(payload)
    assert len(payload) == len(csc.current_records()) > 5
    assert all(record["social_care_episodes"] for record in payload)
    assert arrival.path == "/hooks/children_social_care_data/999/children"
    assert arrival.headers["Idempotency-Key"].startswith("csc:")
    assert CscPush.objects.get().status == CscPush.Status.ACCEPTED


def test_a_second_push_sends_only_what_changed(demo_council, endpoint, capsys):
    _push()
    first = endpoint.arrivals[0].json()
    changed = Referral.objects.filter(child__isnull=False).order_by("referral_date").first()
    Referral.objects.filter(pk=changed.pk).update(source="1A" if changed.source != "1A" else "3A")
    _push()
    (record,) = endpoint.arrivals[1].json()
    assert record["la_child_id"] in {r["la_child_id"] for r in first}
    assert str(changed.pk) in {e["social_care_episode_id"] for e in record["social_care_episodes"]}
    capsys.readouterr()
    _push()
    assert "Nothing has changed" in capsys.readouterr().out and len(endpoint.arrivals) == 2


def test_a_push_refused_for_its_fields_is_shown_and_held_until_corrected(
    demo_council, endpoint, client, administrator
):
    records = csc.current_records()
    refused_id, other_id = list(records)[:2]
    endpoint.answers = [
        (
            422,
            {
                "errors": [
                    {
                        "la_child_id": refused_id,
                        "field": "child_details.sex",
                        "message": "Sex must be M, F or U",
                    }
                ]
            },
        )
    ]
    _push()
    message = OutboxMessage.objects.get(channel="csc_api")
    assert message.status == OutboxMessage.Status.FAILED and message.attempts == 1  # not retried
    push = CscPush.objects.get()
    assert push.status == CscPush.Status.REJECTED and push.field_errors[0]["field"] == "child_details.sex"
    signed_in(client, administrator)
    page = client.get(f"/staff/partners/deliveries/{message.pk}/").content.decode()
    assert "Sex must be M, F or U" in page and refused_id in page and "child_details.sex" in page

    _push()  # the next day: everything but the refused record (it would be refused again)
    sent = {r["la_child_id"] for r in endpoint.arrivals[1].json()}
    assert refused_id not in sent and other_id in sent and len(sent) == len(records) - 1
    # Correct the refused child's record: now it can succeed, so it is sent
    episode_id = records[refused_id]["social_care_episodes"][0]["social_care_episode_id"]
    referral = Referral.objects.get(pk=episode_id)
    Referral.objects.filter(pk=referral.pk).update(source="1A" if referral.source != "1A" else "3A")
    _push()
    assert [r["la_child_id"] for r in endpoint.arrivals[2].json()] == [refused_id]


@override_settings(CSC_API_TIMEOUT_SECONDS=5)
def test_a_server_error_is_retried_and_nothing_new_is_built_meanwhile(demo_council, endpoint):
    endpoint.answers = ["500"]
    _push()
    message = OutboxMessage.objects.get(channel="csc_api")
    assert message.status == OutboxMessage.Status.PENDING and "answered 500" in message.last_error
    assert CscPush.objects.get().status == CscPush.Status.WAITING
    with pytest.raises(Exception, match="not been acknowledged"):
        call_command("push_csc_api")
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    assert send_due().sent == 1
    assert CscPush.objects.get().status == CscPush.Status.ACCEPTED
    assert len({a.headers["Idempotency-Key"] for a in endpoint.arrivals}) == 1


def test_the_daily_push_is_due_once_a_day(db, settings):
    settings.CSC_API_URL = ""
    assert not csc.push_is_due()
    settings.CSC_API_URL = "http://127.0.0.1:9/nowhere"
    assert csc.push_is_due()
    csc.build_push()
    assert not csc.push_is_due()
