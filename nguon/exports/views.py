"""Downloads: the import template and the people-and-tenures export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from nguon.core.downloads import download
from nguon.organizations.selectors import tenure_list
from nguon.people.models import Person

from .xlsx import TEMPLATE_KINDS, PeopleTenuresExporter, TemplateExporter


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    kinds = [k for k in request.GET.getlist("kind") if k in TEMPLATE_KINDS] or list(TEMPLATE_KINDS)
    return download(TemplateExporter(kinds).render())


@login_required
def export_people_tenures(request: HttpRequest) -> HttpResponse:
    tenures = tenure_list().order_by("person__sort_key", "start_date", "id")
    people = Person.objects.order_by("sort_key", "birth_date", "id")
    return download(PeopleTenuresExporter(people, tenures).render())
