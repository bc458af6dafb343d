"""Writes of training: courses, their sessions (classes), participants and their results. Every write is
checked against the acting user's edit scope (the organization that organizes the course), validated with
Vietnamese messages keyed by field, and audited. A participant must be a person the acting user may read (a
person outside the scope is refused without being named or confirmed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from nguon.accounts.scope import scope_of
from nguon.core.audit import Actor
from nguon.core.formats import format_date
from nguon.core.scope import Level
from nguon.core.services import (
    Errors,
    add_error,
    check_dates,
    check_name,
    model_create,
    model_delete,
    model_update,
    raise_errors,
)
from nguon.core.text import fold
from nguon.organizations.models import Organization
from nguon.people.models import Person
from nguon.people.selectors import person_list

from . import qualifications as q
from .choices import CourseKind, Grants, Result
from .models import Course, Participation, Session

COURSE_FIELDS = ("organizer", "name", "kind", "grants", "grants_level", "provider", "note")
SESSION_FIELDS = ("name", "start_date", "end_date", "place")
RESULT_FIELDS = ("result", "completed_on", "certificate", "certificate_date", "note")


def _require(organization: Organization, acting_user: Actor) -> None:
    scope_of(acting_user).require_organization(organization, Level.EDIT)


# -- courses -------------------------------------------------------------------------------------------------
def course_check(
    *, organizer: Organization, name: str, kind: str, grants: str, grants_level: str, pk: int | None
) -> Errors:
    """A course has a name (once per organizer), a kind, and gives a level only of the qualification it
    names."""
    errors: Errors = {}
    check_name(errors, name)
    if kind not in CourseKind.values:
        add_error(errors, "kind", _("Choose the kind of course."), "kind_invalid")
    if grants not in Grants.values:
        add_error(errors, "grants", _("Choose which qualification the course gives."), "grants_invalid")
    elif grants and not q.is_level(grants, grants_level):
        add_error(
            errors,
            "grants_level",
            _("Choose the level of %(field)s the course gives.") % {"field": Grants(grants).label},
            "level_missing",
        )
    elif not grants and grants_level:
        add_error(
            errors,
            "grants_level",
            _("A course that gives no qualification gives no level: choose the qualification first."),
            "level_without_field",
        )
    if name:
        key = fold(name)
        same = Course.objects.filter(organizer=organizer).only("name")
        if pk is not None:
            same = same.exclude(pk=pk)
        if any(fold(c.name) == key for c in same):
            add_error(
                errors,
                "name",
                _("%(organizer)s already has a course named “%(name)s”.")
                % {"organizer": organizer, "name": name},
                "course_exists",
            )
    return errors


@transaction.atomic
def course_create(
    *,
    organizer: Organization,
    name: str,
    kind: str,
    grants: str = "",
    grants_level: str = "",
    provider: str = "",
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> Course:
    """Record a course organized by ``organizer``."""
    _require(organizer, acting_user)
    name = " ".join(name.split())
    raise_errors(
        course_check(
            organizer=organizer, name=name, kind=kind, grants=grants, grants_level=grants_level, pk=None
        )
    )
    course = Course(
        organizer=organizer,
        name=name,
        kind=kind,
        grants=grants,
        grants_level=grants_level if grants else "",
        provider=provider.strip(),
        note=note,
    )
    return model_create(instance=course, acting_user=acting_user, source=source)


@transaction.atomic
def course_update(
    *, course: Course, data: Mapping[str, Any], acting_user: Actor = None, source: str = ""
) -> Course:
    """Change a course (moving it to another organizer needs the edit scope of both)."""
    _require(course.organizer, acting_user)
    data = dict(data)
    if "name" in data:
        data["name"] = " ".join(str(data["name"]).split())
    if "provider" in data:
        data["provider"] = str(data["provider"]).strip()
    organizer = data.get("organizer", course.organizer)
    if organizer != course.organizer:
        _require(organizer, acting_user)
    merged = {f: data.get(f, getattr(course, f)) for f in ("name", "kind", "grants", "grants_level")}
    raise_errors(course_check(organizer=organizer, pk=course.pk, **merged))
    return model_update(
        instance=course, fields=COURSE_FIELDS, data=data, acting_user=acting_user, source=source
    )


# -- sessions ------------------------------------------------------------------------------------------------
def session_check(
    *, course: Course, name: str, start_date: dt.date | None, end_date: dt.date | None, pk: int | None
) -> Errors:
    """A session has a name and a start date, does not end before it starts, and (when it has participants)
    still holds their completion dates."""
    errors: Errors = {}
    check_name(errors, name)
    if start_date is None:
        add_error(errors, "start_date", _("Give the date the class starts."), "start_missing")
    check_dates(errors, start_date, end_date)
    if pk is not None and start_date is not None:
        early = (
            Participation.objects.filter(session_id=pk, completed_on__lt=start_date)
            .order_by("completed_on")
            .values_list("completed_on", flat=True)
            .first()
        )
        if early is not None:
            add_error(
                errors,
                "start_date",
                _("A participant completed the class on %(date)s, before this start date.")
                % {"date": format_date(early)},
                "start_after_completion",
            )
    return errors


@transaction.atomic
def session_create(
    *,
    course: Course,
    name: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    place: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> Session:
    """Open a class (session) of ``course``."""
    _require(course.organizer, acting_user)
    name = " ".join(name.split())
    raise_errors(session_check(course=course, name=name, start_date=start_date, end_date=end_date, pk=None))
    session = Session(course=course, name=name, start_date=start_date, end_date=end_date, place=place.strip())
    return model_create(instance=session, acting_user=acting_user, source=source)


@transaction.atomic
def session_update(
    *, session: Session, data: Mapping[str, Any], acting_user: Actor = None, source: str = ""
) -> Session:
    _require(session.course.organizer, acting_user)
    data = dict(data)
    if "name" in data:
        data["name"] = " ".join(str(data["name"]).split())
    merged = {f: data.get(f, getattr(session, f)) for f in ("name", "start_date", "end_date")}
    raise_errors(session_check(course=session.course, pk=session.pk, **merged))
    return model_update(
        instance=session, fields=SESSION_FIELDS, data=data, acting_user=acting_user, source=source
    )


# -- participants --------------------------------------------------------------------------------------------
def result_check(
    *,
    session: Session,
    result: str,
    completed_on: dt.date | None,
    certificate: str,
    certificate_date: dt.date | None,
    pk: int | None = None,
    today: dt.date | None = None,
) -> Errors:
    """The rules of a participant's result: a completion date only for those who completed, inside or after
    the session and not in the future; a certificate only for those who completed, dated on or after the
    completion, its number not given to someone else in the same course."""
    errors: Errors = {}
    today = today or dt.date.today()
    if result not in Result.values:
        add_error(errors, "result", _("Choose the result."), "result_invalid")
        return errors
    done = result == Result.COMPLETED
    if done and completed_on is None:
        add_error(
            errors, "completed_on", _("Give the date the person completed the class."), "completed_missing"
        )
    if not done and completed_on is not None:
        add_error(
            errors,
            "completed_on",
            _("Only a participant who completed the class has a completion date."),
            "completed_not_done",
        )
    if completed_on is not None and completed_on < session.start_date:
        add_error(
            errors,
            "completed_on",
            _("The completion date %(date)s is before the class started (%(start)s).")
            % {"date": format_date(completed_on), "start": format_date(session.start_date)},
            "completed_before_start",
        )
    elif completed_on is not None and completed_on > today:
        add_error(
            errors,
            "completed_on",
            _("The completion date %(date)s is in the future.") % {"date": format_date(completed_on)},
            "completed_future",
        )
    if certificate and not done:
        add_error(
            errors,
            "certificate",
            _("A certificate is given only to a participant who completed the class."),
            "certificate_not_done",
        )
    if certificate_date is not None and not certificate:
        add_error(
            errors,
            "certificate_date",
            _("Give the certificate number with its date."),
            "certificate_date_without_number",
        )
    elif certificate_date is not None and completed_on is not None and certificate_date < completed_on:
        add_error(
            errors,
            "certificate_date",
            _("The certificate date %(date)s is before the completion date %(completed)s.")
            % {"date": format_date(certificate_date), "completed": format_date(completed_on)},
            "certificate_before_completion",
        )
    if certificate and done:
        clash = Participation.objects.filter(session__course_id=session.course_id, certificate=certificate)
        if pk is not None:
            clash = clash.exclude(pk=pk)
        if clash.exists():
            add_error(
                errors,
                "certificate",
                _(
                    "The certificate number %(number)s is already recorded for another participant of this course."
                )
                % {"number": certificate},
                "certificate_exists",
            )
    return errors


def _default_completion(session: Session, result: str, completed_on: dt.date | None) -> dt.date | None:
    """A completion without a date is dated the session's last day (when the session has one)."""
    if result == Result.COMPLETED and completed_on is None:
        return session.end_date
    return completed_on


