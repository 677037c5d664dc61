"""How long a long job has left, in words an operator reads at a glance (pure: no Django)."""

from __future__ import annotations

#: Too early to say before this much time and this share of the work: the first batches are not typical.
AFTER_SECONDS = 5.0
AFTER_SHARE = 0.01


def time_left(elapsed: float, done: int, total: int) -> str:
    """How long is left, assuming the rest goes at the pace so far: "about 3 h 10 min left", "about 4 min
    left", "under a minute left"; or nothing when it is too early to say or the work is done."""
    if done <= 0 or done >= total or elapsed < AFTER_SECONDS or done / total < AFTER_SHARE:
        return ""
    seconds = elapsed * (total - done) / done
    if seconds < 60:
        return "under a minute left"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"about {minutes} min left"
    hours, minutes = divmod(minutes, 60)
    return f"about {hours} h {minutes} min left" if minutes else f"about {hours} h left"


def time_left_suffix(elapsed: float, done: int, total: int) -> str:
    """The end of a progress line redrawn in place (", about 4 min left", or nothing), padded to one width so
    that a shorter line covers the end of a longer one."""
    left = time_left(elapsed, done, total)
    return (f", {left}" if left else "").ljust(24)
