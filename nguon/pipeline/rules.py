"""Planning rules that explain themselves (quy hoạch): plain data in, verdicts with Vietnamese reasons out.

Each rule comes from ``rules.toml``, tied to its document and in force between dates; a pool is judged by
the rule in force on the day its planning was approved (a 2020 pool by Guidance 15-HD/BTCTW, a 2022 one by
Regulation 50, a 2026 one by Regulation 377). Rule codes (fixed; the checks, the pages and the demo use
them): "working-time", "per-post", "posts-per-person", "higher-post", "while-proposed", "women-share",
"young-share", "qualification", "over-age", "discipline" (the last two: removal proposed).

Person rules read an ``EntryFacts`` (``person_verdicts``); list rules a ``ListFacts`` (``list_verdicts``):
a list is one pool, everyone planned for one post for one term ("each list" read as the list of each post,
the way the succession board shows it). A rule no document sets on the approval date gives no verdict; a
share the document leaves "suitable to the area" (Regulation 377) is judged against a local figure when one
is set (rules.toml [[local]] or the setting NGUON_PLANNING_LOCAL_FIGURES), else the verdict says no figure
applies. This module is pure: no database, no Django models.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from nguon.core.formats import format_date, format_int, format_number, format_percent
from nguon.core.intervals import age_on
from nguon.people.choices import Education, PoliticalTheory, StateManagement
from nguon.people.conditions import is_at_least

from .choices import DisciplineLevel, ProposalOutcome
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
def _data() -> dict[str, Any]:
    return tomllib.loads(Path(__file__).with_name("rules.toml").read_text(encoding="utf-8"))


@cache
def working_time_rules() -> tuple[WorkingTimeRule, ...]:
    data = _data()
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
    birth_day: int | None = None  # None: counted from the first of the month

    @property
    def birth_date(self) -> dt.date:
        return dt.date(self.birth_year, self.birth_month or 1, self.birth_day or 1)


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


# --- The other rules, as data ------------------------------------------------------------------------------

PER_POST = "per-post"
POSTS_PER_PERSON = "posts-per-person"
HIGHER_POST = "higher-post"
WHILE_PROPOSED = "while-proposed"
WOMEN_SHARE = "women-share"
YOUNG_SHARE = "young-share"
QUALIFICATION = "qualification"
OVER_AGE = "over-age"
DISCIPLINE = "discipline"
WORKING_TIME = "working-time"

PERSON_RULES = (
    WORKING_TIME,
    OVER_AGE,
    DISCIPLINE,
    QUALIFICATION,
    HIGHER_POST,
    WHILE_PROPOSED,
    POSTS_PER_PERSON,
)
LIST_RULES = (PER_POST, WOMEN_SHARE, YOUNG_SHARE)
REMOVAL_RULES = frozenset({OVER_AGE, DISCIPLINE})  # found and proposed for removal, never applied silently

# Organization levels, highest first: an area level of ``areas.choices.AreaLevel``, and "central".
LEVELS = ("central", "province", "district", "commune")


@dataclass(frozen=True)
class Rule:
    """One rule of one document, in force between dates; ``value`` None: the document sets no figure;
    ``local``: a local figure may be set in its place."""

    code: str
    document: str
    in_force_from: dt.date
    in_force_to: dt.date | None
    value: Any = None
    local: bool = False

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)


@dataclass(frozen=True)
class LocalFigure:
    """A figure an area sets where the document says "suitable to the area" (Regulation 377's shares);
    ``area`` None: everywhere, else the code of the area whose pools (and those under it) it covers."""

    code: str
    value: Decimal
    document: str
    area: str | None = None


@cache
def rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(
            code=str(r["code"]),
            document=str(r["document"]),
            in_force_from=r["in_force_from"],
            in_force_to=r.get("in_force_to"),
            value=r.get("value"),
            local=bool(r.get("local", False)),
        )
        for r in _data()["rule"]
    )


def rule_in_force(code: str, on: dt.date, table: Iterable[Rule] | None = None) -> Rule | None:
    """The row of rule ``code`` in force on ``on`` (the approval date), None when no document sets it."""
    for rule in rules() if table is None else table:
        if rule.code == code and rule.in_force_on(on):
            return rule
    return None


def local_figures(extra: Iterable[Mapping[str, Any]] = ()) -> tuple[LocalFigure, ...]:
    """The local figures of rules.toml's [[local]] and of ``extra`` (the setting
    NGUON_PLANNING_LOCAL_FIGURES: a list of {"code", "value", "document", "area"})."""
    rows = [*_data().get("local", []), *extra]
    return tuple(
        LocalFigure(
            code=str(r["code"]),
            value=Decimal(str(r["value"])),
            document=str(r.get("document") or ""),
            area=str(r["area"]) if r.get("area") else None,
        )
        for r in rows
    )


def local_figure(code: str, area_codes: Sequence[str], figures: Iterable[LocalFigure]) -> LocalFigure | None:
    """The figure for rule ``code`` in an area whose codes are ``area_codes`` (itself and those above it, the
    area itself first): the one set for the nearest area, else the one set everywhere."""
    best: tuple[int, LocalFigure] | None = None
    for figure in figures:
        if figure.code != code:
            continue
        if figure.area is None:
            rank = len(area_codes)
        elif figure.area in area_codes:
            rank = list(area_codes).index(figure.area)
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, figure)
    return best[1] if best else None


@cache
def young_ages() -> dict[str, int]:
    """Under how many full years a cadre is young, by organization level."""
    return {str(k): int(v) for k, v in _data()["young_age"].items()}


def is_young(candidate: Candidate, level: str, at: dt.date) -> bool:
    """Under the young threshold of ``level`` on ``at`` (a year-only or month-only birth from the first)."""
    return age_on(candidate.birth_date, at) < young_ages()[level]


# --- What the rules read -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostRef:
    """A post as the rules see it: its name, its organization, the organization's level (``LEVELS``), its
    rank (1 = highest)."""

    name: str
    organization: str
    level: str
    rank: int = 100
    post_id: int = 0
    organization_id: int = 0

    @property
    def label(self) -> str:
        return f"{self.name} – {self.organization}" if self.organization else self.name


@dataclass(frozen=True)
class DisciplineFact:
    level: str  # a DisciplineLevel code
    date: dt.date
    label: str = ""  # as shown ("khiển trách")
    decision: str = ""


@dataclass(frozen=True)
class ProposalFact:
    """A proposal for appointment (đề nghị bổ nhiệm) of the person."""

    post: PostRef
    proposed_on: dt.date
    outcome: str = ProposalOutcome.PENDING
    outcome_date: dt.date | None = None

    def pending_on(self, at: dt.date) -> bool:
        if self.proposed_on > at:
            return False
        if self.outcome == ProposalOutcome.PENDING:
            return True
        return self.outcome_date is not None and self.outcome_date > at


@dataclass(frozen=True)
class Qualifications:
    """Codes of ``people.choices`` (education, political theory, state management); "" none."""

    education: str = ""
    political_theory: str = ""
    state_management: str = ""


@dataclass(frozen=True)
class Requirement(Qualifications):
    """What a post requires (``PostRequirement``), with the document that says so."""

    document: str = ""


@dataclass(frozen=True)
class EntryFacts:
    """One person's place in one pool on the date checked, with what the person rules read."""

    candidate: Candidate
    post: PostRef  # the post planned
    term: TargetTerm
    approved_on: dt.date  # the pool's approval date: chooses the documents
    first_planning: bool = False
    entered_on: dt.date | None = None  # the entry's approval (else its first event)
    held: tuple[PostRef, ...] = ()  # the posts the person holds on the date
    planned: tuple[PostRef, ...] = ()  # every post the person is planned for on the date (this one too)
    proposals: tuple[ProposalFact, ...] = ()
    disciplines: tuple[DisciplineFact, ...] = ()
    qualifications: Qualifications | None = None
    requirement: Requirement | None = None


