"""Keep one command running: `python -m frontdoor.worker.supervise -- COMMAND [ARGS…]`.

honcho (the Procfile's process manager, `make run`) starts the web server and the worker but restarts neither:
when any process exits it stops them all. Each Procfile line therefore runs under this small supervisor,
which restarts its command when it exits (after 1 s, doubling up to 30 s while it keeps failing fast).

The command runs in its own process group, and the whole group is stopped whenever the command exits or is
restarted: gunicorn's workers are children of its master, so after a `kill -9` of the master they would
otherwise keep the port and the restarted master could not bind it. SIGTERM or SIGINT stops the group (a
grace period, then SIGKILL) and the supervisor."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from types import FrameType

GRACE_SECONDS = float(os.environ.get("SUPERVISE_GRACE_SECONDS", "10"))


def say(message: str) -> None:
    print(f"supervise: {message}", file=sys.stderr, flush=True)


def stop_group(pgid: int, grace: float = GRACE_SECONDS) -> None:
    """SIGTERM to every process in the group, then SIGKILL to whatever is left after the grace period."""
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        return


def supervise(command: list[str]) -> int:
    stopping = False
    child: subprocess.Popen[bytes] | None = None

    def on_signal(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            say(f"stopping {command[0]} (pid {child.pid}) on {signal.strsignal(signum)}")
            stop_group(child.pid)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    delay = 1.0
    while not stopping:
        started = time.monotonic()
        child = subprocess.Popen(command, start_new_session=True)  # noqa: S603 (the Procfile's own command)
        say(f"started {' '.join(command)} as pid {child.pid}")
        code = child.wait()
        stop_group(child.pid, grace=2)  # anything the command left behind (gunicorn's orphaned workers)
        if stopping:
            break
        delay = 1.0 if time.monotonic() - started > 30 else min(delay * 2, 30.0)
        say(f"{command[0]} (pid {child.pid}) exited with {code}; starting it again in {delay:.0f} s")
        restart_at = time.monotonic() + delay
        while not stopping and time.monotonic() < restart_at:
            time.sleep(0.1)
    return 0


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        say("usage: python -m frontdoor.worker.supervise -- COMMAND [ARGS…]")
        return 2
    return supervise(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
