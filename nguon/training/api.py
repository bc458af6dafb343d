"""The API of training: courses, their classes (sessions) and participants with results and certificates,
a person's trainings and qualifications on a date. Reads through the selectors with the caller's scope
(courses of organizations inside it; people outside it counted, never named); writes through the services
(403 outside the edit scope, refusals by field in Vietnamese). Reads naming people are logged as accesses to
personal data."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.api.auth import api_scope
from nguon.api.common import Id, Text30, Text100, Text2000, UserDate, choices_literal, text
from nguon.api.errors import ERRORS
from nguon.api.pagination import Page, PageIn, paginate
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization
from nguon.organizations.selectors import organization_list
from nguon.people.models import Person
from nguon.people.selectors import person_get

from . import selectors, services
from .choices import CourseKind, Grants, Result
from .models import Course, Participation, Session

router = Router(tags=["training"])

if TYPE_CHECKING:
    KindCode = str
    GrantsCode = str
    ResultCode = str
    Text250 = str
else:
    KindCode = choices_literal(CourseKind)
    GrantsCode = choices_literal(Grants, blank=True)
    ResultCode = choices_literal(Result)
    Text250 = text(250)


class CourseSchema(Schema):
    """A course; ``grants``/``grants_level``: the qualification a completed course raises and to which level
    (codes of the people's fields: education, political_theory, state_management)."""

    id: int
    organizer_id: int
    organizer_name: str
    name: str
    kind: str
    grants: str
    grants_level: str
    provider: str
    note: str

    @staticmethod
    def resolve_organizer_name(obj: Course) -> str:
        return obj.organizer.name


class CourseIn(Schema):
    organizer: Id
    name: Text250
    kind: KindCode
    grants: GrantsCode = ""
    grants_level: Text30 = ""
    provider: Text250 = ""
    note: Text2000 = ""


class CoursePatch(Schema):
    name: Text250 | None = None
    kind: KindCode | None = None
    grants: GrantsCode | None = None
    grants_level: Text30 | None = None
    provider: Text250 | None = None
    note: Text2000 | None = None


class CourseQuery(Schema):
    kind: KindCode | None = None
    organizer: Id | None = None


class SessionSchema(Schema):
    id: int
    course_id: int
    course_name: str
    kind: str
    name: str
    start_date: dt.date
    end_date: dt.date | None
    place: str
    participants: int
    completed: int

    @staticmethod
    def resolve_course_name(obj: Session) -> str:
        return obj.course.name

    @staticmethod
    def resolve_kind(obj: Session) -> str:
        return obj.course.kind

    @staticmethod
    def resolve_participants(obj: Session) -> int:
        return int(getattr(obj, "participants", 0))

    @staticmethod
    def resolve_completed(obj: Session) -> int:
        return int(getattr(obj, "completions", 0))


class SessionIn(Schema):
    course: Id
    name: Text250
    start_date: UserDate
    end_date: UserDate | None = None
    place: Text250 = ""


class SessionPatch(Schema):
    name: Text250 | None = None
    start_date: UserDate | None = None
    end_date: UserDate | None = None
    place: Text250 | None = None


class SessionQuery(Schema):
    kind: KindCode | None = None
    year: int | None = None
    organizer: Id | None = None
    course: Id | None = None


class ParticipantSchema(Schema):
    id: int
    session_id: int
    person_id: int
    person_name: str
    birth_date: dt.date
    sex: str
    result: str
    completed_on: dt.date | None
    certificate: str
    certificate_date: dt.date | None
    note: str

    @staticmethod
    def resolve_person_name(obj: Participation) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_birth_date(obj: Participation) -> dt.date:
        return obj.person.birth_date

    @staticmethod
    def resolve_sex(obj: Participation) -> str:
        return obj.person.sex


class ParticipantsSchema(Schema):
    """The participants the caller may name, and how many others (outside her scope) the class has."""

    items: list[ParticipantSchema]
    hidden: int


class ParticipantIn(Schema):
    person: Id
    result: ResultCode = "enrolled"
    completed_on: UserDate | None = None
    certificate: Text100 = ""
    certificate_date: UserDate | None = None
    note: Text2000 = ""


class TrainingResultIn(Schema):
    """The result as a whole: what is left out is cleared (a completion without a date: the class's last
    day)."""

    result: ResultCode
    completed_on: UserDate | None = None
    certificate: Text100 = ""
    certificate_date: UserDate | None = None
    note: Text2000 | None = None


class TrainingSchema(Schema):
    """One class of a person: the course, its kind, the class's dates, her result."""

    id: int
    course_id: int
    course_name: str
    kind: str
    grants: str
    grants_level: str
    session_id: int
    session_name: str
    start_date: dt.date
    end_date: dt.date | None
    result: str
    completed_on: dt.date | None
    certificate: str
    certificate_date: dt.date | None


class QualificationsSchema(Schema):
    at: dt.date
    education: str
    political_theory: str
    state_management: str
    leadership_trained: bool


class PersonTrainingsSchema(Schema):
    person_id: int
    trainings: list[TrainingSchema]
    qualifications: QualificationsSchema


class TrainingAtQuery(Schema):
    at: UserDate | None = None


def _refused(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code="not_in_scope")]})


