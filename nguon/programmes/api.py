"""The API of programmes and activities: lists and records through the caller's scope (404 outside it;
named participants outside it counted, never named), writes through the services (``activity_check`` is the
one rule: refusals by field in Vietnamese, 403 outside the edit scope, nothing half-saved). Ids and codes
the caller cannot see answer as unknown ones (422 on the field). Reads naming people are logged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.api.auth import api_scope
from nguon.api.common import Id, Text30, Text50, Text250, Text2000, UserDate, choices_literal
from nguon.api.errors import ERRORS
from nguon.api.pagination import Page, PageIn, paginate
from nguon.areas.models import Area
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization
from nguon.organizations.selectors import organization_list
from nguon.people.models import Person

from . import selectors, services
from .choices import AgeGroup, Audience, GoalMeasure, ParticipantMode, PartyRole, Sex, TargetPeriod
from .models import Activity, ActivityFile, ActivityType, Goal, OutputKind, Programme

router = Router(tags=["programmes"])

#: The largest number a count, a total or a target may be (the database's fields hold it).
MAX_NUMBER = 10**9

if TYPE_CHECKING:
    SexCode = str
    AgeGroupCode = str
    AudienceCode = str
    ModeCode = str
    MeasureCode = str
    PeriodCode = str
    RoleCode = str
    Number = int
    Quantity = Decimal
else:
    SexCode = choices_literal(Sex)
    AgeGroupCode = choices_literal(AgeGroup)
    AudienceCode = choices_literal(Audience, blank=True)
    ModeCode = choices_literal(ParticipantMode)
    MeasureCode = choices_literal(GoalMeasure)
    PeriodCode = choices_literal(TargetPeriod)
    RoleCode = choices_literal(PartyRole)
    # Negative numbers pass here: the service refuses them with its own message (by field).
    from typing import Annotated

    Number = Annotated[int, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]
    Quantity = Annotated[Decimal, Field(ge=-(10**12), le=10**12, decimal_places=2)]


# --- schemas: out -------------------------------------------------------------------------------------------
class ProgrammePartySchema(Schema):
    organization_id: int
    organization_name: str
    role: str


class ProgrammeYearTargetSchema(Schema):
    year: int
    target: Decimal


class ProgrammeGoalSchema(Schema):
    id: int
    position: int
    text: str
    measure: str
    period: str
    target: Decimal
    unit: str
    activity_type: str | None
    output_kind: str | None
    young_only: bool
    year_targets: list[ProgrammeYearTargetSchema]


class ProgrammeYearPlanSchema(Schema):
    year: int
    number: str
    issued_on: dt.date | None
    note: str
    targets: dict[str, Decimal]  # goal id → the year's target


class ProgrammeSchema(Schema):
    id: int
    title: str
    number: str
    signed_on: dt.date | None
    start_date: dt.date
    end_date: dt.date
    area_id: int
    area_name: str
    follows_id: int | None
    document: str
    note: str
    parties: list[ProgrammePartySchema]

    @staticmethod
    def resolve_area_name(obj: Programme) -> str:
        return obj.area.name

    @staticmethod
    def resolve_parties(obj: Programme) -> list[dict[str, Any]]:
        return [
            {"organization_id": p.organization_id, "organization_name": p.organization.name, "role": p.role}
            for p in obj.parties.all()
        ]


class ProgrammeDetailSchema(ProgrammeSchema):
    goals: list[ProgrammeGoalSchema]
    year_plans: list[ProgrammeYearPlanSchema]

    @staticmethod
    def resolve_goals(obj: Any) -> Any:
        return obj.api_detail["goals"]

    @staticmethod
    def resolve_year_plans(obj: Any) -> Any:
        return obj.api_detail["year_plans"]


class ActivityTypeSchema(Schema):
    id: int
    code: str
    name: str
    group: str | None
    position: int
    active: bool

    @staticmethod
    def resolve_group(obj: ActivityType) -> str | None:
        return obj.parent.code if obj.parent is not None else None


class ActivityOutputKindSchema(Schema):
    id: int
    code: str
    name: str
    unit: str
    is_money: bool


class ActivitySchema(Schema):
    id: int
    title: str
    type: str
    type_name: str
    group: str | None
    programme_id: int | None
    goal_id: int | None
    start_date: dt.date
    end_date: dt.date | None
    area_id: int
    area_code: str
    area_name: str
    place: str
    organizer_id: int
    organizer_name: str
    audience: str
    participant_mode: str
    participants: int
    description: str

    @staticmethod
    def resolve_type(obj: Activity) -> str:
        return obj.type.code

    @staticmethod
    def resolve_type_name(obj: Activity) -> str:
        return obj.type.name

    @staticmethod
    def resolve_group(obj: Activity) -> str | None:
        return obj.type.parent.code if obj.type.parent is not None else None

    @staticmethod
    def resolve_area_code(obj: Activity) -> str:
        return obj.area.code

    @staticmethod
    def resolve_area_name(obj: Activity) -> str:
        return obj.area.name

    @staticmethod
    def resolve_organizer_name(obj: Activity) -> str:
        return obj.organizer.name


class ActivityCountSchema(Schema):
    sex: str
    age_group: str
    count: int


class ActivityOutputSchema(Schema):
    kind: str
    name: str
    unit: str
    quantity: Decimal


class ActivityPersonSchema(Schema):
    id: int
    full_name: str
    birth_date: dt.date | None
    sex: str


class ActivityFileSchema(Schema):
    id: int
    name: str
    content_type: str
    size: int
    caption: str
    is_image: bool
    url: str | None


class ActivityDetailSchema(ActivitySchema):
    co_organizers: list[int]
    counts: list[ActivityCountSchema]
    outputs: list[ActivityOutputSchema]
    people: list[ActivityPersonSchema]
    others: int
    files: list[ActivityFileSchema]

    @staticmethod
    def resolve_co_organizers(obj: Any) -> Any:
        return obj.api_detail["co_organizers"]

    @staticmethod
    def resolve_counts(obj: Any) -> Any:
        return obj.api_detail["counts"]

    @staticmethod
    def resolve_outputs(obj: Any) -> Any:
        return obj.api_detail["outputs"]

    @staticmethod
    def resolve_people(obj: Any) -> Any:
        return obj.api_detail["people"]

    @staticmethod
    def resolve_others(obj: Any) -> Any:
        return obj.api_detail["others"]

    @staticmethod
    def resolve_files(obj: Any) -> Any:
        return obj.api_detail["files"]


# --- schemas: in --------------------------------------------------------------------------------------------
class ProgrammePartyIn(Schema):
    organization: Id
    role: RoleCode = "partner"


class ProgrammeIn(Schema):
    title: Text250
    start_date: UserDate
    end_date: UserDate
    area: Id
    parties: list[ProgrammePartyIn] = Field(max_length=50)
    number: Text50 = ""
    signed_on: UserDate | None = None
    follows: Id | None = None
    document: Text250 = ""
    note: Text2000 = ""


class ProgrammePatch(Schema):
    title: Text250 | None = None
    start_date: UserDate | None = None
    end_date: UserDate | None = None
    number: Text50 | None = None
    signed_on: UserDate | None = None
    document: Text250 | None = None
    note: Text2000 | None = None


class ProgrammeQuery(Schema):
    year: int | None = None
    area: Text30 | None = None
    organization: Id | None = None


class ProgrammeGoalIn(Schema):
    text: Text2000
    measure: MeasureCode
    period: PeriodCode = "year"
    target: Quantity
    unit: Text50 = ""
    activity_type: Text50 | None = None
    output_kind: Text50 | None = None
    young_only: bool = False


class ProgrammeGoalPatch(Schema):
    text: Text2000 | None = None
    measure: MeasureCode | None = None
    period: PeriodCode | None = None
    target: Quantity | None = None
    unit: Text50 | None = None
    young_only: bool | None = None


class ProgrammeYearTargetIn(Schema):
    goal: Id
    target: Quantity


class ProgrammeYearPlanIn(Schema):
    number: Text50 = ""
    issued_on: UserDate | None = None
    note: Text2000 = ""
    targets: list[ProgrammeYearTargetIn] = Field(default_factory=list, max_length=200)


class ActivityCountIn(Schema):
    sex: SexCode
    age_group: AgeGroupCode
    count: Number


class ActivityOutputIn(Schema):
    kind: Text50
    quantity: Quantity


class ActivityIn(Schema):
    """An activity: ``type`` a kind's code, ``area`` an area's id or code, ``organizer``, ``co_organizers``,
    ``programme``, ``goal`` and ``people`` ids; participants counted (``counts``, with ``participants`` the
    total if typed) or named (``people``)."""

    title: Text250
    type: Text50
    start_date: UserDate
    area: Text30
    organizer: Id
    end_date: UserDate | None = None
    place: Text250 = ""
    co_organizers: list[Id] = Field(default_factory=list, max_length=50)
    audience: AudienceCode = ""
    programme: Id | None = None
    goal: Id | None = None
    description: Text2000 = ""
    participant_mode: ModeCode = "counted"
    participants: Number | None = None
    counts: list[ActivityCountIn] = Field(default_factory=list, max_length=50)
    people: list[Id] = Field(default_factory=list, max_length=5000)
    outputs: list[ActivityOutputIn] = Field(default_factory=list, max_length=50)


class ActivityPatch(Schema):
    """What is left out keeps its value."""

    title: Text250 | None = None
    type: Text50 | None = None
    start_date: UserDate | None = None
    area: Text30 | None = None
    organizer: Id | None = None
    end_date: UserDate | None = None
    place: Text250 | None = None
    co_organizers: list[Id] | None = Field(None, max_length=50)
    audience: AudienceCode | None = None
    programme: Id | None = None
    goal: Id | None = None
    description: Text2000 | None = None
    participant_mode: ModeCode | None = None
    participants: Number | None = None
    counts: list[ActivityCountIn] | None = Field(None, max_length=50)
    people: list[Id] | None = Field(None, max_length=5000)
    outputs: list[ActivityOutputIn] | None = Field(None, max_length=50)


class ActivityFileIn(Schema):
    caption: Text250 = ""


class ActivityQuery(Schema):
    programme: Id | None = None
    type: Text50 | None = None
    year: int | None = None
    date_from: UserDate | None = Field(None, alias="from")
    date_to: UserDate | None = Field(None, alias="to")
    area: Text30 | None = None
    organizer: Id | None = None


# --- helpers ------------------------------------------------------------------------------------------------
def _refused(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code="unknown")]})


def _logged(request: HttpRequest, what: str, people_count: int) -> None:
    personal_data_logged(
        user=request.user,
        kind=AccessKind.API,
        what=what,
        people_count=people_count,
        path=request.get_full_path(),
    )


def _year(year: int | None) -> None:
    if year is not None and not 1900 <= year <= 2200:
        raise _refused("year", _("Give a year such as 2024."))


def _area(value: str, field: str = "area") -> Area:
    value = value.strip()
    found = None
    if value.isdigit() and len(value) < 19:
        found = Area.objects.filter(pk=int(value)).first()
    if found is None and value:
        found = Area.objects.filter(code=value).order_by("-valid_from").first()
    if found is None:
        raise _refused(field, _("No such area."))
    return found


def _organization(scope: Scope, pk: int, field: str) -> Organization:
    found = organization_list(scope=scope, level=Level.VIEW).filter(pk=pk).first()
    if found is None:
        raise _refused(field, _("No such organization in your area of work."))
    return found


def _partner(pk: int, field: str) -> Organization:
    """A partner organization (co-organizer, party): any organization of the registry (their names are
    public)."""
    found = Organization.objects.filter(pk=pk).first()
    if found is None:
        raise _refused(field, _("No such organization."))
    return found


def _activity_type(code: str) -> ActivityType:
    found = ActivityType.objects.filter(code=code.strip()).first()
    if found is None:
        raise _refused("type", _("No such type of activity."))
    return found


def _output_kind(code: str, field: str = "outputs") -> OutputKind:
    found = OutputKind.objects.filter(code=code.strip()).first()
    if found is None:
        raise _refused(field, _("No such kind of output: %(code)s.") % {"code": code})
    return found


def _programme(scope: Scope, pk: int) -> Programme:
    found = selectors.programme_list(scope=scope).filter(pk=pk).first()
    if found is None:
        raise _refused("programme", _("No such programme in your area of work."))
    return found


def _goal(programme: Programme | None, pk: int) -> Goal:
    found = Goal.objects.filter(pk=pk, programme=programme).first() if programme is not None else None
    if found is None:
        raise _refused("goal", _("No such goal in the activity's programme."))
    return found


def _people(scope: Scope, ids: list[int]) -> list[Person]:
    found = {p.pk: p for p in Person.objects.filter(scope.people_q(Level.VIEW), pk__in=set(ids))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise _refused("people", _("No such person in your area of work (id %(id)s).") % {"id": missing[0]})
    return [found[i] for i in ids]


def _data_of(activity: Activity) -> dict[str, Any]:
    """The values of ``activity`` as ``ActivityData``'s keyword arguments."""
    return {
        "title": activity.title,
        "type": activity.type,
        "start_date": activity.start_date,
        "area": activity.area,
        "organizer": activity.organizer,
        "end_date": activity.end_date,
        "place": activity.place,
        "co_organizers": list(activity.co_organizers.all()),
        "audience": activity.audience,
        "programme": activity.programme,
        "goal": activity.goal,
        "description": activity.description,
        "participant_mode": activity.participant_mode,
        "participants": activity.participants if not activity.counts.exists() else None,
        "counts": {(c.sex, c.age_group): c.count for c in activity.counts.all()},
        "people": [p.person for p in activity.named.select_related("person")],
        "outputs": {o.kind: o.quantity for o in activity.outputs.select_related("kind")},
    }


