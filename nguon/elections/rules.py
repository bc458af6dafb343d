"""The share checks of a candidate list (women, young, ethnic minority), as data in ``rules.toml``: each rule
has its kind of election, document, dates in force and minimum share (or none when the document sets no
figure). Pure: plain data in, verdicts out — no database. A list is judged by the rules in force on its
election date.

Boundaries: a list of ``n`` with ``c`` of the group meets a minimum of ``v``% when ``100·c ≥ v·n`` (exact,
no rounding: 7/20 = 35% meets 35%, 6/20 does not). "Needed" is how many of the ``n`` places must go to the
group for the list to meet it at the same size: ``⌈v·n/100⌉ − c``.

The verdict has the fields of ``nguon.pipeline.rules.Verdict`` (elections does not import the pipeline).
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from nguon.core.formats import format_int, format_number, format_percent
from nguon.people.conditions import is_ethnic_minority, is_female, is_under

WOMEN_SHARE = "women-share"
YOUNG_SHARE = "young-share"
ETHNIC_SHARE = "ethnic-share"
CODES = (WOMEN_SHARE, YOUNG_SHARE, ETHNIC_SHARE)


@dataclass(frozen=True)
class Verdict:
    """One rule's answer about one list: ``ok``, the rule's code and document, and why, in Vietnamese."""

    code: str
    ok: bool
    document: str
    explanation: str


@dataclass(frozen=True)
class ShareRule:
    code: str
    kind: str
    document: str
    in_force_from: dt.date
    in_force_to: dt.date | None = None
    value: Decimal | None = None
    guide: bool = False
    levels: tuple[str, ...] = ()
    confidence: str = ""

    def in_force_on(self, on: dt.date) -> bool:
        return self.in_force_from <= on and (self.in_force_to is None or on <= self.in_force_to)


@dataclass(frozen=True)
class CandidateFacts:
    sex: str
    birth_date: dt.date
    ethnicity: str = ""


@dataclass(frozen=True)
class ListFacts:
    """A list as the rules read it: its kind, election date, the level of its organization's area
    ("province", "district", "commune") and its candidates."""

    kind: str
    election_date: dt.date
    level: str
    candidates: Sequence[CandidateFacts]


@cache
def _data() -> dict[str, Any]:
    return tomllib.loads(Path(__file__).with_name("rules.toml").read_text(encoding="utf-8"))


def young_age() -> int:
    return int(_data().get("young_age", 40))


@cache
def share_rules() -> tuple[ShareRule, ...]:
    return tuple(
        ShareRule(
            code=r["code"],
            kind=r["kind"],
            document=r["document"],
            in_force_from=r["in_force_from"],
            in_force_to=r.get("in_force_to"),
            value=None if r.get("value") is None else Decimal(str(r["value"])),
            guide=bool(r.get("guide", False)),
            levels=tuple(r.get("levels", ())),
            confidence=r.get("confidence", ""),
        )
        for r in _data()["rule"]
    )


def rule_for(code: str, kind: str, on: dt.date, table: Sequence[ShareRule] | None = None) -> ShareRule | None:
    for rule in share_rules() if table is None else table:
        if rule.code == code and rule.kind == kind and rule.in_force_on(on):
            return rule
    return None


def meets(count: int, members: int, value: Decimal) -> bool:
    """``count`` of ``members`` is at least ``value`` percent (exactly; an empty list meets nothing)."""
    return members > 0 and Decimal(count * 100) >= value * members


def needed(count: int, members: int, value: Decimal) -> int:
    """How many more of the ``members`` places must go to the group to reach ``value`` percent."""
    return max(0, math.ceil(value * members / 100) - count)


def share_verdict(
    *, code: str, rule: ShareRule | None, count: int, members: int, what: str, level: str = ""
) -> Verdict | None:
    """The verdict of one share; None when no rule of that code covers the list's kind and date."""
    if rule is None:
        return None
    percent = Decimal(count * 100) / Decimal(members) if members else None
    values = {
        "count": format_int(count),
        "members": format_int(members),
        "what": what,
        "percent": format_percent(percent),
        "document": rule.document,
    }
    if rule.value is None or (rule.levels and level not in rule.levels):
        text = _("The list has %(count)s/%(members)s %(what)s (%(percent)s): %(document)s sets no figure.")
        if rule.value is not None:
            text = _(
                "The list has %(count)s/%(members)s %(what)s (%(percent)s): %(document)s sets no figure at "
                "this level."
            )
        return Verdict(code, True, rule.document, text % values)
    values["value"] = format_number(rule.value)
    ok = meets(count, members, rule.value)
    if ok:
        text = (
            _(
                "The list has %(count)s/%(members)s %(what)s (%(percent)s): meets the minimum share of %(value)s%% "
                "(%(document)s)."
            )
            % values
        )
    else:
        values["need"] = format_int(max(1, needed(count, members, rule.value)))
        text = (
            _(
                "The list has %(count)s/%(members)s %(what)s (%(percent)s): below the minimum share of "
                "%(value)s%% (%(document)s); %(need)s more %(what)s needed."
            )
            % values
        )
    if rule.guide:
        text += " " + _(
            "The figure is a target for the committee elected, applied here as a guide to the list."
        )
    return Verdict(code, ok, rule.document, text)


def list_checks(facts: ListFacts, table: Sequence[ShareRule] | None = None) -> list[Verdict]:
    """The share checks of a list (women, young, ethnic minority) by the rules in force on its election
    date; a share no rule covers is left out."""
    at = facts.election_date
    people = facts.candidates
    years = young_age()
    counts = {
        WOMEN_SHARE: (sum(1 for c in people if is_female(c.sex)), _("women")),
        YOUNG_SHARE: (
            sum(1 for c in people if is_under(c.birth_date, at, years)),
            _("young people (under %(years)s)") % {"years": years},
        ),
        ETHNIC_SHARE: (
            sum(1 for c in people if is_ethnic_minority(c.ethnicity)),
            _("ethnic-minority people"),
        ),
    }
    found = []
    for code in CODES:
        count, what = counts[code]
        verdict = share_verdict(
            code=code,
            rule=rule_for(code, facts.kind, at, table),
            count=count,
            members=len(people),
            what=what,
            level=facts.level,
        )
        if verdict is not None:
            found.append(verdict)
    return found