def _logged(request: HttpRequest, what: str, people_count: int = 0, person_id: int | None = None) -> None:
    personal_data_logged(
        user=request.user,
        kind=AccessKind.API,
        what=what,
        people_count=people_count,
        person_id=person_id,
        path=request.get_full_path(),
    )


def _organizer(scope: Scope, pk: int) -> Organization:
    found = organization_list(scope=scope, level=Level.VIEW).filter(pk=pk).first()
    if found is None:
        raise _refused("organizer", _("No such organization in your area of work."))
    return found


def _person(scope: Scope, pk: int) -> Person:
    try:
        return person_get(scope=scope, pk=pk)
    except Http404 as error:
        raise _refused("person", _("No such person in your area of work.")) from error


def _session(scope: Scope, pk: int) -> Session:
    """A session with its counts (as the list answers it)."""
    found = selectors.session_list(scope=scope).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such class in your area of work."))
    return found


# --- courses ------------------------------------------------------------------------------------------------
@router.get("/training/courses/", response={200: Page[CourseSchema], **ERRORS}, summary="List courses")
def course_list_api(request: HttpRequest, filters: Query[CourseQuery], page: Query[PageIn]) -> Any:
    """The courses organized by organizations inside the caller's scope, by kind and organizer."""
    qs = selectors.course_list(scope=api_scope(request, Level.VIEW))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.organizer is not None:
        qs = qs.filter(organizer_id=filters.organizer)
    return paginate(qs.order_by("organizer_id", "kind", "name", "id"), page)


@router.get("/training/courses/{course_id}/", response={200: CourseSchema, **ERRORS}, summary="One course")
def course_detail_api(request: HttpRequest, course_id: Id) -> Any:
    return selectors.course_get(scope=api_scope(request, Level.VIEW), pk=course_id)


@router.post("/training/courses/", response={201: CourseSchema, **ERRORS}, summary="Record a course")
def course_create_api(request: HttpRequest, payload: CourseIn) -> Any:
    """Record a course through ``course_create`` (403 when the organizer is outside the edit scope)."""
    scope = api_scope(request, Level.EDIT)
    data = payload.model_dump()
    data["organizer"] = _organizer(scope, payload.organizer)
    course = services.course_create(**data, acting_user=request.user, source="api")
    return Status(201, course)


@router.patch(
    "/training/courses/{course_id}/", response={200: CourseSchema, **ERRORS}, summary="Change a course"
)
def course_update_api(request: HttpRequest, course_id: Id, payload: CoursePatch) -> Any:
    scope = api_scope(request, Level.EDIT)
    course = selectors.course_get(scope=scope, pk=course_id)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    return services.course_update(course=course, data=data, acting_user=request.user, source="api")


# --- sessions -----------------------------------------------------------------------------------------------
@router.get("/training/sessions/", response={200: Page[SessionSchema], **ERRORS}, summary="List classes")
def session_list_api(request: HttpRequest, filters: Query[SessionQuery], page: Query[PageIn]) -> Any:
    """The classes of the scope's courses, newest first, with their numbers of participants (everyone
    counted), by kind, year (running in it), organizer, course."""
    scope = api_scope(request, Level.VIEW)
    if filters.year is not None and not 1900 <= filters.year <= 2200:
        raise ValidationError({"year": [ValidationError(_("Give a year such as 2024."), code="invalid")]})
    qs = selectors.session_list(
        scope=scope, kind=filters.kind or "", year=filters.year, organizer=filters.organizer
    )
    if filters.course is not None:
        qs = qs.filter(course_id=filters.course)
    return paginate(qs, page)


@router.get("/training/sessions/{session_id}/", response={200: SessionSchema, **ERRORS}, summary="One class")
def session_detail_api(request: HttpRequest, session_id: Id) -> Any:
    return _session(api_scope(request, Level.VIEW), session_id)


@router.post("/training/sessions/", response={201: SessionSchema, **ERRORS}, summary="Open a class")
def session_create_api(request: HttpRequest, payload: SessionIn) -> Any:
    scope = api_scope(request, Level.EDIT)
    try:
        course = selectors.course_get(scope=scope, pk=payload.course)
    except Http404 as error:
        raise _refused("course", _("No such course in your area of work.")) from error
    data = payload.model_dump()
    data["course"] = course
    session = services.session_create(**data, acting_user=request.user, source="api")
    return Status(201, _session(scope, session.pk))


