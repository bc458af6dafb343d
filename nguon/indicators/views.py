"""The indicator table as a page and as JSON: parse, evaluate, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from nguon.areas.selectors import area_get_by_code
from nguon.core.downloads import download
from nguon.core.formats import format_percent
from nguon.people.models import Person

from .evaluation import Cell, indicator_series, indicator_table
from .models import Indicator
from .serializers import cell_dict, point_dict
from .xlsx import STATUS_VI, IndicatorTableExporter


class BadRequest(Exception):
    pass


def _parse(request: HttpRequest) -> dict[str, Any]:
    code = request.GET.get("area", "").strip()
    raw_date = request.GET.get("as_of", "").strip() or dt.date.today().isoformat()
    try:
        at = dt.date.fromisoformat(raw_date)
    except ValueError as error:
        raise BadRequest(_("'%(value)s' is not a valid date (YYYY-MM-DD).") % {"value": raw_date}) from error
    if not code:
        raise BadRequest(_("Choose an area code."))
    try:
        area = area_get_by_code(code=code, at=at)
    except ValidationError as error:
        raise BadRequest(" ".join(error.messages)) from error
    indicators = list(Indicator.objects.all())
    wanted = request.GET.getlist("indicator")
    if wanted:
        indicators = [i for i in indicators if i.code in wanted]
        if not indicators:
            raise BadRequest(_("Unknown indicator: %(codes)s.") % {"codes": ", ".join(wanted)})
    return {"area": area, "at": at, "indicators": indicators}


@login_required
def indicator_table_json(request: HttpRequest) -> JsonResponse:
    """GET /api/indicators/?area=002&as_of=2020-09-25[&indicator=…]: one object per unit × indicator."""
    try:
        args = _parse(request)
    except BadRequest as error:
        return JsonResponse({"error": str(error)}, status=400)
    cells = indicator_table(**args)
    return JsonResponse([cell_dict(c) for c in cells], safe=False, json_dumps_params={"ensure_ascii": False})


@login_required
def indicator_series_json(request: HttpRequest) -> JsonResponse:
    """GET /api/indicators/series/?area=00070&as_of=2026-01-01&indicator=…&from=2015&to=2030[&remap=0]."""
    try:
        args = _parse(request)
        first, last = (
            int(request.GET.get("from", args["at"].year - 10)),
            int(request.GET.get("to", args["at"].year)),
        )
    except (BadRequest, ValueError) as error:
        return JsonResponse({"error": str(error)}, status=400)
    dates = [args["at"].replace(year=y) for y in range(first, last + 1)]
    remap = request.GET.get("remap", "1") != "0"
    data = [
        {
            "area_code": args["area"].code,
            "area_name": args["area"].name,
            "indicator": indicator.code,
            "indicator_name": indicator.name,
            "points": [
                point_dict(p)
                for p in indicator_series(area=args["area"], indicator=indicator, dates=dates, remap=remap)
            ],
        }
        for indicator in args["indicators"]
    ]
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


@login_required
def indicator_table_page(request: HttpRequest) -> HttpResponse:
    """The table: units as rows, indicators as columns, cells coloured by status."""
    context: dict[str, Any] = {"query": request.GET, "status_vi": STATUS_VI}
    if request.GET.get("area"):
        try:
            args = _parse(request)
        except BadRequest as error:
            context["error"] = str(error)
        else:
            cells = indicator_table(**args)
            if request.GET.get("format") == "xlsx":
                stem = f"chỉ-số-{args['area'].code}-{args['at']:%Y%m%d}"
                return download(IndicatorTableExporter(cells, stem=stem).render())
            context.update(args)
            context["rows"] = _matrix(cells, args["indicators"])
            chosen = request.GET.get("cell")
            if chosen:
                context["people"] = _people(cells, chosen)
    return render(request, "indicators/table.html", context)


def _matrix(cells: list[Cell], indicators: list[Indicator]) -> list[dict[str, Any]]:
    by_unit: dict[int, dict[str, Any]] = {}
    for c in cells:
        row = by_unit.setdefault(c.unit.area_id, {"unit": c.unit, "cells": []})
        row["cells"].append(
            {
                "cell": c,
                "key": f"{c.unit.code}:{c.indicator}",
                "value": format_percent(c.value),
                "title": f"{c.numerator}/{c.denominator}" + (f" — {c.gap_text}" if c.gap_text else ""),
            }
        )
    return list(by_unit.values())


def _people(cells: list[Cell], key: str) -> dict[str, Any] | None:
    for c in cells:
        if f"{c.unit.code}:{c.indicator}" == key:
            wanted = set(c.numerator_people)
            people = Person.objects.filter(pk__in=c.denominator_people).order_by("sort_key")
            return {"cell": c, "people": [(p, p.pk in wanted) for p in people]}
    return None
