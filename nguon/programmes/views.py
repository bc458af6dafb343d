"""The pages of joint programmes and activities (issue 11 §1, §2): the scope's programmes with their goals,
yearly plans and progress; the activities (filters, totals), one activity with its counts, outputs and
photos (streamed by a scoped view), the full form and the quick add for a phone.

Views parse the request, call selectors with ``request.scope`` and services with ``acting_user``, render.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.areas.models import Area
from nguon.core.access import scoped
from nguon.core.downloads import NO_STORE, content_disposition
from nguon.core.formats import format_date, format_int, format_number
from nguon.core.labels import label
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization
from nguon.organizations.selectors import organization_list
from nguon.people.forms import show_errors, style_fields
from nguon.people.selectors import person_search

from . import selectors, services
from .choices import AgeGroup, Audience, ParticipantMode, Sex, TargetPeriod
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    GoalForm,
    ProgrammeForm,
    ProgressForm,
    QuickActivityForm,
    YearPlanForm,
    count_field_name,
)
from .models import Activity, Goal, Programme

SOURCE = "web"
PAGE = 50
INLINE_TYPES = ("image/", "application/pdf")


def _scope(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined, no-any-return]


def _url_or_empty(name: str) -> str:
    """A URL of another helper's page, or "" while it does not exist yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _dates(start: dt.date, end: dt.date | None) -> str:
    return f"{format_date(start)} – {format_date(end)}" if end and end != start else format_date(start)


def _organizations(scope: Scope, level: Level) -> Any:
    return (
        organization_list(scope=scope, level=level)
        .select_related("area")
        .order_by("area__path", "name", "id")
    )


def _areas(scope: Scope, day: dt.date | None) -> Any:
    qs = Area.objects.filter(scope.areas_q(Level.EDIT)).order_by("path", "name", "id")
    if day is not None:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )
    return qs


# --- programmes ---------------------------------------------------------------------------------------------
@scoped(level=Level.VIEW)
def programme_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    programmes = (
        selectors.programme_list(scope=scope).select_related("area").prefetch_related("organizations")
    )
    return render(
        request,
        "programmes/programme_list.html",
        {
            "rows": [
                {
                    "p": p,
                    "dates": _dates(p.start_date, p.end_date),
                    "parties": ", ".join(o.name for o in p.organizations.all()),
                    "activities": p.activities.count(),
                }
                for p in programmes
            ],
            "statistics_url": _url_or_empty("programme-statistics"),
            "can_add": scope.allows(Level.EDIT),
        },
    )


@scoped(level=Level.VIEW)
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    programme = selectors.programme_get(scope=scope, pk=pk)
    parties = programme.parties.select_related("organization").order_by("role", "id")
    visible = selectors.programme_list(scope=scope)
    following = visible.filter(follows=programme).first()
    previous = visible.filter(pk=programme.follows_id).first() if programme.follows_id else None
    goals = list(programme.goals.select_related("activity_type", "output_kind").order_by("position", "id"))
    plans = list(programme.year_plans.prefetch_related("targets__goal").order_by("year"))
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "dates": _dates(programme.start_date, programme.end_date),
            "signed_on": format_date(programme.signed_on),
            "parties": parties,
            "goals": goals,
            "plans": plans,
            "activities": selectors.activity_list(scope=scope).filter(programme=programme).count(),
            "previous": previous,
            "following": following,
            "can_edit": services.programme_can_edit(scope=scope, programme=programme),
            "years": list(range(programme.start_date.year, programme.end_date.year + 1)),
        },
    )


