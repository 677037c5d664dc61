"""Held-out error profiles for person linkage: corruption models the matcher was never tuned on.

Each profile turns a clean person record into the record another agency would hold of them. None of them
shares code with ``frontdoor.people.matching.synthetic`` (the generator the parameters were trained on):

=============  ==========================================================================================
profile        corruption model
=============  ==========================================================================================
febrl          the FEBRL generator's duplicate model, written from its papers (Christen 2005, "Probabilistic
               data generation for deduplication and data linkage"; Christen and Pudjijono 2009,
               "Accurate synthetic generation of realistic personal information"): up to five
               modifications a record, at most two a field, each field chosen by a selection
               probability, each modification by a probability per kind (insert, delete, substitute,
               transpose a character, a space inserted or removed, a value missing, a misspelling, an OCR
               or keyboard slip, given and family name swapped); the position of a character error
               drawn from a normal distribution around the middle of the value, as FEBRL does
keyboard       a QWERTY neighbour typed for, or beside, a letter or digit: one or two slips in every field
ocr            optical character recognition of a paper form: rn/m, cl/d, li/h, 0/O, 1/l/I, 5/S, 8/B ...
               in names, dates, address and postcode
phonetic       names written down as heard: ph/f, ck/k, c/k, y/ie, double letters, silent letters, vowel
               swaps; the rest of the record mostly intact
missing_moves  values missing (up to 20% a field), day and month swapped, given and family name swapped,
               a house move (another address and postcode in the same town or elsewhere)
=============  ==========================================================================================

Clean people come from a population of the synthetic generator, each given their own address (the files
are of individuals, like FEBRL's, not of households), and only the fields that such files carry: given name,
family name, date of birth (YYYY-MM-DD), first line of address, town, postcode.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from .synthetic import Generator

FIELDS = ("given_name", "family_name", "date_of_birth", "address_line_1", "town", "postcode")

Record = dict[str, str]
Corrupt = Callable[[Record, random.Random, "Pool"], Record]

# ---------------------------------------------------------------------------------------------------------
# Character-level errors
# ---------------------------------------------------------------------------------------------------------

_QWERTY = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"]
KEYBOARD: dict[str, str] = {}
for _r, _row in enumerate(_QWERTY):
    for _c, _ch in enumerate(_row):
        near = []
        for dr in (-1, 0, 1):
            rr = _r + dr
            if 0 <= rr < len(_QWERTY):
                for dc in (-1, 0, 1):
                    cc = _c + dc
                    if (dr, dc) != (0, 0) and 0 <= cc < len(_QWERTY[rr]):
                        near.append(_QWERTY[rr][cc])
        KEYBOARD[_ch] = "".join(near)

#: OCR confusions (one way; applied both ways).
_OCR_PAIRS = [
    ("m", "rn"), ("d", "cl"), ("h", "li"), ("w", "vv"), ("o", "0"), ("O", "0"), ("l", "1"), ("I", "1"),
    ("i", "l"), ("s", "5"), ("S", "5"), ("B", "8"), ("b", "6"), ("g", "9"), ("q", "9"), ("z", "2"),
    ("Z", "2"), ("e", "c"), ("a", "o"), ("u", "v"), ("n", "h"), ("t", "f"), ("E", "F"), ("1", "7"),
    ("3", "8"), ("5", "6"), ("0", "8"), ("G", "6"), ("D", "O"), ("T", "7"), ("A", "4"),
]  # fmt: skip
OCR: dict[str, list[str]] = {}
for _a, _b in _OCR_PAIRS:
    OCR.setdefault(_a, []).append(_b)
    OCR.setdefault(_b, []).append(_a)

#: Spelling as heard: (written, heard as), applied either way round.
_PHONETIC = [
    ("ph", "f"), ("ck", "k"), ("c", "k"), ("ie", "y"), ("ey", "y"), ("ee", "ea"), ("ou", "ow"), ("s", "z"),
    ("th", "t"), ("wh", "w"), ("gh", ""), ("kn", "n"), ("wr", "r"), ("mb", "m"), ("ai", "ay"), ("er", "a"),
    ("or", "aw"), ("x", "ks"), ("qu", "kw"), ("tion", "shun"), ("i", "y"), ("ll", "l"), ("nn", "n"),
    ("tt", "t"), ("ss", "s"), ("rr", "r"), ("e", ""), ("a", "e"), ("o", "a"), ("u", "oo"), ("j", "g"),
]  # fmt: skip

#: A small table of real misspellings of common names, as FEBRL's lookup-table misspellings.
_MISSPELLINGS = {
    "smith": ["smyth", "smithe"], "jones": ["johns", "jone"], "williams": ["wiliams", "willams"],
    "taylor": ["tailor", "tayler"], "brown": ["browne", "broun"], "davies": ["davis", "davys"],
    "evans": ["evens", "evan"], "thomas": ["tomas", "thomos"], "johnson": ["jonson", "johnsen"],
    "roberts": ["robert", "robberts"], "walker": ["walkar", "wlaker"], "wright": ["right", "wrigth"],
    "thompson": ["thomson", "tompson"], "robinson": ["robinsen", "robison"], "white": ["whyte", "wite"],
    "hughes": ["hughs", "huges"], "edwards": ["edward", "edwads"], "green": ["greene", "gren"],
    "hall": ["hal", "haul"], "wood": ["woods", "wod"], "harris": ["haris", "harriss"],
    "mohammed": ["muhammad", "mohamed"], "muhammad": ["mohammed", "muhammed"], "sarah": ["sara", "sarrah"],
    "catherine": ["katherine", "cathryn"], "jessica": ["jesica", "jessika"], "stephen": ["steven", "stephan"],
    "philip": ["phillip", "phillipe"], "lewis": ["louis", "lewes"], "zoe": ["zoey", "zoë"],
    "isabelle": ["isabel", "isobel"], "olivia": ["olivea", "oliva"], "amelia": ["emilia", "amelya"],
    "harry": ["harri", "hary"], "jack": ["jak", "jac"], "charlie": ["charley", "charly"],
}  # fmt: skip


def _keep_case(template: str, text: str) -> str:
    return text.upper() if template.isupper() and len(template) > 1 else text


def febrl_position(text: str, rng: random.Random) -> int:
    """FEBRL's error position: normally distributed around the middle of the value, clipped."""
    pos = int(rng.normalvariate(len(text) / 2.0, len(text) / 4.0))
    return min(max(pos, 0), max(len(text) - 1, 0))


