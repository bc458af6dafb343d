"""Writes of supervision: plans, missions (team, conduct notes, conclusion), recommendations and their
follow-up events. Every write checks the acting user's edit scope over the lead organization, validates with
Vietnamese messages keyed by field, and is audited inside one transaction.

The notice rule (notice at least N days ahead, ``SupervisionDefaults``) WARNS, it does not refuse: officers
sometimes must go at short notice. The warning is stored on the mission (``notice_warning``) and shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from nguon.accounts.scope import scope_of
from nguon.core.audit import Actor
from nguon.core.formats import format_date
from nguon.core.scope import Level
from nguon.core.services import Errors, add_error, check_dates, model_create, model_update, raise_errors
from nguon.organizations.models import Organization
from nguon.people.models import Person

from .models import (
    ConductNote,
    EventKind,
    FollowUp,
    Mission,
    MissionKind,
    MissionStatus,
    Plan,
    Recommendation,
    SupervisionDefaults,
    TeamMember,
    TeamRole,
)

MISSION_FIELDS = (
    "plan", "kind", "subject", "supervised", "supervised_text", "lead", "notice_sent_on", "start_date",
    "end_date", "status", "note", "notice_warning",
)  # fmt: skip
RECOMMENDATION_FIELDS = ("text", "addressee", "addressee_text", "sent_on", "deadline")
FALLBACK = SupervisionDefaults(valid_from=dt.date(1900, 1, 1), notice_days=15, answer_days=20)


def defaults_on(at: dt.date) -> SupervisionDefaults:
    """The defaults in force on ``at`` (the latest ``valid_from`` ≤ ``at``; 15/20 days when none)."""
    row = SupervisionDefaults.objects.filter(valid_from__lte=at).order_by("-valid_from").first()
    return row or FALLBACK


def _require(organization: Organization, acting_user: Actor) -> None:
    scope_of(acting_user).require_organization(organization, Level.EDIT)


# -- plans ---------------------------------------------------------------------------------------------------
@transaction.atomic
def plan_create(
    *,
    organization: Organization,
    year: int,
    number: str = "",
    issued_on: dt.date | None = None,
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> Plan:
    _require(organization, acting_user)
    errors: Errors = {}
    if not 1990 <= int(year) <= 2100:
        add_error(errors, "year", _("Give a year between 1990 and 2100."), "year_invalid")
    elif Plan.objects.filter(organization=organization, year=year).exists():
        add_error(
            errors,
            "year",
            _("%(organization)s already has a supervision plan for %(year)s.")
            % {"organization": organization, "year": year},
            "plan_exists",
        )
    raise_errors(errors)
    plan = Plan(organization=organization, year=year, number=number.strip(), issued_on=issued_on, note=note)
    return model_create(instance=plan, acting_user=acting_user, source=source)


# -- missions ------------------------------------------------------------------------------------------------
def notice_warning(notice_sent_on: dt.date | None, start_date: dt.date | None) -> str:
    """The warning (or "") when the notice was sent later than the defaults' notice days before the start."""
    if start_date is None:
        return ""
    rule = defaults_on(start_date)
    if notice_sent_on is None:
        return _("No notice date: notice must be sent at least %(days)s days ahead.") % {
            "days": rule.notice_days
        }
    ahead = (start_date - notice_sent_on).days
    if ahead < rule.notice_days:
        return _("Notice sent %(ahead)s days ahead, fewer than the %(days)s days of the rule.") % {
            "ahead": ahead,
            "days": rule.notice_days,
        }
    return ""


