"""The second factor: an authenticator app (TOTP) and single-use recovery codes, through django-otp.

Every staff account has one. A password alone opens only the pages that set up or ask for the code
(accounts.middleware.RequireSecondFactorMiddleware); see docs/adr/0021.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.core import auditor
from frontdoor.core.errors import Refused

from .models import User

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# Set by single sign-on when the council's identity provider is trusted to have asked for a second factor
SSO_SESSION_KEY = "frontdoor_signed_in_with_sso"


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(request) -> bool:  # type: ignore[no-untyped-def]
    """This session has passed the second factor (or the council's identity provider did it for us)."""
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return bool(settings.FRONTDOOR_SSO_PROVIDER_CHECKS_SECOND_FACTOR and request.session.get(SSO_SESSION_KEY))


def secret_for_people(device: TOTPDevice) -> str:
    """The key as the base32 text an authenticator app asks for, in groups of four to read aloud or type."""
    text = base64.b32encode(binascii.unhexlify(device.key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code, drawn on the server (no script, no third party)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")  # type: ignore[no-any-return]


def start_enrolment(user: User) -> TOTPDevice:
    """The unconfirmed device this person is setting up (the same one if they reload the page)."""
    if has_second_factor(user):
        # Adding an app with only a password would let whoever has the password take over the account
        raise Refused("You have already set up an authenticator app. Ask your administrator to reset it.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@dataclass(frozen=True)
class Enrolled:
    recovery_codes: list[str]


def confirm_enrolment(request, user: User, token: str) -> Enrolled:  # type: ignore[no-untyped-def]
    """Confirm the app with a code from it; make the recovery codes; this session counts as verified."""
    with transaction.atomic():
        device = start_enrolment(user)
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(token):
            raise Refused("The code is not right. Enter the 6-digit code your app shows now.")
        device.confirmed = True
        device.save()
        codes = _new_recovery_codes(user)
        auditor.record_change(
            actor=user,
            action="accounts.set_up_second_factor",
            obj=user,
            before=None,
            after={"device": APP_DEVICE_NAME, "recovery_codes": len(codes)},
        )
    otp_login(request, device)
    return Enrolled(recovery_codes=codes)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def verify(request, user: User, token: str) -> bool:  # type: ignore[no-untyped-def]
    """A code from the app or an unused recovery code (which is then used up). django-otp throttles each
    device after a wrong code (1, 2, 4, 8 … seconds), so guessing is slow; Refused says how long to wait."""
    cleaned = "".join(token.split()).lower()
    # Six digits are the app's; anything else is a recovery code (so one kind's wrong guesses never slow the other)
    kind: type[TOTPDevice] | type[StaticDevice] = (
        TOTPDevice if cleaned.isdigit() and len(cleaned) == 6 else StaticDevice
    )
    devices = list(kind.objects.filter(user=user, confirmed=True))
    for candidate in devices:
        allowed, data = candidate.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            seconds = max(1, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)
            raise Refused(
                f"Too many wrong codes. Wait {seconds} second{'' if seconds == 1 else 's'}, then try again."
            )
    device = next((d for d in devices if verify_token(user, d.persistent_id, cleaned)), None)
    if device is None:
        return False
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        auditor.record_change(
            actor=user,
            action="accounts.used_recovery_code",
            obj=user,
            before=None,
            after={"recovery_codes_left": device.token_set.count()},
        )
    return True


def reset_second_factor(*, actor: User, user: User) -> None:
    """An administrator clears a person's app and recovery codes (a lost phone): they set up a new one at
    their next sign-in. The caller checks the permission."""
    with transaction.atomic():
        removed = [device.name for device in devices_for_user(user, confirmed=None)]
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        auditor.record_change(
            actor=actor,
            action="accounts.reset_second_factor",
            obj=user,
            before={"devices": removed},
            after={"devices": []},
        )


def forget_verification(request) -> None:  # type: ignore[no-untyped-def]
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
