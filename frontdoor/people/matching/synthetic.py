"""Synthetic UK person records with known duplicates and the mistakes referrers make.

Fully synthetic (Faker en_GB plus our own name lists); seeded and deterministic: the same seed gives the
same records. NHS numbers are in the 999 test range with a valid mod-11 check digit; UPNs carry a valid
DfE check letter. Each record is a dict with the CSV columns of :data:`record.COLUMNS` plus ``cluster_id``
(the ground truth: records with the same cluster_id are the same synthetic person).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from faker import Faker

from .normalise import nhs_check_digit, nicknames, normalise_name, phonetic_key, squash, upn_check_letter
from .record import COLUMNS

REFERENCE_DATE = dt.date(2025, 6, 1)

# Extra names so the population looks like an English town, with apostrophes, accents and other scripts.
_GIVEN_EXTRA_M = [
    "Mohammed",
    "Muhammad",
    "Amir",
    "Ibrahim",
    "Yusuf",
    "Hamza",
    "Ayaan",
    "Arjun",
    "Harpreet",
    "Jakub",
    "Kacper",
    "Wojciech",
    "Oluwaseun",
    "Oluwatobi",
    "Oluwafemi",
    "Chidi",
    "Kwame",
    "Seán",
    "Ciarán",
    "José",
    "André",
    "Noël",
    "João",
    "François",
    "Łukasz",
    "Tomasz",
    "Mateusz",
    "Kofi",
    "Tariq",
    "Bilal",
]
_GIVEN_EXTRA_F = [
    "Aisha",
    "Fatima",
    "Zainab",
    "Maryam",
    "Priya",
    "Simran",
    "Anaya",
    "Zara",
    "Zofia",
    "Łucja",
    "Małgorzata",
    "Katarzyna",
    "Agnieszka",
    "Adaeze",
    "Chiamaka",
    "Ama",
    "Siobhán",
    "Niamh",
    "Aoife",
    "Zoë",
    "Chloé",
    "Renée",
    "Inês",
    "Olufunmilayo",
    "Oluwadamilare",
    "Amélie",
    "Leïla",
    "Nour",
]
# Formal names of the nickname table that Faker's female list lacks (the rest of the table is male).
_FORMAL_FEMALE = frozenset(
    {"annabel", "cassandra", "evelyn", "florence", "gabriella", "isabel", "lucinda", "madeleine", "magdalena",
     "malgorzata", "matilda", "olufunmilayo", "penelope", "rosalind", "sophia", "theresa", "agnieszka", "lily",
     "mia", "freya", "ruby", "ava", "siobhan", "niamh", "aoife"}
)  # fmt: skip
_FAMILY_EXTRA = [
    "Khan",
    "Ahmed",
    "Hussain",
    "Patel",
    "Begum",
    "Ali",
    "Singh",
    "Kaur",
    "Shah",
    "Akhtar",
    "Iqbal",
    "Rahman",
    "Chowdhury",
    "Miah",
    "Kowalski",
    "Nowak",
    "Wiśniewski",
    "Wójcik",
    "Lewandowska",
    "Zieliński",
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Okonkwo",
    "Adebayo",
    "Owusu",
    "Boateng",
    "O'Brien",
    "O'Connor",
    "O'Neill",
    "D'Souza",
    "McDonald",
    "MacLeod",
    "Müller",
    "Núñez",
    "Da Silva",
    "Van der Berg",
    "Ní Bhriain",
    "Ó Súilleabháin",
    "Nguyễn",
    "Hernández",
]
# People whose names are recorded in their own script: per script, (male given names, female given names,
# family names), drawn independently so that namesakes are as rare as in the Latin-script population.
_NON_LATIN: dict[str, tuple[list[str], list[str], list[str]]] = {
    "cyrillic": (
        ["Дмитрий", "Олександр", "Иван", "Андрій", "Сергей", "Михайло", "Николай", "Тарас"],
        ["Анна", "Олена", "Мария", "Наталія", "Екатерина", "Ірина", "Татьяна", "Оксана"],
        ["Иванова", "Петров", "Коваленко", "Шевченко", "Смирнов", "Бондаренко", "Кузнецов", "Ткаченко"],
    ),
    "arabic": (
        ["محمد", "أحمد", "علي", "عمر", "يوسف", "حسن", "خالد", "إبراهيم"],
        ["فاطمة", "عائشة", "مريم", "زينب", "نور", "سارة", "ليلى", "هدى"],
        ["خان", "علي", "حسين", "الأحمد", "النجار", "الحسن", "منصور", "سليمان"],
    ),
    "greek": (
        ["Νίκος", "Γιώργος", "Δημήτρης", "Κώστας", "Ανδρέας", "Παναγιώτης"],
        ["Ελένη", "Μαρία", "Κατερίνα", "Σοφία", "Αναστασία", "Δέσποινα"],
        ["Παπαδόπουλος", "Γεωργίου", "Νικολάου", "Οικονόμου", "Αντωνίου", "Κωνσταντίνου"],
    ),
    "chinese": (
        ["伟", "强", "磊", "军", "洋", "勇", "杰", "涛"],
        ["丽", "静", "敏", "燕", "芳", "娜", "秀英", "婷"],
        ["王", "李", "张", "刘", "陈", "杨", "黄", "赵"],
    ),
    "bengali": (
        ["রহিম", "করিম", "সাকিব", "তানভীর", "আরিফ", "নাসির"],
        ["অনিকা", "সুমাইয়া", "নুসরাত", "তাসলিমা", "রুমানা", "শাহানা"],
        ["রহমান", "আহমেদ", "হোসেন", "ইসলাম", "চৌধুরী", "উদ্দিন"],
    ),
}
_STREET_STEMS = [
    "Oak",
    "Ash",
    "Elm",
    "Beech",
    "Church",
    "Mill",
    "Station",
    "Park",
    "Victoria",
    "Albert",
    "Queens",
    "Kings",
    "Manor",
    "Chapel",
    "School",
    "Springfield",
    "Westfield",
    "Moor",
    "Bank",
    "Hill",
    "Castle",
]
_STREET_SUFFIXES = [
    "Road",
    "Road",
    "Street",
    "Street",
    "Avenue",
    "Lane",
    "Close",
    "Drive",
    "Crescent",
    "Grove",
    "Way",
    "Gardens",
    "Terrace",
    "Place",
    "Court",
    "Walk",
    "Mews",
    "Rise",
    "View",
]
_AREAS = ["LS", "BD", "WF", "HD", "HX"]
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_KEYBOARD = {
    "a": "qsz",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "w",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "x",
}


@dataclass(frozen=True)
class ErrorProfile:
    """Probabilities (per duplicate record) of each mistake a referrer makes."""

    given_typo: float = 0.10
    family_typo: float = 0.08
    nickname: float = 0.10
    given_initial_only: float = 0.01
    middle_name_dropped: float = 0.5
    swap_names: float = 0.02
    family_change: float = 0.03  # marriage, step-family, or a double-barrelled name
    dob_missing: float = 0.05
    dob_swap_day_month: float = 0.04
    dob_day_typo: float = 0.03
    dob_year_off: float = 0.02
    dob_partial: float = 0.02
    dob_impossible: float = 0.005  # e.g. 31/02: parsed as missing and counted as malformed
    dob_wrong: float = 0.01  # another date altogether (a sibling's, or a guess)
    sex_missing: float = 0.15
    sex_wrong: float = 0.005
    moved: float = 0.10
    postcode_missing: float = 0.10
    postcode_typo: float = 0.02
    postcode_partial: float = 0.03
    address_missing: float = 0.15
    address_variant: float = 0.20
    nhs_known: float = 0.15
    nhs_typo: float = 0.02
    upn_known: float = 0.10
    drop_accents: float = 0.5
    drop_apostrophe: float = 0.4
    hyphen_to_space: float = 0.4
    shout: float = 0.10
    day_first_format: float = 0.4

    def scaled(self, factor: float) -> ErrorProfile:
        """All mistake rates (not formatting or identifier availability) multiplied by ``factor``."""
        keep = {"nhs_known", "upn_known", "middle_name_dropped", "day_first_format", "drop_accents",
                "drop_apostrophe", "hyphen_to_space", "shout"}  # fmt: skip
        return replace(
            self,
            **{f.name: min(1.0, getattr(self, f.name) * factor) for f in fields(self) if f.name not in keep},
        )


REALISTIC = ErrorProfile()
CLEAN = ErrorProfile().scaled(0.0)


@dataclass
class Person:
    cluster_id: str
    given_name: str
    middle_name: str | None
    family_name: str
    date_of_birth: dt.date
    sex: str
    address_line_1: str
    address_line_2: str | None
    town: str
    postcode: str
    nhs_number: str
    upn: str | None
    household: int
    script: str = "latin"


class Generator:
    """Deterministic generator: ``Generator(seed).population(n)`` and the dataset builders below."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self._nhs_seen: set[str] = set()
        self._upn_seen: set[str] = set()
        self._streets: dict[str, list[str]] = {}
        self._towns = ["Leeds", "Bradford", "Wakefield", "Huddersfield", "Halifax"]
        self._nick = nicknames()
        female = {n.lower() for n in _GIVEN_EXTRA_F} | _FORMAL_FEMALE
        female |= {str(n).lower() for n in self.fake.provider("faker.providers.person").first_names_female}
        self._formal_f = sorted(n for n in self._nick.formal if n in female)
        self._formal_m = sorted(n for n in self._nick.formal if n not in female)

    # -- identifiers -------------------------------------------------------------------------------------
    def nhs_number(self) -> str:
        while True:
            body = "999" + "".join(self.rng.choice("0123456789") for _ in range(6))
            check = nhs_check_digit(body)
            if check is not None and (num := body + str(check)) not in self._nhs_seen:
                self._nhs_seen.add(num)
                return num

    def upn(self) -> str:
        while True:
            body = (
                self.rng.choice(["380", "381", "383", "384", "382"])
                + f"{self.rng.randint(1000, 7999)}"
                + f"{self.rng.randint(10, 25):02d}"
                + f"{self.rng.randint(0, 999):03d}"
            )
            upn = upn_check_letter(body) + body
            if upn not in self._upn_seen:
                self._upn_seen.add(upn)
                return upn

    # -- names and places --------------------------------------------------------------------------------
    def given_name(self, sex: str) -> str:
        r = self.rng.random()
        if r < 0.15:
            return self.rng.choice(_GIVEN_EXTRA_M if sex == "M" else _GIVEN_EXTRA_F)
        if r < 0.30:
            # A formal name from the nickname table, so that nicknames have something to shorten.
            return self.rng.choice(self._formal_m if sex == "M" else self._formal_f).title()
        name = self.fake.first_name_male() if sex == "M" else self.fake.first_name_female()
        return str(name)

    def sibling_name(self, sex: str, taken: set[str]) -> str:
        """A child's given name that none of their brothers and sisters has, nor a form of it: parents do
        not call two children Carol and Carole, or Mary and Molly (``taken`` is updated)."""
        name = self.given_name(sex)
        while any(_same_name(name, other) for other in taken):
            name = self.given_name(sex)
        taken.add(name)
        return name

    def family_name(self) -> str:
        r = self.rng.random()
        if r < 0.18:
            return self.rng.choice(_FAMILY_EXTRA)
        if r < 0.22:
            return f"{self.fake.last_name()}-{self.fake.last_name()}"
        return str(self.fake.last_name())

    def address(self) -> tuple[str, str | None, str, str]:
        area = self.rng.choice(_AREAS)
        district = f"{area}{self.rng.randint(1, 12)}"
        sector = f"{district} {self.rng.randint(1, 9)}"
        streets = self._streets.setdefault(sector, [])
        if len(streets) < 6 or self.rng.random() < 0.2:
            stem = self.rng.choice(
                [str(self.fake.last_name()), str(self.fake.last_name()), self.rng.choice(_STREET_STEMS)]
            )
            streets.append(f"{stem} {self.rng.choice(_STREET_SUFFIXES)}")
        street = self.rng.choice(streets)
        number = self.rng.randint(1, 160)
        line1 = f"{number} {street}"
        line2 = None
        if self.rng.random() < 0.12:
            line1 = f"Flat {self.rng.randint(1, 24)}, {number} {street}"
        if self.rng.random() < 0.2:
            line2 = str(self.fake.city_suffix()) if self.rng.random() < 0.1 else None
        postcode = f"{sector}{self.rng.choice(_INWARD_LETTERS)}{self.rng.choice(_INWARD_LETTERS)}"
        town = self._towns[_AREAS.index(area)]
        return line1, line2, town, postcode

    def dob(self, adult: bool) -> dt.date:
        if adult:
            start, end = dt.date(1965, 1, 1), dt.date(2004, 12, 31)
        else:
            start, end = dt.date(2007, 6, 1), dt.date(2025, 5, 1)
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    # -- population --------------------------------------------------------------------------------------
    def population(self, n_people: int) -> list[Person]:
        """Households of one or two adults and their children (some twins, some step-children, some
        with different surnames)."""
        people: list[Person] = []
        household = 0
        while len(people) < n_people:
            household += 1
            line1, line2, town, postcode = self.address()
            family = self.family_name()
            script_people = self.rng.random() < 0.02
            adults = 1 if self.rng.random() < 0.4 else 2
            members: list[
                tuple[str, str, str, dt.date, bool, str]
            ] = []  # given, family, sex, dob, child, script
            for i in range(adults):
                sex = "F" if i == 0 else "M"
                fam = family if i == 0 or self.rng.random() < 0.7 else self.family_name()
                members.append((self.given_name(sex), fam, sex, self.dob(adult=True), False, "latin"))
            n_children = self.rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
            children_names: set[str] = set()
            for c in range(n_children):
                sex = self.rng.choice("MF")
                fam = family if self.rng.random() < 0.9 else self.family_name()
                dob = self.dob(adult=False)
                members.append((self.sibling_name(sex, children_names), fam, sex, dob, True, "latin"))
                if self.rng.random() < 0.04 and c == n_children - 1:
                    twin_sex = self.rng.choice("MF")
                    twin = self.sibling_name(twin_sex, children_names)
                    members.append((twin, fam, twin_sex, dob, True, "latin"))
            if script_people:
                male, female, families = _NON_LATIN[self.rng.choice(sorted(_NON_LATIN))]
                _, _, sex, dob, child, _ = members[1]
                given = self.rng.choice(male if sex == "M" else female)
                members[1] = (given, self.rng.choice(families), sex, dob, child, "other")
            for given, fam, sex, dob, child, script in members:
                age = (REFERENCE_DATE - dob).days // 365
                middle = None
                if script == "latin" and self.rng.random() < 0.25:
                    middle = self.given_name(sex)
                people.append(
                    Person(
                        cluster_id=f"P{self.seed}-{len(people):06d}",
                        given_name=given,
                        middle_name=middle,
                        family_name=fam,
                        date_of_birth=dob,
                        sex=sex,
                        address_line_1=line1,
                        address_line_2=line2,
                        town=town,
                        postcode=postcode,
                        nhs_number=self.nhs_number(),
                        upn=self.upn() if child and 4 <= age <= 18 else None,
                        household=household,
                        script=script,
                    )
                )
        return people[:n_people]

    # -- records -----------------------------------------------------------------------------------------
    def system_record(self, person: Person, record_id: str) -> dict[str, str]:
        """How the person looks in the council's own system: mostly complete and tidy."""
        given = person.given_name + (f" {person.middle_name}" if person.middle_name else "")
        return {
            "id": record_id,
            "given_name": given,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth.isoformat(),
            "sex": person.sex,
            "address_line_1": person.address_line_1,
            "address_line_2": person.address_line_2 or "",
            "town": person.town,
            "postcode": person.postcode,
            "nhs_number": person.nhs_number if self.rng.random() < 0.6 else "",
            "upn": (person.upn or "") if self.rng.random() < 0.5 else "",
            "cluster_id": person.cluster_id,
        }

    def referral_record(
        self, person: Person, record_id: str, profile: ErrorProfile = REALISTIC
    ) -> dict[str, str]:
        """How a referrer describes the person: the mistakes of ``profile``."""
        rng = self.rng
        p = profile
        given = person.given_name
        middle = person.middle_name if rng.random() >= p.middle_name_dropped else None
        family = person.family_name
        if rng.random() < p.nickname:
            given = self._nickname(given)
        if rng.random() < p.given_typo:
            given = typo(given, rng)
        if rng.random() < p.family_change:
            family = self.family_name() if rng.random() < 0.6 else f"{family}-{self.fake.last_name()}"
        if rng.random() < p.family_typo:
            family = typo(family, rng)
        if rng.random() < p.given_initial_only:
            given, middle = given[0], None
        given_full = given + (f" {middle}" if middle else "")
        given_full, family = (self._cosmetic(given_full, p), self._cosmetic(family, p))
        if rng.random() < p.swap_names:
            given_full, family = family, given_full

        dob_text = self._dob_text(person.date_of_birth, p)
        sex = person.sex
        if rng.random() < p.sex_wrong:
            sex = "F" if sex == "M" else "M"
        if rng.random() < p.sex_missing:
            sex = rng.choice(["", "U", "Not stated"])
        elif rng.random() < 0.3:
            sex = {"M": "Male", "F": "Female"}[sex]

        line1, line2, town, postcode = (
            person.address_line_1,
            person.address_line_2,
            person.town,
            person.postcode,
        )
        if rng.random() < p.moved:
            if rng.random() < 0.5:
                # A local move: same district.
                new = self.address()
                district = postcode.split(" ")[0]
                line1, line2, town = new[0], new[1], new[2]
                postcode = f"{district} {rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
            else:
                line1, line2, town, postcode = self.address()
        if rng.random() < p.address_variant:
            line1 = address_variant(line1, rng)
        if rng.random() < p.address_missing:
            line1, line2 = "", None
        if rng.random() < p.postcode_missing:
            postcode = ""
        elif rng.random() < p.postcode_partial:
            postcode = postcode.split(" ")[0]
        elif rng.random() < p.postcode_typo:
            postcode = postcode_typo(postcode, rng)
        if postcode and rng.random() < 0.3:
            postcode = postcode.replace(" ", "").lower() if rng.random() < 0.5 else postcode.lower()

        nhs = ""
        if rng.random() < p.nhs_known:
            nhs = person.nhs_number
            if rng.random() < p.nhs_typo:
                nhs = digit_typo(nhs, rng)
            elif rng.random() < 0.4:
                nhs = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
        upn = ""
        if person.upn and rng.random() < p.upn_known:
            upn = person.upn
        return {
            "id": record_id,
            "given_name": given_full,
            "family_name": family,
            "date_of_birth": dob_text,
            "sex": sex,
            "address_line_1": line1,
            "address_line_2": line2 or "",
            "town": town,
            "postcode": postcode,
            "nhs_number": nhs,
            "upn": upn,
            "cluster_id": person.cluster_id,
        }

    def _nickname(self, given: str) -> str:
        norm = normalise_name(given)
        key = squash(norm) if norm else ""
        groups = self._nick.groups.get(key)
        if not groups:
            return given
        group = self._nick.members[self.rng.choice(sorted(groups))]
        options = [g for g in group if g != key]
        return self.rng.choice(options).title() if options else given

    def _cosmetic(self, name: str, p: ErrorProfile) -> str:
        rng = self.rng
        if rng.random() < p.drop_accents:
            import unicodedata

            if all(ord(ch) < 0x250 for ch in name):  # Latin only: other scripts keep their marks
                name = (
                    "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
                    .replace("ł", "l")
                    .replace("Ł", "L")
                )
        if "'" in name and rng.random() < p.drop_apostrophe:
            name = name.replace("'", rng.choice(["", " ", "\u2019"]))
        if "-" in name and rng.random() < p.hyphen_to_space:
            name = name.replace("-", rng.choice([" ", ""]))
        if rng.random() < p.shout:
            name = name.upper()
        elif rng.random() < 0.03:
            name = name.lower()
        return name

    def _dob_text(self, dob: dt.date, p: ErrorProfile) -> str:
        rng = self.rng
        if rng.random() < p.dob_missing:
            return rng.choice(["", "", "unknown"])
        if rng.random() < p.dob_impossible:
            return f"31/02/{dob.year}"
        year, month, day = dob.year, dob.month, dob.day
        partial = False
        r = rng.random()
        if r < p.dob_swap_day_month and day <= 12 and day != month:
            month, day = day, month
        elif r < p.dob_swap_day_month + p.dob_day_typo:
            day = max(1, min(28, day + rng.choice([-10, -1, 1, 10])))
        elif r < p.dob_swap_day_month + p.dob_day_typo + p.dob_year_off:
            year += rng.choice([-1, 1])
        elif r < p.dob_swap_day_month + p.dob_day_typo + p.dob_year_off + p.dob_partial:
            partial = True
        elif r < p.dob_swap_day_month + p.dob_day_typo + p.dob_year_off + p.dob_partial + p.dob_wrong:
            other = dob + dt.timedelta(days=rng.choice([-1, 1]) * rng.randint(40, 900))
            year, month, day = other.year, other.month, other.day
        if partial:
            return f"{year:04d}-{month:02d}" if rng.random() < 0.5 else f"{month:02d}/{year:04d}"
        if rng.random() < p.day_first_format:
            return f"{day:02d}/{month:02d}/{year:04d}"
        return f"{year:04d}-{month:02d}-{day:02d}"

    # -- datasets ----------------------------------------------------------------------------------------
    def dedupe_dataset(
        self, n_records: int, duplicate_share: float = 0.3, profile: ErrorProfile = REALISTIC
    ) -> list[dict[str, str]]:
        """About ``n_records`` records in which ``duplicate_share`` of the records are extra records of
        people already present (1-3 extra each), in shuffled order."""
        n_people = max(1, round(n_records * (1 - duplicate_share)))
        people = self.population(n_people)
        records: list[dict[str, str]] = [self.system_record(p, "") for p in people]
        while len(records) < n_records:
            person = self.rng.choice(people)
            records.append(self.referral_record(person, "", profile))
        self.rng.shuffle(records)
        for i, r in enumerate(records):
            r["id"] = f"R{self.seed}-{i:06d}"
        return records

    def link_datasets(
        self, n_left: int, n_right: int, overlap: float = 0.5, profile: ErrorProfile = REALISTIC
    ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """``left``: the council's known people (one tidy record each). ``right``: new referrals, an
        ``overlap`` share of them about known people (with referrer mistakes), the rest about new people
        from the same town (often siblings or parents of known children)."""
        n_known_in_right = round(n_right * overlap)
        people = self.population(n_left + (n_right - n_known_in_right))
        # Shuffle so that unknown people include members of known households.
        self.rng.shuffle(people)
        known, unknown = people[:n_left], people[n_left:]
        left = [self.system_record(p, f"L{self.seed}-{i:06d}") for i, p in enumerate(known)]
        chosen = self.rng.sample(known, n_known_in_right) + unknown
        self.rng.shuffle(chosen)
        right = [self.referral_record(p, f"N{self.seed}-{i:06d}", profile) for i, p in enumerate(chosen)]
        return left, right


def _same_name(a: str, b: str) -> bool:
    """Two given names a family would hear as one: equal, a form of each other, or spelt alike."""
    x, y = squash(normalise_name(a) or ""), squash(normalise_name(b) or "")
    return x == y or nicknames().are_equivalent(x, y) or phonetic_key(x) == phonetic_key(y)


# -- mistakes --------------------------------------------------------------------------------------------


def typo(text: str, rng: random.Random) -> str:
    """One keying slip: a neighbouring key, a dropped, doubled or transposed letter."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 3:
        return text
    i = rng.choice(letters[1:])  # referrers rarely get the first letter wrong
    kind = rng.choice(["sub", "del", "dup", "swap"])
    ch = text[i]
    if kind == "sub" and ch.lower() in _KEYBOARD:
        new = rng.choice(_KEYBOARD[ch.lower()])
        return text[:i] + (new.upper() if ch.isupper() else new) + text[i + 1 :]
    if kind == "del":
        return text[:i] + text[i + 1 :]
    if kind == "dup":
        return text[:i] + ch + text[i:]
    if i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + ch + text[i + 2 :]
    return text[:i] + text[i + 1 :]


def digit_typo(digits: str, rng: random.Random) -> str:
    i = rng.randrange(len(digits))
    new = rng.choice([d for d in "0123456789" if d != digits[i]])
    return digits[:i] + new + digits[i + 1 :]


def postcode_typo(postcode: str, rng: random.Random) -> str:
    outward, _, inward = postcode.partition(" ")
    if inward and rng.random() < 0.5:
        letters = rng.choice(_INWARD_LETTERS) + inward[2]
        return f"{outward} {inward[0]}{letters}"
    return f"{outward} {inward[0]}O{inward[2]}" if inward and rng.random() < 0.3 else postcode[:-1]


def address_variant(line: str, rng: random.Random) -> str:
    swaps = [(" Road", " Rd"), (" Street", " St"), (" Avenue", " Ave"), (" Lane", " Ln"), (" Close", " Cl")]
    for long, short in swaps:
        if long in line:
            return line.replace(long, short)
    if line.startswith("Flat "):
        return line.replace("Flat ", "Apartment ")
    return line.lower()


# -- files -----------------------------------------------------------------------------------------------


def write_csv(records: Iterable[dict[str, str]], path: str | Path, with_truth: bool = True) -> None:
    columns: Sequence[str] = [*COLUMNS, "cluster_id"] if with_truth else COLUMNS
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for r in records:
            writer.writerow(r)


def read_csv(path: str | Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
