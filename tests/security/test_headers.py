"""Security headers a council's security officer checks first: a strict Content-Security-Policy whose nonce is
on the one inline script, a Permissions-Policy that grants nothing, and no `Server` banner from gunicorn."""

from __future__ import annotations

import re
import sys
import urllib.request
from pathlib import Path

import pytest

from frontdoor.accounts.models import Role
from tests.conftest import signed_in
from tests.notify.sinks import free_port
from tests.ops.conftest import ROOT, shared_database, stop, wait_until  # noqa: F401

from .urlconf import all_routes

ROUTES = all_routes()
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\s(on[a-z]+|style)\s*=", re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_the_policy_allows_only_our_own_origin_and_no_inline_code(client):
    response = client.get("/")
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


def test_the_govuk_frontend_inline_script_carries_this_requests_nonce(client):
    first, second = client.get("/"), client.get("/")
    nonces = []
    for response in (first, second):
        (attributes,) = INLINE_SCRIPT.findall(response.content.decode())
        nonce = re.search(r'nonce="([^"]+)"', attributes).group(1)
        assert f"'nonce-{nonce}'" in directives(response)["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]  # a fresh nonce for every response


def test_the_permissions_policy_grants_no_powerful_feature(client):
    policy = client.get("/").headers["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in policy


@pytest.fixture(params=[None, Role.CONTACT_OFFICER, Role.TEAM_MANAGER, Role.ANALYST, Role.ADMINISTRATOR])
def client_as(request, client, make_user, chat):
    if request.param is not None:
        signed_in(client, make_user(f"user.{request.param}", request.param, chat))
    return client


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_no_page_has_inline_code_the_policy_would_block(client_as, route):
    """Every page any role can open: each inline <script> has the nonce, no style="" or on…="" attributes."""
    response = client_as.get(route.path)
    assert "Content-Security-Policy" in response.headers, route.path
    if "html" not in response.get("Content-Type", "") or not hasattr(response, "content"):
        return
    page = response.content.decode()
    for attributes in INLINE_SCRIPT.findall(page):
        nonce = re.search(r'nonce="([^"]+)"', attributes)
        assert nonce and f"'nonce-{nonce.group(1)}'" in directives(response)["script-src"], route.path
    assert not INLINE_HANDLER.search(page), (route.path, INLINE_HANDLER.search(page).group(0))


def _headers(port: int) -> dict[str, str] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/floor", timeout=2) as response:  # noqa: S310
            return dict(response.headers)
    except OSError:
        return None


def test_gunicorn_sends_no_server_banner(shared_database):
    """gunicorn started the way the Procfile starts it (it reads gunicorn.conf.py from the project folder)."""
    port = free_port()
    server = shared_database.start(
        str(Path(sys.executable).with_name("gunicorn")), "frontdoor.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", "1",
    )  # fmt: skip
    try:
        wait_until(lambda: _headers(port) is not None)
        headers = {name.lower(): value for name, value in (_headers(port) or {}).items()}
        assert "server" not in headers
        assert "content-security-policy" in headers
    finally:
        stop(server)
    assert (ROOT / "gunicorn.conf.py").exists()
