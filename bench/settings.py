"""Settings for the web benchmark: the production shape (DEBUG off, no test-only options) over plain HTTP on
loopback. Not for deployment: nguon.config.settings.prod is."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)

from nguon.config.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
AXES_ENABLED = False  # 20 simulated users log in from one address
