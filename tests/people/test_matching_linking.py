import pytest

from frontdoor.people.matching.linking import clusters, dedupe, link, through_others
from frontdoor.people.matching.params import SHARE_ALREADY_KNOWN, load_params

KNOWN = [
    {"id": "L1", "given_name": "Robert", "family_name": "Hughes", "date_of_birth": "2014-03-07",
     "postcode": "LS6 2ZX", "address_line_1": "12 Oak Road"},
    {"id": "L2", "given_name": "Aisha", "family_name": "Khan", "date_of_birth": "2012-11-20",
     "postcode": "BD1 1AA", "address_line_1": "4 Elm Street"},
]  # fmt: skip


def test_link_pairs_each_record_at_most_once():
    right = [
        # Same address as R2, so the two differ only in the given name (v2's address levels are not monotone:
        # postcode alone outweighs postcode and first line, which would otherwise decide between them).
        {"id": "R1", "given_name": "Bob", "family_name": "Hughes", "date_of_birth": "07/03/2014", "postcode": "LS6 2ZX",
         "address_line_1": "12 Oak Road"},
        {"id": "R2", "given_name": "Robert", "family_name": "Hughes", "date_of_birth": "2014-03-07",
         "postcode": "LS6 2ZX", "address_line_1": "12 Oak Road"},
        {"id": "R3", "given_name": "Aisha", "family_name": "Khan", "date_of_birth": "2012-11-20"},
    ]  # fmt: skip
    result = link(KNOWN, right, threshold=0.5)
    lefts = [a for a, _, _ in result.pairs]
    rights = [b for _, b, _ in result.pairs]
    assert len(lefts) == len(set(lefts))
    assert len(rights) == len(set(rights))
    assert ("L1", "R2") in {(a, b) for a, b, _ in result.pairs}  # the better of the two candidates wins
    assert ("L2", "R3") in {(a, b) for a, b, _ in result.pairs}


def test_malformed_values_are_counted_and_treated_as_missing():
    right = [
        {"id": "R1", "given_name": "Robert", "family_name": "Hughes", "date_of_birth": "31/02/2014",
         "postcode": "not a postcode", "nhs_number": "1234567890", "upn": "X1"},
        {"id": "R2"},
    ]  # fmt: skip
    result = link(KNOWN, right, threshold=0.0)
    assert result.stats.malformed == {"date_of_birth": 1, "postcode": 1, "nhs_number": 1, "upn": 1}
    assert result.stats.empty_records == 1
    assert all(b != "R2" for _, b, _ in result.pairs)
    assert "malformed" in result.stats.summary()


def test_empty_records_never_match_each_other():
    result = dedupe([{"id": "a"}, {"id": "b"}, {"id": "c", "postcode": "LS6 2ZX"}], threshold=0.0)
    assert result.pairs == []
    assert result.stats.empty_records == 3


def test_dedupe_finds_pairs_and_clusters():
    records = [
        *KNOWN,
        {"id": "D1", "given_name": "Bobby", "family_name": "Hughes", "date_of_birth": "2014-03-07", "postcode": "LS6 2ZX"},
    ]  # fmt: skip
    result = dedupe(records, threshold=0.5)
    assert {(a, b) for a, b, _ in result.pairs} == {("L1", "D1")}
    groups = clusters([r["id"] for r in records], result.pairs)
    assert groups["D1"] == groups["L1"] == "D1"
    assert groups["L2"] == "L2"


def test_progress_callback_is_called():
    calls = []
    link(KNOWN, KNOWN, threshold=0.5, progress=lambda stage, done, total: calls.append((stage, done, total)))
    assert calls[0][0] == "candidates"
    assert calls[-1][0] == "done"


def test_dedupe_with_groups_pairs_records_joined_through_another_as_a_merge_would():
    """Robert, then Robert at a new address, then Bob at that address with no date of birth: each record is
    like the next, the first and last are not alike on their own; merging the pairs would join all three."""
    records = [
        {"id": "A", "given_name": "Robert", "family_name": "Hughes", "date_of_birth": "2014-03-07",
         "postcode": "LS6 2ZX", "address_line_1": "12 Oak Road"},
        {"id": "B", "given_name": "Robert", "family_name": "Hughes", "date_of_birth": "2014-03-07",
         "postcode": "BD1 1AA", "address_line_1": "4 Elm Street"},
        {"id": "C", "given_name": "Bob", "family_name": "Hughes", "postcode": "BD1 1AA",
         "address_line_1": "4 Elm Street"},
    ]  # fmt: skip
    alone = dedupe(records)
    assert {(a, b) for a, b, _ in alone.pairs} == {("A", "B"), ("B", "C")}
    grouped = dedupe(records, groups=True)
    probability = {(a, b): p for a, b, p in grouped.pairs}
    assert set(probability) == {("A", "B"), ("B", "C"), ("A", "C")}
    assert probability["A", "C"] == min(probability["A", "B"], probability["B", "C"])
    assert grouped.stats.pairs_through_others == 1


