"""Appointments and promotions derived from tenures, and the funnel of the cadre pipeline (issue 10 §7).

**Appointments and promotions** (``appointments``): the people who STARTED a tenure in [start, end] on a key
post (``Post.is_key``) of an organization of the area by appointment (bổ nhiệm) or promotion (đề bạt) — the
reading of the indicator "key-appointments-women" of indicators/catalogue.toml, behind the article's "105
women promoted to key posts": distinct people (không trùng người), so a person appointed twice in a year counts
once that year, and once in the period's total even when appointed in two years (the total is not the sum of
the years). Designation (chỉ định), elections, rotations and transfers are not counted: the catalogue's
indicator leaves them out, an election is the funnel's last stage, a rotation is a lateral move. Counted per
year of the start and per sex, with the people behind each count (names only of the people inside the
reader's view scope; the others counted).

**The funnel** (``funnel``) for a period [start, end] and an area:

1. *pool*: the people approved in a planning pool of a post of an organization of the area, approved on
   some day of the period (the replay of each entry's log: approved at the start, or after one of the
   period's events) — so a pool decided before the period counts while its people are still in it;
2. *trained*: those of the pool who completed a course in the period (``training.selectors``);
3. *nominated*: those of the pool who were candidates on a list elected in the period
   (``elections.selectors``), or proposed for appointment in the period (``AppointmentProposal``, whatever
   its outcome);
4. *elected or appointed*: those of the pool whose tenure started in the period on a post they were planned
   for, or on any key post, whatever the start reason — except a tenure that continues one she held on the same
   post the day before (re-election to the same seat is no step up).

Every stage counts people of the pool (stage 1): the stages are not nested — an appointment needs no
candidacy, and an election no training. Counted by sex and by age group (the full years at the period's end:
under 30, 30–39, 40–49, 50 and over). Figures are read at ANALYSE level over the reader's analysis area;
names only at VIEW inside her scope.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nguon.areas.models import Area
from nguon.core.intervals import age_on
from nguon.core.scope import Level, Scope
from nguon.elections.selectors import nominated_people
from nguon.organizations.choices import TenureStart
from nguon.organizations.models import Tenure
from nguon.people.choices import Sex
from nguon.people.models import Person
from nguon.training.selectors import completed_people

from . import pools
from .models import AppointmentProposal, PoolEvent

#: The start reasons that count as an appointment or a promotion.
APPOINTED_REASONS = (TenureStart.APPOINTED, TenureStart.PROMOTED)

#: Age groups: code, label, lowest and highest full years (None: no bound).
AGE_GROUPS: tuple[tuple[str, object, int | None, int | None], ...] = (
    ("under-30", gettext_lazy("under 30"), None, 29),
    ("30-39", gettext_lazy("30–39"), 30, 39),
    ("40-49", gettext_lazy("40–49"), 40, 49),
    ("50-plus", gettext_lazy("50 and over"), 50, None),
)

STAGES: tuple[tuple[str, object], ...] = (
    ("pool", gettext_lazy("In a planning pool")),
    ("trained", gettext_lazy("Trained")),
    ("nominated", gettext_lazy("Nominated or proposed")),
    ("placed", gettext_lazy("Elected or appointed")),
)


def age_group(birth_date: dt.date, at: dt.date) -> str:
    years = age_on(birth_date, at)
    for code, _label, low, high in AGE_GROUPS:
        if (low is None or years >= low) and (high is None or years <= high):
            return code
    raise AssertionError(years)  # the groups cover every age


def area_check(scope: Scope, area: Area) -> None:
    """Refuse (404, as for none) an area outside the reader's analysis area."""
    if not scope.covers_area(area, Level.ANALYSE):
        raise Http404(_("No such area in your area of work."))


def _visible(scope: Scope, person_ids: Iterable[int]) -> set[int]:
    ids = list(set(person_ids))
    if scope.unrestricted:
        return set(ids)
    return set(Person.objects.filter(scope.people_q(Level.VIEW), pk__in=ids).values_list("pk", flat=True))


@dataclass
class People:
    """The people behind a count: ``named`` those the reader may see (sorted by name), ``hidden`` the others."""

    named: list[Person] = field(default_factory=list)
    hidden: int = 0

    @property
    def count(self) -> int:
        return len(self.named) + self.hidden


