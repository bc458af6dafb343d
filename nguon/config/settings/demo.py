"""The demo as production serves it: DEBUG off (the Vietnamese 404 and 500 pages, no debug page listing the
URL patterns), every security header and the CSP, on localhost over plain HTTP. ``nguon demo`` serves
with these settings (``runserver --insecure`` for the static files, see nguon/demo/management/commands/demo.py).
Not for deployment: nguon.config.settings.prod is."""

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY

DEBUG = False
SECRET_KEY = SECRET_KEY or "demo-only-not-secret-" + "x" * 40
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
