"""The weekly dip sample, as a pure function: stratified so that every stratum (each team, worker, outcome
and day present in the week, or whichever dimensions the council sets) has at least one case, then filled
at random to the council's size. The same cases and the same seed always give the same sample."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DIMENSIONS = ("team", "worker", "outcome", "weekday")


@dataclass(frozen=True)
class Case:
    key: str
    strata: Mapping[str, str]


def strata_of(cases: Sequence[Case], dimensions: Sequence[str]) -> set[tuple[str, str]]:
    return {(dimension, case.strata[dimension]) for case in cases for dimension in dimensions}


def draw(cases: Sequence[Case], *, size: int, dimensions: Sequence[str], seed: int) -> list[Case]:
    """Cover every stratum first (greedily: the case covering most strata not yet covered, ties broken by
    the seeded shuffle), then fill to `size` in the shuffled order. Covering every stratum comes before the
    size: if that needs more cases than `size`, the sample is larger and the page says so."""
    unknown = set(dimensions) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"Unknown strata: {', '.join(sorted(unknown))}")
    rng = random.Random(seed)
    pool = sorted(cases, key=lambda case: case.key)
    rng.shuffle(pool)
    uncovered = strata_of(pool, dimensions)
    chosen: list[Case] = []
    left = list(pool)
    while uncovered:
        best = max(left, key=lambda case: len(strata_of([case], dimensions) & uncovered))
        chosen.append(best)
        left.remove(best)
        uncovered -= strata_of([best], dimensions)
    for case in left:
        if len(chosen) >= size:
            break
        chosen.append(case)
    return chosen
