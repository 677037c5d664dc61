"""The embedded default holds up: several processes writing to one SQLite file at once, none told "locked"."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite contention (PostgreSQL has its own test of several workers)",
)


def _env(database: Path, outbox: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "frontdoor.settings.test",
        "OUTBOX_FILE_DIR": str(outbox),
        "PYTHONPATH": str(ROOT),
    }


def test_several_processes_writing_at_once_never_meet_a_locked_database(tmp_path):
    database, outbox = tmp_path / "frontdoor.sqlite3", tmp_path / "outbox"
    env = _env(database, outbox)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    writers = [
        subprocess.Popen(
            [sys.executable, str(Path(__file__).parent / "_sqlite_writer.py"), "writer", f"w{n}", "40"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ] + [
        subprocess.Popen(
            [sys.executable, str(Path(__file__).parent / "_sqlite_writer.py"), "worker", "outbox", "30"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    ]
    for process in writers:
        _, err = process.communicate(timeout=240)
        assert "database is locked" not in err
        assert process.returncode == 0, err
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT count(*) FROM notify_outboxmessage").fetchone() == (160,)
        assert db.execute("SELECT count(*) FROM django_session").fetchone() == (160,)
    # Every message the worker sent was sent once (one file per key)
    sent = len(list(outbox.iterdir())) if outbox.exists() else 0
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM notify_outboxmessage WHERE status='sent'").fetchone() == (
            sent,
        )


def test_every_connection_gets_wal_a_busy_timeout_and_immediate_transactions():
    from frontdoor.settings.base import with_sqlite_options

    database = with_sqlite_options({"ENGINE": "django.db.backends.sqlite3", "NAME": "x.sqlite3"})
    options = database["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
    postgres = with_sqlite_options({"ENGINE": "django.db.backends.postgresql", "NAME": "x"})
    assert "OPTIONS" not in postgres
