"""Directory benchmark (issue 6) on PostgreSQL: 10,000 synthetic services around Northshire.

Times, in process with Django's test client (no network), the ORUK `/openreferral/services` query with a
postcode-proximity and a taxonomy filter, and the public "Find support for your family" search page; checks
every answer of a sample against a brute-force distance computation. Writes var/bench/directory.json.

    .venv/bin/python bench/directory.py          (BENCH_SERVICES, BENCH_REQUESTS to change the size)
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import psycopg  # noqa: E402
from _common import PG_SERVER, fresh_database, write  # noqa: E402

DATABASE = "frontdoor_bench_directory"
SERVICES = int(os.environ.get("BENCH_SERVICES", "10000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
PROXIMITY_METRES = 8000
CHECKED_QUERIES = 25


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "requests": len(ordered),
        "p50_ms": round(cuts[49] * 1000, 2),
        "p95_ms": round(cuts[94] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def main() -> None:
    started = time.perf_counter()
    url = fresh_database(DATABASE)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "frontdoor.settings.test",  # plain static files: no collectstatic needed
            "DATABASE_URL": url,
            "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from frontdoor.directory import queries, taxonomy
    from frontdoor.directory.models import Postcode
    from frontdoor.directory.seed import SAMPLE_POSTCODES
    from frontdoor.directory.services import load_postcodes
    from frontdoor.directory.synthetic import brute_force, bulk_directory

    try:
        call_command("migrate", "--noinput", verbosity=0)
        load_postcodes(SAMPLE_POSTCODES)
        build_started = time.perf_counter()
        bulk_directory(SERVICES, seed=2026)
        build_seconds = time.perf_counter() - build_started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        rng = random.Random(6)
        postcodes = list(Postcode.objects.values_list("postcode", "latitude", "longitude"))
        categories = [code for code, _, _ in taxonomy.CATEGORIES]
        client = Client()

        def api_query() -> tuple[dict[str, object], tuple[float, float], str]:
            postcode, lat, lon = rng.choice(postcodes)
            code = rng.choice(categories)
            query = {
                "postcode": postcode,
                "proximity": PROXIMITY_METRES,
                "taxonomy_term_id": str(taxonomy.term_id(code)),
                "per_page": 10,
            }
            return query, (lat, lon), code

        # Correctness: every page of a sample of queries against brute force
        mismatches = 0
        compared = 0
        for _ in range(CHECKED_QUERIES):
            query, origin, code = api_query()
            query["per_page"] = 100
            expected = brute_force(
                origin, PROXIMITY_METRES, queries.with_descendants([taxonomy.term_id(code)])
            )
            got: list[tuple[uuid.UUID, int]] = []
            page = 1
            while True:
                body = client.get("/openreferral/services", {**query, "page": page}).json()
                got.extend((uuid.UUID(s["id"]), s["distance"]) for s in body["contents"])
                if body["last_page"]:
                    break
                page += 1
            compared += len(expected)
            if [g[0] for g in got] != [e[0] for e in expected] or [g[1] for g in got] != [
                round(e[1]) for e in expected
            ]:
                mismatches += 1

        def timed(path: str, make_query, count: int) -> tuple[list[float], int]:  # type: ignore[no-untyped-def]
            for _ in range(10):  # warm up
                client.get(path, make_query())
            samples, results = [], 0
            for _ in range(count):
                query = make_query()
                before = time.perf_counter()
                response = client.get(path, query)
                samples.append(time.perf_counter() - before)
                assert response.status_code == 200, (path, query, response.status_code)
                if path.startswith("/openreferral"):
                    results += response.json()["total_items"]
            return samples, results

        api_samples, api_results = timed("/openreferral/services", lambda: api_query()[0], REQUESTS)

        def page_query() -> dict[str, object]:
            postcode = rng.choice(postcodes)[0]
            return {
                "postcode": postcode,
                "category": rng.choice(categories),
                "age": rng.choice(["", "3", "9", "15"]),
            }

        page_samples, _ = timed("/find-support/", page_query, REQUESTS)
        figures = {
            "database": "PostgreSQL",
            "services": SERVICES,
            "locations": SERVICES // 3,
            "postcodes": len(postcodes),
            "build_seconds": round(build_seconds, 1),
            "api_services_postcode_proximity_taxonomy": {
                "path": "/openreferral/services?postcode=…&proximity=8000&taxonomy_term_id=…&per_page=10",
                **percentiles(api_samples),
                "mean_total_items": round(api_results / len(api_samples), 1),
            },
            "public_search_page": {
                "path": "/find-support/?postcode=…&category=…&age=…",
                **percentiles(page_samples),
            },
            "correctness": {
                "queries_checked": CHECKED_QUERIES,
                "services_compared": compared,
                "mismatches": mismatches,
                "method": "every page of the API against haversine over every service (synthetic.brute_force)",
            },
            "total_seconds": round(time.perf_counter() - started, 1),
        }
        write("directory.json", figures)
        if mismatches:
            sys.exit(f"{mismatches} of {CHECKED_QUERIES} proximity queries differ from brute force")
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


if __name__ == "__main__":
    main()
