"""The API of supervision (mounted at /api/supervision/ by nguon/api/api.py): missions (with their conduct
notes, conclusion, team and recommendations), recommendations with their follow-up log and their status at a
date, the overdue list at a date, and the defaults in force. Reads through the selectors with the caller's
scope (404 outside it; team members outside it counted, never named), writes through the services (403
outside the edit scope, refusals by field in Vietnamese, nothing half-saved). Reads naming people are
logged as accesses to personal data."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind
from nguon.api.auth import api_scope
from nguon.api.common import Id, Text30, Text100, Text250, Text2000, UserDate, choices_literal, text
from nguon.api.errors import ERRORS
from nguon.api.pagination import Page, PageIn, paginate
from nguon.areas.models import Area
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization
from nguon.organizations.selectors import organization_list

from . import selectors, services
from .models import (
    EventKind,
    FollowUp,
    Mission,
    MissionKind,
    MissionStatus,
    Plan,
    Recommendation,
    SupervisionDefaults,
)

router = Router(tags=["supervision"])

#: The status of a recommendation not yet sent (no event dated on or before the date).
UNSENT = "unsent"

if TYPE_CHECKING:
    MissionKindCode = str
    MissionStatusCode = str
    EventKindCode = str
    RecStatusCode = str
    Text500 = str
    LongText = str
else:
    MissionKindCode = choices_literal(MissionKind)
    MissionStatusCode = choices_literal(MissionStatus)
    EventKindCode = choices_literal(EventKind)
    from typing import Literal

    RecStatusCode = Literal[(*EventKind.values, UNSENT)]
    Text500 = text(500)
    LongText = text(20000)


# --- schemas: out -------------------------------------------------------------------------------------------
class SupervisionOrganizationSchema(Schema):
    id: int
    name: str


class SupervisionMissionSchema(Schema):
    id: int
    kind: str
    subject: str
    plan_id: int | None
    supervised_id: int | None
    supervised_name: str
    lead_id: int
    lead_name: str
    notice_sent_on: dt.date | None
    start_date: dt.date
    end_date: dt.date | None
    notice_warning: str
    status: str
    concluded_on: dt.date | None

    @staticmethod
    def resolve_lead_name(obj: Mission) -> str:
        return obj.lead.name


class SupervisionNoteSchema(Schema):
    id: int
    date: dt.date
    text: str


class SupervisionTeamMemberSchema(Schema):
    person_id: int
    full_name: str
    role: str


class SupervisionTeamSchema(Schema):
    """The members the caller may name, and how many others (outside her scope) the team has."""

    members: list[SupervisionTeamMemberSchema]
    hidden: int


class SupervisionEventSchema(Schema):
    id: int
    kind: str
    date: dt.date
    note: str
    document: str


class SupervisionRecommendationSchema(Schema):
    """A recommendation; ``status``: the last event dated on or before ``status_at`` ("unsent": none)."""

    id: int
    mission_id: int
    mission_subject: str
    text: str
    addressee_id: int | None
    addressee_name: str
    sent_on: dt.date | None
    deadline: dt.date | None
    status_at: dt.date
    status: str
    events: list[SupervisionEventSchema]

    @staticmethod
    def resolve_mission_subject(obj: Recommendation) -> str:
        return obj.mission.subject

    @staticmethod
    def resolve_status_at(obj: Any) -> dt.date:
        return obj.api_at  # type: ignore[no-any-return]

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return selectors.replay(obj.events.all(), obj.api_at) or UNSENT

    @staticmethod
    def resolve_events(obj: Recommendation) -> list[FollowUp]:
        return list(obj.events.all())


class SupervisionMissionDetailSchema(SupervisionMissionSchema):
    participants: list[SupervisionOrganizationSchema]
    note: str
    conclusion: str
    notes: list[SupervisionNoteSchema]
    team: SupervisionTeamSchema
    recommendations: list[SupervisionRecommendationSchema]
    can_edit: bool

    @staticmethod
    def resolve_participants(obj: Mission) -> list[dict[str, Any]]:
        return [{"id": o.pk, "name": o.name} for o in obj.participants.order_by("name", "id")]

    @staticmethod
    def resolve_notes(obj: Mission) -> list[Any]:
        return list(obj.notes.all())

    @staticmethod
    def resolve_team(obj: Any) -> Any:
        return obj.api_team

    @staticmethod
    def resolve_recommendations(obj: Any) -> Any:
        return obj.api_recommendations

    @staticmethod
    def resolve_can_edit(obj: Any) -> bool:
        return bool(obj.api_can_edit)


class SupervisionOverdueItemSchema(Schema):
    recommendation_id: int
    mission_id: int
    mission_subject: str
    lead_name: str
    text: str
    addressee_name: str
    sent_on: dt.date | None
    deadline: dt.date | None
    status: str
    days_open: int
    bucket: str
    reasons: list[str]
    escalate: bool


class SupervisionBucketSchema(Schema):
    code: str
    label: str
    count: int


class SupervisionOverdueSchema(Schema):
    """The overdue list at ``at`` (oldest first), one page of it, and the count per aging bucket."""

    at: dt.date
    area: str
    count: int
    limit: int
    offset: int
    buckets: list[SupervisionBucketSchema]
    items: list[SupervisionOverdueItemSchema]


class SupervisionDefaultsRowSchema(Schema):
    valid_from: dt.date
    notice_days: int
    answer_days: int
    source: str


class SupervisionDefaultsSchema(Schema):
    """The rule in force on ``at`` and every rule recorded (newest first)."""

    at: dt.date
    in_force: SupervisionDefaultsRowSchema
    rules: list[SupervisionDefaultsRowSchema]


# --- schemas: in --------------------------------------------------------------------------------------------
class SupervisionMissionIn(Schema):
    kind: MissionKindCode
    subject: Text500
    lead: Id
    start_date: UserDate
    plan: Id | None = None
    supervised: Id | None = None
    supervised_text: Text250 = ""
    participants: list[Id] = Field(default_factory=list, max_length=50)
    notice_sent_on: UserDate | None = None
    end_date: UserDate | None = None
    status: MissionStatusCode = "planned"
    note: LongText = ""


class SupervisionMissionPatch(Schema):
    """What is given changes; ``conclusion`` with ``concluded_on`` records the conclusion (and marks the
    mission concluded)."""

    kind: MissionKindCode | None = None
    subject: Text500 | None = None
    lead: Id | None = None
    start_date: UserDate | None = None
    plan: Id | None = None
    supervised: Id | None = None
    supervised_text: Text250 | None = None
    participants: list[Id] | None = Field(None, max_length=50)
    notice_sent_on: UserDate | None = None
    end_date: UserDate | None = None
    status: MissionStatusCode | None = None
    note: LongText | None = None
    conclusion: LongText | None = None
    concluded_on: UserDate | None = None


class SupervisionRecommendationIn(Schema):
    text: Text2000
    addressee: Id | None = None
    addressee_text: Text250 = ""
    sent_on: UserDate | None = None
    deadline: UserDate | None = None
    document: Text100 = ""


class SupervisionRecommendationPatch(Schema):
    text: Text2000 | None = None
    addressee: Id | None = None
    addressee_text: Text250 | None = None
    sent_on: UserDate | None = None
    deadline: UserDate | None = None


class SupervisionEventIn(Schema):
    kind: EventKindCode
    date: UserDate
    note: Text2000 = ""
    document: Text100 = ""


class SupervisionMissionQuery(Schema):
    year: int | None = Field(None, ge=1900, le=2200)
    kind: MissionKindCode | None = None
    status: MissionStatusCode | None = None
    organization: Id | None = None


class SupervisionRecommendationQuery(Schema):
    status: RecStatusCode | None = None
    at: UserDate | None = None
    mission: Id | None = None


class SupervisionOverdueQuery(Schema):
    at: UserDate | None = None
    area: Text30 | None = None


class SupervisionDefaultsQuery(Schema):
    at: UserDate | None = None


# --- helpers ------------------------------------------------------------------------------------------------
def _refused(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code="unknown")]})


def _required(data: dict[str, Any], *fields: str) -> None:
    for field in fields:
        if field in data and data[field] is None:
            raise ValidationError({field: [ValidationError(_("This field is required."), code="required")]})


def _logged(request: HttpRequest, what: str, people_count: int) -> None:
    personal_data_logged(
        user=request.user,
        kind=AccessKind.API,
        what=what,
        people_count=people_count,
        path=request.get_full_path(),
    )


def _lead(scope: Scope, pk: int) -> Organization:
    found = organization_list(scope=scope, level=Level.VIEW).filter(pk=pk).first()
    if found is None:
        raise _refused("lead", _("No such organization in your area of work."))
    return found


def _registry(pk: int | None, field: str) -> Organization | None:
    """A supervised body, participant or addressee: any organization of the registry (their names are
    public)."""
    if pk is None:
        return None
    found = Organization.objects.filter(pk=pk).first()
    if found is None:
        raise _refused(field, _("No such organization."))
    return found


def _participants(ids: list[int]) -> list[Organization]:
    found = {o.pk: o for o in Organization.objects.filter(pk__in=set(ids))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise _refused("participants", _("No such organization (id %(id)s).") % {"id": missing[0]})
    return [found[i] for i in dict.fromkeys(ids)]


def _plan(scope: Scope, pk: int | None) -> Plan | None:
    if pk is None:
        return None
    found = selectors.plan_list(scope=scope).filter(pk=pk).first()
    if found is None:
        raise _refused("plan", _("No such supervision plan in your area of work."))
    return found


def _area_code(code: str | None) -> str:
    code = (code or "").strip()
    if code and not Area.objects.filter(code=code).exists():
        raise _refused("area", _("No such area."))
    return code


def _with_events(qs: Any) -> Any:
    return qs.prefetch_related(Prefetch("events", queryset=FollowUp.objects.order_by("date", "id")))


def _at(recs: list[Recommendation], at: dt.date) -> list[Recommendation]:
    for rec in recs:
        rec.api_at = at  # type: ignore[attr-defined]
    return recs


def _detail(request: HttpRequest, scope: Scope, pk: int) -> Mission:
    """The mission with what its detail answers: team (named within the scope, else counted), its
    recommendations with their status today and their log."""
    mission = selectors.mission_get(scope=scope, pk=pk)
    named, hidden = selectors.team(scope, mission)
    mission.api_team = {  # type: ignore[attr-defined]
        "members": [
            {"person_id": m.person_id, "full_name": m.person.full_name, "role": m.role} for m in named
        ],
        "hidden": hidden,
    }
    recs = list(
        _with_events(Recommendation.objects.filter(mission=mission).select_related("mission", "addressee"))
    )
    mission.api_recommendations = _at(recs, timezone.localdate())  # type: ignore[attr-defined]
    mission.api_can_edit = selectors.mission_can_edit(scope, mission)  # type: ignore[attr-defined]
    if named:
        _logged(
            request, _("API: team of the supervision mission %(mission)s") % {"mission": mission}, len(named)
        )
    return mission


def _recommendation(scope: Scope, pk: int) -> Recommendation:
    rec = selectors.recommendation_get(scope=scope, pk=pk)
    found = _with_events(Recommendation.objects.filter(pk=rec.pk).select_related("mission", "addressee"))
    return _at([found.get()], timezone.localdate())[0]


# --- missions -----------------------------------------------------------------------------------------------
@router.get(
    "/supervision/missions/",
    response={200: Page[SupervisionMissionSchema], **ERRORS},
    summary="List supervision missions",
)
def mission_list_api(
    request: HttpRequest, filters: Query[SupervisionMissionQuery], page: Query[PageIn]
) -> Any:
    """The missions led or joined by organizations inside the caller's scope, newest first, by year (of
    the start), kind, status and organization (lead, supervised or participant)."""
    qs = selectors.mission_list(
        scope=api_scope(request, Level.VIEW),
        year=filters.year,
        kind=filters.kind or "",
        status=filters.status or "",
        organization=filters.organization,
    )
    return paginate(qs, page)


@router.get(
    "/supervision/missions/{mission_id}/",
    response={200: SupervisionMissionDetailSchema, **ERRORS},
    summary="One supervision mission",
)
def mission_detail_api(request: HttpRequest, mission_id: Id) -> Any:
    return _detail(request, api_scope(request, Level.VIEW), mission_id)


@router.post(
    "/supervision/missions/",
    response={201: SupervisionMissionDetailSchema, **ERRORS},
    summary="Record a supervision mission",
)
def mission_create_api(request: HttpRequest, payload: SupervisionMissionIn) -> Any:
    """Record a mission through ``mission_create`` (403 when the lead is outside the edit scope; a late
    notice is a warning in ``notice_warning``, not a refusal)."""
    scope = api_scope(request, Level.EDIT)
    data = payload.model_dump()
    data["lead"] = _lead(scope, payload.lead)
    data["plan"] = _plan(scope, payload.plan)
    data["supervised"] = _registry(payload.supervised, "supervised")
    data["participants"] = _participants(payload.participants)
    mission = services.mission_create(**data, acting_user=request.user, source="api")
    return Status(201, _detail(request, scope, mission.pk))


@router.patch(
    "/supervision/missions/{mission_id}/",
    response={200: SupervisionMissionDetailSchema, **ERRORS},
    summary="Change a supervision mission",
)
def mission_update_api(request: HttpRequest, mission_id: Id, payload: SupervisionMissionPatch) -> Any:
    scope = api_scope(request, Level.EDIT)
    mission = selectors.mission_get(scope=scope, pk=mission_id)
    data = payload.model_dump(exclude_unset=True)
    _required(data, "kind", "subject", "lead", "start_date", "status")
    for field in ("supervised_text", "note"):
        if field in data and data[field] is None:
            data[field] = ""
    if "lead" in data:
        data["lead"] = _lead(scope, data["lead"])
    if "plan" in data:
        data["plan"] = _plan(scope, data["plan"])
    if "supervised" in data:
        data["supervised"] = _registry(data["supervised"], "supervised")
    participants = data.pop("participants", None)
    found = _participants(participants) if participants is not None else None
    conclusion = {k: data.pop(k) for k in ("conclusion", "concluded_on") if k in data}
    with transaction.atomic():  # the changes and the conclusion together, or nothing
        mission = services.mission_update(
            mission=mission, data=data, participants=found, acting_user=request.user, source="api"
        )
        if conclusion:
            services.mission_conclude(
                mission=mission,
                conclusion=conclusion.get("conclusion") or mission.conclusion,
                concluded_on=conclusion.get("concluded_on", mission.concluded_on),
                acting_user=request.user,
                source="api",
            )
    return _detail(request, scope, mission.pk)


# --- recommendations ----------------------------------------------------------------------------------------
@router.post(
    "/supervision/missions/{mission_id}/recommendations/",
    response={201: SupervisionRecommendationSchema, **ERRORS},
    summary="Record a recommendation",
)
def recommendation_create_api(
    request: HttpRequest, mission_id: Id, payload: SupervisionRecommendationIn
) -> Any:
    """Record a recommendation of the mission; with ``sent_on``, its "sent" event too (the deadline then
    defaults to the sending date + the answer days in force)."""
    scope = api_scope(request, Level.EDIT)
    mission = selectors.mission_get(scope=scope, pk=mission_id)
    data = payload.model_dump()
    data["addressee"] = _registry(payload.addressee, "addressee")
    rec = services.recommendation_create(mission=mission, **data, acting_user=request.user, source="api")
    return Status(201, _recommendation(scope, rec.pk))


@router.patch(
    "/supervision/recommendations/{recommendation_id}/",
    response={200: SupervisionRecommendationSchema, **ERRORS},
    summary="Change a recommendation",
)
def recommendation_update_api(
    request: HttpRequest, recommendation_id: Id, payload: SupervisionRecommendationPatch
) -> Any:
    """Change the text, addressee or deadline (the sending date is recorded by a "sent" event)."""
    scope = api_scope(request, Level.EDIT)
    rec = selectors.recommendation_get(scope=scope, pk=recommendation_id)
    data = payload.model_dump(exclude_unset=True)
    _required(data, "text")
    if "addressee_text" in data and data["addressee_text"] is None:
        data["addressee_text"] = ""
    if "addressee" in data:
        data["addressee"] = _registry(data["addressee"], "addressee")
    services.recommendation_update(recommendation=rec, data=data, acting_user=request.user, source="api")
    return _recommendation(scope, rec.pk)


@router.post(
    "/supervision/recommendations/{recommendation_id}/events/",
    response={201: SupervisionRecommendationSchema, **ERRORS},
    summary="Record a follow-up event",
)
def event_add_api(request: HttpRequest, recommendation_id: Id, payload: SupervisionEventIn) -> Any:
    """Append a dated event (sent, answered, acted on, not acted on, escalated) to the follow-up log."""
    scope = api_scope(request, Level.EDIT)
    rec = selectors.recommendation_get(scope=scope, pk=recommendation_id)
    services.event_add(recommendation=rec, **payload.model_dump(), acting_user=request.user, source="api")
    return Status(201, _recommendation(scope, rec.pk))


@router.get(
    "/supervision/recommendations/",
    response={200: Page[SupervisionRecommendationSchema], **ERRORS},
    summary="List recommendations",
)
def recommendation_list_api(
    request: HttpRequest, filters: Query[SupervisionRecommendationQuery], page: Query[PageIn]
) -> Any:
    """The recommendations of the scope's missions with their status at ``at`` (today by default),
    by that status ("unsent": no event yet) and by mission."""
    scope = api_scope(request, Level.VIEW)
    at = filters.at or timezone.localdate()
    qs = selectors.recommendation_list(scope=scope)
    if filters.mission is not None:
        qs = qs.filter(mission_id=filters.mission)
    if filters.status:
        wanted = "" if filters.status == UNSENT else filters.status
        events: dict[int, list[FollowUp]] = {}
        for event in FollowUp.objects.filter(recommendation__in=qs.values("pk")):
            events.setdefault(event.recommendation_id, []).append(event)
        ids = [
            pk for pk in qs.values_list("pk", flat=True) if selectors.replay(events.get(pk, []), at) == wanted
        ]
        qs = qs.filter(pk__in=ids)
    result = paginate(_with_events(qs), page)
    _at(result["items"], at)
    return result


# --- overdue, defaults --------------------------------------------------------------------------------------
@router.get(
    "/supervision/overdue/",
    response={200: SupervisionOverdueSchema, **ERRORS},
    summary="Overdue recommendations at a date",
)
def overdue_api(request: HttpRequest, filters: Query[SupervisionOverdueQuery], page: Query[PageIn]) -> Any:
    """Recommendations sent on or before ``at`` (today by default) and still open then, oldest first, with
    the days they have been open and their aging bucket; ``reasons``: no_answer (no written answer within
    the answer days: ``escalate``), past_deadline. ``area``: an area code (missions led in its subtree)."""
    scope = api_scope(request, Level.VIEW)
    at = filters.at or timezone.localdate()
    area = _area_code(filters.area)
    items = selectors.overdue(scope=scope, at=at, area=area)
    shown = items[page.offset : page.offset + page.limit]
    return {
        "at": at,
        "area": area,
        "count": len(items),
        "limit": page.limit,
        "offset": page.offset,
        "buckets": [{"code": c, "label": label, "count": n} for c, label, n in selectors.buckets(items)],
        "items": [_overdue_row(i) for i in shown],
    }


def _overdue_row(item: selectors.OverdueItem) -> dict[str, Any]:
    rec = item.recommendation
    return {
        "recommendation_id": rec.pk,
        "mission_id": rec.mission_id,
        "mission_subject": rec.mission.subject,
        "lead_name": rec.mission.lead.name,
        "text": rec.text,
        "addressee_name": rec.addressee_name,
        "sent_on": rec.sent_on,
        "deadline": rec.deadline,
        "status": item.status or UNSENT,
        "days_open": item.days_open,
        "bucket": item.bucket,
        "reasons": list(item.reasons),
        "escalate": item.escalate,
    }


def _rule(row: SupervisionDefaults) -> dict[str, Any]:
    return {
        "valid_from": row.valid_from,
        "notice_days": row.notice_days,
        "answer_days": row.answer_days,
        "source": row.source,
    }


@router.get(
    "/supervision/defaults/",
    response={200: SupervisionDefaultsSchema, **ERRORS},
    summary="Supervision rules in force",
)
def defaults_api(request: HttpRequest, query: Query[SupervisionDefaultsQuery]) -> Any:
    """The notice and answer days in force on ``at`` (today by default) and every rule recorded."""
    api_scope(request, Level.VIEW)
    at = query.at or timezone.localdate()
    return {
        "at": at,
        "in_force": _rule(services.defaults_on(at)),
        "rules": [_rule(r) for r in SupervisionDefaults.objects.order_by("-valid_from")],
    }
