"""Training: estimate m and u probabilities with Splink (DuckDB) on synthetic records, then write the
parameter file that request-time scoring reads.

Splink and DuckDB (and numpy, which DuckDB needs for Python functions) are needed only here, never at
request time. Our own comparison functions (``comparisons.py``) are registered in DuckDB as SQL functions,
so Splink estimates m and u for exactly the levels that ``scoring`` uses.

Method:
- u: Splink's random sampling of record pairs (``estimate_u_using_random_sampling``).
- m: ``labels`` (default, for synthetic data with ground truth: Splink's ``estimate_m_from_label_column``
  on ``cluster_id``) or ``em`` (unsupervised: Splink's expectation maximisation over two blocking rules,
  what a council would run on its own data, which has no ground truth).
- prior (probability two random records match): from the ground truth for ``labels``; Splink's
  deterministic-rule estimate for ``em``.
- floors: a level never seen among matches (or non-matches) in the sample gets a small floor
  probability instead of zero, so no single field can give an infinite weight.
- term frequencies (``term_frequencies=True``, format_version 2): the share of training records with each
  normalised first given name and family name, so an exact agreement on a common name weighs less and on
  a rare name more (see ``params``); unseen names get the frequency of a name seen once.
- adjustments (household, twins): calibrated on labelled candidate pairs (see ``calibrate``).
- threshold: best F1 on a validation set generated with a different seed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .comparisons import COMPARISONS, ComparisonDef, Outcome, compare_all
from .evaluate import choose_threshold, true_pairs_dedupe
from .linking import dedupe
from .params import FORMAT, FORMAT_VERSION, TF_COMPARISONS, Params
from .record import Prepared, prepare
from .scoring import (
    HOUSEHOLD,
    TWINS,
    household_pattern,
    probability_from_weight,
    score_prepared,
    tf_key,
    twins_pattern,
)
from .synthetic import REALISTIC, Generator

M_FLOOR = 1e-4
U_FLOOR = 1e-6
#: Two valid identifiers that differ: near-certain evidence of two people, whatever else agrees (a false
#: merge shows one child's history on another's record). Floor for m of the "different" level.
IDENTIFIER_DISAGREE_M_FLOOR = 1e-8
IDENTIFIERS = ("nhs_number", "upn")
THRESHOLDS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999]


@lru_cache(maxsize=200_000)
def _prepare_cols(items: tuple[tuple[str, str | None], ...]) -> Prepared:
    return prepare(dict(items))


def _level_function(comp: ComparisonDef) -> Callable[..., int]:
    cols = comp.columns
    width = len(cols)

    def level(*values: str | None) -> int:
        a = _prepare_cols(tuple(zip(cols, values[:width], strict=True)))
        b = _prepare_cols(tuple(zip(cols, values[width:], strict=True)))
        outcomes, _ = compare_all(a, b)
        key = outcomes[comp.name].level
        return -1 if key is None else comp.index(key)

    cached = lru_cache(maxsize=500_000)(level)
    # DuckDB reads the arity from the signature, so give it explicit parameters.
    if width == 1:

        def one(a: str | None, b: str | None) -> int:
            return cached(a, b)

        return one
    if width == 2:

        def two(a1: str | None, a2: str | None, b1: str | None, b2: str | None) -> int:
            return cached(a1, a2, b1, b2)

        return two
    raise ValueError(f"unsupported number of columns: {width}")


def _udf_name(comp: ComparisonDef) -> str:
    return f"fd_level_{comp.name}"


def splink_comparisons() -> list[dict[str, Any]]:
    """Splink comparison dicts whose levels call our comparison functions (registered in DuckDB)."""
    out = []
    for comp in COMPARISONS:
        args = ", ".join([f"{c}_l" for c in comp.columns] + [f"{c}_r" for c in comp.columns])
        call = f"{_udf_name(comp)}({args})"
        levels: list[dict[str, Any]] = [
            {"sql_condition": f"{call} = -1", "label_for_charts": "missing", "is_null_level": True}
        ]
        for i, level in enumerate(comp.levels):
            last = i == len(comp.levels) - 1
            levels.append(
                {"sql_condition": "ELSE" if last else f"{call} = {i}", "label_for_charts": level.key}
            )
        out.append(
            {
                "output_column_name": comp.name,
                "comparison_description": comp.title,
                "comparison_levels": levels,
            }
        )
    return out


def _register_functions(con: Any) -> None:
    from duckdb import sqltypes  # type: ignore[import-not-found,import-untyped,unused-ignore]

    for comp in COMPARISONS:
        con.create_function(
            _udf_name(comp),
            _level_function(comp),
            [sqltypes.VARCHAR] * (2 * len(comp.columns)),
            sqltypes.INTEGER,
            null_handling="special",
            side_effects=False,
        )


def _versions() -> str:
    return f"splink {metadata.version('splink')} (duckdb {metadata.version('duckdb')})"


def _table(records: Sequence[dict[str, str]]) -> Any:
    import pyarrow as pa  # type: ignore[import-not-found,import-untyped,unused-ignore]

    columns = sorted({col for comp in COMPARISONS for col in comp.columns} | {"id", "cluster_id"})
    return pa.table({c: [r.get(c) or None for r in records] for c in columns})


def _splink_setup() -> tuple[Any, Any, Any]:
    """A DuckDB connection with our comparison functions, Splink's API on it, and the dedupe settings every
    estimate here starts from."""
    import duckdb  # type: ignore[import-not-found,import-untyped,unused-ignore]
    from splink import DuckDBAPI, SettingsCreator, block_on  # type: ignore[import-not-found,unused-ignore]

    con = duckdb.connect()
    _register_functions(con)
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="id",
        comparisons=list(splink_comparisons()),
        blocking_rules_to_generate_predictions=[block_on("date_of_birth"), block_on("family_name")],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    return con, DuckDBAPI(connection=con), settings


def estimate_with_splink(
    records: Sequence[dict[str, str]],
    method: str = "labels",
    u_max_pairs: float = 1e6,
    seed: int = 1,
    log: Callable[[str], None] = print,
) -> tuple[dict[str, dict[str, dict[str, float]]], float, dict[str, Any]]:
    """Run Splink on ``records``; returns ({comparison: {level: {m, u}}}, prior, notes)."""
    import logging

    from splink import Linker, block_on  # type: ignore[import-not-found,unused-ignore]

    con, db_api, settings = _splink_setup()
    notes: dict[str, Any] = {}
    started = time.perf_counter()
    if method == "labels":
        # With ground truth we can sample u from one record per person, so that the "random pairs" Splink
        # assumes to be non-matches really are (household members and namesakes stay in).
        first_of_cluster: dict[str, dict[str, str]] = {}
        for r in records:
            first_of_cluster.setdefault(r["cluster_id"], r)
        uniques = list(first_of_cluster.values())
        u_linker = Linker(db_api.register(_table(uniques), table_name="people_unique"), settings,
                          log_level=logging.WARNING)  # fmt: skip
        u_linker.training.estimate_u_using_random_sampling(
            max_pairs=u_max_pairs, seed=seed, min_count_per_level=None
        )
        trained_u = u_linker.misc.save_model_to_json()
        linker = Linker(
            db_api.register(_table(records), table_name="people"), trained_u, log_level=logging.WARNING
        )
        notes["u_sample"] = f"one record per person ({len(uniques)} records)"
    else:
        linker = Linker(
            db_api.register(_table(records), table_name="people"), settings, log_level=logging.WARNING
        )
        linker.training.estimate_u_using_random_sampling(
            max_pairs=u_max_pairs, seed=seed, min_count_per_level=None
        )
        notes["u_sample"] = f"all {len(records)} records"
    notes["u_seconds"] = round(time.perf_counter() - started, 2)
    log(f"u estimated by random sampling ({u_max_pairs:.0f} pairs) in {notes['u_seconds']} s")
    n = len(records)
    total_pairs = n * (n - 1) / 2
    truth = true_pairs_dedupe(records)
    started = time.perf_counter()
    if method == "labels":
        linker.training.estimate_m_from_label_column("cluster_id")
        prior = len(truth) / total_pairs
        notes["prior"] = "ground truth: true pairs / all pairs"
    elif method == "em":
        # Two EM passes with different blocking rules so that every comparison is estimated once.
        linker.training.estimate_probability_two_random_records_match(
            [block_on("nhs_number"), block_on("upn")], recall=0.3
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("date_of_birth"), estimate_without_term_frequencies=True
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("family_name", "given_name"), estimate_without_term_frequencies=True
        )
        model = linker.misc.save_model_to_json()
        prior = float(model["probability_two_random_records_match"])
        notes["prior"] = "Splink deterministic rules (NHS number or UPN agree), recall assumed 0.3"
    else:
        raise ValueError(f"unknown method {method!r}")
    notes["m_seconds"] = round(time.perf_counter() - started, 2)
    log(f"m estimated ({method}) in {notes['m_seconds']} s")
    model = linker.misc.save_model_to_json()
    con.close()
    levels = _levels_from_model(model)
    return levels, prior, notes


#: The comparisons a blended training file informs: those of the fields the corrupted files carry (names,
#: date of birth, first line of address and postcode). Sex, middle names and identifiers keep the m of the
#: synthetic training records.
BLEND_COMPARISONS = ("given_name", "family_name", "date_of_birth", "address")


def m_from_labels(records: Sequence[dict[str, str]]) -> dict[str, dict[str, float]]:
    """m of every level of :data:`BLEND_COMPARISONS`, from the labels of ``records`` (Splink's
    ``estimate_m_from_label_column`` on ``cluster_id``)."""
    import logging

    from splink import Linker  # type: ignore[import-not-found,unused-ignore]

    con, db_api, settings = _splink_setup()
    linker = Linker(db_api.register(_table(records), table_name="blend"), settings, log_level=logging.WARNING)
    linker.training.estimate_m_from_label_column("cluster_id")
    levels = _levels_from_model(linker.misc.save_model_to_json())
    con.close()
    return {name: {k: v["m"] for k, v in levels[name].items()} for name in BLEND_COMPARISONS}


def blend_m(
    levels: dict[str, dict[str, dict[str, float]]], blended: dict[str, dict[str, float]], weight: float
) -> None:
    """m of each level of :data:`BLEND_COMPARISONS` becomes ``(1 - weight)`` times its m on the synthetic
    training records plus ``weight`` times its m on the blended file (a mixture: how often matches show the
    level when a share ``weight`` of them carry the blend's kinds of mistake); u is left as it is."""
    for name, by_level in blended.items():
        for key, m in by_level.items():
            level = levels[name][key]
            level["m"] = max(M_FLOOR, (1 - weight) * level["m"] + weight * m)


def _levels_from_model(model: dict[str, Any]) -> dict[str, dict[str, dict[str, float]]]:
    out: dict[str, dict[str, dict[str, float]]] = {}
    by_name = {c["output_column_name"]: c for c in model["comparisons"]}
    for comp in COMPARISONS:
        levels = [lv for lv in by_name[comp.name]["comparison_levels"] if not lv.get("is_null_level")]
        out[comp.name] = {}
        for level, trained in zip(comp.levels, levels, strict=True):
            if trained.get("label_for_charts") != level.key:
                raise RuntimeError(f"level order mismatch in {comp.name}: {trained.get('label_for_charts')}")
            m = trained.get("m_probability")
            u = trained.get("u_probability")
            m_floor = M_FLOOR
            if comp.name in IDENTIFIERS and level.key == "different":
                m_floor = IDENTIFIER_DISAGREE_M_FLOOR
            out[comp.name][level.key] = {"m": _floor(m, m_floor), "u": _floor(u, U_FLOOR)}
    return out


def _floor(value: object, floor: float) -> float:
    if value is None or not isinstance(value, int | float) or math.isnan(value):
        return floor
    return float(min(1.0, max(floor, value)))


def monotone_address(
    levels: dict[str, dict[str, dict[str, float]]],
    log: Callable[[str], None],
    keys: Sequence[str] = ("same_line", "same_postcode"),
) -> str:
    """Same first line *or* same postcode alone must not weigh more than both together. Random pairs
    rarely share a postcode but not the first line, so u of ``same_postcode`` (and ``same_line``) comes out
    tiny and the weight above that of the full address, whose u counts other members of the household;
    with a common given name an exact copy then lost to a looser candidate. The partial levels' u is raised
    until their weight is at most that of ``same_address`` (conservative: fewer false positives)."""
    address = levels["address"]
    full = math.log2(address["same_address"]["m"] / address["same_address"]["u"])
    notes = []
    for key in keys:
        level = address[key]
        if math.log2(level["m"] / level["u"]) > full:
            before = level["u"]
            level["u"] = min(1.0, level["m"] / 2**full)
            log(f"address.{key} u {before:.3g} -> {level['u']:.3g} (monotone)")
            notes.append(f"address.{key} u raised from {before:.6g} to weigh no more than same_address")
    return "; ".join(notes) or "address levels already monotone"


def term_frequencies(records: Sequence[dict[str, str]]) -> dict[str, dict[str, Any]]:
    """{comparison: {"values": {name key: share of records}, "fallback": share of a name seen once}}."""
    out: dict[str, dict[str, Any]] = {}
    prepared = [prepare(r) for r in records]
    for name in TF_COMPARISONS:
        counts: Counter[str] = Counter()
        for p in prepared:
            key = tf_key(p, name)
            if key:
                counts[key] += 1
        total = sum(counts.values())
        out[name] = {
            "records": total,
            "fallback": float(f"{1 / total:.6g}"),
            "values": {k: float(f"{c / total:.6g}") for k, c in sorted(counts.items()) if c > 1},
        }
    return out


def _params_dict(
    levels: dict[str, dict[str, dict[str, float]]],
    prior: float,
    threshold: float,
    adjustments: dict[str, dict[str, Any]],
    meta: dict[str, Any],
    tf: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    extra: dict[str, Any] = {"term_frequencies": tf} if tf else {}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION if tf else 1,
        **meta,
        "probability_two_random_records_match": prior,
        "threshold": threshold,
        "comparisons": {
            name: {k: {"m": float(f"{v['m']:.6g}"), "u": float(f"{v['u']:.6g}")} for k, v in lv.items()}
            for name, lv in levels.items()
        },
        "adjustments": adjustments,
        **extra,
    }


Pattern = Callable[[dict[str, Outcome], bool], bool]

ADJUSTMENTS: dict[str, tuple[Pattern, str]] = {
    HOUSEHOLD: (
        household_pattern,
        "Added when family name and address both agree: people in one household share both, so the two "
        "weights would count the same evidence twice",
    ),
    TWINS: (
        twins_pattern,
        "Added when given names differ but family name and date of birth agree (twins, or siblings recorded "
        "together)",
    ),
}


def calibrate_adjustment(
    records: Sequence[dict[str, str]], params: Params, name: str
) -> tuple[float, dict[str, int]]:
    """Calibrate one adjustment on labelled candidate pairs (the blocking rules' pairs) that show its
    pattern: the offset W that maximises the likelihood of the labels under
    probability = sigmoid(match weight + W), where the match weight already includes the other current
    adjustments but not this one (logistic calibration with one free parameter, Laplace-smoothed; grid
    search -40..+10)."""
    pattern = ADJUSTMENTS[name][0]
    # The adjustment is present with weight 0, so that the pattern's other effects (no family-name term
    # frequency for households and twins) apply exactly as they will at scoring time.
    without = replace(params, adjustments={**params.adjustments, name: 0.0})
    prepared = [prepare(r) for r in records]
    truth = true_pairs_dedupe(records)
    result = dedupe(records, without, threshold=0.0)
    by_id = {p.id: p for p in prepared}
    weights: list[float] = []
    labels: list[bool] = []
    for a_id, b_id, _ in result.pairs:
        a, b = by_id[a_id], by_id[b_id]
        outcomes, swapped = compare_all(a, b)
        if not pattern(outcomes, swapped):
            continue
        weights.append(score_prepared(a, b, without, explain=False).match_weight)
        labels.append((min(a_id, b_id), max(a_id, b_id)) in truth)
    counts = {"matches": sum(labels), "non_matches": len(labels) - sum(labels)}
    if not weights:
        return 0.0, counts
    # One pseudo-match and one pseudo-non-match at the median weight (Laplace smoothing): a sample with
    # no match in the pattern says matches are rare there, not impossible (a child known by another name).
    median = sorted(weights)[len(weights) // 2]
    weights += [median, median]
    labels += [True, False]

    def log_loss(offset: float) -> float:
        total = 0.0
        for w, y in zip(weights, labels, strict=True):
            p = min(1 - 1e-12, max(1e-12, probability_from_weight(w + offset)))
            total -= math.log(p if y else 1 - p)
        return total

    grid = [i / 10 for i in range(-400, 101)]
    best = min(grid, key=lambda off: (round(log_loss(off), 9), abs(off)))
    return best, counts


def calibrate(
    records: Sequence[dict[str, str]], params: Params, rounds: int = 2, log: Callable[[str], None] = print
) -> dict[str, dict[str, Any]]:
    """Calibrate every adjustment, in turn, ``rounds`` times (coordinate descent)."""
    out: dict[str, dict[str, Any]] = {}
    current = params
    for _ in range(rounds):
        for name, (_, description) in ADJUSTMENTS.items():
            weight, counts = calibrate_adjustment(records, current, name)
            out[name] = {"weight": weight, "description": description, "calibration_pairs": counts}
            current = replace(current, adjustments={**current.adjustments, name: weight})
    for name, adj in out.items():
        log(f"adjustment {name}: {adj['weight']:+.1f} (from {adj['calibration_pairs']})")
    return out


def train(
    seed: int = 20250601,
    n_records: int = 4000,
    validation_seed: int = 20250602,
    method: str = "labels",
    u_max_pairs: float = 1e6,
    version: str = "v1",
    log: Callable[[str], None] = print,
    validation_records: int | None = None,
    with_term_frequencies: bool = False,
    monotone: Sequence[str] = (),
    blend_profiles: Sequence[str] = (),
    blend_records: int = 0,
    blend_weight: float = 0.2,
    blend_seed: int | None = None,
) -> dict[str, Any]:
    """Generate synthetic data, estimate parameters with Splink, calibrate, choose a threshold on a
    validation set; returns the parameter file as a dict.

    With ``blend_profiles`` and ``blend_records``, m of the name, date of birth and address levels is
    mixed with m estimated on a file whose copies are corrupted by a blend of those profiles
    (:func:`.corruption.blend_file`, at ``blend_seed``, never a held-out seed), with ``blend_weight``;
    u, term frequencies, adjustments and threshold come from the synthetic records as before."""
    started = time.perf_counter()
    records = Generator(seed).dedupe_dataset(n_records, profile=REALISTIC)
    log(f"generated {len(records)} training records (seed {seed})")
    levels, prior, notes = estimate_with_splink(
        records, method=method, u_max_pairs=u_max_pairs, seed=seed, log=log
    )
    blend: dict[str, Any] = {}
    if blend_profiles and blend_records:
        from .corruption import BLEND_SEED, blend_file

        b_seed = BLEND_SEED if blend_seed is None else blend_seed
        blended = blend_file(list(blend_profiles), blend_records, b_seed)
        blend_m(levels, m_from_labels(blended), blend_weight)
        blend = {
            "profiles": list(blend_profiles),
            "seed": b_seed,
            "records": len(blended),
            "weight": blend_weight,
            "comparisons": list(BLEND_COMPARISONS),
            "description": (
                "m of these comparisons mixed: (1 - weight) x m on the synthetic records + weight x m on a "
                "file of clean people and corrupted copies, each copy corrupted by one of the profiles "
                "(frontdoor.people.matching.corruption.blend_file), at a seed no bench uses"
            ),
        }
        log(
            f"blended m: {blend_records} records of {', '.join(blend_profiles)} (seed {b_seed}), weight {blend_weight}"
        )
    if monotone:
        notes["monotone"] = monotone_address(levels, log, monotone)
    meta: dict[str, Any] = {
        "version": version,
        "trained_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "training": {
            "tool": _versions(),
            "method": method,
            "u": f"random sampling, max_pairs={u_max_pairs:.0f}",
            "m_floor": M_FLOOR,
            "u_floor": U_FLOOR,
            "identifier_disagree_m_floor": IDENTIFIER_DISAGREE_M_FLOOR,
            **notes,
        },
        "data": {
            "description": (
                "Fully synthetic UK person records (frontdoor.people.matching.synthetic, Faker en_GB and "
                "our own name lists): households of adults and children, about 30% extra records of the "
                "same people with referrer mistakes (REALISTIC error profile). No real person's data."
            ),
            "seed": seed,
            "records": len(records),
            "validation_seed": validation_seed,
            **({"blend": blend} if blend else {}),
        },
    }
    tf = term_frequencies(records) if with_term_frequencies else None
    if tf:
        log("term frequencies: " + ", ".join(f"{k} {len(v['values'])} names" for k, v in tf.items()))
    draft = Params.from_dict(_params_dict(levels, prior, 0.5, {}, meta, tf))
    adjustments = calibrate(records, draft, log=log)
    with_twins = Params.from_dict(_params_dict(levels, prior, 0.5, adjustments, meta, tf))
    n_validation = validation_records if validation_records is not None else max(1000, n_records // 2)
    validation = Generator(validation_seed).dedupe_dataset(n_validation, profile=REALISTIC)
    predicted = dedupe(validation, with_twins, threshold=0.0).pairs
    best = choose_threshold(predicted, true_pairs_dedupe(validation), THRESHOLDS, ordered=False)
    log(f"validation (seed {validation_seed}): {best}")
    meta["training"]["seconds"] = round(time.perf_counter() - started, 2)
    meta["validation"] = {
        "seed": validation_seed,
        "records": len(validation),
        "precision": round(best.precision, 5),
        "recall": round(best.recall, 5),
        "f1": round(best.f1, 5),
    }
    return _params_dict(levels, prior, best.threshold, adjustments, meta, tf)


def write_params(data: dict[str, Any], out: str | Path) -> Path:
    Params.from_dict(data)  # validate before writing
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
