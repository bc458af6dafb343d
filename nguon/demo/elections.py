"""The demo's candidate lists and elections, written through ``nguon.elections.services`` (source "demo") on
the Hoàn Kiếm world the demo already wrote (``plan_write``): call ``build()`` after it.

- The 2020 party congresses: the list of the district party committee (Ban Chấp hành Đảng bộ quận,
  2020–2025) and of each old ward's committee. Those elected are the members the demo already wrote (their
  tenures of the term, from its first day): the results LINK those tenures, creating none. A few more
  candidates, not elected (the "số dư", about 10%), are people of the same area holding another post on the
  congress day: women and under-40s first where the list needs them for Directive 35's guide.
- The 2021 People's Council election (23/5/2021): the district council (HĐND quận, 2021–2026) in
  constituencies of up to five seats, two more candidates than seats on each. Hà Nội's WARDS elected no
  People's Council in 2021: Resolution 97/2019/QH14 (the pilot urban government) abolished them from
  1/7/2021, and the demo's ward councils end on 30/6/2021 — so there are no ward lists for 2021.
  PLANTED: the list of constituency no. 3 ("Đơn vị bầu cử số 3") has 2 women among its 7 candidates
  (28,6%), below the 35% share; every other list meets it.
- The new wards of 1/7/2025: the party committees (2025–2030) were appointed by the city (chỉ định), not
  elected: their terms are marked appointed under the decision of their members' tenures.

Nothing here changes what the article's figures count (tenures are only linked, never created or changed).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from nguon.areas.selectors import area_get_by_code
from nguon.elections import rules, services
from nguon.elections.models import CandidateList
from nguon.organizations.choices import TermFormation
from nguon.organizations.models import Post, Tenure, Term
from nguon.people.conditions import is_female, is_under
from nguon.people.models import Person

SOURCE = "demo"
REFERENCE = dt.date(2020, 9, 25)
COUNCIL_ELECTION = dt.date(2021, 5, 23)
REFORM = dt.date(2025, 7, 1)
SEATS_PER_CONSTITUENCY = 5
PLANTED_CONSTITUENCY = 3  # the list below 35% women


@dataclass
class _Pool:
    """People who may stand without being elected: they hold another post in the area on the day."""

    people: list[Person]
    used: set[int]

    def take(self, *, woman: bool | None, young: bool | None, on: dt.date, years: int) -> Person | None:
        for want_young in (young, None) if young is not None else (None,):
            for p in self.people:
                if p.pk in self.used:
                    continue
                if woman is not None and is_female(p.sex) != woman:
                    continue
                if want_young is not None and is_under(p.birth_date, on, years) != want_young:
                    continue
                self.used.add(p.pk)
                return p
        return None


def _pool(path: str, on: dt.date, exclude: Iterable[int]) -> _Pool:
    ids = (
        Tenure.objects.active_on(on)
        .filter(post__organization__area__path__startswith=path)
        .values_list("person_id", flat=True)
    )
    people = list(Person.objects.filter(pk__in=ids).exclude(pk__in=list(exclude)).order_by("id"))
    return _Pool(people, set())


def _elected(term: Term, post: Post) -> list[Tenure]:
    return list(
        Tenure.objects.filter(term=term, post=post, start_date=term.start_date, start_reason="elected")
        .select_related("person")
        .order_by("person__sort_key", "id")
    )


def _share_needed(code: str, kind: str, on: dt.date, level: str) -> rules.ShareRule | None:
    rule = rules.rule_for(code, kind, on)
    if rule is None or rule.value is None or (rule.levels and level not in rule.levels):
        return None
    return rule


def _fillers(
    *,
    elected: Sequence[Person],
    pool: _Pool,
    kind: str,
    on: dt.date,
    level: str,
    extra: int,
    most: int,
    below_women: bool = False,
) -> list[Person]:
    """``extra`` candidates not elected (up to ``most`` while the list misses a share); with
    ``below_women``, the list is kept below the women share instead (the planted violation)."""
    years = rules.young_age()
    women_rule = _share_needed(rules.WOMEN_SHARE, kind, on, level)
    young_rule = _share_needed(rules.YOUNG_SHARE, kind, on, level)
    chosen: list[Person] = []

    def short(rule: rules.ShareRule | None, test: Callable[[Person], bool]) -> bool:
        if rule is None or rule.value is None:
            return False
        people = [*elected, *chosen]
        return not rules.meets(sum(1 for p in people if test(p)), len(people), rule.value)

    while len(chosen) < most:
        need_women = short(women_rule, lambda p: is_female(p.sex))
        need_young = short(young_rule, lambda p: is_under(p.birth_date, on, years))
        if len(chosen) >= extra and not (need_women or need_young) and not below_women:
            break
        if below_women and len(chosen) >= extra:
            break
        if below_women:
            woman: bool | None = len(chosen) == 0
        else:
            woman = True if need_women else (len(chosen) % 2 == 0)
        person = pool.take(woman=woman, young=True if need_young else None, on=on, years=years)
        if person is None:
            person = pool.take(woman=None, young=None, on=on, years=years)
        if person is None:
            break
        chosen.append(person)
    return chosen


def _record(
    *,
    term: Term,
    post: Post,
    kind: str,
    name: str,
    on: dt.date,
    elected: Sequence[Person],
    others: Sequence[Person],
    voters: int,
    decision: str,
    constituency: str = "",
) -> CandidateList:
    candidate_list = services.candidate_list_create(
        term=term,
        post=post,
        kind=kind,
        name=name,
        constituency=constituency,
        election_date=on,
        seats=len(elected),
        decision=decision,
        source=SOURCE,
    )
    rng = random.Random(name)
    people = sorted([*elected, *others], key=lambda p: (p.sort_key, p.pk))
    candidacies = [
        services.candidacy_add(
            candidate_list=candidate_list,
            person=p,
            nominated_by=rng.choice(["Ban Chấp hành khóa trước", "Ủy ban MTTQ", "Đoàn chủ tịch"])
            if kind == "peoples_council"
            else "",
            source=SOURCE,
        )
        for p in people
    ]
    services.list_status_set(candidate_list=candidate_list, status="official", source=SOURCE)
    valid = voters - rng.randint(0, max(1, voters // 50))
    winners = {p.pk for p in elected}
    results = [
        (
            c,
            c.person_id in winners,
            int(valid * (rng.uniform(0.62, 0.97) if c.person_id in winners else rng.uniform(0.25, 0.49))),
        )
        for c in candidacies
    ]
    return services.results_record(
        candidate_list=candidate_list,
        results=results,
        voters=voters,
        valid_ballots=valid,
        decision=decision,
        source=SOURCE,
    )


def _member_post(term: Term) -> Post | None:
    return Post.objects.filter(body=term.body, tenures__term=term).distinct().order_by("rank", "id").first()


def _congresses(path: str) -> list[CandidateList]:
    """The 2020 party congress lists of the district committee and the old wards' committees."""
    terms = (
        Term.objects.filter(
            body__organization__area__path__startswith=path,
            body__kind="executive_committee",
            name="2020–2025",
        )
        .filter(Q(body__organization__kind="party") | Q(body__organization__sector="ward"))
        .select_related("body__organization__area")
        .order_by("body__organization__area__path", "id")
    )
    made = []
    for term in terms:
        post = _member_post(term)
        if post is None:
            continue
        tenures = _elected(term, post)
        if not tenures:
            continue
        org = term.body.organization
        level = org.area.level
        on = term.start_date
        members = [t.person for t in tenures]
        holders = set(Tenure.objects.filter(term=term).values_list("person_id", flat=True))
        pool = _pool(org.area.path, on, holders)
        extra = max(1, math.ceil(len(members) / 10))
        others = _fillers(
            elected=members,
            pool=pool,
            kind="party_congress",
            on=on,
            level=level,
            extra=extra,
            most=extra + max(2, len(members) // 5),
        )
        delegates = 300 if org.kind == "party" else random.Random(org.name).randint(90, 160)
        made.append(
            _record(
                term=term,
                post=post,
                kind="party_congress",
                name=f"Danh sách bầu cử {term.body.name} khóa {term.name}",
                on=on,
                elected=members,
                others=others,
                voters=delegates,
                decision=f"Nghị quyết Đại hội {org.name} nhiệm kỳ {term.name}"[:100],
            )
        )
    return made


def _councils(path: str) -> list[CandidateList]:
    """The 2021 district People's Council lists, by constituency; no. 3 is planted below 35% women."""
    terms = (
        Term.objects.filter(
            body__organization__area__path=path,
            body__organization__kind="peoples_council",
            body__kind="council",
            name="2021–2026",
        )
        .select_related("body__organization__area")
        .order_by("id")
    )
    made = []
    for term in terms:
        post = _member_post(term)
        if post is None:
            continue
        members = [t.person for t in _elected(term, post)]
        if not members:
            continue
        org = term.body.organization
        level = org.area.level
        women = [p for p in members if is_female(p.sex)]
        men = [p for p in members if not is_female(p.sex)]
        n_lists = math.ceil(len(members) / SEATS_PER_CONSTITUENCY)
        groups: list[list[Person]] = [[] for _ in range(n_lists)]
        planted = min(PLANTED_CONSTITUENCY, n_lists) - 1
        # the planted constituency: one woman, the rest men
        if women:
            groups[planted].append(women.pop(0))
        while len(groups[planted]) < SEATS_PER_CONSTITUENCY and men:
            groups[planted].append(men.pop(0))
        rest = [p for pair in zip(women, men, strict=False) for p in pair]
        rest += women[len(men) :] + men[len(women) :]
        i = 0
        for person in rest:
            while len(groups[i % n_lists]) >= SEATS_PER_CONSTITUENCY or i % n_lists == planted:
                i += 1
            groups[i % n_lists].append(person)
            i += 1
        holders = set(Tenure.objects.filter(term=term).values_list("person_id", flat=True))
        pool = _pool(org.area.path, COUNCIL_ELECTION, holders)
        for n, group in enumerate(groups, start=1):
            if not group:
                continue
            others = _fillers(
                elected=group,
                pool=pool,
                kind="peoples_council",
                on=COUNCIL_ELECTION,
                level=level,
                extra=2,
                most=5,
                below_women=n - 1 == planted,
            )
            made.append(
                _record(
                    term=term,
                    post=post,
                    kind="peoples_council",
                    name=f"{term.body.name} {term.name} — Đơn vị bầu cử số {n}",
                    constituency=f"Đơn vị bầu cử số {n}",
                    on=COUNCIL_ELECTION,
                    elected=group,
                    others=others,
                    voters=random.Random(f"{org.name}{n}").randint(14_000, 22_000),
                    decision="Biên bản xác định kết quả bầu cử của Ủy ban bầu cử quận",
                )
            )
    return made


def _appointed(district_path: str) -> list[Term]:
    """The new wards' party committees of 1/7/2025 (appointed by the city): their terms marked appointed."""
    from nguon.areas.models import SuccessionLink

    new_codes = set(
        SuccessionLink.objects.filter(
            predecessor__path__startswith=district_path, successor__valid_from=REFORM
        ).values_list("successor__code", flat=True)
    )
    terms = Term.objects.filter(
        body__organization__area__code__in=new_codes,
        body__organization__area__valid_from=REFORM,
        body__kind="executive_committee",
        start_date=REFORM,
    ).select_related("body__organization__area")
    marked = []
    for term in terms:
        if term.formation == TermFormation.APPOINTED:
            continue
        decision = (
            Tenure.objects.filter(term=term)
            .exclude(start_decision="")
            .values_list("start_decision", flat=True)
        ).first()
        marked.append(
            services.term_mark_appointed(
                term=term, decision=decision or "Quyết định của Thành ủy Hà Nội", source=SOURCE
            )
        )
    return marked


@transaction.atomic
def build(*, district_code: str = "002") -> None:
    """Write the demo's candidate lists and results, and mark the appointed terms (once: a second call
    finds the lists there and writes nothing)."""
    district = area_get_by_code(code=district_code, at=REFERENCE)
    path = district.path
    if CandidateList.objects.filter(term__body__organization__area__path__startswith=path).exists():
        return
    _congresses(path)
    _councils(path)
    _appointed(path)
