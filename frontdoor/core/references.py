"""Human references with a check character, e.g. FD-7K3M-92QX (pure: no Django).

The alphabet leaves out characters that are easily confused when read over the phone (0/O, 1/I/L, U).
The last character is a check character (weighted sum mod 31), so a mistyped or transposed character
is caught before anyone searches for the wrong record.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
# The check character may also be one of these so that mod 31 has 31 symbols
CHECK_ALPHABET = ALPHABET + "*"
_BODY_LENGTH = 7
_PATTERN = re.compile(r"^([A-Z]{2})-?([2-9A-Z]{4})-?([2-9A-Z*]{4})$")


def check_character(body: str) -> str:
    total = sum((position + 2) * ALPHABET.index(char) for position, char in enumerate(body))
    return CHECK_ALPHABET[total % len(CHECK_ALPHABET)]


def new_reference(prefix: str = "FD") -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(_BODY_LENGTH))
    full = body + check_character(body)
    return f"{prefix}-{full[:4]}-{full[4:]}"


def normalise_reference(text: str) -> str | None:
    """The canonical form of a reference someone typed, or None if it is not a valid reference."""
    cleaned = re.sub(r"\s+", "", text.upper())
    match = _PATTERN.match(cleaned)
    if not match:
        return None
    prefix, first, second = match.groups()
    full = first + second
    body, check = full[:_BODY_LENGTH], full[_BODY_LENGTH]
    if any(char not in ALPHABET for char in body) or check_character(body) != check:
        return None
    return f"{prefix}-{first}-{second}"


def is_valid_reference(text: str) -> bool:
    return normalise_reference(text) is not None
