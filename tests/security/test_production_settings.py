"""Production settings refuse, at start-up and with a message saying what to set, what a security officer would
fail: SQLite, any host, a weak key, secure cookies or HTTPS redirects turned off. With good settings
`manage.py check --deploy` finds nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management.utils import get_random_secret_key

from tests.ops.conftest import ROOT

GOOD = {
    "DJANGO_SETTINGS_MODULE": "frontdoor.settings.production",
    "SECRET_KEY": get_random_secret_key(),
    # Never connected to: settings and system checks do not open the database
    "DATABASE_URL": "postgres://frontdoor@db.northshire.invalid:5432/frontdoor",
    "ALLOWED_HOSTS": "frontdoor.northshire.gov.uk",
    "FRONTDOOR_SITE_URL": "https://frontdoor.northshire.gov.uk",
}
INHERITED = {
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_PRELOAD",
    # Set by the browser tests' live server (Playwright's sync API runs an event loop); never in deployment
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run(command: list[str], **changes: str | None) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name not in INHERITED}
    env.update(GOOD)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def start(**changes: str | None) -> subprocess.CompletedProcess[str]:
    return run(["-c", "import django; django.setup()"], **changes)


def test_good_production_settings_start():
    result = start()
    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"DATABASE_URL": None}, "the database is SQLite"),
        (
            {"DATABASE_URL": "sqlite:////srv/frontdoor.sqlite3"},
            "Set DATABASE_URL to the council's PostgreSQL",
        ),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS is *"),
        ({"ALLOWED_HOSTS": "frontdoor.northshire.gov.uk,*"}, "any Host header would be accepted"),
        ({"ALLOWED_HOSTS": "*.gov.uk"}, "any Host header would be accepted"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is empty"),
        ({"SECRET_KEY": "a" * 80}, "SECRET_KEY is missing, short or easy to guess"),
        ({"SECRET_KEY": "abcdefghij" * 6}, "SECRET_KEY is missing, short or easy to guess"),
        ({"SECRET_KEY": get_random_secret_key()[:30]}, "at least 50 characters"),
        ({"SECRET_KEY": "django-insecure-" + get_random_secret_key()}, "SECRET_KEY is missing"),
        ({"SECRET_KEY": None}, "SECRET_KEY is missing"),
        ({"SESSION_COOKIE_SECURE": "false"}, "SESSION_COOKIE_SECURE is turned off"),
        ({"CSRF_COOKIE_SECURE": "0"}, "CSRF_COOKIE_SECURE is turned off"),
        ({"SECURE_SSL_REDIRECT": "no"}, "SECURE_SSL_REDIRECT is turned off"),
        ({"FRONTDOOR_SITE_URL": "http://frontdoor.northshire.gov.uk"}, "would not use HTTPS"),
    ],
    ids=lambda value: str(value) if isinstance(value, str) else None,
)
def test_production_refuses_to_start(changes, message):
    result = start(**changes)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Front Door will not start in production" in result.stderr
    assert message in result.stderr, result.stderr[-600:]


def test_secure_switches_set_on_explicitly_are_accepted():
    result = start(SESSION_COOKIE_SECURE="true", CSRF_COOKIE_SECURE="1", SECURE_SSL_REDIRECT="yes")
    assert result.returncode == 0, result.stderr
