"""Downloads: the import template and the people-and-tenures export."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from nguon.organizations.selectors import tenure_list
from nguon.people.models import Person

from .xlsx import TEMPLATE_KINDS, people_tenures_xlsx, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    kinds = [k for k in request.GET.getlist("kind") if k in TEMPLATE_KINDS] or list(TEMPLATE_KINDS)
    return _attachment(template_xlsx(kinds), "mau-nhap-nguon.xlsx")


@login_required
def export_people_tenures(request: HttpRequest) -> HttpResponse:
    tenures = tenure_list().order_by("person__sort_key", "start_date", "id")
    people = Person.objects.order_by("sort_key", "birth_date", "id")
    return _attachment(people_tenures_xlsx(people, tenures), f"can-bo-chuc-vu-{dt.date.today():%Y%m%d}.xlsx")
