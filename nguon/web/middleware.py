"""Per request: the user's access scope and the date the pages show ("tại ngày"), kept across pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from nguon.accounts.scope import scope_for
from nguon.core.dates import parse_user_date

SESSION_KEY = "nguon_at"


class ScopeMiddleware:
    """Set ``request.scope`` (built once, lazily, from the user's assignments) and ``request.at``: the date
    given as ``?at=dd/mm/yyyy`` (then remembered in the session), else the remembered one, else the scope's
    default (today, or the last day of an area that has ended). A date that cannot be read leaves the
    previous one and sets ``request.at_error``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.scope = SimpleLazyObject(lambda: scope_for(request.user))  # type: ignore[attr-defined]
        request.at_error = ""  # type: ignore[attr-defined]
        request.at = self._at(request)  # type: ignore[attr-defined]
        return self.get_response(request)

    @staticmethod
    def _at(request: HttpRequest) -> dt.date:
        session = getattr(request, "session", None)
        raw = request.GET.get("at", "").strip()
        if raw:
            try:
                chosen = parse_user_date(raw)
            except ValueError as error:
                request.at_error = str(error)  # type: ignore[attr-defined]
            else:
                if session is not None and request.user.is_authenticated:  # no session for API tokens
                    session[SESSION_KEY] = chosen.isoformat()
                return chosen
        if session is not None and session.get(SESSION_KEY):
            try:
                return dt.date.fromisoformat(session[SESSION_KEY])
            except ValueError:
                pass
        default: dt.date = request.scope.default_date()  # type: ignore[attr-defined]
        return default
