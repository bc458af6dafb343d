"""Test settings: fast password hashing, a fixed key. The database still comes from DATABASE_URL."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
IMPORT_IN_BACKGROUND = False  # tests run imports inline, inside their transaction
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
