"""Tasks the worker tests put on the queue (they must be importable by path, like the real ones)."""

from django.db import connection
from django_tasks import task

ATTEMPTS: list[int] = []


@task()
def drop_my_connection_once() -> str:
    """The first attempt has its own database connection terminated by the server mid-task (PostgreSQL's
    pg_terminate_backend, as an administrator or a failover would); the next attempt succeeds."""
    ATTEMPTS.append(1)
    with connection.cursor() as cursor:
        if len(ATTEMPTS) == 1:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        cursor.execute("SELECT 1")
    return f"done after {len(ATTEMPTS)} attempts"
