"""One of several processes adding to the audit trail at once (tests/ops/test_audit_chain_concurrency.py)."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings.test")
django.setup()

from django.db import transaction  # noqa: E402

from frontdoor.core import auditor  # noqa: E402
from frontdoor.core.models import AuditEvent  # noqa: E402

name, count = sys.argv[1], int(sys.argv[2])
for n in range(count):
    with transaction.atomic():  # as a service does: something read, then the change and its audit entry
        AuditEvent.objects.filter(action="concurrent").count()
        auditor.record_event(actor=None, action="concurrent", object_type="test", object_id=f"{name}:{n}")
