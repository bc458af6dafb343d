"""Reads of training: a person's qualifications on a date, her trainings, who completed what when, the
share of some people trained in leadership (Decision 2282/QĐ-TTg), and the scope's courses and sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nguon.core.scope import Level, Scope
from nguon.core.seen import chunks
from nguon.people.models import Person

from . import qualifications as q
from .choices import CourseKind, Result
from .models import Course, Participation, Session

# Decision 2282/QĐ-TTg (31/12/2020, the programme of the National Strategy on Gender Equality 2021–2030)
# counts "nữ cán bộ trong diện quy hoạch được đào tạo, bồi dưỡng về lãnh đạo, quản lý" (75% by 2025, 90% by
# 2030). Our reading: a woman is "trained in leadership and management" once she completed a course of the
# kind LEADERSHIP (bồi dưỡng kỹ năng / kiến thức lãnh đạo, quản lý — including the courses for leaders of a
# level, "bồi dưỡng lãnh đạo cấp phòng, cấp huyện"). Political theory (trung cấp, cao cấp) and state
# management (chuyên viên chính, cao cấp) are NOT counted: they are the qualification standards of the posts
# themselves (a planned cadre must already hold them, PostRequirement checks them), so counting them would
# make the indicator met by anyone qualified for the post and hide what the Decision measures — the extra
# leadership training given to women. They raise her qualifications in their own fields instead.
LEADERSHIP_KINDS: frozenset[str] = frozenset({CourseKind.LEADERSHIP.value})


@dataclass(frozen=True)
class Qualifications:
    """A person's qualifications on a date: the higher of her record and what completed courses grant."""

    education: str
    political_theory: str
    state_management: str
    leadership_trained: bool


def qualifications_on(*, person_ids: Iterable[int], at: dt.date) -> dict[int, Qualifications]:
    """person id → her qualifications on ``at``: for each field the higher of the level on her record and the
    levels granted by courses she completed on or before ``at`` (``completed_on`` ≤ ``at``);
    ``leadership_trained`` when one of them is a leadership course (see ``LEADERSHIP_KINDS``). Ids of no
    person are left out. One query (per 500 people), whatever their trainings."""
    ids = sorted(set(person_ids))
    found: dict[int, dict[str, object]] = {}
    for chunk in chunks(ids):
        rows = (
            Person.objects.filter(pk__in=list(chunk))
            .annotate(
                done=FilteredRelation(
                    "participations",
                    condition=Q(
                        participations__result=Result.COMPLETED, participations__completed_on__lte=at
                    ),
                )
            )
            .values_list(
                "pk",
                "education",
                "political_theory",
                "state_management",
                "done__session__course__kind",
                "done__session__course__grants",
                "done__session__course__grants_level",
            )
        )
        for pk, education, theory, management, kind, grants, level in rows:
            person = found.setdefault(
                pk,
                {
                    q.EDUCATION: education or "",
                    q.POLITICAL_THEORY: theory or "",
                    q.STATE_MANAGEMENT: management or "",
                    "leadership": False,
                },
            )
            if kind is None:
                continue
            if kind in LEADERSHIP_KINDS:
                person["leadership"] = True
            if grants in q.FIELDS and q.is_level(grants, level):
                person[grants] = q.higher(grants, str(person[grants]), level)
    return {
        pk: Qualifications(
            education=str(v[q.EDUCATION]),
            political_theory=str(v[q.POLITICAL_THEORY]),
            state_management=str(v[q.STATE_MANAGEMENT]),
            leadership_trained=bool(v["leadership"]),
        )
        for pk, v in found.items()
    }


def person_trainings(*, person: Person) -> QuerySet[Participation]:
    """Her participations with their session and course (and organizer), newest first (the caller has
    already decided she may be read)."""
    return (
        Participation.objects.filter(person=person)
        .select_related("session__course__organizer")
        .order_by("-session__start_date", "-session_id", "-id")
    )


def completed_people(
    *, person_ids: Iterable[int], start: dt.date, end: dt.date, kinds: Collection[str] | None = None
) -> set[int]:
    """The ids among ``person_ids`` who completed a course (of one of ``kinds`` when given) with a completion
    date in [start, end]."""
    ids = sorted(set(person_ids))
    done: set[int] = set()
    for chunk in chunks(ids):
        qs = Participation.objects.filter(
            person_id__in=list(chunk),
            result=Result.COMPLETED,
            completed_on__gte=start,
            completed_on__lte=end,
        )
        if kinds is not None:
            qs = qs.filter(session__course__kind__in=list(kinds))
        done.update(qs.values_list("person_id", flat=True).distinct())
    return done


