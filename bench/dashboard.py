"""Dashboard benchmark (issue 17): the performance page for a quarter at the demo council's size (2,000 contacts
over a year), the whole page rendered for a signed-in analyst, on SQLite and on PostgreSQL. Reports p50/p95 over
BENCH_DASHBOARD_REQUESTS requests and the queries one page costs. Writes var/bench/dashboard.json.

The year of a large council (150,000 contacts) against its raw SQL floor is in bench/reporting.py.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, django_env, fresh_database, manage, write  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_DASHBOARD_REQUESTS", "30"))
TARGET_P95_MS = 300

MEASURE = """
import json, time
from datetime import timedelta
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from frontdoor.accounts.models import User
from frontdoor.accounts.testing import STAFF_BACKEND, complete_sign_in

last = timezone.localdate()
first = last - timedelta(days=90)
query = {
    "start_0": first.day, "start_1": first.month, "start_2": first.year,
    "end_0": last.day, "end_1": last.month, "end_2": last.year, "team": "",
}
client = Client(HTTP_HOST="localhost")
analyst = User.objects.get(username="analyst")
client.force_login(analyst, backend=STAFF_BACKEND)
complete_sign_in(client.session, analyst)
client.get("/staff/performance/", query)  # warm: templates, the connection
times = []
for _ in range(REQUESTS):
    began = time.perf_counter()
    response = client.get("/staff/performance/", query)
    times.append((time.perf_counter() - began) * 1000)
    assert response.status_code == 200, response.status_code
with CaptureQueriesContext(connection) as queries:
    client.get("/staff/performance/", query)
print(json.dumps({"times": times, "queries": len(queries)}))
"""


def measure(env: dict[str, str]) -> dict[str, object]:
    import json

    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--contacts", "2000")
    manage(env, "collectstatic", "--noinput", "-v0")
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-v", "0", "-c",
         f"REQUESTS = {REQUESTS}\n" + MEASURE],
        env=env, cwd=ROOT, check=False, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(result.stderr)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    times = sorted(figures["times"])
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
    return {
        "requests": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "queries_per_page": figures["queries"],
        "within_target": p95 < TARGET_P95_MS,
    }


def main() -> None:
    sqlite_dir = ROOT / "var" / "bench" / "dashboard-sqlite"
    shutil.rmtree(sqlite_dir, ignore_errors=True)
    sqlite_dir.mkdir(parents=True)
    sqlite_env = {
        **django_env(f"sqlite:///{sqlite_dir / 'frontdoor.sqlite3'}"),
        "FRONTDOOR_VAR_DIR": str(sqlite_dir),
    }
    sqlite = measure(sqlite_env)
    print(f"SQLite: {sqlite}", flush=True)
    postgres = measure(django_env(fresh_database("frontdoor_bench_dashboard")))
    print(f"PostgreSQL: {postgres}", flush=True)
    write(
        "dashboard.json",
        {
            "data": "demo council (seed_demo: 2,000 decided contacts over a year), a quarter (91 days to today), "
            "every team, signed-in analyst",
            "method": f"the whole page through Django's test client in one process, {REQUESTS} requests after one "
            f"warm-up; target p95 under {TARGET_P95_MS} ms",
            "sqlite": sqlite,
            "postgresql": postgres,
        },
    )


if __name__ == "__main__":
    main()
