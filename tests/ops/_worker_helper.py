"""Helper for the worker tests: writes to, and reads from, the database the worker under test uses.

`python tests/ops/_worker_helper.py enqueue PREFIX N` writes N waiting emails; `status` prints the outbox's
status counts as JSON."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings.test")
django.setup()

from django.db.models import Count  # noqa: E402

from frontdoor.notify.models import OutboxMessage  # noqa: E402
from frontdoor.notify.services import enqueue_email  # noqa: E402

if sys.argv[1] == "enqueue":
    prefix, count = sys.argv[2], int(sys.argv[3])
    for n in range(count):
        enqueue_email(
            idempotency_key=f"{prefix}:{n}",
            kind="acknowledgement",
            to="rita@school.example",
            subject="We have your concern",
            body="B",
        )
elif sys.argv[1] == "status":
    counts = OutboxMessage.objects.values("status").annotate(n=Count("pk"))
    print(json.dumps({row["status"]: row["n"] for row in counts}))
