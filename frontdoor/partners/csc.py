"""The DfE's children's social care data flow (docs/adr/0022): each day, the Standard Safeguarding Dataset
subset the DfE's API takes, as the JSON data-to-insight publishes in dfe-csc-api-data-flows: one record
per child (la_child_id, mis_child_id, child_details, social_care_episodes, purge), sent as a JSON list.

Only what changed since the last accepted push is sent (records are fingerprinted; a child no longer in the
cohort is sent once with purge true). The push is an outbox message on its own channel: claimed, leased,
retried with backoff on a timeout, a 5xx, a 401/403 or a 429. A push refused for its fields (400 or 422 with
field errors) is not retried, since the same data would be refused again: administrators see the errors, and
the records named are held back until they change; the others go in the next push."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from frontdoor.core.errors import Refused
from frontdoor.notify import services as outbox
from frontdoor.notify.backends import DeliveryError
from frontdoor.notify.models import OutboxMessage
from frontdoor.reporting import queries as reporting
from frontdoor.reporting.figures import ssd

from .models import CscPush

# The SSD's six-year scope
WINDOW = timedelta(days=6 * 365)
# What the DfE's API refuses for a record's content (retrying cannot help)
CONTENT_REFUSED = {400, 413, 422}


def _or_none(value: str) -> str | None:
    return value or None


def child_record(person: dict[str, str], episodes: list[dict[str, str]]) -> dict[str, Any]:
    """One child in the DfE's structure, from the SSD person and CIN episode rows (reporting.figures.ssd)."""
    return {
        "la_child_id": person["pers_person_id"],
        "mis_child_id": person["pers_legacy_id"] or person["pers_person_id"],
        "child_details": {
            "unique_pupil_number": _or_none(person["pers_upn"]),
            "unique_pupil_number_unknown_reason": _or_none(person["pers_upn_unknown"]),
            "first_name": person["pers_forename"],
            "surname": person["pers_surname"],
            "date_of_birth": _or_none(person["pers_dob"]),
            "expected_date_of_birth": _or_none(person["pers_expected_dob"]),
            "sex": _or_none(person["pers_sex"]),
            "ethnicity": _or_none(person["pers_ethnicity"]),
            "purge": False,
        },
        "social_care_episodes": [
            {
                "social_care_episode_id": episode["cine_referral_id"],
                "referral_date": episode["cine_referral_date"],
                "referral_source": _or_none(episode["cine_referral_source_code"]),
                "referral_no_further_action_flag": episode["cine_referral_nfa"] == "Y",
                "closure_date": _or_none(episode["cine_close_date"]),
                "closure_reason": _or_none(episode["cine_close_reason"]),
                "purge": False,
            }
            for episode in sorted(episodes, key=lambda e: (e["cine_referral_date"], e["cine_referral_id"]))
        ],
        "purge": False,
    }


def purge_record(child_id: str) -> dict[str, Any]:
    return {"la_child_id": child_id, "mis_child_id": child_id, "purge": True}


def current_records(today: date | None = None) -> dict[str, dict[str, Any]]:
    """Every child in the cohort (a referral to children's social care in the SSD's window), by la_child_id."""
    today = today or timezone.localdate()
    referrals = reporting.referral_rows(team=None, start=today - WINDOW, end=today)
    people = {row["pers_person_id"]: row for row in ssd.person_rows(referrals.children.values(), today)}
    episodes: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in ssd.cin_episode_rows(referrals.referrals, referrals.outcomes):
        episodes[row["cine_person_id"]].append(row)
    return {key: child_record(person, episodes[key]) for key, person in sorted(people.items())}


