"""A database a worker process can share with the test: a migrated SQLite file, or (on PostgreSQL) the test
database itself (the tests using it are transactional, so what they write is committed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
HELPER = Path(__file__).with_name("_worker_helper.py")


@dataclass
class SharedDatabase:
    vendor: str
    env: dict[str, str]
    path: Path | None = None  # the SQLite file
    started: list[subprocess.Popen[str]] = field(default_factory=list)

    def helper(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, str(HELPER), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def enqueue(self, prefix: str, count: int) -> None:
        self.helper("enqueue", prefix, str(count))

    def status(self) -> dict[str, int]:
        return dict(json.loads(self.helper("status")))

    def start(self, *command: str, **env: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            list(command),
            cwd=ROOT,
            env={**self.env, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def start_worker(self, **env: str) -> subprocess.Popen[str]:
        return self.start(
            sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--interval", "0.2",
            "--heartbeat", "0.5", **env,
        )  # fmt: skip


def wait_until(condition: Callable[[], object], seconds: float = 60, every: float = 0.3) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError("timed out waiting")


def stop(process: subprocess.Popen[str]) -> str:
    """Stop a process started by the tests (its whole process group) and return what it printed."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    return process.stdout.read() if process.stdout else ""


@pytest.fixture
def shared_database(request, tmp_path) -> Iterator[SharedDatabase]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "frontdoor.settings.test",
        "PYTHONPATH": str(ROOT),
        "OUTBOX_FILE_DIR": str(tmp_path / "outbox"),
    }
    if connection.vendor == "postgresql":
        request.getfixturevalue("transactional_db")
        settings_dict = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        )
        shared = SharedDatabase("postgresql", env)
    else:
        path = tmp_path / "frontdoor.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{path}"
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=180
        )
        shared = SharedDatabase("sqlite", env, path)
    try:
        yield shared
    finally:
        for process in shared.started:
            stop(process)
