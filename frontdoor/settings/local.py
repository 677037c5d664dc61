"""A laptop: SQLite under var/, a fixed development key, demo users allowed."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY

SECRET_KEY = _SECRET_KEY or "local-development-only-not-secret"  # noqa: S105
