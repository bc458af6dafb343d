"""Settings shared by every environment. Configuration comes from the environment (12-factor)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("NGUON_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "nguon.core",
    "nguon.areas",
    "nguon.people",
    "nguon.organizations",
    "nguon.accounts",
    "nguon.indicators",
    "nguon.imports",
    "nguon.exports",
    "nguon.training",
    "nguon.elections",
    "nguon.rotations",
    "nguon.pipeline",
    "nguon.programmes",
    "nguon.supervision",
    "nguon.support",
    "nguon.reports",
    "nguon.web",
    "nguon.api",
    "nguon.demo",
    "axes",
    "csp",
    # Its templates and static files: /api/docs served from the site (without it ninja loads Swagger UI
    # from a CDN, which the CSP blocks).
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nguon.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nguon.web.middleware.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "nguon.core.headers.PermissionsPolicyMiddleware",
    # Last: it turns the lockout that its backend signals into the Vietnamese login page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nguon.config.urls"

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
                "nguon.web.context.shell",
            ],
        },
    },
]

WSGI_APPLICATION = "nguon.config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'nguon.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a web page while an import writes 100.000 rows in a background thread:
    # WAL lets readers go on during that long write (in the default rollback journal, the writer locks
    # everyone out as soon as its changes spill from the cache); IMMEDIATE makes a second writer wait its
    # turn (busy timeout) at BEGIN instead of failing halfway; a 64 MiB page cache keeps the indexes of a
    # big import in memory; NORMAL sync is durable in WAL mode except on power loss. (temp_store=MEMORY
    # was tried and made a 100.000-row import a third slower.)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Security (issue 9 §4) -------------------------------------------------------------------------
# Argon2id first (OWASP's first choice); the others only verify hashes made before, upgrading them on login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes: 5 wrong passwords for one user name from one address lock that pair out for 15 minutes
# (by the pair, so a colleague on the same office network is not locked out with her); a success resets the
# count. The lockout shows the login page with a Vietnamese message (nguon.accounts.lockout).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "nguon.accounts.backends.RoleBackend",  # the administrator role has every permission (the admin)
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "nguon.accounts.lockout.lockout_response"
AXES_VERBOSE = False

# Content-Security-Policy (django-csp 4): no inline script or style anywhere, no eval, nothing from
# another origin (the assets are vendored); the site may not be framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the site never uses (nguon.core.headers.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Sessions: a working day, cookies out of reach of scripts, not sent on cross-site requests. The CSRF token
# reaches htmx from the template (base.html's hx-headers), never from the cookie, so it is HttpOnly too.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Uploads: form fields and small files in memory; the importer refuses a workbook over IMPORT_MAX_BYTES.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000  # an import's confirmation page ticks each near-duplicate
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = 50 * 1024 * 1024

# Files of activities (photos, documents): on disk under VAR_DIR/files, never served as static files — a
# scoped view reads them (nguon.programmes.views). The size limit and the accepted types are checked on the
# content (nguon.programmes.files).
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "files"), "base_url": "/files-are-not-served/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACTIVITY_FILE_MAX_BYTES = 10 * 1024 * 1024

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "nguon" / "locale"]
FORMAT_MODULE_PATH = ["nguon.config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Uploaded workbooks are imported in a background thread while the page shows progress.
IMPORT_IN_BACKGROUND = True