def _apply(scope: Scope, values: dict[str, Any], given: dict[str, Any]) -> services.ActivityData:
    """``values`` (ActivityData's arguments) changed by the request's ``given`` fields, ids and codes
    resolved inside the scope (unknown or hidden: 422 on the field)."""
    simple = ("title", "start_date", "end_date", "place", "audience", "description", "participant_mode")
    for key in simple:
        if key in given and given[key] is not None:
            values[key] = given[key]
    if "participants" in given:
        values["participants"] = given["participants"]
    if given.get("type") is not None:
        values["type"] = _activity_type(given["type"])
    if given.get("area") is not None:
        values["area"] = _area(given["area"])
    if given.get("organizer") is not None:
        values["organizer"] = _organization(scope, given["organizer"], "organizer")
    if given.get("co_organizers") is not None:
        values["co_organizers"] = [_partner(pk, "co_organizers") for pk in given["co_organizers"]]
    if "programme" in given:
        values["programme"] = _programme(scope, given["programme"]) if given["programme"] else None
        goal = values.get("goal")
        if (
            "goal" not in given
            and goal is not None
            and goal.programme_id != getattr(values["programme"], "pk", None)
        ):
            values["goal"] = None
    if "goal" in given:
        values["goal"] = _goal(values.get("programme"), given["goal"]) if given["goal"] else None
    if given.get("counts") is not None:
        counts: dict[tuple[str, str], int] = {}
        for c in given["counts"]:
            pair = (str(c["sex"]), str(c["age_group"]))
            counts[pair] = counts.get(pair, 0) + int(c["count"])
        values["counts"] = counts
    if given.get("people") is not None:
        values["people"] = _people(scope, given["people"])
    if given.get("outputs") is not None:
        outputs: dict[OutputKind, Decimal] = {}
        for o in given["outputs"]:
            kind = _output_kind(o["kind"])
            outputs[kind] = outputs.get(kind, Decimal(0)) + Decimal(o["quantity"])
        values["outputs"] = outputs
    return services.ActivityData(**values)


