"""The user's own account page and the managers' user management (to be built out, issue 9)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nguon.core.access import scoped
from nguon.core.scope import Level


@scoped
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", {})


@scoped(level=Level.MANAGE)
def user_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", {})
