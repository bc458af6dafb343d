"""The indicator table as a page: parse, evaluate, render (the JSON forms are in ``api.py``).

The page answers the questions officers ask: for one area (inside her analysis scope) at the shell's date
("tại ngày"), one body or level at a time (``evaluation.GROUPS``), each indicator by name with its units as
rows sorted by the gap in people; a cell opens its people beside it (``indicator_cell``, an htmx partial in an
offcanvas panel, a page of its own without JavaScript). Names come only from ``evaluation.cell_detail``,
which takes the scope; the table itself holds counts only (evaluated without people lists).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.core.access import scoped
from nguon.core.downloads import download
from nguon.core.scope import Level

from .evaluation import GROUPS, cell_detail, indicator_group, indicator_table
from .models import Indicator
from .presenters import section_rows, table_sections
from .selectors import indicator_area_choices, indicator_area_get
from .xlsx import CellMembersExporter, IndicatorTableExporter

SORTS = ("gap", "value", "name")


@scoped
def indicator_table_page(request: HttpRequest) -> HttpResponse:
    """GET /indicators/?area=<code>&group=<body>&sort=gap|value|name[&format=xlsx]: the area (default: the
    user's own) and its units at ``request.at``, the indicators of one body or level, sorted by the gap."""
    scope, at = request.scope, request.at  # type: ignore[attr-defined]
    code = request.GET.get("area", "").strip()
    context: dict[str, Any] = {"groups": GROUPS, "sorts": SORTS}
    # her own areas (the outermost of her analysis scope), or the provinces for a user of the whole country
    choices = indicator_area_choices(scope=scope, at=at)
    context["choices"] = choices
    if not code and (len(choices) == 1 or (choices and not scope.unrestricted)):
        code = choices[0].code
    if not code:
        return render(request, "indicators/table.html", context)
    try:
        area = indicator_area_get(scope=scope, code=code, at=at)
    except ValidationError as error:
        context["error"] = " ".join(error.messages)
        return render(request, "indicators/table.html", context)
    indicators = list(Indicator.objects.all())
    present = {indicator_group(i) for i in indicators}
    group = request.GET.get("group", "")
    if group not in present:
        group = next((g for g, _label in GROUPS if g in present), GROUPS[0][0])
    chosen = [i for i in indicators if indicator_group(i) == group]
    sort = request.GET.get("sort", "gap")
    sort = sort if sort in SORTS else "gap"
    cells = indicator_table(area=area, at=at, indicators=chosen, with_people=False) if chosen else []
    sections, empty = table_sections(cells, indicators=chosen, sort=sort)
    if request.GET.get("format") == "xlsx":  # what the page shows, in its order; then the empty indicators
        shown = [row.cell for section in sections for row in (section.total, *section.rows)]
        listed = {section.code for section in sections}
        shown += [c for c in cells if c.indicator not in listed]
        stem = f"chỉ-số-{area.code}-{at:%Y%m%d}"
        return download(IndicatorTableExporter(shown, stem=stem, indicators=chosen).render())
    parent = area.parent if area.parent is not None and scope.covers_area(area.parent) else None
    context.update(
        area=area,
        parent=parent,
        group=group,
        group_label=dict(GROUPS)[group],
        sort=sort,
        sections=sections,
        empty=empty,
        notes=sorted({c.note for c in cells if c.note}),
        # the units whose people she may read by name (marked, for a comparison with the others)
        own=set()
        if scope.unrestricted
        else {c.unit.code for c in cells if scope.covers_area(c.unit, Level.VIEW)},
        tabs=[(g, label) for g, label in GROUPS if g in present],
    )
    return render(request, "indicators/table.html", context)


@scoped
def indicator_area_search(request: HttpRequest) -> HttpResponse:
    """GET /indicators/areas/?q=…: the areas of the user's analysis scope whose name or code matches (the
    area chooser's suggestions, an htmx partial)."""
    scope, at = request.scope, request.at  # type: ignore[attr-defined]
    query = request.GET.get("q", "")
    choices = indicator_area_choices(scope=scope, at=at, query=query) if query.strip() else []
    return render(
        request,
        "indicators/_areas.html",
        {"choices": choices, "query": query, "group": request.GET.get("group", "")},
    )


@scoped
def indicator_cell(request: HttpRequest) -> HttpResponse:
    """GET /indicators/cell/?area=<code>&indicator=<code>[&format=xlsx]: the people (or organizations) behind
    one cell — names only inside the user's scope, the others counted. An htmx request gets the panel's
    content; a plain one the same inside the shell; ``format=xlsx`` the list as Excel (logged)."""
    scope, at = request.scope, request.at  # type: ignore[attr-defined]
    indicator = Indicator.objects.filter(code=request.GET.get("indicator", "")).first()
    if indicator is None:
        raise Http404
    try:
        area = indicator_area_get(scope=scope, code=request.GET.get("area", ""), at=at)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from error
    xlsx = request.GET.get("format") == "xlsx"
    detail = cell_detail(area=area, indicator=indicator, at=at, scope=scope, limit=None if xlsx else 300)
    if xlsx:
        named = sum(1 for m in detail.members if m.person_id is not None)
        if named:
            personal_data_logged(
                user=request.user,
                kind=AccessKind.EXPORT,
                what=f"{indicator.name} — {area.name} ({at:%d/%m/%Y})",
                people_count=named,
                path=request.get_full_path(),
            )
        stem = f"danh-sách-{area.code}-{at:%Y%m%d}"
        return download(CellMembersExporter(detail, stem=stem).render())
    context = {
        "detail": detail,
        "row": section_rows([detail.cell], indicators=[indicator])[0],
        "area": area,
        "indicator": indicator,
    }
    if request.headers.get("HX-Request"):
        return render(request, "indicators/_cell.html", context)
    return render(request, "indicators/cell.html", context)
