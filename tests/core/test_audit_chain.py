"""The audit trail and access log are a tamper-evident chain that says where each event came from, and keep
failed sign-ins and refused pages (issue 18). SQLite and PostgreSQL; the database roles are in
tests/core/test_audit_roles.py."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from frontdoor.core import auditor, chain
from frontdoor.core.models import AccessEvent, AuditEvent
from tests.conftest import PASSWORD, signed_in


def verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def as_owner(sql: str, params: list[object] | None = None) -> None:
    """A change made behind the app's back by whoever owns the tables (on PostgreSQL the owner first lifts
    the append-only trigger, as the issue's probe did)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def db_id(pk):  # type: ignore[no-untyped-def]
    return pk.hex if connection.vendor == "sqlite" else pk  # SQLite keeps a UUID as 32 hex digits


@pytest.fixture
def written(social_worker, chat, make_contact):
    contact = make_contact(chat)
    for n in range(5):
        auditor.record_change(
            actor=social_worker, action=f"test.{n}", obj=contact, before=None, after={"n": n}
        )
        auditor.record_access(
            actor=social_worker,
            object_type="intake.Contact",
            object_id=str(contact.pk),
            path="/x",
            granted=True,
        )
    return contact


def test_each_event_follows_the_one_before_and_the_chain_verifies(written):
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert events[0].previous_digest == "" and all(
        b.previous_digest == a.digest for a, b in zip(events, events[1:], strict=False)
    )
    out = verify()
    assert (
        "core_auditevent: 5 events, chain intact" in out and "core_accessevent: 5 events, chain intact" in out
    )


def test_a_changed_event_is_the_first_broken_link(written):
    third = AuditEvent.objects.get(sequence=3)
    as_owner("UPDATE core_auditevent SET reason = 'rewritten' WHERE id = %s", [db_id(third.pk)])
    with pytest.raises(CommandError, match="core_auditevent: event 3 .*digest does not match"):
        verify()


def test_a_removed_event_is_found_at_the_gap(written):
    second = AccessEvent.objects.get(sequence=2)
    as_owner("DELETE FROM core_accessevent WHERE id = %s", [db_id(second.pk)])
    with pytest.raises(CommandError, match=r"core_accessevent: event 3 .*1 event before it \(2\) removed"):
        verify()


def test_a_back_dated_event_for_another_user_is_found(written, team_manager):
    first = AuditEvent.objects.get(sequence=1)
    forged = AuditEvent(
        sequence=6, previous_digest=AuditEvent.objects.get(sequence=5).digest, digest="0" * 64,
        at=first.at.replace(year=first.at.year - 1), actor=team_manager, action="decision.authorised",
        object_type="intake.Contact", object_id=first.object_id,
    )  # fmt: skip
    # Written straight to the table, without the app's key: the digest cannot be made to fit
    forged.digest = "f" * 64
    AuditEvent.objects.bulk_create([forged])
    with pytest.raises(CommandError, match="event 6 .*not written by the app"):
        verify()


def test_what_the_event_says_is_in_its_digest(written):
    event = AuditEvent.objects.get(sequence=4)
    assert chain.digest_of(event) == event.digest
    event.actor_description = "someone else"
    assert chain.digest_of(event) != event.digest


def test_a_signed_in_request_records_its_ip_address_and_a_hash_of_its_session(client, administrator):
    signed_in(client, administrator)
    client.get(reverse("core:audit"), REMOTE_ADDR="192.0.2.10")  # no event: an administrator may read it
    client.get("/staff/people/00000000-0000-0000-0000-000000000000/", REMOTE_ADDR="192.0.2.10")
    event = AccessEvent.objects.get()
    assert event.ip_address == "192.0.2.10" and len(event.session_hash) == 64
    assert client.session.session_key not in event.session_hash


def test_a_failed_sign_in_is_kept(client, social_worker):
    response = client.post(
        reverse("accounts:sign_in"),
        {"username": social_worker.username, "password": "not-" + PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="sign_in.failed")
    assert event.object_reference == social_worker.username and event.object_id == str(social_worker.pk)
    assert event.ip_address == "198.51.100.7" and event.actor is None
    assert "password" not in str(event.after)
    assert "chain intact" in verify()


def test_a_refused_page_is_kept_in_the_access_log(client, social_worker):
    assert signed_in(client, social_worker).get(reverse("core:audit")).status_code == 403
    refused = AccessEvent.objects.get()
    assert refused.granted is False and refused.object_type == "page" and refused.path == "/staff/audit/"
    assert refused.object_id == "core:audit" and refused.actor == social_worker


def test_a_refusal_already_logged_by_a_query_is_not_logged_twice(client, contact_officer, fast, make_contact):
    other_team = make_contact(fast)
    signed_in(client, contact_officer).get(reverse("triage:contact", args=[other_team.pk]))
    assert AccessEvent.objects.filter(granted=False).count() <= 1


def test_an_event_written_around_the_auditor_is_refused(social_worker):
    from frontdoor.core.models import AppendOnlyError

    with pytest.raises(AppendOnlyError, match="through frontdoor.core.auditor"):
        AuditEvent.objects.create(at=social_worker.date_joined, action="x", object_type="t", object_id="1")