def _file_url(pk: int) -> str | None:
    try:
        return reverse("activity-file", args=[pk])
    except NoReverseMatch:
        return None


def _detail(request: HttpRequest, scope: Scope, activity: Activity) -> Activity:
    named, others = selectors.activity_people(scope=scope, activity=activity)
    if named:
        _logged(request, f"activity {activity.pk}: participants", len(named))
    out: dict[str, Any] = {}
    out["co_organizers"] = [o.pk for o in activity.co_organizers.order_by("id")]
    out["counts"] = [
        {"sex": c.sex, "age_group": c.age_group, "count": c.count}
        for c in activity.counts.order_by("sex", "age_group")
    ]
    out["outputs"] = [
        {"kind": o.kind.code, "name": o.kind.name, "unit": o.kind.unit, "quantity": o.quantity}
        for o in activity.outputs.select_related("kind").order_by("kind__position", "id")
    ]
    out["people"] = [
        {
            "id": p.person.pk,
            "full_name": p.person.full_name,
            "birth_date": p.person.birth_date,
            "sex": p.person.sex,
        }
        for p in named
    ]
    out["others"] = others
    out["files"] = [
        {
            "id": f.pk,
            "name": f.name,
            "content_type": f.content_type,
            "size": f.size,
            "caption": f.caption,
            "is_image": f.is_image,
            "url": _file_url(f.pk),
        }
        for f in selectors.activity_files(activity=activity).order_by("id")
    ]
    activity.api_detail = out  # type: ignore[attr-defined]
    return activity


