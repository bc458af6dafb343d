"""Reads of supervision: the scope's plans and missions (read by users of the lead or a participating
organization, counted at ANALYSE), the team (named within ``people_q(VIEW)``, else counted), a
recommendation's status at any date (replayed from the events dated on or before it), the overdue list at a
date with its aging buckets, and the statistics for the review report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization

from .models import EventKind, FollowUp, Mission, Plan, Recommendation, TeamMember
from .services import defaults_on

#: Events that are a written answer of the addressee.
ANSWERS = frozenset({EventKind.ANSWERED, EventKind.ACTED, EventKind.NOT_ACTED})
#: The status that closes a recommendation.
CLOSED = frozenset({EventKind.ACTED})
#: Aging buckets (days open at the date): (code, label, upper bound inclusive or None).
BUCKETS = (
    ("30", gettext_lazy("≤ 30 days"), 30),
    ("90", gettext_lazy("31–90 days"), 90),
    ("180", gettext_lazy("91–180 days"), 180),
    ("more", gettext_lazy("> 180 days"), None),
)
#: Same-day events: the later step of the follow-up wins (so insertion order never matters).
TIE_ORDER = (EventKind.SENT, EventKind.ESCALATED, EventKind.ANSWERED, EventKind.NOT_ACTED, EventKind.ACTED)
NO_ANSWER = "no_answer"
PAST_DEADLINE = "past_deadline"


def _orgs(scope: Scope, level: Level) -> QuerySet[Organization]:
    return Organization.objects.filter(scope.organizations_q(level)).values("pk")  # type: ignore[return-value]


def missions_q(scope: Scope, level: Level = Level.VIEW) -> Q:
    """Missions whose lead or a participating organization lies inside the scope at ``level`` (EDIT: the
    lead only)."""
    if scope.unrestricted:
        return Q()
    orgs = _orgs(scope, level)
    if level >= Level.EDIT:
        return Q(lead__in=orgs)
    joined = Mission.participants.through.objects.filter(organization__in=orgs).values("mission_id")
    return Q(lead__in=orgs) | Q(pk__in=joined)


def mission_list(
    *,
    scope: Scope,
    level: Level = Level.VIEW,
    year: int | None = None,
    kind: str = "",
    status: str = "",
    organization: int | None = None,
) -> QuerySet[Mission]:
    qs = Mission.objects.select_related("lead", "supervised", "plan").filter(missions_q(scope, level))
    if year:
        qs = qs.filter(start_date__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if organization:
        qs = qs.filter(
            Q(lead_id=organization) | Q(supervised_id=organization) | Q(participants__pk=organization)
        )
    return qs.distinct().order_by("-start_date", "id")


def mission_count(*, scope: Scope) -> int:
    """Missions counted over the analysis area (names of none)."""
    return Mission.objects.filter(missions_q(scope, Level.ANALYSE)).distinct().count()


def mission_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> Mission:
    mission = mission_list(scope=scope, level=level).filter(pk=pk).first()
    if mission is None:
        raise Http404(_("No such supervision mission in your area of work."))
    return mission


def mission_can_edit(scope: Scope, mission: Mission) -> bool:
    return scope.covers_organization(mission.lead, Level.EDIT)


def plan_list(*, scope: Scope, level: Level = Level.VIEW) -> QuerySet[Plan]:
    qs = Plan.objects.select_related("organization")
    if not scope.unrestricted:
        qs = qs.filter(organization__in=_orgs(scope, level))
    return qs.order_by("-year", "organization__name", "id")


def plan_get(*, scope: Scope, pk: int) -> Plan:
    plan = plan_list(scope=scope).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("No such supervision plan in your area of work."))
    return plan


def team(scope: Scope, mission: Mission) -> tuple[list[TeamMember], int]:
    """(members she may name, count of the others)."""
    members = TeamMember.objects.filter(mission=mission).select_related("person").order_by("role", "id")
    if scope.unrestricted:
        return list(members), 0
    named = list(members.filter(scope.people_q(Level.VIEW, "person__")))
    return named, members.count() - len(named)


def recommendation_list(*, scope: Scope, level: Level = Level.VIEW) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.select_related("mission", "mission__lead", "addressee")
        .filter(mission__in=Mission.objects.filter(missions_q(scope, level)).values("pk"))
        .order_by("mission_id", "id")
    )


def recommendation_get(*, scope: Scope, pk: int, level: Level = Level.VIEW) -> Recommendation:
    rec = recommendation_list(scope=scope, level=level).filter(pk=pk).first()
    if rec is None:
        raise Http404(_("No such recommendation in your area of work."))
    return rec


# -- replay --------------------------------------------------------------------------------------------------
def replay(events: Iterable[FollowUp], at: dt.date) -> str:
    """The status at ``at``: the last event (by date, then by a fixed order of kinds) dated ≤ ``at``; "" when
    none. Independent of the order of insertion."""
    order: dict[str, int] = {str(k): i for i, k in enumerate(TIE_ORDER)}
    dated = [e for e in events if e.date <= at]
    if not dated:
        return ""
    return max(dated, key=lambda e: (e.date, order.get(e.kind, 99))).kind


def status_at(rec: Recommendation, at: dt.date) -> str:
    return replay(rec.events.all(), at)


@dataclass
class OverdueItem:
    recommendation: Recommendation
    status: str
    days_open: int
    bucket: str
    reasons: list[str] = field(default_factory=list)
    escalate: bool = False


def _bucket(days: int) -> str:
    for code, _label, upper in BUCKETS:
        if upper is None or days <= upper:
            return code
    return BUCKETS[-1][0]


def overdue_item(rec: Recommendation, events: list[FollowUp], at: dt.date) -> OverdueItem | None:
    """The recommendation as an overdue item at ``at``, or None when it is not overdue then."""
    sent = [e.date for e in events if e.kind == EventKind.SENT and e.date <= at]
    if not sent:
        return None
    sent_on = min(sent)
    status = replay(events, at)
    if status in CLOSED:
        return None
    reasons = []
    answer_by = sent_on + dt.timedelta(days=defaults_on(sent_on).answer_days)
    answered = any(e.kind in ANSWERS and e.date <= at for e in events)
    if not answered and at > answer_by:
        reasons.append(NO_ANSWER)
    deadline = rec.deadline or answer_by
    if at > deadline:
        reasons.append(PAST_DEADLINE)
    if not reasons:
        return None
    days = (at - sent_on).days
    return OverdueItem(rec, status, days, _bucket(days), reasons, escalate=NO_ANSWER in reasons)


def overdue(*, scope: Scope, at: dt.date, area: str = "") -> list[OverdueItem]:
    """Recommendations sent on or before ``at`` still open at ``at`` (status replayed from events ≤ ``at``):
    no written answer within the answer days (→ escalate), or past their deadline without "acted on". Oldest
    first. ``area``: only missions whose lead lies in that area's subtree (an area code)."""
    qs = recommendation_list(scope=scope).filter(sent_on__isnull=False, sent_on__lte=at)
    if area:
        qs = qs.filter(_area_q(area))
    recs = list(qs.prefetch_related("events"))
    items = [i for r in recs if (i := overdue_item(r, list(r.events.all()), at)) is not None]
    items.sort(key=lambda i: (-i.days_open, i.recommendation.pk))
    return items


