"""Finding the persons a description may be: blocking keys in the database, then the pure matcher's scores.

Not scoped to a user: callers (``queries``, ``services``) decide who may see what. Works the same on SQLite and
PostgreSQL: each blocking rule is one equality on the (rule, key) index, each limited, joined by UNION ALL.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import QuerySet

from .matching import candidate_keys, prepare
from .matching.blocking import RULE_EVIDENCE
from .matching.params import load_online_params
from .matching.record import Prepared
from .matching.scoring import MatchResult, probability_among, score_prepared
from .models import Person, PersonAddress, PersonBlockingKey, PersonName

#: At most this many persons per blocking key: a key shared by thousands (a common name with no date of birth)
#: says little, and the other rules still find the person.
MAX_PER_KEY = 100

#: At most this many candidates are fetched and scored, those on whom the most different things agree first
#: (an identifier, given name, family name, year of birth, birthday, place), then those meeting under the
#: most and strongest rules: a person who shares only a family name and a birth year is rarely the one, and
#: scoring costs time.
MAX_SCORED = 40
RULE_WEIGHT = {"nhs": 100, "upn": 100, "dob_given": 4, "dob_family": 4, "names": 3, "dob_postcode": 3}


def candidate_rank(rules: set[str]) -> tuple[int, int]:
    """Sort key (smaller first) for a candidate found under ``rules``."""
    evidence = set().union(*(RULE_EVIDENCE[rule] for rule in rules))
    agreeing = len(evidence) + (10 if "identifier" in evidence else 0)
    return -agreeing, -sum(RULE_WEIGHT.get(rule, 1) for rule in rules)


#: The fields of Person a comparison reads.
MATCH_FIELDS = (
    "id",
    "reference",
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "sex",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "nhs_number",
    "upn",
    "merged_into_id",
)


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def person_record(person: Person) -> dict[str, str]:
    """The matcher's view of a person (the CSV columns of ``matching.COLUMNS``)."""
    given = " ".join(part for part in (person.given_name, person.middle_names) if part)
    return {
        "id": str(person.pk),
        "given_name": given,
        "family_name": person.family_name,
        "date_of_birth": _iso(person.date_of_birth),
        "sex": person.sex,
        "address_line_1": person.address_line_1,
        "address_line_2": person.address_line_2,
        "town": person.town,
        "postcode": person.postcode,
        "nhs_number": person.nhs_number,
        "upn": person.upn,
    }


def person_variants(
    person: Person, names: Iterable[PersonName] = (), addresses: Iterable[PersonAddress] = ()
) -> list[dict[str, str]]:
    """The person as recorded now, and as they may be described by their other names and earlier
    addresses: each variant gets its own blocking keys and its own score (the best one counts)."""
    main = person_record(person)
    variants = [main]
    for name in names:
        variants.append(
            {
                **main,
                "given_name": name.given_name or main["given_name"],
                "family_name": name.family_name or main["family_name"],
            }
        )
    for address in addresses:
        variants.append(
            {
                **main,
                "address_line_1": address.address_line_1,
                "address_line_2": address.address_line_2,
                "town": address.town,
                "postcode": address.postcode,
            }
        )
    return variants


def keys_for_variants(variants: Iterable[Mapping[str, object]]) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    for variant in variants:
        prepared = prepare(variant)
        if prepared.is_empty:
            continue
        keys.update(candidate_keys(prepared))
    return keys


def person_blocking_keys(person: Person) -> set[tuple[str, str]]:
    """The (rule, key) pairs a person is stored under: their current details, other names and earlier
    addresses (a historical model instance in a migration will do)."""
    return keys_for_variants(person_variants(person, person.other_names.all(), person.addresses.all()))


#: Persons whose keys are recomputed together when the whole index is rebuilt: one delete and one insert per
#: batch, where one person at a time took five queries each (hours for a million persons).
REBUILD_BATCH = 1000