def _programme_detail(programme: Programme) -> Programme:
    out: dict[str, Any] = {}
    goals = programme.goals.select_related("activity_type", "output_kind").order_by("position", "id")
    out["goals"] = [
        {
            "id": g.pk,
            "position": g.position,
            "text": g.text,
            "measure": g.measure,
            "period": g.period,
            "target": g.target,
            "unit": g.unit,
            "activity_type": g.activity_type.code if g.activity_type is not None else None,
            "output_kind": g.output_kind.code if g.output_kind is not None else None,
            "young_only": g.young_only,
            "year_targets": [
                {"year": t.plan.year, "target": t.target}
                for t in g.year_targets.select_related("plan").order_by("plan__year")
            ],
        }
        for g in goals
    ]
    out["year_plans"] = [
        {
            "year": p.year,
            "number": p.number,
            "issued_on": p.issued_on,
            "note": p.note,
            "targets": {str(t.goal_id): t.target for t in p.targets.all()},
        }
        for p in programme.year_plans.prefetch_related("targets").order_by("year")
    ]
    programme.api_detail = out  # type: ignore[attr-defined]
    return programme


def _goal_values(given: dict[str, Any]) -> dict[str, Any]:
    values = dict(given)
    if "activity_type" in values:
        code = values.pop("activity_type")
        values["activity_type"] = _activity_type_for_goal(code) if code else None
    if "output_kind" in values:
        code = values.pop("output_kind")
        values["output_kind"] = _output_kind(code, "output_kind") if code else None
    return values


