"""The exports page and its downloads: the people and tenures of the user's scope (optionally of one area of
it, optionally only the tenures held on the date shown), the import template, the indicator table.

Every export reads through the scoped selectors (``person_list``, ``tenure_list``), so it never holds a
person outside the user's view scope, and every download with names is written to the personal-data log
(``AccessKind.EXPORT``, with how many people it holds)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.areas.models import Area
from nguon.core.access import scoped
from nguon.core.downloads import download
from nguon.core.formats import format_date
from nguon.core.scope import Level, Scope
from nguon.organizations.selectors import tenure_list
from nguon.people.selectors import person_list

from .xlsx import PeopleTenuresExporter, TemplateExporter, template_kinds


def export_areas(*, scope: Scope, at: dt.date) -> QuerySet[Area]:
    """The areas an export may keep to, existing on ``at``: each area of the user's assignments (and the
    former areas that went into it) and the areas just below them; for administrators, the provinces."""
    qs = Area.objects.valid_on(at)
    if scope.unrestricted:
        return qs.filter(parent__isnull=True).order_by("code")
    paths = sorted({p for g in scope.grants if g.allows(Level.VIEW) for p in g.paths})
    return qs.filter(Q(path__in=paths) | Q(parent__path__in=paths)).order_by("path")


def _area(request: HttpRequest) -> Area | None:
    """The area asked for (``?area=<id>``), if the user may read it; Http404 otherwise."""
    raw = request.GET.get("area", "").strip()
    if not raw:
        return None
    scope: Scope = request.scope  # type: ignore[attr-defined]
    area = Area.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if area is None or not scope.covers_area(area, Level.VIEW):
        raise Http404(_("No such area in your area of work."))
    return area


@scoped(level=Level.VIEW)
def export_list(request: HttpRequest) -> HttpResponse:
    """What the user can download, for the date shown (the shell's "tại ngày")."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    roots = {p for g in scope.grants for p in g.paths}
    areas = [(a, not scope.unrestricted and a.path not in roots) for a in export_areas(scope=scope, at=at)]
    return render(
        request,
        "exports/export_list.html",
        {
            "areas": areas,
            "chosen": _area(request),
            "held": request.GET.get("held") == "1",
            "kinds": template_kinds(),
        },
    )


@scoped
def template_download(request: HttpRequest) -> HttpResponse:
    """An empty import template (no personal data)."""
    known = template_kinds()
    kinds = [k for k in request.GET.getlist("kind") if k in known] or list(known)
    return download(TemplateExporter(kinds).render())


@scoped(level=Level.VIEW)
def export_people_tenures(request: HttpRequest) -> HttpResponse:
    """The people and tenures of the user's scope in the importer's format (``?area=<id>``: of that area's
    subtree; ``?held=1``: only the tenures held on the date shown, and their holders); logged."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    at: dt.date = request.at  # type: ignore[attr-defined]
    area = _area(request)
    held = request.GET.get("held") == "1"
    tenures = tenure_list(scope=scope, area=area, at=at if held else None)
    people = person_list(scope=scope)
    if area is not None or held:
        people = people.filter(pk__in=tenures.values("person_id"))
    count = people.count()
    what = _("People and tenures") + (f" — {area.name}" if area else "")
    if held:
        what += " — " + _("held on %(date)s") % {"date": format_date(at)}
    personal_data_logged(
        user=request.user, kind=AccessKind.EXPORT, what=what, people_count=count, path=request.get_full_path()
    )
    exporter = PeopleTenuresExporter(
        people.order_by("sort_key", "birth_date", "id"),
        tenures.order_by("person__sort_key", "start_date", "id"),
        day=at,
    )
    return download(exporter.render())
