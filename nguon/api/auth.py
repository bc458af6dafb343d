"""Who calls the API: a logged-in browser session (with its CSRF token for writes) or a personal token
(``Authorization: Bearer ngn_…``). Either way the request then carries ``request.user`` and
``request.scope``, and every operation asks ``api_scope`` for the scope it reads through."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from nguon.accounts.scope import scope_for
from nguon.accounts.tokens import token_authenticate
from nguon.core.scope import Level, Scope


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: a personal API token, not revoked, of an active user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(plain=token.strip())
        if user is None:
            return None
        request.user = user
        request.scope = scope_for(user)  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The browser's session (the docs page, htmx): Django's CSRF check on unsafe methods. A request
    without a session cookie is left to the token (no CSRF check applies to it)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        if key and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("The form's security token (CSRF) is missing or wrong; reload the page."))
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


AUTH = [TokenAuth(), SessionAuth()]


def api_scope(request: HttpRequest, level: Level = Level.ANALYSE) -> Scope:
    """The caller's scope, refused with 403 when it does not hold ``level`` anywhere (a user without any
    assignment reads nothing)."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    if not scope.allows(level):
        raise AuthorizationError(
            403,
            _("Your account has no assignment that allows this; ask the manager of your area.")
            if scope.is_empty
            else _("Your assignment does not allow this."),
        )
    return scope
