"""Downloads: the import template and the people-and-tenures export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nguon.core.access import scoped
from nguon.core.downloads import download
from nguon.core.scope import Level
from nguon.organizations.selectors import tenure_list
from nguon.people.selectors import person_list

from .xlsx import PeopleTenuresExporter, TemplateExporter, template_kinds


@scoped(level=Level.VIEW)
def export_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", {})


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    known = template_kinds()
    kinds = [k for k in request.GET.getlist("kind") if k in known] or list(known)
    return download(TemplateExporter(kinds).render())


@scoped(level=Level.VIEW)
def export_people_tenures(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    tenures = tenure_list(scope=scope).order_by("person__sort_key", "start_date", "id")
    people = person_list(scope=scope).order_by("sort_key", "birth_date", "id")
    return download(PeopleTenuresExporter(people, tenures).render())
