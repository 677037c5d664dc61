"""The dashboard counted by the database (`queries.dashboard`) equals the one built from every row
(`queries.dashboard_from_rows`, the hand-checked pure figures), on SQLite and on PostgreSQL."""

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from frontdoor.core.codes import Channel, Outcome
from frontdoor.intake.models import Agency, Contact, ContactChild, Referrer
from frontdoor.reporting import queries
from frontdoor.screener.models import DefinitionVersion, Screening
from frontdoor.triage.models import Decision, Referral
from tests.conftest import link_people

LONDON = ZoneInfo("Europe/London")


def at(*parts):
    return datetime(*parts, tzinfo=LONDON)


@pytest.fixture
def awkward_data(known_data, chat, fast, social_worker, team_manager):
    """Beyond the known data: decisions re-made, returned and tied, a contact with no children, children shared
    between contacts (one family), an agency through a saved referrer, screenings, a DST change, microseconds."""
    agency = Agency.objects.create(name="  Hillside Academy ", referral_source="2A")
    referrer = Referrer.objects.create(name="Rita", agency=agency, referral_source="2A")
    definition = DefinitionVersion.objects.create(
        council="Northshire", version="1", yaml_text="x", uploaded_at=timezone.now()
    )

    def contact(team, reference, received, children, **extra):
        record = Contact.objects.create(
            reference=reference,
            team=team,
            channel=extra.pop("channel", Channel.EMAIL),
            received_at=received,
            decision_due_at=received,
            concern="A synthetic concern.",
            referrer_name="Rita Referrer",
            referrer_agency=extra.pop("agency", "Testfield Primary"),
            referral_source=extra.pop("source", "2A"),
            submission_key=uuid.uuid4(),
            **extra,
        )
        kids = [
            ContactChild.objects.create(contact=record, given_name=g, family_name=f, date_of_birth=born)
            for g, f, born in children
        ]
        link_people(record)  # each child is their Person: the same name and date of birth, the same person
        return record, kids

    def decide(record, outcome, decided, oversight=Decision.Oversight.AGREED, level=None, **extra):
        return Decision.objects.create(
            contact=record,
            outcome=outcome,
            rationale="Synthetic.",
            decided_by=social_worker,
            decided_at=decided,
            oversight=oversight,
            overseen_by=team_manager,
            overseen_at=decided,
            level_of_need=level,
            **extra,
        )

    def screen(record, route, level=None):
        Screening.objects.create(
            contact=record,
            definition=definition,
            definition_version="1",
            answers={},
            route=route,
            level=level,
            screened_on=record.received_at.date(),
        )

    eli = ("Eli", "Shared", date(2016, 4, 4))
    fay = ("Fay", "Shared", date(2018, 8, 8))
    # Eli and Fay on one contact, Fay and Gus on another: one family of three
    one, _ = contact(chat, "FD-A1", at(2025, 5, 5, 8, 30, 0, 250), [eli, fay], referrer=referrer, agency="")
    decide(one, Outcome.NO_FURTHER_ACTION, at(2025, 5, 6, 9))
    decide(one, Outcome.CHILD_AND_FAMILY_ASSESSMENT, at(2025, 5, 7, 9), level=4)  # the later one is final
    decide(one, Outcome.EARLY_HELP, at(2025, 5, 8, 9), oversight=Decision.Oversight.RETURNED)
    screen(one, "EARLY_HELP", 2)
    two, _ = contact(chat, "FD-A2", at(2025, 5, 10, 23, 30), [fay, ("Gus", "Shared", date(2020, 1, 1))])
    decide(two, Outcome.SIGNPOST, at(2025, 5, 12, 8))
    screen(two, "CSC")
    # No children at all; undecided; screened
    three, _ = contact(fast, "FD-A3", at(2025, 5, 6, 14), [], agency="  ", channel=Channel.PHONE)
    screen(three, "ADVICE")
    # Two agreed decisions at the same moment (the tie is broken the same way by both paths)
    four, kids = contact(chat, "FD-A4", at(2025, 5, 7, 12), [("Hal", "Tied", None)], source="6")
    decide(four, Outcome.STRATEGY_DISCUSSION, at(2025, 5, 7, 13))
    decide(four, Outcome.ADVICE_OR_SIGNPOST, at(2025, 5, 7, 13))
    # Autumn clock change (26 October 2025): received on the Saturday, decided on the Monday
    five, kids = contact(
        chat, "FD-A5", at(2025, 10, 25, 22), [("Ivy", "Clock", date(2014, 6, 6))], agency="Northshire Police"
    )
    made = decide(five, Outcome.CHILD_AND_FAMILY_ASSESSMENT, at(2025, 10, 27, 23, 59, 59, 999999))
    Referral.objects.create(
        child=kids[0],
        contact=five,
        decision=made,
        team=chat,
        referral_date=date(2025, 10, 25),
        source="6",
        primary_need="N1",
        created_at=made.decided_at,
    )
    # Received on the first day of the period at midnight, and on the last day just before midnight
    edge, _ = contact(fast, "FD-A6", at(2025, 5, 5, 0, 0), [eli])
    decide(edge, Outcome.EARLY_HELP, at(2025, 5, 6, 0, 0))
    late, _ = contact(fast, "FD-A7", at(2025, 11, 2, 23, 59, 59), [("Jo", "Late", date(2013, 3, 3))])
    decide(late, Outcome.NO_FURTHER_ACTION, at(2025, 11, 3, 23, 59, 59))
    return known_data


