"""WSGI entry point (gunicorn nguon.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nguon.config.settings.prod")
application = get_wsgi_application()
