"""The partner API: a token sees its own team's contacts and nothing else, only with its scopes; a revoked
token (even mid-request) gets a clear 401; too many calls get a 429; every call is in the access log."""

from __future__ import annotations

from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from frontdoor.partners import services
from frontdoor.partners.models import PartnerCall, PartnerToken

from .conftest import bearer


def test_a_token_for_one_team_sees_only_that_teams_contacts(client, chat, fast, make_contact, issue):
    ours = make_contact(chat, child=("Ava", "Example"))
    theirs = make_contact(fast, child=("Ben", "Other"))
    issued = issue(chat)
    body = client.get("/partner/v1/contacts", **bearer(issued)).json()
    assert [c["reference"] for c in body["contents"]] == [ours.reference] and body["total_items"] == 1
    assert body["contents"][0]["children"][0]["given_name"] == "Ava"
    assert client.get(f"/partner/v1/contacts/{ours.pk}", **bearer(issued)).json()["id"] == str(ours.pk)
    hidden = client.get(f"/partner/v1/contacts/{theirs.pk}", **bearer(issued))
    assert hidden.status_code == 404 and "no contact" in hidden.json()["error"]
    assert "Ben" not in hidden.content.decode()


def test_scopes_limit_what_a_token_reads(client, chat, make_contact, issue):
    contact = make_contact(chat)
    contacts_only = issue(chat, "contacts:read")
    refused = client.get(f"/partner/v1/contacts/{contact.pk}/decisions", **bearer(contacts_only))
    assert refused.status_code == 403 and "decisions:read" in refused.json()["error"]
    decisions_only = issue(chat, "decisions:read", name="Northshire Police")
    assert client.get("/partner/v1/contacts", **bearer(decisions_only)).status_code == 403
    assert client.get(f"/partner/v1/contacts/{contact.pk}/decisions", **bearer(decisions_only)).json() == []


def test_no_token_a_wrong_one_or_a_revoked_one_is_a_clear_401(client, chat, administrator, issue):
    assert client.get("/partner/v1/contacts").status_code == 401
    wrong = client.get("/partner/v1/contacts", HTTP_AUTHORIZATION="Bearer fdp_nothing")
    assert wrong.status_code == 401 and wrong.json()["error"] and wrong["WWW-Authenticate"] == "Bearer"
    issued = issue(chat)
    assert services.revoke_token(user=administrator, token=issued.record)
    assert client.get("/partner/v1/contacts", **bearer(issued)).status_code == 401


def test_a_token_revoked_while_its_request_runs_gets_a_401_and_nothing_else(
    client, chat, make_contact, issue
):
    contact = make_contact(chat)
    issued = issue(chat)

    def revoke_when_contacts_are_read(execute, sql, params, many, context):
        if "intake_contact" in sql and sql.lstrip().upper().startswith("SELECT"):
            PartnerToken.objects.filter(pk=issued.record.pk).update(revoked_at="2026-01-01T00:00:00Z")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(revoke_when_contacts_are_read):
        response = client.get(f"/partner/v1/contacts/{contact.pk}", **bearer(issued))
    assert response.status_code == 401
    assert response.json()["error"].startswith("This token was revoked while your request was answered")
    assert contact.reference not in response.content.decode()
    logged = PartnerCall.objects.get(path=f"/partner/v1/contacts/{contact.pk}")
    assert logged.status == 401 and logged.contact_ids == []


def test_every_call_is_access_logged(client, chat, make_contact, issue):
    contact = make_contact(chat)
    issued = issue(chat)
    client.get("/partner/v1/contacts", **bearer(issued))
    client.get("/partner/v1/contacts", HTTP_AUTHORIZATION="Bearer fdp_nothing")
    calls = list(PartnerCall.objects.order_by("at"))
    assert [(c.status, c.contact_ids) for c in calls] == [(200, [str(contact.pk)]), (401, [])]
    assert calls[0].partner == issued.record.partner and calls[1].partner is None


@override_settings(PARTNER_API_RATE="3/m")
def test_a_token_is_rate_limited(client, chat, issue):
    issued = issue(chat)
    statuses = [client.get("/partner/v1/contacts", **bearer(issued)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/partner/v1/contacts", **bearer(issued)).json()["error"]


def test_malformed_parameters_are_named(client, chat, issue):
    issued = issue(chat)
    body = client.get("/partner/v1/contacts", {"page": "two", "since": "yesterday"}, **bearer(issued)).json()
    assert set(body["fields"]) == {"page", "since"}
    assert client.get("/partner/v1/contacts/not-an-id", **bearer(issued)).status_code == 404


def test_the_command_issues_a_token_stored_only_as_a_hash(chat, capsys, db):
    call_command("partner_token", "Northshire Health", "--team", "chat", "--scope", "contacts:read")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("fdp_")
    stored = PartnerToken.objects.get()
    assert stored.digest != token and token not in str(stored.__dict__)
    assert stored.scopes == ["contacts:read"] and stored.partner.team == chat


def test_the_commands_revoke_a_token_and_subscribe_a_receiver(chat, capsys, db):
    call_command("partner_token", "Northshire Health", "--team", "chat", "--scope", "contacts:read")
    stored = PartnerToken.objects.get()
    call_command("partner_token", "Northshire Health", "--revoke", stored.prefix)
    stored.refresh_from_db()
    assert stored.revoked_at is not None
    call_command(
        "partner_webhook",
        "Northshire Health",
        "--url",
        "https://health.example/hooks",
        "--event",
        "contact.received",
    )
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    assert stored.partner.subscriptions.get().secret == secret


def test_a_time_with_an_offset_the_database_cannot_hold_is_searched_in_utc(client, chat, issue, make_contact):
    """schemathesis found "0292-10-23T04:40:01-17:32": Python reads it, PostgreSQL refused it (a 500)."""
    make_contact(chat, minutes_ago=5)
    response = client.get(
        "/partner/v1/contacts", {"since": "0292-10-23T04:40:01-17:32"}, **bearer(issue(chat, "contacts:read"))
    )
    assert response.status_code == 200 and response.json()["total_items"] == 1