def mission_check(values: Mapping[str, Any]) -> Errors:
    """The one rule of a mission: a kind, a subject, a supervised body (of the registry or named), a lead that
    is not the supervised one, dates in order, a plan of the lead's year, a conclusion dated."""
    errors: Errors = {}
    if values.get("kind") not in MissionKind.values:
        add_error(errors, "kind", _("Choose the kind of mission."), "kind_invalid")
    if not (values.get("subject") or "").strip():
        add_error(errors, "subject", _("Give the subject of the mission."), "subject_empty")
    if values.get("supervised") is None and not (values.get("supervised_text") or "").strip():
        add_error(
            errors,
            "supervised",
            _("Choose the supervised organization or write the name of the supervised body."),
            "supervised_missing",
        )
    lead = values.get("lead")
    if lead is None:
        add_error(errors, "lead", _("Choose the lead organization."), "lead_missing")
    elif values.get("supervised") is not None and values["supervised"] == lead:
        add_error(errors, "supervised", _("An organization does not supervise itself."), "supervised_is_lead")
    start = values.get("start_date")
    if start is None:
        add_error(errors, "start_date", _("Give the date the mission starts."), "start_missing")
    check_dates(errors, start, values.get("end_date"))
    notice = values.get("notice_sent_on")
    if notice is not None and start is not None and notice > start:
        add_error(
            errors,
            "notice_sent_on",
            _("The notice (%(notice)s) is sent after the start (%(start)s).")
            % {"notice": format_date(notice), "start": format_date(start)},
            "notice_after_start",
        )
    plan = values.get("plan")
    if plan is not None and start is not None and plan.year != start.year:
        add_error(
            errors,
            "plan",
            _("The plan is for %(year)s; the mission starts in %(start)s.")
            % {"year": plan.year, "start": start.year},
            "plan_year",
        )
    if values.get("status", MissionStatus.PLANNED) not in MissionStatus.values:
        add_error(errors, "status", _("Choose the status of the mission."), "status_invalid")
    return errors


def _participants_check(
    errors: Errors, lead: Organization | None, participants: Iterable[Organization]
) -> None:
    if lead is not None and any(p == lead for p in participants):
        add_error(
            errors,
            "participants",
            _("The lead organization is not also a participant."),
            "participant_is_lead",
        )