def _activity_type_for_goal(code: str) -> ActivityType:
    found = ActivityType.objects.filter(code=code.strip()).first()
    if found is None:
        raise _refused("activity_type", _("No such type of activity."))
    return found


# --- taxonomy -----------------------------------------------------------------------------------------------
@router.get("/activity-types/", response={200: list[ActivityTypeSchema], **ERRORS}, summary="Activity types")
def activity_types_api(request: HttpRequest) -> Any:
    """The taxonomy: groups (``group`` null) and their kinds; activities use a kind."""
    api_scope(request)
    return list(selectors.activity_types(active_only=False))


@router.get(
    "/output-kinds/", response={200: list[ActivityOutputKindSchema], **ERRORS}, summary="Output kinds"
)
def output_kinds_api(request: HttpRequest) -> Any:
    api_scope(request)
    return list(selectors.output_kinds())


# --- programmes ---------------------------------------------------------------------------------------------
@router.get("/programmes/", response={200: Page[ProgrammeSchema], **ERRORS}, summary="List programmes")
def programme_list_api(request: HttpRequest, filters: Query[ProgrammeQuery], page: Query[PageIn]) -> Any:
    """The programmes of the caller's scope, by year (running in it), area code (applying there), party."""
    scope = api_scope(request, Level.VIEW)
    _year(filters.year)
    qs = selectors.programme_list(scope=scope)
    if filters.year is not None:
        qs = qs.filter(start_date__year__lte=filters.year, end_date__year__gte=filters.year)
    if filters.area:
        qs = qs.filter(area__code=filters.area.strip())
    if filters.organization is not None:
        qs = qs.filter(parties__organization_id=filters.organization).distinct()
    return paginate(qs, page)


