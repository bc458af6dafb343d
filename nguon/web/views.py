"""The shell's pages: the dashboard, the areas and organizations (to be built out, issue 9)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nguon.core.access import scoped


@scoped
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", {})


@scoped
def area_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", {})