def insert_char(text: str, rng: random.Random) -> str:
    if not text:
        return text
    pos = febrl_position(text, rng)
    near = KEYBOARD.get(text[pos].lower(), "")
    ch = rng.choice(near) if near and rng.random() < 0.5 else rng.choice("abcdefghijklmnopqrstuvwxyz")
    if text[pos].isdigit():
        ch = rng.choice([c for c in KEYBOARD[text[pos]] if c.isdigit()] or "0123456789")
    return text[:pos] + ch + text[pos:]


def delete_char(text: str, rng: random.Random) -> str:
    if len(text) < 2:
        return text
    pos = febrl_position(text, rng)
    return text[:pos] + text[pos + 1 :]


def keyboard_char(text: str, rng: random.Random, pos: int | None = None) -> str:
    """Substitute a QWERTY neighbour (digits for digits, letters for letters)."""
    if not text:
        return text
    pos = febrl_position(text, rng) if pos is None else pos
    ch = text[pos]
    near = [c for c in KEYBOARD.get(ch.lower(), "") if c.isdigit() == ch.isdigit()]
    if not near:
        return text
    new = rng.choice(near)
    new = new.upper() if ch.isupper() else new
    return text[:pos] + new + text[pos + 1 :]


def substitute_char(text: str, rng: random.Random) -> str:
    if not text:
        return text
    if rng.random() < 0.5:
        return keyboard_char(text, rng)
    pos = febrl_position(text, rng)
    pool = "0123456789" if text[pos].isdigit() else "abcdefghijklmnopqrstuvwxyz"
    new = rng.choice(pool)
    return text[:pos] + (new.upper() if text[pos].isupper() else new) + text[pos + 1 :]


