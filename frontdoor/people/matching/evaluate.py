"""Precision, recall and F1 against ground truth (``cluster_id``), and choosing a threshold."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from .record import Record


@dataclass(frozen=True)
class Quality:
    threshold: float
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (
            f"threshold {self.threshold:.4g}: precision {self.precision:.4f}, recall {self.recall:.4f}, "
            f"F1 {self.f1:.4f} (TP {self.true_positives}, FP {self.false_positives}, "
            f"FN {self.false_negatives})"
        )


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def true_pairs_dedupe(records: Iterable[Record]) -> set[tuple[str, str]]:
    by_cluster: dict[str, list[str]] = defaultdict(list)
    for r in records:
        by_cluster[str(r["cluster_id"])].append(str(r["id"]))
    out: set[tuple[str, str]] = set()
    for ids in by_cluster.values():
        out.update(_pair(a, b) for a, b in combinations(ids, 2))
    return out


def true_pairs_link(left: Iterable[Record], right: Iterable[Record]) -> set[tuple[str, str]]:
    by_cluster: dict[str, list[str]] = defaultdict(list)
    for r in left:
        by_cluster[str(r["cluster_id"])].append(str(r["id"]))
    out: set[tuple[str, str]] = set()
    for r in right:
        for lid in by_cluster.get(str(r["cluster_id"]), []):
            out.add((lid, str(r["id"])))
    return out


def evaluate_pairs(
    predicted: Iterable[tuple[str, str, float]],
    truth: set[tuple[str, str]],
    threshold: float = 0.0,
    ordered: bool = True,
) -> Quality:
    """Compare predicted pairs at or above ``threshold`` with the true pairs. ``ordered``: pairs are
    (left id, right id) as in link mode; otherwise pairs are unordered (dedupe)."""
    got = {(a, b) if ordered else _pair(a, b) for a, b, p in predicted if p >= threshold}
    tp = len(got & truth)
    return Quality(threshold, tp, len(got) - tp, len(truth) - tp)


def sweep(
    predicted: Sequence[tuple[str, str, float]],
    truth: set[tuple[str, str]],
    thresholds: Iterable[float] | None = None,
    ordered: bool = True,
) -> list[Quality]:
    if thresholds is None:
        thresholds = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999]
    return [evaluate_pairs(predicted, truth, t, ordered) for t in thresholds]


def choose_threshold(
    predicted: Sequence[tuple[str, str, float]],
    truth: set[tuple[str, str]],
    thresholds: Iterable[float] | None = None,
    ordered: bool = True,
) -> Quality:
    """The threshold with the best F1 (ties: the higher threshold, which favours precision)."""
    results = sweep(predicted, truth, thresholds, ordered)
    return max(results, key=lambda q: (round(q.f1, 6), q.threshold))
