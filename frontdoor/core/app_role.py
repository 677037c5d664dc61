"""Least privilege on PostgreSQL: the role the app connects as may read and write its own tables, but may only
INSERT and SELECT on the audit trail and the access log. Migrations run as the tables' owner; the app's role
owns nothing, so it cannot disable or drop the append-only triggers, truncate, or switch triggers off with
session_replication_role (docs/adr/0020)."""

from __future__ import annotations

from django.db import connections
from psycopg import sql

# Tables the app may only append to and read
LOG_TABLES = ("core_auditevent", "core_accessevent")
# Tables the app may only read: the record of which migrations ran is the owner's
READ_ONLY_TABLES = ("django_migrations",)


class NotPostgreSQL(Exception):
    pass


def grant(role: str, *, using: str = "default", password: str | None = None) -> list[str]:
    """Create the role if it is missing (able to sign in), then set its privileges on every table. Idempotent:
    run again after each migration (done for you when FRONTDOOR_APP_ROLE is set). Returns the tables granted."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise NotPostgreSQL("Roles are PostgreSQL's: SQLite has no users to grant to.")
    name = sql.Identifier(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE").format(name))
        if password:
            cursor.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(name, sql.Literal(password)))
        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = cursor.fetchone()
        cursor.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), name))
        cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), name))
        tables = sorted(connection.introspection.table_names(cursor))
        for table in tables:
            target = sql.Identifier(table)
            cursor.execute(sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(target, name))
            if table in LOG_TABLES:
                privileges = "SELECT, INSERT"
            elif table in READ_ONLY_TABLES:
                privileges = "SELECT"
            else:
                privileges = "SELECT, INSERT, UPDATE, DELETE"
            cursor.execute(sql.SQL(f"GRANT {privileges} ON TABLE {{}} TO {{}}").format(target, name))
        cursor.execute(
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
                sql.Identifier(schema), name
            )
        )
    return tables
