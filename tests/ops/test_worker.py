"""The worker (manage.py run_worker, on django-tasks' database backend) runs the outbox, the export jobs and
the expired drafts, and carries on through a dropped connection and a locked database."""

from __future__ import annotations

import sqlite3
import sys
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from frontdoor.notify.backends import message_id
from frontdoor.notify.models import OutboxMessage
from frontdoor.notify.services import enqueue_email
from frontdoor.reporting.models import ExportJob
from frontdoor.reporting.services import request_export
from frontdoor.worker.models import WorkerHeartbeat
from frontdoor.worker.schedule import PERIODIC
from frontdoor.worker.worker import Worker, enqueue_due, recover_abandoned
from tests.notify.sinks import received, smtp_sink

from . import tasks
from .conftest import stop, wait_until

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="needs SQLite")


def worker(**options: object) -> Worker:
    defaults: dict[str, object] = {
        "queue_names": ["*"],
        "interval": 0.05,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "test-worker",
        "excluded_queue_names": [],
        "ticker": False,
    }
    return Worker(**{**defaults, **options})


def acknowledgement(key: str) -> OutboxMessage:
    return enqueue_email(
        idempotency_key=key, kind="acknowledgement", to="rita@school.example", subject="We have it", body="B"
    )


# The worker closes connections left outside autocommit (as a request would), so it runs outside the test's
# transaction
@pytest.mark.django_db(transaction=True)
def test_one_worker_sends_the_outbox_and_runs_the_waiting_exports(returns_officer):
    acknowledgement("acknowledgement:1")
    job = request_export(user=returns_officer, kind="annex_a", params={"as_of": "2025-06-30"})
    worker().run()
    assert OutboxMessage.objects.get().status == "sent"
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert WorkerHeartbeat.objects.filter(worker_id="test-worker").exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_periodic_tasks_go_on_the_queue_once_a_period_and_only_when_there_is_work(db):
    assert "send_outbox" not in enqueue_due()  # nothing to send
    acknowledgement("acknowledgement:2")
    assert "send_outbox" in enqueue_due()
    assert "send_outbox" not in enqueue_due()  # one is already waiting (and its period has not come round)
    waiting = DBTaskResult.objects.filter(task_path="frontdoor.notify.tasks.send_outbox")
    assert waiting.count() == 1


def test_the_old_commands_still_run_once_or_hand_their_work_to_the_worker(db, capsys):
    acknowledgement("acknowledgement:3")
    call_command("send_outbox", "--enqueue")
    assert DBTaskResult.objects.filter(task_path="frontdoor.notify.tasks.send_outbox").count() == 1
    call_command("send_outbox")
    assert "1 sent" in capsys.readouterr().out
    call_command("run_export_jobs")
    call_command("delete_expired_drafts")
    assert "0 export jobs run" in capsys.readouterr().out


def test_a_task_left_running_by_a_worker_that_died_runs_again(db):
    result = tasks.drop_my_connection_once.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", worker_ids=["dead-worker"], started_at="2020-01-01T00:00:00Z"
    )
    assert recover_abandoned() == 1
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_task_whose_connection_is_dropped_runs_again_and_the_worker_carries_on():
    tasks.ATTEMPTS.clear()
    dropped = tasks.drop_my_connection_once.enqueue()
    acknowledgement("acknowledgement:after-the-drop")
    # Not batch mode: the retry waits out its backoff (1 s) and the worker must still be there for it
    # Every unguarded periodic task runs once, and the outbox (it has a message due), then the two attempts
    periodic = sum(1 for p in PERIODIC if p.has_work_path is None) + 1
    worker(batch=False, max_tasks=periodic + 2, ticker=False).run()
    result = DBTaskResult.objects.get(pk=dropped.id)
    assert result.status == "SUCCESSFUL" and result.return_value == "done after 2 attempts"
    assert len(result.worker_ids) == 2
    assert OutboxMessage.objects.get().status == "sent"


def _heartbeat_count(path) -> int:  # type: ignore[no-untyped-def]
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM worker_workerheartbeat").fetchone()[0])


@on_sqlite
def test_the_worker_waits_out_a_locked_database_and_then_sends_everything_once(shared_database, tmp_path):
    record = tmp_path / "sink.jsonl"
    with smtp_sink(record) as port:
        process = shared_database.start_worker(
            SQLITE_BUSY_TIMEOUT="1", OUTBOX_BACKEND="smtp", EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port)
        )
        assert shared_database.path is not None
        wait_until(lambda: _heartbeat_count(shared_database.path) == 1)
        # Someone holds the write lock for longer than the worker's busy timeout (four times over)
        lock = sqlite3.connect(shared_database.path, isolation_level=None, timeout=20)
        lock.execute("BEGIN EXCLUSIVE")
        enqueuing = shared_database.start(
            sys.executable, "tests/ops/_worker_helper.py", "enqueue", "acknowledgement", "12"
        )
        time.sleep(4)
        assert process.poll() is None, "the worker died of a locked database"
        lock.execute("COMMIT")
        lock.close()
        assert enqueuing.wait(timeout=60) == 0
        wait_until(lambda: shared_database.status() == {"sent": 12})
        assert process.poll() is None
        output = stop(process)
    assert "database is locked" in output  # it met the lock, and carried on
    assert sorted(str(m["message_id"]) for m in received(record)) == sorted(
        message_id(f"acknowledgement:{n}") for n in range(12)
    )


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_worker_carries_on_through_dropped_connections_and_sends_each_email_once(
    shared_database, tmp_path
):
    record = tmp_path / "sink.jsonl"
    shared_database.enqueue("acknowledgement", 30)
    with smtp_sink(record, delay=0.2) as port:
        process = shared_database.start_worker(
            OUTBOX_BACKEND="smtp", EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port)
        )
        wait_until(WorkerHeartbeat.objects.exists)
        drops = 0
        with connection.cursor() as cursor:
            for _ in range(8):
                time.sleep(0.5)
                cursor.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                drops += cursor.fetchone()[0]
        assert drops >= 6
        wait_until(lambda: OutboxMessage.objects.filter(status="sent").count() == 30, seconds=90)
        assert process.poll() is None, "the worker died of a dropped connection"
        output = stop(process)
    delivered = sorted(str(m["message_id"]) for m in received(record))
    assert delivered == sorted(message_id(f"acknowledgement:{n}") for n in range(30)), output
