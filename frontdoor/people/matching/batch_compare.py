"""Comparing candidate pairs in a batch run: the levels of :mod:`.comparisons`, each distinct pair of values
compared once.

A file of 100,000 records gives millions of candidate pairs but far fewer distinct pairs of values: names,
dates of birth and addresses repeat. So every value is given a number once per run, and the level of each
pair of numbers is kept for the rest of the run (a dictionary on one integer, the two numbers together).
The levels are exactly those of :func:`.comparisons.compare_all` (the same functions decide every new pair);
only the level is kept, not the wording, which a batch run does not show.

Scores likewise: :class:`BatchScorer` adds the same weights as
:func:`.scoring.score_prepared`, each pattern's added up once.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from .comparisons import (
    _NAME_LEVELS_GIVEN,
    _RANK,
    COMPARISONS,
    _compare_name,
    _same_line,
    compare_dob,
    compare_middle_names,
)
from .estimate import Pattern
from .normalise import nicknames
from .params import TF_LEVEL, Params
from .record import Name, Prepared
from .scoring import HOUSEHOLD, TWINS, household_pattern, probability_from_weight, twins_pattern

_LEVELS: tuple[str | None, ...] = (*(level.key for level in _NAME_LEVELS_GIVEN), None)
_MISSING = len(_RANK)  # the rank of a missing name (as ``comparisons._rank``)
_STRONG = _RANK["jw92"]
_SIMILAR = _RANK["jw80"]


class _Numbers:
    """A number for each distinct value, in order of first appearance."""

    def __init__(self) -> None:
        self.ids: dict[Hashable, int] = {}
        self.values: list[object] = []

    def __call__(self, value: Hashable) -> int:
        if value is None:
            return -1
        number = self.ids.get(value)
        if number is None:
            number = self.ids[value] = len(self.values)
            self.values.append(value)
        return number


class BatchComparer:
    """``compare(i, j)``: (pattern, names swapped) of ``left[i]`` and ``right[j]``, as
    :func:`.comparisons.compare_all` and :func:`.estimate.pattern_of` would give."""

    def __init__(self, left: Sequence[Prepared], right: Sequence[Prepared]) -> None:
        self.left, self.right = left, right
        names, dobs, places = _Numbers(), _Numbers(), _Numbers()
        known = nicknames().groups

        def numbered(records: Sequence[Prepared]) -> list[tuple[int, int, int, int]]:
            return [
                (
                    names(p.given.text if p.given is not None else None),
                    names(p.family.text if p.family is not None else None),
                    dobs(p.dob),
                    places((p.address, p.house_number, p.postcode)),
                )
                for p in records
            ]

        self._left_numbers = numbered(left)
        self._right_numbers = self._left_numbers if right is left else numbered(right)
        by_text = {p.given.text: p.given for p in (*left, *right) if p.given is not None}
        by_text.update({p.family.text: p.family for p in (*left, *right) if p.family is not None})
        self._names = [by_text[str(text)] for text in names.values]
        self._unknown = [name.first not in known for name in self._names]
        self._places: dict[int, Prepared] = {}
        for records, numbers in ((left, self._left_numbers), (right, self._right_numbers)):
            for p, (_, _, _, place) in zip(records, numbers, strict=True):
                self._places.setdefault(place, p)
        self._width = max(len(names.values), len(dobs.values), len(places.values), 1) + 1
        self._given: dict[int, int] = {}
        self._family: dict[int, int] = {}
        self._middle: dict[int, str | None] = {}
        self._dob: dict[int, str | None] = {}
        self._address: dict[int, str | None] = {}
        self._patterns: dict[Pattern, Pattern] = {}

    def _name_rank(self, x: int, y: int, given: bool) -> int:
        memo = self._given if given else self._family
        # Either way round: a name comparison's level does not depend on the order of the two (checked on
        # every pair of names met in the held-out profiles and 20,000 FEBRL records).
        key = x * self._width + y if x < y else y * self._width + x
        rank = memo.get(key)
        if rank is None:
            level = _compare_name(self._names[x], self._names[y], given).level
            rank = memo[key] = _RANK[level] if level is not None else _MISSING
        return rank

    def _names_of(self, ag: int, af: int, bg: int, bf: int) -> tuple[int, int, bool]:
        """As :func:`.comparisons.compare_names`, in ranks."""
        given = self._name_rank(ag, bg, True) if ag >= 0 and bg >= 0 else _MISSING
        family = self._name_rank(af, bf, False) if af >= 0 and bf >= 0 else _MISSING
        if (given > _STRONG or family > _STRONG) and ag >= 0 and af >= 0 and bg >= 0 and bf >= 0:
            # A reading is taken only if both its names are at least similar: when neither reading's family
            # name is, neither can be taken, and the dearer given-name comparisons are not needed.
            first_family = self._name_rank(ag, bf, False)
            second_family = self._name_rank(af, bg, False)
            if first_family > _SIMILAR and second_family > _SIMILAR:
                return given, family, False
            first = (self._name_rank(af, bg, True), first_family)
            second = (self._name_rank(ag, bf, True), second_family)
            first_key = (first[0] + first[1], self._unknown[af] and self._unknown[bg])
            second_key = (second[0] + second[1], self._unknown[ag] and self._unknown[bf])
            crossed = second if second_key < first_key else first  # min() keeps the first on a tie
            if crossed[0] <= _SIMILAR and crossed[1] <= _SIMILAR and sum(crossed) < given + family:
                return crossed[0], crossed[1], True
        return given, family, False

    def compare(self, i: int, j: int) -> tuple[Pattern, bool]:
        a, b = self.left[i], self.right[j]
        ag, af, ad, ap = self._left_numbers[i]
        bg, bf, bd, bp = self._right_numbers[j]
        given, family, swapped = self._names_of(ag, af, bg, bf)
        width = self._width
        # Middle names: only when both give more than one given name (``compare_middle_names``).
        middle: str | None = None
        if (
            not swapped
            and a.given is not None
            and b.given is not None
            and len(a.given.tokens) > 1
            and len(b.given.tokens) > 1
        ):
            key = ag * width + bg
            if key in self._middle:
                middle = self._middle[key]
            else:
                middle = self._middle[key] = compare_middle_names(a.given, b.given, False).level
        if ad < 0 or bd < 0:
            dob = None
        else:
            key = ad * width + bd
            if key in self._dob:
                dob = self._dob[key]
            else:
                dob = self._dob[key] = compare_dob(a.dob, b.dob).level
        key = ap * width + bp
        if key in self._address:
            address = self._address[key]
        else:
            address = self._address[key] = _address_level(self._places[ap], self._places[bp])
        sex = None if a.sex is None or b.sex is None else ("same" if a.sex == b.sex else "different")
        nhs = (
            None
            if a.nhs_number is None or b.nhs_number is None
            else ("same" if a.nhs_number == b.nhs_number else "different")
        )
        upn = None if a.upn is None or b.upn is None else ("same" if a.upn == b.upn else "different")
        pattern = (_LEVELS[given], middle, _LEVELS[family], dob, sex, address, nhs, upn)
        return self._patterns.setdefault(pattern, pattern), swapped


def _address_level(a: Prepared, b: Prepared) -> str | None:
    """:func:`.comparisons.compare_address`'s level, without its wording."""
    x, y = a.postcode, b.postcode
    if x is None or y is None:
        postcode = None
    elif x.full and x.full == y.full:
        postcode = "exact"
    elif x.sector and x.sector == y.sector:
        postcode = "sector"
    elif x.district == y.district:
        postcode = "district"
    else:
        postcode = "different"
    if _same_line(a, b):
        return "same_address" if postcode == "exact" else "same_line"
    if postcode == "exact":
        return "same_postcode"
    if postcode == "sector" or postcode == "district":
        return postcode
    if postcode is None and (a.address is None or b.address is None):
        return None
    return "different"


