"""When a person reaches retirement age (tuổi nghỉ hưu), from sex and month of birth: pure, from data.

The roadmap (retirement.toml: Labour Code 2019 art. 169, Decree 135/2020/NĐ-CP) gives an age for each
calendar year. A person retires at the age set for the year in which she reaches it: the first year Y whose
age, added to her month of birth, falls in Y. The retirement date is the last day of that month (art. 6:
"kết thúc ngày cuối cùng của tháng đủ tuổi nghỉ hưu"). Only the month of birth matters; a birth known by
its year alone counts from January of that year (the rule of Vietnam's social insurance for unknown birth
months) and the result says so (``year_only``). Special regimes (arduous work, reduced capacity, extended
ages for some posts) are not modelled.
"""

from __future__ import annotations

import calendar
import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from nguon.core.formats import format_date

MALE, FEMALE = "M", "F"  # as nguon.people.choices.Sex stores them


@dataclass(frozen=True)
class Roadmap:
    """The ages by year, as (years, months), for each sex; ``before`` applies to years before the first."""

    document: str
    before: dict[str, tuple[int, int]]
    by_year: dict[str, dict[int, tuple[int, int]]]

    def age_in(self, sex: str, year: int) -> tuple[int, int]:
        """The retirement age for someone reaching it in ``year``."""
        years = self.by_year[sex]
        known = [y for y in years if y <= year]
        return years[max(known)] if known else self.before[sex]


@cache
def roadmap() -> Roadmap:
    """The shipped roadmap (read once)."""
    data = tomllib.loads((Path(__file__).with_name("retirement.toml")).read_text(encoding="utf-8"))
    pair = {"male": MALE, "female": FEMALE}
    return Roadmap(
        document=str(data["document"]["code"]),
        before={pair[k]: (int(v[0]), int(v[1])) for k, v in data["before"].items()},
        by_year={pair[s]: {int(y): (int(a[0]), int(a[1])) for y, a in data[s].items()} for s in pair},
    )


@dataclass(frozen=True)
class Retirement:
    """When one person retires: at ``age_years`` years ``age_months`` months, on ``date`` (the last day of
    the month the age is reached)."""

    age_years: int
    age_months: int
    date: dt.date
    year_only: bool
    document: str

    def as_dict(self) -> dict[str, object]:
        return {
            "age_years": self.age_years,
            "age_months": self.age_months,
            "retirement_date": self.date.isoformat(),
            "year_only": self.year_only,
            "document": self.document,
        }


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def retirement(
    *, sex: str, birth_year: int, birth_month: int | None, plan: Roadmap | None = None
) -> Retirement:
    """The retirement of a person of ``sex`` ("M"/"F") born in ``birth_month``/``birth_year`` (month None:
    the year alone is known, counted from January)."""
    plan = plan or roadmap()
    if sex not in (MALE, FEMALE):
        raise ValueError(_("Sex must be male or female."))
    month = birth_month or 1
    if not 1 <= month <= 12:
        raise ValueError(_("The month of birth must be between 1 and 12."))
    # The year reached moves by 0 or 1 when Y moves by 1 (the age rises by at most 4 months a year), so the
    # first Y whose age falls in Y exists and is found by walking up from the youngest possible age.
    for year in range(birth_year + 40, birth_year + 80):
        years, months = plan.age_in(sex, year)
        reached_year, reached_month = _add_months(birth_year, month, years * 12 + months)
        if reached_year <= year:
            last = calendar.monthrange(reached_year, reached_month)[1]
            return Retirement(
                age_years=years,
                age_months=months,
                date=dt.date(reached_year, reached_month, last),
                year_only=birth_month is None,
                document=plan.document,
            )
    raise ValueError(_("No retirement age is set for this birth year."))  # pragma: no cover


def retirement_of_birth(*, sex: str, birth_date: dt.date, year_only: bool = False) -> Retirement:
    """``retirement`` from a stored birth date (a year-only birth is stored as 1 January)."""
    return retirement(
        sex=sex, birth_year=birth_date.year, birth_month=None if year_only else birth_date.month
    )


def age_text(result: Retirement) -> str:
    """ "58 tuổi 4 tháng", "62 tuổi"."""
    if result.age_months:
        return _("%(years)s years %(months)s months") % {
            "years": result.age_years,
            "months": result.age_months,
        }
    return _("%(years)s years") % {"years": result.age_years}


def retirement_text(result: Retirement) -> str:
    """ "nghỉ hưu ngày 30/09/2030 (58 tuổi 4 tháng)", and the caveat of a year-only birth."""
    text = _("retires on %(date)s (%(age)s)") % {"date": format_date(result.date), "age": age_text(result)}
    if result.year_only:
        text += " — " + _("only the year of birth is known: counted from January")
    return text


SEXES = {"nu": FEMALE, "nữ": FEMALE, "f": FEMALE, "nam": MALE, "m": MALE}


def parse_sex(text: str) -> str:
    """ "nu"/"nữ"/"F" → "F", "nam"/"M" → "M"; ValueError in Vietnamese otherwise."""
    sex = SEXES.get((text or "").strip().lower())
    if sex is None:
        raise ValueError(_("Sex must be male or female."))
    return sex


def parse_born(text: str) -> tuple[int, int | None]:
    """ "05/1972" or "5/1972" → (1972, 5); "1972" → (1972, None); ValueError in Vietnamese otherwise."""
    raw = (text or "").strip()
    parts = raw.replace("-", "/").replace(".", "/").split("/")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            year, month = int(parts[0]), None
        elif len(parts) == 2 and len(parts[1]) == 4:
            year, month = int(parts[1]), int(parts[0])
        else:
            raise ValueError
    except ValueError:
        raise ValueError(
            _("'%(value)s' is not a month of birth: write MM/YYYY (e.g. 05/1972) or the year alone.")
            % {"value": raw}
        ) from None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(_("The month of birth must be between 1 and 12."))
    if not 1900 <= year <= 2100:
        raise ValueError(_("The year of birth must be between 1900 and 2100."))
    return year, month
