"""Builder of the programme review report (báo cáo tổng kết / sơ kết chương trình phối hợp).

The report an officer reads out at the review conference (the seed article is the summary of one), in the
order of DOMAIN.md §9: I. the overview (the parties, the programme's document and period, the area and its
units); II. the results with their figures — representation (the indicator engine over the area at the
reference date, compared with the start of the period), promotions and appointments, rotations, the
pipeline (planning pools, training), the activities by type with participants and outputs, the programme's
goals against actuals, supervision and its recommendations, support to cadres (counts only); III. the
limitations and their causes, drawn from the data (unmet targets with the gap in people, unmet goals, open
and overdue recommendations); IV. the lessons; V. the directions and tasks of the next period (the targets in
force, the follow-up programme, the people still lacking); VI. the proposals.

Everything is read through the selectors with the reader's scope: counts over her analysis areas, names (in
``Figure.people``) only of the people she may view; the others are counted in ``Figure.hidden``. The text is
Vietnamese by nature (see ``wording``); only the refusals go through gettext.

Period: ``params.start``/``params.end``, else the programme's own dates; the figures are read at
``params.at`` (else the period's end, else today when the programme is still running), and nothing dated
after that day is counted. A review whose period reaches the programme's last year is a *tổng kết*, an
earlier one a *sơ kết*.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.areas.selectors import area_children
from nguon.core.scope import Level, Scope
from nguon.core.seen import chunks
from nguon.indicators.evaluation import Cell, evaluate
from nguon.indicators.models import AgeThreshold, Indicator
from nguon.organizations.models import Organization
from nguon.people.conditions import latest_birth_date_under
from nguon.people.models import Person
from nguon.people.selectors import people_readable
from nguon.programmes import statistics
from nguon.programmes.choices import GoalMeasure, TargetPeriod
from nguon.programmes.models import Programme, YearPlan
from nguon.programmes.progress import GoalProgress
from nguon.programmes.selectors import programme_get, programme_list

from .. import wording as w
from ..context import Block, Chart, Column, Figure, Paragraph, ReportContext, Section, Series
from . import ReportError
from .common import figure, header_for, people_of, place_of, recipients_for, short, signature_for, table

KIND = "programme_review"

GRASSROOTS = "grassroots-committee-women"
LEVEL_COMMITTEE = {"province": "party-committee-women-province", "district": "party-committee-women-district"}
KEY_CADRES = {"district": "district-key-cadres-women"}  # other levels: every key post of the area
KEY_POSTS = "key-posts-women"
OTHER_BODIES = ("standing-committee-women", "council-deputies-women", "committee-leaders-women")
APPOINTMENTS = "key-appointments-women-wards-departments"
POOL_WOMEN = "planning-pool-women"
POOL_YOUNG = "planning-pool-young"

# How the text names an area's unit type, and its party committee.
KIND_WORDS = {
    "tinh": "tỉnh",
    "thanh_pho_tw": "thành phố",
    "quan": "quận",
    "huyen": "huyện",
    "thi_xa": "thị xã",
    "thanh_pho": "thành phố",
    "phuong": "phường",
    "xa": "xã",
    "thi_tran": "thị trấn",
    "dac_khu": "đặc khu",
}
LEVEL_WORDS = {"province": "tỉnh", "district": "huyện", "commune": "xã"}
COMMITTEE_WORDS = {
    "tinh": "Tỉnh ủy",
    "thanh_pho_tw": "Thành ủy",
    "quan": "Quận ủy",
    "huyen": "Huyện ủy",
    "thi_xa": "Thị ủy",
    "thanh_pho": "Thành ủy",
}

MISSION_WORDS = {
    "supervision": "giám sát",
    "criticism": "phản biện xã hội",
    "opinion": "góp ý xây dựng Đảng, xây dựng chính quyền",
}
CASE_WORDS = {
    "health": "ốm đau, bệnh hiểm nghèo",
    "hardship": "có hoàn cảnh khó khăn",
    "family_risk": "gia đình gặp rủi ro",
    "other": "khác",
}
SUPPORT_WORDS = {
    "visit": "thăm hỏi",
    "money": "hỗ trợ tiền",
    "gift": "tặng quà",
    "health_check": "khám sức khỏe",
    "scholarship": "trao học bổng cho con",
    "other": "hình thức khác",
}
MOVE_WORDS = {"rotation": "luân chuyển", "transfer": "điều động"}


# --- figures: the numbers the text states, with the people behind them --------------------------------------
@dataclass
class _Draft:
    key: str
    label: str
    value: int | Decimal | None
    text: str
    unit: str
    people: tuple[int, ...]


@dataclass
class _Figures:
    """The figures as they are stated; the people behind them are named at the end, in one read (the ids
    the reader's scope views, with their names in Vietnamese name order)."""

    drafts: list[_Draft] = field(default_factory=list)

    def add(
        self,
        key: str,
        label: str,
        value: int | Decimal | None,
        text: str,
        unit: str = "",
        people: Iterable[int] = (),
    ) -> str:
        self.drafts.append(_Draft(key, label, value, text, unit, tuple(dict.fromkeys(people))))
        return key

    def finish(self, scope: Scope) -> tuple[tuple[Figure, ...], int]:
        """The figures, and how many people behind them are counted but not named."""
        ids = {i for d in self.drafts for i in d.people}
        readable = people_readable(scope=scope, person_ids=ids, level=Level.VIEW) if ids else set()
        rows: list[tuple[str, int, str]] = []
        for chunk in chunks(sorted(readable)):
            rows += [
                (sort_key, pk, name)
                for pk, name, sort_key in Person.objects.filter(pk__in=list(chunk)).values_list(
                    "pk", "full_name", "sort_key"
                )
            ]
        rows.sort()
        order = {pk: i for i, (_k, pk, _n) in enumerate(rows)}
        names = {pk: name for _k, pk, name in rows}
        out = []
        for d in self.drafts:
            people, hidden = people_of(sorted(d.people, key=lambda i: order.get(i, -1)), names)
            out.append(figure(d.key, d.label, d.value, d.text, d.unit, people=people, hidden=hidden))
        return tuple(out), len(ids - readable)


# --- the review being written --------------------------------------------------------------------------------
@dataclass
class _Review:
    scope: Scope
    programme: Programme
    area: Area
    start: dt.date
    end: dt.date
    at: dt.date
    units: list[Area]
    parties: list[Organization]
    issuer: Organization | None
    figures: _Figures = field(default_factory=_Figures)
    limitations: list[Paragraph] = field(default_factory=list)
    gaps: list[Paragraph] = field(default_factory=list)  # the people lacking, for the directions
    tables: int = 0
    charts: int = 0

    @property
    def last(self) -> dt.date:
        """The last day counted: the period's end, or the reference date when it comes first."""
        return min(self.end, self.at)

    @property
    def area_word(self) -> str:
        """ "quận", "phường" … (the area's unit type)."""
        return KIND_WORDS.get(self.area.kind, LEVEL_WORDS.get(self.area.level, "địa bàn"))

    @property
    def area_text(self) -> str:
        """ "quận Hoàn Kiếm" (in running text)."""
        name = self.area.name
        return (
            name[:1].lower() + name[1:] if name.split(" ")[0] in ("Quận", "Huyện", "Phường", "Xã") else name
        )

    @property
    def unit_word(self) -> str:
        """What the units under the area are called ("phường", "xã, phường", "đơn vị")."""
        return _unit_word(u.kind for u in self.units)

    @property
    def programme_unit_word(self) -> str:
        """What the units of the programme (under its own area) are called, for its per-unit goals."""
        if self.programme.area_id == self.area.pk:
            return self.unit_word
        return _unit_word(Area.objects.filter(parent=self.programme.area).values_list("kind", flat=True))

    def period_text(self) -> str:
        return w.period_text(self.start, self.last)

    def in_period(self) -> str:
        """ "trong giai đoạn 2015 – 2020" / "trong thời gian từ 01/03/2016 đến 25/09/2020"."""
        text = self.period_text()
        return f"trong {text}" if text.startswith("giai đoạn") else f"trong thời gian {text}"

    def table_caption(self, text: str) -> str:
        self.tables += 1
        return f"Bảng {self.tables}. {text}"

    def chart_caption(self, text: str) -> str:
        self.charts += 1
        return f"Biểu đồ {self.charts}. {text}"


def _unit_word(kinds: Iterable[str]) -> str:
    words = sorted({KIND_WORDS.get(k, "") for k in kinds} - {""}, reverse=True)
    if not words:
        return "đơn vị"
    return ", ".join(words) if len(words) <= 2 else "đơn vị"


def _parties_word(review: _Review) -> str:
    """ "hai đơn vị" (the article's way of naming the two parties), "ba đơn vị", else "các đơn vị"."""
    return {2: "hai đơn vị", 3: "ba đơn vị"}.get(len(review.parties), "các đơn vị")


def _org_name(org: Organization) -> str:
    return short(org.name)


def _valid_q(at: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=at)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=at)
    )


def _issuer(params: Any, programme: Programme, parties: list[Organization], area: Area, at: dt.date) -> Any:
    """Who issues the review: the organization asked for; else the programme's lead — or, for a review of an
    area under the programme's, the organization of the lead's kind in that area (a ward's union reviews
    its ward)."""
    if params.organization is not None:
        return params.organization
    lead = parties[0] if parties else None
    if lead is None or lead.area_id == area.pk:
        return lead
    local = (
        Organization.objects.filter(area=area, kind=lead.kind)
        .filter(_valid_q(at))
        .select_related("area", "parent")
        .order_by("id")
        .first()
    )
    return local or lead


