"""Normalisation of the values referrers give us: names, dates of birth, postcodes, NHS numbers and UPNs.

Pure Python (stdlib and jellyfish). Every parser returns ``None`` for a value that is missing *or* malformed;
the ``*_status`` helpers say which, so a batch job can count malformed values without failing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import jellyfish

Status = Literal["ok", "missing", "malformed"]

# ---------------------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------------------

# Letters that do not decompose under NFKD but have an obvious Latin base form.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)
_APOSTROPHES = "'\u2019\u2018\u02bc\u0060\u00b4"
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014_.,/]+")
_LATIN_LETTERS = re.compile(r"^[a-z ]*$")
_TITLES = frozenset(
    {"mr", "mrs", "miss", "ms", "mx", "dr", "master", "baby", "unborn", "unknown", "nk", "na"}
)


def fold(text: str) -> str:
    """Case-fold and remove accents from Latin letters; other scripts are kept as they are (NFKC)."""
    if text.isascii():
        return text.lower()  # what the steps below make of plain ASCII, without them
    text = unicodedata.normalize("NFKC", text).casefold().translate(_SPECIAL_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    out: list[str] = []
    for ch in decomposed:
        # Drop accents on Latin letters only: in other scripts (Devanagari, Arabic vowel marks...)
        # combining marks carry meaning.
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


#: Characters a scanner or a hurried typist confuses, each way round (OCR of paper referral forms).
_DIGIT_AS_LETTER = str.maketrans("0134567892", "oleastbbgz")
_LETTER_AS_DIGIT = str.maketrans("oOQDlIi|zZsSbGTBgq", "000011112255667899")
_UPPER_DIGIT_AS_LETTER = str.maketrans("01582647", "OISBZGAT")


@lru_cache(maxsize=65536)
def normalise_name(value: str | None) -> str | None:
    """Normalise one name: fold case and accents, drop apostrophes, treat hyphens and dots as spaces.

    ``"O'Brien"`` -> ``"obrien"``; ``"Smith-Jones"`` -> ``"smith jones"``; ``"ZOË"`` -> ``"zoe"``;
    ``"J."`` -> ``"j"``; ``"Мария"`` -> ``"мария"``. Titles on their own ("Mr", "Baby", "Unknown") are missing.
    """
    if value is None:
        return None
    text = fold(str(value))
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    text = _SEPARATORS.sub(" ", text)
    # A digit inside a name is a keying or scanning slip for the letter it looks like ("5arah", "R0bert").
    text = " ".join(t.translate(_DIGIT_AS_LETTER) if any(c.isalpha() for c in t) else t for t in text.split())
    # Keep letters (any script) and spaces; drop digits and punctuation.
    text = "".join(ch for ch in text if ch.isalpha() or ch == " " or unicodedata.category(ch).startswith("M"))
    tokens = [t for t in text.split() if t]
    while tokens and tokens[0] in _TITLES and len(tokens) > 1:
        tokens = tokens[1:]
    if not tokens or (len(tokens) == 1 and tokens[0] in _TITLES):
        return None
    return " ".join(tokens)


def is_latin(name: str) -> bool:
    """True when a normalised name is plain a-z (after folding), so phonetic codes make sense."""
    return bool(_LATIN_LETTERS.match(name))


def squash(name: str) -> str:
    """A normalised name without spaces, so "smith jones", "smithjones" and "smith-jones" compare equal."""
    return name.replace(" ", "")


def is_initial(name: str) -> bool:
    """A one-letter name such as "J" (from "J." or "j")."""
    return len(squash(name)) == 1


@lru_cache(maxsize=65536)
def phonetic_key(name: str | None) -> str | None:
    """A phonetic code for a normalised name (metaphone of the squashed name, a doubled letter written once).

    Non-Latin names are their own key (we cannot sound them out, but exact script matches still block
    together). One-letter names have no key: an initial is too weak to block on. Metaphone keeps a doubled
    "c" and an "h" after "th", so a doubled key ("Sccott", "Thhomas") would otherwise lose its key.
    """
    if not name:
        return None
    flat = squash(name)
    if len(flat) < 2:
        return None
    if not is_latin(name):
        return flat
    single = _DOUBLED.sub(r"\1", flat)
    return jellyfish.metaphone(single).upper() or single.upper()


_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def phonetic_keys(name: str | None) -> frozenset[str]:
    """Several phonetic codes (metaphone, NYSIIS, Soundex) for a normalised name; any shared code counts
    as "sounds the same" in scoring."""
    if not name:
        return frozenset()
    flat = squash(name)
    if len(flat) < 2:
        return frozenset()
    if not is_latin(name):
        return frozenset({"RAW:" + flat})
    return frozenset(
        {
            "M:" + jellyfish.metaphone(flat).upper(),
            "N:" + jellyfish.nysiis(flat).upper(),
        }
    )


@lru_cache(maxsize=65536)
def soundex(name: str | None) -> str | None:
    if not name or not is_latin(name) or len(squash(name)) < 2:
        return None
    return str(jellyfish.soundex(squash(name)))


# ---------------------------------------------------------------------------------------------------------
# Nicknames
# ---------------------------------------------------------------------------------------------------------

_NICKNAME_FILE = Path(__file__).with_name("data") / "nicknames.txt"


@dataclass(frozen=True)
class NicknameTable:
    """Given-name equivalence groups: ``groups[name]`` is the set of group ids the name belongs to."""

    groups: dict[str, frozenset[int]]
    formal: tuple[str, ...]
    members: tuple[tuple[str, ...], ...]
    canonical: dict[str, str]
    equivalent: dict[str, frozenset[str]]

    def are_equivalent(self, a: str, b: str) -> bool:
        ga = self.groups.get(a)
        gb = self.groups.get(b)
        return bool(ga and gb and ga & gb)

    def canonical_form(self, name: str) -> str:
        """One representative for every name connected through any group (used for blocking keys)."""
        return self.canonical.get(name, name)

    def pair_count(self) -> int:
        return sum(len(m) - 1 for m in self.members)

    def equivalents(self, name: str) -> frozenset[str]:
        """Every other name sharing a group with ``name`` (Nathan: Nat, Nate, Nathaniel ...)."""
        return self.equivalent.get(name, frozenset())


def parse_nickname_lines(lines: list[str]) -> NicknameTable:
    members: list[tuple[str, ...]] = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        names: list[str] = []
        for part in line.split(","):
            norm = normalise_name(part)
            if norm and squash(norm) not in names:
                names.append(squash(norm))
        if len(names) >= 2:
            members.append(tuple(names))
    groups: dict[str, set[int]] = {}
    for i, names_in_group in enumerate(members):
        for n in names_in_group:
            groups.setdefault(n, set()).add(i)
    # Union-find over groups so that a name in several groups has one canonical blocking form.
    parent = list(range(len(members)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for ids in groups.values():
        first, *rest = sorted(ids)
        for other in rest:
            parent[find(other)] = find(first)
    component_names: dict[int, list[str]] = {}
    for name, ids in groups.items():
        component_names.setdefault(find(min(ids)), []).append(name)
    canonical: dict[str, str] = {}
    for names in component_names.values():
        rep = min(names)
        for n in names:
            canonical[n] = rep
    return NicknameTable(
        groups={k: frozenset(v) for k, v in groups.items()},
        formal=tuple(m[0] for m in members),
        members=tuple(members),
        canonical=canonical,
        equivalent={
            name: frozenset(m for g in ids for m in members[g] if m != name) for name, ids in groups.items()
        },
    )


@lru_cache(maxsize=1)
def nicknames() -> NicknameTable:
    return parse_nickname_lines(_NICKNAME_FILE.read_text(encoding="utf-8").splitlines())


# ---------------------------------------------------------------------------------------------------------
# Dates of birth
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartialDate:
    """A date of birth that may be known only in part (year, or year and month)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_full(self) -> bool:
        return self.month is not None and self.day is not None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_ISO_YM = re.compile(r"^(\d{4})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2}|\d{4})$")
