"""Production: refuses to start with settings a security officer would fail (issue 18), each with a message that
says what to set; demo accounts cannot sign in. `manage.py check --deploy` is clean with these settings."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DATABASES, FRONTDOOR_SITE_URL, SECRET_KEY, env_bool

# A key Django's get_random_secret_key() makes has 50 characters and about 32 different ones; a key with
# fewer than 20 different characters was typed or repeated, not generated
MINIMUM_SECRET_KEY_LENGTH = 50
MINIMUM_DISTINCT_SECRET_KEY_CHARACTERS = 20
PLACEHOLDER_SECRET_KEY_WORDS = ("not-secret", "insecure", "change-me", "changeme", "secret-key", "example")
# Switches that must stay on in production; each may be set in the environment only to say "true"
SECURE_SWITCHES = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT")


def refuse(problem: str, fix: str) -> None:
    raise ImproperlyConfigured(f"Front Door will not start in production: {problem}. {fix}")


def check_secret_key(key: str) -> None:
    if (
        len(key) < MINIMUM_SECRET_KEY_LENGTH
        or len(set(key)) < MINIMUM_DISTINCT_SECRET_KEY_CHARACTERS
        or any(word in key.lower() for word in PLACEHOLDER_SECRET_KEY_WORDS)
    ):
        refuse(
            "SECRET_KEY is missing, short or easy to guess",
            "Set SECRET_KEY to a random value of at least 50 characters, for example the output of "
            "`python -c 'from django.core.management.utils import get_random_secret_key as k; print(k())'`.",
        )


check_secret_key(SECRET_KEY)

if DATABASES["default"].get("ENGINE") == "django.db.backends.sqlite3":
    refuse(
        "the database is SQLite (the default when DATABASE_URL is not set)",
        "Set DATABASE_URL to the council's PostgreSQL database, e.g. postgres://frontdoor@db.internal/frontdoor.",
    )

if not ALLOWED_HOSTS or any(host == "*" or host.startswith("*") for host in ALLOWED_HOSTS):
    refuse(
        f"ALLOWED_HOSTS is {','.join(ALLOWED_HOSTS) or 'empty'}, so any Host header would be accepted",
        "Set ALLOWED_HOSTS to the service's own host names, comma-separated, e.g. frontdoor.northshire.gov.uk.",
    )

for _switch in SECURE_SWITCHES:
    if not env_bool(_switch, True):
        refuse(
            f"{_switch} is turned off",
            f"Remove {_switch} from the environment: cookies and pages are sent over HTTPS only in production.",
        )

if not FRONTDOOR_SITE_URL.startswith("https://"):
    refuse(
        f"FRONTDOOR_SITE_URL is {FRONTDOOR_SITE_URL!r}, so links in emails would not use HTTPS",
        "Set FRONTDOOR_SITE_URL to the address the public uses, e.g. https://frontdoor.northshire.gov.uk.",
    )

DEBUG = False
FRONTDOOR_ALLOW_DEMO_USERS = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Asking browsers to preload HSTS commits the council's whole domain, which is the council's decision to make:
# off unless SECURE_HSTS_PRELOAD=true, and then `check --deploy` need not remind anyone
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
