import math

import pytest

from frontdoor.people.matching.comparisons import COMPARISONS, compare_all
from frontdoor.people.matching.params import Params, load_params
from frontdoor.people.matching.record import prepare
from frontdoor.people.matching.scoring import probability_among, score

BASE = {
    "id": "a",
    "given_name": "Katherine",
    "family_name": "O'Brien",
    "date_of_birth": "2014-03-07",
    "sex": "F",
    "address_line_1": "12 Oak Road",
    "postcode": "LS6 2ZX",
}


def outcomes(a, b):
    return compare_all(prepare(a), prepare(b))[0]


def level(field, **changes):
    return outcomes(BASE, {**BASE, **changes})[field].level


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "exact"),
        ({"given_name": "KATHERINE"}, "exact"),
        ({"given_name": "Kate"}, "alias"),
        ({"given_name": "Katherine Mary"}, "exact"),  # the middle name is compared on its own
        ({"given_name": "Catherine"}, "alias"),  # spelling variants are in one group
        ({"given_name": "Katharyne"}, "phonetic"),
        ({"given_name": "Katherinx"}, "jw92"),
        ({"given_name": "Katy"}, "alias"),
        ({"given_name": "Kattie"}, "alias_typo"),  # Katie, misspelt
        ({"given_name": "Kathleem"}, "alias_typo"),  # Kathleen, misspelt
        ({"given_name": "Karherina"}, "jw80"),
        ({"given_name": "K"}, "initial"),
        ({"given_name": "Susan"}, "different"),
        ({"given_name": ""}, None),
    ],
)
def test_given_name_levels(changes, expected):
    assert level("given_name", **changes) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"family_name": "OBrien"}, "exact"),
        ({"family_name": "O Brien"}, "exact"),
        ({"family_name": "O'Brien-Smith"}, "alias"),
        ({"family_name": "OBrienSmith"}, "alias"),  # a double-barrelled name run together
        ({"family_name": "OBriens"}, "phonetic"),  # not a double-barrelled name: "s" is no name
        ({"family_name": "OBrian"}, "phonetic"),
        ({"family_name": "Obrieb"}, "jw92"),
        ({"family_name": "Khan"}, "different"),
    ],
)
def test_family_name_levels(changes, expected):
    assert level("family_name", **changes) == expected


@pytest.mark.parametrize(
    ("mine", "theirs", "expected"),
    [
        ("Katherine Mary", "Katherine Mary", "same"),
        ("Katherine Mary Jane", "Kate Jane", "same"),
        ("Katherine Mary", "Katherine Marry", "similar"),
        ("Katherine M", "Katherine Mary", "similar"),
        ("Katherine Mary", "Katherine Louise", "different"),
        ("Katherine Mary", "Katherine", None),  # one record gives no middle name
        ("Katherine Mary", "Mary", None),  # known by her middle name, and no other name to compare
        ("Laura Barbara", "Barbara Julia", "different"),  # the names left over differ
    ],
)
def test_middle_name_levels(mine, theirs, expected):
    assert (
        outcomes({**BASE, "given_name": mine}, {**BASE, "given_name": theirs})["middle_names"].level
        == expected
    )


def test_no_middle_name_is_not_reported_as_missing():
    """Most people have no middle name: staff are not told it is "not on both records"."""
    reasons = score(BASE, {**BASE, "date_of_birth": ""}).reasons
    assert "Date of birth: not given on both records" in [r.level_label for r in reasons]
    assert not [r for r in reasons if r.field == "Middle names"]


def test_sisters_with_each_others_middle_name_are_kept_apart():
    laura = {**BASE, "given_name": "Laura Barbara", "family_name": "Potts", "date_of_birth": "2017-06-26"}
    barbara = {**BASE, "given_name": "Barbara Julia", "family_name": "POTTS", "date_of_birth": "10/11/2021"}
    result = score(laura, barbara)
    assert result.probability < load_params().threshold
    assert "Middle names: different" in result.explanation