# --- appointments and promotions --------------------------------------------------------------------------
@dataclass
class AppointmentRow:
    year: int
    by_sex: dict[str, int]
    total: int
    women: People
    men: People


@dataclass
class Appointments:
    area: Area
    start: dt.date
    end: dt.date
    rows: list[AppointmentRow]
    total: int
    by_sex: dict[str, int]


def _area_tenures(area: Area) -> Q:
    return Q(post__organization__area__path__startswith=area.path)


def appointments(*, scope: Scope, area: Area, start: dt.date, end: dt.date) -> Appointments:
    """The people appointed or promoted to key posts of ``area`` in [start, end], by year and sex (see the
    module's docstring)."""
    area_check(scope, area)
    tenures = list(
        Tenure.objects.filter(
            _area_tenures(area),
            post__is_key=True,
            start_reason__in=APPOINTED_REASONS,
            start_date__gte=start,
            start_date__lte=end,
        )
        .select_related("person")
        .order_by("start_date", "id")
    )
    visible = _visible(scope, (t.person_id for t in tenures))
    by_year: dict[int, dict[int, Person]] = defaultdict(dict)
    everyone: dict[int, Person] = {}
    for tenure in tenures:
        by_year[tenure.start_date.year][tenure.person_id] = tenure.person
        everyone[tenure.person_id] = tenure.person
    rows = []
    for year in range(start.year, end.year + 1):
        found = by_year.get(year, {})
        people = {s: People() for s in Sex.values}
        for person in found.values():
            group = people[person.sex]
            if person.pk in visible:
                group.named.append(person)
            else:
                group.hidden += 1
        for group in people.values():
            group.named.sort(key=lambda p: (p.sort_key, p.pk))
        rows.append(
            AppointmentRow(
                year=year,
                by_sex={s: people[s].count for s in Sex.values},
                total=len(found),
                women=people[Sex.FEMALE],
                men=people[Sex.MALE],
            )
        )
    return Appointments(
        area=area,
        start=start,
        end=end,
        rows=rows,
        total=len(everyone),
        by_sex={s: sum(1 for p in everyone.values() if p.sex == s) for s in Sex.values},
    )


# --- the funnel -------------------------------------------------------------------------------------------
def _follow(state: pools.EntryState | None, event: pools.Event) -> pools.EntryState | None:
    """The state after ``event``, a line that does not follow skipped as ``pools.replay`` skips it."""
    try:
        return pools.transition(state, event)
    except pools.TransitionError:
        return state


def approved_during(events: Sequence[pools.Event], start: dt.date, end: dt.date) -> bool:
    """Whether an entry whose log is ``events`` (in date, id order) is approved on some day of [start, end]:
    at the end of the start day, or at the end of the day of one of the period's events."""
    state: pools.EntryState | None = None
    i, n = 0, len(events)
    while i < n and events[i].date <= start:
        state = _follow(state, events[i])
        i += 1
    if state is not None and state.status == pools.APPROVED:
        return True
    while i < n and events[i].date <= end:
        day = events[i].date
        while i < n and events[i].date == day:
            state = _follow(state, events[i])
            i += 1
        if state is not None and state.status == pools.APPROVED:
            return True
    return False


@dataclass
class PoolPerson:
    person_id: int
    sex: str
    age_group: str
    planned_posts: set[int]


def pool_people(*, area: Area, start: dt.date, end: dt.date) -> dict[int, PoolPerson]:
    """Stage 1 of the funnel: who was approved in a pool of ``area`` on some day of the period."""
    events = (
        PoolEvent.objects.filter(
            entry__pool__post__organization__area__path__startswith=area.path, date__lte=end
        )
        .values_list(
            "id",
            "entry_id",
            "date",
            "action",
            "readiness_id",
            "rank",
            "removal_reason",
            "entry__person_id",
            "entry__pool__post_id",
        )
        .order_by("entry_id", "date", "id")
    )
    by_entry: dict[int, list[pools.Event]] = defaultdict(list)
    whose: dict[int, tuple[int, int]] = {}
    for pk, entry_id, date, action, readiness, rank, reason, person_id, post_id in events:
        by_entry[entry_id].append(pools.Event(pk, entry_id, date, action, readiness, rank, reason or ""))
        whose[entry_id] = (person_id, post_id)
    planned: dict[int, set[int]] = defaultdict(set)
    for entry_id, log in by_entry.items():
        if approved_during(log, start, end):
            person_id, post_id = whose[entry_id]
            planned[person_id].add(post_id)
    found = {}
    for pk, sex, birth in Person.objects.filter(pk__in=list(planned)).values_list("pk", "sex", "birth_date"):
        found[pk] = PoolPerson(pk, sex, age_group(birth, end), planned[pk])
    return found


