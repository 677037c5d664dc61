"""Blocking keys: cheap values that a database keeps in indexed columns so that a candidate query finds
every plausible match without comparing against everyone.

``blocking_keys(record)`` gives the basic keys; ``candidate_keys(record)`` combines them into (rule, key)
pairs for the rules in :data:`BLOCKING_RULES` (a double-barrelled family name gives a key for its first part
and one for the whole name). The stored keys live in one table indexed on (rule, key), and a candidate query
is a union of one equality per pair: portable between SQLite and PostgreSQL.

Which error each rule survives:

==================  =====================================================================================
rule                still finds the person when ...
==================  =====================================================================================
nhs                 anything else is wrong (NHS number known on both sides)
upn                 anything else is wrong (UPN known on both sides)
names               date of birth wrong, partial or missing; moved house; first and last names swapped
                    (the two phonetic name keys are sorted); nickname (given key is the nickname group,
                    and the name's own sound too, so a misspelt "Victori" still meets Victoria)
dob_given           family name misspelt or changed (marriage, step-family); day and month transposed
                    (the date key ignores the order of day and month); moved house
dob_family          given name misspelt, a nickname outside the table, or only an initial; day/month
                    transposed; moved house
dob_initial         given name misspelt or only an initial and family name changed; day/month transposed
dob_postcode        both names misspelt or changed, same area (postcode sector)
given_postcode      family name changed and date of birth wrong or missing, still in the same sector
family_year         given name unusable and date of birth has a typo in the day or month
family_postcode     given name unusable (initial, heavy typo) and date of birth wrong, same postcode
postcode_year       both names misspelt and a slip in the day or month of birth, at the same postcode
given_birthday      family name misspelt or changed and the year of birth wrong (day and month in any order)
family_birthday     given name misspelt and the year of birth wrong, moved house
initials_month      both names misspelt (not their first letters), day of birth wrong or missing, moved;
                    also swapped with a slip ("Wood | Phillip" for Pillip Wood: the initials are sorted)
dob                 both names changed, misspelt or swapped with a typo (date of birth exact or day/month
                    transposed; ignores the order of day and month)
address             names misspelt and date of birth missing or wrong, at the same first line of address
                    (postcode missing or mistyped)
given_famstart      date of birth missing and moved house, family name misspelt after its third letter
                    ("Nicole Evand" for Nicole Evans) or run together ("BarnesJones" for Barnes)
family_givstart     date of birth missing and moved house, given name misspelt after its second letter
                    ("Dabielle Moore" for Danielle Moore)
initials_sector     both names misspelt, or swapped with a slip ("Parsons | Stepanie"), date of birth
                    missing, in the same postcode sector (the two initials are sorted)
name_district       date of birth missing or wrong and a slip early in one name ("Aaeze Wilson" for Adaeze
                    Wilson), moved within the postcode district; also with the names swapped (one name's
                    sound and the other's initial, taken either way round)
==================  =====================================================================================

Names in a script we cannot sound out (Chinese, Arabic ...) are their own key even when one character
long (a single Latin letter is only an initial and has no key).
"""

from __future__ import annotations

from .normalise import is_latin, nicknames, phonetic_key, squash
from .record import Prepared, Record, prepare

#: The basic keys, each with what agreement on it says about the person. Candidates are ranked before scoring
#: by how many different things agree (a namesake meets under many name rules, but all say "same name").
KEY_EVIDENCE: dict[str, tuple[str, ...]] = {
    "nhs_number": ("identifier",),
    "upn": ("identifier",),
    "given_ph": ("given",),
    "family_ph": ("family",),
    "names_ph": ("given", "family"),
    "dob": ("year", "birthday"),
    "dob_unordered": ("year", "birthday"),
    "dob_year_month": ("year",),
    "birth_year": ("year",),
    "given_initial": (),
    "family_initial": (),
    "initials": (),
    "name_initial": (),
    "birthday": ("birthday",),
    "postcode": ("place",),
    "postcode_sector": ("place",),
    "postcode_district": ("place",),
    "address": ("place",),
    "given_start": ("given",),
    "family_start": ("family",),
}
KEYS = tuple(KEY_EVIDENCE)

#: The stored key column holds 160 characters; a first line of address is cut to this length.
ADDRESS_KEY_LENGTH = 120

#: Candidate rules: each is an AND of basic keys, and a candidate query ORs the rules.
BLOCKING_RULES: dict[str, tuple[str, ...]] = {
    "nhs": ("nhs_number",),
    "upn": ("upn",),
    "names": ("names_ph",),
    "dob_given": ("dob_unordered", "given_ph"),
    "dob_family": ("dob_unordered", "family_ph"),
    "dob_initial": ("dob_unordered", "given_initial"),
    "dob_postcode": ("dob", "postcode_sector"),
    "given_postcode": ("given_ph", "postcode_sector"),
    "family_year": ("family_ph", "birth_year"),
    "family_postcode": ("family_ph", "postcode"),
    "postcode_year": ("postcode", "birth_year"),
    "given_birthday": ("given_ph", "birthday"),
    "family_birthday": ("family_ph", "birthday"),
    "initials_month": ("initials", "dob_year_month"),
    "dob": ("dob_unordered",),
    "address": ("address",),
    "given_famstart": ("given_ph", "family_start"),
    "family_givstart": ("family_ph", "given_start"),
    "initials_sector": ("initials", "postcode_sector"),
    "name_district": ("name_initial", "postcode_district"),
}

#: What a candidate found under each rule agrees on.
RULE_EVIDENCE: dict[str, frozenset[str]] = {
    rule: frozenset(e for part in parts for e in KEY_EVIDENCE[part]) for rule, parts in BLOCKING_RULES.items()
}


