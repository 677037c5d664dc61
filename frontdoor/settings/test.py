"""The test suite: SQLite in memory unless DATABASE_URL names another database (CI runs both)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
if "DATABASE_URL" not in os.environ:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# Fast hashing: the suite signs in hundreds of times
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": PRIVATE_FILES},  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
OUTBOX_FILE_DIR = Path(tempfile.mkdtemp(prefix="frontdoor-outbox-"))
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="frontdoor-files-"))
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="frontdoor-static-"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Rate limits count in memory here, emptied before every test (tests/conftest.py): the database table of the
# real setting is not emptied between tests that commit (the browser tests). tests/security/test_public_forms.py
# counts in the real table.
CACHES = {
    **CACHES,  # noqa: F405
    "rate_limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rate-limits"},
    "rate_limits_in_database": CACHES["rate_limits"],  # noqa: F405
}