@router.get(
    "/programmes/{programme_id}/", response={200: ProgrammeDetailSchema, **ERRORS}, summary="One programme"
)
def programme_detail_api(request: HttpRequest, programme_id: Id) -> Any:
    """A programme with its parties, goals (with their yearly targets) and yearly plans."""
    programme = selectors.programme_get(scope=api_scope(request, Level.VIEW), pk=programme_id)
    return _programme_detail(programme)


@router.post("/programmes/", response={201: ProgrammeDetailSchema, **ERRORS}, summary="Record a programme")
def programme_create_api(request: HttpRequest, payload: ProgrammeIn) -> Any:
    """Through ``programme_create`` (403 unless one party is inside the caller's edit scope)."""
    scope = api_scope(request, Level.EDIT)
    parties = [(_partner(p.organization, "parties"), p.role) for p in payload.parties]
    follows = _follows(scope, payload.follows)
    try:
        area = Area.objects.get(pk=payload.area)
    except Area.DoesNotExist:
        raise _refused("area", _("No such area.")) from None
    programme = services.programme_create(
        title=payload.title,
        start_date=payload.start_date,
        end_date=payload.end_date,
        area=area,
        parties=parties,
        number=payload.number,
        signed_on=payload.signed_on,
        follows=follows,
        document=payload.document,
        note=payload.note,
        acting_user=request.user,
        source="api",
    )
    return Status(201, _programme_detail(selectors.programme_get(scope=scope, pk=programme.pk)))


def _follows(scope: Scope, pk: int | None) -> Programme | None:
    if pk is None:
        return None
    found = selectors.programme_list(scope=scope).filter(pk=pk).first()
    if found is None:
        raise _refused("follows", _("No such programme in your area of work."))
    return found


@router.patch(
    "/programmes/{programme_id}/",
    response={200: ProgrammeDetailSchema, **ERRORS},
    summary="Change a programme",
)
def programme_update_api(request: HttpRequest, programme_id: Id, payload: ProgrammePatch) -> Any:
    scope = api_scope(request, Level.EDIT)
    programme = selectors.programme_get(scope=scope, pk=programme_id)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    services.programme_update(programme=programme, data=data, acting_user=request.user, source="api")
    return _programme_detail(selectors.programme_get(scope=scope, pk=programme_id))


@router.post(
    "/programmes/{programme_id}/goals/", response={201: ProgrammeGoalSchema, **ERRORS}, summary="Add a goal"
)
def goal_create_api(request: HttpRequest, programme_id: Id, payload: ProgrammeGoalIn) -> Any:
    scope = api_scope(request, Level.EDIT)
    programme = selectors.programme_get(scope=scope, pk=programme_id)
    goal = services.goal_create(
        programme=programme, acting_user=request.user, source="api", **_goal_values(payload.model_dump())
    )
    return Status(201, _goal_out(goal))


def _goal_out(goal: Goal) -> dict[str, Any]:
    programme = goal.programme
    found: list[dict[str, Any]] = _programme_detail(programme).api_detail["goals"]  # type: ignore[attr-defined]
    return next(g for g in found if g["id"] == goal.pk)


@router.patch(
    "/programmes/goals/{goal_id}/", response={200: ProgrammeGoalSchema, **ERRORS}, summary="Change a goal"
)
def goal_update_api(request: HttpRequest, goal_id: Id, payload: ProgrammeGoalPatch) -> Any:
    scope = api_scope(request, Level.EDIT)
    goal = Goal.objects.filter(
        pk=goal_id, programme__in=selectors.programme_list(scope=scope).values("pk")
    ).first()
    if goal is None:
        raise Http404(_("No such goal in your area of work."))
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    goal = services.goal_update(goal=goal, data=data, acting_user=request.user, source="api")
    return _goal_out(goal)


