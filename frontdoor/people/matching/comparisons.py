"""Comparison levels for each field of a person record.

Each comparison turns a pair of prepared records into one level (or ``None`` when a value is missing on
either side). The same functions are used at request time (``scoring``) and inside Splink during training
(registered as DuckDB functions), so the trained m/u probabilities belong to exactly these levels.
"""

from __future__ import annotations

from dataclasses import dataclass

import jellyfish

from .normalise import PartialDate, Postcode, nicknames
from .record import Name, Prepared


@dataclass(frozen=True)
class Level:
    key: str
    label: str  # human text after "<Field>: "


@dataclass(frozen=True)
class ComparisonDef:
    name: str
    title: str
    columns: tuple[str, ...]  # record columns the comparison reads (for Splink)
    levels: tuple[Level, ...]  # strongest agreement first; the last level is "anything else"
    # Say "not given on both records" when missing; not for a field most people simply do not have.
    mention_missing: bool = True

    def index(self, key: str) -> int:
        for i, level in enumerate(self.levels):
            if level.key == key:
                return i
        raise KeyError(f"{self.name} has no level {key!r}")

    def label(self, key: str) -> str:
        return self.levels[self.index(key)].label


@dataclass(frozen=True)
class Outcome:
    """The level a pair falls into for one comparison, with an optional more specific description."""

    level: str | None  # None: missing on one side or both
    detail: str | None = None


_NAME_LEVELS_GIVEN = (
    Level("exact", "the same"),
    Level("alias", "a known short form or middle name"),
    Level("phonetic", "sounds the same"),
    Level("jw92", "spelt very similarly"),
    Level("alias_typo", "a known short form, misspelt"),
    Level("jw80", "spelt similarly"),
    Level("initial", "initial matches"),
    Level("different", "different"),
)
_NAME_LEVELS_FAMILY = (
    Level("exact", "the same"),
    Level("alias", "one part of a double-barrelled name matches"),
    Level("phonetic", "sounds the same"),
    Level("jw92", "spelt very similarly"),
    Level("jw80", "spelt similarly"),
    Level("different", "different"),
)

GIVEN_NAME = ComparisonDef("given_name", "Given name", ("given_name", "family_name"), _NAME_LEVELS_GIVEN)
# Middle names are their own evidence: two records that both give them and agree (Damian Kacper / Damia
# Kacper) are very likely one person; sisters called Laura Barbara and Barbara Julia are not.
MIDDLE_NAMES = ComparisonDef(
    "middle_names",
    "Middle names",
    ("given_name", "family_name"),
    (
        Level("same", "the same"),
        Level("similar", "spelt similarly, or an initial matches"),
        Level("different", "different"),
    ),
    mention_missing=False,
)
FAMILY_NAME = ComparisonDef("family_name", "Family name", ("given_name", "family_name"), _NAME_LEVELS_FAMILY)
DATE_OF_BIRTH = ComparisonDef(
    "date_of_birth",
    "Date of birth",
    ("date_of_birth",),
    (
        Level("exact", "the same"),
        Level("transposed", "day and month transposed"),
        Level("year_off_by_one", "same day and month, year one apart"),
        Level("same_year_month", "same month and year"),
        Level("two_of_three", "two of day, month and year agree"),
        Level("different", "different"),
        Level("far_apart", "more than five years apart"),
    ),
)
SEX = ComparisonDef("sex", "Sex", ("sex",), (Level("same", "the same"), Level("different", "different")))
# Postcode and first line of address are one comparison: they are so strongly related that scoring them
# separately would count "lives at the same address" twice.
ADDRESS = ComparisonDef(
    "address",
    "Address",
    ("address_line_1", "postcode"),
    (
        Level("same_address", "same first line and postcode"),
        Level("same_line", "same first line, postcode missing or different"),
        Level("same_postcode", "same postcode, different or missing first line"),
        Level("sector", "same postcode sector"),
        Level("district", "same postcode district"),
        Level("different", "different"),
    ),
)
NHS_NUMBER = ComparisonDef(
    "nhs_number",
    "NHS number",
    ("nhs_number",),
    (Level("same", "the same"), Level("different", "different (both valid)")),
)
UPN = ComparisonDef(
    "upn",
    "UPN",
    ("upn",),
    (Level("same", "the same"), Level("different", "different (both valid)")),
)

