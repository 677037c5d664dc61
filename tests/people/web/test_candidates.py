"""The candidate query (blocking keys in the database, then scores) finds the true person for each kind of
mistake a referrer makes, on SQLite and on PostgreSQL alike; empty descriptions find nobody."""

import datetime as dt

import pytest
from django.utils import timezone

from frontdoor.people import search
from frontdoor.people.matching import candidate_keys, load_online_params, prepare
from frontdoor.people.matching.params import SHARE_ALREADY_KNOWN
from frontdoor.people.models import Person, PersonBlockingKey

BASE = {
    "given_name": "Oliver",
    "family_name": "Smith-Jones",
    "date_of_birth": dt.date(2014, 5, 7),
    "sex": "M",
    "address_line_1": "12 Acacia Road",
    "postcode": "LS6 2AB",
    "nhs_number": "9434765919",
}


@pytest.fixture
def people(social_worker, make_person):
    """The child, and the people a careless matcher would confuse him with."""

    def person(**changes):
        values = {**BASE, **changes}
        given, family, dob = values.pop("given_name"), values.pop("family_name"), values.pop("date_of_birth")
        return make_person(social_worker, given=given, family=family, dob=dob, **values)

    return {
        "oliver": person(),
        "sibling": person(given_name="Amelia", date_of_birth=dt.date(2016, 1, 20), sex="F", nhs_number=""),
        "twin": person(given_name="Harry", nhs_number=""),
        "namesake": person(date_of_birth=dt.date(1988, 11, 2), postcode="BD7 1AA", address_line_1="3 Mill Lane", nhs_number=""),
        "sean": person(given_name="Seán", family_name="O'Brien", date_of_birth=dt.date(2012, 2, 29), nhs_number="", postcode="LS1 4AP"),
        "maria": person(given_name="Мария", family_name="Иванова", date_of_birth=dt.date(2013, 8, 1), sex="F", nhs_number="", postcode="LS9 8AA"),
    }  # fmt: skip


def described(**changes):
    record = {
        k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in {**BASE, "nhs_number": ""}.items()
    }
    record.update(changes)
    return record


MISTAKES = {
    "exact": described(),
    "given name typo": described(given_name="Olivre"),
    "family name typo": described(family_name="Smiht-Jones"),
    "nickname": described(given_name="Ollie"),
    "initial only": described(given_name="O."),
    "one part of a double-barrelled name": described(family_name="Jones"),
    "names swapped": described(given_name="Smith-Jones", family_name="Oliver"),
    "family name changed": described(family_name="Brown"),
    "day and month transposed": described(date_of_birth="2014-07-05"),
    "year one out": described(date_of_birth="07/05/2013"),
    "date of birth missing": described(date_of_birth=""),
    "impossible date (31/02)": described(date_of_birth="31/02/2014"),
    "moved house": described(postcode="WF1 3XY", address_line_1="4 New Street"),
    "shouting, spaces and hyphens": described(given_name="OLIVER", family_name="smith jones", postcode="ls62ab"),
    "only the NHS number agrees": described(given_name="Kai", family_name="Brown", date_of_birth="", postcode="", nhs_number="943 476 5919"),
}  # fmt: skip


@pytest.mark.parametrize("mistake", MISTAKES)
def test_the_true_person_is_a_candidate_for_every_kind_of_mistake(people, mistake):
    record = MISTAKES[mistake]
    assert people["oliver"].pk in search.candidate_ids(candidate_keys(prepare(record)))
    found = search.find_candidates(record, min_probability=0.0)
    assert found[0].person == people["oliver"], [(c.person.given_name, c.probability) for c in found]
    assert found[0].probability >= load_online_params().threshold


def test_siblings_twins_and_namesakes_score_below_the_child(people):
    found = {
        c.person.pk: c.probability for c in search.find_candidates(described(), min_probability=0.0, limit=10)
    }
    assert found[people["oliver"].pk] > 0.99
    for other in ("sibling", "twin", "namesake"):
        assert found.get(people[other].pk, 0.0) < 0.1, other


def test_accents_apostrophes_and_leap_days(people):
    found = search.find_candidates(
        {"given_name": "Sean", "family_name": "OBRIEN", "date_of_birth": "29/02/2012"}
    )
    assert found[0].person == people["sean"]
    agreed = [r.level_label for r in found[0].result.reasons if r.weight > 0]
    assert "Given name: the same" in agreed and "Family name: the same" in agreed


def test_non_latin_names_match_in_their_own_script(people):
    found = search.find_candidates(
        {"given_name": "мария", "family_name": "ИВАНОВА", "date_of_birth": "2013-08-01"}
    )
    assert found[0].person == people["maria"]


def test_empty_or_useless_descriptions_find_nobody(people):
    assert search.find_candidates({}) == []
    assert search.find_candidates({"given_name": "", "family_name": " ", "date_of_birth": "31/02/2014"}) == []
    assert search.find_candidates({"given_name": "Unknown", "postcode": "LS6 2AB", "sex": "M"}) == []
    assert (
        search.find_candidates({"nhs_number": "9434765918"}) == []
    )  # fails the check digit: not an identifier