@router.put(
    "/programmes/{programme_id}/plans/{year}/",
    response={200: ProgrammeYearPlanSchema, **ERRORS},
    summary="Set a yearly plan",
)
def year_plan_set_api(request: HttpRequest, programme_id: Id, year: int, payload: ProgrammeYearPlanIn) -> Any:
    """The yearly plan of ``year`` with its targets (goals not listed keep their own yearly target)."""
    scope = api_scope(request, Level.EDIT)
    programme = selectors.programme_get(scope=scope, pk=programme_id)
    _year(year)
    goals = {g.pk: g for g in programme.goals.all()}
    targets: dict[Goal, Decimal] = {}
    for t in payload.targets:
        if t.goal not in goals:
            raise _refused("targets", _("No such goal in this programme (id %(id)s).") % {"id": t.goal})
        targets[goals[t.goal]] = t.target
    plan = services.year_plan_set(
        programme=programme,
        year=year,
        targets=targets,
        number=payload.number,
        issued_on=payload.issued_on,
        note=payload.note,
        acting_user=request.user,
        source="api",
    )
    return {
        "year": plan.year,
        "number": plan.number,
        "issued_on": plan.issued_on,
        "note": plan.note,
        "targets": {str(t.goal_id): t.target for t in plan.targets.all()},
    }


# --- activities ---------------------------------------------------------------------------------------------
@router.get("/activities/", response={200: Page[ActivitySchema], **ERRORS}, summary="List activities")
def activity_list_api(request: HttpRequest, filters: Query[ActivityQuery], page: Query[PageIn]) -> Any:
    """The activities of the caller's scope, newest first: by programme, type (a group's code includes its
    kinds), year, dates (``from``, ``to``), area code (and the areas under it), organizer."""
    scope = api_scope(request, Level.VIEW)
    _year(filters.year)
    qs = selectors.activity_list(scope=scope)
    if filters.programme is not None:
        qs = qs.filter(programme_id=filters.programme)
    if filters.type:
        code = filters.type.strip()
        qs = qs.filter(Q(type__code=code) | Q(type__parent__code=code))
    if filters.year is not None:
        qs = qs.filter(start_date__year=filters.year)
    if filters.date_from is not None:
        qs = qs.filter(start_date__gte=filters.date_from)
    if filters.date_to is not None:
        qs = qs.filter(start_date__lte=filters.date_to)
    if filters.area:
        paths = list(Area.objects.filter(code=filters.area.strip()).values_list("path", flat=True))
        area_q = Q(pk__in=[])
        for path in paths:
            area_q |= Q(area__path__startswith=path)
        qs = qs.filter(area_q)
    if filters.organizer is not None:
        qs = qs.filter(organizer_id=filters.organizer)
    return paginate(qs, page)


@router.get(
    "/activities/{activity_id}/", response={200: ActivityDetailSchema, **ERRORS}, summary="One activity"
)
def activity_detail_api(request: HttpRequest, activity_id: Id) -> Any:
    """An activity with its counts (sex × age group), outputs, the named participants the caller may name
    (``others``: how many more), and its files."""
    scope = api_scope(request, Level.VIEW)
    return _detail(request, scope, selectors.activity_get(scope=scope, pk=activity_id))


@router.post("/activities/", response={201: ActivityDetailSchema, **ERRORS}, summary="Record an activity")
def activity_create_api(request: HttpRequest, payload: ActivityIn) -> Any:
    """Through ``activity_create`` (403 when the organizer is outside the edit scope)."""
    scope = api_scope(request, Level.EDIT)
    base = {"title": "", "type": None, "start_date": None, "area": None, "organizer": None}
    data = _apply(scope, base, payload.model_dump())
    activity = services.activity_create(data=data, acting_user=request.user, source="api")
    return Status(201, _detail(request, scope, selectors.activity_get(scope=scope, pk=activity.pk)))