def trained_share(*, person_ids: Iterable[int], at: dt.date) -> tuple[int, int]:
    """(trained, total): of these people (the planned women, say), how many had completed a leadership course
    by ``at`` (Decision 2282/QĐ-TTg: 75% by 2025, 90% by 2030; see ``LEADERSHIP_KINDS``). ``total`` counts
    the distinct ids that are people."""
    found = qualifications_on(person_ids=person_ids, at=at)
    return sum(1 for v in found.values() if v.leadership_trained), len(found)


# -- the scope's courses, sessions and participants ----------------------------------------------------------
def _attended(scope: Scope) -> list[tuple[int, int]]:
    """(session id, course id) of the classes people ``scope`` reads by name attended (one query, read
    first: classes are few, and a list keeps the people's subquery out of each session's filter)."""
    return list(
        Participation.objects.filter(scope.people_q(Level.VIEW, "person__"))
        .order_by()
        .values_list("session_id", "session__course_id")
        .distinct()
    )


def _sessions_q(scope: Scope, level: Level, prefix: str = "") -> Q:
    """Sessions (through ``prefix``) ``scope`` reaches: of a course organized inside it; at the view level,
    also a class that people of the scope attended (a ward reads the district's classes its cadres took;
    the other participants stay counted, never named)."""
    q = scope.organizations_q(level, f"{prefix}course__organizer__")
    if level == Level.VIEW and not scope.unrestricted:
        q |= Q(**{f"{prefix}pk__in": sorted({session for session, _course in _attended(scope)})})
    return q


def course_list(*, scope: Scope, level: Level = Level.VIEW) -> QuerySet[Course]:
    """The courses whose organizer lies inside ``scope`` (at ``level``); at the view level also those whose
    classes people of the scope attended."""
    q = scope.organizations_q(level, "organizer__")
    if level == Level.VIEW and not scope.unrestricted:
        q |= Q(pk__in=sorted({course for _session, course in _attended(scope)}))
    return Course.objects.filter(q).select_related("organizer__area")


def course_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> Course:
    """One course of the scope; Http404 for any other (the same answer as for no such course)."""
    found = course_list(scope=scope, level=level).filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such course in your area of work."))
    return found


def session_list(
    *,
    scope: Scope,
    level: Level = Level.VIEW,
    kind: str = "",
    year: int | None = None,
    organizer: int | None = None,
    course: Course | None = None,
) -> QuerySet[Session]:
    """The sessions of the scope's courses, newest first, with the number of their participants and of those
    who completed (everyone counted: numbers, not names); filtered by the course's kind, the year the
    session runs in (it starts in it or before it and ends in it or after it), the organizer."""
    qs = Session.objects.filter(_sessions_q(scope, level)).select_related("course__organizer")
    if kind:
        qs = qs.filter(course__kind=kind)
    if year is not None:
        qs = qs.filter(start_date__year__lte=year).filter(
            Q(end_date__year__gte=year) | Q(end_date__isnull=True, start_date__year=year)
        )
    if organizer is not None:
        qs = qs.filter(course__organizer_id=organizer)
    if course is not None:
        qs = qs.filter(course=course)
    return qs.annotate(
        participants=Count("participations"),
        completions=Count("participations", filter=Q(participations__result=Result.COMPLETED)),
    ).order_by("-start_date", "-id")


def session_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> Session:
    """One session of the scope's courses; Http404 for any other."""
    found = (
        Session.objects.filter(_sessions_q(scope, level))
        .select_related("course__organizer__area")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("No such class in your area of work."))
    return found


def participants(*, scope: Scope, session: Session) -> tuple[list[Participation], int]:
    """The participants of ``session`` the scope may name (in Vietnamese name order), and how many others."""
    qs = Participation.objects.filter(session=session)
    named = list(
        qs.filter(scope.people_q(Level.VIEW, "person__"))
        .select_related("person")
        .order_by("person__sort_key", "person__birth_date", "id")
    )
    return named, qs.count() - len(named)


def participation_get(*, scope: Scope, pk: int, level: Level = Level.EDIT) -> Participation:
    """One participant the scope may name, of a session it may reach at ``level``; Http404 otherwise."""
    found = (
        Participation.objects.filter(pk=pk)
        .filter(_sessions_q(scope, level, "session__"))
        .filter(scope.people_q(Level.VIEW, "person__"))
        .select_related("person", "session__course__organizer__area")
        .first()
    )
    if found is None:
        raise Http404(_("No such participant in your area of work."))
    return found