@dataclass(frozen=True)
class ListFacts:
    """One pool's list on the date checked: everyone planned (named or not), for the list rules."""

    post: PostRef
    approved_on: dt.date
    people: tuple[Candidate, ...] = ()
    area_codes: tuple[str, ...] = ()  # the area of the organization and those above it, itself first
    local: tuple[LocalFigure, ...] = field(default_factory=tuple)


# --- The checks --------------------------------------------------------------------------------------------


def _title(c: Candidate) -> str:
    return _("Ms") if c.sex == FEMALE else _("Mr")


def _person(c: Candidate) -> str:
    return f"{_title(c)} {c.full_name}"


def _level_name(level: str) -> str:
    names = {
        "central": _("central level"),
        "province": _("provincial level"),
        "district": _("district level"),
        "commune": _("commune level"),
    }
    return names.get(level, level)


def per_post_check(*, post: PostRef, size: int, approved_on: dt.date) -> Verdict | None:
    """At most N people planned for one post."""
    rule = rule_in_force(PER_POST, approved_on)
    if rule is None or rule.value is None:
        return None
    limit = int(rule.value)
    values = {"post": post.name, "n": format_int(size), "limit": format_int(limit), "document": rule.document}
    if size > limit:
        text = _("The post %(post)s has %(n)s people in the planning, more than %(limit)s (%(document)s).")
    else:
        text = _(
            "The post %(post)s has %(n)s people in the planning, not more than %(limit)s (%(document)s)."
        )
    return Verdict(PER_POST, size <= limit, rule.document, text % values)


