"""Call figures CSV: bad rows reported by their line, negative values, missing intervals."""

from __future__ import annotations

from datetime import datetime

from frontdoor.planning.calls_csv import parse

HEADER = "interval_start,offered,answered,abandoned,average_wait_seconds,average_handling_seconds\n"


def test_good_rows_are_read():
    parsed = parse(HEADER + "2026-11-30 09:00,12,11,1,4.5,410\n2026-11-30 09:30,8,8,0,1,380\n")
    assert parsed.ok and not parsed.missing
    assert parsed.intervals[0].starts == datetime(2026, 11, 30, 9, 0)
    assert parsed.intervals[1].average_handling_seconds == 380


def test_bad_rows_are_reported_by_line_number():
    text = (
        HEADER
        + "2026-11-30 09:00,12,11,1,4.5,410\n"  # line 2: fine
        + "2026-11-30 09:30,-3,0,0,1,380\n"  # line 3: negative
        + "30/11/2026 10:00,5,5,0,1,380\n"  # line 4: wrong date format
        + "2026-11-30 10:30,5,6,1,1,380\n"  # line 5: more answered than offered
        + "2026-11-30 11:00,five,5,0,1,380\n"  # line 6: not a number
        + "2026-11-30 11:15,5,5,0,1,380\n"  # line 7: not on the half-hour
        + "2026-11-30 09:00,1,1,0,1,-2\n"  # line 8: a repeat and a negative wait
        + "2026-11-30 12:00,1\n"  # line 9: short row
    )
    parsed = parse(text)
    assert not parsed.ok
    lines = dict(parsed.errors)
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 9]
    assert "offered cannot be negative (-3)" in lines[3]
    assert "like 2026-11-30 09:30" in lines[4]
    assert "more than offered" in lines[5]
    assert "offered must be a whole number, not ‘five’" in lines[6]
    assert "on the hour or half-hour" in lines[7]
    assert "average_handling_seconds cannot be negative" in lines[8] and "from line 2" in lines[8]


def test_missing_intervals_are_reported():
    parsed = parse(HEADER + "2026-11-30 09:00,1,1,0,1,300\n2026-11-30 10:30,1,1,0,1,300\n")
    assert parsed.ok
    assert parsed.missing == [datetime(2026, 11, 30, 9, 30), datetime(2026, 11, 30, 10, 0)]


def test_a_missing_column_or_an_empty_file_is_clear():
    assert parse("").errors == [(1, "The file is empty: it needs a header row and one row per half-hour")]
    errors = parse("interval_start,offered\n2026-11-30 09:00,1\n").errors
    assert errors[0][0] == 1 and "answered, abandoned" in errors[0][1]
    assert parse(HEADER).errors == [(2, "There are no rows of call figures under the header")]


def test_columns_in_any_order_and_a_byte_order_mark():
    text = "\ufeffoffered,interval_start,answered,abandoned,average_handling_seconds,average_wait_seconds,queue\n"
    parsed = parse(text + "4,2026-11-30 09:00,4,0,300,2,Front door\n")
    assert parsed.ok and parsed.intervals[0].offered == 4 and parsed.intervals[0].average_wait_seconds == 2
