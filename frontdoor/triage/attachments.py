"""Attachments on a contact (a police notification as a PDF, a photograph of a note): PDF and images only,
checked by their content (never by the name or the browser's word), limited in size, stored through Django's
storage API under a random name outside the web root, and every download access-logged."""

from __future__ import annotations

import hashlib
import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

# What the first bytes must be, and the names such a file may have
KINDS = {
    "application/pdf": (b"%PDF-", (".pdf",)),
    "image/png": (b"\x89PNG\r\n\x1a\n", (".png",)),
    "image/jpeg": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "FRONTDOOR_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


@deconstructible
class AttachmentStorage(FileSystemStorage):
    """Files under settings.FRONTDOOR_ATTACHMENTS_DIR (default var/attachments), never served directly."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(getattr(settings, "FRONTDOOR_ATTACHMENTS_DIR", settings.VAR_DIR / "attachments"))

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property  # type: ignore[override]
    def base_url(self) -> None:  # type: ignore[override]
        return None


attachment_storage = AttachmentStorage()


def detect(head: bytes, name: str) -> str | None:
    """The content type the bytes are, if they are one we accept and the name says the same; else None."""
    extension = os.path.splitext(name.lower())[1]
    for content_type, (magic, extensions) in KINDS.items():
        if head.startswith(magic):
            return content_type if extension in extensions else None
    return None


def stored_name(contact_id: uuid.UUID, content_type: str) -> str:
    return f"{contact_id}/{uuid.uuid4().hex}{KINDS[content_type][1][0]}"


def sha256(chunks) -> str:  # type: ignore[no-untyped-def]
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()
