"""Person linkage on held-out error profiles: ours beside Splink's standard model, in the same run.

    .venv/bin/python bench/linkage/heldout.py [--n 5000] [--profiles febrl keyboard ...] [--modes link dedupe]
        [--no-splink] [--seed N]

For each profile (frontdoor/people/matching/corruption.py) and mode: blocking recall, precision, recall, F1
and seconds of ``frontdoor.people.matching`` as ``manage.py link_records`` runs it (``ours``: re-estimated
on the files by EM, the default; ``ours_fixed``: ``--fixed-params``), and of Splink with its standard comparisons for these columns,
its prior from a deterministic rule and m by expectation-maximisation on the same files, u by random
sampling. Splink's link mode is made one-to-one (best pairs first) as ``link_records`` is, so that the two
answer the same question.

And per profile, ``online_calibration``: how often a pair the online search states at a probability is one
person, with each online parameter file (:data:`ONLINE_FILES`: v4, v5, v5 trained without ocr).
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


#: The online search's parameter files measured side by side: the batch's v4, the online default v5, and v5
#: trained without the ocr profile (so that one profile of the bench was never trained on, at any seed).
ONLINE_FILES = {"v4": "v4.json", "v5": "v5.json", "v5_without_ocr": "v5-without-ocr.json"}


def online_pairs(
    left: list[dict[str, str]], right: list[dict[str, str]], params: Any, limit: int = 5
) -> list[tuple[str, str, float]]:
    """What the online search states of each record of ``right`` described against the people of ``left``
    as the store: the stored blocking keys' candidates, scored with the parameter file as it is (no
    re-estimation, term frequencies on), those clearing its threshold at the training prior, the best
    ``limit``, each with the probability staff are shown (among ``len(left)`` stored persons)."""
    from frontdoor.people.matching.blocking import candidate_keys
    from frontdoor.people.matching.record import prepare
    from frontdoor.people.matching.scoring import probability_among, score_prepared

    stored = [prepare(r) for r in left]
    index: dict[tuple[str, str], list[int]] = {}
    for i, p in enumerate(stored):
        for key in candidate_keys(p):
            index.setdefault(key, []).append(i)
    out = []
    for record in right:
        incoming = prepare(record)
        found = {i for key in candidate_keys(incoming) for i in index.get(key, ())}
        scored = []
        for i in found:
            result = score_prepared(incoming, stored[i], params, explain=False)
            if result.probability >= params.threshold:
                scored.append((result.match_weight, stored[i].id, result))
        scored.sort(key=lambda t: (-t[0], t[1]))
        out += [(sid, incoming.id, probability_among(r, params, len(stored))) for _, sid, r in scored[:limit]]
    return out


def online_calibration(profile: str, n: int, seed: int) -> dict[str, Any]:
    """Calibration of the online search's stated probabilities on a link file of ``profile`` (the corrupted
    copies described against the clean people), for each of :data:`ONLINE_FILES` that exists, and whether
    that file's training saw the profile (at a seed of its own)."""
    from frontdoor.people.matching.params import PARAMS_DIR, Params

    left, right, truth = link_files(profile, n, seed)
    out: dict[str, Any] = {}
    for name, filename in ONLINE_FILES.items():
        path = PARAMS_DIR / filename
        if not path.exists():
            continue
        params = Params.load(path)
        bands = calibration(online_pairs(left, right, params), truth, same_set=False)
        trained_on = params.meta.get("data", {}).get("blend", {}).get("profiles", [])
        out[name] = {
            "calibration_error": calibration_error(bands),
            "profile_trained_on": profile in trained_on,
            "bands": bands,
        }
    return out


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
    online: bool = True,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "n": n,
        "seed": seed,
        "profiles": {},
        "calibration_error": {},
        "online_calibration": {},
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
        if online:
            # The online search's own scores (issue 19: a stated 90% right about 90% of the time on each).
            figures["online_calibration"] = online_calibration(profile, n, seed)
            out["online_calibration"][profile] = {
                name: f["calibration_error"] for name, f in figures["online_calibration"].items()
            }
            log(f"{profile:14} online  {json.dumps(out['online_calibration'][profile])}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--profiles", nargs="*", default=list(PROFILES))
    ap.add_argument("--modes", nargs="*", default=list(MODES))
    ap.add_argument("--no-splink", action="store_true")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--no-online", action="store_true", help="skip the online search's calibration")
    args = ap.parse_args()
    run(args.n, args.profiles, args.modes, not args.no_splink, args.seed, online=not args.no_online)
    return 0


if __name__ == "__main__":
    sys.exit(main())
