"""Re-estimating the model on the files being linked: expectation-maximisation over candidate pairs.

The committed parameters were fitted to the mistakes our own generator makes. Another agency's file makes
others (a keyboard slip in every field, an OCR'd form), and in it a name agrees by chance more or less often
than in the training population. So a batch run compares every candidate pair once, then fits the
Fellegi-Sunter mixture to those comparisons (as Splink and fastLink do): the share of candidates that are
one person, and for each comparison level the chance of it among matches (m) and among non-matches (u).

Being fitted among *candidates*, u is the chance of a level for two different people who met under a
blocking rule (far higher for date of birth than between two random records), which is exactly the question
scoring a candidate asks. EM starts from the committed parameters and is held near them where a level is
rare, by a few pseudo-counts, so that a level seen a handful of times keeps its trained value.

The fitted weights are then held within :data:`TRUST_BITS` of the trained ones. Without that, on files of
*households* (the council's own, where a mother and daughter of one name or twins share family name, date of
birth or address) the fitted mixture lost a tenth of the true pairs, and EM with the bound applied inside
every iteration ran away to "every candidate is one person" (docs/adr/0015-person-linkage-on-unseen-data.md).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

from .comparisons import COMPARISONS
from .params import LevelParams, Params

#: A pattern: the level of each of :data:`COMPARISONS`, in order (None: missing on one side).
Pattern = tuple[str | None, ...]

#: Pseudo-counts towards the committed m and u of each level: weight of the training run's belief.
PSEUDO_COUNTS = 20.0
ITERATIONS = 40
TOLERANCE = 1e-5
#: No level's weight moves further than this from the trained one (bits, a factor of 8): among candidates a
#: level can look far rarer or commoner than it is between two people in general (every candidate that
#: shares a postcode piece has a "different" address less often), and EM would read that as evidence.
TRUST_BITS = 3.0
#: In de-duplication the last level of a comparison ("different") may fall further: its m is read off nearly
#: every match, and candidate selection biases u, not m. In a file of individuals who never moved (the
#: phonetic profile) an address that differs is far stronger evidence than in training; held at 3 bits,
#: namesakes born a week apart at different addresses scored 0.55-0.73. Rarer disagreeing levels (jw80, two
#: of three) keep 3 bits: given 6, our households lost 0.7% of true pairs. Linking keeps 3 bits: there a
#: record takes one partner, so a namesake rarely wins, and FEBRL and keyboard files lost 0.15% of true pairs.
DISAGREEMENT_TRUST_BITS = 6.0
#: Probabilities never reach 0 or 1, so that no level's weight is infinite.
FLOOR = 1e-6


def pattern_of(levels: Mapping[str, object]) -> Pattern:
    return tuple(getattr(levels[c.name], "level", None) for c in COMPARISONS)


def _weight(pattern: Pattern, prior: float, m: list[dict[str, float]], u: list[dict[str, float]]) -> float:
    w = math.log2(prior / (1 - prior))
    for k, level in enumerate(pattern):
        if level is not None:
            w += math.log2(m[k][level] / u[k][level])
    return w


def _posterior(weight: float) -> float:
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = float(2.0**weight)
    return odds / (1 + odds)


def _within_trust(m: float, u: float, trained_ratio: float, down_bits: float = TRUST_BITS) -> LevelParams:
    """m and u, with u moved so that the level's weight is within :data:`TRUST_BITS` of the trained one
    (``down_bits`` below it)."""
    m, u = min(m, 1.0), min(u, 1.0)
    low, high = trained_ratio / 2**down_bits, trained_ratio * 2**TRUST_BITS
    ratio = min(max(m / u, low), high)
    return LevelParams(m, min(max(m / ratio, FLOOR), 1.0))


def estimate(
    params: Params,
    patterns: Counter[Pattern],
    prior: float,
    most: float = 1.0,
    disagreement_bits: float = TRUST_BITS,
) -> tuple[Params, dict[str, float]]:
    """Params re-estimated on ``patterns`` (a count of each comparison pattern among the candidate pairs),
    starting from ``params`` with ``prior`` (the chance a candidate is a match before any evidence): m, u
    and the share of candidates that match (never above ``most``). The returned params' prior is that
    share. Each level's weight ends within :data:`TRUST_BITS` of the trained one; the last level of each
    comparison may fall ``disagreement_bits`` below it. Also notes: iterations, the share."""
    names = [c.name for c in COMPARISONS]
    m0 = [{level: lp.m for level, lp in params.comparisons[name].items()} for name in names]
    u0 = [{level: lp.u for level, lp in params.comparisons[name].items()} for name in names]
    m = [dict(x) for x in m0]
    u = [dict(x) for x in u0]
    lam = min(max(prior, FLOOR), 1 - FLOOR)
    total = sum(patterns.values())
    iterations = 0
    if not total:
        return params, {"iterations": 0, "share_matching": lam}
    items = list(patterns.items())
    for iterations in range(1, ITERATIONS + 1):  # noqa: B007 - the count is reported
        matched = 0.0
        m_counts = [dict.fromkeys(x, 0.0) for x in m0]
        u_counts = [dict.fromkeys(x, 0.0) for x in u0]
        for pattern, count in items:
            p = _posterior(_weight(pattern, lam, m, u))
            matched += p * count
            for k, level in enumerate(pattern):
                if level is not None:
                    m_counts[k][level] += p * count
                    u_counts[k][level] += (1 - p) * count
        new_lam = min(max(matched / total, FLOOR), 1 - FLOOR, most)
        change = abs(new_lam - lam)
        for k in range(len(names)):
            m_total = sum(m_counts[k].values()) + PSEUDO_COUNTS
            u_total = sum(u_counts[k].values()) + PSEUDO_COUNTS
            for level in m0[k]:
                new_m = max((m_counts[k][level] + PSEUDO_COUNTS * m0[k][level]) / m_total, FLOOR)
                new_u = max((u_counts[k][level] + PSEUDO_COUNTS * u0[k][level]) / u_total, FLOOR)
                change = max(change, abs(new_m - m[k][level]), abs(new_u - u[k][level]))
                m[k][level], u[k][level] = new_m, new_u
        lam = new_lam
        if change < TOLERANCE:
            break
    last = [c.levels[-1].key for c in COMPARISONS]  # "different": the commonest level between two people
    comparisons = {
        name: {
            level: _within_trust(
                m[k][level],
                u[k][level],
                m0[k][level] / u0[k][level],
                disagreement_bits if level == last[k] else TRUST_BITS,
            )
            for level in m0[k]
        }
        for k, name in enumerate(names)
    }
    estimated = replace(
        params,
        comparisons=comparisons,
        probability_two_random_records_match=lam,
        version=f"{params.version}+estimated",
    )
    return estimated, {"iterations": iterations, "share_matching": lam}
