"""Security settings as a browser and a deployment see them (issue 9 §4): CSP without unsafe-inline and the
other headers, cookies, argon2, the Vietnamese error pages with DEBUG off, ``check --deploy`` clean."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import include, path

from nguon.accounts.tests.factories import make_user

ROOT = Path(__file__).resolve().parents[3]


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Đơn vị này nằm ngoài phạm vi của bạn.")


# A URLconf for the error-page tests: the site's routes plus two views that fail.
urlpatterns = [
    path("test-boom/", boom),
    path("test-denied/", denied),
    path("", include("nguon.config.urls")),
]


def _csp(response: HttpResponse) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_pages_carry_a_csp_without_unsafe_inline(client):
    """Every page says: scripts, styles, images, forms only from the site; no inline code; no framing."""
    response = client.get("/login/")
    assert response.status_code == 200
    csp = _csp(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert csp["default-src"] == "default-src 'self'"
    assert csp["script-src"] == "script-src 'self'"
    assert csp["style-src"] == "style-src 'self'"
    assert csp["img-src"] == "img-src 'self' data:"
    assert csp["object-src"] == "object-src 'none'"
    assert csp["base-uri"] == "base-uri 'self'"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["form-action"] == "form-action 'self'"


@pytest.mark.django_db
def test_pages_carry_the_other_security_headers(client):
    """No sniffing, no referrer to other sites, no framing, a separate browsing context, no camera …"""
    response = client.get("/login/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )


def test_templates_have_no_inline_script_style_or_handler():
    """The CSP forbids inline code: no <script> body, no style="…", no on…= handler, no hx-on in any of
    the project's templates (a <script type="application/json"> data block would be allowed; none is used)."""
    bad = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle\s*=|\son[a-z]+\s*=|hx-on", re.IGNORECASE)
    offenders = [
        f"{p.relative_to(ROOT)}: {m.group(0).strip()}"
        for p in sorted((ROOT / "nguon").glob("**/templates/**/*.html"))
        for m in bad.finditer(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_out_of_reach_of_scripts(client):
    """After logging in: the session cookie is HttpOnly, SameSite=Lax, lasts a working day; the CSRF cookie is
    HttpOnly too (htmx gets the token from the page)."""
    make_user("lan", password="mat-khau-dai-1")
    client.get("/login/")
    response = client.post("/login/", {"username": "lan", "password": "mat-khau-dai-1"})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert int(session["max-age"]) == 8 * 60 * 60
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"


@pytest.mark.django_db
def test_passwords_are_stored_with_argon2(settings):
    """The project's hashers put Argon2id first (the tests use MD5 for speed: restore the base list)."""
    from nguon.config.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    user = make_user("hoa", password="mat-khau-dai-2")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("mat-khau-dai-2")


def test_upload_limits_are_set(settings):
    """Requests and files in memory are bounded; the importer reads its own limit from IMPORT_MAX_BYTES."""
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    assert settings.IMPORT_MAX_BYTES == 50 * 1024 * 1024


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_mistyped_address_gives_the_vietnamese_404_without_url_patterns(client):
    """A mistyped URL shows the site's own 404 page in Vietnamese, never Django's list of URL patterns."""
    make_user("mai", password="x")
    client.login(username="mai", password="x")
    response = client.get("/nguoi-dung/khong-co/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html and "Về trang tổng quan" in html
    assert "URLconf" not in html and "urlpatterns" not in html and "Not Found" not in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_refusal_gives_the_vietnamese_403_with_its_reason():
    """A PermissionDenied shows the 403 page with its Vietnamese reason."""
    client = Client()
    make_user("tam", password="x")
    client.login(username="tam", password="x")
    response = client.get("/test-denied/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Không được phép" in html and "Đơn vị này nằm ngoài phạm vi của bạn." in html


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_server_error_gives_the_vietnamese_500():
    """An unexpected error shows the standalone 500 page in Vietnamese, with the site's stylesheet."""
    client = Client(raise_request_exception=False)
    response = client.get("/test-boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi máy chủ" in html and "a bug" not in html and "Traceback" not in html


def test_500_page_needs_no_context():
    """Django renders 500.html with an empty context: no request, no database, no url tag to fail."""
    html = render_to_string("500.html")
    assert "Lỗi máy chủ" in html and 'href="/"' in html
    assert "{% url" not in (ROOT / "nguon/web/templates/500.html").read_text(encoding="utf-8")


@pytest.mark.django_db
@override_settings(DEBUG=False, ALLOWED_HOSTS=["nguon.example"])
def test_bad_request_gives_the_vietnamese_400(client):
    """A request for a host the site does not serve is refused with the Vietnamese 400 page."""
    response = client.get("/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_expired_form_gives_the_vietnamese_csrf_page():
    """A form posted without its token (an expired page) is refused with a Vietnamese explanation."""
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hiệu lực" in response.content.decode()


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nguon", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _prod_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a deployment: none of the test run's (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECRET_KEY", "ALLOWED_HOSTS", "SECURE_", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="nguon.config.settings.prod",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        NGUON_VAR_DIR=str(tmp_path),
        **extra,
    )
    return env


def test_check_deploy_reports_nothing_under_production_settings(tmp_path):
    """``nguon check --deploy`` with the production settings and a real secret key reports no issue."""
    key = secrets.token_urlsafe(50)[:50]
    result = _run(
        _prod_env(tmp_path, SECRET_KEY=key, ALLOWED_HOSTS="example.org"),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_settings_need_a_secret_key_from_the_environment(tmp_path):
    """Without SECRET_KEY in the environment the production settings refuse to start."""
    result = _run(_prod_env(tmp_path, ALLOWED_HOSTS="example.org"), "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment" in result.stderr


def test_demo_settings_serve_with_debug_off():
    """The demo serves as production would: DEBUG off, on localhost, with the same security settings."""
    from nguon.config.settings import base, demo

    assert demo.DEBUG is False
    assert {"127.0.0.1", "localhost"} <= set(demo.ALLOWED_HOSTS)
    assert demo.CONTENT_SECURITY_POLICY == base.CONTENT_SECURITY_POLICY
    assert demo.MIDDLEWARE == base.MIDDLEWARE
