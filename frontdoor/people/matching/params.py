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
      "adjustments": {"twins": {"weight": -12.0, "description": "..."}}
    }

The match weight of a level is log2(m / u); a missing value contributes 0.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .comparisons import COMPARISONS

FORMAT = "frontdoor-person-matching-params"
FORMAT_VERSION = 1
PARAMS_DIR = Path(__file__).with_name("params")
DEFAULT_PARAMS_FILE = PARAMS_DIR / "v1.json"


class ParamsError(ValueError):
    pass


@dataclass(frozen=True)
class LevelParams:
    m: float
    u: float

    @property
    def weight(self) -> float:
        return math.log2(self.m / self.u)


@dataclass(frozen=True)
class Params:
    version: str
    probability_two_random_records_match: float
    comparisons: dict[str, dict[str, LevelParams]]
    threshold: float = 0.9
    adjustments: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def prior_weight(self) -> float:
        lam = self.probability_two_random_records_match
        return math.log2(lam / (1 - lam))

    def weight(self, comparison: str, level: str) -> float:
        return self.comparisons[comparison][level].weight

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Params:
        if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
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
        meta = {
            k: v
            for k, v in data.items()
            if k not in {"comparisons", "adjustments", "probability_two_random_records_match", "threshold"}
        }
        return cls(
            version=str(data["version"]),
            probability_two_random_records_match=lam,
            comparisons=comparisons,
            threshold=float(data.get("threshold", 0.9)),
            adjustments=adjustments,
            meta=meta,
        )

    @classmethod
    def load(cls, path: str | Path) -> Params:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def load_params(path: str | Path | None = None) -> Params:
    """Load a parameter file (default: the committed ``params/v1.json``)."""
    if path is None:
        return _default_params()
    return Params.load(path)


@lru_cache(maxsize=1)
def _default_params() -> Params:
    return Params.load(DEFAULT_PARAMS_FILE)