COMPARISONS: tuple[ComparisonDef, ...] = (
    GIVEN_NAME,
    MIDDLE_NAMES,
    FAMILY_NAME,
    DATE_OF_BIRTH,
    SEX,
    ADDRESS,
    NHS_NUMBER,
    UPN,
)
COMPARISONS_BY_NAME = {c.name: c for c in COMPARISONS}

# ---------------------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------------------

_RANK = {level.key: i for i, level in enumerate(_NAME_LEVELS_GIVEN)}


def jaro_winkler(a: str, b: str) -> float:
    return float(jellyfish.jaro_winkler_similarity(a, b))


def one_slip(a: str, b: str) -> bool:
    """One letter wrong, missing, extra or two swapped ("Jzy" for Jay), in names of three letters or more:
    Jaro-Winkler undervalues a slip in a short name."""
    # The distance is at least the difference in length: most pairs are ruled out without computing it.
    return (
        min(len(a), len(b)) >= 3
        and abs(len(a) - len(b)) <= 1
        and jellyfish.damerau_levenshtein_distance(a, b) <= 1
    )


#: A misspelt short form ("Nte" for Nate, so Nathan) is one slip from, or as close as this to, a name of
#: the other's group.
SHORT_FORM_TYPO_SIMILARITY = 0.9


def misspelt_short_form(x: str, y: str) -> str | None:
    """The known form of ``y`` (or of ``x``) that the other name is a slip of, if any."""
    best = (0.0, "")
    for typed, other in ((x, y), (y, x)):
        if len(typed) < 3:
            continue
        for form in nicknames().equivalents(other):
            if form[0] != typed[0]:
                continue  # two steps (a short form, then a slip in its first letter) reach real names: Gary
            similarity = jaro_winkler(typed, form)
            close = similarity >= SHORT_FORM_TYPO_SIMILARITY or one_slip(typed, form)
            if close and (similarity, form) > best:
                best = (similarity, form)
    return best[1] or None


def _initials_agree(x: Name, y: Name) -> bool:
    """An initial agrees with a name, or with one of its known forms (A for Tony, short for Anthony)."""
    initial, other = (x, y) if x.initial else (y, x)
    letter = initial.flat[0]
    return other.flat[0] == letter or any(form[0] == letter for form in nicknames().equivalents(other.first))


#: "BarnesJones" is Barnes-Jones written without its hyphen: both parts at least this long (so that
#: Robertson is not a double-barrelled Roberts).
DOUBLE_BARRELLED_PART = 4


def _run_together(whole: str, part: str) -> bool:
    """``whole`` is ``part`` and another name run together, either way round."""
    if len(part) < DOUBLE_BARRELLED_PART or len(whole) - len(part) < DOUBLE_BARRELLED_PART:
        return False
    return whole.startswith(part) or whole.endswith(part)


#: Name pairs met again and again in a batch (Jack / James, Smith / Smyth) are compared once.
_NAME_OUTCOMES: dict[tuple[str, str, bool], Outcome] = {}
_NAME_OUTCOMES_MAX = 200_000


def compare_name(x: Name, y: Name, given: bool) -> Outcome:
    # A Name is wholly determined by its normalised text, so the texts are the key.
    key = (x.text, y.text, given)
    outcome = _NAME_OUTCOMES.get(key)
    if outcome is None:
        if len(_NAME_OUTCOMES) >= _NAME_OUTCOMES_MAX:
            _NAME_OUTCOMES.clear()
        outcome = _NAME_OUTCOMES[key] = _compare_name(x, y, given)
    return outcome