def transpose_chars(text: str, rng: random.Random) -> str:
    if len(text) < 2:
        return text
    pos = min(febrl_position(text, rng), len(text) - 2)
    return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]


def space_change(text: str, rng: random.Random) -> str:
    if " " in text and rng.random() < 0.5:
        spaces = [i for i, c in enumerate(text) if c == " "]
        pos = rng.choice(spaces)
        return text[:pos] + text[pos + 1 :]
    if len(text) < 3:
        return text
    pos = rng.randint(1, len(text) - 1)
    return text[:pos] + " " + text[pos:]


def ocr_slip(text: str, rng: random.Random) -> str:
    spots = []
    for i in range(len(text)):
        for width in (1, 2):
            piece = text[i : i + width]
            if len(piece) == width and piece in OCR:
                spots.append((i, piece))
    if not spots:
        return substitute_char(text, rng)
    i, piece = rng.choice(spots)
    return text[:i] + rng.choice(OCR[piece]) + text[i + len(piece) :]


def phonetic_slip(text: str, rng: random.Random) -> str:
    low = text.lower()
    spots = []
    for written, heard in _PHONETIC:
        for a, b in ((written, heard), (heard, written)):
            if not a:
                continue
            start = low.find(a, 1)  # not the first letter: people hear that one right
            if start > 0:
                spots.append((start, a, b))
    if not spots:
        return text
    start, a, b = rng.choice(spots)
    out = low[:start] + b + low[start + len(a) :]
    return out.title() if text[:1].isupper() else out


def misspell(text: str, rng: random.Random) -> str:
    options = _MISSPELLINGS.get(text.lower())
    if not options:
        return phonetic_slip(text, rng)
    return rng.choice(options).title()


# ---------------------------------------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Pool:
    """Values to draw from for a house move."""

    addresses: list[tuple[str, str, str]]  # (address_line_1, town, postcode)


def _swap_day_month(value: str) -> str:
    try:
        d = dt.date.fromisoformat(value)
    except ValueError:
        return value
    if d.day > 12 or d.day == d.month:
        return value
    return f"{d.year:04d}-{d.day:02d}-{d.month:02d}"


#: FEBRL's field selection probabilities (the share of modifications a field receives).
FEBRL_FIELDS = {
    "given_name": 0.2,
    "family_name": 0.2,
    "date_of_birth": 0.2,
    "address_line_1": 0.2,
    "town": 0.05,
    "postcode": 0.15,
}
#: FEBRL's per-field modification kind probabilities (each row sums to one).
FEBRL_KINDS: dict[str, dict[str, float]] = {
    "given_name": {"ins": 0.1, "del": 0.1, "sub": 0.15, "trs": 0.05, "spc": 0.05, "miss": 0.1,
                   "misspell": 0.15, "ocr": 0.05, "key": 0.1, "swap_names": 0.15},
    "family_name": {"ins": 0.1, "del": 0.1, "sub": 0.15, "trs": 0.05, "spc": 0.05, "miss": 0.05,
                    "misspell": 0.2, "ocr": 0.05, "key": 0.1, "swap_names": 0.15},
    "date_of_birth": {"sub": 0.45, "trs": 0.15, "miss": 0.1, "ocr": 0.1, "key": 0.2},
    "address_line_1": {"ins": 0.15, "del": 0.15, "sub": 0.2, "trs": 0.1, "spc": 0.15, "miss": 0.1,
                       "ocr": 0.05, "key": 0.1},
    "town": {"ins": 0.2, "del": 0.2, "sub": 0.2, "trs": 0.1, "miss": 0.2, "key": 0.1},
    "postcode": {"sub": 0.4, "trs": 0.2, "miss": 0.1, "ocr": 0.1, "key": 0.2},
}  # fmt: skip
FEBRL_MAX_PER_RECORD = 5
FEBRL_MAX_PER_FIELD = 2

_EDITS: dict[str, Callable[[str, random.Random], str]] = {
    "ins": insert_char,
    "del": delete_char,
    "sub": substitute_char,
    "trs": transpose_chars,
    "spc": space_change,
    "misspell": misspell,
    "ocr": ocr_slip,
    "key": keyboard_char,
}


