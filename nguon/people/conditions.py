"""Conditions on a person's facts at a date: women, young (by the level's threshold), ethnic minorities, at
least an education or theory level.

Pure: plain values in, a yes or no out — no database, no models, nothing of ``indicators``. The indicator
engine counts with them (``Condition.holds``), and the pipeline's eligibility rules can reuse them. Anything
with the attributes of ``Facts`` can be tested: a holding of the engine, a planning-pool entry, a row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from nguon.core.intervals import age_on

FEMALE = "F"
MAJORITY_ETHNICITY = "kinh"


class Facts(Protocol):
    """What the conditions read about a person (and the level of the organization they serve at)."""

    @property
    def sex(self) -> str: ...
    @property
    def birth_date(self) -> dt.date: ...
    @property
    def level(self) -> str: ...
    @property
    def ethnicity(self) -> str: ...
    @property
    def education(self) -> str: ...
    @property
    def political_theory(self) -> str: ...


def is_female(sex: str) -> bool:
    return sex == FEMALE


def is_under(birth_date: dt.date, at: dt.date, years: int) -> bool:
    """Younger than ``years`` full years on ``at`` (someone turning 40 on ``at`` is not under 40)."""
    return age_on(birth_date, at) < years


def is_ethnic_minority(ethnicity: str) -> bool:
    """An ethnicity other than Kinh is recorded (an empty one is not counted either way)."""
    return bool(ethnicity) and ethnicity.casefold() != MAJORITY_ETHNICITY


def is_at_least(value: str, minimum: str, order: tuple[str, ...]) -> bool:
    """``value`` ranks at or above ``minimum`` in ``order`` (lowest first); unknown values do not."""
    return value in order and minimum in order and order.index(value) >= order.index(minimum)


def latest_birth_date_under(at: dt.date, years: int) -> dt.date:
    """Born after this date ⇔ under ``years`` on ``at`` (29/2 → 28/2 in common years): the same rule as
    ``is_under``, for a database filter."""
    try:
        return at.replace(year=at.year - years)
    except ValueError:
        return dt.date(at.year - years, 2, 28)


@dataclass(frozen=True)
class Female:
    """The person is a woman."""

    def holds(self, facts: Facts, at: dt.date) -> bool:
        return is_female(facts.sex)


@dataclass(frozen=True)
class AgeUnder:
    """Younger than ``years`` full years on the reference date."""

    years: int

    def holds(self, facts: Facts, at: dt.date) -> bool:
        return is_under(facts.birth_date, at, self.years)


@dataclass(frozen=True)
class AgeUnderByLevel:
    """Younger than the threshold of the level where the person serves (thresholds are data, per level)."""

    thresholds: tuple[tuple[str, int], ...]

    def holds(self, facts: Facts, at: dt.date) -> bool:
        years = dict(self.thresholds).get(facts.level)
        return years is not None and is_under(facts.birth_date, at, years)


@dataclass(frozen=True)
class EthnicMinority:
    """An ethnicity other than Kinh is recorded."""

    def holds(self, facts: Facts, at: dt.date) -> bool:
        return is_ethnic_minority(facts.ethnicity)


@dataclass(frozen=True)
class AtLeast:
    """``field`` (education, political_theory) ranks at or above ``value`` in ``order``."""

    field: str
    value: str
    order: tuple[str, ...]

    def holds(self, facts: Facts, at: dt.date) -> bool:
        return is_at_least(getattr(facts, self.field), self.value, self.order)


@dataclass(frozen=True)
class AllOf:
    """Every one of ``conditions`` holds (e.g. young women)."""

    conditions: tuple[Female | AgeUnder | AgeUnderByLevel | EthnicMinority | AtLeast, ...]

    def holds(self, facts: Facts, at: dt.date) -> bool:
        return all(c.holds(facts, at) for c in self.conditions)


Condition = Female | AgeUnder | AgeUnderByLevel | EthnicMinority | AtLeast | AllOf
