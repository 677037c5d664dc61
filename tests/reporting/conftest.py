"""A small known dataset in the database: three contacts in CHAT, one in FAST, referrals from agreed decisions."""

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from frontdoor.accounts.models import Role
from frontdoor.core.codes import Channel, Outcome
from frontdoor.intake.models import Contact, ContactChild
from frontdoor.triage.models import Decision, Referral
from tests.conftest import link_people

LONDON = ZoneInfo("Europe/London")


def at(*parts):
    return datetime(*parts, tzinfo=LONDON)


@pytest.fixture
def team_manager(make_user, chat):
    return make_user("tm.chat", Role.TEAM_MANAGER, chat)


@pytest.fixture
def known_data(db, chat, fast, social_worker, team_manager):
    def contact(
        team, reference, received, source, agency, children, outcome=None, decided=None, referral=False
    ):
        record = Contact.objects.create(
            reference=reference,
            team=team,
            channel=Channel.PHONE,
            received_at=received,
            decision_due_at=received,
            concern="A synthetic concern.",
            referrer_name="Rita Referrer",
            referrer_agency=agency,
            referral_source=source,
            submission_key=uuid.uuid4(),
            status=Contact.Status.DECIDED if outcome else Contact.Status.OPEN,
        )
        kids = [
            ContactChild.objects.create(contact=record, given_name=g, family_name=f, date_of_birth=born)
            for g, f, born in children
        ]
        link_people(record)  # each child is their Person: the same name and date of birth, the same person
        if outcome:
            decision = Decision.objects.create(
                contact=record,
                outcome=outcome,
                rationale="Synthetic.",
                primary_need="N1" if referral else "",
                decided_by=social_worker,
                decided_at=decided,
                oversight=Decision.Oversight.AGREED,
                overseen_by=team_manager,
                overseen_at=decided,
            )
            if referral:
                for kid in kids:
                    Referral.objects.create(
                        child=kid,
                        contact=record,
                        decision=decision,
                        team=team,
                        referral_date=received.date(),
                        source=source,
                        primary_need="N1",
                        created_at=decided,
                    )
        return record

    ava = ("Ava", "Example", date(2015, 3, 2))
    contact(
        chat,
        "FD-K1",
        at(2025, 5, 6, 10),
        "2A",
        "Testfield Primary",
        [ava],
        Outcome.CHILD_AND_FAMILY_ASSESSMENT,
        at(2025, 5, 6, 15),
        True,
    )
    contact(
        chat,
        "FD-K2",
        at(2025, 5, 7, 11),
        "6",
        "Northshire Police",
        [("Dan", "Example", date(2012, 1, 1))],
        Outcome.NO_FURTHER_ACTION,
        at(2025, 5, 9, 12),
    )
    # Ava again two days later: a re-referral
    contact(
        chat,
        "FD-K3",
        at(2025, 5, 8, 9),
        "6",
        "Northshire Police",
        [(" ava ", "EXAMPLE", date(2015, 3, 2))],
        Outcome.STRATEGY_DISCUSSION,
        at(2025, 5, 8, 11),
        True,
    )
    # A child with no date of birth, referred: a CIN validation error, not a crash
    contact(
        chat,
        "FD-K4",
        at(2025, 5, 9, 9),
        "3A",
        "Riverside GP",
        [("Ben", "Nodob", None)],
        Outcome.CHILD_AND_FAMILY_ASSESSMENT,
        at(2025, 5, 9, 12),
        True,
    )
    contact(
        fast,
        "FD-F1",
        at(2025, 5, 6, 12),
        "1A",
        "",
        [("Cara", "Sample", date(2019, 9, 9))],
        Outcome.EARLY_HELP,
        at(2025, 5, 7, 10),
    )
    return {"chat": chat, "fast": fast}


def period(start="2025-05-05", end="2025-05-11", team=""):
    s, e = date.fromisoformat(start), date.fromisoformat(end)
    return {
        "start_0": s.day,
        "start_1": s.month,
        "start_2": s.year,
        "end_0": e.day,
        "end_1": e.month,
        "end_2": e.year,
        "team": team,
    }
