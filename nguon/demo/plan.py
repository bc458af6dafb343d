"""The demo world as a plan in memory: organizations, posts, people and dated tenures.

Built deterministically from a seed, then *calibrated*: the sexes of people not yet fixed are chosen so
that the article's figures hold at 25/9/2020 (see ``calibrate``). The calibration is the demo's design;
the figures the demo prints are computed afterwards by the indicator engine over the database, which is
what the tests check.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

D = dt.date
ONE_DAY = dt.timedelta(days=1)

HISTORY_START = D(2010, 1, 1)
REFERENCE = D(2020, 9, 25)  # the review conference
PERIOD = (D(2015, 1, 1), REFERENCE)  # "giai đoạn 2015 – 2020"
LAST_OLD = D(2025, 6, 30)  # the last day of the district level
REFORM = D(2025, 7, 1)

# The article's figures, which the calibration aims at (and the tests check through the engine).
GRASSROOTS_MEMBERS = 615
GRASSROOTS_WOMEN_OVER = 33  # "hơn 33%"
DISTRICT_BCH_MEMBERS = 33
DISTRICT_BCH_WOMEN = 10  # 30,3%
KEY_CADRES_WOMEN_OVER = 46  # "hơn 46%"
WOMEN_APPOINTED = 105


class CalibrationError(RuntimeError):
    """The drawn world cannot carry the article's figures exactly."""


@dataclass(eq=False)
class PPerson:
    id: int
    sex: str | None = None  # None until calibrated
    birth: D = field(default_factory=lambda: D(1970, 1, 1))
    year_only: bool = False
    locked: bool = False
    role: str = "member"  # what shaped the birth year and education


@dataclass(eq=False)
class POrg:
    name: str
    kind: str
    area_code: str
    area_at: D
    sector: str = ""
    parent: POrg | None = None
    valid_from: D | None = None
    valid_to: D | None = None


@dataclass(eq=False)
class PBody:
    org: POrg
    kind: str
    name: str


@dataclass(eq=False)
class PTerm:
    body: PBody
    name: str
    start: D
    end: D | None


@dataclass(eq=False)
class PPost:
    org: POrg
    name: str
    body: PBody | None = None
    rank: int = 100
    is_key: bool = False
    is_leader: bool = False


@dataclass(eq=False)
class PTenure:
    person: PPerson
    post: PPost
    start: D
    end: D | None
    start_reason: str
    end_reason: str = ""
    term: PTerm | None = None
    decision: str = ""

    def holds(self, at: D) -> bool:
        return self.start <= at and (self.end is None or at <= self.end)


