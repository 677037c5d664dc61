"""Two app servers and two workers against one PostgreSQL (the README's production layout): referrers send
requests through either server, both workers claim, and every confirmed request is one contact and one
acknowledgement delivered once. Also: a worker started twice by mistake on one machine sends nothing twice."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from frontdoor.intake.models import Contact
from frontdoor.notify.backends import message_id
from frontdoor.notify.models import OutboxMessage
from frontdoor.worker.models import WorkerHeartbeat
from tests.notify.sinks import free_port, received, smtp_sink
from tests.ops.cluster import Cluster, Counts, prepare, send_request
from tests.ops.conftest import ROOT, stop, wait_until

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
REQUESTS = 8


def unfolded(header: object) -> str:
    """A long Message-ID arrives folded over two lines (RFC 5322); it is the same header."""
    return "".join(str(header).split())


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_app_servers_and_two_workers_send_each_acknowledgement_exactly_once(shared_database, tmp_path):
    env = {
        **shared_database.env,
        "PYTHONPATH": str(ROOT),
        "OUTBOX_BACKEND": "smtp",
        "EMAIL_HOST": "127.0.0.1",
    }
    prepare(env)
    record = tmp_path / "sink.jsonl"
    with smtp_sink(record, delay=0.2) as smtp:
        env["EMAIL_PORT"] = str(smtp)
        cluster = Cluster(env, ports=[free_port(), free_port()], workers=2, log_dir=tmp_path)
        try:
            cluster.start()
            counts = Counts()
            servers = [f"http://127.0.0.1:{port}" for port in cluster.ports]
            with ThreadPoolExecutor(4) as pool:
                sent = list(pool.map(lambda n: send_request(servers[n % 2], counts, n), range(REQUESTS)))
            wait_until(lambda: OutboxMessage.objects.filter(status="sent").count() == REQUESTS, seconds=120)
            # both workers were up and claiming (each writes its own heartbeat)
            assert WorkerHeartbeat.objects.count() >= 2
        finally:
            cluster.stop()
    assert counts.server_errors == 0
    contacts = {c.reference: c for c in Contact.objects.all()}
    assert sorted(contacts) == sorted(s.reference for s in sent)
    delivered = sorted(unfolded(m["message_id"]) for m in received(record))
    assert delivered == sorted(message_id(f"acknowledgement:{c.pk}") for c in contacts.values())


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_started_twice_by_mistake_sends_each_email_once(shared_database, tmp_path):
    record = tmp_path / "sink.jsonl"
    shared_database.enqueue("acknowledgement", 20)
    with smtp_sink(record, delay=0.1) as port:
        smtp = {"OUTBOX_BACKEND": "smtp", "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
        first = shared_database.start_worker(**smtp)
        second = shared_database.start_worker(**smtp)  # the same command, started again by mistake
        wait_until(lambda: OutboxMessage.objects.filter(status="sent").count() == 20, seconds=120)
        assert first.poll() is None and second.poll() is None  # neither refused nor crashed
        stop(first), stop(second)
    delivered = sorted(str(m["message_id"]) for m in received(record))
    assert delivered == sorted(message_id(f"acknowledgement:{n}") for n in range(20))
