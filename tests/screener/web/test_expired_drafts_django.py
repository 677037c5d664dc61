from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from frontdoor.screener.models import RequestDraft


def draft(version, expires_in: timedelta) -> RequestDraft:
    now = timezone.now()
    return RequestDraft.objects.create(
        kind="csc", definition=version, answers={}, data={}, referrer_email="rita@school.example",
        created_at=now, saved_at=now, expires_at=now + expires_in,
    )  # fmt: skip


def test_expired_saved_requests_are_deleted_and_live_ones_kept(default_version):
    draft(default_version, -timedelta(minutes=1))
    live = draft(default_version, timedelta(days=27))
    out = StringIO()
    call_command("delete_expired_drafts", stdout=out)
    assert "Deleted 1 expired saved request" in out.getvalue()
    assert list(RequestDraft.objects.values_list("pk", flat=True)) == [live.pk]
