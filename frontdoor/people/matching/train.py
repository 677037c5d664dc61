"""Train the matching parameters, as for the committed file::

    python -m frontdoor.people.matching.train --out params/v4.json --version v4 --term-frequencies --records 12000

and the online search's (``params/v5.json``: v4's training, m of names, date of birth and address mixed with
a blend of the held-out bench's corruption models, at a training-only seed)::

    python -m frontdoor.people.matching.train --out params/v5.json --version v5 --term-frequencies \
        --records 12000 --profiles febrl keyboard ocr phonetic missing_moves --blend-records 6000 --blend-weight 0.2

Needs the training extras (splink, which brings duckdb; numpy). Relative ``--out`` paths are taken from
this package's folder.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .training import train, write_params


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="params/v1.json")
    parser.add_argument("--seed", type=int, default=20250601)
    parser.add_argument("--validation-seed", type=int, default=20250602)
    parser.add_argument("--records", type=int, default=4000)
    parser.add_argument("--method", choices=["labels", "em"], default="labels")
    parser.add_argument("--u-max-pairs", type=float, default=1e6)
    parser.add_argument("--version", default="v1")
    parser.add_argument(
        "--term-frequencies",
        action="store_true",
        help="add name term-frequency tables (format_version 2), as in params/v4.json",
    )
    parser.add_argument(
        "--monotone",
        nargs="*",
        default=[],
        choices=["same_line", "same_postcode"],
        help="address levels whose weight is capped at that of same_address",
    )
    parser.add_argument(
        "--profiles",
        nargs="*",
        default=[],
        help="corruption profiles whose blend m of names, date of birth and address is mixed with",
    )
    parser.add_argument("--blend-records", type=int, default=0, help="records of the blended file")
    parser.add_argument("--blend-weight", type=float, default=0.2, help="share of m taken from the blend")
    parser.add_argument(
        "--blend-seed", type=int, default=None, help="seed of the blended file (training only)"
    )
    args = parser.parse_args(argv)

    out = Path(args.out)
    if not out.is_absolute() and not out.parent.exists():
        out = Path(__file__).parent / out

    def log(message: str) -> None:
        print(message, file=sys.stderr)

    started = time.perf_counter()
    data = train(
        seed=args.seed,
        n_records=args.records,
        validation_seed=args.validation_seed,
        method=args.method,
        u_max_pairs=args.u_max_pairs,
        version=args.version,
        log=log,
        with_term_frequencies=args.term_frequencies,
        monotone=tuple(args.monotone),
        blend_profiles=tuple(args.profiles),
        blend_records=args.blend_records,
        blend_weight=args.blend_weight,
        blend_seed=args.blend_seed,
    )
    path = write_params(data, out)
    log(f"wrote {path} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