def test_a_shared_middle_name_links_a_child_whose_family_name_changed():
    known = {"given_name": "Damian Kacper", "family_name": "Hamilton", "date_of_birth": "2021-07-30", "sex": "M",
             "address_line_1": "Flat 18, 39 Victoria Grove", "postcode": "HD12 9GS"}  # fmt: skip
    described = {"given_name": "Damia Kacper", "family_name": "Hayes", "date_of_birth": "30/07/2021", "sex": "M",
                 "postcode": "WF5 8ST"}  # fmt: skip
    result = score(known, described)
    assert result.probability >= load_params().threshold
    assert "Middle names: the same" in result.explanation


def test_names_written_the_wrong_way_round_weigh_as_often_as_they_occur_the_right_way_round():
    """Hussain is a common family name, not a rare given name, wherever the referrer wrote it."""

    def name_frequency(a, b):
        return sorted(r.weight for r in score(a, b).reasons if r.level in ("common_name", "uncommon_name"))

    usual = {"given_name": "Zainab", "family_name": "Hussain"}
    written_first = {"given_name": "Hussain", "family_name": "Zainab"}
    assert name_frequency(written_first, usual) == name_frequency(usual, usual)
    assert name_frequency(usual, written_first) == name_frequency(usual, usual)


def test_swapped_first_and_last_names_are_detected():
    swapped = {**BASE, "given_name": "O'Brien", "family_name": "Katherine"}
    found, is_swapped = compare_all(prepare(BASE), prepare(swapped))
    assert is_swapped
    assert found["given_name"].level == "exact"
    assert found["family_name"].level == "exact"
    result = score(BASE, swapped)
    assert any("swapped" in r.level_label for r in result.reasons)
    assert result.probability > 0.9


@pytest.mark.parametrize(
    ("swapped", "given", "family"),
    [
        ({"given_name": "O'Brien", "family_name": "Kate"}, "alias", "exact"),  # short form, surname first
        (
            {"given_name": "OBrein", "family_name": "Katherine"},
            "exact",
            "phonetic",
        ),  # surname first, misspelt
    ],
)
def test_surname_first_is_detected_with_a_short_form_or_a_slip(swapped, given, family):
    found, is_swapped = compare_all(prepare(BASE), prepare({**BASE, **swapped}))
    assert is_swapped
    assert (found["given_name"].level, found["family_name"].level) == (given, family)


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        ("07/03/2014", "exact"),
        ("2014-07-03", "transposed"),
        ("2015-03-07", "year_off_by_one"),
        ("2014-03-17", "same_year_month"),
        ("2014-03", "same_year_month"),
        ("2014-05-07", "two_of_three"),
        ("2012-01-20", "different"),
        ("1980-03-07", "far_apart"),
        ("31/02/2014", None),
        ("", None),
    ],
)
def test_date_of_birth_levels(dob, expected):
    assert level("date_of_birth", date_of_birth=dob) == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "same_address"),
        ({"address_line_1": "12 Oak Rd"}, "same_address"),
        ({"postcode": ""}, "same_line"),
        ({"address_line_1": ""}, "same_postcode"),
        ({"address_line_1": "3 Elm Road", "postcode": "LS6 2AB"}, "sector"),
        ({"address_line_1": "3 Elm Road", "postcode": "LS6 5AB"}, "district"),
        ({"address_line_1": "3 Elm Road", "postcode": "BD1 1AA"}, "different"),
        ({"address_line_1": "", "postcode": ""}, None),
    ],
)
def test_address_levels(changes, expected):
    assert level("address", **changes) == expected


def test_sex_and_identifier_levels():
    assert level("sex", sex="Female") == "same"
    assert level("sex", sex="M") == "different"
    assert level("sex", sex="Not stated") is None
    a = {**BASE, "nhs_number": "9434765919"}
    assert outcomes(a, {**a})["nhs_number"].level == "same"
    assert outcomes(a, {**a, "nhs_number": "9990000026"})["nhs_number"].level == "different"
    assert outcomes(a, {**a, "nhs_number": "9434765918"})["nhs_number"].level is None  # invalid: missing


def test_every_level_has_params_and_a_weight():
    params = load_params()
    for comp in COMPARISONS:
        for lv in comp.levels:
            assert math.isfinite(params.weight(comp.name, lv.key))
        assert params.weight(comp.name, comp.levels[0].key) > 0
        assert params.weight(comp.name, comp.levels[-1].key) < 0


