"""Fellegi-Sunter scoring of a pair of person records, with reasons a person can read.

match weight = log2(prior odds) + sum over fields of log2(m / u) for the level the pair falls into
(+ adjustments); probability = 2^w / (1 + 2^w). Needs only jellyfish and the standard library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .comparisons import COMPARISONS, Outcome, compare_all
from .params import TF_LEVEL, Params, load_params
from .record import Prepared, Record, prepare

#: A pair whose given names differ while family name and date of birth agree is far more often twins (or
#: siblings recorded together) than one child written two ways; Fellegi-Sunter's independence assumption
#: cannot see that, so a calibrated adjustment is applied (see ``training.calibrate_twins``).
TWINS = "twins"
TWINS_GIVEN_LEVELS = frozenset({"different"})
TWINS_FAMILY_LEVELS = frozenset({"exact", "alias", "phonetic", "jw92"})
TWINS_DOB_LEVELS = frozenset({"exact", "transposed", "same_year_month"})

#: People in one household share a family name, so agreement on family name *and* address is weaker
#: evidence than the two weights added up; a calibrated (negative) adjustment removes the double count.
HOUSEHOLD = "household"
HOUSEHOLD_FAMILY_LEVELS = frozenset({"exact", "alias", "phonetic", "jw92"})
HOUSEHOLD_ADDRESS_LEVELS = frozenset({"same_address", "same_line", "same_postcode"})


#: Term-frequency adjustment (params format 2): an exact agreement on a common name counts for less, on an
#: uncommon one for more. Shown as its own reason (levels below) after the field's own reason. Not applied
#: to the family name of a household or twins pair (see ``score_prepared``).
COMMON_NAME = "common_name"
UNCOMMON_NAME = "uncommon_name"


@dataclass(frozen=True)
class Reason:
    field: str  # "Date of birth"
    level_label: str  # "Date of birth: day and month transposed"
    agreed: bool  # the field counts for the match (weight > 0)
    weight: float  # log2 Bayes factor contributed (0 when missing)
    level: str | None = None  # machine key of the level ("transposed"); None when missing

    def __str__(self) -> str:
        return f"{self.level_label} ({self.weight:+.1f})"


@dataclass(frozen=True)
class MatchResult:
    probability: float
    match_weight: float
    reasons: list[Reason]

    @property
    def explanation(self) -> list[str]:
        return [r.level_label for r in self.reasons if r.level is not None]


def probability_from_weight(weight: float) -> float:
    if weight == -math.inf:
        return 0.0
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = float(2.0**weight)
    return odds / (1 + odds)


def probability_among(result: MatchResult, params: Params, candidates: int) -> float:
    """The match probability of ``result`` (scored with ``params``) for one person described against
    ``candidates`` records (see :meth:`Params.among`)."""
    return probability_from_weight(
        result.match_weight - params.prior_weight + params.among(candidates).prior_weight
    )


def tf_key(p: Prepared, comparison: str) -> str:
    """The term-frequency key of a record's name: the first given name, or the whole family name."""
    if comparison == "given_name":
        return p.given.first if p.given is not None else ""
    return p.family.flat if p.family is not None else ""


def twins_pattern(outcomes: dict[str, Outcome], swapped: bool) -> bool:
    return (
        not swapped
        and outcomes["given_name"].level in TWINS_GIVEN_LEVELS
        and outcomes["family_name"].level in TWINS_FAMILY_LEVELS
        and outcomes["date_of_birth"].level in TWINS_DOB_LEVELS
    )


def household_pattern(outcomes: dict[str, Outcome], swapped: bool) -> bool:
    return (
        outcomes["family_name"].level in HOUSEHOLD_FAMILY_LEVELS
        and outcomes["address"].level in HOUSEHOLD_ADDRESS_LEVELS
    )


def score_prepared(
    a: Prepared,
    b: Prepared,
    params: Params,
    explain: bool = True,
    compared: tuple[dict[str, Outcome], bool] | None = None,
) -> MatchResult:
    """Score a pair; ``compared``: what :func:`compare_all` gave for it, when already known (a batch run
    compares each candidate once, estimates the parameters, then scores)."""
    if a.is_empty or b.is_empty:
        return MatchResult(
            0.0,
            -math.inf,
            [Reason("Record", "Nothing to compare: no name, date of birth or identifier", False, 0.0)]
            if explain
            else [],
        )
    outcomes, swapped = compared or compare_all(a, b)
    household = HOUSEHOLD in params.adjustments and household_pattern(outcomes, swapped)
    twins = TWINS in params.adjustments and twins_pattern(outcomes, swapped)
    total = params.prior_weight
    reasons: list[Reason] = []
    name_frequency: list[Reason] = []
    for comp in COMPARISONS:
        outcome = outcomes[comp.name]
        if outcome.level is None:
            if explain and comp.mention_missing:
                reasons.append(Reason(comp.title, f"{comp.title}: not given on both records", False, 0.0))
            continue
        w = params.comparisons[comp.name][outcome.level].weight
        total += w
        if explain:
            text = outcome.detail or comp.label(outcome.level)
            if swapped and comp.name in ("given_name", "family_name"):
                text += " (first and last names swapped)"
            reasons.append(Reason(comp.title, f"{comp.title}: {text}", w > 0, w, outcome.level))
        if outcome.level != TF_LEVEL or comp.name not in params.tf_weights:
            continue
        if comp.name == "family_name" and (household or twins):
            # A household (or twins) shares its family name however rare it is: rarity says nothing
            # about which member this is, and the adjustment below already accounts for the family name.
            continue
        tf = params.tf_adjustment(comp.name, tf_key(a, comp.name))
        if swapped:
            # One record has the names the wrong way round and we cannot tell which: "Hussain" is no rare
            # given name. Count the name as the commoner of the two readings.
            other = params.tf_adjustment(comp.name, tf_key(b, comp.name))
            tf = other if tf is None or (other is not None and other < tf) else tf
        if tf is None or tf == 0:
            continue
        total += tf
        if explain:
            name_frequency.append(
                Reason(
                    comp.title,
                    f"{comp.title}: a common name, so agreeing on it counts for less"
                    if tf < 0
                    else f"{comp.title}: an uncommon name, so agreeing on it counts for more",
                    tf > 0,
                    tf,
                    COMMON_NAME if tf < 0 else UNCOMMON_NAME,
                )
            )
    reasons.extend(name_frequency)
    adjustment = params.adjustments.get(HOUSEHOLD)
    if adjustment is not None and household:
        total += adjustment
        if explain:
            reasons.append(
                Reason(
                    "Household",
                    "Household: same family name at the same address counted once (a household shares both)",
                    adjustment > 0,
                    adjustment,
                    HOUSEHOLD,
                )
            )
    adjustment = params.adjustments.get(TWINS)
    if adjustment is not None and twins:
        total += adjustment
        if explain:
            reasons.append(
                Reason(
                    "Twins or siblings",
                    "Twins or siblings: same family name and date of birth but a different given name",
                    False,
                    adjustment,
                    TWINS,
                )
            )
    return MatchResult(probability_from_weight(total), total, reasons)


def score(a: Record | Prepared, b: Record | Prepared, params: Params | None = None) -> MatchResult:
    """Score two person records (mappings with the CSV columns, or prepared records)."""
    params = params or load_params()
    pa = a if isinstance(a, Prepared) else prepare(a)
    pb = b if isinstance(b, Prepared) else prepare(b)
    return score_prepared(pa, pb, params)
