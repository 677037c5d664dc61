"""Extra blocking for batch linkage (``link_records``): pairs of fields, each allowed one slip.

The stored keys of :mod:`.blocking` need one field (or a sound-alike of it) written the same on both records.
Files from another agency have slips in every field, so a batch run adds keys made of *pieces*: the first
two and the last two letters of a name, the year and the day-and-month of a date of birth, the outward and
inward parts of a postcode, the start and end of the street. One slip in a field leaves at least one of its
pieces whole (a slip cannot reach both ends of a value longer than four characters), so two records with one
slip in each of two fields still share a key made of one piece of each. Pieces are read from the text as
written, so that a date or postcode too damaged to parse ("19T6-12-12", "LSZ 1GG") still gives the parts
that survived.

Each key pairs pieces of two different fields:

=========  ===================================================================================
rule       pieces of
=========  ===================================================================================
pc_names   given name and family name (the two sorted, so that swapped names keep the key)
pc_dob     either name and date of birth
pc_post    either name and postcode
pc_addr    either name and first line of address
pc_dobpost date of birth and postcode
pc_dobaddr date of birth and first line of address
=========  ===================================================================================

These keys are batch only: the online search keeps its stored, indexed keys, as a piece-pair index over a
million persons would be tens of millions of rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from .normalise import fold

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LETTERS = re.compile(r"[^a-z]+")
_DATE_PARTS = re.compile(r"[^0-9A-Za-z]+")
#: Words at the start of a first line of address that say nothing about which street it is.
_UNIT_WORDS = frozenset({"flat", "apartment", "apt", "unit", "room", "house"})

#: Values repeat (names, dates of birth, postcodes): each one's pieces are worked out once.
_MEMO = 100_000

PIECE_RULES = ("pc_names", "pc_dob", "pc_post", "pc_addr", "pc_dobpost", "pc_dobaddr")


def _text(record: Mapping[str, object], key: str) -> str:
    value = record.get(key)
    return "" if value is None else fold(str(value)).lower().strip()


@lru_cache(maxsize=_MEMO)
def name_pieces(value: str) -> tuple[str, ...]:
    letters = _LETTERS.sub("", value)
    if len(letters) < 2:
        return ()
    if len(letters) <= 3:
        return (f"w:{letters}",)
    return (f"p:{letters[:2]}", f"s:{letters[-2:]}")


@lru_cache(maxsize=_MEMO)
def dob_pieces(value: str) -> tuple[str, ...]:
    value = value.lower()
    parts = [p for p in _DATE_PARTS.split(value) if p]
    if len(parts) != 3:
        digits = _NON_ALNUM.sub("", value)
        # YYYYMMDD written without separators
        if len(digits) != 8:
            return ()
        parts = [digits[:4], digits[4:6], digits[6:]]
    if len(parts[0]) != 4 and len(parts[2]) == 4:
        parts = [parts[2], parts[1], parts[0]]  # DD/MM/YYYY
    year, month, day = parts
    return (f"y:{year}", "d:" + "-".join(sorted((month.zfill(2), day.zfill(2)))))


@lru_cache(maxsize=_MEMO)
def postcode_pieces(value: str) -> tuple[str, ...]:
    text = _NON_ALNUM.sub("", value.lower())
    if len(text) < 5:
        return ()
    return (f"o:{text[:-3]}", f"i:{text[-3:]}")


@lru_cache(maxsize=_MEMO)
def address_pieces(value: str) -> tuple[str, ...]:
    words = _NON_ALNUM.sub(" ", value).split()
    while words and (words[0] in _UNIT_WORDS or any(ch.isdigit() for ch in words[0])):
        words = words[1:]
    street = "".join(words)
    if len(street) < 4:
        return ()
    return (f"a:{street[:3]}", f"z:{street[-3:]}")


def _pairs(
    rule: str, xs: tuple[str, ...], ys: tuple[str, ...], ordered: bool = True
) -> list[tuple[str, str]]:
    if ordered:
        return [(rule, f"{x}|{y}") for x in xs for y in ys]
    return [(rule, "|".join(sorted((x, y)))) for x in xs for y in ys]


def piece_keys(record: Mapping[str, object]) -> list[tuple[str, str]]:
    """The (rule, key) pairs of a raw record (a mapping of the CSV columns) for :data:`PIECE_RULES`."""
    given = name_pieces(_text(record, "given_name"))
    family = name_pieces(_text(record, "family_name"))
    names = tuple(dict.fromkeys(given + family))
    dob = dob_pieces(_text(record, "date_of_birth"))
    post = postcode_pieces(_text(record, "postcode"))
    addr = address_pieces(_text(record, "address_line_1"))
    return [
        *_pairs("pc_names", given, family, ordered=False),
        *_pairs("pc_dob", names, dob),
        *_pairs("pc_post", names, post),
        *_pairs("pc_addr", names, addr),
        *_pairs("pc_dobpost", dob, post),
        *_pairs("pc_dobaddr", dob, addr),
    ]