@transaction.atomic
def mission_create(
    *,
    kind: str,
    subject: str,
    lead: Organization,
    start_date: dt.date | None,
    plan: Plan | None = None,
    supervised: Organization | None = None,
    supervised_text: str = "",
    participants: Iterable[Organization] = (),
    notice_sent_on: dt.date | None = None,
    end_date: dt.date | None = None,
    status: str = MissionStatus.PLANNED,
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> Mission:
    """Record a mission led by ``lead`` (the notice rule warns, stored in ``notice_warning``)."""
    if lead is not None:
        _require(lead, acting_user)
    participants = list(participants)
    values = {
        "kind": kind,
        "subject": " ".join((subject or "").split()),
        "lead": lead,
        "plan": plan,
        "supervised": supervised,
        "supervised_text": (supervised_text or "").strip(),
        "notice_sent_on": notice_sent_on,
        "start_date": start_date,
        "end_date": end_date,
        "status": status,
        "note": note,
    }
    errors = mission_check(values)
    _participants_check(errors, lead, participants)
    raise_errors(errors)
    values["notice_warning"] = notice_warning(notice_sent_on, start_date)
    mission = model_create(instance=Mission(**values), acting_user=acting_user, source=source)
    mission.participants.set(participants)
    return mission


@transaction.atomic
def mission_update(
    *,
    mission: Mission,
    data: Mapping[str, Any],
    participants: Iterable[Organization] | None = None,
    acting_user: Actor = None,
    source: str = "",
) -> Mission:
    _require(mission.lead, acting_user)
    data = dict(data)
    if "subject" in data:
        data["subject"] = " ".join(str(data["subject"]).split())
    lead = data.get("lead", mission.lead)
    if lead != mission.lead and lead is not None:
        _require(lead, acting_user)
    merged = {f: data.get(f, getattr(mission, f)) for f in MISSION_FIELDS if f != "notice_warning"}
    errors = mission_check(merged)
    if participants is not None:
        participants = list(participants)
        _participants_check(errors, lead, participants)
    raise_errors(errors)
    data["notice_warning"] = notice_warning(merged["notice_sent_on"], merged["start_date"])
    mission = model_update(
        instance=mission, fields=MISSION_FIELDS, data=data, acting_user=acting_user, source=source
    )
    if participants is not None:
        mission.participants.set(participants)
    return mission


@transaction.atomic
def team_add(
    *,
    mission: Mission,
    person: Person,
    role: str = TeamRole.MEMBER,
    acting_user: Actor = None,
    source: str = "",
) -> TeamMember:
    """Add a person the acting user may read to the mission's team."""
    _require(mission.lead, acting_user)
    errors: Errors = {}
    scope = scope_of(acting_user)
    if not Person.objects.filter(scope.people_q(Level.VIEW), pk=person.pk).exists():
        add_error(errors, "person", _("Choose a person of your area of work."), "person_outside")
    elif TeamMember.objects.filter(mission=mission, person=person).exists():
        add_error(errors, "person", _("This person is already in the team."), "member_exists")
    if role not in TeamRole.values:
        add_error(errors, "role", _("Choose the role in the team."), "role_invalid")
    raise_errors(errors)
    member = TeamMember(mission=mission, person=person, role=role)
    return model_create(instance=member, acting_user=acting_user, source=source)


@transaction.atomic
def note_add(
    *, mission: Mission, date: dt.date | None, text: str, acting_user: Actor = None, source: str = ""
) -> ConductNote:
    _require(mission.lead, acting_user)
    errors: Errors = {}
    if date is None:
        add_error(errors, "date", _("Give the date of the note."), "date_missing")
    elif date < mission.start_date:
        add_error(errors, "date", _("The note is dated before the mission starts."), "note_before_start")
    if not (text or "").strip():
        add_error(errors, "text", _("Write the note."), "text_empty")
    raise_errors(errors)
    assert date is not None
    note = ConductNote(mission=mission, date=date, text=text.strip())
    return model_create(instance=note, acting_user=acting_user, source=source)


@transaction.atomic
def mission_conclude(
    *,
    mission: Mission,
    conclusion: str,
    concluded_on: dt.date | None,
    acting_user: Actor = None,
    source: str = "",
) -> Mission:
    """Record the conclusion (text, date) and mark the mission concluded."""
    _require(mission.lead, acting_user)
    errors: Errors = {}
    if not (conclusion or "").strip():
        add_error(errors, "conclusion", _("Write the conclusion."), "conclusion_empty")
    if concluded_on is None:
        add_error(errors, "concluded_on", _("Give the date of the conclusion."), "concluded_missing")
    elif concluded_on < mission.start_date:
        add_error(
            errors, "concluded_on", _("The conclusion is dated before the mission starts."), "concluded_early"
        )
    raise_errors(errors)
    return model_update(
        instance=mission,
        fields=("conclusion", "concluded_on", "status"),
        data={
            "conclusion": conclusion.strip(),
            "concluded_on": concluded_on,
            "status": MissionStatus.CONCLUDED,
        },
        acting_user=acting_user,
        source=source,
    )


# -- recommendations -----------------------------------------------------------------------------------------
def recommendation_check(values: Mapping[str, Any], mission: Mission) -> Errors:
    errors: Errors = {}
    if not (values.get("text") or "").strip():
        add_error(errors, "text", _("Write the recommendation."), "text_empty")
    has_org = values.get("addressee") is not None
    has_text = bool((values.get("addressee_text") or "").strip())
    if not has_org and not has_text:
        add_error(
            errors,
            "addressee",
            _("Choose the addressee organization or write the name of the addressee."),
            "addressee_missing",
        )
    elif has_org and has_text:
        add_error(
            errors,
            "addressee_text",
            _("Give either an addressee of the registry or a name outside it, not both."),
            "addressee_both",
        )
    sent = values.get("sent_on")
    if sent is not None and sent < mission.start_date:
        add_error(errors, "sent_on", _("The recommendation is sent before the mission starts."), "sent_early")
    deadline = values.get("deadline")
    if sent is not None and deadline is not None and deadline < sent:
        add_error(errors, "deadline", _("The deadline is before the date it was sent."), "deadline_early")
    return errors


@transaction.atomic
def recommendation_create(
    *,
    mission: Mission,
    text: str,
    addressee: Organization | None = None,
    addressee_text: str = "",
    sent_on: dt.date | None = None,
    deadline: dt.date | None = None,
    document: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> Recommendation:
    """Record a recommendation; when ``sent_on`` is given, its "sent" event too, and the deadline defaults to
    ``sent_on`` + the answer days of the defaults in force."""
    _require(mission.lead, acting_user)
    values = {
        "text": (text or "").strip(),
        "addressee": addressee,
        "addressee_text": (addressee_text or "").strip(),
        "sent_on": sent_on,
        "deadline": deadline,
    }
    raise_errors(recommendation_check(values, mission))
    if sent_on is not None and deadline is None:
        values["deadline"] = sent_on + dt.timedelta(days=defaults_on(sent_on).answer_days)
    rec = model_create(
        instance=Recommendation(mission=mission, **values), acting_user=acting_user, source=source
    )
    if sent_on is not None:
        _event(rec, EventKind.SENT, sent_on, "", document, acting_user, source)
    return rec


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, data: Mapping[str, Any], acting_user: Actor = None, source: str = ""
) -> Recommendation:
    """Change the text, addressee or deadline (the sending date is changed by the follow-up log only)."""
    _require(recommendation.mission.lead, acting_user)
    data = dict(data)
    errors: Errors = {}
    if "sent_on" in data and data["sent_on"] != recommendation.sent_on:
        add_error(errors, "sent_on", _("The sending date is recorded by a “sent” event."), "sent_by_event")
    merged = {f: data.get(f, getattr(recommendation, f)) for f in RECOMMENDATION_FIELDS}
    errors.update(recommendation_check(merged, recommendation.mission))
    raise_errors(errors)
    data.pop("sent_on", None)
    return model_update(
        instance=recommendation,
        fields=RECOMMENDATION_FIELDS,
        data=data,
        acting_user=acting_user,
        source=source,
    )


def event_check(rec: Recommendation, kind: str, date: dt.date | None) -> Errors:
    """Transitions: one "sent" (the first event); every other event after the sending and not before it;
    none after the mission's start is unknown."""
    errors: Errors = {}
    if kind not in EventKind.values:
        add_error(errors, "kind", _("Choose the event."), "kind_invalid")
        return errors
    if date is None:
        add_error(errors, "date", _("Give the date of the event."), "date_missing")
        return errors
    if kind == EventKind.SENT:
        if rec.sent_on is not None:
            add_error(errors, "kind", _("The recommendation was already sent."), "already_sent")
        elif date < rec.mission.start_date:
            add_error(
                errors, "date", _("The recommendation is sent before the mission starts."), "sent_early"
            )
        return errors
    if rec.sent_on is None:
        add_error(errors, "kind", _("Record first that the recommendation was sent."), "not_sent")
    elif date < rec.sent_on:
        add_error(
            errors,
            "date",
            _("The event is dated before the recommendation was sent (%(sent)s).")
            % {"sent": format_date(rec.sent_on)},
            "before_sent",
        )
    return errors


def _event(
    rec: Recommendation, kind: str, date: dt.date, note: str, document: str, acting_user: Actor, source: str
) -> FollowUp:
    user = acting_user if getattr(acting_user, "pk", None) else None
    event = FollowUp(recommendation=rec, kind=kind, date=date, note=note, document=document, recorded_by=user)  # type: ignore[misc]
    return model_create(instance=event, acting_user=acting_user, source=source)


@transaction.atomic
def event_add(
    *,
    recommendation: Recommendation,
    kind: str,
    date: dt.date | None,
    note: str = "",
    document: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> FollowUp:
    """Append a dated event to the follow-up log (never changed afterwards)."""
    _require(recommendation.mission.lead, acting_user)
    raise_errors(event_check(recommendation, kind, date))
    assert date is not None
    if kind == EventKind.SENT:
        deadline = recommendation.deadline or date + dt.timedelta(days=defaults_on(date).answer_days)
        model_update(
            instance=recommendation,
            fields=("sent_on", "deadline"),
            data={"sent_on": date, "deadline": deadline},
            acting_user=acting_user,
            source=source,
        )
    return _event(
        recommendation, kind, date, (note or "").strip(), (document or "").strip(), acting_user, source
    )
