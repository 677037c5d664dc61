"""Every dashboard number, hand-computed on a small known dataset (pure: no database)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from frontdoor.core.twelve_months import twelve_months_before
from frontdoor.reporting.figures.charts import bar_chart
from frontdoor.reporting.figures.dashboard import (
    DueTimes,
    ReReferrals,
    build_dashboard,
    by_agency,
    counted_referrals,
    decided_within_one_working_day,
    week_ending,
)
from frontdoor.reporting.figures.rows import ContactRow, ReferralRow
from frontdoor.reporting.figures.tables import dashboard_tables, to_csv

LONDON = ZoneInfo("Europe/London")
# Early May (5 May 2025) and Spring (26 May 2025) bank holidays
HOLIDAYS = frozenset({date(2025, 5, 5), date(2025, 5, 26), date(2025, 4, 18), date(2025, 4, 21)})
HOLIDAYS |= {date(2025, 12, 25), date(2025, 12, 26)}


def at(year, month, day, hour=9, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def contact(cid, received, decided=None, outcome=None, children=("A",), family=None, **extra):
    values = {
        "contact_id": cid,
        "team_id": "chat",
        "received_at": received,
        "channel": "phone",
        "source": "2A",
        "agency": "Testfield Primary",
        "family_key": family or f"F-{cid}",
        "child_keys": tuple(children),
        "outcome": outcome,
        "decided_at": decided,
    }
    values.update(extra)
    return ContactRow(**values)


def referral(rid, child, day, **extra):
    values = {
        "referral_id": rid,
        "child_key": child,
        "referral_date": day,
        "team_id": "chat",
        "source": "2A",
        "primary_need": "N1",
        "nfa": False,
    }
    values.update(extra)
    return ReferralRow(**values)


CONTACTS = [
    # Friday before the period: left out
    contact("C1", at(2025, 5, 2, 16), at(2025, 5, 2, 17), "nfa", ("Z",)),
    # Received on the Early May bank holiday: the clock starts on Tuesday, due by the end of Tuesday
    contact("C2", at(2025, 5, 5, 10), at(2025, 5, 6, 23), "assessment", ("A",), "F2", screener_route="CSC"),
    # Friday 16:55, decided Monday 16:55 exactly: within one working day
    contact(
        "C3",
        at(2025, 5, 9, 16, 55),
        at(2025, 5, 12, 16, 55),
        "nfa",
        ("B", "C"),
        "F3",
        source="6",
        agency="Northshire Police",
        channel="police",
        screener_route="EARLY_HELP",
    ),
    # Friday 17:00, decided Monday 17:01: one minute late
    contact(
        "C4",
        at(2025, 5, 9, 17),
        at(2025, 5, 12, 17, 1),
        "early_help",
        ("D",),
        "F4",
        channel="email",
        screener_route="ADVICE",
    ),
    # Received on a Sunday: due by the end of Monday
    contact(
        "C5",
        at(2025, 5, 11, 9),
        at(2025, 5, 12, 23, 59),
        "strategy",
        ("A",),
        "F5",
        source="3A",
        agency="Riverside GP",
        channel="online",
        screener_route="CSC",
        screener_level=3,
        decision_level=4,
    ),
    # Week 2
    contact(
        "C6", at(2025, 5, 14, 10), None, None, ("E",), "F6", source="1A", agency="", screener_route="CSC"
    ),
    contact(
        "C7",
        at(2025, 5, 15, 9),
        at(2025, 5, 15, 12),
        "advice",
        ("B",),
        "F3",
        source="6",
        agency="Northshire Police",
        channel="police",
        screener_route="LADO",
    ),
    contact("C8", at(2025, 5, 16, 10), at(2025, 5, 20, 10), "signpost", ("F",), "F8", channel="email"),
]

REFERRALS = [
    referral("H1", "A", date(2024, 5, 6)),  # exactly a year before R1: R1 is a re-referral
    referral("H2", "G", date(2024, 5, 13)),  # a year and a day before R3: R3 is not
    referral("H3", "H", date(2025, 2, 1)),  # before the period, within 12 months of R4
    referral("R1", "A", date(2025, 5, 6)),
    referral("R5", "I", date(2025, 5, 7)),
    referral("R2", "A", date(2025, 5, 12)),
    referral("R2b", "A", date(2025, 5, 12)),  # the same child the same day: counts once
    referral("R3", "G", date(2025, 5, 14)),
    referral("R4", "H", date(2025, 5, 16)),
    referral("R9", "J", date(2025, 5, 19)),  # after the period
]


@pytest.fixture(scope="module")
def dashboard():
    return build_dashboard(
        start=date(2025, 5, 5),
        end=date(2025, 5, 18),
        contacts=CONTACTS,
        referrals=REFERRALS,
        bank_holidays=HOLIDAYS,
    )


def test_weeks_run_monday_to_sunday(dashboard):
    assert [w.week_ending for w in dashboard.weeks] == [date(2025, 5, 11), date(2025, 5, 18)]
    assert week_ending(date(2025, 5, 11)) == date(2025, 5, 11)
    assert week_ending(date(2025, 5, 12)) == date(2025, 5, 18)


def test_week_one(dashboard):
    f = dashboard.weeks[0].figures
    assert (f.contacts, f.families, f.children, f.child_contacts) == (4, 4, 4, 5)
    assert f.contacts_per_child == 5 / 4
    assert (f.decided, f.referral_contacts, f.nfa_contacts) == (4, 2, 1)
    assert f.conversion == 0.5
    assert f.decided_in_time == 3 and f.in_time_rate == 0.75
    # 37 h, 72 h, 72 h 1 min, 38 h 59 min: the median is the mean of the middle two
    assert f.median_hours_to_decision == pytest.approx((38 + 59 / 60 + 72) / 2)
    assert (f.referrals, f.re_referrals) == (2, 1)
    assert f.re_referral_rate == 0.5


def test_week_two(dashboard):
    f = dashboard.weeks[1].figures
    assert (f.contacts, f.families, f.children, f.child_contacts) == (3, 3, 3, 3)
    assert f.contacts_per_child == 1.0
    assert (f.decided, f.referral_contacts) == (2, 0)
    assert f.conversion == 0.0
    assert f.decided_in_time == 1 and f.in_time_rate == 0.5
    assert f.median_hours_to_decision == pytest.approx((3 + 96) / 2)
    assert (f.referrals, f.re_referrals) == (3, 2)


def test_whole_period(dashboard):
    f = dashboard.total
    assert (f.contacts, f.families, f.children, f.child_contacts) == (7, 6, 6, 8)
    assert f.decided == 6 and f.referral_contacts == 2 and f.nfa_contacts == 1
    assert f.conversion == pytest.approx(1 / 3)
    assert f.decided_in_time == 4
    assert f.median_hours_to_decision == pytest.approx((38 + 59 / 60 + 72) / 2)
    assert (f.referrals, f.re_referrals) == (5, 3)
    assert f.re_referral_rate == 0.6


def test_outcome_source_and_channel_mix(dashboard):
    outcomes = {row.code: row.count for row in dashboard.outcomes}
    assert outcomes == {"nfa": 1, "advice": 1, "signpost": 1, "early_help": 1, "assessment": 1, "strategy": 1}
    assert all(row.share == pytest.approx(1 / 6) for row in dashboard.outcomes)
    sources = {row.code: row.count for row in dashboard.sources if row.count}
    assert sources == {"2A": 3, "6": 2, "3A": 1, "1A": 1}
    channels = {row.code: row.count for row in dashboard.channels if row.count}
    assert channels == {"phone": 2, "police": 2, "email": 2, "online": 1}


def test_agencies(dashboard):
    rows = [
        (r.agency, r.contacts, r.decided, r.referral_contacts, r.nfa_contacts) for r in dashboard.agencies
    ]
    assert rows == [
        ("Testfield Primary", 3, 3, 1, 0),
        ("Northshire Police", 2, 2, 0, 1),
        ("Not recorded", 1, 0, 0, 0),
        ("Riverside GP", 1, 1, 1, 0),
    ]
    assert dashboard.agencies[1].nfa_rate == 0.5
    assert all(not r.flags for r in dashboard.agencies)  # too few decisions to stand out


def test_agencies_that_misunderstand_thresholds_stand_out():
    contacts = []
    for i in range(10):  # every contact from X ends in no further action
        contacts.append(contact(f"X{i}", at(2025, 5, 6), at(2025, 5, 6, 12), "nfa", agency="X Academy"))
    for i in range(30):  # Y: 3 NFA, 27 referrals
        outcome = "nfa" if i < 3 else "assessment"
        contacts.append(contact(f"Y{i}", at(2025, 5, 6), at(2025, 5, 6, 12), outcome, agency="Y Police"))
    for i in range(4):  # Z: all NFA, but only 4 decisions
        contacts.append(contact(f"Z{i}", at(2025, 5, 6), at(2025, 5, 6, 12), "nfa", agency="Z Clinic"))
    flags = {row.agency: row.flags for row in by_agency(contacts)}
    # overall NFA 17/44; X: z = (1 - 0.386) / sqrt(0.386 * 0.614 / 10) ≈ 4.0
    assert flags["X Academy"] == ("High NFA rate", "Low conversion")
    assert flags["Y Police"] == ()
    assert flags["Z Clinic"] == ()


def test_screener_routes(dashboard):
    rows = {
        r.route: (r.screened, r.confirmed, r.raised, r.lowered, r.not_comparable) for r in dashboard.routes
    }
    assert rows == {
        "ADVICE": (1, 0, 1, 0, 0),
        "CSC": (2, 1, 1, 0, 0),  # C5 compares levels: screened 3, decided 4
        "EARLY_HELP": (1, 0, 0, 1, 0),
        "LADO": (1, 0, 0, 0, 1),
        "All routes": (5, 1, 2, 1, 1),
    }
    assert dashboard.routes[-1].confirmed_rate == 0.25


@pytest.mark.parametrize(
    ("received", "decided", "in_time"),
    [
        (at(2025, 4, 17, 15), at(2025, 4, 22, 14, 59), True),  # Thursday before Easter: due Tuesday 15:00
        (at(2025, 4, 17, 15), at(2025, 4, 22, 15, 1), False),
        (at(2025, 4, 18, 11), at(2025, 4, 22, 23, 59), True),  # Good Friday: due by the end of Tuesday
        (at(2025, 4, 18, 11), at(2025, 4, 23, 0, 1), False),
        (at(2025, 12, 24, 10), at(2025, 12, 29, 10), True),  # Christmas Eve: due Monday 29th 10:00
        (at(2025, 12, 24, 10), at(2025, 12, 29, 10, 1), False),
        (at(2025, 5, 2, 16), at(2025, 5, 6, 15, 59), True),  # Friday before the May bank holiday
        (at(2025, 5, 2, 16), at(2025, 5, 6, 16, 1), False),
    ],
)
def test_one_working_day_over_bank_holidays(received, decided, in_time):
    assert decided_within_one_working_day(received, decided, HOLIDAYS) is in_time
    # the per-day cache the dashboard uses agrees with add_working_days
    assert (decided <= DueTimes(HOLIDAYS).due(received)) is in_time


def test_re_referral_edges():
    assert twelve_months_before(date(2024, 2, 29)) == date(2023, 2, 28)
    history = counted_referrals(
        [
            referral("a", "K", date(2023, 2, 28)),
            referral("b", "K", date(2024, 2, 29)),
            referral("c", "K", date(2024, 2, 29)),
            referral("d", "L", date(2024, 3, 1)),
        ]
    )
    assert [r.referral_id for r in history] == ["a", "b", "d"]
    re_referrals = ReReferrals(history)
    assert re_referrals.is_re_referral(history[1])  # 28 Feb 2023 is "one year before" 29 Feb 2024
    assert not re_referrals.is_re_referral(history[0])
    assert not re_referrals.is_re_referral(history[2])
    # only the same day's other referral: not a re-referral (a child's referrals on one day count once)
    same_day = ReReferrals([referral("e", "M", date(2025, 1, 1)), referral("f", "M", date(2025, 1, 1))])
    assert not same_day.is_re_referral(referral("f", "M", date(2025, 1, 1)))


def test_empty_period_has_no_data_and_no_division_errors():
    empty = build_dashboard(
        start=date(2030, 1, 6), end=date(2030, 1, 19), contacts=[], referrals=[], bank_holidays=HOLIDAYS
    )
    assert not empty.has_data
    assert len(empty.weeks) == 3  # 6 Jan 2030 is a Sunday
    assert empty.total.conversion is None and empty.total.median_hours_to_decision is None
    assert empty.routes == ()
    for table in dashboard_tables(empty):
        assert to_csv(table).startswith(",".join(table.headers).split(",")[0])


def test_end_before_start_is_refused():
    with pytest.raises(ValueError):
        build_dashboard(
            start=date(2025, 5, 2), end=date(2025, 5, 1), contacts=[], referrals=[], bank_holidays=()
        )


def test_tables_and_scrutiny_table(dashboard):
    tables = {t.slug: t for t in dashboard_tables(dashboard)}
    assert list(tables) == ["scrutiny", "weekly", "outcomes", "sources", "channels", "agencies", "screener"]
    assert tables["scrutiny"].headers == ("Week ending", "Contacts", "Families", "Referrals")
    assert tables["scrutiny"].rows == ((date(2025, 5, 11), 4, 4, 2), (date(2025, 5, 18), 3, 3, 3))
    assert to_csv(tables["scrutiny"]).splitlines() == [
        "Week ending,Contacts,Families,Referrals",
        "2025-05-11,4,4,2",
        "2025-05-18,3,3,3",
    ]
    whole = tables["weekly"].rows[-1]
    assert whole[0] == "Whole period" and whole[7] == 33.3 and whole[8] == 66.7 and whole[11] == 60.0


def test_bar_chart_is_an_image_with_a_title():
    svg = bar_chart("c1", "Contacts <by> week", ["w1", "w2"], [4, None])
    assert 'role="img"' in svg and 'aria-labelledby="c1-title"' in svg
    assert "Contacts &lt;by&gt; week" in svg and "–" in svg
    with pytest.raises(ValueError):
        bar_chart("c2", "x", ["a"], [])
