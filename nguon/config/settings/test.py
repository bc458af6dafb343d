"""Test settings: fast password hashing, a fixed key, no login lockout (but in its own tests). The database
still comes from DATABASE_URL."""

import atexit
import os
import shutil
import tempfile

from .base import *  # noqa: F403
from .base import DATABASES

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
# Uploaded files of the tests go to a directory of this process, removed at exit.
_FILES_DIR = tempfile.mkdtemp(prefix="nguon-test-files-")
atexit.register(shutil.rmtree, _FILES_DIR, True)
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": _FILES_DIR, "base_url": "/files-are-not-served/"},
    },
}
IMPORT_IN_BACKGROUND = False  # tests run imports inline, inside their transaction
NGUON_REPORTS_DIR = os.path.join(_FILES_DIR, "reports")  # the demo's reports, never the repository's var/
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test client's login() calls authenticate() without a request, which django-axes refuses; the lockout
# tests (nguon/accounts/tests/test_login.py) turn it on with override_settings.
AXES_ENABLED = False

# On PostgreSQL a runaway plan fails the test within a minute instead of hanging CI (a nested loop over
# areas × areas once ran 11 minutes). Only under pytest (it sets PYTEST_VERSION): the bench reuses these
# settings and its index builds over a national dataset may take longer. NGUON_STATEMENT_TIMEOUT_MS
# overrides (0: none).
STATEMENT_TIMEOUT_MS = int(
    os.environ.get("NGUON_STATEMENT_TIMEOUT_MS", "60000" if "PYTEST_VERSION" in os.environ else "0")
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and STATEMENT_TIMEOUT_MS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
