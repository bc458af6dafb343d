"""Marking views as scoped: every route of the site is either ``scoped`` (it reads and writes through
``request.scope``, needs a login and a level somewhere) or ``public`` (login, language switch, error
pages). The scope walk (nguon/web/tests/test_scope_walk.py) refuses any route that is neither."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, overload

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .scope import Level

V = TypeVar("V", bound=Callable[..., Any])


@overload
def scoped(view: V) -> V: ...
@overload
def scoped(*, level: Level = ...) -> Callable[[V], V]: ...
def scoped(view: V | None = None, *, level: Level = Level.ANALYSE) -> Any:
    """Require a logged-in user holding ``level`` somewhere; the view reads only through ``request.scope``.
    Anonymous users are sent to the login page; a user without the level gets 403."""

    def decorate(func: V) -> V:
        @wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.scope.allows(level):  # type: ignore[attr-defined]
                raise PermissionDenied
            return func(request, *args, **kwargs)  # type: ignore[no-any-return]

        wrapper.nguon_scoped = level  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate(view) if view is not None else decorate


def public(view: V) -> V:
    """A route with no personal data that anyone may open (login, language switch)."""
    view.nguon_public = True  # type: ignore[attr-defined]
    return view


def is_marked(callback: Any) -> bool:
    """Whether a URL pattern's callback says how it is scoped (function views, or class views' view_class)."""
    for target in (callback, getattr(callback, "view_class", None), getattr(callback, "__wrapped__", None)):
        if target is not None and (
            getattr(target, "nguon_scoped", None) is not None or getattr(target, "nguon_public", False)
        ):
            return True
    return False
