"""Build the day's push to the DfE's children's social care API (only what changed since the last accepted
push) and put it in the outbox; the worker sends it, or `--send` sends it now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.core.errors import Refused
from frontdoor.notify.services import send_due
from frontdoor.partners import csc
from frontdoor.partners.models import CscPush


class Command(BaseCommand):
    help = (
        "Build today's DfE children's social care API push (changes only) and queue it; --send sends it now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--send", action="store_true", help="Send what is due now instead of waiting")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            push = csc.build_push()
        except Refused as error:
            raise CommandError(str(error)) from error
        if push.status == CscPush.Status.EMPTY:
            self.stdout.write("Nothing has changed since the last accepted push: nothing to send.")
            return
        self.stdout.write(f"Queued {push.record_count} changed records for the DfE ({push.pk}).")
        if options["send"]:
            report = send_due()
            push.refresh_from_db()
            self.stdout.write(
                f"Sent: {report.sent}, to retry: {report.retried}, failed: {report.failed}; push {push.get_status_display().lower()}."
            )
