"""Write one person's subject access export (ZIP of JSON and PDF, third parties listed) to a file."""

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdoor.people.models import Person
from frontdoor.records import subject_access


class Command(BaseCommand):
    help = "Export one person's record for a subject access request; the export is audited."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("reference", help="The person's reference")
        parser.add_argument("--out", required=True, help="Where to write the ZIP")

    def handle(self, *args: Any, **options: Any) -> None:
        person = Person.objects.filter(reference=options["reference"]).first()
        if person is None:
            raise CommandError(f"No person with reference {options['reference']}")
        data = subject_access.export(person, actor_description="manage.py subject_access_export")
        # Private: the file holds a child's whole record
        fd = os.open(options["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        self.stdout.write(f"Wrote {options['out']}")