_MY = re.compile(r"^(\d{1,2})[/.\- ](\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
MIN_YEAR = 1900


def _valid(year: int, month: int | None, day: int | None, today: dt.date) -> PartialDate | None:
    if year < MIN_YEAR or year > today.year + 1:
        return None
    if month is None:
        return PartialDate(year)
    if not 1 <= month <= 12:
        return None
    if day is None:
        return PartialDate(year, month)
    try:
        dt.date(year, month, day)
    except ValueError:
        return None  # 31/02, 30/02, 29/02 in a non-leap year ...
    return PartialDate(year, month, day)


def parse_date(value: object, today: dt.date | None = None) -> PartialDate | None:
    """Parse a date of birth. Accepts ISO (YYYY-MM-DD, YYYY-MM, YYYY), UK day-first (31/01/2015, 31.1.15),
    compact YYYYMMDD and ``datetime.date``. Impossible dates (31/02) and out-of-range years are ``None``.
    Two-digit years are read as the most recent year that is not in the future."""
    status, parsed = date_status(value, today)
    return parsed if status == "ok" else None


def date_status(value: object, today: dt.date | None = None) -> tuple[Status, PartialDate | None]:
    today = today or dt.date.today()
    if value is None:
        return "missing", None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return "ok", PartialDate(value.year, value.month, value.day)
    text = str(value).strip()
    if not text or text.lower() in {"unknown", "nk", "n/k", "not known", "none", "null", "-"}:
        return "missing", None
    parsed: PartialDate | None = None
    if m := _ISO.match(text):
        parsed = _valid(int(m[1]), int(m[2]), int(m[3]), today)
    elif m := _DMY.match(text):
        year = int(m[3])
        if len(m[3]) == 2:
            year += 2000 if 2000 + year <= today.year else 1900
        parsed = _valid(year, int(m[2]), int(m[1]), today)
    elif m := _COMPACT.match(text):
        parsed = _valid(int(m[1]), int(m[2]), int(m[3]), today)
    elif m := _ISO_YM.match(text):
        parsed = _valid(int(m[1]), int(m[2]), None, today)
    elif m := _MY.match(text):
        parsed = _valid(int(m[2]), int(m[1]), None, today)
    elif m := _YEAR.match(text):
        parsed = _valid(int(m[1]), None, None, today)
    if (
        parsed is None
        and any(c.isdigit() for c in text)
        and (repaired := text.translate(_LETTER_AS_DIGIT)) != text
    ):
        # "19T6-12-12", "2019-o7-23": a scanned or misread digit; read as the digit it looks like.
        return date_status(repaired, today)
    return ("ok", parsed) if parsed else ("malformed", None)


# ---------------------------------------------------------------------------------------------------------
# Sex
# ---------------------------------------------------------------------------------------------------------

_SEX = {
    "m": "M",
    "male": "M",
    "a) male": "M",
    "boy": "M",
    "f": "F",
    "female": "F",
    "b) female": "F",
    "girl": "F",
}


def normalise_sex(value: object) -> str | None:
    """``"M"``, ``"F"`` or ``None`` (unknown, not stated, neither: nothing to compare)."""
    if value is None:
        return None
    return _SEX.get(str(value).strip().lower())


# ---------------------------------------------------------------------------------------------------------
# Postcodes
# ---------------------------------------------------------------------------------------------------------

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


@dataclass(frozen=True)
class Postcode:
    outward: str
    inward: str | None  # None when only the outward code (district) was given

    @property
    def full(self) -> str | None:
        return f"{self.outward} {self.inward}" if self.inward else None

    @property
    def sector(self) -> str | None:
        return f"{self.outward} {self.inward[0]}" if self.inward else None

    @property
    def district(self) -> str:
        return self.outward

    @property
    def area(self) -> str:
        return re.match(r"^[A-Z]+", self.outward)[0]  # type: ignore[index]


def postcode_status(value: object) -> tuple[Status, Postcode | None]:
    if value is None:
        return "missing", None
    text = re.sub(r"[\s\-.]", "", str(value)).upper()
    if not text:
        return "missing", None
    if text == "NFA" or text == "NK":  # "no fixed abode", "not known"
        return "missing", None
    if len(text) >= 5:
        # Common keying slip: letter O typed for zero in the inward code's digit.
        inward = text[-3:]
        if inward[0] in "OI":
            text = text[:-3] + ("0" if inward[0] == "O" else "1") + inward[1:]
    if m := _POSTCODE.match(text):
        return "ok", Postcode(m[1], m[2])
    if _OUTWARD.match(text):
        return "ok", Postcode(text, None)
    if 5 <= len(text) <= 7:
        # A misread character where only a letter or only a digit can stand ("8D11 2ZJ", "LS2 1G6"): the
        # first character and the inward code's last two are letters, the inward code's first a digit, and
        # the outward code has a digit. One such slip only: "12345" is no postcode.
        outward, inward = text[:-3], text[-3:]
        if not any(c.isdigit() for c in outward):
            outward = outward[:-1] + outward[-1].translate(_LETTER_AS_DIGIT)  # "LSZ" for LS2
        repaired = (
            outward[0].translate(_UPPER_DIGIT_AS_LETTER)
            + outward[1:]
            + inward[0].translate(_LETTER_AS_DIGIT)
            + inward[1:].translate(_UPPER_DIGIT_AS_LETTER)
        )
        slips = sum(a != b for a, b in zip(repaired, text, strict=True))
        if slips == 1 and (m := _POSTCODE.match(repaired)):
            return "ok", Postcode(m[1], m[2])
    return "malformed", None


def normalise_postcode(value: object) -> Postcode | None:
    """Parse a UK postcode ("sw1a1aa" -> ``Postcode("SW1A", "1AA")``); outward code alone is kept as a
    district. Malformed values are ``None``."""
    return postcode_status(value)[1]


def format_postcode(value: object) -> str | None:
    pc = normalise_postcode(value)
    return pc.full if pc else None


def postcode_sector(value: object) -> str | None:
    pc = normalise_postcode(value)
    return pc.sector if pc else None


# ---------------------------------------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------------------------------------

_ADDRESS_ABBREVIATIONS = {
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cl": "close",
    "cres": "crescent",
    "ct": "court",
    "dr": "drive",
    "gdns": "gardens",
    "gr": "grove",
    "gro": "grove",
    "pl": "place",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "flt": "flat",
    "apt": "flat",
    "apartment": "flat",
}


@lru_cache(maxsize=65536)
def normalise_address_line(value: str | None) -> str | None:
    """Fold case and accents, drop punctuation and expand common abbreviations ("12a High St." ->
    "12a high street")."""
    if value is None:
        return None
    text = fold(str(value))
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    text = re.sub(r"[^\w\s]", " ", text)
    tokens = [_ADDRESS_ABBREVIATIONS.get(t, t) for t in text.split()]
    return " ".join(tokens) or None


def house_number(address: str | None) -> str | None:
    """The first number-like token of a normalised address line ("flat 2 14a acacia road" -> "2")."""
    if not address:
        return None
    m = re.search(r"\b(\d+[a-z]?)\b", address)
    return m[1] if m else None


# ---------------------------------------------------------------------------------------------------------
# Identifiers
# ---------------------------------------------------------------------------------------------------------


def nhs_check_digit(first_nine: str) -> int | None:
    """The mod-11 check digit for nine digits, or ``None`` when no check digit exists (remainder gives 10)."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number_status(value: object) -> tuple[Status, str | None]:
    if value is None:
        return "missing", None
    text = re.sub(r"[\s\-]", "", str(value))
    if not text:
        return "missing", None
    if not re.fullmatch(r"\d{10}", text) or len(set(text)) == 1:
        return "malformed", None
    if nhs_check_digit(text[:9]) != int(text[9]):
        return "malformed", None
    return "ok", text


def normalise_nhs_number(value: object) -> str | None:
    """Ten digits with a valid mod-11 check digit ("943 476 5919" -> "9434765919"), else ``None``."""
    return nhs_number_status(value)[1]


def is_valid_nhs_number(value: object) -> bool:
    return nhs_number_status(value)[0] == "ok"


_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # no I, O or S
_UPN = re.compile(r"^[A-Z]\d{12}$|^[A-Z]\d{11}[A-Z]$")


def upn_check_letter(body: str) -> str:
    """The DfE check letter for characters 2-13 of a UPN: weights 2..13, sum mod 23, letters without I/O/S.
    A letter in the last position (temporary UPNs) counts as its position in that alphabet."""
    total = 0
    for weight, ch in enumerate(body, start=2):
        total += (int(ch) if ch.isdigit() else _UPN_LETTERS.index(ch)) * weight
    return _UPN_LETTERS[total % 23]


def upn_status(value: object, check_letter: bool = True) -> tuple[Status, str | None]:
    if value is None:
        return "missing", None
    text = re.sub(r"\s", "", str(value)).upper()
    if not text or re.fullmatch(r"UN[1-7]", text):  # "UPN unknown" codes
        return "missing", None
    if not _UPN.match(text):
        return "malformed", None
    if text[-1].isalpha() and text[-1] not in _UPN_LETTERS:
        return "malformed", None
    if check_letter and (text[0] not in _UPN_LETTERS or upn_check_letter(text[1:]) != text[0]):
        return "malformed", None
    return "ok", text


def normalise_upn(value: object, check_letter: bool = True) -> str | None:
    """A UPN in the census pattern with a correct DfE check letter, upper-cased, else ``None``."""
    return upn_status(value, check_letter)[1]
