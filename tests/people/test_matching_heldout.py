"""Linkage on files the matcher was not tuned on: batch blocking that survives a slip in every field, the
held-out corruption models, and re-estimating the model on the files (issue 19)."""

import math
from collections import Counter

import pytest

from frontdoor.people.matching.batch_blocking import dob_pieces, piece_keys, postcode_pieces
from frontdoor.people.matching.blocking import share_a_key
from frontdoor.people.matching.comparisons import COMPARISONS
from frontdoor.people.matching.corruption import PROFILES, PUBLISHED, dedupe_file, febrl_position, link_files
from frontdoor.people.matching.estimate import DISAGREEMENT_TRUST_BITS, TRUST_BITS, estimate
from frontdoor.people.matching.linking import blocking_recall, dedupe, link
from frontdoor.people.matching.params import load_params

ANNA = {"id": "A1", "given_name": "Annabel", "family_name": "Thornton", "date_of_birth": "2014-03-07",
        "address_line_1": "12 Oakfield Road", "postcode": "LS6 2ZX"}  # fmt: skip
# One keyboard slip in every field: no stored rule meets it (no sound, date, postcode or line agrees).
SLIPPED = {"id": "B1", "given_name": "Snnabel", "family_name": "Thprnton", "date_of_birth": "2014-04-07",
           "address_line_1": "12 Oakfiels Road", "postcode": "LS6 2ZC"}  # fmt: skip


def test_a_pair_with_a_slip_in_every_field_is_still_a_candidate():
    assert share_a_key(ANNA, SLIPPED) == []
    shared = set(piece_keys(ANNA)) & set(piece_keys(SLIPPED))
    assert {rule for rule, _ in shared} >= {"pc_names", "pc_dob", "pc_post", "pc_addr"}
    fillers = [
        {"id": f"F{i}", "given_name": "Zed", "family_name": f"Quill{i}", "date_of_birth": "1990-01-01"}
        for i in range(50)
    ]
    assert blocking_recall([ANNA, *fillers], [SLIPPED], {("A1", "B1")}) == 1.0
    assert [(a, b) for a, b, _ in link([ANNA, *fillers], [SLIPPED], threshold=0.0).pairs] == [("A1", "B1")]


def test_pieces_are_read_from_the_text_as_written_when_it_will_not_parse():
    assert dob_pieces("19T6-12-12") == ("y:19t6", "d:12-12")  # the day and month survived the OCR
    assert dob_pieces("07/03/2014") == ("y:2014", "d:03-07")
    assert postcode_pieces("lsz 1gg") == ("o:lsz", "i:1gg")


def test_one_shared_piece_is_not_enough_to_be_compared():
    """Annabel born in 2014 and Anthony born in 2014 share the pieces "an" and 2014 and nothing else."""
    other = {"id": "X", "given_name": "Anthony", "family_name": "Moss", "date_of_birth": "2014-11-30"}
    shared = set(piece_keys(ANNA)) & set(piece_keys(other))
    assert len(shared) == 1
    assert link([ANNA], [other], threshold=0.0).stats.candidate_pairs == 0


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_every_held_out_profile_damages_records_and_keeps_the_truth(profile):
    left, right, truth = link_files(profile, 300, seed=5)
    assert len(left) == len(right) == len(truth) == 300
    by_id = {r["id"]: r for r in right}
    changed = sum(
        by_id[b] != {**a, "id": b} for a, b in ((next(x for x in left if x["id"] == a), b) for a, b in truth)
    )
    assert changed > 150, "most copies carry at least one mistake"
    records, pairs = dedupe_file(profile, 300, seed=5)
    assert len(records) == 300 and len({r["id"] for r in records}) == 300
    assert all(a < b for a, b in pairs) and len(pairs) >= 60


def test_the_published_model_places_errors_around_the_middle_of_a_value():
    import random

    rng = random.Random(1)
    positions = Counter(febrl_position("abcdefghij", rng) for _ in range(5000))
    assert positions[5] > positions[1] > positions[0] and positions[5] > positions[9]
    assert {"febrl"} == PUBLISHED