def _compare_name(x: Name, y: Name, given: bool) -> Outcome:
    if x.flat == y.flat:
        return Outcome("exact")
    if given:
        if x.first == y.first:
            return Outcome("exact")  # middle names are compared on their own (``compare_middle_names``)
        if nicknames().are_equivalent(x.first, y.first):
            return Outcome("alias", f"known short form ({x.first.title()} / {y.first.title()})")
        if (len(x.tokens) > 1 and y.first in x.tokens) or (len(y.tokens) > 1 and x.first in y.tokens):
            return Outcome("alias", "known by a middle name")
    else:
        shared = {t for t in x.tokens if len(t) > 1} & {t for t in y.tokens if len(t) > 1}
        if shared and (len(x.tokens) > 1 or len(y.tokens) > 1):
            return Outcome("alias")
        if _run_together(x.flat, y.flat) or _run_together(y.flat, x.flat):
            return Outcome("alias")
    if x.initial or y.initial:
        if given and _initials_agree(x, y):
            return Outcome("initial")
        return Outcome("different")
    if x.phonetic & y.phonetic:
        return Outcome("phonetic")
    sim = jaro_winkler(x.flat, y.flat)
    if given and (len(x.tokens) > 1 or len(y.tokens) > 1):
        sim = max(sim, jaro_winkler(x.first, y.first))
    if sim >= 0.92 or one_slip(x.flat, y.flat) or (given and one_slip(x.first, y.first)):
        return Outcome("jw92")
    if given and x.latin and y.latin and (form := misspelt_short_form(x.first, y.first)):
        return Outcome("alias_typo", f"a known short form, misspelt ({form.title()})")
    if sim >= 0.80:
        return Outcome("jw80")
    return Outcome("different")


def _middles_agree(x: str, y: str) -> bool:
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return one_slip(x, y) or jaro_winkler(x, y) >= 0.92


