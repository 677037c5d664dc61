"""HTTP benchmark (issues 2 and 17): requests per second and p50/p95 latency of a view that touches nothing (the
floor), of the queue's floor (the same 50 rows from one raw SQL query as a plain table) and of the staff queue page
with 10,000 open contacts, signed in, on PostgreSQL behind gunicorn on loopback."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, ROOT, django_env, fresh_database, manage, wait_for, write  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8765"))
USERS = int(os.environ.get("BENCH_USERS", "8"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
OPEN_CONTACTS = 10_000
BIN = Path(sys.executable).parent


def run_locust(user_class: str, host: str, env: dict[str, str]) -> dict[str, float]:
    prefix = OUT / f"locust-{user_class}"
    subprocess.run(
        [
            str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
            "-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS}s", "--host", host,
            "--csv", str(prefix), "--only-summary", "--stop-timeout", "5", user_class,
        ],
        env=env, check=False, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    name = {"FloorUser": "floor", "QueueFloorUser": "queue_floor"}.get(user_class, "queue")
    with open(f"{prefix}_stats.csv", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Name"] == name)
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "requests_per_second": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
    }


SESSIONS_SCRIPT = """
from importlib import import_module
from django.conf import settings
from frontdoor.accounts.models import User
from frontdoor.accounts.testing import complete_sign_in
store = import_module(settings.SESSION_ENGINE).SessionStore
user = User.objects.get(username="social.worker")
for _ in range({count}):
    print(complete_sign_in(store(), user).session_key)
"""


def signed_in_sessions(env: dict[str, str], count: int) -> list[str]:
    """Sessions made directly: signing in costs a deliberately slow password hash we do not want to measure."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-v", "0", "-c", SESSIONS_SCRIPT.format(count=count)],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return result.stdout.split()


def vacuum(url: str) -> None:
    """Statistics and the visibility map as a live database would have them (autovacuum), not a fresh load's."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def main() -> None:
    url = fresh_database("frontdoor_bench_http")
    env = django_env(url)
    Path(env["FRONTDOOR_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--contacts", "2000", "--open", "0", "--extra-open", str(OPEN_CONTACTS))
    manage(env, "collectstatic", "--noinput", "-v0")
    vacuum(url)
    env["BENCH_SESSION_KEYS"] = ",".join(signed_in_sessions(env, USERS))
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "frontdoor.wsgi:application", "--bind", f"127.0.0.1:{PORT}", "--workers", "2"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        host = f"http://127.0.0.1:{PORT}"
        wait_for(host + "/healthz?only=database")
        floor = run_locust("FloorUser", host, env)
        queue_floor = run_locust("QueueFloorUser", host, env)
        queue = run_locust("QueueUser", host, env)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    write(
        "http.json",
        {
            "data": f"PostgreSQL, demo council with 2,000 decided contacts and {OPEN_CONTACTS:,} open contacts "
            "in the signed-in social worker's queue (50 a page)",
            "load": f"locust headless, {USERS} users with no wait, {SECONDS} s each, gunicorn with 2 sync workers "
            "on 127.0.0.1",
            "floor": floor,
            "queue_floor": queue_floor,
            "queue": queue,
            "ratio": {
                "requests_per_second_floor_over_queue": round(
                    floor["requests_per_second"] / max(queue["requests_per_second"], 0.1), 2
                ),
                "p95_queue_over_floor": round(queue["p95_ms"] / max(floor["p95_ms"], 1), 2),
                # the target: the queue within 2x of the same 50 rows fetched raw and rendered plain
                "requests_per_second_queue_floor_over_queue": round(
                    queue_floor["requests_per_second"] / max(queue["requests_per_second"], 0.1), 2
                ),
            },
            "targets": {
                "queue_within_2x_of_queue_floor": queue_floor["requests_per_second"]
                <= 2 * queue["requests_per_second"],
                "queue_p95_under_100_ms": queue["p95_ms"] < 100,
            },
        },
    )


if __name__ == "__main__":
    main()
