"""The training pages (issue 10 §4, §8): the scope's courses and classes (filters: kind, year, organizer), a
course with its classes, a class with its participants (people outside the scope counted, never named), the
forms that create a course or a class, add participants (found by name with or without diacritics, within
the scope), record results and certificates; the participants of a class as an Excel file.

Views parse the request, call selectors with ``request.scope``, call the services, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.core.access import scoped
from nguon.core.downloads import download
from nguon.core.formats import format_date
from nguon.core.labels import label
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization
from nguon.organizations.selectors import organization_list
from nguon.people.choices import Education, PoliticalTheory, StateManagement
from nguon.people.forms import show_errors, style_fields
from nguon.people.models import Person
from nguon.people.selectors import person_search

from . import selectors, services
from .choices import CourseKind, Grants, Result
from .forms import CourseForm, ParticipantAddForm, ResultForm, SessionForm, TrainingFilterForm
from .models import Course, Participation, Session
from .xlsx import SessionParticipantsExporter

SOURCE = "web"
SEARCH_LIMIT = 20
SESSIONS_PAGE = 50

LEVELS: dict[str, Any] = {
    Grants.EDUCATION: Education,
    Grants.POLITICAL_THEORY: PoliticalTheory,
    Grants.STATE_MANAGEMENT: StateManagement,
}


def grant_text(course: Course) -> str:
    """What the course gives, e.g. "lý luận chính trị: cao cấp" ("" for none)."""
    if not course.grants or course.grants not in LEVELS:
        return ""
    return f"{label(Grants, course.grants)}: {label(LEVELS[course.grants], course.grants_level)}"


def dates_text(session: Session) -> str:
    start = format_date(session.start_date)
    return f"{start} – {format_date(session.end_date)}" if session.end_date else start


def _organizers(scope: Scope, level: Level) -> Any:
    return organization_list(scope=scope, level=level).order_by("area__path", "name", "id")


def _scope(request: HttpRequest) -> Scope:
    return request.scope  # type: ignore[attr-defined, no-any-return]


# --- the list -----------------------------------------------------------------------------------------------
@scoped(level=Level.VIEW)
def training_list(request: HttpRequest) -> HttpResponse:
    """The classes of the scope's courses, newest first, filtered by kind, year and organizer."""
    scope = _scope(request)
    organizers = Organization.objects.filter(
        pk__in=selectors.course_list(scope=scope).values("organizer_id")
    ).order_by("name", "id")
    form = TrainingFilterForm(request.GET or None, organizers=organizers)
    kind, year, organizer = "", None, None
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["kind"] or ""
        year = form.cleaned_data["year"]
        organizer = form.cleaned_data["organizer"].pk if form.cleaned_data["organizer"] else None
    sessions = selectors.session_list(scope=scope, kind=kind, year=year, organizer=organizer)
    page = Paginator(sessions, SESSIONS_PAGE).get_page(request.GET.get("page"))
    courses = selectors.course_list(scope=scope).order_by("name", "id")
    if kind:
        courses = courses.filter(kind=kind)
    if organizer:
        courses = courses.filter(organizer_id=organizer)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "training/training_list.html",
        {
            "form": style_fields(form),
            "page": page,
            "rows": [
                {"session": s, "dates": dates_text(s), "kind": label(CourseKind, s.course.kind)}
                for s in page.object_list
            ],
            "courses": courses[:200],
            "can_add": scope.allows(Level.EDIT),
            "query": query.urlencode(),
        },
    )


# --- courses ------------------------------------------------------------------------------------------------
@scoped(level=Level.VIEW)
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _scope(request)
    course = selectors.course_get(scope=scope, pk=pk)
    sessions = selectors.session_list(scope=scope, course=course)
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "kind": label(CourseKind, course.kind),
            "grant": grant_text(course),
            "rows": [{"session": s, "dates": dates_text(s)} for s in sessions],
            "can_edit": scope.covers_organization(course.organizer, Level.EDIT),
        },
    )


def _course_values(course: Course) -> dict[str, Any]:
    return {f: getattr(course, f) for f in ("name", "kind", "grants", "grants_level", "provider", "note")} | {
        "organizer": course.organizer_id
    }


@scoped(level=Level.EDIT)
def course_add(request: HttpRequest) -> HttpResponse:
    """Record a course organized by an organization the user may edit."""
    return _course_form(request, None)


