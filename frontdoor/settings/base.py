"""Settings shared by every environment. Configuration comes from environment variables."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("FRONTDOOR_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "frontdoor.core",
    "frontdoor.accounts",
    "frontdoor.notify",
    "frontdoor.intake",
    "frontdoor.screener",
    "frontdoor.triage",
    "frontdoor.people",
    "frontdoor.directory",
    "frontdoor.reporting",
    "frontdoor.multiagency",
    "frontdoor.records",
    "frontdoor.demo",
    # The background worker: Django's tasks interface, its database backend, heartbeat (docs/adr/0010)
    "django_tasks",
    "django_tasks_db",
    "frontdoor.worker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before anything reads a parameter: a NUL or other control character is a 400, never a 500
    "frontdoor.core.middleware.RefuseControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "frontdoor.core.middleware.NoStoreForStaffMiddleware",
    # Last, as django-axes asks: it turns a lock-out into our own GOV.UK page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "frontdoor.urls"
WSGI_APPLICATION = "frontdoor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontdoor.core.context_processors.service",
                "frontdoor.core.context_processors.backlog",
            ],
            "builtins": ["frontdoor.core.templatetags.govuk"],
        },
    }
]

# Seconds a SQLite connection waits for another writer before "database is locked"
SQLITE_BUSY_TIMEOUT = int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20"))


def with_sqlite_options(database: dict[str, object]) -> dict[str, object]:
    """SQLite that holds up with several people and the worker at once, on every connection: WAL (readers
    never block the writer), a busy timeout (a writer waits its turn instead of failing), and BEGIN IMMEDIATE
    for transactions (a write takes the lock at the start, so two transactions never deadlock upgrading a read
    lock, which the busy timeout cannot save)."""
    if database.get("ENGINE") == "django.db.backends.sqlite3":
        options = dict(database.get("OPTIONS") or {})  # type: ignore[call-overload]
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", SQLITE_BUSY_TIMEOUT)
        options.setdefault(
            "init_command",
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}; PRAGMA foreign_keys=ON",
        )
        database["OPTIONS"] = options
    return database


DATABASES = {
    "default": with_sqlite_options(
        dj_database_url.parse(
            os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'frontdoor.sqlite3'}"),
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            # A connection kept between requests is checked before use, so one dropped by the database
            # (a restart, pg_terminate_backend) is replaced instead of failing the request
            conn_health_checks=True,
        )
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "frontdoor.accounts.backends.StaffBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:staff_home"
LOGOUT_REDIRECT_URL = "accounts:signed_out"

# Staff sessions end after 30 minutes without a request, and when the browser closes
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Lock an account for 30 minutes after 5 failed sign-ins (per username and address)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# Built by `npm run build` (make assets) from the govuk-frontend package and our own Sass
STATICFILES_DIRS = [BASE_DIR / "frontdoor" / "static"]
# Files the service keeps (export jobs' files) go through the default storage: under var/files here; point
# it at S3-compatible storage with django-storages when several app servers and workers share them (README)
MEDIA_ROOT = Path(os.environ.get("FRONTDOOR_FILES_DIR", VAR_DIR / "files"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Outbox (see frontdoor/notify): console-and-file by default, SMTP or GOV.UK Notify by configuration
OUTBOX_BACKEND = os.environ.get("OUTBOX_BACKEND", "file")
OUTBOX_FILE_DIR = Path(os.environ.get("OUTBOX_FILE_DIR", VAR_DIR / "outbox"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
# A claim lasts this long unless renewed (it is, every third of it, while a delivery runs): a message whose
# worker died is taken over after it. Longer than EMAIL_TIMEOUT is not needed, as the claim is renewed.
OUTBOX_LEASE_SECONDS = float(os.environ.get("OUTBOX_LEASE_SECONDS", "30"))
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
# Seconds to wait for GOV.UK Notify or the SMTP relay before treating the delivery as failed (and retrying)
NOTIFY_TIMEOUT = float(os.environ.get("NOTIFY_TIMEOUT", "20"))
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "front.door@northshire.example")

# The background worker (frontdoor/worker, docs/adr/0010): tasks are rows in the database, on SQLite and
# PostgreSQL alike; `manage.py run_worker` runs them
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker whose last heartbeat is older than this is reported as stopped (/healthz), and its tasks run again
WORKER_HEARTBEAT_STALE_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_STALE_SECONDS", "60"))
# Managers and administrators see a banner, and /healthz says 503, once an email or export has waited this long
FRONTDOOR_BACKLOG_WARNING_MINUTES = float(os.environ.get("FRONTDOOR_BACKLOG_WARNING_MINUTES", "10"))

# The service as the public sees it
FRONTDOOR_SERVICE_NAME = os.environ.get("FRONTDOOR_SERVICE_NAME", "Children's services front door")
FRONTDOOR_COUNCIL_NAME = os.environ.get("FRONTDOOR_COUNCIL_NAME", "Northshire County Council")
FRONTDOOR_PHASE = os.environ.get("FRONTDOOR_PHASE", "Beta")
FRONTDOOR_ALLOW_DEMO_USERS = env_bool("FRONTDOOR_ALLOW_DEMO_USERS", True)
# Where the service is published, for links in emails
FRONTDOOR_SITE_URL = os.environ.get("FRONTDOOR_SITE_URL", "http://127.0.0.1:8000")
# The council's three-digit DfE local authority code, for statutory returns
FRONTDOOR_LA_CODE = os.environ.get("FRONTDOOR_LA_CODE", "999")
# The four levels of need, lowest first: each council names them its own way (comma-separated)
FRONTDOOR_LEVELS_OF_NEED = env_list("FRONTDOOR_LEVELS_OF_NEED", "Universal,Additional,Intensive,Specialist")
# The scale decisions use: four_levels (the names above) or families_first (Universal / Family Help / Family Help
# with child protection), the Families First Partnership model (triage/levels.py)
FRONTDOOR_FAMILY_HELP_SCALE = os.environ.get("FRONTDOOR_FAMILY_HELP_SCALE", "four_levels")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# How long the front door keeps a decided contact, by what was decided (docs/adr/0023). Years run from the
# final decision. Anything referred to children's social care (a referral, an assessment, a strategy
# discussion, already open, LADO, private fostering) is never deleted here: the council's social care
# record schedule applies to it (typically until the child's 75th birthday). Save-and-return drafts expire
# on their own (screener delete_expired_drafts).
FRONTDOOR_RETENTION_SCHEDULE = [
    {
        "rule": "closed-no-further-action",
        "label": "Closed with no further action, advice or signposting",
        "outcomes": ["nfa", "advice", "signpost"],
        "years": 6,
    },
    {
        "rule": "early-help-only",
        "label": "Passed to early help only",
        "outcomes": ["early_help"],
        "years": 7,
    },
]
