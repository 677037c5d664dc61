"""`make run`'s processes come back: the supervised worker after SIGKILL, and gunicorn after a SIGKILL of its
master (its orphaned workers are stopped with their process group, so the new master can bind the port)."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.notify.sinks import free_port

from .conftest import stop, wait_until

SUPERVISE = [sys.executable, "-m", "frontdoor.worker.supervise", "--"]


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"


def heartbeat_pids(shared_database) -> set[int]:  # type: ignore[no-untyped-def]
    if shared_database.vendor == "sqlite":
        with sqlite3.connect(shared_database.path) as db:
            return {row[0] for row in db.execute("SELECT pid FROM worker_workerheartbeat")}
    from frontdoor.worker.models import WorkerHeartbeat

    return set(WorkerHeartbeat.objects.values_list("pid", flat=True))


@pytest.mark.django_db(transaction=True)
def test_the_supervised_worker_is_started_again_after_sigkill(shared_database):
    supervisor = shared_database.start(
        *SUPERVISE, sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--heartbeat", "0.5"
    )
    wait_until(lambda: len(heartbeat_pids(shared_database)) == 1)
    (first,) = heartbeat_pids(shared_database)
    assert children(supervisor.pid) == [first]
    os.kill(first, signal.SIGKILL)
    wait_until(lambda: len(heartbeat_pids(shared_database)) == 2)  # a new worker, beating
    (second,) = heartbeat_pids(shared_database) - {first}
    assert alive(second) and not alive(first) and supervisor.poll() is None
    # SIGTERM stops the worker and the supervisor, nothing left behind
    os.kill(supervisor.pid, signal.SIGTERM)
    assert supervisor.wait(timeout=20) == 0
    assert not alive(second)
    assert "exited with -9; starting it again" in stop(supervisor)


def _serves(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/floor", timeout=2) as response:  # noqa: S310
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the process group is the same on either database")
def test_gunicorn_comes_back_on_its_port_after_its_master_is_killed(shared_database):
    port = free_port()
    supervisor = shared_database.start(
        *SUPERVISE, str(Path(sys.executable).with_name("gunicorn")), "frontdoor.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "2",
    )  # fmt: skip
    wait_until(lambda: _serves(port))
    (master,) = children(supervisor.pid)
    workers = children(master)
    assert len(workers) == 2
    os.kill(master, signal.SIGKILL)
    wait_until(lambda: children(supervisor.pid) not in ([], [master]))
    wait_until(lambda: _serves(port))
    assert not any(alive(pid) for pid in workers)  # the orphans went with their group
    assert "exited with -9; starting it again" in stop(supervisor)
