import csv

from frontdoor.people.matching.normalise import is_valid_nhs_number, normalise_upn
from frontdoor.people.matching.record import COLUMNS
from frontdoor.people.matching.synthetic import CLEAN, Generator, read_csv, write_csv


def test_same_seed_same_records_other_seed_other_records():
    a = Generator(5).dedupe_dataset(300)
    b = Generator(5).dedupe_dataset(300)
    c = Generator(6).dedupe_dataset(300)
    assert a == b
    assert a != c


def test_records_have_the_csv_columns_and_ground_truth():
    records = Generator(1).dedupe_dataset(400)
    assert len(records) == 400
    for r in records:
        assert set(COLUMNS) <= set(r)
        assert r["cluster_id"]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    clusters = {r["cluster_id"] for r in records}
    assert len(clusters) < len(records)  # there are duplicates


def test_identifiers_are_synthetic_and_valid():
    people = Generator(2).population(300)
    for p in people:
        assert p.nhs_number.startswith("999")
        assert is_valid_nhs_number(p.nhs_number)
        if p.upn:
            assert normalise_upn(p.upn) == p.upn


def test_population_has_the_hard_cases():
    people = Generator(3).population(3000)
    families = [p.family_name for p in people]
    givens = [p.given_name for p in people]
    assert any("-" in f for f in families)
    assert any("'" in f for f in families)
    assert any(not g.isascii() for g in givens)
    by_household: dict[int, list] = {}
    for p in people:
        by_household.setdefault(p.household, []).append(p)
    twins = [
        (a, b)
        for members in by_household.values()
        for i, a in enumerate(members)
        for b in members[i + 1 :]
        if a.date_of_birth == b.date_of_birth
    ]
    assert twins


def test_brothers_and_sisters_never_have_forms_of_one_name_and_names_suit_sex():
    from frontdoor.people.matching.synthetic import _same_name

    people = Generator(5).population(6000)
    by_household: dict[int, list] = {}
    for p in people:
        if p.date_of_birth.year >= 2007:  # children (adults are born by 2004)
            by_household.setdefault(p.household, []).append(p)
    for children in by_household.values():
        for i, a in enumerate(children):
            for b in children[i + 1 :]:
                assert not _same_name(a.given_name, b.given_name), (a.given_name, b.given_name)
    assert _same_name("Carol", "Carole") and _same_name("Mary", "Molly") and not _same_name("Ama", "Anna")
    girls = {p.given_name for p in people if p.sex == "F"}
    assert not girls & {"Timothy", "Robert", "William", "Edward"}


def test_referral_errors_happen_and_clean_profile_has_none():
    gen = Generator(4)
    person = gen.population(1)[0]
    noisy = [gen.referral_record(person, str(i)) for i in range(300)]
    assert len({(r["given_name"], r["family_name"], r["date_of_birth"]) for r in noisy}) > 20
    clean = Generator(4)
    person = clean.population(1)[0]
    records = [clean.referral_record(person, str(i), CLEAN) for i in range(50)]
    assert {r["date_of_birth"].replace("/", "-") for r in records} <= {
        person.date_of_birth.isoformat(),
        person.date_of_birth.strftime("%d-%m-%Y"),
    }


def test_link_datasets_overlap(tmp_path):
    left, right = Generator(9).link_datasets(200, 100, overlap=0.5)
    assert len(left) == 200 and len(right) == 100
    known = {r["cluster_id"] for r in left}
    assert sum(r["cluster_id"] in known for r in right) == 50
    path = tmp_path / "left.csv"
    write_csv(left, path)
    with open(path, newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == [*COLUMNS, "cluster_id"]
    assert read_csv(path)[0]["id"] == left[0]["id"]