@scoped(level=Level.VIEW)
def programme_progress(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    programme = selectors.programme_get(scope=scope, pk=pk)
    form = ProgressForm(request.GET or None)
    at = form.cleaned_data["at"] if form.is_bound and form.is_valid() else None
    result = None
    missing = False
    try:
        from . import progress as progress_module  # written by another helper (issue 11 foundation)
    except ImportError:
        missing = True
    else:
        result = progress_module.progress(programme=programme, scope=scope, at=at)
    rows = []
    if result is not None:
        for gp in result.goals:
            for cell in gp.rows:
                rows.append(
                    {
                        "goal": gp.goal,
                        "cell": cell,
                        "year": cell.year if cell.year is not None else _("whole period"),
                        "target": format_number(cell.target) if cell.target is not None else "—",
                        "actual": format_number(cell.actual),
                        "met": cell.met,
                        "records": cell.records[:50],
                        "is_activity": gp.goal.measure
                        in ("activities", "activities_per_unit", "output", "participants"),
                    }
                )
    return render(
        request,
        "programmes/programme_progress.html",
        {"programme": programme, "form": style_fields(form), "rows": rows, "missing": missing, "at": at},
    )


# --- activities ---------------------------------------------------------------------------------------------
@scoped(level=Level.VIEW)
def activity_list(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    all_activities = selectors.activity_list(scope=scope)
    form = ActivityFilterForm(
        request.GET or None,
        programmes=selectors.programme_list(scope=scope).order_by("-start_date", "id"),
        types=selectors.activity_types(),
        organizers=Organization.objects.filter(pk__in=all_activities.values("organizer_id")).order_by("name"),
        areas=Area.objects.filter(pk__in=all_activities.values("area_id")).order_by("path", "name"),
    )
    activities = all_activities
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
    total_participants = activities.aggregate(n=Sum("participants"))["n"] or 0
    page = Paginator(activities, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    export = _url_or_empty("activity-export")
    return render(
        request,
        "programmes/activity_list.html",
        {
            "form": style_fields(form),
            "page": page,
            "rows": [{"a": a, "dates": _dates(a.start_date, a.end_date)} for a in page.object_list],
            "count": format_int(page.paginator.count),
            "participants": format_int(total_participants),
            "query": query.urlencode(),
            "export_url": f"{export}?{query.urlencode()}" if export else "",
            "can_add": scope.allows(Level.EDIT),
        },
    )


def _quantity(kind: Any, quantity: Any) -> str:
    text = format_number(quantity)
    return f"{text} {kind.unit}"


@scoped(level=Level.VIEW)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    activity = selectors.activity_get(scope=scope, pk=pk)
    counts = {(c.sex, c.age_group): c.count for c in activity.counts.all()}
    table = []
    for sex, sex_label in Sex.choices:
        cells = [format_int(counts.get((sex, age), 0)) for age, _a in AgeGroup.choices]
        total = sum(counts.get((sex, age), 0) for age, _a in AgeGroup.choices)
        table.append({"label": sex_label, "cells": cells, "total": format_int(total)})
    named: list[Any] = []
    others = 0
    if activity.participant_mode == ParticipantMode.NAMED:
        named, others = selectors.activity_people(scope=scope, activity=activity)
        if named:
            personal_data_logged(
                user=request.user,
                kind=AccessKind.VIEW,
                what=_("Participants of the activity %(title)s") % {"title": activity.title},
                people_count=len(named),
                path=request.get_full_path(),
            )
    files = list(selectors.activity_files(activity=activity))
    return render(
        request,
        "programmes/activity_detail.html",
        {
            "activity": activity,
            "dates": _dates(activity.start_date, activity.end_date),
            "audience": label(Audience, activity.audience, capital=True) if activity.audience else "",
            "mode": label(ParticipantMode, activity.participant_mode, capital=True),
            "ages": [a for _c, a in AgeGroup.choices],
            "table": table,
            "named": named,
            "others": others,
            "participants": format_int(activity.participants),
            "outputs": [
                {"kind": o.kind, "quantity": _quantity(o.kind, o.quantity)}
                for o in activity.outputs.select_related("kind").order_by("kind__position")
            ],
            "photos": [f for f in files if f.is_image],
            "documents": [f for f in files if not f.is_image],
            "co_organizers": list(activity.co_organizers.all()),
            "can_edit": services.activity_can_edit(scope=scope, activity=activity),
        },
    )


@scoped(level=Level.VIEW)
def activity_file(request: HttpRequest, pk: int) -> FileResponse:
    """Stream one file of an activity the user reads, with its stored type (never served as static)."""
    found = selectors.activity_file_get(scope=_scope(request), pk=pk)
    inline = found.content_type.startswith(INLINE_TYPES)
    response = FileResponse(found.file.open("rb"), content_type=found.content_type)
    response["Content-Disposition"] = (
        content_disposition(found.name).replace("attachment", "inline", 1)
        if inline
        else content_disposition(found.name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = NO_STORE
    return response


@require_POST
@scoped(level=Level.EDIT)
def activity_file_remove(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    found = selectors.activity_file_get(scope=scope, pk=pk)
    activity = selectors.activity_get(scope=scope, pk=found.activity_id, level=Level.EDIT)
    services.file_remove(activity_file=found, acting_user=request.user, source=SOURCE)
    messages.success(request, _("The file was removed from the activity."))
    return redirect("activity-detail", pk=activity.pk)


@require_POST
@scoped(level=Level.EDIT)
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(scope=_scope(request), pk=pk, level=Level.EDIT)
    try:
        services.activity_delete(activity=activity, acting_user=request.user, source=SOURCE)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("activity-detail", pk=activity.pk)
    messages.success(request, _("The activity was deleted."))
    return redirect("activity-list")


def _activity_values(activity: Activity) -> dict[str, Any]:
    values: dict[str, Any] = {
        f: getattr(activity, f)
        for f in ("title", "start_date", "end_date", "place", "audience", "participant_mode", "description")
    }
    values |= {
        "type": activity.type_id,
        "programme": activity.programme_id,
        "goal": activity.goal_id,
        "area": activity.area_id,
        "organizer": activity.organizer_id,
        "co_organizers": [o.pk for o in activity.co_organizers.all()],
        "people": [p.person_id for p in activity.named.all()],
        "participants": activity.participants,
    }
    for c in activity.counts.all():
        values[count_field_name(c.sex, c.age_group)] = c.count
    for o in activity.outputs.select_related("kind"):
        values[f"output_{o.kind.code}"] = o.quantity
    return values


def _files(request: HttpRequest, field: str) -> list[tuple[str, Any]]:
    return [(f.name or "", f) for f in request.FILES.getlist(field)]


@scoped(level=Level.EDIT)
def activity_add(request: HttpRequest) -> HttpResponse:
    return _activity_form(request, None)


@scoped(level=Level.EDIT)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(scope=_scope(request), pk=pk, level=Level.EDIT)
    return _activity_form(request, activity)


def _activity_form(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    scope = _scope(request)
    programmes = selectors.programme_list(scope=scope).order_by("-start_date", "id")
    kinds = selectors.output_kinds()
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        types=selectors.activity_types(),
        programmes=programmes,
        goals=Goal.objects.filter(programme__in=programmes)
        .select_related("programme")
        .order_by("programme_id", "position", "id"),
        areas=_areas(scope, None),
        organizers=_organizations(scope, Level.EDIT),
        co_organizers=_organizations(scope, Level.VIEW),
        people=person_search(scope=scope),
        output_kinds=kinds,
        initial=_activity_values(activity) if activity else {"start_date": timezone.localdate()},
    )
    files_lost = False
    if request.method == "POST":
        files_lost = bool(request.FILES.getlist("files"))
        if form.is_valid():
            c = form.cleaned_data
            data = services.ActivityData(
                title=c["title"],
                type=c["type"],
                start_date=c["start_date"],
                end_date=c["end_date"],
                area=c["area"],
                place=c["place"],
                organizer=c["organizer"],
                co_organizers=list(c["co_organizers"]),
                audience=c["audience"] or "",
                programme=c["programme"],
                goal=c["goal"],
                description=c["description"],
                participant_mode=c["participant_mode"],
                participants=c["participants"],
                counts=form.counts() if c["participant_mode"] == ParticipantMode.COUNTED else {},
                people=list(c["people"]) if c["participant_mode"] == ParticipantMode.NAMED else [],
                outputs=form.outputs(),
            )
            try:
                if activity is None:
                    activity = services.activity_create(
                        data=data, files=_files(request, "files"), acting_user=request.user, source=SOURCE
                    )
                    messages.success(request, _("The activity was recorded."))
                else:
                    services.activity_update(
                        activity=activity,
                        data=data,
                        files=_files(request, "files"),
                        acting_user=request.user,
                        source=SOURCE,
                    )
                    messages.success(request, _("The activity was saved."))
            except ValidationError as error:
                show_errors(form, error, {"counts": "participants"})
                if activity is not None and activity.pk is None:
                    activity = None
            else:
                return redirect("activity-detail", pk=activity.pk)
    style_fields(form)
    grid = [
        {"label": sex_label, "fields": [form[n] for n in names]}
        for (sex, names), (_s, sex_label) in zip(form.count_names, Sex.choices, strict=True)
    ]
    main = [n for n in form.fields if not n.startswith(("count_", "output_"))]
    return render(
        request,
        "programmes/activity_form.html",
        {
            "form": form,
            "activity": activity,
            "main": [form[n] for n in main],
            "grid": grid,
            "ages": [a for _c, a in AgeGroup.choices],
            "outputs": [form[n] for _k, n in form.output_names],
            "files_lost": files_lost,
            "file_error": form.errors.get("files"),
            "existing": list(selectors.activity_files(activity=activity)) if activity else [],
        },
    )


def _current_programme(scope: Scope, area: Area | None, day: dt.date) -> Programme | None:
    if area is None:
        return None
    candidates = selectors.programme_list(scope=scope).filter(start_date__lte=day, end_date__gte=day)
    for p in candidates.select_related("area").order_by("-start_date", "id"):
        if area.path.startswith(p.area.path):
            return p
    return None


@scoped(level=Level.EDIT)
def activity_quick_add(request: HttpRequest) -> HttpResponse:
    """The phone form: type, date, area, organizer, numbers, one output, a photo."""
    scope = _scope(request)
    today = timezone.localdate()
    areas = _areas(scope, today)
    organizers = _organizations(scope, Level.EDIT)
    first_area = areas.first()
    first_org = organizers.first()
    programme = _current_programme(scope, first_area, today)
    form = QuickActivityForm(
        request.POST if request.method == "POST" else None,
        types=selectors.activity_types(),
        areas=_areas(scope, None),
        organizers=organizers,
        output_kinds=selectors.output_kinds(),
        programmes=selectors.programme_list(scope=scope).order_by("-start_date", "id"),
        initial={
            "start_date": today,
            "area": first_area.pk if first_area else None,
            "organizer": first_org.pk if first_org else None,
            "programme": programme.pk if programme else None,
        },
    )
    files_lost = False
    if request.method == "POST":
        files_lost = bool(request.FILES.getlist("photo"))
        if form.is_valid():
            c = form.cleaned_data
            counts: dict[tuple[str, str], int] = {}
            if c["female"] is not None:
                counts[(Sex.FEMALE, AgeGroup.UNKNOWN)] = c["female"]
                if c["participants"] is not None:
                    counts[(Sex.UNKNOWN, AgeGroup.UNKNOWN)] = c["participants"] - c["female"]
            elif c["participants"] is not None:
                counts[(Sex.UNKNOWN, AgeGroup.UNKNOWN)] = c["participants"]
            outputs = {}
            if c["output_kind"] and c["output_quantity"] is not None:
                outputs[c["output_kind"]] = c["output_quantity"]
            title = c["title"] or (f"{c['type'].name} – {c['area'].name}" if c["type"] and c["area"] else "")
            data = services.ActivityData(
                title=title,
                type=c["type"],
                start_date=c["start_date"],
                area=c["area"],
                organizer=c["organizer"],
                programme=c["programme"],
                participants=c["participants"],
                counts=counts,
                outputs=outputs,
            )
            try:
                activity = services.activity_create(
                    data=data, files=_files(request, "photo"), acting_user=request.user, source=SOURCE
                )
            except ValidationError as error:
                show_errors(form, error, {"counts": "female", "outputs": "output_quantity"})
            else:
                messages.success(request, _("The activity was recorded."))
                return redirect("activity-detail", pk=activity.pk)
    return render(
        request,
        "programmes/activity_quick.html",
        {"form": style_fields(form), "files_lost": files_lost, "file_error": form.errors.get("files")},
    )


# --- programme, goal and yearly plan forms ------------------------------------------------------------------
def _refused(form: forms.Form, error: PermissionDenied) -> None:
    """A refusal of the acting user's scope, shown on top of the form (nothing was saved)."""
    form.add_error(None, str(error) or _("You may not change this programme."))


def _editable(request: HttpRequest, pk: int) -> Programme:
    """A programme of the scope (404 otherwise) that the user may change (403 otherwise)."""
    scope = _scope(request)
    programme = selectors.programme_get(scope=scope, pk=pk)
    if not services.programme_can_edit(scope=scope, programme=programme):
        raise PermissionDenied(_("You may not change this programme."))
    return programme


def _programme_form(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    scope = _scope(request)
    followed = selectors.programme_list(scope=scope).order_by("-start_date", "id")
    if programme is not None:
        followed = followed.exclude(pk=programme.pk)
    initial: dict[str, Any] = {}
    if programme is not None:
        initial = {
            f: getattr(programme, f) for f in ("title", "number", "signed_on", "start_date", "end_date")
        }
        initial |= {
            "area": programme.area_id,
            "follows": programme.follows_id,
            "document": programme.document,
            "note": programme.note,
        }
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None,
        areas=_areas(scope, None),
        leads=_organizations(scope, Level.EDIT),
        partners=_organizations(scope, Level.VIEW),
        programmes=followed,
        with_parties=programme is None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        values = {
            "title": c["title"],
            "number": c["number"],
            "signed_on": c["signed_on"],
            "start_date": c["start_date"],
            "end_date": c["end_date"],
            "area": c["area"],
            "follows": c["follows"],
            "document": c["document"],
            "note": c["note"],
        }
        try:
            if programme is None:
                parties = [(c["lead"], "lead")] + [
                    (o, "partner") for o in c["partners"] if o.pk != c["lead"].pk
                ]
                saved = services.programme_create(
                    **values, parties=parties, acting_user=request.user, source=SOURCE
                )
                messages.success(request, _("The programme was recorded."))
            else:
                saved = services.programme_update(
                    programme=programme, data=values, acting_user=request.user, source=SOURCE
                )
                messages.success(request, _("The programme was saved."))
        except ValidationError as error:
            show_errors(form, error, {"parties": "partners"} if programme is None else {})
        except PermissionDenied as error:
            _refused(form, error)
        else:
            return redirect("programme-detail", pk=saved.pk)
    signed = programme.parties.select_related("organization").order_by("role", "id") if programme else None
    return render(
        request,
        "programmes/programme_form.html",
        {"form": style_fields(form), "programme": programme, "parties": signed},
    )


@scoped(level=Level.EDIT)
def programme_add(request: HttpRequest) -> HttpResponse:
    return _programme_form(request, None)


@scoped(level=Level.EDIT)
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_form(request, _editable(request, pk))


GOAL_VALUES = (
    "text",
    "measure",
    "period",
    "target",
    "unit",
    "activity_type",
    "output_kind",
    "young_only",
)


def _goal_form(request: HttpRequest, programme: Programme, goal: Goal | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if goal is not None:
        initial = {f: getattr(goal, f) for f in ("position", "text", "measure", "period", "target", "unit")}
        initial |= {
            "activity_type": goal.activity_type_id,
            "output_kind": goal.output_kind_id,
            "young_only": goal.young_only,
        }
    else:
        initial = {"position": programme.goals.count() + 1, "period": "year"}
    form = GoalForm(
        request.POST if request.method == "POST" else None,
        types=selectors.activity_types(),
        output_kinds=selectors.output_kinds(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        values = {f: c[f] for f in GOAL_VALUES}
        values["unit"] = values["unit"].strip()
        if c["position"] is not None:
            values["position"] = c["position"]
        try:
            if goal is None:
                services.goal_create(programme=programme, acting_user=request.user, source=SOURCE, **values)
                messages.success(request, _("The goal was added."))
            else:
                services.goal_update(goal=goal, data=values, acting_user=request.user, source=SOURCE)
                messages.success(request, _("The goal was saved."))
        except ValidationError as error:
            show_errors(form, error)
        except PermissionDenied as error:
            _refused(form, error)
        else:
            return redirect("programme-detail", pk=programme.pk)
    return render(
        request,
        "programmes/goal_form.html",
        {"form": style_fields(form), "programme": programme, "goal": goal},
    )


@scoped(level=Level.EDIT)
def programme_goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _goal_form(request, _editable(request, pk), None)


@scoped(level=Level.EDIT)
def programme_goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal, pk=pk)
    programme = _editable(request, goal.programme_id)
    return _goal_form(request, programme, goal)


@scoped(level=Level.EDIT)
def programme_year_plan(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    programme = _editable(request, pk)
    if not programme.start_date.year <= year <= programme.end_date.year:
        raise Http404(_("The year is outside the programme's period."))
    plan = programme.year_plans.filter(year=year).first()
    goals = list(programme.goals.filter(period=TargetPeriod.YEAR).order_by("position", "id"))
    initial: dict[str, Any] = {}
    if plan is not None:
        initial = {"number": plan.number, "issued_on": plan.issued_on, "note": plan.note}
        initial |= {f"target_{t.goal_id}": t.target for t in plan.targets.all()}
    form = YearPlanForm(request.POST if request.method == "POST" else None, goals=goals, initial=initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.year_plan_set(
                programme=programme,
                year=year,
                targets=form.targets(),
                number=c["number"].strip(),
                issued_on=c["issued_on"],
                note=c["note"],
                acting_user=request.user,
                source=SOURCE,
            )
        except ValidationError as error:
            show_errors(form, error)
        except PermissionDenied as error:
            _refused(form, error)
        else:
            messages.success(request, _("The plan of %(year)s was saved.") % {"year": year})
            return redirect("programme-detail", pk=programme.pk)
    style_fields(form)
    return render(
        request,
        "programmes/year_plan_form.html",
        {
            "form": form,
            "programme": programme,
            "year": year,
            "plan": plan,
            "main": [form[n] for n in ("number", "issued_on", "note")],
            "targets": [form[n] for _g, n in form.goal_names],
        },
    )