@router.patch(
    "/training/sessions/{session_id}/", response={200: SessionSchema, **ERRORS}, summary="Change a class"
)
def session_update_api(request: HttpRequest, session_id: Id, payload: SessionPatch) -> Any:
    scope = api_scope(request, Level.EDIT)
    session = selectors.session_get(scope=scope, pk=session_id)
    data = payload.model_dump(exclude_unset=True)
    for field in ("name", "start_date"):
        if field in data and data[field] is None:
            raise ValidationError({field: [ValidationError(_("This field is required."), code="required")]})
    if "place" in data and data["place"] is None:
        data["place"] = ""
    services.session_update(session=session, data=data, acting_user=request.user, source="api")
    return _session(scope, session.pk)


# --- participants -------------------------------------------------------------------------------------------
@router.get(
    "/training/sessions/{session_id}/participants/",
    response={200: ParticipantsSchema, **ERRORS},
    summary="Participants of a class",
)
def participant_list_api(request: HttpRequest, session_id: Id) -> Any:
    """The participants the caller may name, in name order, and how many others."""
    scope = api_scope(request, Level.VIEW)
    session = selectors.session_get(scope=scope, pk=session_id)
    named, hidden = selectors.participants(scope=scope, session=session)
    _logged(request, _("API: participants of the class %(session)s") % {"session": session}, len(named))
    return {"items": named, "hidden": hidden}


@router.post(
    "/training/sessions/{session_id}/participants/",
    response={201: ParticipantSchema, **ERRORS},
    summary="Add a participant",
)
def participant_add_api(request: HttpRequest, session_id: Id, payload: ParticipantIn) -> Any:
    """Add a person the caller reads to the class, with her result when known."""
    scope = api_scope(request, Level.EDIT)
    session = selectors.session_get(scope=scope, pk=session_id)
    data = payload.model_dump()
    data["person"] = _person(scope, payload.person)
    participation = services.participant_add(session=session, **data, acting_user=request.user, source="api")
    return Status(201, participation)


@router.get(
    "/training/participants/{participant_id}/",
    response={200: ParticipantSchema, **ERRORS},
    summary="A participant",
)
def participant_detail_api(request: HttpRequest, participant_id: Id) -> Any:
    scope = api_scope(request, Level.VIEW)
    participation = selectors.participation_get(scope=scope, pk=participant_id, level=Level.VIEW)
    _logged(
        request,
        _("API: training of %(name)s") % {"name": participation.person.full_name},
        person_id=participation.person_id,
    )
    return participation


@router.put(
    "/training/participants/{participant_id}/",
    response={200: ParticipantSchema, **ERRORS},
    summary="Record a result",
)
def participant_result_api(request: HttpRequest, participant_id: Id, payload: TrainingResultIn) -> Any:
    """Record the participant's result, completion date and certificate (all given together)."""
    scope = api_scope(request, Level.EDIT)
    participation = selectors.participation_get(scope=scope, pk=participant_id)
    return services.participant_result_set(
        participation=participation, **payload.model_dump(), acting_user=request.user, source="api"
    )


@router.delete(
    "/training/participants/{participant_id}/", response={204: None, **ERRORS}, summary="Take off a class"
)
def participant_remove_api(request: HttpRequest, participant_id: Id) -> Any:
    scope = api_scope(request, Level.EDIT)
    participation = selectors.participation_get(scope=scope, pk=participant_id)
    services.participant_remove(participation=participation, acting_user=request.user, source="api")
    return Status(204, None)


# --- a person -----------------------------------------------------------------------------------------------
@router.get(
    "/training/people/{person_id}/",
    response={200: PersonTrainingsSchema, **ERRORS},
    summary="A person's trainings and qualifications",
)
def person_trainings_api(request: HttpRequest, person_id: Id, query: Query[TrainingAtQuery]) -> Any:
    """Her classes (newest first) and her qualifications on ``at`` (today by default): the higher of her
    record and what completed courses give; ``leadership_trained`` (Decision 2282/QĐ-TTg)."""
    scope = api_scope(request, Level.VIEW)
    person = person_get(scope=scope, pk=person_id)
    at = query.at or timezone.localdate()
    q = selectors.qualifications_on(person_ids=[person.pk], at=at)[person.pk]
    trainings = [
        {
            "id": p.pk,
            "course_id": p.session.course_id,
            "course_name": p.session.course.name,
            "kind": p.session.course.kind,
            "grants": p.session.course.grants,
            "grants_level": p.session.course.grants_level,
            "session_id": p.session_id,
            "session_name": p.session.name,
            "start_date": p.session.start_date,
            "end_date": p.session.end_date,
            "result": p.result,
            "completed_on": p.completed_on,
            "certificate": p.certificate,
            "certificate_date": p.certificate_date,
        }
        for p in selectors.person_trainings(person=person)
    ]
    _logged(request, _("API: trainings of %(name)s") % {"name": person.full_name}, person_id=person.pk)
    return {
        "person_id": person.pk,
        "trainings": trainings,
        "qualifications": {
            "at": at,
            "education": q.education,
            "political_theory": q.political_theory,
            "state_management": q.state_management,
            "leadership_trained": q.leadership_trained,
        },
    }
