"""Pages everyone can reach, errors, and the administrator's view of the audit trail."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from frontdoor.core import auditor
from frontdoor.core.models import AccessEvent, AppendOnlyError, AuditEvent
from tests.conftest import signed_in


def test_healthz_reports_the_database(client, db):
    # The load balancer's check (the full one, with the worker and the backlog, is in tests/ops/test_health.py)
    response = client.get("/healthz?only=database")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_unknown_urls_get_a_govuk_404(client, db):
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404 and "Page not found" in body and "govuk-header" in body


@override_settings(DEBUG=False, ROOT_URLCONF="tests.urls_with_error")
def test_server_errors_get_a_govuk_500_with_no_details(db):
    response = Client(raise_request_exception=False).get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body and "secret internal detail" not in body


def test_home_page_points_to_the_concern_form_and_999(client, db):
    body = client.get("/").content.decode()
    assert 'href="/concern/"' in body and "call 999" in body


def test_only_administrators_read_the_audit_trail(client, administrator, social_worker, chat, make_contact):
    contact = make_contact(chat)
    auditor.record_change(
        actor=social_worker, action="test.change", obj=contact, before={"a": 1}, after={"a": 2}
    )
    assert signed_in(client, social_worker).get(reverse("core:audit")).status_code == 403
    client.logout()
    page = signed_in(client, administrator).get(reverse("core:audit"), {"reference": contact.reference})
    assert page.status_code == 200 and "test.change" in page.content.decode()
    assert client.get(reverse("core:access_log")).status_code == 200


def test_audit_records_are_append_only(social_worker, chat, make_contact):
    contact = make_contact(chat)
    event = auditor.record_change(actor=social_worker, action="x", obj=contact, before=None, after={})
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.update(granted=True)


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_database_refuses_to_rewrite_audit_records(social_worker, chat, make_contact):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on the model guard tested above")
    contact = make_contact(chat)
    auditor.record_change(actor=social_worker, action="x", obj=contact, before=None, after={})
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'rewritten'")
