"""Quality on held-out synthetic data (seeds other than the training and validation seeds)."""

import time

from frontdoor.people.matching.evaluate import (
    choose_threshold,
    evaluate_pairs,
    true_pairs_dedupe,
    true_pairs_link,
)
from frontdoor.people.matching.linking import dedupe, link
from frontdoor.people.matching.params import load_params
from frontdoor.people.matching.synthetic import Generator

HELD_OUT_SEED = 31


def test_dedupe_quality_on_2000_held_out_records():
    params = load_params()
    assert HELD_OUT_SEED not in (params.meta["data"]["seed"], params.meta["data"]["validation_seed"])
    records = Generator(HELD_OUT_SEED).dedupe_dataset(2000)
    result = dedupe(records, params)
    quality = evaluate_pairs(result.pairs, true_pairs_dedupe(records), params.threshold, ordered=False)
    assert quality.precision >= 0.98, quality
    assert quality.recall >= 0.96, quality
    assert quality.f1 >= 0.975, quality


def test_link_quality_and_speed_2000_by_2000():
    params = load_params()
    left, right = Generator(HELD_OUT_SEED + 1).link_datasets(2000, 2000)
    started = time.perf_counter()
    result = link(left, right, params)
    elapsed = time.perf_counter() - started
    quality = evaluate_pairs(result.pairs, true_pairs_link(left, right), params.threshold)
    assert quality.f1 >= 0.98, quality
    assert elapsed < 10, elapsed


def test_choose_threshold_prefers_best_f1():
    truth = {("a", "1"), ("b", "2")}
    predicted = [("a", "1", 0.99), ("b", "2", 0.6), ("c", "3", 0.4)]
    best = choose_threshold(predicted, truth, [0.3, 0.5, 0.9])
    assert best.threshold == 0.5
    assert best.f1 == 1.0
