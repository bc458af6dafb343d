"""The demo's trainings (đào tạo, bồi dưỡng), written through ``nguon.training.services`` (source "demo") on the
Hoàn Kiếm world the demo already wrote (``plan_write``): call ``build()`` after it, BEFORE the pipeline's demo
(its planted qualification gaps are judged with these trainings in place).

2016–2025, organized by the district's party committee, People's Committee, Women's Union and Youth Union
(and, after 1/7/2025, by the new wards' party committees and women's unions):
- political theory: "Trung cấp lý luận chính trị - hành chính" (Trường Đào tạo cán bộ Lê Hồng Phong) and
  "Cao cấp lý luận chính trị" (Học viện Chính trị quốc gia Hồ Chí Minh), in-service classes of one to two
  years. Those who complete a class are people whose record already holds that level or a higher one, so no
  one's political theory rises above her record; a few others enrolled and failed or withdrew;
- state management: the courses for the grades "chuyên viên" and "chuyên viên chính" (two months); those who
  complete one gain that grade in ``qualifications_on`` (the demo records no state management on the
  people themselves);
- leadership: "Bồi dưỡng kỹ năng lãnh đạo, quản lý cho cán bộ nữ trong diện quy hoạch" every year from 2018,
  for women holding key or leading posts (about two in three of them by mid-2025: short of Decision
  2282's 75%), and the course for heads of offices ("lãnh đạo, quản lý cấp phòng");
- the Women's Union and Youth Union cadre courses, every year, for the unions' officers.
Participants are drawn with a seeded random generator from the people holding a post in the district (or its
new wards) on the class's first day: the same world gives the same trainings. Results: most completed (dated
the class's last day, a certificate numbered per course, issued a week or more later), some failed or
withdrew.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from nguon.areas.models import Area, SuccessionLink
from nguon.organizations.models import Organization, Tenure
from nguon.people.models import Person
from nguon.training import services
from nguon.training.choices import CourseKind, Grants, Result
from nguon.training.models import Course

SOURCE = "demo"
SEED = 2282  # Decision 2282/QĐ-TTg
D = dt.date
THEORY_RANK = {"": 0, "so_cap": 1, "trung_cap": 2, "cao_cap": 3, "cu_nhan": 4}


@dataclass(frozen=True)
class Held:
    person_id: int
    kind: str  # the organization's kind
    leader: bool  # a key or leading post
    start: dt.date
    end: dt.date | None

    def on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class _World:
    rng: random.Random
    held: list[Held]
    people: dict[int, Person]
    done: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))  # course id -> people

    def holders(
        self,
        on: dt.date,
        *,
        kinds: tuple[str, ...] = (),
        leaders: bool | None = None,
        women: bool = False,
        theory: tuple[str, ...] = (),
        born_after: int | None = None,
    ) -> list[int]:
        """People holding, on ``on``, a post of an organization of ``kinds`` (all kinds if none), in the
        order of their records (so the draw depends only on the seed and the world)."""
        found = {
            h.person_id
            for h in self.held
            if h.on(on) and (not kinds or h.kind in kinds) and (leaders is None or h.leader == leaders)
        }
        out = []
        for pk in sorted(found):
            person = self.people[pk]
            if women and person.sex != "F":
                continue
            if theory and person.political_theory not in theory:
                continue
            if born_after is not None and person.birth_date.year <= born_after:
                continue
            out.append(pk)
        return out


def _organizers(district: Area, successors: list[Area]) -> dict[str, Organization]:
    """The district's organizers by kind (the party committee stands in for a kind it lacks), and the new
    wards' as "<kind>@<area code>"."""
    found: dict[str, Organization] = {}
    for org in Organization.objects.filter(area=district).order_by("id"):
        found.setdefault(org.kind, org)
    party = found.get("party") or found.get("grassroots_party")
    if party is None:
        return {}
    for kind in ("party", "peoples_committee", "womens_union", "youth_union"):
        found.setdefault(kind, party)
    for area in successors:
        for org in Organization.objects.filter(area=area).order_by("id"):
            found.setdefault(f"{org.kind}@{area.code}", org)
    return found


def _result(rng: random.Random, can_complete: bool) -> str:
    if not can_complete:
        return rng.choice([Result.FAILED, Result.WITHDRAWN])
    roll = rng.random()
    if roll < 0.03:
        return Result.FAILED
    if roll < 0.06:
        return Result.WITHDRAWN
    return Result.COMPLETED


