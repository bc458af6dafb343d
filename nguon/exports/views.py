"""Downloads: the import template and the people-and-tenures export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from nguon.core.downloads import download
from nguon.organizations.selectors import tenure_list
from nguon.people.models import Person

from .xlsx import PeopleTenuresExporter, TemplateExporter, template_kinds


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    known = template_kinds()
    kinds = [k for k in request.GET.getlist("kind") if k in known] or list(known)
    return download(TemplateExporter(kinds).render())


@login_required
def export_people_tenures(request: HttpRequest) -> HttpResponse:
    tenures = tenure_list().order_by("person__sort_key", "start_date", "id")
    people = Person.objects.order_by("sort_key", "birth_date", "id")
    return download(PeopleTenuresExporter(people, tenures).render())
