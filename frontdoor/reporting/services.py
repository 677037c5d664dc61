"""Writes for reporting: the statutory exports and the background jobs that run them.

Exports are council-wide (analysts only). Each writer takes a `progress(percent, message)` callback, used by
the management commands (printed) and by the export jobs (saved on the job, shown on the web page).
"""

from __future__ import annotations

import csv
import errno
import gc
import logging
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from frontdoor.core import auditor
from frontdoor.core.calendar import bank_holidays
from frontdoor.core.permissions import Permission
from frontdoor.core.spreadsheets import escape_mapping
from frontdoor.core.twelve_months import twelve_months_before
from frontdoor.worker.transient import is_transient, reset_connections

from . import queries
from .downloads import rows_xlsx
from .figures import annex_a, ssd
from .figures.cin_census import (
    CensusChild,
    CensusResult,
    Header,
    build_census,
    census_period,
    episodes_for,
    upn_unknown_reason,
)
from .models import ExportJob

logger = logging.getLogger(__name__)
Progress = Callable[[int, str], None]
T = TypeVar("T")


def _quiet(percent: int, message: str) -> None:
    """A progress callback that says nothing."""


def _with_many_rows(work: Callable[[], T]) -> T:
    """Runs an export's work with the cyclic garbage collector off: an export makes hundreds of thousands of
    small objects and no reference cycles, and the collector, run again and again over everything alive in the
    process, only costs time (up to half of a large council's census in a worker that holds other data).
    Reference counting still frees everything. The work is a function so that its rows are freed when it
    returns, before the collector is back on: otherwise its first run looks through every one of them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return work()
    finally:
        if was_enabled:
            gc.enable()


class InvalidExport(ValueError):
    """The export was asked for with parameters that cannot work (the message says why, for the user)."""


# --- CIN census ----------------------------------------------------------------------------------------


def census_children(year: int) -> list[CensusChild]:
    start, reference_date = census_period(year)
    data = queries.census_referrals(start=start, end=reference_date)
    children = []
    for key in sorted(data.referrals):
        child = data.children[key]
        child_episodes = episodes_for(data.referrals[key])
        children.append(
            CensusChild(child, child_episodes, upn_unknown_reason(child, child_episodes, reference_date))
        )
    return children


def write_cin_census(*, year: int, out: Path, la_code: str = "", progress: Progress = _quiet) -> CensusResult:
    """The referral part of the CIN census for the collection year ending 31 March `year`. Every DfE rule that
    touches referrals is checked first; failures are returned (and listed), and the file is written anyway."""
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise InvalidExport("Enter a collection year such as 2025 (1 April 2024 to 31 March 2025)")
    result = _with_many_rows(lambda: _cin_census(year, la_code, progress))
    progress(90, "Writing the XML")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(result.xml)
    progress(
        100,
        f"{result.children} children, {result.episodes} CIN episodes, {len(result.failures)} failed rules",
    )
    return result


def _cin_census(year: int, la_code: str, progress: Progress) -> CensusResult:
    progress(5, "Reading referrals")
    children = census_children(year)
    progress(60, f"Checking the DfE rules for {len(children)} children")
    return build_census(
        Header(
            year=year,
            la_code=la_code or getattr(settings, "FRONTDOOR_LA_CODE", "999"),
            created_at=timezone.localtime(),
        ),
        children,
        bank_holidays=bank_holidays(),
    )


# --- Annex A -------------------------------------------------------------------------------------------


@dataclass
class AnnexAResult:
    rows: dict[str, int] = field(default_factory=dict)


def write_annex_a(*, as_of: date, out: Path, progress: Progress = _quiet) -> AnnexAResult:
    """Lists 1 (contacts), 2 (early help) and 3 (referrals) for the six months to `as_of`, one sheet each."""
    if as_of > timezone.localdate():
        raise InvalidExport("The date for Annex A must be today or in the past")
    result = _with_many_rows(lambda: _annex_a(as_of=as_of, out=out, progress=progress))
    progress(100, ", ".join(f"{title}: {n} rows" for title, n in result.rows.items()))
    return result


def _annex_a(*, as_of: date, out: Path, progress: Progress) -> AnnexAResult:
    start = annex_a.six_months_before(as_of)
    progress(5, "Reading contacts")
    contacts = queries.annex_a_contacts(start=start, end=as_of)
    progress(40, "Reading early help")
    episodes, eh_children = queries.early_help_rows(team=None, start=start, end=as_of)
    progress(55, "Reading referrals")
    referrals = queries.annex_a_referrals(start=twelve_months_before(start), end=as_of)
    children = {**contacts.children, **eh_children, **referrals.children}
    progress(75, "Writing the lists")
    lists = [
        annex_a.list_1(contacts.contacts, children, as_of),
        annex_a.list_2(episodes, children, as_of),
        annex_a.list_3(referrals.referrals, children, as_of),
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(
        rows_xlsx(
            (title, columns, rows) for (title, columns), rows in zip(annex_a.SHEETS, lists, strict=True)
        )
    )
    return AnnexAResult({title: len(rows) for (title, _), rows in zip(annex_a.SHEETS, lists, strict=True)})


# --- SSD -----------------------------------------------------------------------------------------------


def write_ssd(*, out_dir: Path, since: date, progress: Progress = _quiet) -> dict[str, int]:
    """The SSD tables the front door holds (see figures.ssd.FILES) as CSV files in `out_dir`."""
    today = timezone.localdate()
    if since > today:
        raise InvalidExport("The start of the extract must be today or in the past")
    progress(5, "Reading contacts")
    contacts = queries.contact_rows(team=None, start=since, end=today)
    progress(35, "Reading early help")
    episodes, eh_children = queries.early_help_rows(team=None, start=since, end=today)
    progress(50, "Reading referrals")
    referrals = queries.referral_rows(team=None, start=since, end=today)
    children = {**contacts.children, **eh_children, **referrals.children}
    outcomes = {c.contact_id: c.outcome for c in contacts.contacts if c.outcome}
    progress(55, "Reading staff, teams, families and addresses")
    staff, teams = queries.staff_and_teams(
        [r.worker_id for r in referrals.referrals] + [e.worker_id for e in episodes]
    )
    references, extras = queries.person_extras(children.values())
    tables = {
        "ssd_person.csv": ssd.person_rows(children.values(), today),
        "ssd_contacts.csv": ssd.contact_rows(contacts.contacts),
        "ssd_early_help_episodes.csv": ssd.early_help_rows(episodes),
        "ssd_cin_episodes.csv": ssd.cin_episode_rows(referrals.referrals, {**outcomes, **referrals.outcomes}),
        "ssd_professionals.csv": ssd.professional_rows(staff),
        "ssd_department.csv": ssd.department_rows(teams),
        "ssd_linked_identifiers.csv": ssd.linked_identifier_rows(children.values(), references),
        "ssd_family.csv": ssd.family_rows(extras.families),
        "ssd_address.csv": ssd.address_rows(extras.addresses),
        "ssd_disability.csv": ssd.disability_rows(children.values()),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    for index, (name, fields) in enumerate(ssd.FILES):
        progress(60 + index * 4, f"Writing {name}")
        with (out_dir / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(escape_mapping(row) for row in tables[name])
    counts = {name: len(rows) for name, rows in tables.items()}
    progress(100, ", ".join(f"{name}: {n} rows" for name, n in counts.items()))
    return counts


# --- Background jobs -----------------------------------------------------------------------------------


def _check_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    today = timezone.localdate()
    if kind == ExportJob.Kind.CIN_CENSUS:
        year = int(params["year"])
        if not 2000 <= year <= today.year + 1:
            raise InvalidExport("Enter a collection year such as 2025")
        return {"year": year}
    if kind == ExportJob.Kind.ANNEX_A:
        as_of = date.fromisoformat(str(params["as_of"]))
        if as_of > today:
            raise InvalidExport("The date for Annex A must be today or in the past")
        return {"as_of": as_of.isoformat()}
    if kind == ExportJob.Kind.SSD:
        since = date.fromisoformat(str(params.get("since") or (today - timedelta(days=6 * 365)).isoformat()))
        if since > today:
            raise InvalidExport("The start of the extract must be today or in the past")
        return {"since": since.isoformat()}
    raise InvalidExport("Select what to export")


def request_export(*, user, kind: str, params: dict[str, Any]) -> ExportJob:  # type: ignore[no-untyped-def]
    """Queue an export for the worker (`manage.py run_export_jobs`). Returns officers only: the files name
    children."""
    if not user.has_perm(Permission.EXPORT_NAMED_DATA):
        raise PermissionDenied
    checked = _check_params(kind, params)
    with transaction.atomic():
        job = ExportJob.objects.create(
            kind=kind, params=checked, requested_by=user, requested_at=timezone.now()
        )
        auditor.record_change(
            actor=user,
            action="export.requested",
            obj=job,
            before=None,
            after={"kind": kind, "params": checked},
        )
    return job


def has_queued_jobs() -> bool:
    """Whether an export is waiting to start (the worker puts the export task on the queue only then)."""
    return ExportJob.objects.filter(status=ExportJob.Status.QUEUED).exists()


def _claim_next() -> ExportJob | None:
    """The oldest queued job, claimed by a conditional update (safe with several workers, on both databases)."""
    for job in ExportJob.objects.filter(status=ExportJob.Status.QUEUED).order_by("requested_at")[:5]:
        claimed = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RUNNING, started_at=timezone.now(), progress=0
        )
        if claimed:
            job.refresh_from_db()
            return job
    return None


def _job_progress(job: ExportJob) -> Progress:
    last = [0.0]

    def progress(percent: int, message: str) -> None:
        now = time.monotonic()
        if percent < 100 and now - last[0] < 0.5:
            return
        last[0] = now
        ExportJob.objects.filter(pk=job.pk).update(progress=min(percent, 99), progress_message=message[:200])

    return progress


# Where export files go in the default storage (settings.STORAGES: the local disk, or S3-compatible storage)
EXPORT_PREFIX = "exports/"
STORAGE_FULL = (
    "There was no room to store the export file: the file storage is full. Ask your system administrator to "
    "free some space, then ask for the export again."
)


def _write_file(job: ExportJob, out: Path, progress: Progress) -> str:
    """Write the job's file at `out` (a scratch path); returns the failed rules to show, if any."""
    if job.kind == ExportJob.Kind.CIN_CENSUS:
        result = write_cin_census(year=int(job.params["year"]), out=out, progress=progress)
        warnings = "\n".join(str(f) for f in result.failures)
        return warnings + "".join(f"\nSchema: {p}" for p in result.structure_problems)
    if job.kind == ExportJob.Kind.ANNEX_A:
        write_annex_a(as_of=date.fromisoformat(job.params["as_of"]), out=out, progress=progress)
        return ""
    if job.kind == ExportJob.Kind.SSD:
        scratch = out.parent / "ssd"
        scratch.mkdir()
        write_ssd(out_dir=scratch, since=date.fromisoformat(job.params["since"]), progress=progress)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for csv_name, _ in ssd.FILES:
                archive.write(scratch / csv_name, csv_name)
        return ""
    raise InvalidExport(f"Unknown export {job.kind}")