def proposed_people(*, person_ids: Iterable[int], start: dt.date, end: dt.date) -> set[int]:
    """Who of ``person_ids`` was proposed for appointment in [start, end] (any outcome)."""
    return set(
        AppointmentProposal.objects.filter(
            person_id__in=list(person_ids), proposed_on__gte=start, proposed_on__lte=end
        ).values_list("person_id", flat=True)
    )


def placed_people(*, pool: dict[int, PoolPerson], start: dt.date, end: dt.date) -> set[int]:
    """Who of the pool started a tenure in [start, end] on a post she was planned for or on a key post, that
    does not continue a tenure of hers on the same post the day before."""
    tenures = Tenure.objects.filter(
        person_id__in=list(pool), start_date__gte=start, start_date__lte=end
    ).values_list("person_id", "post_id", "start_date", "post__is_key")
    candidates = [
        (person_id, post_id, begun)
        for person_id, post_id, begun, is_key in tenures
        if is_key or post_id in pool[person_id].planned_posts
    ]
    if not candidates:
        return set()
    held = set(
        Tenure.objects.filter(
            person_id__in={c[0] for c in candidates}, post_id__in={c[1] for c in candidates}
        )
        .exclude(end_date=None)
        .values_list("person_id", "post_id", "end_date")
    )
    return {
        person_id
        for person_id, post_id, begun in candidates
        if (person_id, post_id, begun - dt.timedelta(days=1)) not in held
    }


@dataclass
class StageCount:
    code: str
    label: object
    total: int
    by_sex: dict[str, int]
    by_age: dict[str, int]
    by_sex_age: dict[tuple[str, str], int]
    people: People
    share: float | None  # of the pool


@dataclass
class Funnel:
    area: Area
    start: dt.date
    end: dt.date
    stages: list[StageCount]
    named: bool  # whether the reader may see names at all (VIEW in the scope)


def _count(
    code: str,
    label: object,
    ids: set[int],
    pool: dict[int, PoolPerson],
    visible: set[int],
    persons: dict[int, Person],
) -> StageCount:
    by_sex = {s: 0 for s in Sex.values}
    by_age = {g[0]: 0 for g in AGE_GROUPS}
    by_sex_age = {(s, g[0]): 0 for s in Sex.values for g in AGE_GROUPS}
    people = People()
    for pk in ids:
        row = pool[pk]
        by_sex[row.sex] = by_sex.get(row.sex, 0) + 1
        by_age[row.age_group] += 1
        by_sex_age[(row.sex, row.age_group)] = by_sex_age.get((row.sex, row.age_group), 0) + 1
        if pk in visible:
            people.named.append(persons[pk])
        else:
            people.hidden += 1
    people.named.sort(key=lambda p: (p.sort_key, p.pk))
    return StageCount(
        code=code,
        label=label,
        total=len(ids),
        by_sex=by_sex,
        by_age=by_age,
        by_sex_age=by_sex_age,
        people=people,
        share=len(ids) / len(pool) if pool else None,
    )


def funnel(*, scope: Scope, area: Area, start: dt.date, end: dt.date) -> Funnel:
    """The funnel of ``area`` for [start, end] (see the module's docstring)."""
    area_check(scope, area)
    pool = pool_people(area=area, start=start, end=end)
    ids = set(pool)
    trained = completed_people(person_ids=ids, start=start, end=end)
    nominated = nominated_people(person_ids=ids, start=start, end=end) | proposed_people(
        person_ids=ids, start=start, end=end
    )
    placed = placed_people(pool=pool, start=start, end=end)
    visible = _visible(scope, ids) if scope.allows(Level.VIEW) else set()
    persons = Person.objects.in_bulk(list(visible))
    sets = {"pool": ids, "trained": trained & ids, "nominated": nominated & ids, "placed": placed & ids}
    return Funnel(
        area=area,
        start=start,
        end=end,
        stages=[_count(code, label, sets[code], pool, visible, persons) for code, label in STAGES],
        named=bool(visible),
    )
