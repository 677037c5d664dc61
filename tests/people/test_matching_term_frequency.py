"""Term-frequency adjustment of names (params format 2, ``params/v4.json``) and the blocking rules added with
it."""

import json

import pytest

from frontdoor.people.matching.blocking import share_a_key
from frontdoor.people.matching.params import PARAMS_DIR, Params, ParamsError, load_params
from frontdoor.people.matching.scoring import COMMON_NAME, TWINS, UNCOMMON_NAME, score
from frontdoor.people.matching.training import term_frequencies

PAIR = {"given_name": "Oliver", "date_of_birth": "2014-03-07", "sex": "M"}


def most_common(table: str) -> str:
    params = load_params()
    return min(params.tf_weights[table], key=lambda k: params.tf_weights[table][k])


def test_default_parameters_have_term_frequencies_and_a_file_without_them_still_loads():
    params = load_params()
    assert params.version == "v4"
    assert set(params.tf_weights) == {"given_name", "family_name"}
    data = json.loads((PARAMS_DIR / "v4.json").read_text(encoding="utf-8"))
    del data["term_frequencies"]
    assert Params.from_dict({**data, "format_version": 1}).tf_weights == {}


def test_a_common_family_name_counts_for_less_than_a_rare_one():
    common = most_common("family_name")
    rare = "Quillfeather"  # not in the training population: the fallback frequency of a name seen once
    params = load_params()
    assert params.tf_adjustment("family_name", common) < 0 < params.tf_adjustment("family_name", rare.lower())
    a, b = {**PAIR, "family_name": common.title()}, {**PAIR, "family_name": rare}
    common_result = score({**a, "id": "1"}, {**a, "id": "2"})
    rare_result = score({**b, "id": "1"}, {**b, "id": "2"})
    assert common_result.match_weight < rare_result.match_weight
    assert common_result.probability < rare_result.probability
    assert any(r.level == COMMON_NAME and r.field == "Family name" for r in common_result.reasons)
    assert any(r.level == UNCOMMON_NAME and r.field == "Family name" for r in rare_result.reasons)
    # The field's own reason keeps its plain wording; the frequency is a reason of its own.
    assert "Family name: the same" in [r.level_label for r in common_result.reasons]
    # Weights still add up to the match weight.
    total = params.prior_weight + sum(r.weight for r in common_result.reasons)
    assert common_result.match_weight == pytest.approx(total)


def test_a_common_given_name_counts_for_less_than_a_rare_one():
    common = most_common("given_name")
    base = {"family_name": "Hughes", "date_of_birth": "2014-03-07"}
    common_result = score(
        {**base, "id": "1", "given_name": common}, {**base, "id": "2", "given_name": common}
    )
    rare_result = score(
        {**base, "id": "1", "given_name": "Zebedeus"}, {**base, "id": "2", "given_name": "Zebedeus"}
    )
    assert common_result.match_weight < rare_result.match_weight


def test_exact_agreement_never_counts_for_less_than_a_near_miss():
    params = load_params()
    for name in ("given_name", "family_name"):
        levels = params.comparisons[name]
        best_weaker = max(lv.weight for key, lv in levels.items() if key != "exact")
        for weight in [*params.tf_weights[name].values(), params.tf_fallback[name]]:
            assert levels["exact"].weight + weight >= best_weaker - 1e-9


def test_twins_with_a_rare_family_name_get_no_rarity_bonus():
    twin_a = {"id": "1", "given_name": "Harry", "family_name": "Quillfeather", "date_of_birth": "2015-06-01",
              "address_line_1": "3 Mill Lane", "postcode": "LS6 2ZX"}  # fmt: skip
    twin_b = {**twin_a, "id": "2", "given_name": "Oscar"}
    result = score(twin_a, twin_b)
    levels = {r.level for r in result.reasons}
    assert TWINS in levels
    assert UNCOMMON_NAME not in levels and COMMON_NAME not in levels
    assert result.probability < 0.1


def test_term_frequencies_are_shares_of_training_records():
    records = [
        {"id": str(i), "given_name": g, "family_name": f}
        for i, (g, f) in enumerate([("Amy", "Smith"), ("amy", "Smith"), ("Ben", "Smith"), ("Cara", "Jones")])
    ]
    tf = term_frequencies(records)
    assert tf["family_name"]["values"] == {"smith": 0.75}  # names seen once are left to the fallback
    assert tf["family_name"]["fallback"] == 0.25
    assert tf["given_name"]["values"] == {"amy": 0.5}


def test_term_frequencies_need_format_version_2():
    data = json.loads((PARAMS_DIR / "v4.json").read_text(encoding="utf-8"))
    assert data["format_version"] == 2
    Params.from_dict(data)
    with pytest.raises(ParamsError):
        Params.from_dict({**data, "format_version": 1})
    with pytest.raises(ParamsError):
        Params.from_dict({**data, "term_frequencies": {"sex": {"values": {}, "fallback": 0.1}}})


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        # Both names changed or swapped with a typo: the date of birth alone still blocks.
        ({"given_name": "Ellie", "family_name": "Van der Berg", "date_of_birth": "1999-05-16"},
         {"given_name": "Van der Berg", "family_name": "Ellie", "date_of_birth": "16/05/1999"}, "dob"),
        # Misspelt given name, no date of birth, postcode missing: the first line of address blocks.
        ({"given_name": "Christine", "family_name": "Mills", "address_line_1": "12 Cooke Avenue",
          "postcode": "BD1 6PS"},
         {"given_name": "Christnie", "family_name": "Mills", "address_line_1": "12 Cooke Ave"}, "address"),
        # One-character names in a script we cannot sound out are names, not initials.
        ({"given_name": "丽", "family_name": "李", "postcode": "LS7 6HP"},
         {"given_name": "丽", "family_name": "李", "date_of_birth": "2008-12-29"}, "names"),
    ],
)  # fmt: skip
def test_v2_blocking_rules_find_pairs_v1_missed(a, b, rule):
    assert rule in share_a_key({**a, "id": "a"}, {**b, "id": "b"})


def test_monotone_address_caps_partial_levels_at_the_full_address():
    from frontdoor.people.matching.training import monotone_address

    levels = {
        "address": {
            "same_address": {"m": 0.6, "u": 1e-3},
            "same_line": {"m": 0.1, "u": 1e-5},
            "same_postcode": {"m": 0.1, "u": 1e-1},
        }
    }
    note = monotone_address(levels, log=lambda message: None, keys=("same_line", "same_postcode"))
    assert "same_line" in note and "same_postcode" not in note
    address = levels["address"]
    assert address["same_line"]["m"] / address["same_line"]["u"] == pytest.approx(600)
    assert address["same_postcode"]["u"] == 1e-1  # already weaker: untouched