def _other_names(x: Name, y: Name) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The given names of each record beyond the one the given-name comparison matched: the middle names,
    or, for someone known by a middle name (Laura Barbara / Barbara Julia), the names left over."""
    if y.first in x.tokens[1:]:
        return tuple(t for t in x.tokens if t != y.first), y.tokens[1:]
    if x.first in y.tokens[1:]:
        return x.tokens[1:], tuple(t for t in y.tokens if t != x.first)
    return x.tokens[1:], y.tokens[1:]


def compare_middle_names(x: Name | None, y: Name | None, swapped: bool) -> Outcome:
    """Middle names, when both records give some and each is read the usual way round."""
    if swapped or x is None or y is None or x.initial or y.initial:
        return Outcome(None)
    x_middle, y_middle = _other_names(x, y)
    if not x_middle or not y_middle:
        return Outcome(None)
    if set(x_middle) & set(y_middle):
        return Outcome("same")
    if any(_middles_agree(a, b) for a in x_middle for b in y_middle):
        return Outcome("similar")
    return Outcome("different")


def _rank(outcome: Outcome) -> int:
    return _RANK[outcome.level] if outcome.level is not None else len(_RANK)


def compare_names(a: Prepared, b: Prepared) -> tuple[Outcome, Outcome, bool]:
    """Compare given and family names, detecting first and last names written the wrong way round.

    Returns (given outcome, family outcome, swapped)."""
    given = compare_name(a.given, b.given, given=True) if a.given and b.given else Outcome(None)
    family = compare_name(a.family, b.family, given=False) if a.family and b.family else Outcome(None)
    strong = _RANK["jw92"]
    if (_rank(given) > strong or _rank(family) > strong) and a.given and a.family and b.given and b.family:
        # Either record may be the one written surname first; a given name keeps its short forms. On a
        # tie, the reading whose given names are known given names wins.
        known = nicknames().groups
        readings = (
            (compare_name(a.family, b.given, given=True), compare_name(a.given, b.family, given=False),
             a.family.first not in known and b.given.first not in known),
            (compare_name(a.given, b.family, given=True), compare_name(a.family, b.given, given=False),
             a.given.first not in known and b.family.first not in known),
        )  # fmt: skip
        crossed_given, crossed_family, _ = min(readings, key=lambda r: (_rank(r[0]) + _rank(r[1]), r[2]))
        similar = _RANK["jw80"]
        if (
            _rank(crossed_given) <= similar
            and _rank(crossed_family) <= similar
            and _rank(crossed_given) + _rank(crossed_family) < _rank(given) + _rank(family)
        ):
            return crossed_given, crossed_family, True
    return given, family, False


# ---------------------------------------------------------------------------------------------------------
# Date of birth
# ---------------------------------------------------------------------------------------------------------


def compare_dob(x: PartialDate | None, y: PartialDate | None) -> Outcome:
    if x is None or y is None:
        return Outcome(None)
    if x.is_full and y.is_full:
        if (x.year, x.month, x.day) == (y.year, y.month, y.day):
            return Outcome("exact")
        if x.year == y.year and x.month == y.day and x.day == y.month:
            return Outcome("transposed")
        if x.month == y.month and x.day == y.day and abs(x.year - y.year) == 1:
            return Outcome("year_off_by_one")
        if x.year == y.year and x.month == y.month:
            return Outcome("same_year_month")
        if (x.month, x.day) == (y.month, y.day) and one_slip(f"{x.year:04d}", f"{y.year:04d}"):
            # 1989 written 1980: the birthday agrees and the year is one slip away, however far apart
            return Outcome("two_of_three", "same day and month, a slip in the year")
        if abs(x.year - y.year) > 5:
            return Outcome("far_apart")
        if x.day == y.day and (x.month == y.month or x.year == y.year):
            return Outcome("two_of_three")
        return Outcome("different")
    # At least one side is a partial date: compare what both sides have.
    if x.month is not None and y.month is not None:
        if x.year == y.year and x.month == y.month:
            return Outcome("same_year_month", "same month and year (date incomplete)")
        return Outcome("far_apart" if abs(x.year - y.year) > 5 else "different")
    if x.year == y.year:
        return Outcome("two_of_three", "same year (date incomplete)")
    return Outcome("far_apart" if abs(x.year - y.year) > 5 else "different")


# ---------------------------------------------------------------------------------------------------------
# Other fields
# ---------------------------------------------------------------------------------------------------------


def compare_sex(x: str | None, y: str | None) -> Outcome:
    if x is None or y is None:
        return Outcome(None)
    return Outcome("same" if x == y else "different")


def compare_postcode(x: Postcode | None, y: Postcode | None) -> Outcome:
    if x is None or y is None:
        return Outcome(None)
    if x.full and x.full == y.full:
        return Outcome("exact")
    if x.sector and x.sector == y.sector:
        return Outcome("sector")
    if x.district == y.district:
        if x.inward is None or y.inward is None:
            return Outcome("district", "same postcode district (postcode incomplete)")
        return Outcome("district")
    return Outcome("different")


def _same_line(a: Prepared, b: Prepared) -> bool:
    if a.address is None or b.address is None:
        return False
    if a.address == b.address:
        return True
    return bool(
        a.house_number and a.house_number == b.house_number and jaro_winkler(a.address, b.address) >= 0.9
    )


def compare_address(a: Prepared, b: Prepared) -> Outcome:
    line = _same_line(a, b)
    postcode = compare_postcode(a.postcode, b.postcode)
    if line:
        if postcode.level == "exact":
            return Outcome("same_address")
        return Outcome("same_line")
    if postcode.level == "exact":
        return Outcome("same_postcode")
    if postcode.level in ("sector", "district"):
        return Outcome(postcode.level, postcode.detail)
    if postcode.level is None and (a.address is None or b.address is None):
        return Outcome(None)
    return Outcome("different")


def compare_identifier(x: str | None, y: str | None) -> Outcome:
    if x is None or y is None:
        return Outcome(None)
    return Outcome("same" if x == y else "different")


def compare_all(a: Prepared, b: Prepared) -> tuple[dict[str, Outcome], bool]:
    """Every comparison for a pair: ({comparison name: outcome}, names swapped)."""
    given, family, swapped = compare_names(a, b)
    return (
        {
            "given_name": given,
            "middle_names": compare_middle_names(a.given, b.given, swapped),
            "family_name": family,
            "date_of_birth": compare_dob(a.dob, b.dob),
            "sex": compare_sex(a.sex, b.sex),
            "address": compare_address(a, b),
            "nhs_number": compare_identifier(a.nhs_number, b.nhs_number),
            "upn": compare_identifier(a.upn, b.upn),
        },
        swapped,
    )
