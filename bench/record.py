"""Know the child (issue 15), written to var/bench/record.json.

    .venv/bin/python bench/record.py [--persons 1000000]

1. Search: p50/p95 of `people.queries.search_people` (what /staff/search/ runs, access log included) against
   1,000,000 stored persons on PostgreSQL: names with a date of birth as a referrer would give them (through
   the matcher), NHS numbers, dates of birth alone and postcodes alone. Target: p95 under 50 ms.
2. The contact page of a child with a household of 8 and 40 previous contacts (decisions and referrals
   among them): p50/p95 of the whole page through Django's test client. Target: p95 under 150 ms.

Persons are loaded as bench/matching.py loads them (COPY), into database BENCH_RECORD_DB
(frontdoor_bench_record); BENCH_REUSE=1 keeps a database already built with the same number of persons.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from _common import PG_SERVER, ROOT, django_env, fresh_database, write  # noqa: E402
from matching import CHUNK, PERSON_COLUMNS, SEED, build_chunk, query_records  # noqa: E402

ROUNDS = 3
PAGE_LOADS = 40


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _figures(times: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(_p95(times), 2), "n": len(times)}


def load(stored: int) -> float:
    from django.db import connection

    from frontdoor.people.models import Person, PersonBlockingKey

    started = time.perf_counter()
    person_table, key_table = Person._meta.db_table, PersonBlockingKey._meta.db_table
    chunks = [(SEED, start, min(CHUNK, stored - start), True) for start in range(0, stored, CHUNK)]
    with Pool(processes=max(1, min(2, os.cpu_count() or 1))) as pool, connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT LIKE %s",
            [key_table, "%pkey"],
        )
        key_indexes = cursor.fetchall()
        for name, _ in key_indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET session_replication_role = replica")
        raw = cursor.cursor
        for persons, keys, _, _ in pool.imap(build_chunk, chunks):
            with raw.copy(f"COPY {person_table} ({', '.join(PERSON_COLUMNS)}) FROM STDIN") as copy:
                copy.write(persons)
            with raw.copy(f"COPY {key_table} (person_id, rule, key) FROM STDIN") as copy:
                copy.write(keys)
        cursor.execute("SET session_replication_role = DEFAULT")
        for _, definition in key_indexes:
            cursor.execute(definition)
        cursor.execute(f"VACUUM (ANALYZE) {person_table}")
        cursor.execute(f"VACUUM (ANALYZE) {key_table}")
    return time.perf_counter() - started


def household(user, team):  # type: ignore[no-untyped-def]
    """A child with 40 previous contacts (every fourth a referral), in a household of 8 with contacts of
    their own; the current contact is open. Returns the current contact."""
    import datetime as dt
    import uuid

    from django.utils import timezone

    from frontdoor.core.codes import Channel, Outcome, ReferralSource
    from frontdoor.core.references import new_reference
    from frontdoor.intake.models import Contact, ContactChild
    from frontdoor.people.models import ContactPerson, Family, FamilyMember, Person
    from frontdoor.triage.models import Decision, Referral

    now = timezone.now()

    def person(given: str, born: dt.date) -> Person:
        return Person.objects.create(
            reference=new_reference("PN"), given_name=given, family_name="Benchmark", date_of_birth=born,
            postcode="LS6 2AB", address_line_1="1 Bench Street", created_at=now,
        )  # fmt: skip

    def contact(about: Person, days_ago: int, decided: bool, referral: bool) -> Contact:
        received = now - timedelta(days=days_ago)
        record = Contact.objects.create(
            reference=new_reference(), team=team, channel=Channel.PHONE, received_at=received,
            decision_due_at=received, concern="A synthetic concern.", referrer_name="Rita Referrer",
            referral_source=ReferralSource.SCHOOLS, submission_key=uuid.uuid4(),
            status=Contact.Status.DECIDED if decided else Contact.Status.OPEN,
        )  # fmt: skip
        child = ContactChild.objects.create(
            contact=record, given_name=about.given_name, family_name=about.family_name,
            date_of_birth=about.date_of_birth,
        )  # fmt: skip
        ContactPerson.objects.create(
            contact=record, contact_child=child, person=about, role="subject_child", decision="linked",
            given_name=about.given_name, family_name=about.family_name, date_of_birth=about.date_of_birth,
        )  # fmt: skip
        if decided:
            outcome = Outcome.CHILD_AND_FAMILY_ASSESSMENT if referral else Outcome.NO_FURTHER_ACTION
            decision = Decision.objects.create(
                contact=record, outcome=outcome, rationale="Synthetic.", decided_by=user, decided_at=received,
                oversight=Decision.Oversight.AGREED, overseen_by=user, overseen_at=received,
            )  # fmt: skip
            if referral:
                Referral.objects.create(
                    child=child, contact=record, decision=decision, team=team,
                    referral_date=received.date(), source="2A", primary_need="N1", created_at=received,
                )  # fmt: skip
        return record

    child = person("Ava", dt.date(2016, 5, 1))
    members = [child] + [person(f"Sibling{n}", dt.date(2010 + n, 1, 1)) for n in range(5)]
    members += [person("Parent", dt.date(1985, 1, 1)), person("Carer", dt.date(1983, 1, 1))]
    family = Family.objects.create(reference=new_reference("FM"), name="Benchmark household", created_at=now)
    FamilyMember.objects.bulk_create(FamilyMember(family=family, person=p) for p in members)
    for n in range(40):
        contact(child, 20 + n * 9, True, n % 4 == 0)
    for n, sibling in enumerate(members[1:6]):
        contact(sibling, 30 + n * 20, True, n % 2 == 0)
    return contact(child, 0, False, False)


def worker(stored: int) -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from frontdoor.accounts.models import Role, Team, User
    from frontdoor.people import queries
    from frontdoor.people.models import Person

    reuse = os.environ.get("BENCH_REUSE") == "1"
    build_seconds = None
    if not reuse:
        call_command("migrate", verbosity=0)
        build_seconds = round(load(stored), 1)
    elif Person.objects.count() < stored:
        raise SystemExit("BENCH_REUSE=1 but the database holds fewer persons")
    team, _ = Team.objects.get_or_create(
        slug="bench", defaults={"name": "Bench Team", "kind": Team.Kind.SOCIAL_CARE}
    )
    user, _ = User.objects.get_or_create(
        username="bench.sw", defaults={"role": Role.SOCIAL_WORKER, "team": team}
    )

    rng = random.Random(SEED)
    sample = list(Person.objects.order_by("pk").values("nhs_number", "date_of_birth", "postcode")[:2000])
    records = query_records(SEED, stored)
    kinds: dict[str, list[dict[str, object]]] = {
        "name_and_date_of_birth": [
            {
                "name": f"{r['given_name']} {r['family_name']}".strip(),
                "date_of_birth": _date(r.get("date_of_birth", "")),
                "postcode": "",
            }
            for r, _ in records
            if r.get("given_name") or r.get("family_name")
        ],
        "nhs_number": [{"nhs_number": s["nhs_number"]} for s in sample if s["nhs_number"]][:200],
        "date_of_birth": [{"date_of_birth": s["date_of_birth"]} for s in rng.sample(sample, 200)],
        "postcode": [{"postcode": s["postcode"]} for s in rng.sample(sample, 200) if s["postcode"]],
    }
    for criteria in kinds["name_and_date_of_birth"][:20]:  # warm the caches
        queries.search_people(user, path="/staff/search/", **criteria)  # type: ignore[arg-type]
    search: dict[str, object] = {}
    every: list[float] = []
    for kind, criteria_list in kinds.items():
        rounds = []
        for _ in range(ROUNDS):
            times = []
            for criteria in criteria_list:
                t0 = time.perf_counter()
                queries.search_people(user, path="/staff/search/", **criteria)  # type: ignore[arg-type]
                times.append((time.perf_counter() - t0) * 1000)
            rounds.append(times)
        median_round = sorted(rounds, key=_p95)[len(rounds) // 2]
        every += median_round
        search[kind] = _figures(median_round)
    search["all"] = _figures(every)

    current = household(user, team)
    # The page without collectstatic's manifest (the static files themselves are not what is measured)
    from django.conf import settings
    from django.test.utils import override_settings

    from frontdoor.accounts.testing import STAFF_BACKEND, complete_sign_in

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages, ALLOWED_HOSTS=["testserver"]).enable()
    client = Client()
    client.force_login(user, backend=STAFF_BACKEND)
    complete_sign_in(client.session, user)
    url = reverse("triage:contact", args=[current.pk])
    assert client.get(url).status_code == 200
    page_times = []
    for _ in range(PAGE_LOADS):
        t0 = time.perf_counter()
        response = client.get(url)
        page_times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    return {
        "stored_persons": Person.objects.count(),
        "build_seconds": build_seconds,
        "search": search,
        "search_target_p95_ms": 50,
        "contact_page": {**_figures(page_times), "household": 8, "previous_contacts": 40},
        "contact_page_target_p95_ms": 150,
        "what": "people.queries.search_people (access log included); GET of the triage contact page",
    }


def _date(text: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--worker", type=int)
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(worker(args.worker)))
        return 0
    name = os.environ.get("BENCH_RECORD_DB", "frontdoor_bench_record")
    url = f"{PG_SERVER}/{name}" if os.environ.get("BENCH_REUSE") == "1" else fresh_database(name)
    result = subprocess.run(
        [sys.executable, __file__, "--worker", str(args.persons)],
        env=django_env(url), cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"bench/record.py failed:\n{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    write("record.json", figures)
    print(json.dumps({"search": figures["search"]["all"], "contact_page": figures["contact_page"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