def test_same_person_with_referrer_errors_matches_and_explains():
    referral = {
        "id": "b",
        "given_name": "Kate",
        "family_name": "OBrien",
        "date_of_birth": "03/07/2014",
        "sex": "",
        "address_line_1": "",
        "postcode": "ls62zx",
    }
    result = score(BASE, referral)
    assert result.probability > 0.99
    labels = [r.level_label for r in result.reasons]
    assert "Date of birth: day and month transposed" in labels
    assert "Given name: known short form (Katherine / Kate)" in labels
    assert "Sex: not given on both records" in labels
    for reason in result.reasons:
        assert reason.level_label.startswith(reason.field)
        assert reason.agreed == (reason.weight > 0)


def test_different_people_do_not_match():
    other = {
        "id": "c",
        "given_name": "Mohammed",
        "family_name": "Khan",
        "date_of_birth": "2011-09-30",
        "sex": "M",
        "address_line_1": "4 Elm Street",
        "postcode": "BD1 1AA",
    }
    result = score(BASE, other)
    assert result.probability < 0.001
    assert not any(r.agreed for r in result.reasons)


def test_identifiers_dominate():
    a = {**BASE, "nhs_number": "9434765919"}
    sibling_like = {**a, "nhs_number": "9990000026"}  # everything else agrees, valid but different NHS number
    assert score(a, sibling_like).probability < 0.5
    sparse = {"id": "b", "given_name": "Kathy", "family_name": "Smith", "nhs_number": "943 476 5919"}
    result = score(a, sparse)
    assert result.probability > 0.9
    nhs = next(r for r in result.reasons if r.field == "NHS number")
    assert nhs.agreed and nhs.weight > 10


def test_a_misspelt_short_form_says_which_form_it_is_a_slip_of():
    reason = next(r for r in score(BASE, {**BASE, "given_name": "Kattie"}).reasons if r.field == "Given name")
    assert reason.level == "alias_typo"
    assert "Katie" in reason.level_label


def test_twins_are_kept_apart():
    twin = {**BASE, "id": "t", "given_name": "Susan"}
    result = score(BASE, twin)
    assert result.probability < 0.5
    assert any("twins" in r.level_label.lower() for r in result.reasons)


def test_parent_and_child_with_the_same_name_are_kept_apart():
    parent = {**BASE, "id": "p", "date_of_birth": "1984-06-01"}
    assert score(BASE, parent).probability < 0.5


def test_empty_records_never_match():
    empty = {"id": "e", "given_name": "", "family_name": None, "postcode": "LS6 2ZX", "sex": "F"}
    result = score(BASE, empty)
    assert result.probability == 0.0
    assert result.match_weight == -math.inf
    assert score(empty, dict(empty)).probability == 0.0


def test_probability_is_consistent_with_weight():
    result = score(BASE, {**BASE, "given_name": "Kate"})
    odds = 2**result.match_weight
    assert result.probability == pytest.approx(odds / (1 + odds))
    params = load_params()
    total = params.prior_weight + sum(r.weight for r in result.reasons)
    assert result.match_weight == pytest.approx(total)


def test_a_smaller_prior_lowers_the_probability_by_the_ratio_of_prior_odds():
    params = load_params()
    namesake = score(
        BASE, {**BASE, "date_of_birth": "", "postcode": "BD7 1AA", "address_line_1": "3 Mill Lane"}
    )
    lam = params.probability_two_random_records_match
    assert probability_among(namesake, params, 2) == pytest.approx(namesake.probability)
    million = probability_among(namesake, params, 1_000_000)
    assert million < namesake.probability
    odds = [p / (1 - p) for p in (million, namesake.probability)]
    assert odds[0] / odds[1] == pytest.approx((0.5e-6 / (1 - 0.5e-6)) / (lam / (1 - lam)))


def test_params_file_is_versioned_and_valid():
    params = load_params()
    assert params.version == "v4"
    assert params.meta["trained_at"]
    assert params.meta["data"]["description"]
    assert 0 < params.probability_two_random_records_match < 1
    assert 0 < params.threshold < 1
    assert isinstance(params, Params)