def rebuild_blocking_keys(
    persons: QuerySet[Person],
    key_model: type[PersonBlockingKey],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Recompute the stored keys of ``persons`` (unmerged ones; historical models in a migration will do),
    a batch per transaction. Returns the number of keys stored."""
    stored = done = 0
    batch: list[Person] = []

    def store() -> None:
        nonlocal stored, done, batch
        stored, done, batch = stored + store_blocking_keys(batch, key_model), done + len(batch), []
        if progress is not None:
            progress(done)

    for person in persons.order_by("pk").prefetch_related("other_names", "addresses").iterator(REBUILD_BATCH):
        batch.append(person)
        if len(batch) == REBUILD_BATCH:
            store()
    if batch:
        store()
    return stored


def store_blocking_keys(batch: list[Person], key_model: type[PersonBlockingKey] = PersonBlockingKey) -> int:
    """Replace the stored keys of the persons of ``batch`` in one transaction; the number of keys stored."""
    rows = [key_model(person=p, rule=rule, key=key) for p in batch for rule, key in person_blocking_keys(p)]
    with transaction.atomic():
        key_model.objects.filter(person_id__in=[p.pk for p in batch]).delete()
        key_model.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def candidate_ids(keys: Iterable[tuple[str, str]], per_key: int = MAX_PER_KEY) -> dict[uuid.UUID, set[str]]:
    """{person id: the rules under which they are a candidate} for the given (rule, key) pairs."""
    pairs = sorted(set(keys))
    if not pairs:
        return {}
    table = connection.ops.quote_name(PersonBlockingKey._meta.db_table)
    branch = f"SELECT * FROM (SELECT person_id, rule FROM {table} WHERE rule = %s AND key = %s LIMIT {int(per_key)}) AS b{{n}}"  # noqa: S608 (no user text in SQL)
    sql = " UNION ALL ".join(branch.format(n=n) for n in range(len(pairs)))
    params = [value for pair in pairs for value in pair]
    found: dict[uuid.UUID, set[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for person_id, rule in cursor.fetchall():
            pid = person_id if isinstance(person_id, uuid.UUID) else uuid.UUID(str(person_id))
            found.setdefault(pid, set()).add(rule)
    return found


#: The number of persons stored changes slowly; counting a million rows on every keystroke would not.
STORED_COUNT_SECONDS = 300
_stored: tuple[int, float] | None = None


def stored_persons() -> int:
    """How many persons the front door holds (merged records not counted), recounted every few minutes."""
    global _stored
    now = time.monotonic()
    if _stored is None or now >= _stored[1]:
        _stored = (Person.objects.filter(merged_into__isnull=True).count(), now + STORED_COUNT_SECONDS)
    return _stored[0]


def forget_stored_count() -> None:
    global _stored
    _stored = None


def probability_in_store(result: MatchResult) -> float:
    """The chance that a stored person is the one described, given the evidence of ``result`` and that the
    one described is at most one of all those stored.

    The parameter file's probability assumes the training data's chance that two records match (about 1
    in 16,500). Against a million stored persons the chance that any one of them is the child described is
    far smaller, and the same evidence is worth less: a namesake with no date of birth is likelier than
    in the training data (see :meth:`Params.among`)."""
    return probability_among(result, load_online_params(), stored_persons())


@dataclass
class Candidate:
    person: Person
    result: MatchResult
    rules: set[str] = field(default_factory=set)

    @property
    def probability(self) -> float:
        """How likely this person is the one described, among everyone stored (what staff are shown)."""
        return probability_in_store(self.result)


def _score(incoming: Prepared, variants: list[Prepared], explain: bool) -> MatchResult:
    params = load_online_params()
    best: MatchResult | None = None
    for variant in variants:
        result = score_prepared(incoming, variant, params, explain=explain)
        if best is None or result.match_weight > best.match_weight:
            best = result
    assert best is not None
    return best


def find_candidates(
    record: Mapping[str, object],
    *,
    limit: int = 5,
    min_probability: float | None = None,
    exclude: Iterable[uuid.UUID] = (),
) -> list[Candidate]:
    """The persons the described record most likely is, best first, each with a probability and reasons.

    A candidate is listed when the evidence clears ``min_probability`` (the parameter file's threshold by
    default) at the training data's prior: the same bar of evidence whatever the number stored, so that a
    weak candidate is still shown, with a low :attr:`Candidate.probability`, in a large store.
    An empty description (no name, date of birth or identifier) finds nobody."""
    params = load_online_params()
    threshold = params.threshold if min_probability is None else min_probability
    incoming = prepare(record)
    if incoming.is_empty:
        return []
    found = candidate_ids(candidate_keys(incoming))
    for person_id in exclude:
        found.pop(person_id, None)
    if not found:
        return []
    ranked = sorted(found, key=lambda pid: (*candidate_rank(found[pid]), str(pid)))
    # By primary key alone: asked for "and not merged" too, SQLite without statistics (a laptop install never
    # gathers them) walks the index of merged records, which holds every person: 15 ms at 50,000 persons.
    persons = [
        person
        for person in Person.objects.filter(pk__in=ranked[:MAX_SCORED]).only(*MATCH_FIELDS).order_by()
        if person.merged_into_id is None
    ]
    names: dict[uuid.UUID, list[PersonName]] = {}
    addresses: dict[uuid.UUID, list[PersonAddress]] = {}
    ids = [p.pk for p in persons]
    if ids:
        for name in PersonName.objects.filter(person_id__in=ids):
            names.setdefault(name.person_id, []).append(name)
        for address in PersonAddress.objects.filter(person_id__in=ids):
            addresses.setdefault(address.person_id, []).append(address)
    scored: list[tuple[float, Person, list[Prepared]]] = []
    for person in persons:
        variants = [
            prepare(v)
            for v in person_variants(person, names.get(person.pk, ()), addresses.get(person.pk, ()))
        ]
        result = _score(incoming, variants, explain=False)
        if result.probability >= threshold:
            scored.append((result.match_weight, person, variants))
    scored.sort(key=lambda t: (-t[0], t[1].reference))
    return [
        Candidate(person, _score(incoming, variants, explain=True), found[person.pk])
        for _, person, variants in scored[:limit]
    ]
