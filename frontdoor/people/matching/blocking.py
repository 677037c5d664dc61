"""Blocking keys: cheap values that a database keeps in indexed columns so that a candidate query finds
every plausible match without comparing against everyone.

``blocking_keys(record)`` gives the basic keys; ``candidate_keys(record)`` combines them into one string per
rule in :data:`BLOCKING_RULES`. A candidate query ORs the rules together::

    SELECT ... FROM person WHERE
        block_nhs = %(block_nhs)s OR block_upn = %(block_upn)s OR block_names = %(block_names)s
        OR block_dob_given = %(block_dob_given)s OR ...

(a rule whose key is ``None`` for the incoming record is left out). Each ``block_*`` value is a single
string, so each rule is one equality on one indexed column: portable between SQLite and PostgreSQL.

Which error each rule survives:

==================  =====================================================================================
rule                still finds the person when ...
==================  =====================================================================================
nhs                 anything else is wrong (NHS number known on both sides)
upn                 anything else is wrong (UPN known on both sides)
names               date of birth wrong, partial or missing; moved house; first and last names swapped
                    (the two phonetic name keys are sorted); nickname (given key is the nickname group)
dob_given           family name misspelt or changed (marriage, step-family); day and month transposed
                    (the date key ignores the order of day and month); moved house
dob_family          given name misspelt, a nickname outside the table, or only an initial; day/month
                    transposed; moved house
dob_initial         given name misspelt or only an initial and family name changed; day/month transposed
dob_postcode        both names misspelt or changed, same area (postcode sector)
given_postcode      family name changed and date of birth wrong or missing, still in the same sector
family_year         given name unusable and date of birth has a typo in the day or month
family_postcode     given name unusable (initial, heavy typo) and date of birth wrong, same postcode
dob                 both names changed, misspelt or swapped with a typo (date of birth exact or day/month
                    transposed; ignores the order of day and month)
address             names misspelt and date of birth missing or wrong, at the same first line of address
                    (postcode missing or mistyped)
==================  =====================================================================================

Names in a script we cannot sound out (Chinese, Arabic ...) are their own key even when one character
long (a single Latin letter is only an initial and has no key).
"""

from __future__ import annotations

from .normalise import is_latin, nicknames, phonetic_key, squash
from .record import Prepared, Record, prepare

#: Basic keys (each may be None).
KEYS = (
    "nhs_number",
    "upn",
    "given_ph",
    "family_ph",
    "names_ph",
    "dob",
    "dob_unordered",
    "dob_year_month",
    "birth_year",
    "given_initial",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "address",
)

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
    "dob": ("dob_unordered",),
    "address": ("address",),
}


def _name_key(text: str) -> str | None:
    key = phonetic_key(text)
    if key is None and text and not is_latin(text):
        return squash(text)  # a one-character name in a non-Latin script is a whole name, not an initial
    return key


def _given_key(p: Prepared) -> str | None:
    if p.given is None:
        return None
    # First given name, mapped to its nickname group so that Bob and Robert share a key.
    return _name_key(p.given.canonical)


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


def blocking_keys(record: Record | Prepared) -> dict[str, str | None]:
    """The basic blocking keys of a record (see :data:`KEYS`)."""
    p = record if isinstance(record, Prepared) else prepare(record)
    given = _given_key(p)
    family = _family_key(p)
    token = _family_token(p)
    # Order-free pair of name keys (both through the nickname groups) survives first/last name swaps.
    family_canonical = _name_key(nicknames().canonical_form(token)) if token else None
    names = "|".join(sorted((given, family_canonical))) if given and family_canonical else None
    initial = p.given.flat[0] if p.given is not None else None
    dob = p.dob
    full = dob is not None and dob.is_full
    return {
        "nhs_number": p.nhs_number,
        "upn": p.upn,
        "given_ph": given,
        "family_ph": family,
        "names_ph": names,
        "dob": dob.iso() if dob is not None and full else None,
        "dob_unordered": (
            f"{dob.year:04d}-{min(dob.month, dob.day):02d}-{max(dob.month, dob.day):02d}"  # type: ignore[type-var]
            if dob is not None and full
            else None
        ),
        "dob_year_month": f"{dob.year:04d}-{dob.month:02d}" if dob is not None and dob.month else None,
        "birth_year": f"{dob.year:04d}" if dob is not None else None,
        "given_initial": initial,
        "postcode": p.postcode.full if p.postcode else None,
        "postcode_sector": p.postcode.sector if p.postcode else None,
        "postcode_district": p.postcode.district if p.postcode else None,
        "address": p.address[:ADDRESS_KEY_LENGTH] if p.address else None,
    }


def candidate_keys(record: Record | Prepared) -> dict[str, str | None]:
    """One combined key per rule in :data:`BLOCKING_RULES` (``None`` when any part is missing)."""
    keys = blocking_keys(record)
    out: dict[str, str | None] = {}
    for rule, parts in BLOCKING_RULES.items():
        values = [keys[k] for k in parts]
        out[rule] = "|".join(v for v in values if v) if all(values) else None
    return out


def share_a_key(a: Record | Prepared, b: Record | Prepared) -> list[str]:
    """The rules under which two records would meet as candidates."""
    ka = candidate_keys(a)
    kb = candidate_keys(b)
    return [rule for rule in BLOCKING_RULES if ka[rule] is not None and ka[rule] == kb[rule]]