def build(*, scope: Scope, params: Any) -> ReportContext:
    """The review of ``params.programme`` over ``params.area`` as ``scope`` may read it (see the module)."""
    if params.programme is None:
        raise ReportError(_("Choose the joint programme to review."), "programme")
    try:
        programme = programme_get(scope=scope, pk=params.programme.pk, level=Level.ANALYSE)
    except Http404 as e:
        raise ReportError(_("This joint programme is not in your area of work."), "programme") from e
    area: Area = params.area
    if not (area.path.startswith(programme.area.path) or programme.area.path.startswith(area.path)):
        raise ReportError(_("The joint programme does not apply to this area."), "area")
    start = params.start or programme.start_date
    at = params.at or params.end or min(programme.end_date, timezone.localdate())
    end = params.end or max(start, min(programme.end_date, at))
    if start > end:
        raise ReportError(_("The end of the period comes before its start."), "end")
    parties = [
        pp.organization for pp in sorted(programme.parties.all(), key=lambda pp: (pp.role != "lead", pp.pk))
    ]
    units = list(area_children(area=area, at=at))
    issuer = _issuer(params, programme, parties, area, at)
    review = _Review(
        scope=scope,
        programme=programme,
        area=area,
        start=start,
        end=end,
        at=at,
        units=units,
        parties=parties,
        issuer=issuer,
    )
    final = end.year >= programme.end_date.year
    header = header_for(
        issuer=issuer,
        area=area,
        number=params.number,
        place=params.place,
        date=params.issued_on or end,
        at=at,
    )
    cells = _cells(review)
    sections = (
        _overview(review, final),
        _results(review, cells),
        _limitations(review),
        _lessons(review),
        _directions(review, cells, final),
        _proposals(review),
    )
    figures, hidden = review.figures.finish(scope)
    notes = []
    if hidden:
        notes.append(
            f"{w.count(hidden)} người được tính trong số liệu nhưng không nêu tên "
            "(ngoài phạm vi được xem thông tin cá nhân)."
        )
    return ReportContext(
        kind=KIND,
        title="BÁO CÁO",
        subtitle=_subtitle(review, final),
        header=header,
        sections=sections,
        figures=figures,
        recipients=_recipients(review, header.superior),
        signature=signature_for(params, issuer),
        params=params.as_json(),
        area_code=area.code,
        area_name=area.name,
        start=start,
        end=end,
        at=at,
        built_at=timezone.now(),
        notes=tuple(notes),
    )


def _recipients(review: _Review, superior: str) -> tuple[str, ...]:
    """ "Nơi nhận": the issuer's superior and the area's party committee (to report to), then the usual
    lines (``recipients_for``: the partners, the archive)."""
    from .common import superior_of

    lines = []
    top = superior_of(review.issuer, review.at) if review.issuer is not None and superior else None
    if top is not None:
        lines.append(f"- {_org_name(top)} (để báo cáo);")
    committee = COMMITTEE_WORDS.get(review.area.kind)
    if committee:
        lines.append(f"- Thường trực {committee} {place_of(review.area)} (để báo cáo);")
    elif review.area.level == "commune":
        lines.append(f"- Đảng ủy {review.area_text} (để báo cáo);")
    return (*lines, *recipients_for(review.issuer, ""))


# --- title and overview ------------------------------------------------------------------------------------
def _subject(programme: Programme) -> str:
    """What the programme is about, from its title ("về công tác vận động, tập hợp phụ nữ trẻ")."""
    title = programme.title
    i = title.find(" về ")
    if i < 0:
        return ""
    subject = title[i + 1 :]
    j = subject.find(" giai đoạn")
    return (subject[:j] if j >= 0 else subject).strip()


def _programme_name(review: _Review, *, with_date: bool = False) -> str:
    """ "Chương trình phối hợp số 01/CTPH-HPN-QĐ [ngày 15/10/2015] giữa A và B về … giai đoạn 2015 – 2020"."""
    p = review.programme
    parts = ["Chương trình phối hợp"]
    if p.number:
        parts.append(f"số {p.number}")
    if with_date and p.signed_on:
        parts.append(f"ngày {w.date_text(p.signed_on)}")
    if review.parties:
        parts.append(f"giữa {w.list_text([_org_name(o) for o in review.parties])}")
    subject = _subject(p)
    if subject:
        parts.append(subject)
    parts.append(_programme_period(p))
    return " ".join(parts)


def _programme_period(p: Programme) -> str:
    if p.start_date.year == p.end_date.year:
        return f"năm {p.start_date.year}"
    return f"giai đoạn {p.start_date.year} – {p.end_date.year}"


def _subtitle(review: _Review, final: bool) -> str:
    what = "Tổng kết" if final else "Sơ kết"
    return f"{what} {w.duration_text(review.start, review.last)} thực hiện {_programme_name(review)}"


def _overview(review: _Review, final: bool) -> Section:
    p, f = review.programme, review.figures
    issuer = f"Ban Thường vụ {_org_name(review.issuer)}" if review.issuer else w.capitalize(review.area_text)
    what = "tổng kết" if final else "sơ kết"
    blocks: list[Block] = [
        Paragraph(
            f"Thực hiện {_programme_name(review, with_date=True)}, sau {w.duration_text(review.start, review.last)} "
            f"triển khai, {issuer} báo cáo {what} kết quả thực hiện như sau:"
        )
    ]
    lead = review.parties[0] if review.parties else None
    partners = review.parties[1:]
    signed = f" ngày {w.date_text(p.signed_on)}" if p.signed_on else ""
    text = f"Chương trình phối hợp{' số ' + p.number if p.number else ''} được ký kết{signed}"
    if lead is not None:
        text += f" giữa {_org_name(lead)} (đơn vị chủ trì)"
        if partners:
            text += f" và {w.list_text([_org_name(o) for o in partners])}"
    text += (
        f", thực hiện từ ngày {w.date_text(p.start_date)} đến ngày {w.date_text(p.end_date)} "
        f"trên địa bàn {review.area_text if review.area == p.area else p.area.name}."
    )
    if p.document:
        text += f" Chương trình được xây dựng trên cơ sở {p.document.rstrip('.')}."
    blocks.append(Paragraph(text))

    goals = p.goals.count()
    plans = YearPlan.objects.filter(
        programme=p, year__gte=review.start.year, year__lte=review.last.year
    ).count()
    sentence = []
    if goals:
        f.add("programme.goals", "Số mục tiêu, chỉ tiêu của Chương trình", goals, w.count(goals), "mục tiêu")
        sentence.append(f"Chương trình đề ra {w.count(goals)} mục tiêu, chỉ tiêu cụ thể")
    if plans:
        f.add("programme.year-plans", "Số kế hoạch năm", plans, w.count(plans), "kế hoạch")
        sentence.append(f"hằng năm hai bên ban hành kế hoạch thực hiện ({w.count(plans)} kế hoạch năm)")
    if sentence:
        blocks.append(Paragraph(w.capitalize("; ".join(sentence)) + "."))

    # the area: its units, the unions of the parties' kinds and the grassroots party organizations
    subtree = Organization.objects.filter(area__path__startswith=review.area.path).filter(
        _valid_q(review.last)
    )
    kinds = Counter(subtree.values_list("kind", flat=True))
    below = (
        Counter(subtree.exclude(area=review.area).values_list("kind", flat=True)) if review.units else kinds
    )
    grassroots = kinds.get("grassroots_party", 0)
    about = []
    if review.units:
        n = len(review.units)
        f.add("area.units", f"Số {review.unit_word}", n, w.count(n), review.unit_word)
        about.append(f"{w.count(n)} {review.unit_word}")
    if grassroots:
        f.add("area.grassroots-party", "Số tổ chức cơ sở đảng", grassroots, w.count(grassroots), "tổ chức")
        about.append(f"{w.count(grassroots)} tổ chức cơ sở đảng")
    for org_kind, noun in (("womens_union", "cơ sở Hội Liên hiệp Phụ nữ"), ("youth_union", "cơ sở Đoàn")):
        n = below.get(org_kind, 0)
        if n:
            f.add(f"area.{org_kind}", w.capitalize(noun), n, w.count(n), "tổ chức")
            about.append(f"{w.count(n)} {noun}")
    if about:
        blocks.append(
            Paragraph(
                f"Tại thời điểm báo cáo (ngày {w.date_text(review.last)}), {review.area_text} có "
                f"{w.list_text(about)}. Công tác cán bộ nữ, cán bộ trẻ luôn nhận được sự quan tâm lãnh đạo, "
                "chỉ đạo của cấp ủy, chính quyền; bên cạnh thuận lợi, công tác này vẫn đòi hỏi sự quan tâm "
                "thường xuyên và sự phối hợp chặt chẽ giữa các đơn vị."
            )
        )
    return Section("overview", "ĐẶC ĐIỂM TÌNH HÌNH", w.roman(1) + ".", 1, tuple(blocks))


# --- II. results -------------------------------------------------------------------------------------------
@dataclass
class _Cells:
    now: dict[tuple[int, str], Cell]  # (area id, indicator code) -> cell at the reference date
    before: dict[str, Cell]  # indicator code -> the area's cell at the period's start
    names: dict[str, str]  # indicator code -> its name

    def get(self, area: Area, code: str) -> Cell | None:
        return self.now.get((area.pk, code))


def _cells(review: _Review) -> _Cells:
    """Every indicator of the review for the area and its units at the reference date (one evaluation), and
    the area's at the start of the period (one more), for the comparison."""
    level = review.area.level
    codes = {
        GRASSROOTS,
        KEY_CADRES.get(level, KEY_POSTS),
        *OTHER_BODIES,
        APPOINTMENTS,
        POOL_WOMEN,
        POOL_YOUNG,
    }
    if level in LEVEL_COMMITTEE:
        codes.add(LEVEL_COMMITTEE[level])
    indicators = list(Indicator.objects.filter(code__in=codes))
    found = evaluate(
        units=[review.area, *review.units],
        at=review.last,
        indicators=indicators,
        period=(review.start, review.last),
    )
    now = {(c.unit.area_id, c.indicator): c for c in found}
    before: dict[str, Cell] = {}
    if review.start < review.last:
        active = [i for i in indicators if i.code not in (APPOINTMENTS, POOL_WOMEN, POOL_YOUNG)]
        before = {c.indicator: c for c in evaluate(units=[review.area], at=review.start, indicators=active)}
    return _Cells(now, before, {i.code: i.name for i in indicators})


