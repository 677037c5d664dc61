from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from frontdoor.people import services
from frontdoor.people.models import PersonBlockingKey, PossibleDuplicate


def test_the_index_is_rebuilt_from_the_people_after_a_rule_change(social_worker):
    person = services.create_person(
        user=social_worker,
        details=services.PersonDetails(
            given_name="Ava", family_name="Example", date_of_birth=date(2018, 3, 14)
        ),
    )
    expected = set(PersonBlockingKey.objects.filter(person=person).values_list("rule", "key"))
    PersonBlockingKey.objects.filter(person=person).delete()  # as if the keys came from older rules
    out, err = StringIO(), StringIO()
    call_command("rebuild_matching_index", stdout=out, stderr=err)
    assert set(PersonBlockingKey.objects.filter(person=person).values_list("rule", "key")) == expected
    assert "Matching index rebuilt" in out.getvalue()
    assert "blocking keys: 1 of 1 people" in err.getvalue()
    assert "likely duplicates: 1 of 1 people" in err.getvalue()


def test_upgrading_the_matcher_recomputes_the_keys_of_people_recorded_before(social_worker):
    import importlib

    from django.apps import apps

    upgrade = importlib.import_module("frontdoor.people.migrations.0005_rebuild_blocking_keys_name_district")
    person = services.create_person(
        user=social_worker,
        details=services.PersonDetails(given_name="Julie", family_name="Turner-Bennett"),
    )
    expected = set(PersonBlockingKey.objects.filter(person=person).values_list("rule", "key"))
    assert ("names", "JLS|TRNRBNT") in expected  # the whole double-barrelled name is a key of its own
    assert ("family_givstart", "TRNR|ju") in expected  # v4: found with a slip in the given name
    PersonBlockingKey.objects.filter(person=person).delete()
    upgrade.rebuild_blocking_keys(apps, None)
    assert set(PersonBlockingKey.objects.filter(person=person).values_list("rule", "key")) == expected


def test_every_blocking_rule_name_fits_the_stored_column():
    from frontdoor.people.matching import BLOCKING_RULES

    width = PersonBlockingKey._meta.get_field("rule").max_length
    assert all(len(rule) <= width for rule in BLOCKING_RULES), width


@pytest.mark.django_db
def test_the_candidate_index_carries_the_person_on_postgresql_and_stays_plain_on_sqlite():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'people_block_rule_key'")
            (definition,) = cursor.fetchone()
            assert "(rule, key) INCLUDE (person_id)" in definition
        else:  # SQLite has no covering indexes: the migration leaves the plain index in place
            cursor.execute("PRAGMA index_info('people_block_rule_key')")
            assert [row[2] for row in cursor.fetchall()] == ["rule", "key"]


def test_keys_are_rebuilt_in_batches_with_a_few_queries_a_batch(
    social_worker, monkeypatch, django_assert_max_num_queries
):
    """Every person's keys, other names and earlier addresses included, come back whatever the batch size,
    and the number of queries does not grow with the number of persons (five a person took hours at a
    million)."""
    from frontdoor.people import search
    from frontdoor.people.models import Person

    people = [
        services.create_person(
            user=social_worker,
            details=services.PersonDetails(given_name=f"Child{n}", family_name="Example", postcode="LS6 2AB"),
        )
        for n in range(7)
    ]
    services.add_other_name(user=social_worker, person=people[0], given_name="Kai", family_name="Brown")
    expected = set(PersonBlockingKey.objects.values_list("person_id", "rule", "key"))
    assert ("names", "BRN|K") in {(r, k) for _, r, k in expected}
    PersonBlockingKey.objects.all().delete()
    monkeypatch.setattr(search, "REBUILD_BATCH", 3)
    done = []
    stored = search.rebuild_blocking_keys(Person.objects.all(), PersonBlockingKey, done.append)
    assert set(PersonBlockingKey.objects.values_list("person_id", "rule", "key")) == expected
    assert stored == len(expected) and done == [3, 6, 7]
    PersonBlockingKey.objects.all().delete()
    monkeypatch.setattr(search, "REBUILD_BATCH", 1000)
    with django_assert_max_num_queries(8):
        search.rebuild_blocking_keys(Person.objects.all(), PersonBlockingKey)
    assert set(PersonBlockingKey.objects.values_list("person_id", "rule", "key")) == expected


def test_an_upgrade_from_the_first_matcher_recomputes_the_keys_once(transactional_db):
    """0002, 0003 and 0005 each changed the rules; a store upgrading across all three rebuilds once (at a
    million persons each rebuild takes about 24 minutes)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from frontdoor.people.search import person_blocking_keys

    executor = MigrationExecutor(connection)
    leaf = executor.loader.graph.leaf_nodes("people")
    executor.migrate([("people", "0001_initial")])
    executor.loader.build_graph()
    old = executor.loader.project_state([("people", "0001_initial")]).apps
    old.get_model("people", "Person").objects.create(
        reference="P-UPGRADE", given_name="Julie", family_name="Turner-Bennett", created_at=timezone.now()
    )

    executor = MigrationExecutor(connection)
    with CaptureQueriesContext(connection) as queries:
        executor.migrate(leaf)
    rebuilds = [q for q in queries if q["sql"].startswith("DELETE") and "personblockingkey" in q["sql"]]
    assert len(rebuilds) == 1

    from frontdoor.people.models import Person

    person = Person.objects.get(reference="P-UPGRADE")
    stored = set(PersonBlockingKey.objects.filter(person=person).values_list("rule", "key"))
    assert stored == person_blocking_keys(person)
    assert ("family_givstart", "TRNR|ju") in stored  # a rule the first matcher did not have


def test_the_rebuild_says_where_each_stage_starts(social_worker):
    """Each stage's line starts at nought, so that an operator sees the long stage begin (and its estimate
    of the time left is measured from there)."""
    services.create_person(
        user=social_worker, details=services.PersonDetails(given_name="Ava", family_name="Example")
    )
    seen: list[tuple[str, int, int]] = []
    services.rebuild_matching_index(lambda stage, done, total: seen.append((stage, done, total)))
    assert seen == [
        ("blocking keys", 0, 1),
        ("blocking keys", 1, 1),
        ("likely duplicates", 0, 1),
        ("likely duplicates", 1, 1),
    ]


def test_the_rebuild_reports_each_likely_duplicate_pair_once(social_worker):
    """Every pair is found from both sides; the operator is told how many pairs the list holds."""
    for given, family, dob in (
        ("Ava", "Example", date(2015, 3, 27)),
        ("Avah", "Example", date(2015, 3, 27)),
        ("Noah", "Sample", date(2016, 6, 1)),
        ("Noa", "Sample", date(2016, 6, 1)),
        ("Zara", "Testcase", date(2017, 9, 9)),
    ):
        services.create_person(
            user=social_worker,
            details=services.PersonDetails(given_name=given, family_name=family, date_of_birth=dob),
        )
    pairs = set(PossibleDuplicate.objects.values_list("person_a_id", "person_b_id"))
    assert len(pairs) == 2
    PossibleDuplicate.objects.all().delete()
    out = StringIO()
    call_command("rebuild_matching_index", stdout=out, stderr=StringIO())
    assert "2 possible duplicates" in out.getvalue()
    assert set(PossibleDuplicate.objects.values_list("person_a_id", "person_b_id")) == pairs
