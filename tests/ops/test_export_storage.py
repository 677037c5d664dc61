"""Export files go through Django's storage API, and a storage that is full gives a clear failed export."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.test import override_settings

from frontdoor.reporting.models import ExportJob
from frontdoor.reporting.services import run_pending
from tests.conftest import signed_in


def test_an_export_file_is_kept_in_the_default_storage(client, returns_officer, db):
    signed_in(client, returns_officer)
    client.post(
        "/staff/performance/exports/", {"kind": "annex_a", "as_of_0": "30", "as_of_1": "6", "as_of_2": "2025"}
    )
    assert run_pending() == 1
    job = ExportJob.objects.get()
    assert job.file_name == f"exports/{job.pk}.xlsx" and default_storage.exists(job.file_name)
    download = client.get(f"/staff/performance/exports/{job.pk}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"


FULL = {
    "default": {"BACKEND": "tests.ops.storages.FullDiskStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def test_a_full_storage_gives_a_failed_export_that_says_why_never_a_500(client, returns_officer, db):
    signed_in(client, returns_officer)
    client.post("/staff/performance/exports/", {"kind": "ssd"})
    with override_settings(STORAGES=FULL):
        assert run_pending() == 1  # the worker carries on
        job = ExportJob.objects.get()
        assert job.status == ExportJob.Status.FAILED
        page = client.get(f"/staff/performance/exports/{job.pk}/")
        body = page.content.decode()
        assert page.status_code == 200 and "The export failed" in body
        assert "the file storage is full" in body and "free some space" in body
        assert client.get(f"/staff/performance/exports/{job.pk}/download/").status_code == 404
