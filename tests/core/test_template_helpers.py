from datetime import datetime
from zoneinfo import ZoneInfo

from frontdoor.core.templatetags.govuk import deadline

LONDON = ZoneInfo("Europe/London")


def test_a_midnight_deadline_reads_as_the_end_of_the_day_before():
    assert deadline(datetime(2026, 11, 24, 0, 0, tzinfo=LONDON)) == "end of Mon 23 Nov"
    assert deadline(datetime(2026, 11, 24, 0, 0, tzinfo=LONDON), "long") == "end of Monday 23 November 2026"


def test_other_deadlines_show_day_and_time_in_london():
    assert deadline(datetime(2026, 11, 23, 16, 55, tzinfo=LONDON)) == "Mon 23 Nov 16:55"
    assert deadline(datetime(2026, 7, 6, 15, 55, tzinfo=ZoneInfo("UTC"))) == "Mon 6 Jul 16:55"  # BST
    assert deadline(datetime(2026, 11, 23, 16, 55, tzinfo=LONDON), "long") == "Monday 23 November 2026, 16:55"
    assert deadline(None) == ""