@dataclass
class Plan:
    seed: int
    rng: random.Random = field(init=False)
    people: list[PPerson] = field(default_factory=list)
    orgs: list[POrg] = field(default_factory=list)
    bodies: list[PBody] = field(default_factory=list)
    terms: list[PTerm] = field(default_factory=list)
    posts: list[PPost] = field(default_factory=list)
    tenures: list[PTenure] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    # --- building blocks -------------------------------------------------------------------------
    def person(self, at: D, ages: tuple[int, int], sex: str | None = None, role: str = "member") -> PPerson:
        age = self.rng.randint(*ages)
        birth = D(at.year - age, self.rng.randint(1, 12), self.rng.randint(1, 28))
        year_only = self.rng.random() < 0.05
        if year_only:
            birth = D(birth.year, 1, 1)
        p = PPerson(
            id=len(self.people) + 1,
            sex=sex,
            birth=birth,
            year_only=year_only,
            locked=sex is not None,
            role=role,
        )
        self.people.append(p)
        return p

    def org(self, name: str, kind: str, area_code: str, area_at: D, **kw: object) -> POrg:
        o = POrg(name, kind, area_code, area_at, **kw)  # type: ignore[arg-type]
        self.orgs.append(o)
        return o

    def body(self, org: POrg, kind: str, name: str) -> PBody:
        b = PBody(org, kind, name)
        self.bodies.append(b)
        return b

    def term(self, body: PBody, name: str, start: D, end: D | None) -> PTerm:
        t = PTerm(body, name, start, end)
        self.terms.append(t)
        return t

    def post(self, org: POrg, name: str, **kw: object) -> PPost:
        p = PPost(org, name, **kw)  # type: ignore[arg-type]
        self.posts.append(p)
        return p

    def tenure(
        self, person: PPerson, post: PPost, start: D, end: D | None, reason: str, **kw: object
    ) -> PTenure:
        t = PTenure(person, post, start, end, reason, **kw)  # type: ignore[arg-type]
        if not t.decision and reason in ("appointed", "promoted", "rotated", "designated", "transferred"):
            t.decision = f"{self.rng.randint(10, 2999)}/QĐ-{'UBND' if post.org.kind != 'party' else 'QU'}"
        self.tenures.append(t)
        return t

    def chain(
        self,
        post: PPost,
        start: D,
        end: D,
        *,
        reasons: Callable[[D, bool], str],
        years: tuple[float, float] = (2.0, 5.0),
        ages: tuple[int, int] = (35, 52),
        sex: str | None = None,
        role: str = "leader",
        promote_from: list[PTenure] | None = None,
        new_post_reason: Callable[[], str] | None = None,
    ) -> list[PTenure]:
        """Successive holders of one seat of ``post`` from ``start`` to ``end`` with no gap.

        When ``promote_from`` holds the deputies' tenures, a change may promote a deputy who has served a
        year: the deputy's tenure ends the day before and a newcomer takes the rest of it.
        """
        out: list[PTenure] = []
        t, first = start, True
        while t <= end:
            stop = t + dt.timedelta(days=int(self.rng.uniform(*years) * 365))
            if stop > end - dt.timedelta(days=240):
                stop = end
            person, reason = None, reasons(t, first)
            if promote_from is not None and not first and self.rng.random() < 0.6:
                ready = [
                    d
                    for d in promote_from
                    if d.start <= t - dt.timedelta(days=366) and d.holds(t) and d.end and d.end >= t
                ]
                if ready:
                    d = self.rng.choice(ready)
                    rest = self.tenure(
                        self.person(t, ages, role=role),
                        d.post,
                        t,
                        d.end,
                        (new_post_reason or (lambda: "appointed"))(),
                        end_reason=d.end_reason,
                    )
                    promote_from.append(rest)
                    d.end, d.end_reason = t - ONE_DAY, "promoted"
                    person, reason = d.person, "promoted"
            if person is None:
                person = self.person(t, ages, sex=sex, role=role)
            end_reason = (
                "reorganized"
                if stop == LAST_OLD
                else self.rng.choice(["rotated", "transferred", "retired", "promoted", "term_ended"])
            )
            out.append(self.tenure(person, post, t, stop, reason, end_reason=end_reason))
            t, first = stop + ONE_DAY, False
        return out

    # --- queries over the plan --------------------------------------------------------------------
    def holders(self, at: D, pred: Callable[[PTenure], bool]) -> list[PPerson]:
        seen: dict[int, PPerson] = {}
        for t in self.tenures:
            if t.holds(at) and pred(t):
                seen.setdefault(t.person.id, t.person)
        return list(seen.values())

    def starters(self, start: D, end: D, pred: Callable[[PTenure], bool]) -> list[PPerson]:
        seen: dict[int, PPerson] = {}
        for t in self.tenures:
            if start <= t.start <= end and pred(t):
                seen.setdefault(t.person.id, t.person)
        return list(seen.values())

    # --- calibration ------------------------------------------------------------------------------
    def fix_women(self, population: Iterable[PPerson], women: int, label: str) -> None:
        """Choose the sexes of the population's unlocked people so that exactly ``women`` are women,
        then lock them all. Raises when the locked ones make it impossible."""
        pop = list(population)
        locked_women = sum(1 for p in pop if p.locked and p.sex == "F")
        free = [p for p in pop if not p.locked]
        need = women - locked_women
        if not 0 <= need <= len(free):
            raise CalibrationError(
                f"demo calibration impossible for {label}: need {need} of {len(free)} free"
            )
        self.rng.shuffle(free)
        for i, p in enumerate(free):
            p.sex = "F" if i < need else "M"
        for p in pop:
            p.locked = True

    def settle_rest(self, female_share: float = 0.42) -> None:
        for p in self.people:
            if p.sex is None:
                p.sex = "F" if self.rng.random() < female_share else "M"


def smallest_share_over(total: int, over_percent: int) -> int:
    """The smallest count whose share of ``total`` is more than ``over_percent`` and less than the next
    whole percent ("hơn 46%"): raises when no such count exists."""
    for w in range(total + 1):
        if 100 * w > over_percent * total:
            if 100 * w >= (over_percent + 1) * total:
                break
            return w
    raise CalibrationError(f"no count out of {total} is between {over_percent}% and {over_percent + 1}%")