def posts_per_person_check(
    *, candidate: Candidate, post: PostRef, planned: Sequence[PostRef], approved_on: dt.date
) -> Verdict | None:
    """One person planned for at most M posts at the level of ``post`` at once (``planned``: all her posts)."""
    rule = rule_in_force(POSTS_PER_PERSON, approved_on)
    if rule is None or rule.value is None:
        return None
    limit = int(rule.value)
    same = sorted({p.label for p in planned if p.level == post.level} | {post.label})
    values = {
        "person": _person(candidate),
        "n": format_int(len(same)),
        "level": _level_name(post.level),
        "posts": "; ".join(same),
        "limit": format_int(limit),
        "document": rule.document,
    }
    if len(same) > limit:
        text = _(
            "%(person)s is planned for %(n)s posts at the %(level)s (%(posts)s), more than %(limit)s (%(document)s)."
        )
    else:
        text = _(
            "%(person)s is planned for %(n)s posts at the %(level)s, not more than %(limit)s (%(document)s)."
        )
    return Verdict(POSTS_PER_PERSON, len(same) <= limit, rule.document, text % values)


def _height(post: PostRef) -> tuple[int, int]:
    """Smaller is higher: the organization's level, then the post's rank."""
    return (LEVELS.index(post.level) if post.level in LEVELS else len(LEVELS), post.rank)


def is_higher(target: PostRef, held: PostRef) -> bool:
    """``target`` is higher than ``held``: at a higher level, or at the same level with a smaller rank."""
    return _height(target) < _height(held)


def higher_post_check(
    *, candidate: Candidate, post: PostRef, held: Sequence[PostRef], approved_on: dt.date, at: dt.date
) -> Verdict | None:
    """Planned only for a post higher than the highest she holds on ``at`` (Regulation 377)."""
    rule = rule_in_force(HIGHER_POST, approved_on)
    if rule is None:
        return None
    values: dict[str, str] = {
        "person": _person(candidate),
        "post": post.label,
        "date": format_date(at),
        "document": rule.document,
    }
    if not held:
        text = _("%(person)s holds no post on %(date)s: %(post)s is a higher post (%(document)s).")
        return Verdict(HIGHER_POST, True, rule.document, text % values)
    top = min(held, key=_height)
    ok = is_higher(post, top)
    values |= {
        "held": top.label,
        "rank": format_int(top.rank),
        "level": _level_name(top.level),
        "target_rank": format_int(post.rank),
        "target_level": _level_name(post.level),
    }
    if ok:
        text = _("%(person)s holds %(held)s on %(date)s: %(post)s is a higher post (%(document)s).")
    else:
        text = _(
            "%(person)s holds %(held)s (%(level)s, rank %(rank)s) on %(date)s: the post planned, %(post)s "
            "(%(target_level)s, rank %(target_rank)s), is not higher (%(document)s)."
        )
    return Verdict(HIGHER_POST, ok, rule.document, text % values)


