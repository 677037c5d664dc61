"""Person linkage on held-out error profiles: ours beside Splink's standard model, in the same run.

    .venv/bin/python bench/linkage/heldout.py [--n 5000] [--profiles febrl keyboard ...] [--modes link dedupe]
        [--no-splink] [--seed N]

For each profile (frontdoor/people/matching/corruption.py) and mode: blocking recall, precision, recall, F1
and seconds of ``frontdoor.people.matching`` as ``manage.py link_records`` runs it (``ours``: re-estimated
on the files by EM, the default; ``ours_fixed``: ``--fixed-params``), and of Splink with its standard comparisons for these columns,
its prior from a deterministic rule and m by expectation-maximisation on the same files, u by random
sampling. Splink's link mode is made one-to-one (best pairs first) as ``link_records`` is, so that the two
answer the same question.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent.parent))

from frontdoor.people.matching.corruption import PROFILES, PUBLISHED, dedupe_file, link_files  # noqa: E402

SEED = 19002  # reported; choices were made on 19001 (DEVELOPMENT_SEED), no training run saw either
DEVELOPMENT_SEED = 19001
MODES = ("link", "dedupe")


def _quality(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    tp = len(found & truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _ordered(pairs: Any, same_set: bool) -> set[tuple[str, str]]:
    return {(min(a, b), max(a, b)) if same_set else (a, b) for a, b, *_ in pairs}


#: Bands of stated probability: how often a pair stated in each band is one person.
BANDS = ((0.4, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 0.99), (0.99, 1.0001))


def calibration(pairs: Any, truth: set[tuple[str, str]], same_set: bool) -> list[dict[str, Any]]:
    out = []
    for low, high in BANDS:
        band = [(a, b, p) for a, b, p in pairs if low <= p < high]
        right = sum(((min(a, b), max(a, b)) if same_set else (a, b)) in truth for a, b, _ in band)
        out.append(
            {"stated": f"{low:.2f}-{min(high, 1):.2f}", "pairs": len(band),
             "mean_stated": round(sum(p for *_, p in band) / len(band), 3) if band else None,
             "share_true": round(right / len(band), 3) if band else None}
        )  # fmt: skip
    return out


def calibration_error(bands: list[dict[str, Any]]) -> float | None:
    """How far, on average over the pairs written, the stated probability is from how often a pair stated
    so is one person (expected calibration error over :data:`BANDS`; 0 is perfect): "a stated 90% is right
    about 90% of the time" is an error of a few hundredths at most."""
    n = sum(b["pairs"] for b in bands)
    if not n:
        return None
    return round(
        sum(b["pairs"] * abs(b["mean_stated"] - b["share_true"]) for b in bands if b["pairs"]) / n, 4
    )


def ours(mode: str, files: Any, truth: set[tuple[str, str]], estimate: bool) -> dict[str, Any]:
    from frontdoor.people.matching.linking import blocking_recall, dedupe, link

    started = time.perf_counter()
    result = (
        link(files[0], files[1], estimate=estimate)
        if mode == "link"
        else dedupe(files[0], groups=True, estimate=estimate)
    )
    seconds = time.perf_counter() - started
    left, right = (files[0], files[1]) if mode == "link" else (files[0], files[0])
    bands = calibration(result.pairs, truth, mode == "dedupe")
    return {
        **_quality(_ordered(result.pairs, mode == "dedupe"), truth),
        "calibration": bands,
        "calibration_error": calibration_error(bands),
        "blocking_recall": round(blocking_recall(left, right, truth, same_set=mode == "dedupe"), 4),
        "candidate_pairs": result.stats.candidate_pairs,
        "seconds": round(seconds, 2),
    }


def splink_standard(mode: str, files: Any, truth: set[tuple[str, str]]) -> dict[str, Any]:
    import pyarrow as pa  # type: ignore[import-not-found,import-untyped,unused-ignore]
    import splink.comparison_library as cl  # type: ignore[import-not-found,unused-ignore]
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # type: ignore[import-not-found,unused-ignore]

    columns = ("id", "given_name", "family_name", "date_of_birth", "address_line_1", "town", "postcode")

    def table(records: list[dict[str, str]]) -> Any:
        return pa.table({c: [r.get(c) or None for r in records] for c in columns})

    started = time.perf_counter()
    db = DuckDBAPI()
    if mode == "link":
        inputs = [
            db.register(table(files[0]), dataset_display_name="file_a"),
            db.register(table(files[1]), dataset_display_name="file_b"),
        ]
    else:
        inputs = [db.register(table(files[0]), dataset_display_name="records")]
    rules = [
        block_on("given_name", "family_name"),
        block_on("date_of_birth"),
        block_on("postcode"),
        block_on("family_name", "substr(date_of_birth, 1, 4)"),
        block_on("given_name", "substr(date_of_birth, 1, 4)"),
        block_on("address_line_1"),
        block_on("substr(given_name, 1, 1)", "substr(family_name, 1, 1)", "substr(postcode, 1, 4)"),
    ]
    settings = SettingsCreator(
        link_type="link_only" if mode == "link" else "dedupe_only",
        unique_id_column_name="id",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("family_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.LevenshteinAtThresholds("address_line_1", [1, 3]),
            cl.ExactMatch("town"),
            cl.PostcodeComparison("postcode"),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker(inputs if mode == "link" else inputs[0], settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "date_of_birth")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "family_name"))
    predictions = linker.inference.predict(threshold_match_probability=0.5).as_record_list()
    scored = sorted(
        ((p["id_l"], p["id_r"], p["match_probability"]) for p in predictions),
        key=lambda t: (-t[2], t[0], t[1]),
    )
    if mode == "link":
        left_ids = {r["id"] for r in files[0]}
        used: set[str] = set()
        pairs = []
        for a, b, prob in scored:
            a, b = (a, b) if a in left_ids else (b, a)
            if a in used or b in used:
                continue
            used.update((a, b))
            pairs.append((a, b, prob))
    else:
        pairs = scored
    seconds = time.perf_counter() - started
    found = _ordered(pairs, mode == "dedupe")
    return {**_quality(found, truth), "seconds": round(seconds, 2)}


def run(
    n: int,
    profiles: list[str],
    modes: list[str],
    splink: bool = True,
    seed: int = SEED,
    log: Any = print,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "n": n,
        "seed": seed,
        "profiles": {},
        "calibration_error": {},
    }
    for profile in profiles:
        figures: dict[str, Any] = {"published_model": profile in PUBLISHED}
        for mode in modes:
            if mode == "link":
                left, right, truth = link_files(profile, n, seed)
                files: Any = (left, right)
            else:
                records, truth = dedupe_file(profile, n, seed)
                files = (records,)
            row: dict[str, Any] = {
                "true_pairs": len(truth),
                "ours": ours(mode, files, truth, estimate=True),
                "ours_fixed": ours(mode, files, truth, estimate=False),
            }
            if splink:
                row["splink"] = splink_standard(mode, files, truth)
            figures[mode] = row
            # Per profile and mode, re-estimated and with the parameter file (the online search's scores).
            out["calibration_error"][f"{profile} {mode}"] = {
                "ours": row["ours"]["calibration_error"],
                "ours_fixed": row["ours_fixed"]["calibration_error"],
            }
            log(f"{profile:14} {mode:7} {json.dumps(row)}")
        out["profiles"][profile] = figures
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--profiles", nargs="*", default=list(PROFILES))
    ap.add_argument("--modes", nargs="*", default=list(MODES))
    ap.add_argument("--no-splink", action="store_true")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    run(args.n, args.profiles, args.modes, not args.no_splink, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