_NAMES = tuple(c.name for c in COMPARISONS)
_GIVEN = _NAMES.index("given_name")
_FAMILY = _NAMES.index("family_name")


class BatchScorer:
    """``probability(a, b, pattern, swapped)``: what :func:`.scoring.score_prepared` gives for a pair
    already compared (the same weights, summed in another order), with each pattern's weights added up once
    and each name's frequency adjustment looked up once."""

    def __init__(self, params: Params) -> None:
        self.params = params
        self._plans: dict[tuple[Pattern, bool], tuple[float, bool, bool]] = {}
        self._tf: dict[tuple[str, str], float | None] = {}

    def _plan(self, pattern: Pattern, swapped: bool) -> tuple[float, bool, bool]:
        """(the prior and every weight but the name frequencies, added; whether each name's applies)."""
        plan = self._plans.get((pattern, swapped))
        if plan is None:
            params = self.params
            outcomes = {name: _Level(level) for name, level in zip(_NAMES, pattern, strict=True)}
            household = HOUSEHOLD in params.adjustments and household_pattern(outcomes, swapped)  # type: ignore[arg-type]
            twins = TWINS in params.adjustments and twins_pattern(outcomes, swapped)  # type: ignore[arg-type]
            total = params.prior_weight
            for name, level in zip(_NAMES, pattern, strict=True):
                if level is not None:
                    total += params.comparisons[name][level].weight
            if household:
                total += params.adjustments[HOUSEHOLD]
            if twins:
                total += params.adjustments[TWINS]
            tf_given = pattern[_GIVEN] == TF_LEVEL and "given_name" in params.tf_weights
            tf_family = (
                pattern[_FAMILY] == TF_LEVEL
                and "family_name" in params.tf_weights
                and not (household or twins)
            )
            plan = self._plans[(pattern, swapped)] = (total, tf_given, tf_family)
        return plan

    def _tf_of(self, comparison: str, key: str) -> float | None:
        memo_key = (comparison, key)
        if memo_key in self._tf:
            return self._tf[memo_key]
        value = self._tf[memo_key] = self.params.tf_adjustment(comparison, key)
        return value

    def _name_tf(self, comparison: str, a: Name | None, b: Name | None, swapped: bool) -> float | None:
        given = comparison == "given_name"

        def key_of(name: Name | None) -> str:
            return "" if name is None else name.first if given else name.flat

        tf = self._tf_of(comparison, key_of(a))
        if swapped:
            other = self._tf_of(comparison, key_of(b))
            tf = other if tf is None or (other is not None and other < tf) else tf
        return tf

    def probability(self, a: Prepared, b: Prepared, pattern: Pattern, swapped: bool) -> float:
        if a.is_empty or b.is_empty:
            return 0.0
        total, tf_given, tf_family = self._plan(pattern, swapped)
        if tf_given:
            tf = self._name_tf("given_name", a.given, b.given, swapped)
            if tf is not None:
                total += tf
        if tf_family:
            tf = self._name_tf("family_name", a.family, b.family, swapped)
            if tf is not None:
                total += tf
        return probability_from_weight(total)


class _Level:
    __slots__ = ("level",)

    def __init__(self, level: str | None) -> None:
        self.level = level