def while_proposed_check(
    *,
    candidate: Candidate,
    post: PostRef,
    proposals: Sequence[ProposalFact],
    approved_on: dt.date,
    at: dt.date,
) -> Verdict | None:
    """Not planned while a proposal to appoint her to another post is pending (Regulation 377); a proposal
    for the post planned itself is the planning's normal end, not a conflict."""
    rule = rule_in_force(WHILE_PROPOSED, approved_on)
    if rule is None:
        return None
    pending = sorted(
        (
            p
            for p in proposals
            if p.pending_on(at) and not (p.post.post_id and p.post.post_id == post.post_id)
        ),
        key=lambda p: p.proposed_on,
    )
    values = {"person": _person(candidate), "date": format_date(at), "document": rule.document}
    if not pending:
        text = _("%(person)s is not proposed for appointment on %(date)s (%(document)s).")
        return Verdict(WHILE_PROPOSED, True, rule.document, text % values)
    first = pending[0]
    values |= {"post": first.post.label, "since": format_date(first.proposed_on), "planned": post.label}
    text = _(
        "%(person)s has been proposed for appointment as %(post)s since %(since)s, still pending on %(date)s: "
        "not to be planned for %(planned)s at the same time (%(document)s)."
    )
    return Verdict(WHILE_PROPOSED, False, rule.document, text % values)


def _share(
    *,
    code: str,
    rule: Rule | None,
    post: PostRef,
    members: int,
    count: int,
    area_codes: Sequence[str],
    local: Iterable[LocalFigure],
    what: str,
) -> Verdict | None:
    if rule is None:
        return None
    value: Decimal | None = None if rule.value is None else Decimal(str(rule.value))
    document = rule.document
    if rule.local:
        figure = local_figure(code, area_codes, local)
        if figure is not None:
            value = figure.value
            document = f"{rule.document}; {figure.document}" if figure.document else rule.document
    percent = Decimal(count * 100) / Decimal(members) if members else None
    values = {
        "post": post.name,
        "what": what,
        "count": format_int(count),
        "members": format_int(members),
        "percent": format_percent(percent),
        "document": document,
    }
    if value is None:
        if rule.local:
            text = _(
                "The planning of %(post)s has %(count)s/%(members)s %(what)s (%(percent)s): %(document)s asks a "
                "share suitable to the area and no local figure is set, so no figure applies."
            )
        else:
            text = _(
                "The planning of %(post)s has %(count)s/%(members)s %(what)s (%(percent)s): no figure of "
                "%(document)s is recorded, so no figure applies."
            )
        return Verdict(code, True, document, text % values)
    values["value"] = format_number(value) + "%"
    if not members:
        text = _(
            "The planning of %(post)s has no one yet: the share of %(what)s (at least %(value)s) cannot be judged (%(document)s)."
        )
        return Verdict(code, True, document, text % values)
    ok = Decimal(count * 100) >= value * members
    if ok:
        text = _(
            "The planning of %(post)s has %(count)s/%(members)s %(what)s (%(percent)s), at least %(value)s (%(document)s)."
        )
    else:
        text = _(
            "The planning of %(post)s has %(count)s/%(members)s %(what)s (%(percent)s), below %(value)s (%(document)s)."
        )
    return Verdict(code, ok, document, text % values)


def women_share_check(facts: ListFacts) -> Verdict | None:
    """At least the rule's share of women in the list (a local figure where the rule allows one)."""
    return _share(
        code=WOMEN_SHARE,
        rule=rule_in_force(WOMEN_SHARE, facts.approved_on),
        post=facts.post,
        members=len(facts.people),
        count=sum(1 for c in facts.people if c.sex == FEMALE),
        area_codes=facts.area_codes,
        local=facts.local,
        what=_("women (in a list)"),
    )


