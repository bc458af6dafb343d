"""Builder of the pipeline report (báo cáo công tác quy hoạch cán bộ): for an area at a date, the planning
pools of the posts of its organizations and of the areas under it — per post the people planned, the shares
of women and of young people against the shares the planning rules set (Regulation 50-QĐ/TW: women at least
25%, young at least 15%; Regulation 377-QĐ/TW: a local figure), the posts without a woman in their pool, the
leadership training of the planned people, the rule violations the checks find, the limitations and the
directions (how many more women each pool needs).

Counts are read over the pools the scope may analyse (``pool_list(level=ANALYSE)``), everyone in the pool
counted; names only of the people the scope reads at view level (``Figure.people``), the others counted in
``Figure.hidden``. The violations are ``pipeline.checks.findings`` (the pools the reader reads by name),
explained in Vietnamese; a finding about people outside the scope counts them, never names them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from nguon.areas.models import Area
from nguon.core.scope import Level, Scope
from nguon.people.conditions import FEMALE
from nguon.people.models import Person
from nguon.people.selectors import people_readable
from nguon.pipeline import checks, rules
from nguon.pipeline import pools as log
from nguon.pipeline.models import Pool, PoolEntry
from nguon.pipeline.selectors import event_rows, pool_list
from nguon.training.selectors import trained_share

from .. import wording
from ..context import Block, Column, Figure, Paragraph, ReportContext, Section
from ..context import Person as NamedPerson
from ..params import ReportParams
from .common import figure, header_for, recipients_for, signature_for, table

LEVEL_NAMES = {"central": "Trung ương", "province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}


@dataclass(frozen=True)
class PoolRow:
    """One pool on the date, counted (everyone in it, named or not)."""

    pool: Pool
    people: tuple[int, ...]  # person ids in the pool on the date
    women: tuple[int, ...]
    young: tuple[int, ...]
    young_years: int
    approved_on: dt.date
    women_rule: tuple[Decimal, str] | None  # (value, document) of the women-share rule in force, if a figure
    young_rule: tuple[Decimal, str] | None

    @property
    def size(self) -> int:
        return len(self.people)

    @property
    def label(self) -> str:
        return f"{self.pool.post.name} – {self.pool.post.organization.name}"

    def women_needed(self) -> int:
        """How many of the pool's people should be women for the rule's share (the size kept)."""
        if self.women_rule is None or not self.size:
            return 0
        return max(0, math.ceil(self.women_rule[0] * self.size / 100) - len(self.women))

    def young_needed(self) -> int:
        if self.young_rule is None or not self.size:
            return 0
        return max(0, math.ceil(self.young_rule[0] * self.size / 100) - len(self.young))


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _rule_figure(code: str, approved_on: dt.date, area_codes: Sequence[str]) -> tuple[Decimal, str] | None:
    """The share a rule sets for a pool approved on ``approved_on`` (a local figure where the document
    leaves it to the area), None when no figure applies."""
    rule = rules.rule_in_force(code, approved_on)
    if rule is None:
        return None
    value = None if rule.value is None else Decimal(str(rule.value))
    document = rule.document
    if rule.local:
        local = rules.local_figure(
            code, area_codes, rules.local_figures(getattr(settings, "NGUON_PLANNING_LOCAL_FIGURES", ()))
        )
        if local is not None:
            value, document = (
                local.value,
                f"{rule.document}; {local.document}" if local.document else rule.document,
            )
    return (value, document) if value is not None else None


def pool_rows(*, scope: Scope, area: Area, at: dt.date) -> list[PoolRow]:
    """The pools of ``area``'s organizations (and those under it) that the scope may analyse, with a log
    begun by ``at`` and a target term not over, each counted on ``at`` (a few queries)."""
    pools = list(
        pool_list(scope=scope, level=Level.ANALYSE)
        .filter(post__organization__area__path__startswith=area.path, target_end__gte=at)
        .order_by(
            "post__organization__area__path", "post__organization__name", "post__rank", "post__name", "pk"
        )
    )
    entries = {e.pk: e for e in PoolEntry.objects.filter(pool__in=pools).select_related("person")}
    events = event_rows(entries)
    by_pool: dict[int, list[log.Event]] = defaultdict(list)
    for e in events:
        by_pool[entries[e.entry_id].pool_id].append(e)
    states = log.replay(events, at)
    members: dict[int, list[Person]] = defaultdict(list)
    for entry_id, state in states.items():
        if state.in_pool:
            entry = entries[entry_id]
            members[entry.pool_id].append(entry.person)
    ancestor_ids = {int(x) for p in pools for x in p.post.organization.area.path.strip("/").split("/") if x}
    codes = dict(Area.objects.filter(pk__in=ancestor_ids).values_list("pk", "code"))
    young_ages = rules.young_ages()
    rows = []
    for pool in pools:
        started = [e for e in by_pool.get(pool.pk, ()) if e.date <= at]
        if not started:
            continue  # planned later than the date
        level = pool.post.organization.area.level
        years = young_ages.get(level, young_ages["commune"])
        people = members.get(pool.pk, [])
        approved = checks.approval_date(pool, by_pool[pool.pk]) or at
        chain = [int(x) for x in pool.post.organization.area.path.strip("/").split("/") if x][::-1]
        area_codes = tuple(codes[i] for i in chain if i in codes)
        rows.append(
            PoolRow(
                pool=pool,
                people=tuple(p.pk for p in people),
                women=tuple(p.pk for p in people if p.sex == FEMALE),
                young=tuple(p.pk for p in people if rules.is_young(checks.candidate_of(p), level, at)),
                young_years=years,
                approved_on=approved,
                women_rule=_rule_figure(rules.WOMEN_SHARE, approved, area_codes),
                young_rule=_rule_figure(rules.YOUNG_SHARE, approved, area_codes),
            )
        )
    return rows


def _people(ids: Sequence[int], names: dict[int, str]) -> tuple[tuple[NamedPerson, ...], int]:
    unique = list(dict.fromkeys(ids))
    named = tuple(NamedPerson(i, names[i]) for i in unique if i in names)
    return named, len(unique) - len(named)


def build(*, scope: Scope, params: ReportParams) -> ReportContext:
    """The pipeline report of ``params.area`` at ``params.reference_date``, as ``scope`` reads it."""
    area = params.area
    if not scope.covers_area(area, Level.ANALYSE):
        raise PermissionDenied
    at = params.reference_date
    rows = pool_rows(scope=scope, area=area, at=at)
    everyone = sorted({p for r in rows for p in r.people})
    readable = people_readable(scope=scope, person_ids=everyone, level=Level.VIEW)
    names = dict(Person.objects.filter(pk__in=readable).values_list("pk", "full_name"))
    with translation.override("vi"):
        found = checks.findings(scope=scope, area=area, at=at)
        titles = {code: str(title) for code, title in checks.RULE_TITLES.items()}
    women_ids = sorted({p for r in rows for p in r.women})
    young_ids = sorted({p for r in rows for p in r.young})
    trained, counted_women = trained_share(person_ids=women_ids, at=at)
    trained_all, counted_all = trained_share(person_ids=everyone, at=at)
    return compose(
        area=area,
        at=at,
        params=params,
        rows=rows,
        names=names,
        findings=found,
        titles=titles,
        training=(trained, counted_women, trained_all, counted_all),
        women_ids=women_ids,
        young_ids=young_ids,
    )


def compose(
    *,
    area: Area,
    at: dt.date,
    params: ReportParams,
    rows: Sequence[PoolRow],
    names: dict[int, str],
    findings: Sequence[checks.Finding],
    titles: dict[str, str],
    training: tuple[int, int, int, int],
    women_ids: Sequence[int],
    young_ids: Sequence[int],
) -> ReportContext:
    """The context from the counted pools, the names the scope reads and the findings."""
    issuer = params.organization
    header = header_for(
        issuer=issuer, area=area, number=params.number, place=params.place, date=params.issued_on or at, at=at
    )
    day = wording.date_text(at)
    figures: list[Figure] = []
    everyone = sorted({p for r in rows for p in r.people})
    entries = sum(r.size for r in rows)
    women_entries = sum(len(r.women) for r in rows)
    young_entries = sum(len(r.young) for r in rows)
    organizations = {r.pool.post.organization_id for r in rows}
    named, hidden = _people(everyone, names)
    figures += [
        figure(
            "pipeline.pools", "Số chức danh có quy hoạch", len(rows), wording.count(len(rows)), "chức danh"
        ),
        figure(
            "pipeline.organizations",
            "Số tổ chức có quy hoạch",
            len(organizations),
            wording.count(len(organizations)),
            "tổ chức",
        ),
        figure(
            "pipeline.entries", "Số lượt người trong quy hoạch", entries, wording.count(entries), "lượt người"
        ),
        figure(
            "pipeline.people",
            "Số người trong quy hoạch",
            len(everyone),
            wording.count(len(everyone)),
            "người",
            people=named,
            hidden=hidden,
        ),
    ]
    w_named, w_hidden = _people(women_ids, names)
    women_share = _share(women_entries, entries)
    young_share = _share(young_entries, entries)
    figures += [
        figure(
            "pipeline.women",
            "Số lượt nữ trong quy hoạch",
            women_entries,
            wording.count(women_entries),
            "lượt người",
            people=w_named,
            hidden=w_hidden,
        ),
        figure(
            "pipeline.women_share", "Tỷ lệ nữ trong quy hoạch", women_share, wording.percent(women_share), "%"
        ),
        figure(
            "pipeline.young",
            "Số lượt cán bộ trẻ trong quy hoạch",
            young_entries,
            wording.count(young_entries),
            "lượt người",
        ),
        figure(
            "pipeline.young_share",
            "Tỷ lệ cán bộ trẻ trong quy hoạch",
            young_share,
            wording.percent(young_share),
            "%",
        ),
    ]
    thresholds = sorted({(r.pool.post.organization.area.level, r.young_years) for r in rows})
    young_words = ", ".join(f"dưới {y} tuổi ở {LEVEL_NAMES.get(level, level)}" for level, y in thresholds)

    # I. overview
    overview = [
        Paragraph(
            f"Báo cáo tình hình quy hoạch cán bộ của {area.name} tại ngày {day}: các chức danh có quy hoạch của"
            f" các tổ chức trên địa bàn, số người trong quy hoạch, tỷ lệ nữ và cán bộ trẻ so với quy định, các"
            f" trường hợp chưa đúng quy định về quy hoạch."
        )
    ]
    if rows:
        overview.append(
            Paragraph(
                f"Tại ngày {day}, có {wording.count(len(rows))} chức danh được quy hoạch thuộc"
                f" {wording.count(len(organizations))} tổ chức, với {wording.count(entries)} lượt người"
                f" ({wording.count(len(everyone))} người) trong quy hoạch; trong đó {wording.count(women_entries)}"
                f" lượt nữ ({wording.percent(women_share)}) và {wording.count(young_entries)} lượt cán bộ trẻ"
                f" ({wording.percent(young_share)}; cán bộ trẻ: {young_words}).",
                figures=(
                    "pipeline.pools",
                    "pipeline.entries",
                    "pipeline.people",
                    "pipeline.women_share",
                    "pipeline.young_share",
                ),
            )
        )
    else:
        overview.append(Paragraph(f"Tại ngày {day}, chưa có chức danh nào được quy hoạch trên hệ thống."))

    # II. results
    results: list[Section] = []
    columns = (
        Column("Chức danh", "text", 5.5),
        Column("Nhiệm kỳ", "text", 2.2),
        Column("Số người", "int"),
        Column("Số nữ", "int"),
        Column("Tỷ lệ nữ", "percent"),
        Column("Số cán bộ trẻ", "int"),
        Column("Tỷ lệ trẻ", "percent"),
    )
    raw = [
        [
            r.label,
            r.pool.target_term,
            r.size,
            len(r.women),
            _share(len(r.women), r.size),
            len(r.young),
            _share(len(r.young), r.size),
        ]
        for r in rows
    ]
    raw.append(["Tổng số (lượt người)", "", entries, women_entries, women_share, young_entries, young_share])
    results.append(
        Section(
            key="results.pools",
            heading="Quy hoạch theo chức danh",
            number="1.",
            level=2,
            blocks=(
                table(
                    "pipeline.pools",
                    f"Bảng 1. Số người trong quy hoạch theo chức danh tại ngày {day}",
                    columns,
                    raw,
                    note=f"Tính đến ngày {day}; cán bộ trẻ: {young_words or 'theo ngưỡng tuổi của từng cấp'}.",
                    total_row=True,
                ),
            ),
        )
    )
    judged_w = [r for r in rows if r.women_rule is not None and r.size]
    short_w = [r for r in judged_w if r.women_needed()]
    judged_y = [r for r in rows if r.young_rule is not None and r.size]
    short_y = [r for r in judged_y if r.young_needed()]
    figures += [
        figure(
            "pipeline.women_rule.judged",
            "Số chức danh áp dụng tỷ lệ nữ",
            len(judged_w),
            wording.count(len(judged_w)),
            "chức danh",
        ),
        figure(
            "pipeline.women_rule.short",
            "Số chức danh chưa đủ tỷ lệ nữ",
            len(short_w),
            wording.count(len(short_w)),
            "chức danh",
        ),
        figure(
            "pipeline.young_rule.judged",
            "Số chức danh áp dụng tỷ lệ cán bộ trẻ",
            len(judged_y),
            wording.count(len(judged_y)),
            "chức danh",
        ),
        figure(
            "pipeline.young_rule.short",
            "Số chức danh chưa đủ tỷ lệ cán bộ trẻ",
            len(short_y),
            wording.count(len(short_y)),
            "chức danh",
        ),
    ]
    shares: list[Paragraph] = []
    if judged_w:
        docs = ", ".join(sorted({r.women_rule[1] for r in judged_w if r.women_rule}))
        shares.append(
            Paragraph(
                f"Về tỷ lệ nữ ({docs}): {wording.count(len(judged_w) - len(short_w))}/{wording.count(len(judged_w))}"
                f" chức danh có tỷ lệ nữ trong danh sách quy hoạch đạt mức quy định; {wording.count(len(short_w))}"
                " chức danh chưa đạt.",
                figures=("pipeline.women_rule.judged", "pipeline.women_rule.short"),
            )
        )
    if judged_y:
        docs = ", ".join(sorted({r.young_rule[1] for r in judged_y if r.young_rule}))
        shares.append(
            Paragraph(
                f"Về tỷ lệ cán bộ trẻ ({docs}): {wording.count(len(judged_y) - len(short_y))}/{wording.count(len(judged_y))}"
                f" chức danh đạt mức quy định; {wording.count(len(short_y))} chức danh chưa đạt.",
                figures=("pipeline.young_rule.judged", "pipeline.young_rule.short"),
            )
        )
    unjudged = [r for r in rows if r.size and r.women_rule is None]
    if unjudged:
        shares.append(
            Paragraph(
                f"{wording.count(len(unjudged))} chức danh được quy hoạch theo văn bản không quy định con số về tỷ lệ"
                " nữ, cán bộ trẻ (hoặc quy định tỷ lệ phù hợp với địa phương mà chưa có con số của địa phương).",
                style="note",
            )
        )
    if shares:
        results.append(
            Section(
                key="results.shares",
                heading="Tỷ lệ nữ và cán bộ trẻ trong quy hoạch",
                number="2.",
                level=2,
                blocks=tuple(shares),
            )
        )
    no_woman = [r for r in rows if r.size and not r.women]
    empty = [r for r in rows if not r.size]
    figures.append(
        figure(
            "pipeline.without_woman",
            "Số chức danh chưa có nữ trong quy hoạch",
            len(no_woman),
            wording.count(len(no_woman)),
            "chức danh",
        )
    )
    blocks: list[Paragraph] = []
    if no_woman:
        blocks.append(
            Paragraph(
                f"Có {wording.count(len(no_woman))} chức danh chưa có nữ trong quy hoạch:",
                figures=("pipeline.without_woman",),
            )
        )
        blocks += [
            Paragraph(
                f"{r.label} (nhiệm kỳ {r.pool.target_term}, {wording.count(r.size)} người).", style="bullet"
            )
            for r in no_woman
        ]
    else:
        blocks.append(
            Paragraph(
                "Các chức danh có người trong quy hoạch đều có nữ.", figures=("pipeline.without_woman",)
            )
        )
    if empty:
        blocks.append(
            Paragraph(
                f"{wording.count(len(empty))} chức danh chưa có người trong quy hoạch: "
                + "; ".join(r.label for r in empty)
                + ".",
                style="note",
            )
        )
    results.append(
        Section(
            key="results.without_woman",
            heading="Chức danh chưa có nữ trong quy hoạch",
            number=f"{len(results) + 1}.",
            level=2,
            blocks=tuple(blocks),
        )
    )
    trained, counted_women, trained_all, counted_all = training
    t_share = _share(trained, counted_women)
    figures += [
        figure(
            "pipeline.women_trained",
            "Số nữ trong quy hoạch đã được bồi dưỡng lãnh đạo, quản lý",
            trained,
            wording.count(trained),
            "người",
        ),
        figure(
            "pipeline.women_trained_share",
            "Tỷ lệ nữ trong quy hoạch đã được bồi dưỡng lãnh đạo, quản lý",
            t_share,
            wording.percent(t_share),
            "%",
        ),
        figure(
            "pipeline.trained",
            "Số người trong quy hoạch đã được bồi dưỡng lãnh đạo, quản lý",
            trained_all,
            wording.count(trained_all),
            "người",
        ),
    ]
    if counted_all:
        results.append(
            Section(
                key="results.training",
                heading="Đào tạo, bồi dưỡng cán bộ trong quy hoạch",
                number=f"{len(results) + 1}.",
                level=2,
                blocks=(
                    Paragraph(
                        f"Đến ngày {day}, {wording.count(trained_all)}/{wording.count(counted_all)} người trong quy hoạch"
                        f" đã hoàn thành khóa bồi dưỡng kiến thức, kỹ năng lãnh đạo, quản lý; trong đó"
                        f" {wording.count(trained)}/{wording.count(counted_women)} nữ ({wording.percent(t_share)}).",
                        figures=(
                            "pipeline.trained",
                            "pipeline.women_trained",
                            "pipeline.women_trained_share",
                        ),
                    ),
                ),
            )
        )

    # III. violations
    violations: list[Block] = []
    f_named = tuple(
        dict.fromkeys(
            NamedPerson(f.person_id, f.person) for f in findings if f.person_id is not None and f.person
        )
    )
    f_hidden = sum(f.hidden for f in findings)
    figures.append(
        figure(
            "pipeline.findings",
            "Số trường hợp chưa đúng quy định về quy hoạch",
            len(findings),
            wording.count(len(findings)),
            "trường hợp",
            people=f_named,
            hidden=f_hidden,
        )
    )
    if findings:
        by_code: dict[str, int] = defaultdict(int)
        for f in findings:
            by_code[f.code] += max(1, f.hidden)
        summary = "; ".join(
            f"{titles.get(code, code).lower()}: {wording.count(n)}" for code, n in by_code.items()
        )
        violations.append(
            Paragraph(
                f"Rà soát theo các quy định về quy hoạch tại ngày {day}, có {wording.count(len(findings))} nội dung"
                f" cần xem xét ({summary}).",
                figures=("pipeline.findings",),
            )
        )
        violations.append(
            table(
                "pipeline.findings",
                f"Bảng 2. Các trường hợp chưa đúng quy định về quy hoạch tại ngày {day}",
                (
                    Column("Nội dung", "text", 3.5),
                    Column("Chức danh", "text", 3.5),
                    Column("Căn cứ", "text", 2.5),
                    Column("Giải thích", "text", 6.5),
                ),
                [
                    [
                        titles.get(f.code, f.code),
                        f"{f.post} – {f.organization}",
                        f.document,
                        f.explanation
                        + (" Đề nghị đưa ra khỏi quy hoạch." if f.proposal == checks.REMOVE else ""),
                    ]
                    for f in findings
                ],
            )
        )
        if f_hidden:
            violations.append(
                Paragraph(
                    f"{wording.count(f_hidden)} trường hợp thuộc người ngoài phạm vi quản lý của đơn vị lập báo cáo"
                    " được đếm, không nêu tên.",
                    style="note",
                )
            )
    else:
        violations.append(
            Paragraph(
                f"Rà soát tại ngày {day} chưa phát hiện trường hợp chưa đúng quy định về quy hoạch.",
                figures=("pipeline.findings",),
            )
        )

    # IV. limitations
    limits: list[Paragraph] = []
    if short_w:
        limits.append(
            Paragraph(
                f"{wording.count(len(short_w))} chức danh có tỷ lệ nữ trong quy hoạch chưa đạt mức quy định.",
                style="bullet",
            )
        )
    if no_woman:
        limits.append(
            Paragraph(f"{wording.count(len(no_woman))} chức danh chưa có nữ trong quy hoạch.", style="bullet")
        )
    if short_y:
        limits.append(
            Paragraph(
                f"{wording.count(len(short_y))} chức danh có tỷ lệ cán bộ trẻ trong quy hoạch chưa đạt mức quy định.",
                style="bullet",
            )
        )
    if findings:
        limits.append(
            Paragraph(
                f"Còn {wording.count(len(findings))} nội dung chưa đúng quy định về quy hoạch cần rà soát, điều chỉnh.",
                style="bullet",
            )
        )
    if counted_women and trained < counted_women:
        limits.append(
            Paragraph(
                f"{wording.count(counted_women - trained)} nữ trong quy hoạch chưa được bồi dưỡng kiến thức, kỹ năng lãnh đạo, quản lý.",
                style="bullet",
            )
        )
    if not limits:
        limits.append(Paragraph("Chưa phát hiện hạn chế qua số liệu quy hoạch tại ngày tính."))

    # V. directions
    directions: list[Paragraph] = []
    needed_total = 0
    for r in short_w:
        assert r.women_rule is not None
        need = r.women_needed()
        needed_total += need
        directions.append(
            Paragraph(
                f"{r.label}: cần có ít nhất {wording.count(len(r.women) + need)} nữ trong {wording.count(r.size)} người"
                f" được quy hoạch (bổ sung hoặc thay thế {wording.count(need)} người) để đạt tỷ lệ"
                f" {wording.number(r.women_rule[0])}% theo {r.women_rule[1]}.",
                style="bullet",
            )
        )
    for r in short_y:
        assert r.young_rule is not None
        need = r.young_needed()
        directions.append(
            Paragraph(
                f"{r.label}: cần bổ sung {wording.count(need)} cán bộ trẻ (dưới {r.young_years} tuổi) để đạt tỷ lệ"
                f" {wording.number(r.young_rule[0])}% theo {r.young_rule[1]}.",
                style="bullet",
            )
        )
    figures.append(
        figure(
            "pipeline.women_needed",
            "Số nữ cần bổ sung vào quy hoạch",
            needed_total,
            wording.count(needed_total),
            "người",
        )
    )
    directions += [
        Paragraph(
            "Rà soát, bổ sung quy hoạch hằng năm; giới thiệu cán bộ nữ, cán bộ trẻ đủ tiêu chuẩn vào quy hoạch các"
            " chức danh chưa có nữ; đưa ra khỏi quy hoạch các trường hợp không còn đủ điều kiện.",
            style="bullet",
        ),
        Paragraph(
            "Đào tạo, bồi dưỡng kiến thức, kỹ năng lãnh đạo, quản lý cho cán bộ nữ trong quy hoạch; luân chuyển,"
            " giao nhiệm vụ để rèn luyện, thử thách.",
            style="bullet",
        ),
    ]
    sections = (
        Section(key="overview", heading="KHÁI QUÁT", number="I.", blocks=tuple(overview)),
        Section(key="results", heading="KẾT QUẢ CÔNG TÁC QUY HOẠCH", number="II.", sections=tuple(results)),
        Section(
            key="violations",
            heading="CÁC TRƯỜNG HỢP CHƯA ĐÚNG QUY ĐỊNH",
            number="III.",
            blocks=tuple(violations),
        ),
        Section(key="limitations", heading="HẠN CHẾ", number="IV.", blocks=tuple(limits)),
        Section(key="directions", heading="PHƯƠNG HƯỚNG, NHIỆM VỤ", number="V.", blocks=tuple(directions)),
    )
    notes = []
    if hidden:
        notes.append(
            f"{wording.count(hidden)} người trong quy hoạch ngoài phạm vi được đếm nhưng không nêu tên."
        )
    return ReportContext(
        kind="pipeline",
        title="BÁO CÁO",
        subtitle=f"Công tác quy hoạch cán bộ của {area.name} tại ngày {day}",
        header=header,
        sections=sections,
        figures=tuple(figures),
        recipients=recipients_for(issuer, header.superior),
        signature=signature_for(params, issuer),
        params=params.as_json(),
        area_code=area.code,
        area_name=area.name,
        start=params.start,
        end=params.end,
        at=at,
        built_at=timezone.now(),
        notes=tuple(notes),
    )
