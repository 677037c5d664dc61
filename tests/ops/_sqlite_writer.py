"""One of several processes writing to the same SQLite file at once (tests/ops/test_sqlite_contention.py).

Each transaction reads and then writes (the pattern that deadlocks SQLite's deferred transactions), saves a
session as a signed-in request does, and the outbox worker's send runs alongside."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings.test")
django.setup()

from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402

from frontdoor.notify.backends import FileBackend  # noqa: E402
from frontdoor.notify.models import OutboxMessage  # noqa: E402
from frontdoor.notify.services import enqueue_email, send_due  # noqa: E402

role, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
if role == "worker":
    backend = FileBackend(os.environ["OUTBOX_FILE_DIR"])
    for _ in range(count):
        send_due(backend)
else:
    for n in range(count):
        with transaction.atomic():
            OutboxMessage.objects.filter(kind="contention").count()  # a read first, then the writes
            message = enqueue_email(
                idempotency_key=f"contention:{name}:{n}",
                kind="contention",
                to="rita@school.example",
                subject="S",
                body="B",
            )
            OutboxMessage.objects.filter(pk=message.pk).update(subject=f"S {n}")
        session = SessionStore()
        session["n"] = n
        session.save()
print("done", role, name)
