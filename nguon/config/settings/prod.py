"""Production settings: a SECRET_KEY from the environment is required."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment outside development.")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