class _Writer:
    def __init__(self, world: _World) -> None:
        self.w = world
        self.numbers: dict[int, int] = defaultdict(int)

    def course(self, organizer: Organization, name: str, kind: str, grants: str = "", level: str = "",
               provider: str = "") -> Course:  # fmt: skip
        return services.course_create(
            organizer=organizer, name=name, kind=kind, grants=grants, grants_level=level, provider=provider,
            source=SOURCE,
        )  # fmt: skip

    def session(
        self,
        course: Course,
        name: str,
        start: dt.date,
        end: dt.date,
        place: str,
        candidates: list[int],
        size: int,
        *,
        can_complete: set[int] | None = None,
        prefix: str,
    ) -> None:
        """A class of ``size`` drawn from ``candidates`` (those who completed the course before are not
        drawn again); those outside ``can_complete`` (when given) do not complete it."""
        rng = self.w.rng
        session = services.session_create(
            course=course, name=name, start_date=start, end_date=end, place=place, source=SOURCE
        )
        pool = [pk for pk in candidates if pk not in self.w.done[course.pk]]
        chosen = sorted(rng.sample(pool, min(size, len(pool))))
        for pk in chosen:
            result = _result(rng, can_complete is None or pk in can_complete)
            certificate, issued = "", None
            if result == Result.COMPLETED:
                self.numbers[course.pk] += 1
                certificate = f"{prefix}-{end.year}-{self.numbers[course.pk]:04d}"
                issued = end + dt.timedelta(days=rng.randint(7, 30))
                self.w.done[course.pk].add(pk)
            services.participant_add(
                session=session,
                person=self.w.people[pk],
                result=result,
                completed_on=end if result == Result.COMPLETED else None,
                certificate=certificate,
                certificate_date=issued,
                source=SOURCE,
            )


