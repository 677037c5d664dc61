"""Check screener definition files: ``python -m frontdoor.screener.engine check FILE [FILE ...]``.

Prints each file's problems (exit status 1) or a short summary of its paths (exit status 0).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .checks import all_paths
from .loader import DefinitionError, load_definition


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2 or args[0] != "check":
        print("Usage: python -m frontdoor.screener.engine check FILE [FILE ...]", file=sys.stderr)
        return 2
    status = 0
    for name in args[1:]:
        try:
            definition = load_definition(Path(name))
        except (DefinitionError, OSError) as error:
            print(f"{name}: {error}")
            status = 1
            continue
        paths = all_paths(definition)
        lengths = Counter(len(path.path) for path in paths)
        routes = Counter(path.route.value for path in paths if path.route)
        print(
            f"{name}: OK. {definition.council}, version {definition.version}: "
            f"{len(definition.questions)} questions, {len(paths)} distinct paths, "
            f"at most {max(lengths)} questions to a route."
        )
        print("  questions per path: " + ", ".join(f"{n}: {lengths[n]}" for n in sorted(lengths)))
        print(
            "  paths per route: " + ", ".join(f"{route}: {count}" for route, count in sorted(routes.items()))
        )
    return status


if __name__ == "__main__":
    raise SystemExit(main())
