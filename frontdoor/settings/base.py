"""Settings shared by every environment. Configuration comes from environment variables."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

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
# The key of the audit trail's tamper-evident chain (docs/adr/0020); the SECRET_KEY when not set. Keep it apart
# from the database: whoever holds it can forge a chain.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")
# On PostgreSQL, the role the app connects as, granted INSERT and SELECT only on the audit tables after every
# migration (`manage.py grant_app_role`); empty when the app connects as the owner
FRONTDOOR_APP_ROLE = os.environ.get("FRONTDOOR_APP_ROLE", "")
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
    # The second factor for staff: authenticator apps (TOTP) and recovery codes (docs/adr/0021)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
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
    "frontdoor.feedback",
    "frontdoor.quality",
    "frontdoor.planning",
    "frontdoor.partners",
    "frontdoor.records",
    "frontdoor.demo",
    # The background worker: Django's tasks interface, its database backend, heartbeat (docs/adr/0010)
    "django_tasks",
    "django_tasks_db",
    "frontdoor.worker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (issue 18)
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, writing an unchanged session only when its idle expiry is a minute old (frontdoor/core/sessions.py)
    "frontdoor.core.middleware.SessionMiddleware",
    # Before anything reads a parameter: a NUL or other control character is a 400, never a 500
    "frontdoor.core.middleware.RefuseControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request's IP address and session for the audit trail, and every refused page kept in the access log
    "frontdoor.core.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Which second factor this session passed; staff pages need one (docs/adr/0021)
    "django_otp.middleware.OTPMiddleware",
    "frontdoor.accounts.middleware.RequireSecondFactorMiddleware",
    # Twelve hours at most, however busy; and the list of where each person is signed in
    "frontdoor.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "frontdoor.core.middleware.NoStoreForStaffMiddleware",
    # A view that meets a dropped database connection: a fresh one, then GET once more or a page keeping the form
    "frontdoor.core.middleware.HealDroppedConnectionMiddleware",
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
    # Council single sign-on: does nothing unless FRONTDOOR_SSO_ENABLED
    "frontdoor.accounts.sso.CouncilSignOnBackend",
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
# A password reset link works for two hours, once (Django's token changes with the password)
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:staff_home"
LOGOUT_REDIRECT_URL = "accounts:signed_out"

# Staff sessions end after 30 minutes without a request, and when the browser closes. Every request pushes the
# expiry back, but an unchanged session is written at most once a minute (frontdoor.core.middleware.SessionMiddleware)
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
# ... and 12 hours after signing in, however busy (frontdoor.accounts.sessions)
FRONTDOOR_SESSION_ABSOLUTE_SECONDS = int(
    os.environ.get("FRONTDOOR_SESSION_ABSOLUTE_SECONDS", str(12 * 60 * 60))
)
# Database sessions whose save after the view survives a dropped connection (frontdoor/core/sessions.py)
SESSION_ENGINE = "frontdoor.core.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): everything from our own origin, no inline code at all except the one
# GOV.UK Frontend line that marks the body as JavaScript-enabled, which carries the request's nonce
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): the service needs none of the browser's powerful features
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    ]
}

# Rate limits on the public forms (frontdoor/core/public_forms.py), counted in a cache every web process shares:
# a table in the database (the same on SQLite and PostgreSQL, created by a migration; Django's own Redis or
# memcached backend can replace it). Each limit is "count/period", per address and per email address typed.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "rate_limits": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "frontdoor_rate_limits",
    },
}
RATELIMIT_USE_CACHE = "rate_limits"
# Behind the council's reverse proxy: the header it sets with the caller's address (e.g. HTTP_X_REAL_IP)
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
FRONTDOOR_RATE_LIMITS = {
    "send_request": {"address": "5/10m", "email": "5/h"},
    "save_for_later": {"address": "10/h", "email": "3/h"},
    "resume_draft": {"address": "20/h"},
    # The feedback services send at most three status links an hour to one address themselves
    "status_link": {"address": "20/h", "email": "10/h"},
}

# Lock an account for 30 minutes after 5 failed sign-ins (per username and address)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# The second factor (docs/adr/0021): the name authenticator apps show for the account
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Front Door")
# Single sign-on with the council's identity provider (OpenID Connect): off unless configured
FRONTDOOR_SSO_ENABLED = env_bool("FRONTDOOR_SSO_ENABLED", False)
# Only when the council's provider itself asks every sign-in for a second factor (say so in writing):
# then a single sign-on skips Front Door's own code
FRONTDOOR_SSO_PROVIDER_CHECKS_SECOND_FACTOR = env_bool("FRONTDOOR_SSO_PROVIDER_CHECKS_SECOND_FACTOR", False)
FRONTDOOR_SSO_PROVIDER_NAME = os.environ.get("FRONTDOOR_SSO_PROVIDER_NAME", "your council account")
# The provider's addresses and Front Door's client registration with it (mozilla-django-oidc)
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email"
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_USE_PKCE = True
# Matched to existing staff by email; a person without an account is told to ask their administrator
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "/staff/sign-in/council/not-recognised/"

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
# Export files name children: readable only by the service's own user (0600, folders 0700), and deleted after
# FRONTDOOR_EXPORT_RETENTION_DAYS by the worker (frontdoor/reporting/retention.py)
PRIVATE_FILES = {"file_permissions_mode": 0o600, "directory_permissions_mode": 0o700}
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FRONTDOOR_EXPORT_RETENTION_DAYS = int(os.environ.get("FRONTDOOR_EXPORT_RETENTION_DAYS", "7"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": PRIVATE_FILES},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("FRONTDOOR_FILES_S3_BUCKET"):
    # S3-compatible object storage (AWS, MinIO, Ceph…) through django-storages[s3], for several app servers
    # and workers; credentials come from the usual AWS_* environment variables or the instance's role
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["FRONTDOOR_FILES_S3_BUCKET"],
            "endpoint_url": os.environ.get("FRONTDOOR_FILES_S3_ENDPOINT") or None,
            "region_name": os.environ.get("FRONTDOOR_FILES_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,  # files are only ever served through the app's own checks
            "file_overwrite": False,
        },
    }

# Outbox (see frontdoor/notify): console-and-file by default, SMTP or GOV.UK Notify by configuration
OUTBOX_BACKEND = os.environ.get("OUTBOX_BACKEND", "file")
OUTBOX_FILE_DIR = Path(os.environ.get("OUTBOX_FILE_DIR", VAR_DIR / "outbox"))
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
# A claim lasts this long unless renewed (it is, every third of it, while a delivery runs): a message whose
# worker died is taken over after it. Longer than EMAIL_TIMEOUT is not needed, as the claim is renewed.
OUTBOX_LEASE_SECONDS = float(os.environ.get("OUTBOX_LEASE_SECONDS", "30"))
# Partner systems (docs/adr/0022): the partner API's rate per token, webhook timeouts, the DfE push
PARTNER_API_RATE = os.environ.get("PARTNER_API_RATE", "120/m")
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
# The DfE's children's social care data API: where the daily push goes, and the council's identifiers
CSC_API_URL = os.environ.get("CSC_API_URL", "")
CSC_API_TOKEN = os.environ.get("CSC_API_TOKEN", "")
CSC_API_TIMEOUT_SECONDS = float(os.environ.get("CSC_API_TIMEOUT_SECONDS", "30"))
CSC_LA_CODE = os.environ.get("CSC_LA_CODE", "999")
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