def person_in_scope(*, person: Person, acting_user: Actor) -> bool:
    """Whether the acting user may read ``person`` (name a participant)."""
    return person_list(scope=scope_of(acting_user)).filter(pk=person.pk).exists()


@transaction.atomic
def participant_add(
    *,
    session: Session,
    person: Person,
    result: str = Result.ENROLLED,
    completed_on: dt.date | None = None,
    certificate: str = "",
    certificate_date: dt.date | None = None,
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> Participation:
    """Add ``person`` (someone the acting user may read) to ``session``, with her result when known (a
    completion without a date is dated the session's last day)."""
    _require(session.course.organizer, acting_user)
    errors: Errors = {}
    if not person_in_scope(person=person, acting_user=acting_user):
        add_error(errors, "person", _("No such person in your area of work."), "person_outside")
        raise_errors(errors)
    if Participation.objects.filter(session=session, person=person).exists():
        add_error(
            errors,
            "person",
            _("%(person)s is already a participant of this class.") % {"person": person.full_name},
            "participant_exists",
        )
    certificate = certificate.strip()
    completed_on = _default_completion(session, result, completed_on)
    errors.update(
        result_check(
            session=session,
            result=result,
            completed_on=completed_on,
            certificate=certificate,
            certificate_date=certificate_date,
        )
    )
    raise_errors(errors)
    participation = Participation(
        session=session,
        person=person,
        result=result,
        completed_on=completed_on,
        certificate=certificate,
        certificate_date=certificate_date,
        note=note,
    )
    return model_create(instance=participation, acting_user=acting_user, source=source)


@transaction.atomic
def participant_result_set(
    *,
    participation: Participation,
    result: str,
    completed_on: dt.date | None = None,
    certificate: str = "",
    certificate_date: dt.date | None = None,
    note: str | None = None,
    acting_user: Actor = None,
    source: str = "",
) -> Participation:
    """Record a participant's result, completion date and certificate (all given together: what is not
    given is cleared; a completion without a date is dated the session's last day)."""
    session = participation.session
    _require(session.course.organizer, acting_user)
    certificate = certificate.strip()
    completed_on = _default_completion(session, result, completed_on)
    raise_errors(
        result_check(
            session=session,
            result=result,
            completed_on=completed_on,
            certificate=certificate,
            certificate_date=certificate_date,
            pk=participation.pk,
        )
    )
    data: dict[str, Any] = {
        "result": result,
        "completed_on": completed_on,
        "certificate": certificate,
        "certificate_date": certificate_date,
    }
    if note is not None:
        data["note"] = note
    return model_update(
        instance=participation, fields=RESULT_FIELDS, data=data, acting_user=acting_user, source=source
    )


@transaction.atomic
def participant_remove(*, participation: Participation, acting_user: Actor = None, source: str = "") -> None:
    """Take a participant added by mistake off the class (audited)."""
    _require(participation.session.course.organizer, acting_user)
    model_delete(instance=participation, acting_user=acting_user, source=source)