def _choose(weights: dict[str, float], rng: random.Random) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def febrl(record: Record, rng: random.Random, pool: Pool) -> Record:
    out = dict(record)
    per_field = dict.fromkeys(FIELDS, 0)
    for _ in range(rng.randint(1, FEBRL_MAX_PER_RECORD)):
        open_fields = {f: w for f, w in FEBRL_FIELDS.items() if per_field[f] < FEBRL_MAX_PER_FIELD}
        if not open_fields:
            break
        name = _choose(open_fields, rng)
        per_field[name] += 1
        kind = _choose(FEBRL_KINDS[name], rng)
        if kind == "miss":
            out[name] = ""
        elif kind == "swap_names":
            out["given_name"], out["family_name"] = out["family_name"], out["given_name"]
        elif out[name]:
            out[name] = _EDITS[kind](out[name], rng)
    return out


def keyboard(record: Record, rng: random.Random, pool: Pool) -> Record:
    out = dict(record)
    for name in FIELDS:
        if name == "town" and rng.random() < 0.5:
            continue
        for _ in range(1 if rng.random() < 0.7 else 2):
            if out[name] and rng.random() < 0.6:
                out[name] = keyboard_char(out[name], rng)
    return out


def ocr(record: Record, rng: random.Random, pool: Pool) -> Record:
    out = dict(record)
    for name in FIELDS:
        if out[name] and rng.random() < 0.55:
            out[name] = ocr_slip(out[name], rng)
            if rng.random() < 0.2:
                out[name] = ocr_slip(out[name], rng)
    return out


def phonetic(record: Record, rng: random.Random, pool: Pool) -> Record:
    out = dict(record)
    for name in ("given_name", "family_name"):
        if rng.random() < 0.7:
            out[name] = phonetic_slip(out[name], rng)
            if rng.random() < 0.3:
                out[name] = phonetic_slip(out[name], rng)
    if rng.random() < 0.3:
        out["address_line_1"] = phonetic_slip(out["address_line_1"], rng)
    return out


MISSING_RATES = {
    "given_name": 0.05,
    "family_name": 0.05,
    "date_of_birth": 0.2,
    "address_line_1": 0.15,
    "town": 0.2,
    "postcode": 0.2,
}


def missing_moves(record: Record, rng: random.Random, pool: Pool) -> Record:
    out = dict(record)
    if rng.random() < 0.25:  # moved house
        out["address_line_1"], out["town"], out["postcode"] = rng.choice(pool.addresses)
    if rng.random() < 0.1:
        out["given_name"], out["family_name"] = out["family_name"], out["given_name"]
    if rng.random() < 0.1:
        out["date_of_birth"] = _swap_day_month(out["date_of_birth"])
    for name, rate in MISSING_RATES.items():
        if rng.random() < rate:
            out[name] = ""
    return out


PROFILES: dict[str, Corrupt] = {
    "febrl": febrl,
    "keyboard": keyboard,
    "ocr": ocr,
    "phonetic": phonetic,
    "missing_moves": missing_moves,
}
#: Profiles that implement a published corruption model rather than ours.
PUBLISHED = frozenset({"febrl"})

# ---------------------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------------------


