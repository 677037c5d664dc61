from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from frontdoor.demo.seed import DEMO_PASSWORD, DEMO_TOTP_SECRET, STAFF, add_open_contacts, seed
from frontdoor.directory.seed import seed_directory
from frontdoor.people.demo import seed_people


class Command(BaseCommand):
    help = "Build a synthetic demonstration council (idempotent). Refused where demo users are not allowed."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--contacts", type=int, default=2000, help="Historic decided contacts over a year."
        )
        parser.add_argument("--open", type=int, default=40, help="Contacts awaiting a decision.")
        parser.add_argument(
            "--extra-open", type=int, default=0, help="Add this many more open contacts (benchmarks)."
        )

    def handle(self, *args, contacts: int, open: int, extra_open: int, **options):  # type: ignore[no-untyped-def]
        if not settings.FRONTDOOR_ALLOW_DEMO_USERS:
            raise CommandError("Demo data is not allowed with these settings (production).")
        report = seed(historic_contacts=contacts, open_contacts=open)
        if extra_open:
            add_open_contacts(extra_open)
        people = seed_people()  # idempotent: only when there are no person records yet
        if people.persons:
            self.stdout.write(
                f"People: {people.persons} person records linked to past contacts, "
                f"{people.families} families, {people.possible_duplicates} likely duplicates to review."
            )
        directory = seed_directory()  # idempotent: only when the directory is empty
        if directory is not None:
            self.stdout.write(
                f"Service directory: {directory.created} services from the synthetic Northshire data."
            )
        self.stdout.write(
            f"Demo council ready: {report.created_users} staff created, {report.created_contacts} contacts created, "
            f"{report.open_contacts + extra_open} awaiting a decision ({report.awaiting_oversight} awaiting oversight), "
            f"{report.referrals} referrals."
        )
        self.stdout.write("Sign in at /staff/sign-in/ with the password " + DEMO_PASSWORD + " as one of:")
        for username, first, last, role, team in STAFF:
            self.stdout.write(
                f"  {username:16} {first} {last}, {role.label}{', ' + team.upper() if team else ''}"
            )
        self.stdout.write(
            "Then the code from an authenticator app: every demo account has the published key "
            f"{DEMO_TOTP_SECRET} (time-based, 6 digits), or run `.venv/bin/python manage.py demo_code`."
        )