@router.patch(
    "/activities/{activity_id}/", response={200: ActivityDetailSchema, **ERRORS}, summary="Change an activity"
)
def activity_update_api(request: HttpRequest, activity_id: Id, payload: ActivityPatch) -> Any:
    """What is left out keeps its value; the files stay."""
    scope = api_scope(request, Level.EDIT)
    activity = selectors.activity_get(scope=scope, pk=activity_id)
    data = _apply(scope, _data_of(activity), payload.model_dump(exclude_unset=True))
    services.activity_update(activity=activity, data=data, acting_user=request.user, source="api")
    return _detail(request, scope, selectors.activity_get(scope=scope, pk=activity_id))


@router.delete("/activities/{activity_id}/", response={204: None, **ERRORS}, summary="Delete an activity")
def activity_delete_api(request: HttpRequest, activity_id: Id) -> Any:
    """Refused (422 on ``files``) while it has files."""
    scope = api_scope(request, Level.EDIT)
    activity = selectors.activity_get(scope=scope, pk=activity_id)
    services.activity_delete(activity=activity, acting_user=request.user, source="api")
    return Status(204, None)


@router.post(
    "/activities/{activity_id}/files/", response={201: ActivityFileSchema, **ERRORS}, summary="Add a file"
)
def activity_file_add_api(
    request: HttpRequest,
    activity_id: Id,
    file: File[UploadedFile],
    form: Form[ActivityFileIn],
) -> Any:
    """A photo or document (multipart ``file``, optional ``caption``): its size and real type are checked
    (422 on ``files``)."""
    scope = api_scope(request, Level.EDIT)
    activity = selectors.activity_get(scope=scope, pk=activity_id)
    row = services.file_add(
        activity=activity,
        name=file.name or "",
        stream=file,
        caption=form.caption,
        acting_user=request.user,
        source="api",
    )
    return Status(
        201,
        {
            "id": row.pk,
            "name": row.name,
            "content_type": row.content_type,
            "size": row.size,
            "caption": row.caption,
            "is_image": row.is_image,
            "url": _file_url(row.pk),
        },
    )


@router.delete("/activities/files/{file_id}/", response={204: None, **ERRORS}, summary="Remove a file")
def activity_file_remove_api(request: HttpRequest, file_id: Id) -> Any:
    """Takes the file off the activity (kept, dated, for the audit trail)."""
    scope = api_scope(request, Level.EDIT)
    found: ActivityFile = selectors.activity_file_get(scope=scope, pk=file_id)
    services.file_remove(activity_file=found, acting_user=request.user, source="api")
    return Status(204, None)


# -- progress ---------------------------------------------------------------------------------------------------
class ProgrammeProgressCell(Schema):
    """One cell: a goal in a year (null: the whole period) and a unit (null: the whole programme). ``records``:
    the ids (of ``record_kind``) behind the actual that the caller may see; ``hidden``: those she may not."""

    year: int | None
    unit_id: int | None
    unit_name: str
    summary: bool
    target: int | float | None
    actual: int | float
    met: bool | None
    records: list[int]
    hidden: int


class ProgrammeProgressGoal(Schema):
    id: int
    position: int
    text: str
    measure: str
    period: str
    unit: str
    record_kind: str
    rows: list[ProgrammeProgressCell]


class ProgrammeProgressHeader(Schema):
    id: int
    title: str
    number: str
    start_date: dt.date
    end_date: dt.date


class ProgrammeProgressSchema(Schema):
    programme: ProgrammeProgressHeader
    at: dt.date
    years: list[int]
    goals: list[ProgrammeProgressGoal]


class ProgrammeProgressQuery(Schema):
    at: UserDate | None = None


@router.get(
    "/programmes/{programme_id}/progress/",
    response={200: ProgrammeProgressSchema, **ERRORS},
    summary="A programme's progress",
)
def programme_progress_api(
    request: HttpRequest, programme_id: Id, filters: Query[ProgrammeProgressQuery]
) -> Any:
    """Goals × years (× units for per-unit goals): target, actual (computed from the activities, the trainings
    and the candidate lists, up to ``at``, default today), met or not, and the records behind each actual."""
    from .progress import progress, progress_json

    scope = api_scope(request, Level.ANALYSE)
    programme = selectors.programme_get(scope=scope, pk=programme_id, level=Level.ANALYSE)
    return progress_json(progress(programme=programme, scope=scope, at=filters.at))