def test_a_one_letter_name_alone_blocks_nothing_but_with_a_date_of_birth_finds_the_child(people):
    assert search.find_candidates({"given_name": "O", "family_name": "S"}) == []
    found = search.find_candidates(
        {"given_name": "O", "family_name": "Smith-Jones", "date_of_birth": "2014-05-07"}
    )
    assert found[0].person == people["oliver"]


def test_other_names_and_earlier_addresses_are_searched_too(social_worker, make_person):
    from frontdoor.people import services
    from frontdoor.people.services import PersonDetails

    person = make_person(
        social_worker, given="Leah", family="Walker", dob=dt.date(2010, 4, 4), postcode="LS6 2AB"
    )
    services.add_other_name(user=social_worker, person=person, given_name="Leah", family_name="Okafor")
    services.update_person(
        user=social_worker, person=person,
        details=PersonDetails(given_name="Leah", family_name="Walker", date_of_birth=dt.date(2010, 4, 4), postcode="BD7 1AA"),
    )  # fmt: skip
    assert (
        search.find_candidates({"given_name": "Leah", "family_name": "Okafor", "postcode": "LS6 2AB"})[
            0
        ].person
        == person
    )
    assert (
        PersonBlockingKey.objects.filter(person=person, rule="family_postcode").count() == 3
    )  # now, earlier, other name


def test_a_huge_block_is_capped_but_other_rules_still_find_the_person(
    social_worker, make_person, monkeypatch
):
    monkeypatch.setattr(search, "MAX_PER_KEY", 3)
    for day in range(1, 8):
        make_person(social_worker, given="Mohammed", family="Khan", dob=dt.date(2015, 1, day))
    target = make_person(
        social_worker, given="Mohammed", family="Khan", dob=dt.date(2015, 3, 9), postcode="LS6 2AB"
    )
    found = search.find_candidates(
        {"given_name": "Mohammed", "family_name": "Khan", "date_of_birth": "2015-03-09"}
    )
    assert found[0].person == target


def test_among_many_namesakes_the_person_whose_date_of_birth_and_address_agree_is_scored(
    social_worker, make_person, monkeypatch
):
    """Namesakes meet under every name rule; the child also meets on date of birth and address, and is among
    the few candidates scored, although his name is misspelt."""
    monkeypatch.setattr(search, "MAX_SCORED", 3)
    for day in range(1, 8):
        make_person(
            social_worker, given="Zofia", family="Begum", dob=dt.date(1990, 1, day), postcode="HX1 1AA"
        )
    target = make_person(
        social_worker,
        given="Zofia",
        family="Harris",
        dob=dt.date(1977, 7, 13),
        postcode="BD9 9DY",
        address_line_1="125 Brown Crescent",
    )
    found = search.find_candidates(
        {
            "given_name": "Zofia",
            "family_name": "Begum",
            "date_of_birth": "13/07/1976",
            "postcode": "BD9 9DY",
            "address_line_1": "125 Brown Crescent",
        }  # fmt: skip
    )
    assert found and found[0].person == target


def test_the_same_evidence_is_worth_less_against_a_larger_store(people):
    """A namesake with no date of birth who lives elsewhere: in a store of a few people the training data's
    chance holds; among 20,000 stored persons the shown probability falls, and the candidate is still listed."""
    record = described(date_of_birth="", postcode="BD7 1AB", address_line_1="8 Mill Lane")

    def shown():
        return {
            c.person.pk: c.probability for c in search.find_candidates(record, min_probability=0, limit=10)
        }

    small = shown()
    stored = 20_000
    Person.objects.bulk_create(
        Person(
            reference=f"T{i:07d}", given_name="Stored", family_name=f"Person{i}", created_at=timezone.now()
        )
        for i in range(stored - Person.objects.count())
    )
    search.forget_stored_count()
    assert search.stored_persons() == stored
    large = shown()
    assert set(large) == set(small)

    def odds(p):
        return p / (1 - p)

    expected = odds(SHARE_ALREADY_KNOWN / stored) / odds(
        load_online_params().probability_two_random_records_match
    )
    for pk in (people["oliver"].pk, people["namesake"].pk):
        assert large[pk] < small[pk]
        assert odds(large[pk]) / odds(small[pk]) == pytest.approx(expected, rel=1e-6)


def test_a_merged_away_record_is_never_a_candidate_even_if_its_keys_were_left_behind(people):
    """Merging removes the merged record's keys; should an index rebuild be interrupted and leave them, staff
    are still only offered the surviving record."""
    oliver = people["oliver"]
    copy = Person.objects.get(pk=oliver.pk)
    copy.pk, copy.reference = None, "PN-COPY-0001"
    copy.save()
    search.store_blocking_keys([copy])
    assert {c.person.pk for c in search.find_candidates(BASE, limit=10)} >= {oliver.pk, copy.pk}
    Person.objects.filter(pk=copy.pk).update(merged_into=oliver)
    found = [c.person.pk for c in search.find_candidates(BASE, limit=10)]
    assert oliver.pk in found and copy.pk not in found
