"""Progress for long exports, printed to stderr so that stdout stays clean."""

import sys


def printer(stream=sys.stderr):  # type: ignore[no-untyped-def]
    def progress(percent: int, message: str) -> None:
        stream.write(f"[{percent:3d}%] {message}\n")
        stream.flush()

    return progress
