"""Protection for the forms anyone can send (issue 18): rate limits per address and per email address, kept in
the shared cache through django-ratelimit, and a honeypot field that people never see but form-filling bots do.

Limits are data (settings.FRONTDOOR_RATE_LIMITS: action -> {"address"|"email": "count/period"}), so a council
can loosen them for a school or a hospital that sends many requests from one address."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

# What the person was doing, in the words of "You have tried to … too many times"
ACTIONS = {
    "send_request": "send a request",
    "save_for_later": "save your request and ask for a link",
    "resume_draft": "open a saved request",
    "status_link": "ask for a link to where your concern stands",
}


@dataclass(frozen=True)
class Limited:
    action: str
    minutes: int  # until the person may try again


def rate_limited(request: HttpRequest, action: str, *, email: str = "") -> Limited | None:
    """Count this attempt against each of the action's limits; the longest wait if any is now over."""
    waits = []
    for by, rate in settings.FRONTDOOR_RATE_LIMITS[action].items():
        if by == "email":
            value = email.strip().lower()
            if not value:
                continue
            key = lambda group, request, value=value: value  # noqa: E731
        else:
            key = "ip"  # REMOTE_ADDR, or RATELIMIT_IP_META_KEY behind the council's proxy; IPv6 by its /64
        usage = get_usage(request, group=f"{action}:{by}", key=key, rate=rate, increment=True)
        if usage and usage["should_limit"]:
            waits.append(max(usage["time_left"], 1))
    if not waits:
        return None
    logger.warning("Rate limit reached for %s", action)  # no address or email: the log is not a record
    return Limited(action, math.ceil(max(waits) / 60))


def too_many_attempts(
    request: HttpRequest, limited: Limited, *, back_url: str, back_label: str
) -> HttpResponse:
    """The GOV.UK-style page for a limit: status 429 and Retry-After; what was typed stays in the session."""
    response = render(
        request,
        "core/too_many_attempts.html",
        {
            "what": ACTIONS[limited.action],
            "minutes": limited.minutes,
            "back_url": back_url,
            "back_label": back_label,
        },
        status=429,
    )
    response["Retry-After"] = str(limited.minutes * 60)
    return response


HONEYPOT_FIELD = "fd_website"


class HoneypotFormMixin(forms.Form):
    """A text field inside a `hidden` block: people (and screen readers and autofill) never see it, so anything
    in it was typed by a program. The view gives the program a plausible confirmation and does nothing else."""

    fd_website = forms.CharField(required=False, max_length=500, label="Leave this blank")

    def filled_by_a_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


def log_honeypot(action: str) -> None:
    logger.warning("Honeypot field filled on %s: confirmed but not kept", action)