def _store(scratch_file: Path, name: str) -> str:
    """Put the finished file in the default storage, so every app server and worker can reach it."""
    with scratch_file.open("rb") as handle:
        return str(default_storage.save(EXPORT_PREFIX + name, File(handle, name=name)))


def run_job(job: ExportJob) -> ExportJob:
    """Run one claimed job: the file is written to scratch space, then stored through Django's storage API
    (settings.STORAGES["default"]); the job says done (with any failed rules) or failed."""
    progress = _job_progress(job)
    extension = {ExportJob.Kind.CIN_CENSUS: "xml", ExportJob.Kind.ANNEX_A: "xlsx"}.get(job.kind, "zip")
    try:
        with tempfile.TemporaryDirectory(prefix="frontdoor-export-") as scratch:
            out = Path(scratch) / f"{job.pk}.{extension}"
            warnings = _write_file(job, out, progress)
            name = _store(out, out.name)
    except OSError as error:  # the disk or the storage is full, or refused the file
        logger.exception("export job %s could not store its file", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED,
            finished_at=timezone.now(),
            error=STORAGE_FULL
            if error.errno in (errno.ENOSPC, errno.EDQUOT)
            else f"The export file could not be stored ({error.strerror or error}). "
            "Ask your system administrator to check the file storage, then ask for the export again.",
        )
    except Exception as error:  # a failed export is recorded on the job, and the worker carries on
        if is_transient(error):
            # The database went away mid-export: the job waits again, and the worker retries after a backoff
            reset_connections()
            ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
                status=ExportJob.Status.QUEUED, progress=0, progress_message="Waiting to start again"
            )
            raise
        logger.exception("export job %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED,
            finished_at=timezone.now(),
            error=str(error)
            if isinstance(error, InvalidExport)
            else traceback.format_exception_only(error)[-1],
        )
    else:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.DONE,
            progress=100,
            finished_at=timezone.now(),
            file_name=name,
            warnings=warnings.strip(),
        )
    job.refresh_from_db()
    return job


