import pytest

from frontdoor.people.matching.blocking import BLOCKING_RULES, blocking_keys, candidate_keys, share_a_key

BASE = {
    "id": "a",
    "given_name": "Robert",
    "family_name": "Hughes",
    "date_of_birth": "2014-03-07",
    "sex": "M",
    "address_line_1": "12 Oak Road",
    "postcode": "LS6 2ZX",
}


def variant(**changes):
    return {**BASE, "id": "b", **changes}


def test_keys_are_strings_or_none_and_cover_every_rule():
    keys = blocking_keys(BASE)
    assert all(isinstance(v, str) for values in keys.values() for v in values)
    assert keys["dob"] == ("2014-03-07",)
    assert keys["dob_unordered"] == ("2014-03-07",)
    assert keys["postcode_sector"] == ("LS6 2",)
    assert {rule for rule, _ in candidate_keys(BASE)} == set(BLOCKING_RULES) - {"nhs", "upn"}


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"given_name": "Robret"}, id="given typo"),
        pytest.param({"family_name": "Hughs"}, id="family typo"),
        pytest.param({"given_name": "Bob"}, id="nickname"),
        pytest.param({"date_of_birth": "2014-07-03"}, id="day/month transposed"),
        pytest.param({"given_name": "Hughes", "family_name": "Robert"}, id="first/last swapped"),
        pytest.param({"date_of_birth": "2014-03"}, id="partial date"),
        pytest.param({"date_of_birth": ""}, id="no date"),
        pytest.param({"address_line_1": "4 Elm Street", "postcode": "BD1 1AA"}, id="moved house"),
        pytest.param({"family_name": "Okafor"}, id="new family name"),
        pytest.param({"family_name": "Hughes-Okafor"}, id="double-barrelled"),
        pytest.param({"given_name": "R"}, id="initial only"),
        pytest.param({"given_name": "R", "date_of_birth": "2013-03-07"}, id="initial and year wrong"),
        pytest.param({"family_name": "Okafor", "date_of_birth": ""}, id="new family name, no date"),
        pytest.param(
            {"family_name": "Hugehs", "date_of_birth": "2013-03-07", "address_line_1": "", "postcode": ""},
            id="family typo, year wrong, no address",
        ),
        pytest.param(
            {
                "given_name": "Rboert",
                "family_name": "Hughs",
                "date_of_birth": "2014-03",
                "postcode": "BD1 1AA",
            },
            id="both names misspelt, partial date, moved",
        ),
        pytest.param(
            {"given_name": "Robbie", "family_name": "Hewes", "date_of_birth": "07/03/2014"}, id="several"
        ),
    ],
)
def test_each_error_still_shares_a_blocking_key(changes):
    assert share_a_key(BASE, variant(**changes)), changes


def test_identifiers_block_alone():
    a = {**BASE, "nhs_number": "9434765919"}
    b = {"id": "b", "given_name": "Someone", "family_name": "Else", "nhs_number": "943 476 5919"}
    assert "nhs" in share_a_key(a, b)


def test_unrelated_people_share_no_key():
    other = {
        "id": "c",
        "given_name": "Aisha",
        "family_name": "Khan",
        "date_of_birth": "1990-11-20",
        "postcode": "HX1 1AA",
    }
    assert share_a_key(BASE, other) == []


def test_empty_record_has_no_keys():
    assert candidate_keys({"id": "x"}) == []


def test_a_double_barrelled_name_run_together_still_meets_with_nothing_else_known():
    known = {"id": "a", "given_name": "Julie", "family_name": "Turner-Bennett", "date_of_birth": "1982-03-22"}
    described = {"id": "b", "given_name": "Julie", "family_name": "TurnerBennett"}
    assert "names" in share_a_key(known, described)


def test_a_run_together_double_barrelled_name_written_first_still_meets():
    known = {"id": "a", "given_name": "Elaine", "family_name": "Ingram-Lewis", "postcode": "HX8 3QZ"}
    swapped = {"id": "b", "given_name": "IngramLewis", "family_name": "Elaine", "postcode": "HX8 3QZ"}
    assert "names" in share_a_key(known, swapped)


def test_both_names_misspelt_and_a_slip_in_the_day_meet_at_the_same_postcode():
    known = {"id": "a", "given_name": "John", "family_name": "Jackson", "date_of_birth": "1966-08-20",
             "address_line_1": "48 Albert Crescent", "postcode": "LS12 6HB"}  # fmt: skip
    described = {"id": "b", "given_name": "Joohn", "family_name": "Jacskon", "date_of_birth": "10/08/1966",
                 "postcode": "LS12 6HB"}  # fmt: skip
    assert "postcode_year" in share_a_key(known, described)
    assert "names" not in share_a_key(known, described)


@pytest.mark.parametrize(
    ("known", "described", "rule"),
    [
        (("Victoria", "Miah"), ("victori", "Miah"), "names"),  # a slip in a name of the nickname table
        (("Nicole", "Evans"), ("Nicole", "Evand"), "given_famstart"),
        (("Diane", "Barnes"), ("Diane", "BarnesJones"), "given_famstart"),
        (("Danielle", "Moore"), ("Dabielle", "Moore"), "family_givstart"),
        (("Stephanie", "Parsons"), ("Parsons", "STEPANIE"), "initials_sector"),
        (("Muhammad", "Scott"), ("Muhammad", "Sccott"), "names"),
        (("Adaeze", "Wilson"), ("Aaeze", "Wilson"), "name_district"),
        (("Kacper", "Thomas"), ("Kacper", "Thhomas"), "family_givstart"),
    ],
)
def test_no_date_of_birth_and_a_slip_in_a_name_still_meet(known, described, rule):
    """The referrer knows no date of birth, and the family has moved within the sector or is far away."""
    a = {"id": "a", "given_name": known[0], "family_name": known[1], "date_of_birth": "2013-10-28",
         "address_line_1": "153 Green Terrace", "postcode": "BD10 9NE"}  # fmt: skip
    b = {"id": "b", "given_name": described[0], "family_name": described[1], "postcode": "BD10 9QX"}
    assert rule in share_a_key(a, b)


def test_a_slip_early_in_a_name_meets_in_the_postcode_district_either_way_round():
    """No date of birth, moved within the district: one name's sound and the other's initial."""
    known = {"id": "a", "given_name": "Francois", "family_name": "WestHolmes", "date_of_birth": "1997-10-13",
             "postcode": "HD2 2QZ"}  # fmt: skip
    swapped = {"id": "b", "given_name": "Wesst Holmes", "family_name": "François", "date_of_birth": "31/02/1997",
               "postcode": "HD2"}  # fmt: skip
    assert share_a_key(known, swapped) == ["name_district"]
    elsewhere = {**swapped, "postcode": "LS6 2ZX"}
    assert share_a_key(known, elsewhere) == []


def test_swapped_names_with_a_slip_meet_on_initials_and_month_of_birth():
    known = {"id": "a", "given_name": "Phillip", "family_name": "Wood", "date_of_birth": "2012-12-31",
             "postcode": "HD6 8UR"}  # fmt: skip
    swapped = {"id": "b", "given_name": "Wood", "family_name": "Pillip", "date_of_birth": "28/12/2012",
               "postcode": "LS6 9GF"}  # fmt: skip
    assert share_a_key(known, swapped) == ["initials_month"]
