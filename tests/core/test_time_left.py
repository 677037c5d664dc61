import pytest

from frontdoor.core.time_left import time_left


@pytest.mark.parametrize(
    ("elapsed", "done", "total", "expected"),
    [
        (2.0, 500, 1000, ""),  # too soon to tell
        (60.0, 5, 1000, ""),  # too little done to tell
        (10.0, 500, 1000, "under a minute left"),
        (60.0, 250, 1000, "about 3 min left"),
        (600.0, 100_000, 1_000_000, "about 1 h 30 min left"),
        (900.0, 60_000, 1_000_000, "about 3 h 55 min left"),
        (360.0, 100_000, 1_100_000, "about 1 h left"),
        (600.0, 1000, 1000, ""),  # done
    ],
)
def test_time_left_reads_at_a_glance(elapsed, done, total, expected):
    assert time_left(elapsed, done, total) == expected
