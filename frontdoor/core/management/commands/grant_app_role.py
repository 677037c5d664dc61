"""Create (or bring up to date) the PostgreSQL role the app connects as: INSERT and SELECT only on the audit
trail and access log. Run as the tables' owner, after `migrate`."""

import os

from django.core.management.base import BaseCommand, CommandError

from frontdoor.core import app_role


class Command(BaseCommand):
    help = "Create or update the app's PostgreSQL role (INSERT and SELECT only on the audit tables)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("role", help="the role the app will connect as, e.g. frontdoor_app")
        parser.add_argument(
            "--password-env",
            metavar="VARIABLE",
            help="set the role's password from this environment variable (never on the command line)",
        )

    def handle(self, *args, role: str, password_env: str | None = None, **options):  # type: ignore[no-untyped-def]
        password = os.environ.get(password_env, "") if password_env else None
        if password_env and not password:
            raise CommandError(f"{password_env} is not set.")
        try:
            tables = app_role.grant(role, password=password)
        except app_role.NotPostgreSQL as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            f"{role} may read and write {len(tables) - len(app_role.LOG_TABLES) - len(app_role.READ_ONLY_TABLES)} "
            f"tables, only add to and read {', '.join(app_role.LOG_TABLES)}, and only read "
            f"{', '.join(app_role.READ_ONLY_TABLES)}."
        )