def _target_clause(cell: Cell, who: str = "nữ") -> str:
    """ "đạt chỉ tiêu từ 15% trở lên theo Chỉ thị 35-CT/TW" / "chưa đạt …, cần thêm 3 nữ để đạt 15%"."""
    t = cell.target
    if t is None or cell.status not in ("met", "not_met"):
        return ""
    goal = f"chỉ tiêu {w.target_text(t.value, t.comparator)} theo {t.document}"
    if cell.status == "met":
        return f"đạt {goal}"
    gap = f", {w.gap_people(cell.gap, t.value, who)}" if cell.gap else ""
    return f"chưa đạt {goal}{gap}"


def _change(review: _Review, cells: _Cells, code: str) -> tuple[str, Decimal | None]:
    now = cells.get(review.area, code)
    before = cells.before.get(code)
    if now is None or before is None or now.value is None or before.value is None:
        return "", None
    diff = (now.value - before.value).quantize(Decimal("0.1"))
    return w.points_change(
        now.value, before.value, than=f"đầu giai đoạn (ngày {w.date_text(review.start)})"
    ), diff


def _share_figures(
    review: _Review, cells: _Cells, code: str, label: str, *, approximate: bool = True
) -> Cell | None:
    """The figures of one indicator of the area: the share (people: the women counted), the total (people:
    everyone counted), the women, and the change since the start."""
    cell = cells.get(review.area, code)
    if cell is None or not cell.denominator:
        return None
    f = review.figures
    key = f"representation.{code}"
    f.add(
        key, label, cell.value, w.share_text(cell.value, approximate=approximate), "%", cell.numerator_people
    )
    f.add(f"{key}.total", f"{label}: tổng số", cell.denominator, w.count(cell.denominator), "người",
          cell.denominator_people)  # fmt: skip
    f.add(f"{key}.women", f"{label}: số nữ", cell.numerator, w.count(cell.numerator), "người",
          cell.numerator_people)  # fmt: skip
    text, diff = _change(review, cells, code)
    if diff is not None:
        f.add(f"{key}.change", f"{label}: thay đổi so với đầu giai đoạn", diff, text, "điểm phần trăm")
    return cell


def _representation(review: _Review, cells: _Cells) -> Section:
    level = review.area.level
    blocks: list[Block] = []
    sentences: list[str] = [
        f"Trong giai đoạn, {_parties_word(review)} đã chủ động trong công tác tham mưu, kịp thời phát hiện, quy hoạch, "
        "đào tạo, bồi dưỡng và giới thiệu nguồn cán bộ nữ, cán bộ trẻ cho các cơ quan, địa phương để xem xét "
        "bổ nhiệm, giới thiệu ứng cử, bầu cử giữ các chức danh lãnh đạo, quản lý."
    ]
    keys: list[str] = []
    g = _share_figures(review, cells, GRASSROOTS, "Tỷ lệ nữ cấp ủy viên cơ sở")
    if g is not None:
        s = (
            f"Ở cấp cơ sở, trong tổng số {w.count(g.denominator)} cấp ủy viên, có {w.share_text(g.value)} nữ "
            f"({w.count(g.numerator)} đồng chí)"
        )
        change, _d = _change(review, cells, GRASSROOTS)
        s += f", {change}" if change else ""
        clause = _target_clause(g)
        s += f"; {clause}" if clause else ""
        sentences.append(s + ".")
        keys.append(f"representation.{GRASSROOTS}")
    parts = []
    committee = LEVEL_COMMITTEE.get(level)
    word = review.area_word
    c = (
        _share_figures(
            review, cells, committee, f"Tỷ lệ nữ trong Ban Chấp hành Đảng bộ {word}", approximate=False
        )
        if committee
        else None
    )
    if c is not None and committee is not None:
        s = (
            f"Ở cấp {word}, tỷ lệ nữ tham gia Ban Chấp hành Đảng bộ {word} là "
            f"{w.share_text(c.value, approximate=False)} ({w.count(c.numerator)}/{w.count(c.denominator)} đồng chí)"
        )
        change, _d = _change(review, cells, committee)
        s += f", {change}" if change else ""
        parts.append(s)
        keys.append(f"representation.{committee}")
    key_code = KEY_CADRES.get(level, KEY_POSTS)
    k = _share_figures(review, cells, key_code, "Tỷ lệ nữ cán bộ chủ chốt")
    if k is not None:
        if parts:
            s = f"đối với cán bộ chủ chốt, tỷ lệ tương ứng là {w.share_text(k.value)}"
        else:
            s = f"Tỷ lệ nữ giữ các chức danh cán bộ chủ chốt của {review.area_text} là {w.share_text(k.value)}"
        s += f" ({w.count(k.numerator)}/{w.count(k.denominator)} người)"
        parts.append(s)
        keys.append(f"representation.{key_code}")
    if parts:
        sentences.append("; ".join(parts) + ".")
    others = {
        "standing-committee-women": "nữ tham gia ban thường vụ cấp ủy chiếm {s}",
        "council-deputies-women": "nữ đại biểu Hội đồng nhân dân chiếm {s} số ghế đại biểu",
        "committee-leaders-women": "nữ giữ chức danh lãnh đạo Ủy ban nhân dân chiếm {s}",
    }
    more = []
    for code, phrase in others.items():
        cell = _share_figures(review, cells, code, cells.names.get(code, code))
        if cell is not None:
            more.append(phrase.format(s=w.share_text(cell.value)))
            keys.append(f"representation.{code}")
    if more:
        sentences.append(f"Bên cạnh đó, {'; '.join(more)}.")
    if len(sentences) == 1:
        sentences.append(
            f"Chưa có số liệu về cấp ủy, chính quyền và cán bộ chủ chốt của {review.area_text} tại ngày "
            f"{w.date_text(review.last)}."
        )
    blocks.append(Paragraph(" ".join(sentences), figures=tuple(keys)))
    blocks += _representation_table(review, cells)
    blocks += _unit_blocks(review, cells)
    return Section(
        "results.representation",
        "Tỷ lệ nữ tham gia cấp ủy, chính quyền và giữ chức danh chủ chốt",
        "1.",
        2,
        tuple(blocks),
    )


def _representation_table(review: _Review, cells: _Cells) -> list[Block]:
    level = review.area.level
    codes = [GRASSROOTS, LEVEL_COMMITTEE.get(level, ""), *OTHER_BODIES, KEY_CADRES.get(level, KEY_POSTS)]
    rows = []
    for code in codes:
        cell = cells.get(review.area, code) if code else None
        if cell is None or not cell.denominator:
            continue
        before = cells.before.get(code)
        t = cell.target
        if t is not None and cell.status == "not_met":
            gap = f", {w.gap_people(cell.gap, t.value)}" if cell.gap else ""
            review.limitations.append(
                Paragraph(
                    f"{cells.names.get(code, '')} của toàn {review.area_word} mới đạt "
                    f"{w.share_text(cell.value, approximate=False)}, chưa đạt chỉ tiêu "
                    f"{w.target_text(t.value, t.comparator)} theo {t.document}{gap}.",
                    style="bullet",
                    figures=(f"representation.{code}",),
                )
            )
        rows.append(
            (
                cells.names.get(code, ""),
                cell.denominator,
                cell.numerator,
                cell.value,
                before.value if before is not None else None,
                w.target_text(t.value, t.comparator) if t is not None else "—",
                w.met_text(cell.status == "met") if cell.status in ("met", "not_met") else "—",
            )
        )
    if not rows:
        return []
    columns = (
        Column("Nội dung", "text", 6.0),
        Column("Tổng số", "int", 1.6),
        Column("Nữ", "int", 1.4),
        Column("Tỷ lệ nữ", "percent", 1.8),
        Column(f"Ngày {w.date_text(review.start)}", "percent", 2.0),
        Column("Chỉ tiêu", "text", 2.4),
        Column("Đánh giá", "text", 1.8),
    )
    return [
        table(
            "representation",
            review.table_caption(
                f"Tỷ lệ nữ trong cấp ủy, chính quyền và cán bộ chủ chốt của {review.area_text} "
                f"tại ngày {w.date_text(review.last)}"
            ),
            columns,
            rows,
            note="Số người giữ chức vụ tại ngày tính (không tính ghế trống); tỷ lệ tính trên số người "
            "đang đảm nhiệm.",
        )
    ]


