"""The export commands (`manage.py export_cin_census`, `export_annex_a`, `export_ssd`) name children just as the
web exports do: each run is in the audit trail (who ran it, on which machine, with what), and the files it
writes are private to the user who ran it (0600; a folder it makes, 0700)."""

from __future__ import annotations

import getpass
import os
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.utils import timezone

from frontdoor.core import auditor

from .models import ExportJob

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def _who() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    return f"{user}@{socket.gethostname()}"


def record_command_line_export(kind: str, params: dict[str, Any], out: Path) -> None:
    """An audit entry for one run, made before anything is written (a run that fails is on record too)."""
    who = _who()
    run = ExportJob(kind=kind, params=params, requested_at=timezone.now())  # not stored: names the run
    auditor.record_change(
        actor=None,
        action="export.command_line",
        obj=run,
        before=None,
        after={"kind": kind, "params": params, "out": str(out.resolve()), "by": who},
        actor_description=f"command line ({who})",
    )


@contextmanager
def private_export(
    kind: str, params: dict[str, Any], *, out: Path, files: Sequence[Path], folder: Path | None = None
) -> Iterator[None]:
    """Audit the run, then write with a umask that keeps everything new private. A file that is already there
    keeps its mode when overwritten, so it is made private before it is written to, and again after."""
    record_command_line_export(kind, params, out)
    made_folder = folder is not None and not folder.exists()
    for file in files:
        if file.exists():
            file.chmod(PRIVATE_FILE)
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)
        for file in files:
            if file.exists():
                file.chmod(PRIVATE_FILE)
        if made_folder and folder is not None and folder.exists():
            folder.chmod(PRIVATE_FOLDER)