@transaction.atomic
def build(*, district_code: str = "002") -> None:
    """Write the district's courses, classes and participants (nothing when the district or its party
    committee is missing)."""
    district = Area.objects.filter(code=district_code).order_by("-valid_from", "-id").first()
    if district is None:
        return
    successors = list(
        Area.objects.filter(
            pk__in=SuccessionLink.objects.filter(predecessor__path__startswith=district.path).values(
                "successor_id"
            )
        )
        .exclude(path__startswith=district.path)
        .order_by("code")
    )
    organizers = _organizers(district, successors)
    if not organizers:
        return
    areas = Q(post__organization__area__path__startswith=district.path)
    for area in successors:
        areas |= Q(post__organization__area__path__startswith=area.path)
    held = [
        Held(
            t["person_id"],
            t["post__organization__kind"],
            bool(t["post__is_key"] or t["post__is_leader"]),
            t["start_date"],
            t["end_date"],
        )
        for t in Tenure.objects.filter(areas)
        .order_by("id")
        .values(
            "person_id",
            "post__organization__kind",
            "post__is_key",
            "post__is_leader",
            "start_date",
            "end_date",
        )
    ]
    people = Person.objects.in_bulk({h.person_id for h in held})
    world = _World(random.Random(SEED), held, people)
    write = _Writer(world)
    party, committee = organizers["party"], organizers["peoples_committee"]
    women_union, youth_union = organizers["womens_union"], organizers["youth_union"]
    place = f"Trung tâm Chính trị {district.name}"

    # political theory: completed only by people whose record already holds the level (or higher)
    trung_cap = write.course(
        party, "Trung cấp lý luận chính trị - hành chính", CourseKind.POLITICAL_THEORY,
        Grants.POLITICAL_THEORY, "trung_cap", "Trường Đào tạo cán bộ Lê Hồng Phong",
    )  # fmt: skip
    for n, (start, end) in enumerate(
        [(D(2016, 9, 5), D(2017, 11, 30)), (D(2018, 9, 3), D(2019, 11, 29)), (D(2020, 9, 7), D(2021, 11, 30)),
         (D(2022, 9, 5), D(2023, 11, 30)), (D(2024, 3, 4), D(2025, 5, 30))], 1,
    ):  # fmt: skip
        qualified = set(world.holders(start, theory=("trung_cap", "cao_cap", "cu_nhan")))
        others = world.holders(start, theory=("so_cap",))
        candidates = sorted(world.rng.sample(sorted(qualified), min(28, len(qualified))))
        candidates += world.rng.sample(others, min(2, len(others)))
        write.session(trung_cap, f"Lớp TC{n} ({start.year}–{end.year})", start, end, place, candidates, 30,
                      can_complete=qualified, prefix="TC")  # fmt: skip
    cao_cap = write.course(
        party, "Cao cấp lý luận chính trị", CourseKind.POLITICAL_THEORY, Grants.POLITICAL_THEORY, "cao_cap",
        "Học viện Chính trị quốc gia Hồ Chí Minh",
    )  # fmt: skip
    for n, (start, end) in enumerate(
        [(D(2016, 3, 7), D(2018, 1, 26)), (D(2019, 3, 4), D(2021, 1, 29)), (D(2022, 3, 7), D(2024, 1, 26)),
         (D(2023, 9, 11), D(2025, 6, 27))], 1,
    ):  # fmt: skip
        qualified = set(world.holders(start, theory=("cao_cap", "cu_nhan")))
        leaders = [pk for pk in world.holders(start, leaders=True) if pk in qualified]
        others = [pk for pk in world.holders(start, leaders=True, theory=("trung_cap",))]
        candidates = leaders + world.rng.sample(others, min(2, len(others)))
        write.session(cao_cap, f"Lớp cao cấp hệ không tập trung K{n} ({start.year}–{end.year})", start, end,
                      "Học viện Chính trị khu vực I", candidates, 24, can_complete=qualified,
                      prefix="CC")  # fmt: skip

    # state management: the grades prepared for (qualifications_on gives them)
    principal = write.course(
        committee, "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên chính",
        CourseKind.STATE_MANAGEMENT, Grants.STATE_MANAGEMENT, "chuyen_vien_chinh",
        "Trường Đào tạo cán bộ Lê Hồng Phong",
    )  # fmt: skip
    for start in (D(2017, 4, 3), D(2019, 4, 1), D(2021, 4, 5), D(2023, 4, 3)):
        candidates = world.holders(
            start, kinds=("peoples_committee", "department", "peoples_council"), leaders=True
        )
        write.session(principal, f"Lớp chuyên viên chính {start.year}", start, start + dt.timedelta(days=60),
                      place, candidates, 25, prefix="CVC")  # fmt: skip
    officer = write.course(
        committee, "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên", CourseKind.STATE_MANAGEMENT,
        Grants.STATE_MANAGEMENT, "chuyen_vien", "Trường Đào tạo cán bộ Lê Hồng Phong",
    )  # fmt: skip
    for start in (D(2016, 10, 3), D(2018, 10, 1), D(2020, 10, 5), D(2022, 10, 3), D(2024, 10, 7)):
        candidates = world.holders(
            start, kinds=("peoples_committee", "department", "peoples_council"), leaders=False
        )
        write.session(officer, f"Lớp chuyên viên {start.year}", start, start + dt.timedelta(days=45), place,
                      candidates, 30, prefix="CV")  # fmt: skip

    # leadership: women in key or leading posts, every year; heads of offices
    women = write.course(
        party, "Bồi dưỡng kỹ năng lãnh đạo, quản lý cho cán bộ nữ trong diện quy hoạch", CourseKind.LEADERSHIP,
        provider=place,
    )  # fmt: skip
    for year in range(2018, 2026):
        start = D(year, 5, 13) if year < 2025 else D(2025, 3, 10)
        candidates = world.holders(start, leaders=True, women=True)
        write.session(women, f"Lớp {year}", start, start + dt.timedelta(days=4), place, candidates, 20,
                      prefix="LDN")  # fmt: skip
    for area in successors:  # the new wards, from 1/7/2025
        organizer = organizers.get(f"grassroots_party@{area.code}")
        if organizer is None:
            continue
        course = write.course(
            organizer, "Bồi dưỡng kỹ năng lãnh đạo, quản lý cho cán bộ nữ", CourseKind.LEADERSHIP,
            provider="Trường Đào tạo cán bộ Lê Hồng Phong",
        )  # fmt: skip
        start = D(2025, 10, 13)
        candidates = world.holders(start, women=True)
        write.session(course, "Lớp 2025", start, start + dt.timedelta(days=4), f"{area.name}", candidates, 20,
                      prefix=f"LDN{area.code}")  # fmt: skip
    heads = write.course(
        committee, "Bồi dưỡng lãnh đạo, quản lý cấp phòng", CourseKind.LEADERSHIP,
        provider="Trường Đào tạo cán bộ Lê Hồng Phong",
    )  # fmt: skip
    for start in (D(2019, 6, 3), D(2022, 6, 6), D(2024, 6, 3)):
        candidates = world.holders(start, kinds=("department", "peoples_committee"), leaders=True)
        write.session(heads, f"Lớp {start.year}", start, start + dt.timedelta(days=30), place, candidates, 20,
                      prefix="LDP")  # fmt: skip

    # the unions' cadre courses
    union = write.course(
        women_union, "Tập huấn nghiệp vụ công tác Hội cho cán bộ Hội Liên hiệp Phụ nữ cơ sở",
        CourseKind.WOMENS_UNION, provider=women_union.name,
    )  # fmt: skip
    youth = write.course(
        youth_union, "Bồi dưỡng nghiệp vụ công tác Đoàn cho cán bộ Đoàn cơ sở", CourseKind.YOUTH_UNION,
        provider=youth_union.name,
    )  # fmt: skip
    for year in range(2016, 2026):
        start = D(year, 8, 12) if year < 2025 else D(2025, 4, 7)
        officers = world.holders(start, kinds=("womens_union",), women=True)
        others = [pk for pk in world.holders(start, women=True) if pk not in officers]
        candidates = officers + world.rng.sample(others, min(10, len(others)))
        write.session(union, f"Lớp {year}", start, start + dt.timedelta(days=2), place, candidates, 24,
                      prefix="HPN")  # fmt: skip
        officers = world.holders(start, kinds=("youth_union",))
        young = [pk for pk in world.holders(start, born_after=year - 36) if pk not in officers]
        candidates = officers + world.rng.sample(young, min(10, len(young)))
        write.session(youth, f"Lớp {year}", start + dt.timedelta(days=7), start + dt.timedelta(days=9), place,
                      candidates, 24, prefix="ĐTN")  # fmt: skip
