"""Two workers can never claim the same contact: one conditional UPDATE decides, on both databases."""

import threading

import pytest
from django.db import OperationalError, connection, connections

from frontdoor.intake.models import Contact
from frontdoor.triage import services


def test_the_second_claim_of_a_stale_copy_is_refused(chat, social_worker, make_user, make_contact):
    contact = make_contact(chat)
    colleague = make_user("sw2.chat", "social_worker", chat)
    mine, theirs = (
        Contact.objects.get(pk=contact.pk),
        Contact.objects.get(pk=contact.pk),
    )  # both saw it unclaimed
    services.claim_contact(contact=mine, user=social_worker)
    with pytest.raises(services.AlreadyClaimed):
        services.claim_contact(contact=theirs, user=colleague)
    contact.refresh_from_db()
    assert contact.allocated_to == social_worker and contact.version == 2


@pytest.mark.django_db(transaction=True)
def test_workers_claiming_at_the_same_moment_on_separate_connections(chat, make_user, make_contact):
    """Real threads, each with its own database connection, released together by a barrier. On PostgreSQL
    the losers wait for the winner's row lock and are refused. SQLite's in-memory test database refuses a
    concurrent writer outright ("table is locked"), which changes nothing either: still exactly one claim."""
    contact = make_contact(chat)
    workers = [make_user(f"sw{n}.chat", "social_worker", chat) for n in range(6)]
    barrier = threading.Barrier(len(workers))
    results: dict[str, str] = {}

    def claim(worker):
        try:
            barrier.wait(timeout=10)
            services.claim_contact(contact=Contact.objects.get(pk=contact.pk), user=worker)
            results[worker.username] = "claimed"
        except services.AlreadyClaimed:
            results[worker.username] = "refused"
        except OperationalError:
            results[worker.username] = "locked out" if connection.vendor == "sqlite" else "error"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    outcomes = sorted(results.values())
    assert len(outcomes) == len(workers) and outcomes.count("claimed") == 1
    allowed_refusals = {"refused", "locked out"} if connection.vendor == "sqlite" else {"refused"}
    assert set(outcomes) - {"claimed"} <= allowed_refusals
    contact.refresh_from_db()
    winner = next(name for name, result in results.items() if result == "claimed")
    assert contact.allocated_to.username == winner and contact.version == 2
    from frontdoor.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="contact.claimed", object_id=str(contact.pk)).count() == 1