def fingerprint(record: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(record, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _baseline() -> dict[str, str]:
    last = CscPush.objects.filter(status__in=[CscPush.Status.ACCEPTED, CscPush.Status.EMPTY]).first()
    return dict(last.fingerprints) if last else {}


def _held() -> dict[str, str]:
    last = CscPush.objects.exclude(status=CscPush.Status.WAITING).first()
    return dict(last.held) if last else {}


class PushWaiting(Refused):
    default_message = (
        "The last push has not been acknowledged yet: it is still being sent, so nothing new was built."
    )


def build_push(now: Any = None) -> CscPush:
    """Build today's push and put it in the outbox (or record that nothing changed). One at a time: a push not
    yet acknowledged would be resent by the next one."""
    if not settings.CSC_API_URL:
        raise Refused("Set CSC_API_URL to the DfE's endpoint first")
    now = now or timezone.now()
    with transaction.atomic():
        if CscPush.objects.select_for_update().filter(status=CscPush.Status.WAITING).exists():
            raise PushWaiting()
        baseline, held = _baseline(), _held()
        records = current_records(timezone.localdate(now))
        prints = {key: fingerprint(record) for key, record in records.items()}
        # Held back while unchanged since the DfE refused them; sent again once they change
        held = {key: value for key, value in held.items() if prints.get(key) == value}
        changed = [key for key in records if baseline.get(key) != prints[key] and key not in held]
        gone = [key for key in baseline if key not in records]
        payload = [records[key] for key in changed] + [purge_record(key) for key in gone]
        after = {**{k: v for k, v in baseline.items() if k not in gone}, **{k: prints[k] for k in changed}}
        push = CscPush.objects.create(
            created_at=now,
            status=CscPush.Status.WAITING if payload else CscPush.Status.EMPTY,
            fingerprints=after,
            sent={**{k: prints[k] for k in changed}, **dict.fromkeys(gone, "purge")},
            held=held,
            record_count=len(payload),
            finished_at=None if payload else now,
        )
        if payload:
            outbox.enqueue(
                channel=OutboxMessage.Channel.CSC_API,
                idempotency_key=f"csc:{push.pk}",
                kind="csc_push",
                to=settings.CSC_API_URL,
                subject=f"Daily push {timezone.localdate(now).isoformat()}",
                body=json.dumps(payload, separators=(",", ":")),
                recipient_id=str(push.pk),
            )
    return push


def push_is_due() -> bool:
    """The worker's daily check: an endpoint is set, and nothing has been pushed today (a missed day is made
    up the next time the worker runs)."""
    if not settings.CSC_API_URL:
        return False
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return not CscPush.objects.filter(created_at__gte=today).exists()


def push_acknowledged(message: OutboxMessage) -> None:
    CscPush.objects.filter(pk=message.recipient_id, status=CscPush.Status.WAITING).update(
        status=CscPush.Status.ACCEPTED, finished_at=timezone.now()
    )


def push_failed(message: OutboxMessage) -> None:
    """Given up: either refused for its fields (already recorded by the backend) or never delivered."""
    CscPush.objects.filter(pk=message.recipient_id, status=CscPush.Status.WAITING).update(
        status=CscPush.Status.FAILED, finished_at=timezone.now()
    )


def field_errors(body: Any) -> list[dict[str, str]]:
    """The receiver's field errors as {record, field, message}, from the shapes such APIs answer with:
    a list, or a list under "errors" or "detail"; each naming the child (la_child_id) and the field."""
    items = body.get("errors", body.get("detail", [])) if isinstance(body, dict) else body
    if not isinstance(items, list):
        items = [items] if items else []
    found = []
    for item in items[:500]:
        if isinstance(item, dict):
            field = item.get("field") or item.get("loc") or ""
            found.append(
                {
                    "record": str(
                        item.get("la_child_id") or item.get("record") or item.get("child_id") or ""
                    ),
                    "field": ".".join(map(str, field)) if isinstance(field, list) else str(field),
                    "message": str(item.get("message") or item.get("msg") or item)[:500],
                }
            )
        else:
            found.append({"record": "", "field": "", "message": str(item)[:500]})
    return found


def _refused(push_id: str, errors: list[dict[str, str]]) -> None:
    push = CscPush.objects.filter(pk=push_id).first()
    if push is None:
        return
    named = {e["record"] for e in errors if e["record"] in push.sent}
    held = {**push.held, **{key: push.sent[key] for key in named}}
    CscPush.objects.filter(pk=push.pk).update(
        status=CscPush.Status.REJECTED, field_errors=errors, held=held, finished_at=timezone.now()
    )


class CscApiBackend:
    """POSTs the push to CSC_API_URL with the token (CSC_API_TOKEN) and the push's idempotency key. The DfE's
    API answers a list, one id per record accepted."""

    def already_delivered(self, message: OutboxMessage) -> str | None:
        return None  # the Idempotency-Key header lets the receiver drop a repeat

    def deliver(self, message: OutboxMessage) -> str:
        headers = {"Content-Type": "application/json", "Idempotency-Key": message.idempotency_key}
        if settings.CSC_API_TOKEN:
            headers["Authorization"] = f"Bearer {settings.CSC_API_TOKEN}"
        timeout = settings.CSC_API_TIMEOUT_SECONDS
        try:
            response = requests.post(
                message.to,
                data=message.body.encode(),
                headers=headers,
                timeout=timeout,
                allow_redirects=False,
            )
        except requests.Timeout as error:
            raise DeliveryError(f"The DfE's API did not answer within {timeout:g} seconds") from error
        except requests.RequestException as error:
            raise DeliveryError(f"Could not reach the DfE's API: {type(error).__name__}") from error
        code = response.status_code
        if code in CONTENT_REFUSED:
            try:
                errors = field_errors(response.json())
            except ValueError:
                errors = []
            errors = errors or [{"record": "", "field": "", "message": response.text[:500] or f"HTTP {code}"}]
            _refused(message.recipient_id, errors)
            raise DeliveryError(
                f"The DfE's API refused the push ({code}) for {len(errors)} field problems: correct the records; "
                "they go again in the next push once changed",
                status_code=code,
                permanent=True,
            )
        if not 200 <= code < 300:
            raise DeliveryError(f"The DfE's API answered {code}: {response.text[:200]}", status_code=code)
        message.answered_status = code  # type: ignore[attr-defined]
        return f"HTTP {code}"
