"""A candidate whose age or role cannot fit the entry (an adult for a child, a child for a parent) is never
offered as likely; agreements and disagreements are listed where they belong."""

from datetime import date, timedelta

from django.utils import timezone

from frontdoor.intake.models import ContactAdult
from frontdoor.people import queries
from frontdoor.people.codes import Role
from frontdoor.people.models import Person
from tests.conftest import link_people


def entry_match(user, contact, kind):
    return next(m for m in queries.matches_for_contact(user, contact, path="/t/") if m.entry.kind == kind)


def test_an_alleged_harmer_with_no_date_of_birth_is_not_offered_for_a_toddler(
    chat, social_worker, make_contact
):
    earlier = make_contact(chat, child=("Ava", "Example", date(2015, 1, 1)), link=False)
    ContactAdult.objects.create(contact=earlier, name="Sam Example", relationship="Alleged perpetrator")
    link_people(earlier)
    sam = Person.objects.get(given_name="Sam")
    toddler = make_contact(
        chat, child=("Sam", "Example", timezone.localdate() - timedelta(days=800)), link=False
    )
    [candidate] = [
        c for c in entry_match(social_worker, toddler, "child").candidates if c.person_id == sam.pk
    ]
    assert candidate.probability == 0.0 and candidate.percent == "0.0%"
    assert candidate.disagreed[0].startswith("Role does not fit")
    assert all("the same" not in reason for reason in candidate.disagreed)  # the names agree: listed as such
    assert any("the same" in reason for reason in candidate.agreed)


def test_an_adult_by_age_is_never_likely_for_a_child_nor_a_child_for_a_parent():
    today = date(2026, 12, 3)
    adult = Person(given_name="Sam", family_name="Example", date_of_birth=date(1990, 5, 1))
    toddler = Person(given_name="Sam", family_name="Example", date_of_birth=date(2024, 10, 1))
    teenager = Person(given_name="Sam", family_name="Example", date_of_birth=date(2010, 10, 1))
    assert queries.misfit(Role.SUBJECT_CHILD, adult, set(), today).startswith(
        "Age does not fit: an adult (aged 36)"
    )
    assert queries.misfit(Role.PARENT, toddler, set(), today).startswith("Age does not fit: a child (aged 2)")
    assert queries.misfit(Role.ALLEGED_HARM, teenager, set(), today) == ""  # a 16-year-old may cause harm
    assert queries.misfit(Role.SUBJECT_CHILD, teenager, {Role.SUBJECT_CHILD}, today) == ""
    undated_child = Person(given_name="Sam", family_name="Example")
    assert queries.misfit(Role.PARENT, undated_child, {Role.SUBJECT_CHILD}, today).startswith(
        "Role does not fit"
    )
