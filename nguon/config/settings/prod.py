"""Production settings: everything secret or site-specific comes from the environment.

``SECRET_KEY`` (required), ``ALLOWED_HOSTS`` (comma-separated), ``DATABASE_URL``, ``CONN_MAX_AGE``;
``SECURE_SSL_REDIRECT=0`` only where a proxy in front already redirects to HTTPS and sends
``X-Forwarded-Proto`` (then set ``SECURE_PROXY_SSL_HEADER_FORWARDED_PROTO=1``).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment outside development.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment (comma-separated host names).")

DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") != "0"
if os.environ.get("SECURE_PROXY_SSL_HEADER_FORWARDED_PROTO") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# One year of HTTPS only, subdomains included; ready for the browsers' preload lists.
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