def test_estimation_recovers_a_known_mixture():
    """2,000 candidate pairs, a fifth of them one person: matches agree on date of birth 90% of the time, on
    given name 80% and family name 85%; non-matches 5%, 10% and 8%, independently. EM from the committed
    parameters finds the share and the rates, its weights held within a few bits of the trained ones."""
    from itertools import product

    params = load_params()
    names = [c.name for c in COMPARISONS]
    rates = {"date_of_birth": (0.9, 0.05), "given_name": (0.8, 0.1), "family_name": (0.85, 0.08)}
    patterns: Counter = Counter()
    for agree in product((True, False), repeat=3):
        levels = [None] * len(COMPARISONS)
        m = u = 1.0
        for (name, (m_rate, u_rate)), same in zip(rates.items(), agree, strict=True):
            levels[names.index(name)] = "exact" if same else "different"
            m *= m_rate if same else 1 - m_rate
            u *= u_rate if same else 1 - u_rate
        patterns[tuple(levels)] = 400 * m + 1600 * u
    estimated, notes = estimate(params, patterns, prior=0.5)
    assert notes["share_matching"] == pytest.approx(0.2, abs=0.02)
    for name, (m_rate, u_rate) in rates.items():
        fitted, trained = estimated.comparisons[name]["exact"], params.comparisons[name]["exact"]
        assert fitted.m == pytest.approx(m_rate, abs=0.03)
        # u: the data's own rate, unless that would move the weight more than TRUST_BITS from the trained one
        assert fitted.weight == pytest.approx(
            max(min(math.log2(m_rate / u_rate), trained.weight + TRUST_BITS), trained.weight - TRUST_BITS),
            abs=0.3,
        )


def test_an_address_no_match_differs_on_counts_for_more_than_the_trust_region():
    """Nobody in the file moved: no match has a different address. In de-duplication "different", the last level, may fall
    further than TRUST_BITS below the trained weight (its m is read off every match); no further than
    DISAGREEMENT_TRUST_BITS, and agreement stays within TRUST_BITS."""
    params = load_params()
    names = [c.name for c in COMPARISONS]

    def pattern(dob: str, address: str) -> tuple:
        levels: list = [None] * len(COMPARISONS)
        levels[names.index("date_of_birth")], levels[names.index("address")] = dob, address
        return tuple(levels)

    patterns: Counter = Counter(
        {pattern("exact", "same_address"): 400, pattern("far_apart", "different"): 1600}
    )
    estimated, _ = estimate(params, patterns, prior=0.2, disagreement_bits=DISAGREEMENT_TRUST_BITS)
    fitted, trained = estimated.comparisons["address"], params.comparisons["address"]
    assert trained["different"].weight - DISAGREEMENT_TRUST_BITS - 1e-6 <= fitted["different"].weight
    assert fitted["different"].weight < trained["different"].weight - TRUST_BITS - 0.5
    for level in ("same_address", "sector"):
        assert abs(fitted[level].weight - trained[level].weight) <= TRUST_BITS + 1e-6


def test_estimating_on_an_agency_file_finds_more_of_its_people():
    left, right, truth = link_files("keyboard", 1500, seed=7)
    fixed = {(a, b) for a, b, _ in link(left, right).pairs}
    estimated_run = link(left, right, estimate=True)
    estimated = {(a, b) for a, b, _ in estimated_run.pairs}
    assert estimated_run.stats.estimated["iterations"] >= 1
    assert len(estimated & truth) > len(fixed & truth)
    assert len(estimated - truth) <= 0.01 * len(estimated)


def test_a_small_file_is_never_re_estimated():
    result = dedupe([ANNA, {**SLIPPED, "id": "A2"}], estimate=True, threshold=0.0)
    assert result.stats.estimated == {}
