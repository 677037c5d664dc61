import datetime as dt

import pytest

from frontdoor.people.matching import normalise as n


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("O'Brien", "obrien"),
        ("O\u2019Brien", "obrien"),
        ("D'Souza", "dsouza"),
        ("Smith-Jones", "smith jones"),
        ("  SMITH   jones ", "smith jones"),
        ("Zoë", "zoe"),
        ("José", "jose"),
        ("Łukasz", "lukasz"),
        ("Wiśniewski", "wisniewski"),
        ("Müller", "muller"),
        ("J.", "j"),
        ("Mr John Smith", "john smith"),
        ("Мария", "мария"),
        ("محمد", "محمد"),
        ("王", "王"),
        ("", None),
        ("  ", None),
        ("Unknown", None),
        (None, None),
    ],
)
def test_normalise_name(raw, expected):
    assert n.normalise_name(raw) == expected


def test_hyphen_space_and_joined_forms_squash_alike():
    forms = {n.squash(n.normalise_name(x) or "") for x in ["Smith-Jones", "Smith Jones", "SmithJones"]}
    assert forms == {"smithjones"}


def test_non_latin_names_keep_their_script_and_have_a_key():
    name = n.normalise_name("Анна")
    assert name == "анна"
    assert not n.is_latin(name)
    assert n.phonetic_key(name) == "анна"
    assert n.phonetic_keys(name) == frozenset({"RAW:анна"})


def test_one_letter_names_are_initials_without_phonetic_key():
    name = n.normalise_name("J")
    assert name == "j"
    assert n.is_initial(name)
    assert n.phonetic_key(name) is None


def test_phonetic_keys_agree_for_sound_alikes():
    assert n.phonetic_keys("smith") & n.phonetic_keys("smyth")
    assert n.phonetic_key("catherine") == n.phonetic_key("kathryn")


def test_a_doubled_key_keeps_the_blocking_sound():
    # Metaphone keeps a doubled "c" and the "h" of "thh": a slip that doubles a key would lose the key.
    assert n.phonetic_key("sccott") == n.phonetic_key("scott")
    assert n.phonetic_key("thhomas") == n.phonetic_key("thomas")
    assert n.phonetic_key("okaforr") == n.phonetic_key("okafor")


def test_nickname_table_is_large_and_symmetric():
    table = n.nicknames()
    assert table.pair_count() >= 150
    for a, b in [("bob", "robert"), ("kate", "katherine"), ("liz", "elizabeth"), ("jack", "john")]:
        assert table.are_equivalent(a, b)
        assert table.are_equivalent(b, a)
    assert not table.are_equivalent("john", "mary")
    # A name in several groups has one canonical blocking form shared with all of them.
    assert table.canonical_form("sam") == table.canonical_form("samuel") == table.canonical_form("samantha")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2015-03-04", "2015-03-04"),
        ("04/03/2015", "2015-03-04"),
        ("4.3.2015", "2015-03-04"),
        ("20150304", "2015-03-04"),
        ("2015-03", "2015-03"),
        ("03/2015", "2015-03"),
        ("2015", "2015"),
        (dt.date(2015, 3, 4), "2015-03-04"),
    ],
)
def test_parse_date(raw, expected):
    parsed = n.parse_date(raw, today=dt.date(2025, 6, 1))
    assert parsed is not None
    assert parsed.iso() == expected


@pytest.mark.parametrize(
    "raw", ["31/02/2015", "2015-02-30", "29/02/2019", "2015-13-01", "00/01/2015", "1850-01-01"]
)
def test_impossible_dates_are_malformed_and_missing(raw):
    status, parsed = n.date_status(raw, today=dt.date(2025, 6, 1))
    assert status == "malformed"
    assert parsed is None
    assert n.parse_date(raw) is None


def test_leap_day_is_fine_and_blank_is_missing():
    assert n.parse_date("29/02/2020") is not None
    assert n.date_status("") == ("missing", None)
    assert n.date_status("unknown") == ("missing", None)


def test_two_digit_years_pick_the_latest_past_century():
    assert n.parse_date("04/03/15", today=dt.date(2025, 6, 1)).year == 2015  # type: ignore[union-attr]
    assert n.parse_date("04/03/80", today=dt.date(2025, 6, 1)).year == 1980  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "full", "sector", "district"),
    [
        ("sw1a1aa", "SW1A 1AA", "SW1A 1", "SW1A"),
        ("LS6 2ZX", "LS6 2ZX", "LS6 2", "LS6"),
        (" ls6-2zx ", "LS6 2ZX", "LS6 2", "LS6"),
        ("M1 1AE", "M1 1AE", "M1 1", "M1"),
        ("LS6 OZX", "LS6 0ZX", "LS6 0", "LS6"),  # letter O typed for zero
        ("LS6", None, None, "LS6"),  # outward code only: district
    ],
)
def test_postcodes(raw, full, sector, district):
    pc = n.normalise_postcode(raw)
    assert pc is not None
    assert pc.full == full
    assert pc.sector == sector
    assert pc.district == district


@pytest.mark.parametrize("raw", ["12345", "not a postcode", "LS6 2Z"])
def test_malformed_postcodes(raw):
    assert n.postcode_status(raw) == ("malformed", None)


def test_nhs_number_mod_11():
    assert n.normalise_nhs_number("943 476 5919") == "9434765919"
    assert n.is_valid_nhs_number("9434765919")
    assert not n.is_valid_nhs_number("9434765918")  # wrong check digit
    assert not n.is_valid_nhs_number("943476591")  # nine digits
    assert not n.is_valid_nhs_number("1111111111")  # one digit repeated
    assert n.nhs_number_status("") == ("missing", None)
    assert n.nhs_number_status("94347659AB") == ("malformed", None)


def test_nhs_number_single_digit_errors_are_caught():
    good = "9434765919"
    for i in range(10):
        for d in "0123456789":
            if d != good[i]:
                assert not n.is_valid_nhs_number(good[:i] + d + good[i + 1 :])


def test_nhs_check_digit_of_ten_means_no_number():
    # 10 x 0 + ... chosen so that 11 - (sum % 11) == 10
    for body in (f"{i:09d}" for i in range(2000)):
        if n.nhs_check_digit(body) is None:
            assert all(not n.is_valid_nhs_number(body + str(d)) for d in range(10))
            break
    else:  # pragma: no cover
        pytest.fail("no body without a check digit found")


def test_upn_format_and_check_letter():
    body = "380123415001"
    letter = n.upn_check_letter(body)
    assert letter not in "IOS"
    upn = letter + body
    assert n.normalise_upn(upn) == upn
    assert n.normalise_upn(upn.lower()) == upn
    wrong = ("A" if letter != "A" else "B") + body
    assert n.upn_status(wrong) == ("malformed", None)
    assert n.upn_status(wrong, check_letter=False) == ("ok", wrong)
    # Temporary UPN: eleven digits and a letter
    temp_body = "38012341500A"
    temp = n.upn_check_letter(temp_body) + temp_body
    assert n.normalise_upn(temp) == temp
    assert n.upn_status("A12345") == ("malformed", None)
    assert n.upn_status("UN2") == ("missing", None)


def test_sex():
    assert n.normalise_sex("Male") == "M"
    assert n.normalise_sex("b) Female") == "F"
    assert n.normalise_sex("U") is None
    assert n.normalise_sex("Not stated") is None


def test_address_line():
    assert n.normalise_address_line("12a High St.") == "12a high street"
    assert n.house_number("flat 2 14a acacia road") == "2"
