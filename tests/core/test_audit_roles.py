"""On PostgreSQL the app connects as a role that may only add to and read the audit tables: every way the
issue's probe erased or forged history is refused to it (issue 18). What the tables' owner can still do is
found by verify_audit (tests/core/test_audit_chain.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from frontdoor.core import app_role, auditor

ROOT = Path(__file__).resolve().parents[2]
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are PostgreSQL's"
)

pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True)]

REFUSED = [
    "TRUNCATE core_accessevent",
    "TRUNCATE core_auditevent",
    "UPDATE core_auditevent SET reason = 'rewritten'",
    "DELETE FROM core_accessevent",
    "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only",
    "ALTER TABLE core_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER core_accessevent_append_only ON core_accessevent",
    "SET session_replication_role = replica",
]


def _role_name() -> str:
    # Roles belong to the whole server: one per test database, so parallel suites never share one
    return f"{connection.settings_dict['NAME']}_app".replace("-", "_")[:60]


def _url(user: str) -> str:
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


@pytest.fixture
def app_connection(social_worker) -> Iterator[psycopg.Connection]:
    auditor.record_event(actor=social_worker, action="test.before", object_type="t", object_id="1")
    call_command("grant_app_role", _role_name(), stdout=open(os.devnull, "w"))  # noqa: SIM115
    with psycopg.connect(_url(_role_name()), autocommit=True) as app:
        yield app


def test_the_app_role_cannot_erase_or_rewrite_history(app_connection):
    allowed = []
    for statement in REFUSED:  # one test, not one each: every test here empties the whole database after it
        try:
            app_connection.execute(statement)
        except psycopg.errors.InsufficientPrivilege:
            continue
        allowed.append(statement)
    assert allowed == []
    assert app_connection.execute("SELECT count(*) FROM core_auditevent").fetchone() == (1,)


def test_the_app_role_still_works_the_app_and_reads_and_adds_to_the_log(app_connection):
    app_connection.execute("UPDATE accounts_team SET name = name")  # its own tables: as before
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "frontdoor.settings.test",
        "DATABASE_URL": _url(_role_name()),
    }

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    wrote = manage("shell", "-c", "from frontdoor.core import auditor; auditor.record_event("
                   "actor=None, action='test.as_app', object_type='t', object_id='2')")  # fmt: skip
    assert wrote.returncode == 0, wrote.stderr
    checked = manage("verify_audit")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "core_auditevent: 2 events, chain intact" in checked.stdout


def test_a_forged_event_inserted_as_the_app_role_is_found(app_connection):
    app_connection.execute(
        "INSERT INTO core_auditevent (id, sequence, previous_digest, digest, at, actor_description, action, "
        "object_type, object_id, object_reference, reason, session_hash) VALUES (gen_random_uuid(), 2, "
        "(SELECT digest FROM core_auditevent WHERE sequence = 1), repeat('a', 64), now() - interval '1 year', "
        "'', 'decision.authorised', 'intake.Contact', 'x', '', '', '')"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "verify_audit"], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "frontdoor.settings.test", "DATABASE_URL": _url(_role_name())},
    )  # fmt: skip
    assert done.returncode == 1
    assert "core_auditevent: event 2" in done.stdout and "not written by the app" in done.stdout


def test_the_app_role_has_only_insert_and_select_on_the_log_tables(app_connection):
    privileges = dict(
        app_connection.execute(
            "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) "
            "FROM information_schema.role_table_grants WHERE grantee = %s GROUP BY table_name",
            [_role_name()],
        ).fetchall()
    )
    assert privileges["core_auditevent"] == "INSERT,SELECT" == privileges["core_accessevent"]
    assert privileges["django_migrations"] == "SELECT"
    assert privileges["intake_contact"] == "DELETE,INSERT,SELECT,UPDATE"
    assert set(app_role.LOG_TABLES) <= set(privileges)