def _unit_blocks(review: _Review, cells: _Cells) -> list[Block]:
    """The grassroots committees' share of women per unit against the target: a table and a bar chart."""
    units = review.units or [review.area]
    found = [(u, cells.get(u, GRASSROOTS)) for u in units]
    with_data = [(u, c) for u, c in found if c is not None]
    if not with_data:
        return []
    f = review.figures
    rows: list[tuple[Any, ...]] = []
    unmet: list[tuple[Area, Cell]] = []
    for unit, cell in with_data:
        if cell.denominator:
            f.add(
                f"representation.{GRASSROOTS}.unit.{unit.code}",
                f"Tỷ lệ nữ cấp ủy viên cơ sở: {unit.name}",
                cell.value,
                w.share_text(cell.value, approximate=False),
                "%",
                cell.numerator_people,
            )
        if cell.status == "not_met":
            unmet.append((unit, cell))
        rows.append(
            (
                unit.name,
                cell.denominator,
                cell.numerator,
                cell.value,
                w.met_text(cell.status == "met") if cell.status in ("met", "not_met") else "—",
                cell.gap if cell.status == "not_met" else None,
            )
        )
    blocks: list[Block] = []
    whole = cells.get(review.area, GRASSROOTS)
    targets = [c.target for _u, c in with_data if c.target is not None]
    target = targets[0] if targets else (whole.target if whole is not None else None)
    word = review.unit_word if review.units else review.area_word
    if review.units:
        total = whole
        if total is not None:
            rows.append(
                (
                    f"Toàn {review.area_word}",
                    total.denominator,
                    total.numerator,
                    total.value,
                    w.met_text(total.status == "met") if total.status in ("met", "not_met") else "—",
                    total.gap if total.status == "not_met" else None,
                )
            )
        columns = (
            Column(w.capitalize(word), "text", 5.0),
            Column("Cấp ủy viên", "int", 2.0),
            Column("Nữ", "int", 1.5),
            Column("Tỷ lệ nữ", "percent", 2.0),
            Column("Đánh giá", "text", 2.2),
            Column("Cần thêm (người)", "int", 2.3),
        )
        blocks.append(
            table(
                "representation.units",
                review.table_caption(
                    f"Tỷ lệ nữ cấp ủy viên cơ sở của các {word} tại ngày {w.date_text(review.last)}"
                ),
                columns,
                rows,
                note=(
                    f"Chỉ tiêu: {w.target_text(target.value, target.comparator)} theo {target.document}."
                    if target is not None
                    else ""
                ),
                total_row=total is not None,
            )
        )
    blocks.append(
        Chart(
            key="representation.units.chart",
            caption=review.chart_caption(
                f"Tỷ lệ nữ cấp ủy viên cơ sở của các {word} so với chỉ tiêu"
                if review.units
                else f"Tỷ lệ nữ cấp ủy viên cơ sở của {review.area_text} so với chỉ tiêu"
            ),
            kind="bar_target",
            categories=tuple(place_of(u) for u, _c in with_data),
            series=(
                Series(
                    "Tỷ lệ nữ cấp ủy viên",
                    tuple(float(c.value) if c.value is not None else None for _u, c in with_data),
                ),
            ),
            y_label="Tỷ lệ nữ (%)",
            percent=True,
            target=float(target.value) if target is not None else None,
            target_label=(
                f"Chỉ tiêu {w.target_text(target.value, target.comparator)} ({target.document})"
                if target is not None
                else ""
            ),
        )
    )
    # limitations and the people lacking, for sections III and V
    if unmet and target is not None:
        listed = [
            f"{u.name} ({w.share_text(c.value, approximate=False)}, {w.gap_people(c.gap or 0, target.value)})"
            for u, c in unmet
        ]
        lacking = sum(c.gap or 0 for _u, c in unmet)
        f.add(
            f"limitations.{GRASSROOTS}.units",
            "Số đơn vị chưa đạt chỉ tiêu nữ cấp ủy viên cơ sở",
            len(unmet),
            w.count(len(unmet)),
            word,
        )
        f.add(
            f"limitations.{GRASSROOTS}.gap",
            "Số nữ cấp ủy viên cơ sở còn thiếu ở các đơn vị chưa đạt",
            lacking,
            w.count(lacking),
            "người",
        )
        review.limitations.append(
            Paragraph(
                f"Tỷ lệ nữ cấp ủy viên cơ sở ở {w.count(len(unmet))}/{w.count(len(with_data))} {word} chưa đạt "
                f"chỉ tiêu {w.target_text(target.value, target.comparator)}: {'; '.join(listed)}.",
                style="bullet",
                figures=(f"limitations.{GRASSROOTS}.units",),
            )
        )
        review.gaps.append(
            Paragraph(
                f"Ở {w.count(len(unmet))} {word} chưa đạt chỉ tiêu, cần giới thiệu thêm tổng cộng "
                f"{w.count(lacking)} nữ tham gia cấp ủy cơ sở để đạt "
                f"{w.target_text(target.value, target.comparator)}.",
                style="bullet",
                figures=(f"limitations.{GRASSROOTS}.gap",),
            )
        )
    return blocks


def _young_years(level: str = "") -> int:
    """Under how many full years a cadre is young: the catalogue's threshold of ``level``, else the largest
    (as the programme's progress reads "young women")."""
    years = dict(AgeThreshold.objects.values_list("level", "years"))
    if level and level in years:
        return int(years[level])
    return int(max(years.values())) if years else 35


def _appointments(review: _Review, cells: _Cells) -> Section:
    f = review.figures
    cell = cells.get(review.area, APPOINTMENTS)
    where = (
        f"của các {review.unit_word} và các phòng, ban của {review.area_word}"
        if review.area.level == "district"
        else f"của {review.area_text}"
    )
    blocks: list[Block] = []
    if cell is None or not cell.denominator:
        blocks.append(
            Paragraph(
                f"Trong giai đoạn, chưa ghi nhận trường hợp đề bạt, bổ nhiệm vào các chức danh chủ chốt {where}."
            )
        )
    else:
        women = cell.numerator
        f.add("appointments.women", "Số cán bộ nữ được đề bạt, bổ nhiệm chức danh chủ chốt", women,
              w.count(women), "người", cell.numerator_people)  # fmt: skip
        f.add("appointments.total", "Số người được đề bạt, bổ nhiệm chức danh chủ chốt", cell.denominator,
              w.count(cell.denominator), "người", cell.denominator_people)  # fmt: skip
        f.add("appointments.women-share", "Tỷ lệ nữ trong số người được đề bạt, bổ nhiệm", cell.value,
              w.percent(cell.value), "%", cell.numerator_people)  # fmt: skip
        years = _young_years("commune")
        born_after = latest_birth_date_under(review.last, years)
        young = [
            pk
            for chunk in chunks(sorted(cell.numerator_people))
            for pk in Person.objects.filter(pk__in=list(chunk), birth_date__gt=born_after).values_list(
                "pk", flat=True
            )
        ]
        text = (
            f"Đã có {w.count(women)} cán bộ nữ được đề bạt, bổ nhiệm vào các chức danh chủ chốt {where} "
            f"({w.percent(cell.value)} trong tổng số {w.count(cell.denominator)} người được đề bạt, bổ nhiệm "
            f"{review.in_period()})"
        )
        if young:
            f.add("appointments.women.young", f"Số cán bộ nữ được đề bạt, bổ nhiệm dưới {years} tuổi", len(young),
                  w.count(len(young)), "người", young)  # fmt: skip
            text += (
                f", trong đó có {w.count(len(young))} đồng chí dưới {years} tuổi "
                f"(tính đến ngày {w.date_text(review.last)})"
            )
        text += "; phần lớn cán bộ nữ được đề bạt, bổ nhiệm đều đáp ứng tốt yêu cầu nhiệm vụ được giao."
        keys = ["appointments.women", "appointments.total"] + (["appointments.women.young"] if young else [])
        blocks.append(Paragraph(text, figures=tuple(keys)))
    return Section("results.appointments", "Công tác đề bạt, bổ nhiệm cán bộ nữ", "2.", 2, tuple(blocks))


def _rotations(review: _Review) -> Section:
    """Rotation and transfer decisions of the scope whose moves begin in the period and leave or take a post
    of the area: moves counted by kind, and the women among the people moved."""
    from nguon.rotations.models import Move
    from nguon.rotations.selectors import decision_list

    path = review.area.path
    rows = list(
        Move.objects.filter(
            decision__in=decision_list(scope=review.scope, level=Level.ANALYSE).values("pk"),
            start_date__gte=review.start,
            start_date__lte=review.last,
        )
        .filter(
            Q(to_post__organization__area__path__startswith=path)
            | Q(from_tenure__post__organization__area__path__startswith=path)
        )
        .values_list("id", "decision__kind", "person_id", "person__sex")
        .distinct()
    )
    f = review.figures
    if not rows:
        text = (
            f"Trong giai đoạn, chưa ghi nhận quyết định luân chuyển, điều động cán bộ nào liên quan đến "
            f"{review.area_text}."
        )
        return Section(
            "results.rotations", "Công tác luân chuyển, điều động cán bộ", "3.", 2, (Paragraph(text),)
        )
    by_kind = Counter(kind for _i, kind, _p, _s in rows)
    people = sorted({p for _i, _k, p, _s in rows})
    women = sorted({p for _i, _k, p, s in rows if s == "F"})
    f.add("rotations.total", "Số lượt luân chuyển, điều động", len(rows), w.count(len(rows)), "lượt", people)
    parts = []
    for kind in ("rotation", "transfer"):
        n = by_kind.get(kind, 0)
        moved = sorted({p for _i, k, p, _s in rows if k == kind})
        f.add(f"rotations.{kind}", f"Số lượt {MOVE_WORDS[kind]}", n, w.count(n), "lượt", moved)
        if n:
            parts.append(f"{w.count(n)} lượt {MOVE_WORDS[kind]}")
    f.add(
        "rotations.women",
        "Số cán bộ nữ được luân chuyển, điều động",
        len(women),
        w.count(len(women)),
        "người",
        women,
    )
    text = (
        f"Trong giai đoạn, đã thực hiện {w.count(len(rows))} lượt luân chuyển, điều động cán bộ "
        f"({w.list_text(parts)}) đối với {w.count(len(people))} cán bộ, trong đó có {w.count(len(women))} cán bộ nữ. "
        "Công tác luân chuyển, điều động cán bộ đã góp phần đào tạo, bồi dưỡng và sử dụng hiệu quả đội ngũ "
        "cán bộ nữ trong quy hoạch, tạo điều kiện để cán bộ rèn luyện và trưởng thành, nhất là cán bộ nữ trẻ, "
        "cán bộ nữ có triển vọng."
    )
    return Section(
        "results.rotations",
        "Công tác luân chuyển, điều động cán bộ",
        "3.",
        2,
        (Paragraph(text, figures=("rotations.total", "rotations.women")),),
    )


