"""The activities export (activity-export): the activity list's filters, the scope's activities as Excel in
the columns of the import sheet. Counts only, no names; the download is logged like the other exports."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.areas.models import Area
from nguon.core.access import scoped
from nguon.core.downloads import download
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization

from . import selectors
from .forms import ActivityFilterForm
from .xlsx import ActivitiesExporter


def _day(text: str | None) -> dt.date | None:
    text = (text or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@scoped(level=Level.VIEW)
def activity_export(request: HttpRequest) -> HttpResponse:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    activities = selectors.activity_list(scope=scope)
    form = ActivityFilterForm(
        request.GET or None,
        programmes=selectors.programme_list(scope=scope),
        types=selectors.activity_types(),
        organizers=Organization.objects.filter(pk__in=activities.values("organizer_id")),
        areas=Area.objects.filter(pk__in=activities.values("area_id")),
    )
    if form.is_bound and form.is_valid():
        c = form.cleaned_data
        if c["programme"]:
            activities = activities.filter(programme=c["programme"])
        if c["type"]:
            activities = activities.filter(Q(type=c["type"]) | Q(type__parent=c["type"]))
        if c["year"]:
            activities = activities.filter(start_date__year=c["year"])
        if c["organizer"]:
            activities = activities.filter(organizer=c["organizer"])
        if c["area"]:
            activities = activities.filter(area__path__startswith=c["area"].path)
        if c["q"]:
            activities = activities.filter(Q(title__icontains=c["q"]) | Q(place__icontains=c["q"]))
    start, end = _day(request.GET.get("from")), _day(request.GET.get("to"))
    if start:
        activities = activities.filter(start_date__gte=start)
    if end:
        activities = activities.filter(start_date__lte=end)
    rendered = ActivitiesExporter(activities=activities.order_by("start_date", "id")).render()
    personal_data_logged(
        user=request.user, kind=AccessKind.EXPORT, what=_("Activities to Excel"), path=request.get_full_path()
    )
    return download(rendered)