@scoped(level=Level.EDIT)
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(scope=_scope(request), pk=pk, level=Level.EDIT)
    return _course_form(request, course)


def _course_form(request: HttpRequest, course: Course | None) -> HttpResponse:
    scope = _scope(request)
    initial: dict[str, Any] = _course_values(course) if course else {}
    asked = request.GET.get("organizer", "")
    if course is None and asked.isdigit():
        initial["organizer"] = int(asked)
    form = CourseForm(
        request.POST if request.method == "POST" else None,
        organizers=_organizers(scope, Level.EDIT),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if course is None:
                course = services.course_create(**data, acting_user=request.user, source=SOURCE)
                messages.success(request, _("The course %(name)s was recorded.") % {"name": course.name})
            else:
                services.course_update(course=course, data=data, acting_user=request.user, source=SOURCE)
                messages.success(request, _("The course %(name)s was saved.") % {"name": course.name})
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect("training-course-detail", pk=course.pk)
    return render(request, "training/course_form.html", {"form": style_fields(form), "course": course})


# --- sessions -----------------------------------------------------------------------------------------------
@scoped(level=Level.EDIT)
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a class of the course."""
    course = selectors.course_get(scope=_scope(request), pk=pk, level=Level.EDIT)
    return _session_form(request, course, None)


@scoped(level=Level.EDIT)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(scope=_scope(request), pk=pk, level=Level.EDIT)
    return _session_form(request, session.course, session)


def _session_form(request: HttpRequest, course: Course, session: Session | None) -> HttpResponse:
    initial = {f: getattr(session, f) for f in ("name", "start_date", "end_date", "place")} if session else {}
    form = SessionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if session is None:
                session = services.session_create(
                    course=course, **data, acting_user=request.user, source=SOURCE
                )
                messages.success(request, _("The class %(name)s was opened.") % {"name": session.name})
            else:
                services.session_update(session=session, data=data, acting_user=request.user, source=SOURCE)
                messages.success(request, _("The class %(name)s was saved.") % {"name": session.name})
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect("training-session-detail", pk=session.pk)
    return render(
        request,
        "training/session_form.html",
        {"form": style_fields(form), "course": course, "session": session},
    )


def _search_people(scope: Scope, query: str) -> list[Person]:
    if not query.strip():
        return []
    return list(person_search(scope=scope, query=query).select_related("dossier_organization")[:SEARCH_LIMIT])


def _add_form(request: HttpRequest, data: Any = None) -> ParticipantAddForm:
    return ParticipantAddForm(
        data, people=person_search(scope=_scope(request)), initial={"result": Result.ENROLLED}
    )


def _session_context(
    request: HttpRequest, session: Session, add_form: ParticipantAddForm | None
) -> dict[str, Any]:
    scope = _scope(request)
    named, hidden = selectors.participants(scope=scope, session=session)
    can_edit = scope.covers_organization(session.course.organizer, Level.EDIT)
    query, found, selected = "", [], None
    if add_form is not None and add_form.is_bound:
        query = add_form.data.get("q", "")
        found = _search_people(scope, query)
        chosen = add_form.data.get("person", "")
        selected = person_search(scope=scope).filter(pk=chosen).first() if str(chosen).isdigit() else None
        if selected is not None and selected not in found:
            found.insert(0, selected)
    completed = sum(1 for p in named if p.result == Result.COMPLETED)
    return {
        "session": session,
        "course": session.course,
        "kind": label(CourseKind, session.course.kind),
        "grant": grant_text(session.course),
        "dates": dates_text(session),
        "rows": [
            {
                "p": p,
                "result": label(Result, p.result, capital=True),
                "completed_on": format_date(p.completed_on) if p.completed_on else "",
                "certificate_date": format_date(p.certificate_date) if p.certificate_date else "",
            }
            for p in named
        ],
        "hidden": hidden,
        "total": len(named) + hidden,
        "completed": completed,
        "can_edit": can_edit,
        "form": style_fields(add_form) if add_form is not None else None,
        "query": query,
        "found": found,
        "selected_pk": selected.pk if selected else None,
    }


@scoped(level=Level.VIEW)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A class with its participants (those outside the scope counted), the form that adds one."""
    scope = _scope(request)
    session = selectors.session_get(scope=scope, pk=pk)
    can_edit = scope.covers_organization(session.course.organizer, Level.EDIT)
    context = _session_context(request, session, _add_form(request) if can_edit else None)
    return render(request, "training/session_detail.html", context)


@scoped(level=Level.EDIT)
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: add the person chosen to the class (through ``services.participant_add``). The form's "Search"
    button (without htmx) shows the people found without saving."""
    scope = _scope(request)
    session = selectors.session_get(scope=scope, pk=pk, level=Level.EDIT)
    if request.method != "POST":
        return redirect("training-session-detail", pk=session.pk)
    form = _add_form(request, request.POST)
    if "search" not in request.POST and form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_add(
                session=session,
                person=data["person"],
                result=data["result"],
                completed_on=data["completed_on"],
                certificate=data["certificate"],
                certificate_date=data["certificate_date"],
                note=data["note"],
                acting_user=request.user,
                source=SOURCE,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was added to the class %(session)s.")
                % {"name": data["person"].full_name, "session": session.name},
            )
            return redirect(reverse("training-session-detail", args=[session.pk]) + "#participants")
    elif "search" in request.POST:
        form.errors.clear()
    return render(request, "training/session_detail.html", _session_context(request, session, form))


@scoped(level=Level.EDIT)
def person_search_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET ?q=…: the people of the scope whose name contains the words typed, with or without diacritics
    (the add form's suggestions, an htmx partial)."""
    scope = _scope(request)
    selectors.session_get(scope=scope, pk=pk, level=Level.EDIT)
    query = request.GET.get("q", "")
    return render(
        request,
        "training/_person_choices.html",
        {"found": _search_people(scope, query), "query": query, "selected_pk": None},
    )


@scoped(level=Level.EDIT)
def participant_result(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a participant's result, completion date and certificate."""
    participation = selectors.participation_get(scope=_scope(request), pk=pk)
    initial = {
        f: getattr(participation, f)
        for f in ("result", "completed_on", "certificate", "certificate_date", "note")
    }
    form = ResultForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_result_set(
                participation=participation, **form.cleaned_data, acting_user=request.user, source=SOURCE
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("The result of %(name)s was saved.") % {"name": participation.person.full_name},
            )
            return redirect(
                reverse("training-session-detail", args=[participation.session_id]) + "#participants"
            )
    return render(
        request,
        "training/participant_result.html",
        {"form": style_fields(form), "p": participation, "session": participation.session},
    )


@scoped(level=Level.EDIT)
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm; POST: take the participant off the class."""
    participation = selectors.participation_get(scope=_scope(request), pk=pk)
    if request.method == "POST":
        session_pk = participation.session_id
        name = participation.person.full_name
        services.participant_remove(participation=participation, acting_user=request.user, source=SOURCE)
        messages.success(request, _("%(name)s was taken off the class.") % {"name": name})
        return redirect(reverse("training-session-detail", args=[session_pk]) + "#participants")
    return render(
        request, "training/participant_remove.html", {"p": participation, "session": participation.session}
    )


@scoped(level=Level.VIEW)
def session_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The participants of the class as an Excel file (those outside the scope counted), logged as an
    export of personal data."""
    scope = _scope(request)
    session = selectors.session_get(scope=scope, pk=pk)
    exporter = SessionParticipantsExporter(scope=scope, session=session)
    rendered = exporter.render()
    personal_data_logged(
        user=request.user,
        kind=AccessKind.EXPORT,
        what=_("Participants of the class %(session)s to Excel") % {"session": session},
        people_count=exporter.people_count,
        path=request.get_full_path(),
    )
    return download(rendered)


# --- the profile --------------------------------------------------------------------------------------------
def person_training_rows(*, person: Person) -> list[dict[str, Any]]:
    """What a profile shows of a person's trainings (the caller has read her through the scope): each class
    with its course, kind, dates, result and certificate, newest first."""
    rows: list[Participation] = list(selectors.person_trainings(person=person))
    return [
        {
            "p": p,
            "course": p.session.course,
            "kind": label(CourseKind, p.session.course.kind),
            "grant": grant_text(p.session.course),
            "dates": dates_text(p.session),
            "result": label(Result, p.result, capital=True),
            "completed_on": format_date(p.completed_on) if p.completed_on else "",
        }
        for p in rows
    ]
