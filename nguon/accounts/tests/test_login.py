"""Logging in (issue 9 §4): every officer at /login/, the admin's login leads there, and after five wrong
passwords the account is locked on that computer with a Vietnamese message."""

from __future__ import annotations

import pytest
from django.test import override_settings

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

LOCKED = "Nhập sai mật khẩu quá nhiều lần: tài khoản này bị khóa trên máy này trong 15 phút."


def _officer(username="lan", password="mat-khau-dai-1"):
    """A ward officer who is not staff: the kind of user the admin's login turned away."""
    return make_user(username, area=AreaFactory(), role=Role.EDITOR, password=password)


def test_non_staff_officer_logs_in_on_the_site(client):
    """A non-staff officer logs in with her password at /login/ and lands on the overview."""
    _officer()
    page = client.get("/login/")
    assert page.status_code == 200 and "Đăng nhập" in page.content.decode()
    response = client.post("/login/", {"username": "lan", "password": "mat-khau-dai-1"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_wrong_password_is_said_in_vietnamese(client):
    """A wrong password keeps the login page with Django's Vietnamese message and the user name typed."""
    _officer()
    response = client.post("/login/", {"username": "lan", "password": "sai"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "mật khẩu chính xác" in html and 'value="lan"' in html


def test_admin_login_sends_anonymous_users_to_the_site_login(client):
    """The admin's own login form (staff accounts only) is never shown: /admin/login/ goes to /login/."""
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/admin/"
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/")


def test_admin_sends_an_ordinary_officer_to_the_overview(client):
    """A logged-in officer who opens /admin/ is taken to the overview with a message, not asked for a staff
    password."""
    _officer()
    client.post("/login/", {"username": "lan", "password": "mat-khau-dai-1"})
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "chỉ dành cho quản trị viên hệ thống" in response.content.decode()


def test_administrator_reaches_the_admin_after_the_site_login(client):
    """A system administrator logs in at /login/ and reaches the admin."""
    make_user("quantri", role=Role.ADMINISTRATOR, password="mat-khau-dai-3", is_staff=True)
    response = client.post(
        "/login/?next=/admin/", {"username": "quantri", "password": "mat-khau-dai-3", "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_lock_the_account_with_a_vietnamese_message(client):
    """Four wrong passwords are just wrong; the fifth locks the user name from this address for 15 minutes:
    the login page says so in Vietnamese (status 429), and even the right password is refused."""
    _officer()
    for _ in range(4):
        response = client.post("/login/", {"username": "lan", "password": "sai"})
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    response = client.post("/login/", {"username": "lan", "password": "sai"})
    html = response.content.decode()
    assert response.status_code == 429
    assert LOCKED in html and 'value="lan"' in html and "Forbidden" not in html
    response = client.post("/login/", {"username": "lan", "password": "mat-khau-dai-1"})
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_lockout_is_by_user_name_and_address(client):
    """A colleague on the same office network is not locked out with the user who mistyped."""
    _officer()
    _officer("hoa", "mat-khau-dai-2")
    for _ in range(5):
        client.post("/login/", {"username": "lan", "password": "sai"})
    response = client.post("/login/", {"username": "hoa", "password": "mat-khau-dai-2"})
    assert response.status_code == 302


@override_settings(AXES_ENABLED=True)
def test_a_success_resets_the_count(client):
    """Wrong passwords before a successful login do not count towards a later lockout."""
    _officer()
    for _ in range(4):
        client.post("/login/", {"username": "lan", "password": "sai"})
    assert client.post("/login/", {"username": "lan", "password": "mat-khau-dai-1"}).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        response = client.post("/login/", {"username": "lan", "password": "sai"})
    assert response.status_code == 200
