"""The versioned parameter file: m and u probabilities per comparison level, the prior and adjustments.

Format (JSON)::

    {
      "format": "frontdoor-person-matching-params",
      "format_version": 1,
      "version": "v1",
      "trained_at": "2025-01-01T12:00:00+00:00",
      "training": {"tool": "splink 5.0.0 (duckdb 2.0.0)", "method": "...", "seconds": 12.3, ...},
      "data": {"description": "...", "seed": 1, "records": 3000, ...},
      "probability_two_random_records_match": 0.0004,
      "threshold": 0.9,
      "comparisons": {
        "given_name": {"exact": {"m": 0.8, "u": 0.01}, "alias": {...}, ..., "different": {...}},
        ...
      },
      "adjustments": {"twins": {"weight": -12.0, "description": "..."}},
      "term_frequencies": {                                   # format_version 2 only, optional
        "given_name": {"values": {"olivia": 0.004, ...}, "fallback": 0.0002},
        "family_name": {"values": {"smith": 0.012, ...}, "fallback": 0.0002}
      }
    }

The match weight of a level is log2(m / u); a missing value contributes 0.

Term-frequency adjustment (format_version 2): when a name agrees exactly, the level's u (the chance that
two random records share *a* name) is replaced by the frequency of *that* name in the training population,
so a common name that agrees counts for less and a rare one for more: the exact level's weight gets
log2(u_exact / frequency(name)) added, but never so little that exact agreement weighs less than the best
weaker level. Names not in the table use ``fallback`` (the frequency of a name seen once). Given names are looked up by their first part, family names by the whole name (squashed).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .comparisons import COMPARISONS

FORMAT = "frontdoor-person-matching-params"
FORMAT_VERSION = 2
FORMAT_VERSIONS = frozenset({1, 2})
#: Comparisons that may carry a term-frequency table, and the exact level it adjusts.
TF_COMPARISONS = ("given_name", "family_name")
TF_LEVEL = "exact"
PARAMS_DIR = Path(__file__).with_name("params")
#: The batch linkage's parameters (``link_records``, and where EM on the files starts from): v4.
DEFAULT_PARAMS_FILE = PARAMS_DIR / "v4.json"
#: The online search's parameters (``frontdoor.people.search``): v5, v4's training with m of names, date of
#: birth and address mixed with a blend of error profiles, so that its stated probabilities hold on each
#: (ADR 0015, December 2026). The batch keeps v4: EM re-estimates on the files and is held within 3 bits of
#: its start, and from v5 its dedupe F1 fell on two profiles.
ONLINE_PARAMS_FILE = PARAMS_DIR / "v5.json"


class ParamsError(ValueError):
    pass


@dataclass(frozen=True)
class LevelParams:
    m: float
    u: float

    @property
    def weight(self) -> float:
        return math.log2(self.m / self.u)


#: How many of the people described are already among the records they are matched against: for a front
#: door, a re-referral (22% of referrals nationally), an earlier contact that went no further, a brother's,
#: sister's or parent's record. One in two is a round figure at the high end, so that a probability leans
#: towards "check this one".
SHARE_ALREADY_KNOWN = 0.5


@dataclass(frozen=True)
class Params:
    version: str
    probability_two_random_records_match: float
    comparisons: dict[str, dict[str, LevelParams]]
    threshold: float = 0.9
    adjustments: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    #: {comparison: {name key: weight adjustment in bits}} for exact agreement, and the fallback weight.
    tf_weights: dict[str, dict[str, float]] = field(default_factory=dict)
    tf_fallback: dict[str, float] = field(default_factory=dict)

    def tf_adjustment(self, comparison: str, key: str) -> float | None:
        """Bits to add to an exact agreement on ``key`` (None: no term frequencies for this comparison)."""
        table = self.tf_weights.get(comparison)
        if table is None:
            return None
        weight = table.get(key)
        return self.tf_fallback[comparison] if weight is None else weight

    @property
    def prior_weight(self) -> float:
        lam = self.probability_two_random_records_match
        return math.log2(lam / (1 - lam))

    def among(self, candidates: int) -> Params:
        """These parameters for describing one person against ``candidates`` records: at most one of them is
        the person, for about :data:`SHARE_ALREADY_KNOWN` of the people described. So the chance that a pair
        matches before any evidence falls as the store or file grows. The training data's chance stays the
        ceiling: with a handful of records the count alone would lift a twin or a namesake towards
        certainty, and nothing in the weights was calibrated for that."""
        prior = min(self.probability_two_random_records_match, SHARE_ALREADY_KNOWN / max(1, candidates))
        return replace(self, probability_two_random_records_match=prior)

    def weight(self, comparison: str, level: str) -> float:
        return self.comparisons[comparison][level].weight

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Params:
        if data.get("format") != FORMAT or data.get("format_version") not in FORMAT_VERSIONS:
            raise ParamsError("not a person-matching parameter file (format/format_version)")
        lam = float(data["probability_two_random_records_match"])
        if not 0 < lam < 1:
            raise ParamsError("probability_two_random_records_match must be between 0 and 1")
        comparisons: dict[str, dict[str, LevelParams]] = {}
        for comp in COMPARISONS:
            levels = data["comparisons"].get(comp.name)
            if levels is None:
                raise ParamsError(f"missing comparison {comp.name}")
            comparisons[comp.name] = {}
            for level in comp.levels:
                if level.key not in levels:
                    raise ParamsError(f"missing level {comp.name}.{level.key}")
                m = float(levels[level.key]["m"])
                u = float(levels[level.key]["u"])
                if not (0 < m <= 1 and 0 < u <= 1):
                    raise ParamsError(f"{comp.name}.{level.key}: m and u must be in (0, 1]")
                comparisons[comp.name][level.key] = LevelParams(m, u)
        adjustments = {k: float(v["weight"]) for k, v in data.get("adjustments", {}).items()}
        tf_weights: dict[str, dict[str, float]] = {}
        tf_fallback: dict[str, float] = {}
        for name, table in data.get("term_frequencies", {}).items():
            if data["format_version"] < 2:
                raise ParamsError("term_frequencies need format_version 2")
            if name not in TF_COMPARISONS:
                raise ParamsError(f"no term frequencies for {name}")
            u = comparisons[name][TF_LEVEL].u
            fallback = float(table["fallback"])
            values = {str(k): float(v) for k, v in table["values"].items()}
            if not all(0 < f <= 1 for f in [fallback, *values.values()]):
                raise ParamsError(f"{name}: term frequencies must be in (0, 1]")
            # Monotone: an exact agreement on however common a name never counts for less than the best
            # weaker level (a short form, a sound-alike, a near spelling) would.
            exact = comparisons[name][TF_LEVEL].weight
            floor = max(lv.weight for key, lv in comparisons[name].items() if key != TF_LEVEL) - exact
            tf_weights[name] = {k: max(floor, math.log2(u / f)) for k, f in values.items()}
            tf_fallback[name] = max(floor, math.log2(u / fallback))
        meta = {
            k: v
            for k, v in data.items()
            if k
            not in {
                "comparisons",
                "adjustments",
                "probability_two_random_records_match",
                "threshold",
                "term_frequencies",
            }
        }
        return cls(
            version=str(data["version"]),
            probability_two_random_records_match=lam,
            comparisons=comparisons,
            threshold=float(data.get("threshold", 0.9)),
            adjustments=adjustments,
            meta=meta,
            tf_weights=tf_weights,
            tf_fallback=tf_fallback,
        )

    @classmethod
    def load(cls, path: str | Path) -> Params:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def load_params(path: str | Path | None = None) -> Params:
    """Load a parameter file (default: the committed ``params/v4.json``)."""
    if path is None:
        return _default_params()
    return Params.load(path)


@lru_cache(maxsize=1)
def _default_params() -> Params:
    return Params.load(DEFAULT_PARAMS_FILE)


def load_online_params() -> Params:
    """The online search's parameter file (the committed ``params/v5.json``)."""
    return _online_params()


@lru_cache(maxsize=1)
def _online_params() -> Params:
    return Params.load(ONLINE_PARAMS_FILE)
