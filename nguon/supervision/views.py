"""The supervision pages: the scope's missions (filters year, kind, status, organization), a mission with its
team (named within the scope, else counted), notes, conclusion, recommendations and their follow-up logs with
the forms that add to them; the forms that record or change a mission; the overdue list at a date with its
aging buckets, and as an Excel file. Views parse, call selectors with ``request.scope`` and services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.core.access import scoped
from nguon.core.downloads import download
from nguon.core.scope import Level, Scope
from nguon.organizations.selectors import organization_list
from nguon.people.forms import show_errors, style_fields

from . import selectors, services
from .forms import (
    ConclusionForm,
    EventForm,
    MissionFilterForm,
    MissionForm,
    NoteForm,
    OverdueForm,
    RecommendationForm,
)
from .models import Mission, MissionKind, MissionStatus
from .xlsx import OverdueExporter, reason_text, status_text

SOURCE = "web"
PAGE = 50


def _scope(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined, no-any-return]


def _orgs(scope: Scope, level: Level) -> Any:
    return organization_list(scope=scope, level=level).order_by("area__path", "name", "id")


@scoped(level=Level.VIEW)
def mission_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = MissionFilterForm(request.GET or None, organizations=_orgs(scope, Level.VIEW))
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        org = d["organization"]
        filters = {"year": d["year"], "kind": d["kind"] or "", "status": d["status"] or ""}
        filters["organization"] = org.pk if org else None
    missions = selectors.mission_list(scope=scope, **filters)
    page = Paginator(missions, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/mission_list.html",
        {
            "form": style_fields(form),
            "page": page,
            "rows": [
                {"m": m, "kind": MissionKind(m.kind).label, "status": MissionStatus(m.status).label}
                for m in page.object_list
            ],
            "plans": selectors.plan_list(scope=scope)[:50],
            "can_add": scope.allows(Level.EDIT),
            "query": query.urlencode(),
        },
    )


@scoped(level=Level.VIEW)
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    mission = selectors.mission_get(scope=scope, pk=pk)
    can_edit = selectors.mission_can_edit(scope, mission)
    event_form = note_form = conclusion_form = rec_form = None
    target = None
    if request.method == "POST" and can_edit:
        action = request.POST.get("action", "")
        try:
            if action == "event":
                target = selectors.recommendation_get(
                    scope=scope, pk=int(request.POST.get("recommendation", "0") or 0)
                )
                if target.mission_id != mission.pk:
                    target = None
                event_form = EventForm(request.POST)
                if target is not None and event_form.is_valid():
                    services.event_add(
                        recommendation=target,
                        **event_form.cleaned_data,
                        acting_user=request.user,
                        source=SOURCE,
                    )
                    messages.success(request, _("The event was recorded."))
                    return redirect("supervision-mission-detail", pk=mission.pk)
            elif action == "note":
                note_form = NoteForm(request.POST)
                if note_form.is_valid():
                    services.note_add(
                        mission=mission, **note_form.cleaned_data, acting_user=request.user, source=SOURCE
                    )
                    messages.success(request, _("The note was recorded."))
                    return redirect("supervision-mission-detail", pk=mission.pk)
            elif action == "conclusion":
                conclusion_form = ConclusionForm(request.POST)
                if conclusion_form.is_valid():
                    services.mission_conclude(
                        mission=mission,
                        **conclusion_form.cleaned_data,
                        acting_user=request.user,
                        source=SOURCE,
                    )
                    messages.success(request, _("The conclusion was recorded."))
                    return redirect("supervision-mission-detail", pk=mission.pk)
            elif action == "recommendation":
                rec_form = RecommendationForm(request.POST, organizations=_orgs(scope, Level.ANALYSE))
                if rec_form.is_valid():
                    services.recommendation_create(
                        mission=mission, **rec_form.cleaned_data, acting_user=request.user, source=SOURCE
                    )
                    messages.success(request, _("The recommendation was recorded."))
                    return redirect("supervision-mission-detail", pk=mission.pk)
        except ValidationError as error:
            form = event_form or note_form or conclusion_form or rec_form
            if form is not None:
                show_errors(form, error)
        except ValueError:
            target = None
    named, hidden = selectors.team(scope, mission)
    if named:
        personal_data_logged(
            user=request.user,
            kind=AccessKind.VIEW,
            what=_("Team of the supervision mission %(mission)s") % {"mission": mission},
            people_count=len(named),
            path=request.get_full_path(),
        )
    at = scope.default_date()
    recs = []
    for r in mission.recommendations.select_related("addressee").prefetch_related("events"):
        events = list(r.events.all())
        recs.append(
            {
                "r": r,
                "status": status_text(selectors.replay(events, at)),
                "events": events,
                "form": event_form if target is not None and target.pk == r.pk else EventForm(),
            }
        )
    return render(
        request,
        "supervision/mission_detail.html",
        {
            "mission": mission,
            "kind": MissionKind(mission.kind).label,
            "status": MissionStatus(mission.status).label,
            "named": named,
            "hidden": hidden,
            "participants": mission.participants.all(),
            "notes": mission.notes.all(),
            "recs": recs,
            "can_edit": can_edit,
            "note_form": style_fields(note_form or NoteForm()),
            "conclusion_form": style_fields(conclusion_form or ConclusionForm()),
            "rec_form": style_fields(
                rec_form or RecommendationForm(organizations=_orgs(scope, Level.ANALYSE))
            ),
        },
    )


@scoped(level=Level.EDIT)
def mission_add(request: HttpRequest) -> HttpResponse:
    return _mission_form(request, None)


@scoped(level=Level.EDIT)
def mission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mission = selectors.mission_get(scope=_scope(request), pk=pk, level=Level.EDIT)
    return _mission_form(request, mission)


def _mission_form(request: HttpRequest, mission: Mission | None) -> HttpResponse:
    scope = _scope(request)
    initial: dict[str, Any] = {}
    if mission is not None:
        fields = (
            "kind",
            "subject",
            "supervised_text",
            "notice_sent_on",
            "start_date",
            "end_date",
            "status",
            "note",
        )
        initial = {f: getattr(mission, f) for f in fields}
        initial |= {"lead": mission.lead_id, "supervised": mission.supervised_id}
        initial["participants"] = list(mission.participants.values_list("pk", flat=True))
    form = MissionForm(
        request.POST if request.method == "POST" else None,
        leads=_orgs(scope, Level.EDIT),
        organizations=_orgs(scope, Level.ANALYSE),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        participants = list(data.pop("participants"))
        try:
            if mission is None:
                mission = services.mission_create(
                    **data, participants=participants, acting_user=request.user, source=SOURCE
                )
                messages.success(request, _("The mission was recorded."))
            else:
                services.mission_update(
                    mission=mission,
                    data=data,
                    participants=participants,
                    acting_user=request.user,
                    source=SOURCE,
                )
                messages.success(request, _("The mission was saved."))
        except ValidationError as error:
            show_errors(form, error)
        else:
            if mission.notice_warning:
                messages.warning(request, mission.notice_warning)
            return redirect("supervision-mission-detail", pk=mission.pk)
    return render(request, "supervision/mission_form.html", {"form": style_fields(form), "mission": mission})


def _at(request: HttpRequest) -> tuple[OverdueForm, Any]:
    scope = _scope(request)
    form = OverdueForm(request.GET or None)
    at = scope.default_date()
    if form.is_bound and form.is_valid() and form.cleaned_data["at"]:
        at = form.cleaned_data["at"]
    return form, at


@scoped(level=Level.VIEW)
def overdue(request: HttpRequest) -> HttpResponse:
    form, at = _at(request)
    items = selectors.overdue(scope=_scope(request), at=at)
    return render(
        request,
        "supervision/overdue.html",
        {
            "form": style_fields(form),
            "at": at,
            "buckets": selectors.buckets(items),
            "rows": [
                {"i": i, "status": status_text(i.status), "reasons": [reason_text(c) for c in i.reasons]}
                for i in items
            ],
            "query": request.GET.urlencode(),
        },
    )


@scoped(level=Level.VIEW)
def overdue_export(request: HttpRequest) -> HttpResponse:
    _form, at = _at(request)
    return download(OverdueExporter(scope=_scope(request), at=at).render())
