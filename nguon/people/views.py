"""People pages (to be built out, issue 9)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nguon.core.access import scoped
from nguon.core.scope import Level


@scoped(level=Level.VIEW)
def person_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", {})