def _name_key(text: str) -> str | None:
    key = phonetic_key(text)
    if key is None and text and not is_latin(text):
        return squash(text)  # a one-character name in a non-Latin script is a whole name, not an initial
    return key


def _given_keys(p: Prepared) -> tuple[str, ...]:
    if p.given is None:
        return ()
    # First given name mapped to its nickname group, so that Bob and Robert share a key; and its own sound,
    # so that a slip in a name of the table ("Victori") still meets it.
    return _present(_name_key(p.given.canonical), _name_key(p.given.first))


_PARTICLES = frozenset(
    {"da", "de", "del", "della", "di", "do", "dos", "du", "van", "von", "der", "den", "le", "la", "mc", "mac",
     "al", "el", "bin", "ben", "ibn", "ni", "nic", "o", "ua", "st"}
)  # fmt: skip


def _family_token(p: Prepared) -> str | None:
    """The first significant part of the family name ("da silva" -> "silva", "smith jones" -> "smith")."""
    if p.family is None:
        return None
    tokens = [t for t in p.family.tokens if t not in _PARTICLES] or list(p.family.tokens)
    return tokens[0]


def _family_key(p: Prepared) -> str | None:
    token = _family_token(p)
    return _name_key(token) if token else None


def _family_variants(p: Prepared) -> list[str]:
    """The family name as blocked on: its first significant part and, for a name of several parts, the whole
    name run together (so "Turner-Bennett" meets "TurnerBennett", written with or without the hyphen)."""
    token = _family_token(p)
    if p.family is None or token is None:
        return []
    return [token] if len(p.family.tokens) == 1 else [token, p.family.flat]


def _present(*values: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def blocking_keys(record: Record | Prepared) -> dict[str, tuple[str, ...]]:
    """The basic blocking keys of a record (see :data:`KEYS`): the values of each, none when missing."""
    p = record if isinstance(record, Prepared) else prepare(record)
    givens = _given_keys(p)
    families = _family_variants(p)
    # Order-free pair of name keys (both through the nickname groups) survives first/last name swaps.
    names = [
        "|".join(sorted((given, canonical)))
        for family in families
        if (canonical := _name_key(nicknames().canonical_form(family)))
        for given in givens
    ]
    initial = p.given.flat[0] if p.given is not None else None
    family_initial = families[0][0] if families else None
    # Order-free, like the names key, so that a record written surname first keeps it.
    initials = "".join(sorted(initial + family_initial)) if initial and family_initial else None
    # One name's sound with the other's initial, either way round, so that a record written surname first
    # keeps the key.
    family_sounds = _present(*(_name_key(f) for f in families))
    name_initial = [
        f"{sound}|{letter}"
        for sounds, letter in ((givens, family_initial), (family_sounds, initial))
        if letter
        for sound in sounds
    ]
    given_start = p.given.first[:2] if p.given is not None and len(p.given.first) >= 2 else None
    dob = p.dob
    full = dob is not None and dob.is_full
    # Day and month in either order, so that a transposed date keeps its keys.
    birthday = (
        f"{min(dob.month, dob.day):02d}-{max(dob.month, dob.day):02d}"  # type: ignore[type-var]
        if dob is not None and full
        else None
    )
    return {
        "nhs_number": _present(p.nhs_number),
        "upn": _present(p.upn),
        "given_ph": givens,
        "family_ph": family_sounds,
        "names_ph": _present(*names),
        "dob": _present(dob.iso() if dob is not None and full else None),
        "dob_unordered": _present(f"{dob.year:04d}-{birthday}" if dob is not None and birthday else None),
        "dob_year_month": _present(
            f"{dob.year:04d}-{dob.month:02d}" if dob is not None and dob.month else None
        ),
        "birth_year": _present(f"{dob.year:04d}" if dob is not None else None),
        "given_initial": _present(initial),
        "family_initial": _present(family_initial),
        "initials": _present(initials),
        "name_initial": _present(*name_initial),
        "given_start": _present(given_start),
        "family_start": _present(*(f[:3] for f in families if len(f) >= 2)),
        "birthday": _present(birthday),
        "postcode": _present(p.postcode.full if p.postcode else None),
        "postcode_sector": _present(p.postcode.sector if p.postcode else None),
        "postcode_district": _present(p.postcode.district if p.postcode else None),
        "address": _present(p.address[:ADDRESS_KEY_LENGTH] if p.address else None),
    }


def candidate_keys(record: Record | Prepared) -> list[tuple[str, str]]:
    """The (rule, key) pairs a record is found under: for each rule of :data:`BLOCKING_RULES`, one combined
    key per combination of its parts' values (none when a part is missing)."""
    return combined_keys(blocking_keys(record))


def combined_keys(keys: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """:func:`candidate_keys` from a record's :func:`blocking_keys`."""
    out: list[tuple[str, str]] = []
    for rule, parts in BLOCKING_RULES.items():
        # One or two parts (a batch run makes millions of these): written out, in the general loop's order.
        if len(parts) == 1:
            out.extend([(rule, v) for v in keys[parts[0]] if v])
            continue
        if len(parts) == 2:
            first = keys[parts[0]]
            if first:
                second = keys[parts[1]]
                out.extend([(rule, f"{x}|{y}" if x else y) for x in first for y in second if x or y])
            continue
        combined = [""]
        for part in parts:
            combined = [f"{c}|{v}" if c else v for c in combined for v in keys[part]]
        out.extend((rule, key) for key in combined if key)
    return out


def share_a_key(a: Record | Prepared, b: Record | Prepared) -> list[str]:
    """The rules under which two records would meet as candidates."""
    shared = {rule for rule, _ in set(candidate_keys(a)) & set(candidate_keys(b))}
    return [rule for rule in BLOCKING_RULES if rule in shared]
