"""The representation engine: pure functions over plain holdings, no database.

A *holding* is one tenure as the engine sees it (who, which post and seat, from when to when). Selectors
turn a population definition into holdings; the engine counts them. Keeping the counting pure makes it
testable against a brute-force reference and independent of how data came in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from nguon.core.intervals import age_on


class Unit(StrEnum):
    """What a figure counts: distinct people, seats (one person holding two seats counts twice), or
    organizations (one meeting the condition when any of its holders does: "has a female key leader")."""

    PEOPLE = "people"
    SEATS = "seats"
    ORGANIZATIONS = "organizations"


@dataclass(frozen=True)
class Holding:
    """One tenure, flattened: the person's facts the numerators need, and the seat it occupies."""

    tenure_id: int
    person_id: int
    person_name: str
    sex: str
    birth_date: dt.date
    post_id: int
    term_id: int | None
    start_date: dt.date
    end_date: dt.date | None
    start_reason: str
    organization_id: int = 0
    level: str = ""  # the level of the organization's area
    area_path: str = ""
    ethnicity: str = ""
    education: str = ""
    political_theory: str = ""


@dataclass(frozen=True)
class Female:
    """Numerator condition: the person is a woman."""

    def holds(self, holding: Holding, at: dt.date) -> bool:
        return holding.sex == "F"


@dataclass(frozen=True)
class AgeUnder:
    """Numerator condition: younger than ``years`` full years on the reference date."""

    years: int

    def holds(self, holding: Holding, at: dt.date) -> bool:
        return age_on(holding.birth_date, at) < self.years


@dataclass(frozen=True)
class AgeUnderByLevel:
    """Numerator condition: younger than the threshold of the organization's level (data, per level)."""

    thresholds: tuple[tuple[str, int], ...]

    def holds(self, holding: Holding, at: dt.date) -> bool:
        years = dict(self.thresholds).get(holding.level)
        return years is not None and age_on(holding.birth_date, at) < years


@dataclass(frozen=True)
class EthnicMinority:
    """Numerator condition: an ethnicity other than Kinh is recorded."""

    def holds(self, holding: Holding, at: dt.date) -> bool:
        return bool(holding.ethnicity) and holding.ethnicity.casefold() != "kinh"


@dataclass(frozen=True)
class AtLeast:
    """Numerator condition: ``field`` (education, political_theory) ranks at or above ``value`` in ``order``."""

    field: str
    value: str
    order: tuple[str, ...]

    def holds(self, holding: Holding, at: dt.date) -> bool:
        have = getattr(holding, self.field)
        return have in self.order and self.order.index(have) >= self.order.index(self.value)


@dataclass(frozen=True)
class AllOf:
    """Numerator condition: every one of ``conditions`` holds (e.g. young women)."""

    conditions: tuple[Female | AgeUnder | AgeUnderByLevel | EthnicMinority | AtLeast, ...]

    def holds(self, holding: Holding, at: dt.date) -> bool:
        return all(c.holds(holding, at) for c in self.conditions)


Condition = Female | AgeUnder | AgeUnderByLevel | EthnicMinority | AtLeast | AllOf


@dataclass(frozen=True)
class Share:
    """A counted figure: numerator of denominator, the percentage, and who is behind each number."""

    numerator: int
    denominator: int
    unit: Unit
    numerator_people: tuple[int, ...] = field(default=())
    denominator_people: tuple[int, ...] = field(default=())

    @property
    def value(self) -> Decimal | None:
        """Percentage, unrounded (None when nobody is counted)."""
        if not self.denominator:
            return None
        return Decimal(self.numerator) * 100 / Decimal(self.denominator)


def share(holdings: Iterable[Holding], condition: Condition, at: dt.date, unit: Unit = Unit.PEOPLE) -> Share:
    """Share of ``holdings`` meeting ``condition`` on ``at``, counting people or seats.

    Seats are (post, term) pairs held; a person holding one seat through two tenures (a break inside one
    term) still fills one seat. People are distinct persons.
    """
    rows: Sequence[Holding] = list(holdings)
    if unit is Unit.ORGANIZATIONS:
        orgs: dict[int, list[Holding]] = {}
        for h in rows:
            orgs.setdefault(h.organization_id, []).append(h)
        hit_orgs = [o for o, hs in orgs.items() if any(condition.holds(h, at) for h in hs)]
        return Share(
            len(hit_orgs),
            len(orgs),
            unit,
            tuple(sorted({h.person_id for o in hit_orgs for h in orgs[o] if condition.holds(h, at)})),
            tuple(sorted({h.person_id for h in rows})),
        )
    if unit is Unit.PEOPLE:
        everyone = {h.person_id: h for h in rows}
        hits = sorted(pid for pid, h in everyone.items() if condition.holds(h, at))
        return Share(len(hits), len(everyone), unit, tuple(hits), tuple(sorted(everyone)))
    seats = {(h.person_id, h.post_id, h.term_id): h for h in rows}
    hit_seats = [h for h in seats.values() if condition.holds(h, at)]
    return Share(
        len(hit_seats),
        len(seats),
        unit,
        tuple(sorted({h.person_id for h in hit_seats})),
        tuple(sorted({h.person_id for h in seats.values()})),
    )


def entries(holdings: Iterable[Holding], condition: Condition, at: dt.date) -> Share:
    """Distinct people whose holdings (already restricted to those that *began* in a period) meet
    ``condition``: e.g. women appointed or promoted to key posts in 2015–2020."""
    return share(holdings, condition, at, Unit.PEOPLE)
