"""UK postcodes: normalise what people type, and suggest what they may have meant (pure Python, no Django)."""

from __future__ import annotations

import re

# The shapes of UK postcodes (BS 7666): outward code A9, A99, AA9, AA99, A9A, AA9A; inward code 9AA
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
MAX_INPUT_LENGTH = 16

# Characters people and keyboards mix up, by position: letters where digits belong and the reverse
_AS_DIGIT = {"O": "0", "I": "1", "L": "1", "S": "5", "Z": "2", "B": "8", "G": "6"}
_AS_LETTER = {digit: letter for letter, digit in _AS_DIGIT.items() if letter not in {"L"}}


def _compact(raw: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", raw or "").upper()


def normalise(raw: str) -> str | None:
    """'ns12ab', ' NS1  2AB ' -> 'NS1 2AB'; anything that cannot be a postcode -> None."""
    if not raw or len(raw) > MAX_INPUT_LENGTH:
        return None
    match = _POSTCODE.match(_compact(raw))
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def outward_code(postcode: str) -> str:
    """'NS1 2AB' -> 'NS1'."""
    return postcode.split(" ")[0]


def sector(postcode: str) -> str:
    """'NS1 2AB' -> 'NS1 2' (the postcode sector)."""
    outward, inward = postcode.split(" ")
    return f"{outward} {inward[0]}"


def is_outward_code(raw: str) -> bool:
    return bool(_OUTWARD.match(_compact(raw))) and len(raw) <= MAX_INPUT_LENGTH


def variants(raw: str, limit: int = 20) -> list[str]:
    """Well-formed postcodes one mistyped character away (O for 0, I for 1, S for 5…), most likely first.

    The caller keeps those that exist. Only for input of a postcode's length.
    """
    compact = _compact(raw)
    if not (5 <= len(compact) <= 7):
        return []
    found: list[str] = []
    candidates = [compact]
    for index, char in enumerate(compact):
        for swap in (_AS_DIGIT.get(char), _AS_LETTER.get(char)):
            if swap:
                candidates.append(compact[:index] + swap + compact[index + 1 :])
    # Two swaps cover the common 'N51 2A8' → 'NS1 2AB'
    for first in list(candidates[1:]):
        for index, char in enumerate(first):
            for swap in (_AS_DIGIT.get(char), _AS_LETTER.get(char)):
                if swap:
                    candidates.append(first[:index] + swap + first[index + 1 :])
    for candidate in candidates:
        postcode = normalise(candidate)
        if postcode and postcode not in found:
            found.append(postcode)
        if len(found) >= limit:
            break
    return found