def test_through_others_gives_the_weakest_link_of_the_strongest_chain():
    scored = [(0, 1, 0.99), (2, 3, 0.95), (1, 2, 0.9), (0, 3, 0.5)]
    implied, refused = through_others(scored)
    assert {(i, j): p for i, j, p in implied} == {(0, 2): 0.9, (1, 3): 0.9}  # 0-3 keeps its own 0.5
    assert refused == []


def test_a_link_that_would_join_two_contradicting_records_is_refused():
    scored = [(0, 1, 0.99), (2, 3, 0.95), (1, 2, 0.9), (1, 4, 0.8)]
    implied, refused = through_others(scored, contradicts=lambda x, y: {x, y} == {0, 3})
    assert refused == [(1, 2, 0.9)]
    assert {(i, j) for i, j, _ in implied} == {(0, 4)}


def test_a_record_that_fits_a_mother_and_daughter_of_one_name_joins_one_of_them():
    """Niamh Miles and her daughter Niamh Miles, each recorded twice, and a referral about one of them with no
    date of birth at a new address: the pairs alone put it with both; a merge must not make one person of a
    woman born in 1976 and a girl born in 2020."""
    home = {"family_name": "Miles", "sex": "F", "address_line_1": "30 Park Avenue", "postcode": "WF1 4HN"}
    records = [
        {"id": "M1", **home, "given_name": "Niamh Donna", "date_of_birth": "1976-01-05"},
        {"id": "M2", **home, "given_name": "Niamh", "date_of_birth": "05/01/1976"},
        {"id": "D1", **home, "given_name": "Niamh", "date_of_birth": "2020-01-28", "nhs_number": "9999951309"},
        {"id": "D2", **home, "given_name": "Niamh", "date_of_birth": "28/01/2020", "address_line_1": ""},
        {"id": "X", "given_name": "Niamh", "family_name": "Miles", "sex": "F", "postcode": "WF1 7XZ",
         "address_line_1": "31 Church Street"},
    ]  # fmt: skip
    alone = {(a, b) for a, b, _ in dedupe(records).pairs}
    assert {("M1", "X"), ("D1", "X")} <= alone or {("M2", "X"), ("D2", "X")} <= alone
    grouped = dedupe(records, groups=True)
    groups = clusters([r["id"] for r in records], grouped.pairs)
    assert groups["M1"] == groups["M2"] != groups["D1"] == groups["D2"]
    assert groups["X"] in (groups["M1"], groups["D1"])
    assert grouped.stats.links_refused >= 1
    paired = {frozenset((a, b)) for a, b, _ in grouped.pairs}
    assert not any(frozenset((m, d)) in paired for m in ("M1", "M2") for d in ("D1", "D2"))


def test_the_same_pair_is_less_likely_in_a_bigger_file():
    """Robert Hughes with no date of birth, somewhere else: among 2 known people he is probably the one known;
    among 20,000 a namesake is likelier. With a handful the training data's chance is the ceiling."""
    described = [{"id": "N1", "given_name": "Robert", "family_name": "Hughes", "postcode": "HX1 4QQ"}]
    params = load_params()
    assert params.among(2) == params
    small = link(KNOWN, described, threshold=0.0).pairs
    fillers = [{"id": f"F{i}", "given_name": "Filler", "family_name": f"Person{i}"} for i in range(19_998)]
    large = link(KNOWN + fillers, described, threshold=0.0).pairs
    assert [(a, b) for a, b, _ in small] == [(a, b) for a, b, _ in large] == [("L1", "N1")]

    def odds(p):
        return p / (1 - p)

    lam = params.probability_two_random_records_match
    assert params.among(20_000).probability_two_random_records_match == SHARE_ALREADY_KNOWN / 20_000
    assert odds(large[0][2]) / odds(small[0][2]) == pytest.approx(
        odds(SHARE_ALREADY_KNOWN / 20_000) / odds(lam)
    )
