"""The demo's planning pools (quy hoạch), written through ``nguon.pipeline.services`` (source "demo") on the
Hoàn Kiếm world (``plan_write``) and its trainings, elections and rotations: call ``build()`` last.

- 2020–2025: pools of the district's five first posts (Bí thư Quận ủy, Chủ tịch HĐND, Chủ tịch UBND, the heads
  of the Women's Union and of the Youth Union), approved on 15/3/2018 (Hướng dẫn 15); the person who took the
  post in the term, when she was planned, is marked fulfilled on her tenure's first day; a mid-term review in
  2022 (Regulation 50) adds and removes people as one round approved by one decision.
- 2025–2030: pools of the district's key posts approved on 20/12/2022 (Regulation 50), three people each with
  a woman and a young person; and, after the reorganization, pools of the new wards' first posts (Hoàn Kiếm
  00070, Cửa Nam 00073, Hồng Hà 00097, posts of 1/7/2025) approved on 20/10/2025 (Regulation 377).
- Everyone planned is drawn (seeded) from the people holding a lower post of the same area on the approval
  day, with working time for the whole target term, the post's requirements met, no discipline, no proposal
  for appointment, at most two pools at one level — except the PLANTED violations below, which
  ``nguon pipeline check`` must find (and nothing else).
- Posts left without a pool: the other key posts (the board lists them first, as posts with no candidate);
  the 2020–2025 pools may have no woman (Hướng dẫn 15 records no share).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from nguon.accounts.scope import scope_of
from nguon.areas.models import Area
from nguon.areas.selectors import area_get_by_code
from nguon.organizations.models import Organization, Post, Tenure
from nguon.people.conditions import is_female
from nguon.people.models import Person
from nguon.pipeline import checks, rules, services
from nguon.pipeline.checks import candidate_of
from nguon.pipeline.models import PlanningDecision, Pool, ReadinessLevel, ReviewRound
from nguon.pipeline.retirement import retirement
from nguon.training.selectors import qualifications_on

SOURCE = "demo"
SEED = 10
D = dt.date

TERM_2020 = ("2020–2025", D(2020, 10, 1), D(2025, 9, 30))
TERM_2025 = ("2025–2030", D(2025, 10, 1), D(2030, 9, 30))
APPROVED_2020 = D(2018, 3, 15)
REVIEW_2022 = D(2022, 3, 15)
APPROVED_2025 = D(2022, 12, 20)
APPROVED_WARDS = D(2025, 10, 20)
# The dates the checks are read on (the tests and ``nguon demo``): every planted violation stands on them.
CHECK_DISTRICT = D(2023, 6, 30)
CHECK_WARDS = D(2026, 3, 31)
NEW_WARDS = ("00070", "00073", "00097")
READINESS = (  # as nguon/pipeline/migrations/0002_readiness_levels.py seeds them
    ("ngay", "Sẵn sàng ngay", 1, 0, 0),
    ("1-2-nam", "Sẵn sàng sau 1–2 năm", 2, 1, 2),
    ("3-5-nam", "Sẵn sàng sau 3–5 năm", 3, 3, 5),
)

DISTRICT_2020 = (
    "Trưởng ban Tổ chức Quận ủy",
    "Bí thư Quận ủy",
    "Phó Bí thư Thường trực Quận ủy",
    "Chủ tịch HĐND quận",
    "Chủ tịch UBND quận",
    "Chủ tịch Hội LHPN quận",
    "Bí thư Quận đoàn",
)
DISTRICT_2025 = (
    "Bí thư Quận ủy",
    "Phó Bí thư Thường trực Quận ủy",
    "Chủ tịch HĐND quận",
    "Chủ tịch UBND quận",
    "Phó Chủ tịch UBND quận",
    "Chủ tịch Hội LHPN quận",
    "Bí thư Quận đoàn",
    "Trưởng ban Tổ chức Quận ủy",
    "Trưởng phòng Nội vụ",
)
# a new ward's pool with no woman (Regulation 377 sets no national share: no finding; the board lists it first)
NO_WOMAN_WARD = ("00070", "Chủ tịch HĐND phường")
WARD_2025 = ("Bí thư Đảng ủy phường", "Chủ tịch UBND phường", "Chủ tịch Hội LHPN phường")
REQUIREMENTS = {
    "Bí thư Quận ủy": ("dai_hoc", "cao_cap", "chuyen_vien_chinh"),
    "Bí thư Đảng ủy phường": ("dai_hoc", "trung_cap", ""),
}
REQUIREMENT_DOCUMENT = "Quy định 89-QĐ/TW (04/8/2017), khung tiêu chuẩn chức danh"


@dataclass(frozen=True)
class Planted:
    """One deliberate violation: the rule code the checks must report, the post, and why."""

    code: str
    area: str  # the area checked (district or new ward code)
    post: str
    why: str


PLANTED = (
    Planted(
        "working-time", "002", "Phó Bí thư Thường trực Quận ủy", "a man retiring before the term ends (2030)"
    ),
    Planted("per-post", "002", "Chủ tịch UBND quận", "four people planned for one post"),
    Planted("women-share", "002", "Chủ tịch HĐND quận", "three men and no woman (25% under Regulation 50)"),
    Planted(
        "posts-per-person",
        "002",
        "Phó Chủ tịch UBND quận",
        "one woman planned for four posts of the district (she is also in three other pools)",
    ),
    Planted("discipline", "002", "Trưởng phòng Nội vụ", "reprimanded on 10/3/2023, after the approval"),
    Planted(
        "qualification",
        "002",
        "Bí thư Quận ủy",
        "short of the post's requirements (đại học, cao cấp, chuyên viên chính)",
    ),
    Planted(
        "higher-post", "00073", "Chủ tịch UBND phường", "planned while holding another first post of the ward"
    ),
    Planted(
        "while-proposed",
        "00097",
        "Bí thư Đảng ủy phường",
        "proposed for appointment on 01/12/2025, still pending",
    ),
)

# who the planted people are, once built (code → person id); read by the tests and ``nguon demo``
planted_people: dict[str, int] = {}


class _Draw:
    """People and what they hold; the seeded choice of clean candidates."""

    def __init__(self, area_q: Q, rng: random.Random) -> None:
        self.rng = rng
        self.tenures = list(
            Tenure.objects.filter(area_q).select_related("post__organization__area", "person").order_by("id")
        )
        self.used: dict[tuple[int, str], int] = defaultdict(int)  # (person, level) → pools
        self.taken: set[int] = set()  # the planted people: never drawn as clean candidates

    def holding(self, on: D) -> dict[int, list[Tenure]]:
        held: dict[int, list[Tenure]] = defaultdict(list)
        for t in self.tenures:
            if t.start_date <= on and (t.end_date is None or t.end_date >= on):
                held[t.person_id].append(t)
        return held

    def people(self, on: D) -> dict[int, Person]:
        return {t.person_id: t.person for ts in self.holding(on).values() for t in ts}


def _retires(person: Person) -> D:
    c = candidate_of(person)
    return retirement(sex=c.sex, birth_year=c.birth_year, birth_month=c.birth_month).date


def _works_through(person: Person, term: tuple[str, D, D], approved: D) -> bool:
    c = candidate_of(person)
    verdict = rules.working_time_check(
        candidate=c, term=rules.TargetTerm(*term), approved_on=approved, first_planning=False
    )
    return verdict.ok


def _young(person: Person, on: D, years: int) -> bool:
    b = person.birth_date
    return (on.year - b.year - ((on.month, on.day) < (b.month, b.day))) < years


def _height(t: Tenure) -> tuple[int, int]:
    levels = rules.LEVELS
    level = t.post.organization.area.level
    return (levels.index(level) if level in levels else len(levels), t.post.rank)


def _meets(person_ids: Iterable[int], need: tuple[str, str, str], at: D) -> set[int]:
    ids = list(person_ids)
    found = qualifications_on(person_ids=ids, at=at)
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    want = rules.Qualifications(*need)
    ok = set()
    for pk, person in people.items():
        q = found.get(pk)
        have = rules.Qualifications(
            q.education if q else person.education,
            q.political_theory if q else person.political_theory,
            q.state_management if q else person.state_management,
        )
        if not rules.qualification_gaps(have, want):
            ok.add(pk)
    return ok


def _choose(
    draw: _Draw,
    post: Post,
    *,
    term: tuple[str, D, D],
    approved: D,
    checks: Iterable[D],
    count: int,
    need_woman: bool | None,
    need_young: int | None,
    young_on: D,
    max_pools: int = 2,
    exclude: Iterable[int] = (),
) -> list[Person]:
    """``count`` clean people holding a lower post of the area on ``approved`` and on every check date.
    need_woman True: at least one woman; False: no woman. need_young: under that age on ``young_on``."""
    level = post.organization.area.level
    target = (rules.LEVELS.index(level), post.rank)
    dates = [approved, *checks]
    holds = [draw.holding(d) for d in dates]
    ids = set(holds[0])
    for h in holds[1:]:
        ids &= set(h)
    candidates = []
    for pk in sorted(ids - set(exclude) - draw.taken):
        if any(t.post_id == post.pk for h in holds for t in h[pk]):
            continue
        if any(min(_height(t) for t in h[pk]) <= target for h in holds):
            continue  # not a lower post on one of the dates
        person = holds[0][pk][0].person
        if draw.used[(pk, level)] >= max_pools:
            continue
        if not _works_through(person, term, approved) or _retires(person) <= max(dates):
            continue
        candidates.append(person)
    need = REQUIREMENTS.get(post.name)
    if need is not None:
        ok = _meets([p.pk for p in candidates], need, approved)
        candidates = [p for p in candidates if p.pk in ok]
    draw.rng.shuffle(candidates)
    chosen: list[Person] = []

    def pick(test: Callable[[Person], bool]) -> None:
        for p in candidates:
            if p not in chosen and test(p) and len(chosen) < count:
                chosen.append(p)
                return

    if need_woman is False:
        candidates = [p for p in candidates if not is_female(p.sex)]
    if need_woman:
        pick(lambda p: is_female(p.sex))
    if need_young is not None and not any(_young(p, young_on, need_young) for p in chosen):
        pick(lambda p: _young(p, young_on, need_young))
    for p in candidates:
        if len(chosen) >= count:
            break
        if p not in chosen:
            chosen.append(p)
    for p in chosen:
        draw.used[(p.pk, level)] += 1
    return chosen


def _post(org_q: Q, name: str) -> Post | None:
    return Post.objects.filter(org_q, name=name).select_related("organization__area").order_by("id").first()


def _add(
    pool: Pool, people: Iterable[Person], date: D, decision: PlanningDecision, levels: list[ReadinessLevel]
) -> None:
    for rank, person in enumerate(people, start=1):
        services.entry_add(
            pool=pool,
            person=person,
            date=date,
            decision=decision,
            readiness=levels[min(rank - 1, len(levels) - 1)],
            rank=rank,
            first_planning=False,
            source=SOURCE,
        )


@transaction.atomic
def build(*, district_code: str = "002") -> None:
    """Write the district's and its new wards' pools (nothing when the district or its party committee is
    missing). Deterministic: the same world gives the same pools."""
    planted_people.clear()
    district = Area.objects.filter(code=district_code).order_by("valid_from", "id").first()
    if district is None:
        return
    party = Organization.objects.filter(area=district, kind="party").first()
    if party is None:
        return
    for code, label, order, years_from, years_to in READINESS:  # ``flush`` empties the migration's rows
        ReadinessLevel.objects.get_or_create(
            code=code,
            defaults={"name": label, "order": order, "years_from": years_from, "years_to": years_to},
        )
    levels = list(ReadinessLevel.objects.order_by("order"))
    rng = random.Random(SEED)
    in_district = Q(organization__area__path__startswith=district.path)
    draw = _Draw(Q(post__organization__area__path__startswith=district.path), rng)
    young_district = rules.young_ages().get("district", 40)

    # -- the planted people of the district (drawn first, then kept out of the clean draws) ---------------
    people_2022 = draw.holding(APPROVED_2025)
    people_check = draw.holding(CHECK_DISTRICT)
    both = sorted(set(people_2022) & set(people_check))
    by_id = {pk: people_2022[pk][0].person for pk in both}
    lower = [
        pk
        for pk in both
        if min(t.post.rank for t in people_2022[pk]) >= 2 and min(t.post.rank for t in people_check[pk]) >= 2
    ]
    rng.shuffle(lower)

    def planted(code: str, test: Callable[[Person], bool]) -> Person | None:
        for pk in lower:
            if pk in draw.taken:
                continue
            person = by_id[pk]
            if test(person):
                draw.taken.add(pk)
                planted_people[code] = pk
                return person
        return None

    def term_ok(p: Person) -> bool:
        return _works_through(p, TERM_2025, APPROVED_2025) and _retires(p) > CHECK_WARDS

    old_man = planted(
        "working-time",
        lambda p: not is_female(p.sex) and CHECK_WARDS < _retires(p) < TERM_2025[2],
    )
    busy_woman = planted(
        "posts-per-person",
        lambda p: is_female(p.sex) and _young(p, CHECK_DISTRICT, young_district - 2) and term_ok(p),
    )
    disciplined = planted("discipline", term_ok)
    ids_gap = [pk for pk in lower if pk not in draw.taken]
    meets = _meets(ids_gap, REQUIREMENTS["Bí thư Quận ủy"], CHECK_DISTRICT)
    gap = planted("qualification", lambda p: p.pk not in meets and bool(p.education) and term_ok(p))

    # -- 2020–2025: approved 2018, reviewed 2022 ------------------------------------------------------
    decision_2018 = services.decision_create(
        organization=party,
        number="125-QĐ/QU",
        date=APPROVED_2020,
        approving_body="Ban Thường vụ Quận ủy Hoàn Kiếm",
        source=SOURCE,
    )
    pools_2020: list[tuple[Pool, list[Person]]] = []
    later: list[tuple[Pool, Tenure]] = []  # who took the post after the review planned her
    fulfil: list[tuple[Pool, Tenure]] = []
    at_approval, at_review = draw.holding(APPROVED_2020), draw.holding(REVIEW_2022)
    for name in DISTRICT_2020:
        post = _post(in_district, name)
        if post is None:
            continue
        pool = services.pool_create(
            post=post,
            target_term=TERM_2020[0],
            target_start=TERM_2020[1],
            target_end=TERM_2020[2],
            decision=decision_2018,
            source=SOURCE,
        )
        # the person who took the post in the term, planned when she held a lower post: on the approval day,
        # else by the mid-term review
        first: list[Person] = []
        level = post.organization.area.level
        for t in draw.tenures:
            if (
                t.post_id != post.pk
                or not APPROVED_2020 < t.start_date <= TERM_2020[2]
                or t.person_id in draw.taken
            ):
                continue
            if not _works_through(t.person, TERM_2020, APPROVED_2020) or _retires(t.person) <= CHECK_DISTRICT:
                continue
            if t.person_id in at_approval and all(o.post_id != post.pk for o in at_approval[t.person_id]):
                first.append(t.person)
                fulfil.append((pool, t))
            elif t.start_date > REVIEW_2022 and t.person_id in at_review:
                later.append((pool, t))
            else:
                continue
            draw.used[(t.person_id, level)] += 1
            break
        people = first + _choose(
            draw,
            post,
            term=TERM_2020,
            approved=APPROVED_2020,
            checks=(REVIEW_2022,),
            count=3 - len(first),
            need_woman=None,
            need_young=None,
            young_on=APPROVED_2020,
            exclude=[p.pk for p in first],
        )
        _add(pool, people, APPROVED_2020, decision_2018, levels)
        pools_2020.append((pool, people))
    # the mid-term review of 2022 (Regulation 50): one round per organization, each approved by one decision
    reviews: dict[int, ReviewRound] = {}

    def review_of(pool: Pool) -> ReviewRound:
        org = pool.post.organization
        if org.pk not in reviews:
            reviews[org.pk] = services.round_create(
                organization=org, year=2022, target_term=TERM_2020[0], source=SOURCE
            )
        return reviews[org.pk]

    removed = 0
    for pool, people in pools_2020:
        if pool.post.organization_id == party.pk and len(people) >= 3 and removed < 2:
            services.round_propose(
                round=review_of(pool),
                pool=pool,
                person=people[-1],
                action="remove",
                removal_reason="review",
                reason="Không còn đáp ứng yêu cầu qua rà soát giữa nhiệm kỳ.",
                source=SOURCE,
            )
            removed += 1
    for pool, tenure in later:
        services.round_propose(
            round=review_of(pool),
            pool=pool,
            person=tenure.person,
            action="add",
            readiness=levels[0],
            rank=1,
            source=SOURCE,
        )
        fulfil.append((pool, tenure))
    for pool, people in pools_2020:
        if pool.post.organization_id != party.pk:
            continue
        for person in _choose(
            draw,
            pool.post,
            term=TERM_2020,
            approved=REVIEW_2022,
            checks=(CHECK_DISTRICT,),
            count=1,
            need_woman=True,
            need_young=None,
            young_on=REVIEW_2022,
            exclude=[p.pk for p in people],
        ):
            services.round_propose(
                round=review_of(pool),
                pool=pool,
                person=person,
                action="add",
                readiness=levels[-1],
                rank=len(people) + 1,
                source=SOURCE,
            )
    for number, review in enumerate(reviews.values(), start=310):
        decision = services.decision_create(
            organization=review.organization,
            kind="review",
            number=f"{number}-QĐ/QU",
            date=REVIEW_2022,
            approving_body="Ban Thường vụ Quận ủy Hoàn Kiếm",
            source=SOURCE,
        )
        services.round_approve(round=review, decision=decision, source=SOURCE)
    for pool, tenure in fulfil:
        services.entry_fulfil(pool=pool, person=tenure.person, date=tenure.start_date, source=SOURCE)

    # -- 2025–2030: the district's key posts, approved 20/12/2022 (Regulation 50) ----------------------------
    decision_2025 = services.decision_create(
        organization=party,
        number="512-QĐ/QU",
        date=APPROVED_2025,
        approving_body="Ban Thường vụ Quận ủy Hoàn Kiếm",
        source=SOURCE,
    )
    for name, need in REQUIREMENTS.items():
        for post in Post.objects.filter(name=name).filter(
            Q(in_district)
            | Q(organization__area__code__in=NEW_WARDS, organization__area__valid_from__gte=D(2025, 7, 1))
        ):
            services.requirement_set(
                post=post,
                education=need[0],
                political_theory=need[1],
                state_management=need[2],
                document=REQUIREMENT_DOCUMENT,
                source=SOURCE,
            )
    for name in DISTRICT_2025:
        post = _post(in_district, name)
        if post is None:
            continue
        pool = services.pool_create(
            post=post,
            target_term=TERM_2025[0],
            target_start=TERM_2025[1],
            target_end=TERM_2025[2],
            decision=decision_2025,
            source=SOURCE,
        )
        extra: list[Person] = []
        count = 3
        woman: bool | None = True
        if name == "Phó Bí thư Thường trực Quận ủy" and old_man:
            extra, count = [old_man], 2
        elif name == "Chủ tịch UBND quận":
            count = 4
        elif name == "Chủ tịch HĐND quận":
            woman = False
        elif name == "Trưởng phòng Nội vụ" and disciplined:
            extra, count = [disciplined], 2
        elif name == "Bí thư Quận ủy" and gap:
            extra, count = [gap], 2
        if busy_woman and name in (
            "Phó Chủ tịch UBND quận",
            "Chủ tịch Hội LHPN quận",
            "Bí thư Quận đoàn",
            "Trưởng ban Tổ chức Quận ủy",
        ):
            extra, count = [*extra, busy_woman], count - 1
        if any(is_female(p.sex) for p in extra):
            woman = None if woman else False
        people = extra + _choose(
            draw,
            post,
            term=TERM_2025,
            approved=APPROVED_2025,
            checks=(CHECK_DISTRICT,),
            count=count,
            need_woman=woman,
            need_young=None
            if any(_young(p, CHECK_DISTRICT, young_district - 1) for p in extra)
            else young_district - 1,
            young_on=CHECK_DISTRICT,
        )
        _add(pool, people, APPROVED_2025, decision_2025, levels)
    if disciplined:
        services.discipline_create(
            person=disciplined,
            level="reprimand",
            date=D(2023, 3, 10),
            decision="45-QĐ/UBKT",
            issued_by="Ủy ban Kiểm tra Quận ủy Hoàn Kiếm",
            reason="Vi phạm quy định về quản lý tài chính của cơ quan.",
            source=SOURCE,
        )

    # -- 2025–2030: the new wards' first posts, approved 20/10/2025 (Regulation 377) -------------------------
    for code in NEW_WARDS:
        ward = Area.objects.filter(code=code, valid_from__gte=D(2025, 7, 1)).order_by("-valid_from").first()
        if ward is None:
            continue
        ward_party = Organization.objects.filter(area=ward, kind="grassroots_party").first()
        if ward_party is None:
            continue
        wdraw = _Draw(Q(post__organization__area__path__startswith=ward.path), rng)
        decision = services.decision_create(
            organization=ward_party,
            number=f"{12 + NEW_WARDS.index(code)}-QĐ/ĐU",
            date=APPROVED_WARDS,
            approving_body=f"Ban Thường vụ Đảng ủy phường {ward.name}",
            source=SOURCE,
        )
        in_ward = Q(organization__area=ward)
        for name in WARD_2025 + ((NO_WOMAN_WARD[1],) if code == NO_WOMAN_WARD[0] else ()):
            post = _post(in_ward, name)
            if post is None:
                continue
            pool = services.pool_create(
                post=post,
                target_term=TERM_2025[0],
                target_start=TERM_2025[1],
                target_end=TERM_2025[2],
                decision=decision,
                source=SOURCE,
            )
            extra = []
            if code == "00073" and name == "Chủ tịch UBND phường":
                heads = wdraw.holding(APPROVED_WARDS)
                for pk in sorted(heads):
                    ts = heads[pk]
                    if (
                        pk in wdraw.holding(CHECK_WARDS)
                        and all(t.post_id != post.pk for t in ts)
                        and min(t.post.rank for t in ts) == 1
                        and _works_through(ts[0].person, TERM_2025, APPROVED_WARDS)
                    ):
                        extra = [ts[0].person]
                        wdraw.taken.add(pk)
                        wdraw.used[(pk, ward.level)] += 1
                        planted_people["higher-post"] = pk
                        break
            people = extra + _choose(
                wdraw,
                post,
                term=TERM_2025,
                approved=APPROVED_WARDS,
                checks=(CHECK_WARDS,),
                count=3 - len(extra),
                need_woman=(code, name) != NO_WOMAN_WARD,
                need_young=None,
                young_on=CHECK_WARDS,
            )
            _add(pool, people, APPROVED_WARDS, decision, levels)
            if code == "00097" and name == "Bí thư Đảng ủy phường" and people:
                proposed_person = people[-1]
                wdraw.taken.add(proposed_person.pk)  # in this pool only (the ward's first)
                target = _post(in_ward, "Phó Bí thư Đảng ủy phường") or post
                services.appointment_proposal_create(
                    person=proposed_person,
                    post=target,
                    proposed_on=D(2025, 12, 1),
                    proposed_by=f"Ban Thường vụ Đảng ủy phường {ward.name}",
                    document="Tờ trình số 08-TTr/ĐU",
                    source=SOURCE,
                )
                planted_people["while-proposed"] = proposed_person.pk


@dataclass(frozen=True)
class Summary:
    """What ``nguon demo`` prints of the pools: counted from the database, the checks run on their dates."""

    pools: int
    people: int
    women: int
    findings: list[checks.Finding]


def check_areas(district_code: str = "002") -> list[tuple[Area, D]]:
    """The areas the planted violations are found in, each with the date it is checked on."""
    found = [(area_get_by_code(code=district_code, at=CHECK_DISTRICT), CHECK_DISTRICT)]
    return found + [(area_get_by_code(code=code, at=CHECK_WARDS), CHECK_WARDS) for code in NEW_WARDS]


def summary(district_code: str = "002") -> Summary:
    """The demo's pools, the people planned (distinct), the women among them and the checks' findings."""
    people = Person.objects.filter(pool_entries__isnull=False).distinct()
    found = [
        f
        for area, at in check_areas(district_code)
        for f in checks.findings(scope=scope_of(None), area=area, at=at)
    ]
    return Summary(
        pools=Pool.objects.count(),
        people=people.count(),
        women=sum(1 for sex in people.values_list("sex", flat=True) if is_female(sex)),
        findings=found,
    )