def people(n: int, seed: int) -> tuple[list[Record], Pool]:
    """``n`` clean individuals, each at an address of their own, and a pool of other addresses."""
    generator = Generator(seed)
    population = generator.population(n)
    out = []
    for i, person in enumerate(population):
        line1, _line2, town, postcode = generator.address()
        out.append(
            {
                "id": str(i),
                "given_name": person.given_name,
                "family_name": person.family_name,
                "date_of_birth": person.date_of_birth.isoformat(),
                "address_line_1": line1,
                "town": town,
                "postcode": postcode,
            }
        )
    addresses = []
    for _ in range(max(100, n // 4)):
        line1, _line2, town, postcode = generator.address()
        addresses.append((line1, town, postcode))
    return out, Pool(addresses)


def link_files(profile: str, n: int, seed: int) -> tuple[list[Record], list[Record], set[tuple[str, str]]]:
    """Two files of ``n`` records each, every record of the second a corrupted copy of one in the first
    (``n`` true pairs), in shuffled order with unrelated ids; and the true (left id, right id) pairs."""
    rng = random.Random(f"{profile}-{seed}-link")
    clean, pool = people(n, seed)
    corrupt = PROFILES[profile]
    right_ids = list(range(n))
    rng.shuffle(right_ids)
    left, right, truth = [], [], set()
    for person, j in zip(clean, right_ids, strict=True):
        a = {**person, "id": f"A{int(person['id']):06d}"}
        b = {**corrupt(person, rng, pool), "id": f"B{j:06d}"}
        left.append(a)
        right.append(b)
        truth.add((a["id"], b["id"]))
    rng.shuffle(right)
    return left, right, truth


def dedupe_file(
    profile: str, n: int, seed: int, share: float = 0.3
) -> tuple[list[Record], set[tuple[str, str]]]:
    """One file of ``n`` records: originals and, for ``share`` of the records, a corrupted copy of one
    original (one to three copies of an original, as FEBRL's duplicates); the true pairs (ordered ids)."""
    rng = random.Random(f"{profile}-{seed}-dedupe")
    originals = round(n / (1 + share))
    clean, pool = people(originals, seed)
    corrupt = PROFILES[profile]
    records: list[tuple[int, Record]] = [(i, person) for i, person in enumerate(clean)]
    while len(records) < n:
        i = rng.randrange(originals)
        for _ in range(min(rng.choice((1, 1, 1, 2, 3)), n - len(records))):
            records.append((i, corrupt(clean[i], rng, pool)))
    rng.shuffle(records)
    by_person: dict[int, list[str]] = {}
    out = []
    for k, (i, record) in enumerate(records):
        rid = f"R{k:06d}"
        out.append({**record, "id": rid})
        by_person.setdefault(i, []).append(rid)
    truth = {
        (min(a, b), max(a, b)) for ids in by_person.values() for x, a in enumerate(ids) for b in ids[x + 1 :]
    }
    return out, truth


#: Seeds of the held-out files (``bench/linkage/heldout.py``: choices on 19001, figures on 19002). No training
#: file may be drawn at them.
HELDOUT_SEEDS = frozenset({19001, 19002})
#: The seed of the blended training file behind ``params/v5.json`` (training only, never a bench seed).
BLEND_SEED = 20261201


def blend_file(
    profiles: list[str] | tuple[str, ...], n: int, seed: int = BLEND_SEED, share: float = 0.3
) -> list[Record]:
    """A training file of ``n`` records: originals and, for ``share`` of the records, one to three copies of
    an original, each copy corrupted by one of ``profiles`` chosen at random (a blend of error profiles, so
    that parameters trained on it are not fitted to one kind of mistake). Each record carries
    ``cluster_id`` (the person), as the synthetic generator's training records do. Seeds of the held-out
    files are refused: a profile trained on must still be measured on people and mistakes never seen."""
    if seed in HELDOUT_SEEDS:
        raise ValueError(f"seed {seed} is a held-out seed of the linkage bench; train at another")
    if not profiles:
        raise ValueError("a blend needs at least one profile")
    unknown = [p for p in profiles if p not in PROFILES]
    if unknown:
        raise ValueError(f"unknown profiles: {', '.join(unknown)}")
    rng = random.Random(f"blend-{'-'.join(profiles)}-{seed}")
    originals = round(n / (1 + share))
    clean, pool = people(originals, seed)
    records: list[tuple[int, Record]] = [(i, person) for i, person in enumerate(clean)]
    while len(records) < n:
        i = rng.randrange(originals)
        for _ in range(min(rng.choice((1, 1, 1, 2, 3)), n - len(records))):
            records.append((i, PROFILES[rng.choice(profiles)](clean[i], rng, pool)))
    rng.shuffle(records)
    return [
        {**record, "id": f"blend-{k:06d}", "cluster_id": f"blend-{seed}-{i:06d}"}
        for k, (i, record) in enumerate(records)
    ]