def _pools(review: _Review, cells: _Cells) -> list[Paragraph]:
    """The planning pools of the area's organizations at the reference date: the people in them, the shares
    of women and of young people (young by the level of the pool's organization)."""
    from nguon.pipeline import pools as replay
    from nguon.pipeline import rules
    from nguon.pipeline.models import PoolEntry
    from nguon.pipeline.selectors import event_rows, pool_list

    chosen = pool_list(scope=review.scope, level=Level.ANALYSE).filter(
        post__organization__area__path__startswith=review.area.path
    )
    entries = {
        e["id"]: e
        for e in PoolEntry.objects.filter(pool__in=chosen.values("pk")).values(
            "id",
            "pool_id",
            "person_id",
            "person__sex",
            "person__birth_date",
            "pool__post__organization__area__level",
        )
    }
    if not entries:
        return [
            Paragraph(
                f"Tại ngày {w.date_text(review.last)}, chưa có danh sách quy hoạch cán bộ của {review.area_text} "
                "được cập nhật."
            )
        ]
    states = replay.replay(event_rows(entries), review.last)
    inside = [entries[i] for i, s in states.items() if s.in_pool]
    if not inside:
        return [Paragraph(f"Tại ngày {w.date_text(review.last)}, các danh sách quy hoạch chưa có người.")]
    ages = rules.young_ages()
    people: dict[int, dict[str, Any]] = {}
    for e in inside:
        level = e["pool__post__organization__area__level"] or "commune"
        years = ages.get(level, ages.get("commune", 35))
        is_young = e["person__birth_date"] > latest_birth_date_under(review.last, years)
        row = people.setdefault(e["person_id"], {"sex": e["person__sex"], "young": False})
        row["young"] = row["young"] or is_young
    ids = sorted(people)
    women = [i for i in ids if people[i]["sex"] == "F"]
    young = [i for i in ids if people[i]["young"]]
    pools_n = len({e["pool_id"] for e in inside})
    women_share = Decimal(len(women) * 100) / Decimal(len(ids))
    young_share = Decimal(len(young) * 100) / Decimal(len(ids))
    f = review.figures
    f.add("pipeline.pool.people", "Số người trong quy hoạch", len(ids), w.count(len(ids)), "người", ids)
    f.add("pipeline.pool.entries", "Số lượt quy hoạch", len(inside), w.count(len(inside)), "lượt")
    f.add("pipeline.pool.women", "Số nữ trong quy hoạch", len(women), w.count(len(women)), "người", women)
    f.add(
        "pipeline.pool.women-share",
        "Tỷ lệ nữ trong quy hoạch",
        women_share,
        w.share_text(women_share),
        "%",
        women,
    )
    f.add("pipeline.pool.young-share", "Tỷ lệ cán bộ trẻ trong quy hoạch", young_share, w.share_text(young_share),
          "%", young)  # fmt: skip
    text = (
        f"Tại ngày {w.date_text(review.last)}, nguồn quy hoạch {w.count(pools_n)} chức danh lãnh đạo, quản lý "
        f"của {review.area_text} có {w.count(len(ids))} người ({w.count(len(inside))} lượt quy hoạch), trong đó "
        f"nữ chiếm {w.share_text(women_share)} ({w.count(len(women))} người), cán bộ trẻ chiếm "
        f"{w.share_text(young_share)} ({w.count(len(young))} người)"
    )
    for code, share, noun in ((POOL_WOMEN, women_share, "nữ"), (POOL_YOUNG, young_share, "cán bộ trẻ")):
        cell = cells.get(review.area, code)
        t = cell.target if cell is not None else None
        if t is None:
            continue
        met = share * 100 >= Decimal(t.value) * 100 if t.comparator != "lte" else share <= Decimal(t.value)
        text += f"; tỷ lệ {noun} {w.met_text(met)} chỉ tiêu {w.target_text(t.value, t.comparator)} theo {t.document}"
        if not met:
            review.limitations.append(
                Paragraph(
                    f"Tỷ lệ {noun} trong quy hoạch ({w.share_text(share)}) chưa đạt chỉ tiêu "
                    f"{w.target_text(t.value, t.comparator)} theo {t.document}.",
                    style="bullet",
                )
            )
    return [
        Paragraph(
            text + ".",
            figures=("pipeline.pool.people", "pipeline.pool.women-share", "pipeline.pool.young-share"),
        )
    ]


def _training(review: _Review) -> list[Paragraph]:
    """The people of the area (a tenure in one of its organizations) or trained by one of its organizations
    who completed a course in the period: counts, with the women and the young women among them (young as
    the programme's progress reads it)."""
    from nguon.organizations.models import Tenure
    from nguon.training.choices import Result
    from nguon.training.models import Participation

    path = review.area.path
    of_area = Tenure.objects.filter(post__organization__area__path__startswith=path).values("person_id")
    rows = list(
        Participation.objects.filter(
            Q(session__course__organizer__area__path__startswith=path) | Q(person_id__in=of_area),
            result=Result.COMPLETED,
            completed_on__gte=review.start,
            completed_on__lte=review.last,
        )
        .values_list("person_id", "person__sex", "person__birth_date", "completed_on")
        .distinct()
    )
    if not rows:
        return [Paragraph("Trong giai đoạn, chưa ghi nhận cán bộ hoàn thành các lớp đào tạo, bồi dưỡng.")]
    years = _young_years()
    people = sorted({r[0] for r in rows})
    women = sorted({r[0] for r in rows if r[1] == "F"})
    young_women = sorted(
        {r[0] for r in rows if r[1] == "F" and r[2] > latest_birth_date_under(r[3] or review.last, years)}
    )
    f = review.figures
    f.add(
        "training.people",
        "Số cán bộ hoàn thành đào tạo, bồi dưỡng",
        len(people),
        w.count(len(people)),
        "người",
        people,
    )
    f.add(
        "training.women",
        "Số cán bộ nữ hoàn thành đào tạo, bồi dưỡng",
        len(women),
        w.count(len(women)),
        "người",
        women,
    )
    f.add("training.young-women", f"Số cán bộ nữ dưới {years} tuổi hoàn thành đào tạo, bồi dưỡng", len(young_women),
          w.count(len(young_women)), "người", young_women)  # fmt: skip
    text = (
        f"Công tác đào tạo, bồi dưỡng được quan tâm; {review.in_period()} đã có {w.count(len(people))} cán bộ "
        f"hoàn thành các lớp đào tạo, bồi dưỡng về lý luận chính trị, chuyên môn, nghiệp vụ, kỹ năng, trong đó có "
        f"{w.count(len(women))} cán bộ nữ ({w.count(len(young_women))} cán bộ nữ dưới {years} tuổi)."
    )
    return [Paragraph(text, figures=("training.people", "training.women", "training.young-women"))]


