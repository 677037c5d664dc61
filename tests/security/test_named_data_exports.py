"""Exports that name children (CIN census, Annex A, SSD) are for returns officers only; analysts keep the
dashboard, whose downloads are counts. Every download and every command-line export is on record; export files
are private (0600) to whoever asked, and deleted after FRONTDOOR_EXPORT_RETENTION_DAYS."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from frontdoor.core.models import AccessEvent, AuditEvent
from frontdoor.reporting import services
from frontdoor.reporting.models import ExportJob
from frontdoor.reporting.retention import delete_expired_exports, has_expired_exports
from frontdoor.worker.schedule import PERIODIC
from tests.conftest import signed_in

EXPORTS = "/staff/performance/exports/"


def mode(path: Path | str) -> int:
    return stat.S_IMODE(Path(path).stat().st_mode)


def finished_job(returns_officer) -> ExportJob:  # type: ignore[no-untyped-def]
    job = services.request_export(user=returns_officer, kind="annex_a", params={"as_of": "2025-06-30"})
    assert services.run_pending() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    return job


def test_an_analyst_may_not_ask_for_any_named_data_export(client, analyst):
    signed_in(client, analyst)
    assert client.get(EXPORTS).status_code == 403
    for kind in ("ssd", "cin_census", "annex_a"):
        assert client.post(EXPORTS, {"kind": kind, "year": "2025"}).status_code == 403
        with pytest.raises(PermissionDenied):
            services.request_export(user=analyst, kind=kind, params={"year": 2025, "as_of": "2025-06-30"})
    assert "Statutory returns" not in client.get("/staff/performance/").content.decode()
    assert not ExportJob.objects.exists()


def test_a_returns_officer_lands_on_the_exports_and_may_ask_for_them(client, returns_officer):
    signed_in(client, returns_officer)
    assert client.get("/staff/home/")["Location"] == EXPORTS
    page = client.get(EXPORTS)
    assert page.status_code == 200 and "Statutory returns" in page.content.decode()  # in the navigation
    assert client.post(EXPORTS, {"kind": "ssd"}).status_code == 302
    assert ExportJob.objects.get().requested_by == returns_officer


def test_every_dashboard_download_is_in_the_access_log(client, analyst):
    signed_in(client, analyst)
    response = client.get("/staff/performance/download/all/", {"format": "xlsx"})
    assert response.status_code == 200
    event = AccessEvent.objects.get(object_type="reporting.DashboardDownload")
    assert event.actor == analyst and event.object_id == "all" and event.granted


def test_a_stored_export_file_is_private_and_served_only_to_who_asked(client, returns_officer, make_user):
    from frontdoor.accounts.models import Role

    job = finished_job(returns_officer)
    path = Path(default_storage.path(job.file_name))
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    signed_in(client, make_user("returns.two", Role.RETURNS_OFFICER))
    assert client.get(f"{EXPORTS}{job.pk}/download/").status_code == 403
    signed_in(client, returns_officer)
    assert client.get(f"{EXPORTS}{job.pk}/download/").status_code == 200
    downloads = AccessEvent.objects.filter(object_type="reporting.ExportJob", object_id=str(job.pk))
    assert [event.actor for event in downloads] == [returns_officer]


def test_command_line_exports_are_audited_and_private_even_over_an_open_file(db, tmp_path):
    out = tmp_path / "annex-a.xlsx"
    out.write_bytes(b"old")
    out.chmod(0o644)
    call_command("export_annex_a", "--as-of", "2025-06-30", "--out", str(out))
    assert mode(out) == 0o600
    call_command("export_cin_census", "--year", "2025", "--out", str(tmp_path / "cin.xml"))
    assert mode(tmp_path / "cin.xml") == 0o600
    folder = tmp_path / "ssd"
    call_command("export_ssd", "--out", str(folder))
    assert mode(folder) == 0o700
    assert {mode(file) for file in folder.iterdir()} == {0o600}
    runs = AuditEvent.objects.filter(action="export.command_line").order_by("at")
    assert [run.after["kind"] for run in runs] == ["annex_a", "cin_census", "ssd"]
    assert runs[0].after["out"] == str(out.resolve()) and runs[0].actor_description.startswith(
        "command line ("
    )


def test_export_files_are_deleted_after_the_retention_period(client, returns_officer, settings):
    settings.FRONTDOOR_EXPORT_RETENTION_DAYS = 7
    old, recent = finished_job(returns_officer), finished_job(returns_officer)
    ExportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    orphan = default_storage.save("exports/left-behind.zip", ContentFile(b"x"))
    eight_days_ago = (timezone.now() - timedelta(days=8)).timestamp()
    os.utime(default_storage.path(orphan), (eight_days_ago, eight_days_ago))
    assert has_expired_exports()

    assert delete_expired_exports() == 2
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.file_name == "" and recent.file_name
    assert default_storage.exists(recent.file_name) and not default_storage.exists(orphan)
    assert not has_expired_exports()
    deleted = AuditEvent.objects.get(action="export.file_deleted")
    assert deleted.object_id == str(old.pk) and deleted.actor_description == "retention schedule"
    signed_in(client, returns_officer)
    page = client.get(f"{EXPORTS}{old.pk}/").content.decode()
    assert "The file was deleted 7 days after it was made" in page and "Download the file" not in page
    assert client.get(f"{EXPORTS}{old.pk}/download/").status_code == 404


def test_the_worker_deletes_expired_exports_on_its_schedule():
    (periodic,) = [p for p in PERIODIC if p.name == "delete_expired_exports"]
    assert periodic.task_path == "frontdoor.reporting.tasks.delete_expired_exports"
    assert periodic.has_work_path == "frontdoor.reporting.retention.has_expired_exports"
