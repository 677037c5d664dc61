"""Front Door scaled out on one PostgreSQL, for tests/ops/test_scale_out.py and bench/fault_run.py: several
gunicorn app servers and several workers (each under frontdoor/worker/supervise.py, as in production), email
through SMTP to the recording aiosmtpd sink, and online requests sent over HTTP as a referrer's browser sends them.

Nothing here is Django's test client: every request crosses a socket to a real gunicorn."""

from __future__ import annotations

import html
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
SUPERVISE = [sys.executable, "-m", "frontdoor.worker.supervise", "--"]
BIN = Path(sys.executable).parent

PREPARE = """
from frontdoor.accounts.models import Team
from frontdoor.screener.services import ensure_live_definition
Team.objects.get_or_create(slug="chat", defaults=dict(name="Children's Help and Advice Team",
    kind=Team.Kind.SOCIAL_CARE, receives_online_concerns=True))
Team.objects.get_or_create(slug="fast", defaults=dict(name="Family Advice and Support Team",
    kind=Team.Kind.EARLY_HELP))
ensure_live_definition()
"""


def prepare(env: dict[str, str]) -> None:
    """The teams that receive online requests and the live screener definition."""
    subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-v", "0", "-c", PREPARE],
        cwd=ROOT, env=env, check=True, timeout=180,
    )  # fmt: skip


@dataclass
class Cluster:
    env: dict[str, str]
    ports: list[int]
    workers: int = 2
    gunicorn_workers: int = 2
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    log_dir: Path | None = None

    def start(self) -> None:
        for n, port in enumerate(self.ports):
            self._start(
                f"web-{n}",
                *SUPERVISE, str(BIN / "gunicorn"), "frontdoor.wsgi:application", "--bind", f"127.0.0.1:{port}",
                "--workers", str(self.gunicorn_workers), "--timeout", "60",
            )  # fmt: skip
        for n in range(self.workers):
            self._start(
                f"worker-{n}",
                *SUPERVISE, sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--interval", "0.3",
                "--heartbeat", "1",
            )  # fmt: skip
        for port in self.ports:
            wait_for_http(f"http://127.0.0.1:{port}/healthz?only=database")

    def _start(self, name: str, *command: str) -> None:
        output = open(self.log_dir / f"{name}.log", "ab") if self.log_dir else subprocess.DEVNULL  # noqa: SIM115
        self.processes.append(
            subprocess.Popen(
                list(command),
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        )

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def group_members(pgid: int) -> list[int]:
    """Every process in a process group (from /proc): a supervisor's command and what it forked."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                found.append(int(entry.name))
    return found


def wait_for_http(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=3).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


# --- An online request, sent over HTTP -------------------------------------------------------------------

SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
REFERENCE = re.compile(r'<strong id="reference">([^<]+)</strong>')


@dataclass
class Sent:
    reference: str
    email: str
    seconds: float


@dataclass
class Counts:
    requests: int = 0
    server_errors: int = 0  # 5xx answers
    connection_errors: int = 0  # the server went away mid-request (killed): the browser tries again
    latencies: list[float] = field(default_factory=list)


class Browser:
    """A referrer's browser: cookies, the CSRF token, and trying a page again when the connection breaks."""

    def __init__(self, base: str, counts: Counts, tries: int = 20, address: str = "") -> None:
        self.base, self.counts, self.tries = base, counts, tries
        self.session = requests.Session()
        # The caller's address as the council's reverse proxy passes it on (RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP)
        self.headers = {"X-Real-IP": address} if address else {}

    def _send(self, method: str, path: str, data: dict[str, object] | None = None) -> requests.Response:
        for attempt in range(self.tries):
            body = dict(data or {})
            if method == "POST":
                body["csrfmiddlewaretoken"] = self.session.cookies.get("csrftoken", "")
            began = time.perf_counter()
            try:
                response = self.session.request(
                    method, self.base + path, data=body or None, allow_redirects=False, timeout=60,
                    headers={"Referer": self.base + path, **self.headers},
                )  # fmt: skip
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                # refused, or cut off mid-page by a killed worker: the referrer loads the page again
                self.counts.connection_errors += 1
                time.sleep(min(0.2 * (attempt + 1), 2))
                continue
            self.counts.requests += 1
            self.counts.latencies.append(time.perf_counter() - began)
            if response.status_code >= 500:
                self.counts.server_errors += 1
                time.sleep(0.5)
                continue
            return response
        raise RuntimeError(f"{method} {path} failed {self.tries} times")

    def get(self, path: str) -> requests.Response:
        return self._send("GET", path)

    def post(self, path: str, data: dict[str, object]) -> requests.Response:
        response = self._send("POST", path, data)
        if response.status_code == 403 and "timed out" in response.text:
            # a fresh CSRF token (e.g. the session was lost with a killed worker): the page is loaded again
            self.get(path)
            response = self._send("POST", path, data)
        return response


def _years_ago(years: int) -> date:
    today = date.today()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def send_request(base: str, counts: Counts, n: int) -> Sent:
    """The screener to the social care route, every page of the request, and "Send request"; `n` makes the
    referrer's email address (and so the acknowledgement) and their address unique (the rate limits are per
    address and per email). Returns the reference the referrer was shown."""
    from tests.screener.web import journey

    began = time.perf_counter()
    browser = Browser(base, counts, address=f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}")
    email = f"referrer{n}@school.example"
    browser.get("/concern/start/")
    for question_id, data in journey.ROUTES["CSC"]:
        if question_id == "child_dob":
            born = _years_ago(5)
            data = {"child_dob_0": born.day, "child_dob_1": born.month, "child_dob_2": born.year}
        browser.get(f"/concern/questions/{question_id}/")
        browser.post(f"/concern/questions/{question_id}/", dict(data))
    pages: list[tuple[str, dict[str, object]]] = [
        ("/concern/request/list/children/1/", dict(journey.CHILD, given_name=f"Ava{n}")),
        ("/concern/request/list/children/", {}),
        ("/concern/request/list/household/1/", dict(journey.PERSON)),
        ("/concern/request/list/household/", {}),
        *[(f"/concern/request/{key}/", dict(journey.SECTIONS[key])) for key in
          ("communication", "concern", "strengths", "safety", "support")],
        ("/concern/request/consent/", dict(journey.CSC_CONSENT)),
        ("/concern/request/referrer/", dict(journey.SECTIONS["referrer"], email=email)),
    ]  # fmt: skip
    browser.get("/concern/request/")
    for path, data in pages:
        browser.get(path)
        browser.post(path, data)
    check = browser.get("/concern/request/check/")
    key = SUBMISSION_KEY.search(check.text)
    if key is None:
        raise RuntimeError(f"no submission key on the check page ({check.status_code}): {check.text[:500]}")
    sent = browser.post("/concern/request/check/", {"submission_key": html.unescape(key.group(1))})
    if sent.headers.get("Location", "").rstrip("/").endswith("/request/sent") is False:
        raise RuntimeError(f"Send request went to {sent.status_code} {sent.headers.get('Location')}")
    page = browser.get("/concern/request/sent/")
    found = REFERENCE.search(page.text)
    if found is None:
        raise RuntimeError(f"no reference on the sent page: {page.text[:800]}")
    return Sent(found.group(1).strip(), email, time.perf_counter() - began)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)] if ordered else 0.0


def every(seconds: float, action: Callable[[], object], until: Callable[[], bool]) -> None:
    while not until():
        time.sleep(seconds)
        action()