def young_share_check(facts: ListFacts, at: dt.date) -> Verdict | None:
    """At least the rule's share of young people (under the level's threshold on ``at``) in the list."""
    years = young_ages().get(facts.post.level, young_ages()["commune"])
    return _share(
        code=YOUNG_SHARE,
        rule=rule_in_force(YOUNG_SHARE, facts.approved_on),
        post=facts.post,
        members=len(facts.people),
        count=sum(1 for c in facts.people if age_on(c.birth_date, at) < years),
        area_codes=facts.area_codes,
        local=facts.local,
        what=_("young people (under %(years)s)") % {"years": years},
    )


def list_verdicts(facts: ListFacts, at: dt.date) -> list[Verdict]:
    """The list rules of one pool: per-post, women-share, young-share (those in force)."""
    found = [
        per_post_check(post=facts.post, size=len(facts.people), approved_on=facts.approved_on),
        women_share_check(facts),
        young_share_check(facts, at),
    ]
    return [v for v in found if v is not None]


_ORDERS: dict[str, tuple[str, ...]] = {
    "education": tuple(v for v in Education.values if v),
    "political_theory": tuple(v for v in PoliticalTheory.values if v),
    "state_management": tuple(v for v in StateManagement.values if v),
}


def _qualification_label(kind: str, code: str) -> str:
    choices: dict[str, Any] = {
        "education": Education,
        "political_theory": PoliticalTheory,
        "state_management": StateManagement,
    }
    if not code:
        return _("not held")
    return str(choices[kind](code).label)


def qualification_gaps(have: Qualifications, need: Qualifications) -> list[tuple[str, str, str]]:
    """(kind, needed, held) for each requirement ``have`` falls short of."""
    gaps = []
    for kind, order in _ORDERS.items():
        needed = str(getattr(need, kind))
        held = str(getattr(have, kind))
        if needed and not is_at_least(held, needed, order):
            gaps.append((kind, needed, held))
    return gaps


def qualification_check(
    *, candidate: Candidate, post: PostRef, have: Qualifications, need: Requirement
) -> Verdict | None:
    """The gap between her qualifications and the post's requirement (education, political theory, state
    management), with what is missing."""
    if not (need.education or need.political_theory or need.state_management):
        return None
    document = need.document or _("the post's standards")
    names = {
        "education": _("education"),
        "political_theory": _("political theory"),
        "state_management": _("state management"),
    }
    gaps = qualification_gaps(have, need)
    values = {"person": _person(candidate), "post": post.name, "document": document}
    if not gaps:
        text = _("%(person)s meets the qualifications of %(post)s (%(document)s).")
        return Verdict(QUALIFICATION, True, document, text % values)
    missing = "; ".join(
        _("%(kind)s %(needed)s (has: %(held)s)")
        % {
            "kind": names[kind],
            "needed": _qualification_label(kind, needed),
            "held": _qualification_label(kind, held),
        }
        for kind, needed, held in gaps
    )
    values["missing"] = missing
    text = _("%(person)s lacks the qualifications of %(post)s: %(missing)s (%(document)s).")
    return Verdict(QUALIFICATION, False, document, text % values)


