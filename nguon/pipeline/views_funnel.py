"""The page "Phễu nguồn cán bộ" (issue 10 §7): for an area of the reader's analysis scope and a period, the
funnel pool → trained → nominated → elected or appointed with a bar per stage, the table by sex and age group,
and the appointments and promotions to key posts per year and sex (``pipeline.funnel``). Counts at ANALYSE
level; names only of the people inside the reader's view scope, the others counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.areas.selectors import area_get_by_code
from nguon.core.access import scoped
from nguon.core.dates import parse_user_date
from nguon.core.formats import format_date, format_percent
from nguon.core.scope import Level, Scope, outermost
from nguon.people.choices import Sex

from . import funnel


def area_choices(*, scope: Scope, at: dt.date) -> list[Area]:
    """The areas the page offers: the outermost areas of the reader's analysis scope valid on ``at`` and the
    areas right under them."""
    areas = Area.objects.valid_on(at).select_related("parent")
    if scope.unrestricted:
        return list(areas.filter(parent__isnull=True).order_by("code"))
    roots = outermost(p for g in scope.grants for p in g.paths_for(Level.ANALYSE))
    top = list(areas.filter(path__in=roots).order_by("code"))
    under = list(areas.filter(parent__in=top).order_by("code"))
    return top + under


def funnel_area(*, scope: Scope, code: str, start: dt.date, end: dt.date) -> Area:
    """The area of ``code`` on the period's end (or, when it no longer existed then, on its start); 404
    outside the analysis scope."""
    try:
        area = area_get_by_code(code=code, at=end)
    except ValidationError:
        area = area_get_by_code(code=code, at=start)
    funnel.area_check(scope, area)
    return area


def parse_period(start_text: str, end_text: str) -> tuple[dt.date, dt.date]:
    """The period typed (dd/mm/yyyy or yyyy-mm-dd); ValidationError by field ("from", "to")."""
    errors: dict[str, list[str]] = {}
    start = end = None
    try:
        start = parse_user_date(start_text.strip())
    except ValueError as error:
        errors["from"] = [str(error)]
    try:
        end = parse_user_date(end_text.strip())
    except ValueError as error:
        errors["to"] = [str(error)]
    if start is not None and end is not None and end < start:
        errors["to"] = [
            _("The end of the period (%(end)s) is before its start (%(start)s).")
            % {"end": format_date(end), "start": format_date(start)}
        ]
    if errors or start is None or end is None:
        raise ValidationError(errors)
    return start, end


def default_period(at: dt.date) -> tuple[dt.date, dt.date]:
    """The five years up to the shell's date (a term)."""
    return dt.date(at.year - 4, 1, 1), at


@scoped(level=Level.ANALYSE)
def pipeline_funnel(request: HttpRequest) -> HttpResponse:
    """GET /succession/funnel/?area=<code>&from=dd/mm/yyyy&to=dd/mm/yyyy."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    start, end = default_period(at)
    start_text = request.GET.get("from", "") or format_date(start)
    end_text = request.GET.get("to", "") or format_date(end)
    choices = area_choices(scope=scope, at=at)
    code = request.GET.get("area", "").strip()
    if not code and choices:
        code = choices[0].code
    context: dict[str, Any] = {
        "choices": choices,
        "code": code,
        "from_text": start_text,
        "to_text": end_text,
        "errors": {},
        "sexes": [(s.value, s.label) for s in Sex],
        "age_groups": [(c, label) for c, label, _low, _high in funnel.AGE_GROUPS],
    }
    try:
        start, end = parse_period(start_text, end_text)
    except ValidationError as error:
        context["errors"] = {k: " ".join(v) for k, v in error.message_dict.items()}
        return render(request, "pipeline/funnel.html", context)
    if not code:
        return render(request, "pipeline/funnel.html", context)
    try:
        area = funnel_area(scope=scope, code=code, start=start, end=end)
    except ValidationError as error:
        context["errors"] = {"area": " ".join(error.messages)}
        return render(request, "pipeline/funnel.html", context)
    found = funnel.funnel(scope=scope, area=area, start=start, end=end)
    top = max((s.total for s in found.stages), default=0)
    stages = [
        {
            "stage": s,
            "width": round(100 * s.total / top) if top else 0,
            "share": format_percent(100 * s.share) if s.share is not None else "",
            "rows": [
                (
                    label,
                    [s.by_sex_age.get((sex, g), 0) for g, _g in context["age_groups"]],
                    s.by_sex.get(sex, 0),
                )
                for sex, label in context["sexes"]
            ],
        }
        for s in found.stages
    ]
    context.update(
        area=area,
        start=start,
        end=end,
        period=f"{format_date(start)} – {format_date(end)}",
        stages=stages,
        appointments=funnel.appointments(scope=scope, area=area, start=start, end=end),
        named=scope.allows(Level.VIEW),
    )
    return render(request, "pipeline/funnel.html", context)
