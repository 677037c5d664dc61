"""Sessions and accounts shaped for the pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .models import StaffSession


def _browser(user_agent: str) -> str:
    """A plain description of the browser and system, enough to recognise one's own devices."""
    ua = user_agent or ""
    browser = next(
        (
            name
            for token, name in [
                ("Edg/", "Edge"),
                ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"),
                ("Safari/", "Safari"),
            ]
            if token in ua
        ),
        "Unknown browser",
    )
    system = next(
        (
            name
            for token, name in [
                ("Windows", "Windows"),
                ("iPhone", "iPhone"),
                ("iPad", "iPad"),
                ("Android", "Android"),
                ("Mac OS X", "macOS"),
                ("Linux", "Linux"),
            ]
            if token in ua
        ),
        "",
    )
    return f"{browser} on {system}" if system else browser


@dataclass(frozen=True)
class SessionRow:
    id: str
    device: str
    ip_address: str
    signed_in_at: datetime
    last_seen_at: datetime
    is_this_one: bool


def present_sessions(records: list[StaffSession], current_key: str | None) -> list[SessionRow]:
    return [
        SessionRow(
            id=str(record.pk),
            device=_browser(record.user_agent),
            ip_address=record.ip_address or "Not known",
            signed_in_at=record.signed_in_at,
            last_seen_at=record.last_seen_at,
            is_this_one=record.session_key == current_key,
        )
        for record in records
    ]