def _area_q(code: str) -> Q:
    """Missions led in the subtree of any area with ``code`` (codes are reused over time)."""
    from nguon.areas.models import Area

    q = Q(pk__in=[])
    for path in Area.objects.filter(code=code).values_list("path", flat=True):
        q |= Q(mission__lead__area__path__startswith=path)
    return q


def buckets(items: Iterable[OverdueItem]) -> list[tuple[str, str, int]]:
    count = Counter(i.bucket for i in items)
    return [(code, str(label), count.get(code, 0)) for code, label, _upper in BUCKETS]


# -- statistics ----------------------------------------------------------------------------------------------
def missions_by(*, scope: Scope, year: int | None = None) -> dict[tuple[int, str, str], int]:
    """(year, kind, status) → missions counted over the analysis area."""
    qs = Mission.objects.filter(missions_q(scope, Level.ANALYSE)).distinct()
    if year:
        qs = qs.filter(start_date__year=year)
    out: Counter[tuple[int, str, str]] = Counter()
    for start, kind, status in qs.values_list("start_date", "kind", "status"):
        out[(start.year, kind, status)] += 1
    return dict(out)


def recommendations_by_status(*, scope: Scope, at: dt.date) -> dict[str, int]:
    """Status at ``at`` ("" = not yet sent) → recommendations counted over the analysis area."""
    qs = recommendation_list(scope=scope, level=Level.ANALYSE).prefetch_related("events")
    return dict(Counter(replay(r.events.all(), at) for r in qs))