def _pipeline(review: _Review, cells: _Cells) -> Section:
    blocks: list[Block] = [*_pools(review, cells), *_training(review)]
    return Section(
        "results.pipeline",
        "Công tác quy hoạch, đào tạo, bồi dưỡng nguồn cán bộ nữ, cán bộ trẻ",
        "4.",
        2,
        tuple(blocks),
    )


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _activities(review: _Review) -> Section:
    f = review.figures
    filters: dict[str, Any] = {
        "scope": review.scope,
        "area": review.area,
        "start": review.start,
        "end": review.last,
        "programme": review.programme,
    }
    counts = statistics.activity_counts(**filters)
    heading = "Tổ chức các hoạt động phối hợp"
    if not counts.total:
        text = f"Trong giai đoạn, chưa ghi nhận hoạt động phối hợp nào của Chương trình trên địa bàn {review.area_text}."
        return Section("results.activities", heading, "5.", 2, (Paragraph(text),))
    participants = statistics.participant_counts(**filters)
    outputs = [o for o in statistics.output_totals(**filters) if o.quantity]
    f.add("activities.total", "Số hoạt động phối hợp", counts.total, w.count(counts.total), "hoạt động")
    female = next((r.total for r in participants.rows if r.sex == "female"), 0)
    youth = (
        participants.by_age[participants.age_groups.index("16_30")]
        if "16_30" in participants.age_groups
        else 0
    )
    f.add(
        "participants.total",
        "Số lượt người tham gia",
        participants.total,
        w.count(participants.total),
        "lượt người",
    )
    f.add("participants.women", "Số lượt nữ tham gia", female, w.count(female), "lượt người")
    f.add(
        "participants.youth",
        "Số lượt thanh niên từ 16 đến 30 tuổi tham gia",
        youth,
        w.count(youth),
        "lượt người",
    )
    lead = (
        f"{w.capitalize(review.in_period())}, các đơn vị đã phối hợp tổ chức {w.count(counts.total)} hoạt động, "
        f"thu hút {w.count(participants.total)} lượt người tham gia"
    )
    who = []
    if female:
        who.append(f"{w.count(female)} lượt nữ")
    if youth:
        who.append(f"{w.count(youth)} lượt thanh niên từ 16 đến 30 tuổi")
    lead += f" (trong đó có {w.list_text(who)})." if who else "."
    blocks: list[Block] = [
        Paragraph(lead, figures=("activities.total", "participants.total", "participants.women"))
    ]
    groups = [t for t in counts.types if t.is_group]
    kinds = [t for t in counts.types if not t.is_group]
    phrases = []
    for group in groups:
        f.add(
            f"activities.{group.code}",
            f"Số hoạt động: {group.name}",
            group.total,
            w.count(group.total),
            "hoạt động",
        )
        inner = [
            f"{_lower(k.name)} {w.count(k.total)}"
            for k in kinds
            if k.group_code == group.code and k.name != group.name
        ]
        phrase = f"{_lower(group.name)}: {w.count(group.total)} hoạt động"
        phrase += f" ({'; '.join(inner)})" if inner else ""
        phrases.append(phrase)
    if phrases:
        blocks.append(
            Paragraph(
                f"Theo lĩnh vực, các hoạt động gồm: {'; '.join(phrases)}.",
                figures=tuple(f"activities.{g.code}" for g in groups),
            )
        )
    if outputs:
        said = []
        for o in outputs:
            amount = w.money(o.quantity) if o.is_money else f"{w.number(o.quantity)} {o.unit}"
            f.add(f"outputs.{o.code}", o.name, o.quantity, amount, "đồng" if o.is_money else o.unit)
            said.append(f"{_lower(o.name)}: {amount}")
        blocks.append(
            Paragraph(
                f"Kết quả cụ thể: {'; '.join(said)}.",
                figures=tuple(f"outputs.{o.code}" for o in outputs),
            )
        )
    blocks.append(
        Paragraph(
            "Các hoạt động đã góp phần bảo vệ môi trường, xây dựng nếp sống văn minh đô thị, trang bị kiến thức, "
            "kỹ năng sống, giáo dục giới tính, kỹ năng tổ chức cuộc sống gia đình cho các đối tượng nam, nữ trong "
            "độ tuổi tiền hôn nhân, sau hôn nhân và hỗ trợ phụ nữ, trẻ em có hoàn cảnh khó khăn."
        )
    )
    # the table: types × years
    years = counts.years
    columns = (
        Column("Loại hoạt động", "text", 5.5),
        *(Column(str(y), "int", 1.2) for y in years),
        Column("Tổng số", "int", 1.6),
    )
    rows: list[tuple[Any, ...]] = []
    for t in counts.types:
        name = t.name if t.is_group else f"- {t.name}"
        if not t.is_group and t.name == next((g.name for g in groups if g.code == t.group_code), None):
            continue
        rows.append((name, *t.counts, t.total))
    rows.append(("Tổng cộng", *counts.by_year, counts.total))
    blocks.append(
        table(
            "activities.types",
            review.table_caption("Số hoạt động phối hợp theo loại hoạt động và năm"),
            columns,
            rows,
            note=f"Tính theo năm bắt đầu hoạt động, đến ngày {w.date_text(review.last)}.",
            total_row=True,
        )
    )
    if outputs:
        blocks.append(
            table(
                "activities.outputs",
                review.table_caption("Kết quả cụ thể của các hoạt động"),
                (
                    Column("Kết quả", "text", 6.5),
                    Column("Đơn vị tính", "text", 2.2),
                    Column("Số lượng", "decimal", 2.8),
                    Column("Số hoạt động", "int", 2.3),
                ),
                [(o.name, o.unit, o.quantity, o.activities) for o in outputs],
            )
        )
    if participants.total:
        labels = {
            "under_16": "Dưới 16 tuổi",
            "16_30": "Từ 16 đến 30",
            "31_45": "Từ 31 đến 45",
            "46_60": "Từ 46 đến 60",
            "over_60": "Trên 60",
            "unknown": "Chưa rõ",
        }
        sexes = {"female": "Nữ", "male": "Nam", "unknown": "Chưa rõ giới tính"}
        rows = [(sexes.get(r.sex, r.sex), *r.counts, r.total) for r in participants.rows if r.total]
        rows.append(("Tổng cộng", *participants.by_age, participants.total))
        blocks.append(
            table(
                "activities.participants",
                review.table_caption("Số lượt người tham gia theo giới tính và nhóm tuổi"),
                (
                    Column("Giới tính", "text", 3.2),
                    *(Column(labels.get(a, a), "int", 1.6) for a in participants.age_groups),
                    Column("Tổng số", "int", 1.6),
                ),
                rows,
                total_row=True,
            )
        )
    return Section("results.activities", heading, "5.", 2, tuple(blocks))


def _amount(value: Decimal, unit: str) -> str:
    return w.money(value) if unit.strip() == "đồng" else f"{w.number(value)} {unit}".strip()


def _goal_summary(gp: GoalProgress, review: _Review) -> tuple[str, str, bool | None, list[tuple[Any, ...]]]:
    """(target text, result text, met, detail rows) of one goal; years not complete (the programme's
    first, or the reference date's) are shown but judged only when already met."""
    goal = gp.goal
    unit = goal.unit or ""
    if goal.period == TargetPeriod.PERIOD:
        row = next(c for c in gp.rows if c.year is None)
        return (
            f"{_amount(row.target or Decimal(0), unit)} (cả giai đoạn)",
            _amount(row.actual, unit),
            row.met,
            [],
        )
    programme = review.programme
    word = review.programme_unit_word
    details: list[tuple[Any, ...]] = []
    judged: list[bool] = []
    per_unit = goal.measure == GoalMeasure.ACTIVITIES_PER_UNIT
    yearly = [c for c in gp.rows if (c.summary if per_unit else c.unit_id is None) and c.year is not None]
    targets = sorted(
        {c.target for c in gp.rows if c.target is not None and not c.summary}
        if per_unit
        else {c.target for c in yearly if c.target is not None}
    )
    for c in yearly:
        year = int(c.year or 0)
        if year < review.start.year or year > review.last.year:
            continue
        first = year == programme.start_date.year and programme.start_date > dt.date(year, 1, 1)
        current = year == review.last.year and review.last < dt.date(year, 12, 31)
        partial = first or current
        label = str(year)
        if first:
            label += f" (từ {w.date_text(programme.start_date)})"
        elif current:
            label += f" (đến {w.date_text(review.last)})"
        if per_unit:
            target = f"{w.count(int(c.target or 0))} {word}"
            actual = f"{w.count(int(c.actual))} {word} đạt"
        else:
            target, actual = _amount(c.target or Decimal(0), unit), _amount(c.actual, unit)
        if partial and not c.met:
            verdict = "đang thực hiện"
        else:
            verdict = w.met_text(c.met)
            if c.met is not None:
                judged.append(bool(c.met))
        details.append((goal.text, label, target, actual, verdict))
    each = "/năm" if not per_unit else f"/{word}/năm"
    target_text = (
        f"{_amount(targets[0], unit)}{each}"
        if len(targets) == 1
        else (f"{_amount(targets[0], '')}–{_amount(targets[-1], unit)}{each}" if targets else "—")
    )
    met = all(judged) if judged else None
    result = f"{w.count(sum(judged))}/{w.count(len(judged))} năm đạt" if judged else "chưa đủ năm để đánh giá"
    return target_text, result, met, details


def _goals(review: _Review) -> Section:
    heading = "Kết quả thực hiện các mục tiêu, chỉ tiêu của Chương trình"
    progress = statistics.goals_against_actuals(review.programme, review.scope, at=review.last)
    if not progress.goals:
        text = (
            "Chương trình không đề ra chỉ tiêu định lượng; kết quả được đánh giá qua các hoạt động nêu trên."
        )
        return Section("results.goals", heading, "6.", 2, (Paragraph(text),))
    f = review.figures
    rows: list[tuple[Any, ...]] = []
    details: list[tuple[Any, ...]] = []
    met_n = 0
    unmet: list[str] = []
    for i, gp in enumerate(progress.goals, start=1):
        target, result, met, detail = _goal_summary(gp, review)
        rows.append((w.count(i), gp.goal.text, target, result, w.met_text(met) if met is not None else "—"))
        details += detail
        total = next((c for c in gp.rows if c.year is None), None)
        value = total.actual if total is not None else None
        f.add(f"goals.{gp.goal.pk}", gp.goal.text, value, result, gp.goal.unit)
        if met:
            met_n += 1
        elif met is False:
            unmet.append(f"{_lower(gp.goal.text)} (kết quả: {result}; chỉ tiêu: {target})")
    judged = sum(1 for r in rows if r[4] != "—")
    f.add("goals.met", "Số mục tiêu, chỉ tiêu đạt", met_n, w.count(met_n), "mục tiêu")
    f.add("goals.total", "Số mục tiêu, chỉ tiêu của Chương trình", len(rows), w.count(len(rows)), "mục tiêu")
    text = (
        f"Đến ngày {w.date_text(review.last)}, trong {w.count(len(rows))} mục tiêu, chỉ tiêu của Chương trình, "
        f"có {w.count(met_n)} chỉ tiêu đạt"
    )
    if judged - met_n:
        text += f", {w.count(judged - met_n)} chỉ tiêu chưa đạt"
    if len(rows) - judged:
        text += f", {w.count(len(rows) - judged)} chỉ tiêu chưa đủ số liệu để đánh giá"
    blocks: list[Block] = [Paragraph(text + ".", figures=("goals.met", "goals.total"))]
    blocks.append(
        table(
            "goals",
            review.table_caption("Kết quả thực hiện các mục tiêu, chỉ tiêu của Chương trình"),
            (
                Column("STT", "text", 1.0),
                Column("Mục tiêu, chỉ tiêu", "text", 6.0),
                Column("Chỉ tiêu", "text", 2.8),
                Column("Kết quả", "text", 2.8),
                Column("Đánh giá", "text", 1.8),
            ),
            rows,
            note=(
                f"Kết quả tính từ các hoạt động, lớp đào tạo, bồi dưỡng và danh sách ứng cử đã cập nhật đến ngày "
                f"{w.date_text(review.last)}."
            ),
        )
    )
    if details:
        blocks.append(
            table(
                "goals.years",
                review.table_caption("Kết quả thực hiện các chỉ tiêu hằng năm"),
                (
                    Column("Chỉ tiêu", "text", 5.5),
                    Column("Năm", "text", 2.8),
                    Column("Kế hoạch", "text", 2.2),
                    Column("Thực hiện", "text", 2.4),
                    Column("Đánh giá", "text", 2.0),
                ),
                details,
            )
        )
    if unmet:
        review.limitations.append(
            Paragraph(
                f"Một số chỉ tiêu của Chương trình chưa đạt: {'; '.join(unmet)}.",
                style="bullet",
                figures=("goals.met",),
            )
        )
    return Section("results.goals", heading, "6.", 2, tuple(blocks))


