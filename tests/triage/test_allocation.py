"""A team manager allocates and reallocates contacts to named workers, sees caseloads, and sets a soft limit."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection, connections
from django.urls import reverse

from frontdoor.core.models import AuditEvent
from frontdoor.intake.models import Contact
from frontdoor.triage import queries, services
from frontdoor.triage.models import StaffNotification
from tests.conftest import signed_in
from tests.triage.helpers import actions

RED = Contact.Urgency.RED


def test_a_manager_allocates_a_red_contact_and_the_worker_is_told(
    chat, team_manager, social_worker, make_contact
):
    contact = make_contact(chat, urgency=RED)
    allocated = services.allocate_contact(
        contact=contact, user=team_manager, to_user=social_worker, reason="", version=contact.version
    )
    assert (allocated.status, allocated.allocated_to) == ("in_progress", social_worker)
    assert actions(contact) == ["contact.allocated"]
    note = StaffNotification.objects.get(recipient=social_worker)
    assert note.kind == "allocated" and contact.reference in note.text and "Red" in note.text
    assert "synthetic concern" not in note.text  # never the concern's detail


def test_reallocating_needs_a_reason_which_is_audited(
    chat, team_manager, social_worker, make_user, make_contact
):
    contact = services.claim_contact(contact=make_contact(chat), user=social_worker)
    colleague = make_user("sw2.chat", "social_worker", chat)
    with pytest.raises(services.NotAllowed, match="Enter why"):
        services.allocate_contact(
            contact=contact, user=team_manager, to_user=colleague, reason=" ", version=contact.version
        )
    services.allocate_contact(
        contact=contact,
        user=team_manager,
        to_user=colleague,
        reason="Sam is off sick",
        version=contact.version,
    )
    event = AuditEvent.objects.get(action="contact.reallocated")
    assert event.reason == "Sam is off sick" and event.after["allocated_to_id"] == str(colleague.pk)
    assert event.before["allocated_to_id"] == str(social_worker.pk)


def test_nobody_outside_the_team_can_be_allocated(chat, fast, team_manager, early_help_worker, make_contact):
    contact = make_contact(chat)
    with pytest.raises(services.NotAllowed, match="not a worker in"):
        services.allocate_contact(
            contact=contact, user=team_manager, to_user=early_help_worker, reason="", version=contact.version
        )
    contact.refresh_from_db()
    assert contact.allocated_to is None and contact.version == 1


def test_a_worker_cannot_allocate(chat, social_worker, make_user, make_contact):
    colleague = make_user("sw2.chat", "social_worker", chat)
    with pytest.raises(PermissionDenied):
        services.allocate_contact(
            contact=make_contact(chat), user=social_worker, to_user=colleague, reason="", version=1
        )


def test_two_managers_allocating_from_the_same_page_one_wins_the_other_is_told(
    chat, team_manager, social_worker, make_user, make_contact
):
    contact = make_contact(chat)
    other_manager = make_user("tm2.chat", "team_manager", chat)
    colleague = make_user("sw2.chat", "social_worker", chat)
    services.allocate_contact(contact=contact, user=team_manager, to_user=social_worker, reason="", version=1)
    with pytest.raises(services.StaleContact):
        services.allocate_contact(
            contact=contact, user=other_manager, to_user=colleague, reason="x", version=1
        )
    contact.refresh_from_db()
    assert contact.allocated_to == social_worker


@pytest.mark.django_db(transaction=True)
def test_allocations_racing_on_separate_connections(chat, make_user, make_contact):
    contact = make_contact(chat)
    managers = [make_user(f"tm{n}.chat", "team_manager", chat) for n in range(4)]
    workers = [make_user(f"sw{n}.chat", "social_worker", chat) for n in range(4)]
    barrier = threading.Barrier(len(managers))
    results: list[str] = []

    def allocate(manager, worker):
        try:
            barrier.wait(timeout=10)
            services.allocate_contact(
                contact=Contact.objects.get(pk=contact.pk),
                user=manager,
                to_user=worker,
                reason="r",
                version=1,
            )
            results.append("allocated")
        except services.StaleContact:
            results.append("stale")
        except OperationalError:
            results.append("locked out" if connection.vendor == "sqlite" else "error")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate, args=pair) for pair in zip(managers, workers, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results.count("allocated") == 1 and "error" not in results
    contact.refresh_from_db()
    assert contact.version == 2
    assert AuditEvent.objects.filter(action="contact.allocated", object_id=str(contact.pk)).count() == 1


def test_caseloads_count_open_contacts_by_rating(chat, team_manager, social_worker, make_contact):
    for urgency in (RED, RED, Contact.Urgency.GREEN):
        services.claim_contact(contact=make_contact(chat, urgency=urgency), user=social_worker)
    services.set_caseload_limit(team=chat, user=team_manager, open_contacts=2)
    load = next(c for c in queries.caseloads_for(team_manager) if c.worker == social_worker)
    assert (load.red, load.amber, load.green, load.total, load.over_limit) == (2, 0, 1, 3, True)


def test_the_allocate_page_shows_caseloads_and_refuses_a_stale_form_without_losing_the_reason(
    client, chat, team_manager, social_worker, make_user, make_contact
):
    contact = make_contact(chat, urgency=RED)
    colleague = make_user("sw2.chat", "social_worker", chat)
    signed_in(client, team_manager)
    url = reverse("triage:allocate", args=[contact.pk])
    page = client.get(url).content.decode()
    assert "0 open (0 Red, 0 Amber, 0 Green)" in page and "decide within 4 hours" in page
    services.claim_contact(contact=contact, user=social_worker)
    response = client.post(url, {"worker": str(colleague.pk), "reason": "Cover for leave", "version": 1})
    body = response.content.decode()
    assert response.status_code == 200 and "nothing was overwritten" in body and "Cover for leave" in body
    contact.refresh_from_db()
    assert contact.allocated_to == social_worker


def test_a_worker_sees_no_allocate_page(client, chat, social_worker, make_contact):
    contact = make_contact(chat)
    assert (
        signed_in(client, social_worker).get(reverse("triage:allocate", args=[contact.pk])).status_code == 403
    )
    assert client.get(reverse("triage:caseloads")).status_code == 403


def test_the_caseload_limit_form_refuses_nonsense(client, chat, team_manager):
    signed_in(client, team_manager)
    response = client.post(reverse("triage:caseloads"), {"open_contacts": "lots"})
    assert response.status_code == 400 and "Enter the limit as a whole number" in response.content.decode()
    client.post(reverse("triage:caseloads"), {"open_contacts": "12"})
    assert queries.caseload_limit_for(chat.pk) == 12
