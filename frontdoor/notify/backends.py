"""Ways to deliver an outbox message. Each can say whether a message was already delivered, so a worker
that crashed between delivering and recording it does not deliver it twice."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.module_loading import import_string

from .models import OutboxMessage

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """The provider refused or could not be reached; the worker will try again later. `status_code` is what
    an HTTP receiver answered; `permanent` means trying again cannot succeed (a payload refused for its
    content): the message fails at once, for staff to see, instead of being retried."""

    def __init__(self, message: str, *, status_code: int | None = None, permanent: bool = False) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.permanent = permanent


class Backend(Protocol):
    def already_delivered(self, message: OutboxMessage) -> str | None: ...

    def deliver(self, message: OutboxMessage) -> str: ...


class FileBackend:
    """Writes each message as a JSON file named by its idempotency key, and logs it: the default for
    laptops and the demo. Creating the file exclusively makes a second delivery impossible."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory or settings.OUTBOX_FILE_DIR)

    def _path(self, message: OutboxMessage) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in message.idempotency_key)
        return self.directory / f"{safe}.json"

    def already_delivered(self, message: OutboxMessage) -> str | None:
        path = self._path(message)
        return str(path) if path.exists() else None

    def deliver(self, message: OutboxMessage) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self._path(message)
        payload = {"to": message.to, "subject": message.subject, "body": message.body, "kind": message.kind}
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return str(path)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=2)
        logger.info("Outbox: %s written to %s", message.kind, path)
        return str(path)


def message_id(idempotency_key: str) -> str:
    """The SMTP Message-ID for a key: the same on every attempt, so a repeat after a crash can be recognised
    (and dropped) by the receiving side. Only characters a Message-ID allows, and a hash of the whole key."""
    safe = "".join(c if c.isalnum() or c in "-_" else "." for c in idempotency_key).strip(".")
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:12]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "frontdoor.invalid"
    return f"<{safe[:80]}.{digest}@{domain}>"


class SmtpBackend:
    """Django's SMTP email, with a timeout (EMAIL_TIMEOUT) so a relay that accepts and never answers is a
    failed attempt, retried later. SMTP cannot be asked what it delivered, so a crash exactly between delivery
    and recording may repeat one email, with the same Message-ID; use GOV.UK Notify in production."""

    def already_delivered(self, message: OutboxMessage) -> str | None:
        return None

    def deliver(self, message: OutboxMessage) -> str:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.to],
            headers={"Message-ID": message_id(message.idempotency_key)},
            # SMTP itself, whatever EMAIL_BACKEND says (Django's own mails may go elsewhere in tests)
            connection=get_connection(
                "django.core.mail.backends.smtp.EmailBackend", timeout=settings.EMAIL_TIMEOUT
            ),
        )
        try:
            email.send(fail_silently=False)
        except OSError as error:  # smtplib's errors and socket timeouts are OSErrors
            raise DeliveryError(str(error) or type(error).__name__) from error
        return message_id(message.idempotency_key)


class NotifyBackend:
    """GOV.UK Notify, with one generic email template taking ((subject)) and ((body)). The idempotency key
    is sent as Notify's `reference`, so before a retry we can ask Notify whether it already has the email."""

    def __init__(self, client: object | None = None) -> None:
        if client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            client = NotificationsAPIClient(
                settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=settings.NOTIFY_TIMEOUT
            )
        self.client = client

    def already_delivered(self, message: OutboxMessage) -> str | None:
        from notifications_python_client.errors import HTTPError

        try:
            found = self.client.get_all_notifications(reference=message.idempotency_key)  # type: ignore[attr-defined]
        except (HTTPError, OSError) as error:
            raise DeliveryError(f"Could not ask Notify about an earlier attempt: {error}") from error
        for notification in found.get("notifications", []):
            return str(notification["id"])
        return None

    def deliver(self, message: OutboxMessage) -> str:
        from notifications_python_client.errors import HTTPError

        try:
            response = self.client.send_email_notification(  # type: ignore[attr-defined]
                email_address=message.to,
                template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                personalisation={"subject": message.subject, "body": message.body},
                reference=message.idempotency_key,
            )
        except (HTTPError, OSError) as error:
            raise DeliveryError(str(error)) from error
        return str(response["id"])


BACKENDS = {
    "file": "frontdoor.notify.backends.FileBackend",
    "smtp": "frontdoor.notify.backends.SmtpBackend",
    "notify": "frontdoor.notify.backends.NotifyBackend",
}


# Backends for the channels other than email (docs/adr/0022)
CHANNEL_BACKENDS = {
    "webhook": "frontdoor.partners.webhooks.WebhookBackend",
    "csc_api": "frontdoor.partners.csc.CscApiBackend",
}


def channel_backend(channel: str) -> Backend:
    backend_class = import_string(CHANNEL_BACKENDS[channel])
    return backend_class()  # type: ignore[no-any-return]


def configured_backend() -> Backend:
    name = settings.OUTBOX_BACKEND
    backend_class = import_string(BACKENDS.get(name, name))
    return backend_class()  # type: ignore[no-any-return]