def _supervision(review: _Review) -> Section:
    """Missions led by, or supervising, an organization of the area and begun in the period (counted over
    the scope's analysis area, as ``missions_by``), and their recommendations' status at the reference date
    (replayed from the follow-up, as ``recommendations_by_status``)."""
    from nguon.supervision.models import Mission, Recommendation
    from nguon.supervision.selectors import CLOSED, missions_q, overdue_item, replay

    heading = "Công tác giám sát, phản biện xã hội và góp ý xây dựng Đảng, xây dựng chính quyền"
    path = review.area.path
    missions = (
        Mission.objects.filter(missions_q(review.scope, Level.ANALYSE))
        .filter(Q(lead__area__path__startswith=path) | Q(supervised__area__path__startswith=path))
        .filter(start_date__gte=review.start, start_date__lte=review.last)
        .exclude(status="cancelled")
        .distinct()
    )
    found = list(missions.values_list("id", "kind"))
    f = review.figures
    if not found:
        text = (
            "Trong giai đoạn, các đơn vị chưa tổ chức cuộc giám sát, phản biện xã hội nào theo Quyết định "
            "217-QĐ/TW, 218-QĐ/TW của Bộ Chính trị được cập nhật vào hệ thống."
        )
        return Section("results.supervision", heading, "7.", 2, (Paragraph(text),))
    by_kind = Counter(kind for _i, kind in found)
    f.add(
        "supervision.missions",
        "Số cuộc giám sát, phản biện xã hội, góp ý",
        len(found),
        w.count(len(found)),
        "cuộc",
    )
    parts = []
    for kind in ("supervision", "criticism", "opinion"):
        n = by_kind.get(kind, 0)
        if n:
            f.add(f"supervision.{kind}", f"Số cuộc {MISSION_WORDS[kind]}", n, w.count(n), "cuộc")
            parts.append(f"{w.count(n)} cuộc {MISSION_WORDS[kind]}")
    text = (
        f"Thực hiện Quyết định 217-QĐ/TW, 218-QĐ/TW của Bộ Chính trị, {review.in_period()}, các đơn vị đã tổ "
        f"chức và tham gia {w.count(len(found))} cuộc giám sát, phản biện xã hội và góp ý ({w.list_text(parts)})"
    )
    recs = list(
        Recommendation.objects.filter(mission_id__in=[i for i, _k in found])
        .prefetch_related("events")
        .order_by("id")
    )
    keys = ["supervision.missions"]
    if recs:
        statuses: Counter[str] = Counter()
        overdue_n = 0
        for rec in recs:
            events = list(rec.events.all())
            status = replay(events, review.last)
            statuses[status] += 1
            if overdue_item(rec, events, review.last) is not None:
                overdue_n += 1
        acted = sum(statuses.get(s, 0) for s in CLOSED)
        unsent = statuses.get("", 0)
        open_n = len(recs) - acted - unsent
        f.add(
            "supervision.recommendations",
            "Số kiến nghị sau giám sát",
            len(recs),
            w.count(len(recs)),
            "kiến nghị",
        )
        f.add("supervision.recommendations.acted", "Số kiến nghị đã được tiếp thu, giải quyết", acted, w.count(acted),
              "kiến nghị")  # fmt: skip
        f.add("supervision.recommendations.open", "Số kiến nghị chưa được giải quyết", open_n, w.count(open_n),
              "kiến nghị")  # fmt: skip
        f.add(
            "supervision.recommendations.overdue",
            "Số kiến nghị quá hạn",
            overdue_n,
            w.count(overdue_n),
            "kiến nghị",
        )
        keys += ["supervision.recommendations", "supervision.recommendations.acted"]
        text += (
            f"; qua giám sát đã đưa ra {w.count(len(recs))} kiến nghị, đến ngày {w.date_text(review.last)} đã có "
            f"{w.count(acted)} kiến nghị được tiếp thu, giải quyết"
        )
        if open_n:
            text += f", {w.count(open_n)} kiến nghị chưa được giải quyết dứt điểm"
        if unsent:
            text += f", {w.count(unsent)} kiến nghị chưa gửi"
        if open_n or overdue_n:
            limit = f"Còn {w.count(open_n)} kiến nghị sau giám sát chưa được giải quyết"
            limit += (
                f", trong đó {w.count(overdue_n)} kiến nghị đã quá hạn trả lời hoặc quá thời hạn giải quyết."
                if overdue_n
                else "."
            )
            review.limitations.append(
                Paragraph(limit, style="bullet", figures=("supervision.recommendations.open",))
            )
    blocks: list[Block] = [Paragraph(text + ".", figures=tuple(keys))]
    if recs:
        labels = {
            "": "Chưa gửi",
            "sent": "Đã gửi, chờ trả lời",
            "answered": "Đã có văn bản trả lời",
            "acted": "Đã tiếp thu, giải quyết",
            "not_acted": "Chưa được tiếp thu, giải quyết",
            "escalated": "Đã báo cáo cấp trên",
        }
        order = ["acted", "answered", "sent", "escalated", "not_acted", ""]
        rows = [(labels[s], statuses[s]) for s in order if statuses.get(s)]
        rows.append(("Tổng cộng", len(recs)))
        blocks.append(
            table(
                "supervision.recommendations",
                review.table_caption(
                    f"Tình hình giải quyết kiến nghị sau giám sát đến ngày {w.date_text(review.last)}"
                ),
                (Column("Tình trạng", "text", 7.0), Column("Số kiến nghị", "int", 3.0)),
                rows,
                total_row=True,
            )
        )
    return Section("results.supervision", heading, "7.", 2, tuple(blocks))


def _support(review: _Review) -> Section:
    """Support to cadres in hardship: counts only, never a name or a case."""
    from nguon.support.selectors import support_counts

    heading = "Công tác chăm lo, hỗ trợ cán bộ nữ"
    counts = support_counts(review.scope, area=review.area, start=review.start, end=review.last)
    f = review.figures
    if not counts.cases and not counts.supports:
        text = (
            "Các đơn vị thường xuyên quan tâm thăm hỏi, động viên cán bộ khi ốm đau, gia đình gặp khó khăn; "
            "trong giai đoạn chưa có trường hợp hỗ trợ được cập nhật vào hệ thống."
        )
        return Section("results.support", heading, "8.", 2, (Paragraph(text),))
    f.add(
        "support.cases", "Số trường hợp cán bộ được hỗ trợ", counts.cases, w.count(counts.cases), "trường hợp"
    )
    f.add("support.people", "Số cán bộ được hỗ trợ", counts.people, w.count(counts.people), "người")
    f.add("support.supports", "Số lượt hỗ trợ", counts.supports, w.count(counts.supports), "lượt")
    f.add("support.amount", "Tổng số tiền hỗ trợ", counts.amount, w.money(counts.amount), "đồng")
    kinds: Counter[str] = Counter()
    for (kind, _year), n in counts.by_kind_year.items():
        kinds[kind] += n
    why = [f"{w.count(n)} trường hợp {CASE_WORDS.get(k, 'khác')}" for k, n in kinds.most_common()]
    how = [
        f"{SUPPORT_WORDS.get(k, 'hình thức khác')} {w.count(n)} lượt"
        for k, n in sorted(counts.supports_by_kind.items(), key=lambda kv: -kv[1])
    ]
    text = (
        f"Thực hiện chính sách đãi ngộ, chăm lo đời sống cán bộ, {review.in_period()}, các đơn vị đã hỗ trợ "
        f"{w.count(counts.people)} cán bộ"
        + (f" gồm {w.list_text(why)}" if why else f" ({w.count(counts.cases)} trường hợp)")
        + f", với {w.count(counts.supports)} lượt hỗ trợ"
        + (f" ({w.list_text(how)})" if how else "")
    )
    if counts.amount:
        text += f", tổng số tiền {w.money(counts.amount)}"
    text += ", góp phần quan trọng động viên cán bộ nữ yên tâm công tác, học tập."
    return Section(
        "results.support",
        heading,
        "8.",
        2,
        (Paragraph(text, figures=("support.people", "support.cases", "support.amount")),),
    )


def _results(review: _Review, cells: _Cells) -> Section:
    intro = Paragraph(
        "Dưới sự lãnh đạo của các cấp ủy, chính quyền, với tinh thần trách nhiệm và quyết tâm cao, bám sát nhiệm "
        "vụ chính trị và hướng dẫn của cấp trên, các đơn vị đã tập trung tuyên truyền, vận động cán bộ, hội viên, "
        "đoàn viên thực hiện tốt chủ trương, đường lối của Đảng về công tác cán bộ nữ và công tác vận động nữ "
        "thanh niên; kết quả cụ thể như sau:"
    )
    subsections = (
        _representation(review, cells),
        _appointments(review, cells),
        _rotations(review),
        _pipeline(review, cells),
        _activities(review),
        _goals(review),
        _supervision(review),
        _support(review),
    )
    return Section("results", "KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH", w.roman(2) + ".", 1, (intro,), subsections)


