"""Fault run (issue 17; not in CI, not in `make bench`): online requests sent over HTTP at a set concurrency to
gunicorn on PostgreSQL with two workers sending acknowledgements over SMTP to a recording aiosmtpd sink, while
gunicorn's workers (and once its master), the task workers and every database connection are killed.

Checks: every confirmed request (the referrer saw a reference) is exactly one contact with one acknowledgement,
delivered once; no answer was a 5xx. Reports p50/p95. Writes var/bench/faults.json.

    BENCH_DATABASE_PREFIX=fd_ops_ .venv/bin/python bench/fault_run.py      # FAULT_REQUESTS=1000 FAULT_CONCURRENCY=30
"""

from __future__ import annotations

import atexit
import collections
import os
import random
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import OUT, ROOT, django_env, fresh_database, manage, write  # noqa: E402

REQUESTS = int(os.environ.get("FAULT_REQUESTS", "1000"))
CONCURRENCY = int(os.environ.get("FAULT_CONCURRENCY", "30"))
FAULT_EVERY = float(os.environ.get("FAULT_EVERY_SECONDS", "8"))
GUNICORN_WORKERS = int(os.environ.get("FAULT_GUNICORN_WORKERS", "4"))
# No new request is started after this many seconds (a shared machine can be slow); the figures say how many ran
DEADLINE_SECONDS = float(os.environ.get("FAULT_DEADLINE_SECONDS", "1800"))


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def kill(pid: int) -> bool:
    try:
        os.kill(pid, signal.SIGKILL)
        return True
    except ProcessLookupError:
        return False


