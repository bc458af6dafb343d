"""Personal API tokens: shown once, stored as SHA-256 only, listed with their prefix and last use,
revoked for good; the pages are the user's own."""

from __future__ import annotations

import hashlib
import re

from django.test import Client

from nguon.accounts.models import ApiToken
from nguon.accounts.tests.factories import make_user
from nguon.accounts.tokens import token_authenticate, token_create, token_revoke


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_token_is_shown_once_and_stored_hashed(world, editor_a):
    """Creating a token on the page shows the plain token once; the database holds its SHA-256 and prefix,
    never the token; the list shows the prefix, not the token; the token then opens the API."""
    client = _logged_in(editor_a)
    page = client.post("/account/tokens/add/", {"name": "Báo cáo quý"})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    plain = re.search(r'value="(ngn_[^"]+)"', page.content.decode()).group(1)
    token = ApiToken.objects.get(user=editor_a)
    assert token.digest == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in {token.digest, token.prefix, token.name} and plain.startswith(token.prefix)
    assert not ApiToken.objects.filter(digest=plain).exists()
    listing = client.get("/account/tokens/").content.decode()
    assert token.prefix in listing and plain not in listing and "Báo cáo quý" in listing
    assert "chưa dùng" in listing
    api = Client(headers={"Authorization": f"Bearer {plain}"})
    assert api.get("/api/people/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_refused(world, editor_a):
    """After revoking (on the page, by POST), the token gets 401; revoking again changes nothing."""
    token, plain = token_create(user=editor_a, name="x", acting_user=editor_a)
    api = Client(headers={"Authorization": f"Bearer {plain}"})
    assert api.get("/api/areas/").status_code == 200
    client = _logged_in(editor_a)
    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 405
    response = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/account/tokens/"
    token.refresh_from_db()
    revoked_at = token.revoked_at
    assert revoked_at is not None
    refused = api.get("/api/areas/")
    assert refused.status_code == 401 and "Đăng nhập" in refused.json()["detail"]
    assert token_authenticate(plain=plain) is None
    assert token_revoke(token=token, acting_user=editor_a).revoked_at == revoked_at


def test_token_of_a_disabled_user_is_refused(world, editor_a):
    _token, plain = token_create(user=editor_a, name="x", acting_user=editor_a)
    editor_a.is_active = False
    editor_a.save()
    assert Client(headers={"Authorization": f"Bearer {plain}"}).get("/api/areas/").status_code == 401


def test_another_users_token_cannot_be_revoked_or_seen(world, editor_a, viewer_a):
    """A user revoking someone else's token gets 404 and the token stays live; her list does not show it."""
    token, _plain = token_create(user=editor_a, name="của người khác", acting_user=editor_a)
    client = _logged_in(viewer_a)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "của người khác" not in client.get("/account/tokens/").content.decode()


def test_token_needs_a_name(world, editor_a):
    client = _logged_in(editor_a)
    page = client.post("/account/tokens/add/", {"name": "   "})
    assert page.status_code == 200 and not ApiToken.objects.exists()
    assert "ngn_" not in page.content.decode()


def test_token_pages_need_login(db):
    for url in ("/account/tokens/", "/account/tokens/add/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    user = make_user("x")
    assert _logged_in(user).get("/account/tokens/").status_code == 403  # no assignment: nothing to reach


def test_only_the_user_creates_her_tokens(world, editor_a, viewer_a):
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        token_create(user=editor_a, name="x", acting_user=viewer_a)


def test_token_calls_open_no_session(world, api_a):
    """A token call, even with a date (``at``) that a page would remember, creates no session."""
    from django.contrib.sessions.models import Session

    response = api_a.get("/api/people/", {"at": "01/01/2021", "held": "true"})
    assert response.status_code == 200
    assert "sessionid" not in response.cookies and not Session.objects.exists()