# --- III – VI --------------------------------------------------------------------------------------------------
def _limitations(review: _Review) -> Section:
    limits: list[Block] = list(review.limitations)
    if not limits:
        limits = [
            Paragraph(
                "Qua số liệu tổng hợp, các chỉ tiêu về tỷ lệ nữ tham gia cấp ủy và các mục tiêu, chỉ tiêu của "
                "Chương trình đều đạt; không còn kiến nghị sau giám sát chưa được giải quyết. Tuy nhiên, một số "
                "hoạt động phối hợp còn mang tính thời điểm, chưa thật sự đa dạng về hình thức."
            )
        ]
        causes: list[Block] = [
            Paragraph(
                "Việc cập nhật, theo dõi số liệu về cán bộ nữ, cán bộ trẻ ở một số đơn vị chưa thường xuyên; "
                "cán bộ làm công tác Hội, Đoàn ở cơ sở thường xuyên thay đổi, kiêm nhiệm nhiều việc."
            )
        ]
    else:
        causes = [
            Paragraph(
                "Nguyên nhân khách quan: cơ cấu, số lượng cấp ủy viên và chức danh lãnh đạo ở nhiều đơn vị còn ít, "
                "việc bố trí cán bộ phải bảo đảm nhiều yêu cầu cùng lúc; cán bộ nữ còn gánh nặng công việc gia "
                "đình, thời gian tham gia đào tạo, bồi dưỡng còn hạn chế.",
                style="bullet",
            ),
            Paragraph(
                "Nguyên nhân chủ quan: một số cấp ủy, người đứng đầu chưa thật sự quan tâm đến công tác quy hoạch, "
                "đào tạo, bồi dưỡng và giới thiệu cán bộ nữ; công tác tham mưu của các đơn vị có lúc chưa kịp "
                "thời; việc theo dõi, đôn đốc thực hiện kiến nghị sau giám sát chưa thường xuyên.",
                style="bullet",
            ),
        ]
    return Section(
        "limitations",
        "HẠN CHẾ, TỒN TẠI VÀ NGUYÊN NHÂN",
        w.roman(3) + ".",
        1,
        (),
        (
            Section("limitations.limits", "Hạn chế, tồn tại", "1.", 2, tuple(limits)),
            Section("limitations.causes", "Nguyên nhân", "2.", 2, tuple(causes)),
        ),
    )


LESSONS = (
    "phải thường xuyên bám sát sự lãnh đạo, chỉ đạo của cấp ủy, sự hướng dẫn của cấp trên; chủ động tham mưu "
    "cho cấp ủy, chính quyền về công tác cán bộ nữ, cán bộ trẻ.",
    "sự phối hợp giữa các đơn vị phải chặt chẽ, thống nhất, có kế hoạch cụ thể hằng năm, phân công rõ trách "
    "nhiệm; thường xuyên trao đổi, rút kinh nghiệm.",
    "nội dung, hình thức hoạt động phải phù hợp với đặc điểm, nhu cầu của hội viên, đoàn viên, nhất là phụ nữ "
    "trẻ; gắn với nhiệm vụ chính trị của địa phương.",
    "phải làm tốt công tác phát hiện, quy hoạch, đào tạo, bồi dưỡng nguồn cán bộ nữ, cán bộ trẻ từ sớm; theo "
    "dõi, cập nhật số liệu đầy đủ, chính xác làm cơ sở đề xuất, giới thiệu.",
    "thường xuyên kiểm tra, giám sát, sơ kết, tổng kết việc thực hiện; kịp thời biểu dương, khen thưởng những "
    "tập thể, cá nhân có thành tích tiêu biểu.",
)


def _lessons(review: _Review) -> Section:
    blocks = tuple(Paragraph(text, bold_lead=w.ordinal_lead(i)) for i, text in enumerate(LESSONS, start=1))
    return Section("lessons", "BÀI HỌC KINH NGHIỆM", w.roman(4) + ".", 1, blocks)


def _next_period(review: _Review, follow: Programme | None) -> str:
    if follow is not None:
        return _programme_period(follow)
    year = review.programme.end_date.year
    return f"giai đoạn {year} – {year + 5}"


def _directions(review: _Review, cells: _Cells, final: bool) -> Section:
    follow = programme_list(scope=review.scope, level=Level.ANALYSE).filter(follows=review.programme).first()
    targets: list[Block] = []
    level = review.area.level
    codes = [
        GRASSROOTS,
        LEVEL_COMMITTEE.get(level, ""),
        *OTHER_BODIES,
        KEY_CADRES.get(level, KEY_POSTS),
        POOL_WOMEN,
    ]
    f = review.figures
    for code in codes:
        cell = cells.get(review.area, code) if code else None
        if cell is None or cell.target is None:
            continue
        t = cell.target
        text = f"Phấn đấu {_lower(cells.names.get(code, ''))} đạt {w.target_text(t.value, t.comparator)} ({t.document})"
        if cell.status == "not_met" and cell.gap:
            f.add(
                f"directions.{code}.gap",
                f"{cells.names.get(code, '')}: số nữ còn thiếu",
                cell.gap,
                w.count(cell.gap),
                "người",
            )
            text += f"; toàn {review.area_word} {w.gap_people(cell.gap, t.value)}"
        elif cell.status == "met":
            text += f"; hiện đạt {w.percent(cell.value)}, tiếp tục duy trì và nâng cao"
        targets.append(Paragraph(text + ".", style="bullet"))
    targets += review.gaps
    if follow is not None:
        name = f"Chương trình phối hợp{' số ' + follow.number if follow.number else ''} {_programme_period(follow)}"
        goals = list(follow.goals.order_by("position", "id"))
        if goals:
            listed = "; ".join(_lower(g.text) for g in goals)
            targets.append(
                Paragraph(f"Triển khai thực hiện {name} với các chỉ tiêu: {listed}.", style="bullet")
            )
        else:
            targets.append(Paragraph(f"Triển khai thực hiện {name}.", style="bullet"))
    elif final:
        targets.append(
            Paragraph(
                f"Xây dựng, ký kết chương trình phối hợp {_next_period(review, follow)} với các chỉ tiêu cụ thể, "
                "đo đếm được.",
                style="bullet",
            )
        )
    else:
        targets.append(
            Paragraph(
                "Tiếp tục thực hiện các mục tiêu, chỉ tiêu còn lại của Chương trình đến ngày "
                f"{w.date_text(review.programme.end_date)}, tập trung vào các chỉ tiêu chưa đạt.",
                style="bullet",
            )
        )
    tasks = (
        "Chủ động tham mưu cho cấp ủy Đảng, chính quyền tiếp tục đưa công tác xây dựng và phát triển đội ngũ "
        "cán bộ nữ lãnh đạo, quản lý vào nghị quyết, gắn với đẩy mạnh thực hiện Nghị quyết số 11-NQ/TW của Bộ "
        "Chính trị về công tác phụ nữ thời kỳ đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước và Chiến lược quốc "
        "gia về bình đẳng giới.",
        "Tiếp tục coi trọng công tác đào tạo, bồi dưỡng cán bộ nữ, cán bộ trẻ bảo đảm đủ trình độ, năng lực hoàn "
        "thành nhiệm vụ; sử dụng hợp lý cán bộ nữ trên thế mạnh của từng cán bộ.",
        "Quan tâm thực hiện chính sách đãi ngộ cán bộ nữ, chăm sóc sức khỏe, hỗ trợ những cán bộ có hoàn cảnh "
        "khó khăn, gia đình gặp rủi ro.",
        "Tăng cường phối hợp thực hiện các chương trình giám sát theo Quyết định 217-QĐ/TW, 218-QĐ/TW của Bộ "
        "Chính trị; theo dõi, đôn đốc việc giải quyết các kiến nghị sau giám sát.",
        "Tiếp tục phổ biến, tuyên truyền, giáo dục nâng cao nhận thức về bình đẳng giới; tăng cường phối hợp "
        "giới thiệu nhân sự nữ, nữ trẻ đủ tiêu chuẩn tham gia cấp ủy, Hội đồng nhân dân, Ủy ban nhân dân các cấp.",
    )
    return Section(
        "directions",
        (
            f"PHƯƠNG HƯỚNG, NHIỆM VỤ {_next_period(review, follow).upper()}"
            if final or follow is not None
            else "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"
        ),
        w.roman(5) + ".",
        1,
        (),
        (
            Section("directions.targets", "Mục tiêu, chỉ tiêu", "1.", 2, tuple(targets)),
            Section(
                "directions.tasks",
                "Nhiệm vụ, giải pháp",
                "2.",
                2,
                tuple(Paragraph(t, style="bullet") for t in tasks),
            ),
        ),
    )


def _proposals(review: _Review) -> Section:
    from .common import superior_of

    committee = COMMITTEE_WORDS.get(review.area.kind)
    word = review.area_word
    local = f"{committee} {place_of(review.area)}" if committee else f"Đảng ủy {review.area_text}"
    blocks: list[Block] = [
        Paragraph(
            f"Đối với {local}, Ủy ban nhân dân {review.area_text}: tiếp tục quan tâm lãnh đạo, chỉ đạo công tác "
            f"cán bộ nữ, cán bộ trẻ; chỉ đạo cấp ủy các {review.unit_word if review.units else 'đơn vị'} rà soát, "
            "bổ sung quy hoạch, giới thiệu cán bộ nữ đủ tiêu chuẩn tham gia cấp ủy, chính quyền, nhất là ở các "
            "đơn vị chưa đạt chỉ tiêu; quan tâm bố trí kinh phí cho công tác đào tạo, bồi dưỡng cán bộ nữ.",
            style="bullet",
        )
    ]
    seen = set()
    superiors = []
    for party in review.parties:
        top = superior_of(party, review.at)
        if top is not None and top.pk not in seen:
            seen.add(top.pk)
            superiors.append(_org_name(top))
    if superiors:
        blocks.append(
            Paragraph(
                f"Đối với {w.list_text(superiors)}: tiếp tục hướng dẫn, tập huấn nghiệp vụ công tác cán bộ nữ, "
                "cán bộ trẻ; nhân rộng các mô hình phối hợp hiệu quả; quan tâm giới thiệu cán bộ nữ trẻ có triển "
                f"vọng của {word} tham gia các lớp đào tạo, bồi dưỡng của cấp trên.",
                style="bullet",
            )
        )
    return Section("proposals", "KIẾN NGHỊ, ĐỀ XUẤT", w.roman(6) + ".", 1, tuple(blocks))


__all__ = ["build"]
