"""Quality and speed of person matching on held-out synthetic data.

    python bench/matching/quality.py [--params PATH] [--seed N] [--records N] [--left N --right N] [--show N]

Prints precision / recall / F1 over a threshold sweep for dedupe and link mode, the time taken, and the
false positives and false negatives at the parameter file's threshold with their reasons.
"""

from __future__ import annotations

import argparse
import sys
import time

from frontdoor.people.matching.evaluate import evaluate_pairs, sweep, true_pairs_dedupe, true_pairs_link
from frontdoor.people.matching.linking import dedupe, link
from frontdoor.people.matching.params import load_params
from frontdoor.people.matching.scoring import score
from frontdoor.people.matching.synthetic import Generator


def show(
    kind: str, pairs: list[tuple[str, str]], by_id: dict[str, dict[str, str]], params, limit: int
) -> None:  # type: ignore[no-untyped-def]
    print(f"\n--- {kind}: {len(pairs)} (showing {min(limit, len(pairs))})")
    cols = (
        "given_name",
        "family_name",
        "date_of_birth",
        "sex",
        "postcode",
        "address_line_1",
        "nhs_number",
        "upn",
    )
    for a, b in pairs[:limit]:
        ra, rb = by_id[a], by_id[b]
        result = score(ra, rb, params)
        print(f"p={result.probability:.4f} w={result.match_weight:.1f}")
        print("   ", " | ".join(str(ra.get(c, "")) for c in cols))
        print("   ", " | ".join(str(rb.get(c, "")) for c in cols))
        print("   ", "; ".join(str(r) for r in result.reasons if r.level is not None))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--params")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--records", type=int, default=5000)
    ap.add_argument("--left", type=int, default=5000)
    ap.add_argument("--right", type=int, default=5000)
    ap.add_argument("--show", type=int, default=5)
    args = ap.parse_args()
    params = load_params(args.params)
    print(f"params {params.version}, threshold {params.threshold}")

    records = Generator(args.seed).dedupe_dataset(args.records)
    started = time.perf_counter()
    result = dedupe(records, params, threshold=0.0)
    elapsed = time.perf_counter() - started
    truth = true_pairs_dedupe(records)
    print(f"\nDEDUPE {len(records)} records (seed {args.seed}): {elapsed:.2f} s; {result.stats.summary()}")
    for q in sweep(result.pairs, truth, ordered=False):
        print("  ", q)
    at = evaluate_pairs(result.pairs, truth, params.threshold, ordered=False)
    print("at params threshold:", at)
    by_id = {r["id"]: r for r in records}
    got = {(min(a, b), max(a, b)) for a, b, p in result.pairs if p >= params.threshold}
    show("false positives", sorted(got - truth), by_id, params, args.show)
    show("false negatives", sorted(truth - got), by_id, params, args.show)

    left, right = Generator(args.seed + 1).link_datasets(args.left, args.right)
    started = time.perf_counter()
    linked = link(left, right, params, threshold=0.0)
    elapsed = time.perf_counter() - started
    ltruth = true_pairs_link(left, right)
    print(
        f"\nLINK {len(left)} x {len(right)} (seed {args.seed + 1}): {elapsed:.2f} s; {linked.stats.summary()}"
    )
    for q in sweep(linked.pairs, ltruth):
        print("  ", q)
    lat = evaluate_pairs(linked.pairs, ltruth, params.threshold)
    print("at params threshold:", lat)
    by_id = {r["id"]: r for r in left + right}
    lgot = {(a, b) for a, b, p in linked.pairs if p >= params.threshold}
    show("false positives", sorted(lgot - ltruth), by_id, params, args.show)
    show("false negatives", sorted(ltruth - lgot), by_id, params, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
