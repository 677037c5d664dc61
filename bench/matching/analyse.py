"""Analyse false positives and false negatives on held-out seeds (never the training/validation seeds).

    PYTHONPATH=. python bench/matching/analyse.py [--params PATH] [--threshold T] [--n 5000] [--show 30]

Uses the seeds of ``bench/matching.py`` (link 4242, dedupe 4243) by default. For every miss it prints the
two records, the levels and weights, whether the pair shares any blocking key, and a tally of patterns
(which fields disagree / are missing) so that the next change follows the evidence.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

from frontdoor.people.matching.blocking import share_a_key
from frontdoor.people.matching.comparisons import compare_all
from frontdoor.people.matching.evaluate import evaluate_pairs, sweep, true_pairs_dedupe, true_pairs_link
from frontdoor.people.matching.linking import dedupe, link
from frontdoor.people.matching.params import Params, load_params
from frontdoor.people.matching.record import prepare
from frontdoor.people.matching.scoring import score
from frontdoor.people.matching.synthetic import Generator

COLS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "address_line_1",
    "nhs_number",
    "upn",
)


def pattern(a: dict[str, str], b: dict[str, str]) -> str:
    outcomes, swapped = compare_all(prepare(a), prepare(b))
    parts = [f"{k[:3]}={o.level or '-'}" for k, o in outcomes.items() if k not in ("nhs_number", "upn")]
    return ("SWAP " if swapped else "") + " ".join(parts)


def report(kind: str, pairs: list[tuple[str, str]], by_id: dict[str, dict[str, str]], params: Params,
           show: int) -> None:  # fmt: skip
    print(f"\n--- {kind}: {len(pairs)}")
    tally: Counter[str] = Counter()
    unblocked = 0
    for n, (a, b) in enumerate(pairs):
        ra, rb = by_id[a], by_id[b]
        pat = pattern(ra, rb)
        tally[pat] += 1
        unblocked += not share_a_key(ra, rb)
        if n < show:
            result = score(ra, rb, params)
            blocks = share_a_key(ra, rb)
            print(
                f"p={result.probability:.4f} w={result.match_weight:.1f} blocks={','.join(blocks) or 'NONE'}"
            )
            print("   ", " | ".join(str(ra.get(c, "")) for c in COLS))
            print("   ", " | ".join(str(rb.get(c, "")) for c in COLS))
            print("   ", "; ".join(str(r) for r in result.reasons if r.level is not None))
    print(f"\n  {unblocked} of {len(pairs)} share no blocking key (never scored)")
    print(f"\n  patterns ({kind}):")
    for pat, count in tally.most_common():
        print(f"    {count:3d}  {pat}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--params")
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--link-seed", type=int, default=4242)
    ap.add_argument("--dedupe-seed", type=int, default=4243)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--show", type=int, default=30)
    args = ap.parse_args()
    params = load_params(args.params)
    threshold = params.threshold if args.threshold is None else args.threshold
    held_out = {params.meta["data"]["seed"], params.meta["data"]["validation_seed"]}
    assert args.link_seed not in held_out and args.dedupe_seed not in held_out, "use held-out seeds"
    print(f"params {params.version}, threshold {threshold}")

    left, right = Generator(args.link_seed).link_datasets(args.n, args.n)
    started = time.perf_counter()
    linked = link(left, right, params, threshold=0.0)
    elapsed = time.perf_counter() - started
    truth = true_pairs_link(left, right)
    print(f"\nLINK {args.n} x {args.n} (seed {args.link_seed}): {elapsed:.2f} s")
    for q in sweep(linked.pairs, truth):
        print("  ", q)
    print("at threshold:", evaluate_pairs(linked.pairs, truth, threshold))
    by_id = {r["id"]: r for r in left + right}
    got = {(a, b) for a, b, p in linked.pairs if p >= threshold}
    report("LINK false positives", sorted(got - truth), by_id, params, args.show)
    report("LINK false negatives", sorted(truth - got), by_id, params, args.show)

    records = Generator(args.dedupe_seed).dedupe_dataset(args.n)
    started = time.perf_counter()
    result = dedupe(records, params, threshold=0.0)
    elapsed = time.perf_counter() - started
    dtruth = true_pairs_dedupe(records)
    print(f"\nDEDUPE {args.n} (seed {args.dedupe_seed}): {elapsed:.2f} s")
    for q in sweep(result.pairs, dtruth, ordered=False):
        print("  ", q)
    print("at threshold:", evaluate_pairs(result.pairs, dtruth, threshold, ordered=False))
    by_id = {r["id"]: r for r in records}
    dgot = {(min(a, b), max(a, b)) for a, b, p in result.pairs if p >= threshold}
    report("DEDUPE false positives", sorted(dgot - dtruth), by_id, params, args.show)
    report("DEDUPE false negatives", sorted(dtruth - dgot), by_id, params, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
