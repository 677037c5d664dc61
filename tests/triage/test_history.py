"""History: previous contacts and referrals of the same child: the same Person (make_contact links a child to the
person with the same name and date of birth, as the linking of existing records does)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from frontdoor.core.codes import Outcome
from frontdoor.core.twelve_months import referrals_in_last_twelve_months, twelve_months_before
from frontdoor.triage.models import Referral
from frontdoor.triage.queries import history_for
from tests.conftest import signed_in
from tests.triage.helpers import born, decide, oversee


def test_previous_contacts_and_referrals_of_the_same_child(
    client, chat, fast, social_worker, team_manager, make_contact
):
    dob = born(6)
    earlier = make_contact(chat, minutes_ago=60 * 24 * 40, child=("Ava", "Example", dob))
    oversee(decide(earlier, social_worker, Outcome.CHILD_AND_FAMILY_ASSESSMENT), team_manager)
    other_team = make_contact(fast, minutes_ago=60 * 24 * 10, child=(" ava ", "EXAMPLE", dob))
    make_contact(chat, child=("Ava", "Example", dob - timedelta(days=1)))  # a different child
    make_contact(chat, child=("Ava", "Example"))  # no date of birth: never matched
    current = make_contact(chat, child=("Ava", "Example", dob))

    [entry] = history_for(social_worker, current)
    assert [p.reference for p in entry.previous_contacts] == [other_team.reference, earlier.reference]
    first_seen = entry.previous_contacts[1]
    assert first_seen.result == "Child and family assessment" and first_seen.was_referral
    assert first_seen.url == reverse("triage:contact", args=[earlier.pk])
    assert entry.previous_contacts[0].url == ""  # another team's contact: listed, not opened
    assert entry.referrals_in_last_12_months == 1 and entry.would_be_re_referral

    body = signed_in(client, social_worker).get(reverse("triage:contact", args=[current.pk])).content.decode()
    assert earlier.reference in body and other_team.reference in body
    assert "A referral now would be a re-referral" in body


def test_referrals_older_than_twelve_months_are_listed_but_not_counted(
    chat, social_worker, team_manager, make_contact
):
    dob = born(9)
    old = make_contact(chat, child=("Noah", "Sample", dob))
    oversee(decide(old, social_worker, Outcome.STRATEGY_DISCUSSION), team_manager)
    Referral.objects.filter(contact=old).update(referral_date=timezone.localdate() - timedelta(days=400))
    [entry] = history_for(social_worker, make_contact(chat, child=("Noah", "Sample", dob)))
    assert len(entry.referrals) == 1 and entry.referrals_in_last_12_months == 0


def test_twelve_months_before_a_leap_day():
    from datetime import date

    assert twelve_months_before(date(2028, 2, 29)) == date(2027, 2, 28)


def test_one_twelve_month_rule_counts_the_day_a_year_before_and_each_day_once():
    from datetime import date

    today = date(2026, 12, 3)
    dates = [date(2025, 12, 3), date(2025, 12, 2), date(2026, 6, 1), date(2026, 6, 1)]
    assert referrals_in_last_twelve_months(dates, today) == 2


def test_an_unlinked_child_has_no_history_until_linked(chat, social_worker, make_contact):
    dob = born(4)
    make_contact(chat, child=("Mia", "Sample", dob))
    [entry] = history_for(social_worker, make_contact(chat, child=("Mia", "Sample", dob), link=False))
    assert entry.person is None and entry.previous_contacts == []
