"""Planning rules that explain themselves (quy hoạch): plain data in, verdicts with Vietnamese reasons out.

Each rule comes from ``rules.toml``, tied to its document and in force between dates; a pool is judged by
the rule in force on the day its planning was approved (a 2022 pool by Regulation 50, a 2026 one by
Regulation 377). This module is pure: no database, no Django models.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from nguon.core.formats import format_date

from .retirement import FEMALE, age_text, retirement


@dataclass(frozen=True)
class WorkingTimeRule:
    """Enough working time left before retirement for ``terms`` full terms (``terms_first_planning`` for a
    first planning)."""

    document: str
    in_force_from: dt.date
    in_force_to: dt.date | None
    terms: int
    terms_first_planning: int

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)


@cache
def working_time_rules() -> tuple[WorkingTimeRule, ...]:
    data = tomllib.loads(Path(__file__).with_name("rules.toml").read_text(encoding="utf-8"))
    return tuple(
        WorkingTimeRule(
            document=str(r["document"]),
            in_force_from=r["in_force_from"],
            in_force_to=r.get("in_force_to"),
            terms=int(r["terms"]),
            terms_first_planning=int(r["terms_first_planning"]),
        )
        for r in data["working_time"]
    )


def working_time_rule(on: dt.date, rules: tuple[WorkingTimeRule, ...] | None = None) -> WorkingTimeRule:
    """The rule in force on ``on``; a ValueError in Vietnamese before the first."""
    for rule in rules or working_time_rules():
        if rule.in_force_on(on):
            return rule
    raise ValueError(
        _("No planning rule on working time is in force on %(date)s.") % {"date": format_date(on)}
    )


@dataclass(frozen=True)
class Candidate:
    """A person as the rules see her."""

    full_name: str
    sex: str
    birth_year: int
    birth_month: int | None  # None: the year alone is known


@dataclass(frozen=True)
class TargetTerm:
    """The term a pool plans for (nhiệm kỳ), e.g. 2030–2035 from 01/07/2030 to 30/06/2035."""

    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Verdict:
    """One rule's answer about one person: ``ok``, the rule's code and document, and why, in Vietnamese."""

    code: str
    ok: bool
    document: str
    explanation: str


def _born(c: Candidate) -> str:
    return f"{c.birth_month:02d}/{c.birth_year}" if c.birth_month else str(c.birth_year)


def _later_term(term: TargetTerm, n: int) -> dt.date:
    """The end of the ``n``-th term from ``term`` (terms of equal length follow each other)."""
    if n <= 1:
        return term.end
    year = term.end.year + (term.end.year - term.start.year) * (n - 1)
    try:
        return term.end.replace(year=year)
    except ValueError:  # 29 February
        return term.end.replace(year=year, day=28)


def working_time_check(
    *, candidate: Candidate, term: TargetTerm, approved_on: dt.date, first_planning: bool = False
) -> Verdict:
    """Whether ``candidate`` can work the whole target term (two terms for a first planning under Regulation
    50) before she retires, by the rule in force on ``approved_on``."""
    rule = working_time_rule(approved_on)
    needed = rule.terms_first_planning if first_planning else rule.terms
    until = _later_term(term, needed)
    leaves = retirement(sex=candidate.sex, birth_year=candidate.birth_year, birth_month=candidate.birth_month)
    title = _("Ms") if candidate.sex == FEMALE else _("Mr")
    facts = _("%(title)s %(name)s, born %(born)s, retires on %(date)s (%(age)s)") % {
        "title": title,
        "name": candidate.full_name,
        "born": _born(candidate),
        "date": format_date(leaves.date),
        "age": age_text(leaves),
    }
    terms = term.name if needed == 1 else _("%(first)s and the next term") % {"first": term.name}
    ok = leaves.date >= until
    if ok:
        explanation = _("%(facts)s: enough working time for the whole term %(terms)s (until %(until)s).")
    else:
        explanation = _("%(facts)s: not enough working time for the whole term %(terms)s (until %(until)s).")
    text = explanation % {"facts": facts, "terms": terms, "until": format_date(until)}
    if leaves.year_only:
        text += " " + _("Only the year of birth is known: counted from January.")
    return Verdict(code="working-time", ok=ok, document=rule.document, explanation=text)