def over_age_check(
    *, candidate: Candidate, term: TargetTerm, approved_on: dt.date, at: dt.date
) -> Verdict | None:
    """Over the planning age: she retires before the target term begins, or has retired by ``at`` → her
    removal is proposed."""
    rule = rule_in_force(OVER_AGE, approved_on)
    if rule is None:
        return None
    leaves = retirement(sex=candidate.sex, birth_year=candidate.birth_year, birth_month=candidate.birth_month)
    values = {
        "person": _person(candidate),
        "born": _born(candidate),
        "date": format_date(leaves.date),
        "age": age_text(leaves),
        "term": term.name,
        "start": format_date(term.start),
        "at": format_date(at),
        "document": rule.document,
    }
    if leaves.date < at:
        text = _(
            "%(person)s, born %(born)s, retired on %(date)s (%(age)s), before %(at)s: over the planning age, "
            "removal from the planning proposed (%(document)s)."
        )
        ok = False
    elif leaves.date < term.start:
        text = _(
            "%(person)s, born %(born)s, retires on %(date)s (%(age)s), before the term %(term)s begins "
            "(%(start)s): over the planning age, removal from the planning proposed (%(document)s)."
        )
        ok = False
    else:
        text = _(
            "%(person)s, born %(born)s, retires on %(date)s (%(age)s): within the planning age for the term %(term)s (%(document)s)."
        )
        ok = True
    if leaves.year_only:
        text += " " + _("Only the year of birth is known: counted from January.")
    return Verdict(OVER_AGE, ok, rule.document, text % values)


def discipline_check(
    *,
    candidate: Candidate,
    records: Sequence[DisciplineFact],
    since: dt.date | None,
    approved_on: dt.date,
    at: dt.date,
) -> Verdict | None:
    """Disciplined at the rule's level or above on or after ``since`` (the entry's approval) and by ``at`` →
    her removal is proposed."""
    rule = rule_in_force(DISCIPLINE, approved_on)
    if rule is None:
        return None
    order = tuple(DisciplineLevel.values)
    floor = str(rule.value or DisciplineLevel.REPRIMAND)
    hits = sorted(
        (
            r
            for r in records
            if r.date <= at and (since is None or r.date >= since) and is_at_least(r.level, floor, order)
        ),
        key=lambda r: r.date,
    )
    values = {
        "person": _person(candidate),
        "floor": str(DisciplineLevel(floor).label),
        "document": rule.document,
        "since": format_date(since),
    }
    if not hits:
        text = _("%(person)s has no discipline at %(floor)s or above since the planning (%(document)s).")
        return Verdict(DISCIPLINE, True, rule.document, text % values)
    hit = hits[-1]
    values |= {
        "level": hit.label or str(DisciplineLevel(hit.level).label),
        "date": format_date(hit.date),
        "decision": hit.decision,
    }
    if hit.decision:
        text = _(
            "%(person)s was disciplined (%(level)s) on %(date)s, decision %(decision)s, after being planned on "
            "%(since)s: discipline at %(floor)s or above, removal from the planning proposed (%(document)s)."
        )
    else:
        text = _(
            "%(person)s was disciplined (%(level)s) on %(date)s, after being planned on %(since)s: discipline "
            "at %(floor)s or above, removal from the planning proposed (%(document)s)."
        )
    return Verdict(DISCIPLINE, False, rule.document, text % values)


def person_verdicts(facts: EntryFacts, at: dt.date) -> list[Verdict]:
    """Every person rule in force for one entry, in ``PERSON_RULES`` order."""
    c = facts.candidate
    found: list[Verdict | None] = []
    with contextlib.suppress(ValueError):  # no working-time rule in force then
        found.append(
            working_time_check(
                candidate=c,
                term=facts.term,
                approved_on=facts.approved_on,
                first_planning=facts.first_planning,
            )
        )
    found += [
        over_age_check(candidate=c, term=facts.term, approved_on=facts.approved_on, at=at),
        discipline_check(
            candidate=c,
            records=facts.disciplines,
            since=facts.entered_on,
            approved_on=facts.approved_on,
            at=at,
        ),
        qualification_check(
            candidate=c,
            post=facts.post,
            have=facts.qualifications or Qualifications(),
            need=facts.requirement,
        )
        if facts.requirement
        else None,
        higher_post_check(
            candidate=c, post=facts.post, held=facts.held, approved_on=facts.approved_on, at=at
        ),
        while_proposed_check(
            candidate=c, post=facts.post, proposals=facts.proposals, approved_on=facts.approved_on, at=at
        ),
        posts_per_person_check(
            candidate=c, post=facts.post, planned=facts.planned, approved_on=facts.approved_on
        ),
    ]
    return [v for v in found if v is not None]
