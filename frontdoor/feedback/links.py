"""The link in the acknowledgement email: signed, so it needs nothing stored, and it works for as long as a
referrer may want to look (FRONTDOOR_STATUS_LINK_DAYS). Editing it breaks the signature."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "frontdoor.feedback.status"


class LinkProblem(Exception):
    """Why a link cannot be used: 'expired', 'used' or 'invalid' (tampered with, or never made)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def link_days() -> int:
    return int(getattr(settings, "FRONTDOOR_STATUS_LINK_DAYS", 90))


def acknowledgement_token(contact_id: uuid.UUID) -> str:
    return signing.dumps(str(contact_id), salt=SALT, compress=False)


def acknowledgement_url(contact_id: uuid.UUID) -> str:
    return settings.FRONTDOOR_SITE_URL + reverse(
        "feedback:concern_status", args=[acknowledgement_token(contact_id)]
    )


def read_acknowledgement(token: str) -> uuid.UUID:
    try:
        value = signing.loads(token[:300], salt=SALT, max_age=timedelta(days=link_days()))
        return uuid.UUID(str(value))
    except signing.SignatureExpired as expired:
        raise LinkProblem("expired") from expired
    except (signing.BadSignature, ValueError) as bad:
        raise LinkProblem("invalid") from bad