def run_pending(*, say: Callable[[str], None] = logger.info) -> int:
    """Run queued jobs until none are left. Returns how many were run. The worker (frontdoor/worker) runs this
    as a task whenever a job is waiting."""
    done = 0
    while (job := _claim_next()) is not None:
        say(f"Running {job.get_kind_display()} ({job.pk})")
        job = run_job(job)
        say(f"  {job.get_status_display()}{': ' + job.error if job.error else ''}")
        done += 1
    return done


def download_name(job: ExportJob) -> str:
    if job.kind == ExportJob.Kind.CIN_CENSUS:
        return f"cin-census-{job.params['year']}.xml"
    if job.kind == ExportJob.Kind.ANNEX_A:
        return f"annex-a-{job.params['as_of']}.xlsx"
    return (
        f"ssd-extract-{timezone.localdate(job.finished_at).isoformat() if job.finished_at else 'export'}.zip"
    )


def job_file(job: ExportJob) -> str | None:
    """The stored name of a finished job's file, if it is there to download."""
    if job.status != ExportJob.Status.DONE or not job.file_name:
        return None
    name = job.file_name if "/" in job.file_name else EXPORT_PREFIX + job.file_name
    try:
        return name if default_storage.exists(name) else None
    except OSError:
        logger.exception("export job %s: the file storage could not be reached", job.pk)
        return None