def main() -> None:
    stopping: list[Callable[[], None]] = []

    def stopped(*_: object) -> None:  # SIGTERM: the cluster's processes are stopped too, then out at once
        for stop in stopping:
            stop()
        os._exit(1)

    signal.signal(signal.SIGTERM, stopped)
    url = fresh_database("frontdoor_bench_faults")
    env = django_env(url)
    Path(env["FRONTDOOR_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")  # the pages are served with the manifest's file names
    os.environ.update(env)
    import django

    django.setup()
    import psycopg

    from tests.notify.sinks import free_port, received, smtp_sink
    from tests.ops.cluster import Cluster, Counts, p95, prepare, send_request

    prepare(env)
    record = OUT / "faults-sink.jsonl"
    record.unlink(missing_ok=True)
    logs = OUT / "faults-logs"
    logs.mkdir(parents=True, exist_ok=True)
    faults: collections.Counter[str] = collections.Counter()
    counts = Counts()
    confirmed, failed = [], []
    skipped = 0
    with smtp_sink(record) as smtp:
        cluster_env = {
            **env,
            "PYTHONPATH": str(ROOT),
            "OUTBOX_BACKEND": "smtp",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp),
            "OUTBOX_LEASE_SECONDS": "10",
            # behind a proxy, as a council's site is: each referrer has their own address and rate limit
            "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
            "LOG_LEVEL": "WARNING",
        }
        cluster = Cluster(
            cluster_env, ports=[free_port()], workers=2, gunicorn_workers=GUNICORN_WORKERS, log_dir=logs
        )
        atexit.register(cluster.stop)  # whatever happens below (an error, SIGTERM), the processes are stopped
        stopping.append(cluster.stop)
        cluster.start()
        web, *task_workers = cluster.processes
        done = threading.Event()
        rng = random.Random(17)

        def chaos() -> None:
            round_ = 0
            while not done.wait(FAULT_EVERY):
                round_ += 1
                masters = children(web.pid)  # supervise -> gunicorn master -> its workers
                app_workers = [w for m in masters for w in children(m)]
                if app_workers and kill(rng.choice(app_workers)):
                    faults["gunicorn worker SIGKILL"] += 1
                if round_ % 2 == 0:
                    for supervisor in task_workers:
                        for worker in children(supervisor.pid):
                            if kill(worker):
                                faults["task worker SIGKILL"] += 1
                if round_ % 3 == 0:
                    with psycopg.connect(url, autocommit=True) as connection:
                        dropped = connection.execute(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        ).fetchone()
                    faults["database connections terminated"] += dropped[0] if dropped else 0
                if round_ == 5 and masters and kill(masters[0]):
                    faults["gunicorn master SIGKILL"] += 1

        base = f"http://127.0.0.1:{cluster.ports[0]}"
        chaos_thread = threading.Thread(target=chaos, daemon=True)
        began = time.perf_counter()
        chaos_thread.start()
        try:
            with ThreadPoolExecutor(CONCURRENCY) as pool:

                def one(n: int):  # type: ignore[no-untyped-def]
                    if time.perf_counter() - began > DEADLINE_SECONDS:
                        return None
                    return send_request(base, counts, n)

                futures = {pool.submit(one, n): n for n in range(REQUESTS)}
                for future in as_completed(futures):
                    try:
                        result = future.result()
                        if result is None:
                            skipped += 1
                            continue
                        confirmed.append(result)
                    except Exception as error:  # noqa: BLE001 (a request that never got a reference)
                        failed.append(f"{futures[future]}: {error}"[:300])
                    if (len(confirmed) + len(failed)) % 100 == 0:
                        print(f"{len(confirmed)} confirmed, {len(failed)} not, {dict(faults)}", flush=True)
            sending_seconds = time.perf_counter() - began
        finally:
            done.set()
            chaos_thread.join()
        # The faults are over: the workers finish what is left
        from frontdoor.notify.models import OutboxMessage

        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if not OutboxMessage.objects.exclude(status="sent").exists():
                break
            time.sleep(1)
        cluster.stop()

    from frontdoor.intake.models import Contact
    from frontdoor.notify.backends import message_id

    contacts = collections.Counter(Contact.objects.values_list("reference", flat=True))
    shown = collections.Counter(s.reference for s in confirmed)
    by_reference = dict(Contact.objects.values_list("reference", "pk"))
    acks = collections.Counter(
        OutboxMessage.objects.filter(kind="acknowledgement").values_list("idempotency_key", flat=True)
    )
    delivered = collections.Counter("".join(str(m["message_id"]).split()) for m in received(record))
    expected = {message_id(f"acknowledgement:{by_reference[r]}") for r in shown if r in by_reference}
    checks = {
        "every_confirmed_request_is_one_contact": all(contacts[r] == 1 for r in shown),
        "no_contact_without_a_confirmation": len(contacts) - len(shown),
        "every_contact_has_one_acknowledgement": all(
            acks[f"acknowledgement:{pk}"] == 1 for pk in by_reference.values()
        ),
        "acknowledgements_not_delivered": len(expected - set(delivered)),
        "acknowledgements_delivered_twice": sum(1 for n in delivered.values() if n > 1),
        "server_errors_5xx": counts.server_errors,
        "unsent_after_the_run": OutboxMessage.objects.exclude(status="sent").count(),
    }
    print(checks, flush=True)
    write(
        "faults.json",
        {
            "load": f"{REQUESTS} online requests (the screener to the social care route, every page of the request, "
            f"Send request) at concurrency {CONCURRENCY}, one gunicorn with {GUNICORN_WORKERS} workers, two task "
            "workers, PostgreSQL, SMTP to a recording aiosmtpd sink",
            "faults": dict(faults),
            "fault_every_seconds": FAULT_EVERY,
            "confirmed": len(confirmed),
            "not_confirmed": len(failed),
            "not_started_by_the_deadline": skipped,
            "not_confirmed_examples": failed[:5],
            "contacts": sum(contacts.values()),
            "acknowledgements_delivered": sum(delivered.values()),
            "http_requests": counts.requests,
            "connection_errors_retried": counts.connection_errors,
            "request_p95_ms": round(p95(counts.latencies) * 1000, 1),
            "request_p50_ms": round(sorted(counts.latencies)[len(counts.latencies) // 2] * 1000, 1)
            if counts.latencies
            else None,
            "submission_p95_seconds": round(p95([s.seconds for s in confirmed]), 2),
            "sending_seconds": round(sending_seconds, 1),
            "checks": checks,
        },
    )


if __name__ == "__main__":
    main()
