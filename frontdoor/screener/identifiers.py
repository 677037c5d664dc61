"""Checking the identifiers a referrer may give for a child (pure: no Django).

- NHS number: 10 digits, the last a modulus 11 check digit (NHS Data Dictionary).
- Unique pupil number (UPN): a check letter, then 12 digits, or 11 digits and a letter for a temporary UPN
  (DfE "Unique pupil numbers" guidance; the pattern the CIN census validates, with the check letter of
  CIN rule 1510).

Each ``*_problem`` function takes what was typed and returns ``(normalised, None)`` or ``(None, message)``
with a GOV.UK-style error message.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

# The letters a UPN uses for check letters and temporary-UPN letters: A–Z without I, O and S
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_PATTERN = re.compile(r"[A-Z]\d{12}|[A-Z]\d{11}[A-Z]")
_SEPARATORS = re.compile(r"[\s-]+")

# CIN census rule 8606: a referral is not more than 280 days (40 weeks) before the expected date of birth
MAX_DAYS_BEFORE_BIRTH = 280


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit for nine digits, or None if no check digit can make them valid."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number_problem(raw: str) -> tuple[str | None, str | None]:
    """An NHS number as typed ("943 476 5919", "943-476-5919") -> its 10 digits, or an error message."""
    digits = _SEPARATORS.sub("", raw)
    if not digits:
        return None, "Enter an NHS number"
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 10:
        return None, "NHS number must be 10 numbers, like 943 476 5919"
    check = nhs_check_digit(digits[:9])
    if check is None or check != int(digits[9]):
        return None, "Enter a real NHS number. Check it on a letter from the GP or a prescription"
    return digits, None


def format_nhs_number(digits: str) -> str:
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if len(digits) == 10 else digits


def upn_check_letter(body: str) -> str:
    """The check letter for characters 2 to 13 of a UPN: each weighted by its position, sum mod 23."""
    total = 0
    for position, character in enumerate(body, start=2):
        value = int(character) if character.isdigit() else UPN_LETTERS.index(character)
        total += value * position
    return UPN_LETTERS[total % 23]


def upn_problem(raw: str) -> tuple[str | None, str | None]:
    """A UPN as typed -> upper case without spaces, or an error message."""
    upn = _SEPARATORS.sub("", raw).upper()
    if not upn:
        return None, "Enter a unique pupil number"
    if not upn.isascii() or not _UPN_PATTERN.fullmatch(upn):
        return None, (
            "Unique pupil number must be a letter followed by 12 numbers, "
            "or a letter, 11 numbers and a letter, like H801200001001"
        )
    if upn[12].isalpha() and upn[12] not in UPN_LETTERS:
        return None, "The last character of a unique pupil number cannot be I, O or S"
    if upn[0] != upn_check_letter(upn[1:]):
        return None, "Enter a real unique pupil number. The first letter does not match the numbers"
    return upn, None


def date_of_birth_problem(born: date, today: date, *, name: str = "Date of birth") -> str | None:
    """A child's date of birth: not in the future, and a child (under 18 today) born after 1900."""
    if born > today:
        return f"{name} must be today or in the past"
    if born.year < 1900:
        return f"{name} must be after 1900"
    if born <= _years_before(today, 18):
        return f"{name} must be for someone under 18. For adults, call the advice line"
    return None


def expected_birth_problem(due: date, today: date, *, name: str = "Due date") -> str | None:
    """An unborn child's due date: not in the past, and no more than 40 weeks away."""
    if due < today:
        return f"{name} must be today or in the future. If the baby has been born, give their date of birth"
    if due > today + timedelta(days=MAX_DAYS_BEFORE_BIRTH):
        return f"{name} must be within the next 40 weeks"
    return None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
