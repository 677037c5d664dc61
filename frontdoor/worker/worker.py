"""The background worker: django-tasks-db's worker loop, made to survive the database (docs/adr/0010).

The library claims tasks (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, an exclusive transaction on
SQLite), runs them and records each result. This module adds what a council running it unattended needs:

- a transient database error (a dropped connection, "database is locked", a restart) never ends the
  worker: the loop waits with backoff and carries on, and a task that met one is put back on the queue to run
  again after a backoff instead of being recorded as failed;
- a ticker thread that writes the worker's heartbeat, puts the periodic tasks (frontdoor/worker/schedule.py)
  on the queue when they are due and there is work, and gives back tasks left running by a worker that died.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from datetime import timedelta

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django_tasks import TaskContext, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker as LibraryWorker
from django_tasks_db.models import DBTaskResult

from .models import PeriodicRun, WorkerHeartbeat
from .schedule import PERIODIC
from .transient import TRANSIENT_ERRORS, reset_connections, retry_delay

logger = logging.getLogger("frontdoor.worker")


def heartbeat_stale_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "WORKER_HEARTBEAT_STALE_SECONDS", 60)))


class Worker(LibraryWorker):  # type: ignore[misc]
    def __init__(
        self,
        *,
        heartbeat_seconds: float = 5.0,
        tick_seconds: float = 1.0,
        ticker: bool = True,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.heartbeat_seconds = heartbeat_seconds
        self.tick_seconds = tick_seconds
        self.ticker = ticker
        self.hostname = socket.gethostname()[:255]
        self.pid = os.getpid()
        self.started_at = timezone.now()
        self.transient_errors = 0
        self._stop = threading.Event()
        self._next_beat = 0.0
        self._next_recovery = 0.0

    # --- the main loop ----------------------------------------------------------------------------------

    def run(self) -> None:
        thread = None
        if self.ticker:
            thread = threading.Thread(target=self._tick_forever, name="worker-ticker", daemon=True)
            thread.start()
        else:
            self.tick()  # batch mode and tests: put what is due on the queue before running it
        attempt, last_failure = 0, 0.0
        try:
            while self.running:
                try:
                    super().run()
                    return
                except TRANSIENT_ERRORS as error:
                    if time.monotonic() - last_failure > 120:
                        attempt = 0
                    attempt, last_failure = attempt + 1, time.monotonic()
                    self.transient_errors += 1
                    delay = retry_delay(attempt)
                    logger.warning("Worker: the database failed (%s); carrying on in %.0f s", error, delay)
                    reset_connections()
                    self.startup_delay = False
                    time.sleep(delay)
                    self._give_back_own_tasks()
        finally:
            self._stop.set()
            if thread is not None:
                thread.join(timeout=5)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """The library's run_task, with one more outcome: a transient database error puts the task back."""
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                return_value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                return_value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(return_value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except TRANSIENT_ERRORS as error:
            self.transient_errors += 1
            self._retry_later(db_task_result, error)
        except BaseException as error:
            db_task_result.set_failed(error)
            try:
                task_finished.send(
                    sender=type(db_task_result.task.get_backend()), task_result=db_task_result.task_result
                )
            except Exception:
                logger.exception("Task id=%s failed unexpectedly", db_task_result.id)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _retry_later(self, db_task_result: DBTaskResult, error: Exception) -> None:
        """Back on the queue after a backoff (the attempt count is the number of workers that claimed it).
        If even that write fails, the error goes up to run(), which waits and gives the task back."""
        reset_connections()
        attempts = len(db_task_result.worker_ids)
        if attempts >= int(getattr(settings, "WORKER_TASK_MAX_ATTEMPTS", 10)):
            logger.error("Task %s gave up after %s attempts: %s", db_task_result.task_path, attempts, error)
            db_task_result.set_failed(error)
            return
        delay = retry_delay(attempts)
        logger.warning(
            "Task %s met a database error (%s); it runs again in %.0f s",
            db_task_result.task_path,
            error,
            delay,
        )
        DBTaskResult.objects.filter(pk=db_task_result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY,
            run_after=timezone.now() + timedelta(seconds=delay),
            exception_class_path=f"{type(error).__module__}.{type(error).__qualname__}",
            traceback="".join(traceback.format_exception(error))[-4000:],
        )

    def _give_back_own_tasks(self) -> None:
        """Tasks this worker claimed but could not finish recording (the database went away) run again."""
        try:
            for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("pk", "worker_ids"):
                if row.worker_ids and row.worker_ids[-1] == self.worker_id:
                    DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
                        status=TaskResultStatus.READY, run_after=timezone.now()
                    )
        except TRANSIENT_ERRORS:
            reset_connections()  # the ticker's recovery will find them later

    # --- the ticker: heartbeat, periodic tasks, recovery ------------------------------------------------

    def _tick_forever(self) -> None:
        try:
            while not self._stop.wait(self.tick_seconds):
                self.tick()
        finally:
            connections.close_all()

    def tick(self) -> None:
        """One round of the ticker. Never raises: a database error is logged and the next round tries again."""
        try:
            now = time.monotonic()
            if now >= self._next_beat:
                self.beat()
                self._next_beat = now + self.heartbeat_seconds
            enqueue_due()
            if now >= self._next_recovery:
                recover_abandoned()
                self._next_recovery = now + 30
        except TRANSIENT_ERRORS as error:
            self.transient_errors += 1
            logger.warning("Worker ticker: the database failed (%s); trying again shortly", error)
            reset_connections()
        except Exception:
            logger.exception("Worker ticker: unexpected error; trying again shortly")
            reset_connections()

    def beat(self) -> None:
        now = timezone.now()
        if not WorkerHeartbeat.objects.filter(pk=self.worker_id).update(beat_at=now):
            WorkerHeartbeat.objects.create(
                worker_id=self.worker_id,
                hostname=self.hostname,
                pid=self.pid,
                started_at=self.started_at,
                beat_at=now,
            )


def enqueue_due() -> list[str]:
    """Put each periodic task on the queue when its period has come, it has work, and none is already waiting.
    The conditional update on its PeriodicRun row means several workers enqueue it once."""
    enqueued = []
    for periodic in PERIODIC:
        if not periodic.has_work():
            continue
        if DBTaskResult.objects.filter(task_path=periodic.task_path, status=TaskResultStatus.READY).exists():
            continue
        now = timezone.now()
        with transaction.atomic():
            claimed = PeriodicRun.objects.filter(name=periodic.name, next_run_at__lte=now).update(
                next_run_at=now + timedelta(seconds=periodic.every)
            )
            if not claimed:
                _, created = PeriodicRun.objects.get_or_create(
                    name=periodic.name, defaults={"next_run_at": now + timedelta(seconds=periodic.every)}
                )
                claimed = int(created)
            if claimed:
                periodic.task().enqueue()
                enqueued.append(periodic.name)
    return enqueued


def recover_abandoned() -> int:
    """Tasks left running by a worker whose heartbeat has stopped (killed, or its machine lost) run again."""
    stale = timezone.now() - heartbeat_stale_after()
    alive = set(WorkerHeartbeat.objects.filter(beat_at__gte=stale).values_list("worker_id", flat=True))
    given_back = 0
    for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=stale).only(
        "pk", "worker_ids"
    ):
        if row.worker_ids and row.worker_ids[-1] not in alive:
            given_back += DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, run_after=timezone.now()
            )
    if given_back:
        logger.warning("Worker: %s task(s) of a worker that stopped will run again", given_back)
    return given_back
