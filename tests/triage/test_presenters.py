from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from frontdoor.triage.presenters import time_left

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("Europe/London"))


def test_time_left_is_green_amber_then_red():
    assert time_left(NOW + timedelta(hours=20), NOW).rag == "green"
    assert time_left(NOW + timedelta(hours=3), NOW).rag == "amber"
    overdue = time_left(NOW - timedelta(minutes=90), NOW)
    assert overdue.overdue and overdue.rag == "red" and overdue.text == "Overdue by 1 hour 30 minutes"


def test_time_left_reads_naturally():
    assert time_left(NOW + timedelta(days=1, hours=2), NOW).text == "1 day 2 hours left"
    assert time_left(NOW + timedelta(minutes=1), NOW).text == "1 minute left"