@pytest.mark.parametrize("team", [None, "chat", "fast"])
@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 5, 5), date(2025, 5, 11)),
        (date(2025, 5, 1), date(2025, 11, 2)),
        (date(2025, 5, 6), date(2025, 5, 8)),
    ],
)
def test_database_tally_equals_the_rows(awkward_data, team, start, end):
    chosen = awkward_data[team] if team else None
    counted = queries.dashboard(team=chosen, start=start, end=end)
    assert counted == queries.dashboard_from_rows(team=chosen, start=start, end=end)
    if start == date(2025, 5, 1) and team is None:
        assert counted.total.contacts == 12
        assert counted.total.families < counted.total.contacts
        assert {row.route for row in counted.routes} == {"CSC", "EARLY_HELP", "All routes"}


def test_empty_period(db):
    day = date(2025, 1, 6)
    dashboard = queries.dashboard(team=None, start=day, end=day + timedelta(days=6))
    assert not dashboard.has_data
    assert dashboard == queries.dashboard_from_rows(team=None, start=day, end=day + timedelta(days=6))


def test_end_before_start_is_refused(db):
    with pytest.raises(ValueError):
        queries.dashboard(team=None, start=date(2025, 1, 6), end=date(2025, 1, 5))


@pytest.mark.parametrize(
    ("person_id", "child_id"),
    [
        (uuid.UUID(int=1), uuid.UUID(int=2)),
        (str(uuid.UUID(int=1)), uuid.UUID(int=3)),  # the database's text form of the same person
        (uuid.UUID(int=1).hex, uuid.UUID(int=4)),  # SQLite's text form
        (None, uuid.UUID(int=7)),
    ],
)
def test_remembered_child_keys_are_child_keys(person_id, child_id):
    keys = queries._ChildKeys()
    assert keys(person_id, child_id) == queries.child_key(person_id, child_id)
    assert keys(person_id, child_id) == queries.child_key(person_id, child_id)
    if person_id is not None:  # the child is their person, whichever contact named them
        assert queries.child_key(person_id, child_id) == queries.child_key(uuid.UUID(int=1), uuid.UUID(int=9))


@pytest.mark.parametrize(
    "first_day",
    [
        date(2025, 3, 28),  # clocks go forward on Sunday 30 March 2025
        date(2024, 10, 25),  # and back on Sunday 27 October 2024
        date(2025, 5, 2),  # the Early May bank holiday (5 May 2025) and a weekend
        date(2024, 12, 23),  # Christmas and Boxing Day
    ],
)
def test_days_and_due_times_worked_out_once_an_hour_agree_with_every_contact_worked_out_alone(first_day):
    from frontdoor.core.calendar import bank_holidays
    from frontdoor.reporting.figures.dashboard import DueTimes, local_date

    due_times = DueTimes(bank_holidays())
    hours = queries._Hours(due_times)
    moment = datetime.combine(first_day, datetime.min.time(), tzinfo=UTC)
    for _ in range(5 * 24 * 60 // 7):  # every 7 minutes for five days, each as the database gives it
        moment += timedelta(minutes=7, microseconds=1)
        text = moment.strftime("%Y-%m-%d %H:%M:%S.%f")
        assert hours.due(text, moment) == due_times.due(moment), text
        assert hours.day(text) == local_date(moment), text
