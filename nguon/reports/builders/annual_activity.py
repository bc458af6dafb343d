"""Builder of the annual activity report of one union (báo cáo tổng kết công tác Hội / công tác Đoàn năm …).

The report a Women's Union or a Youth Union writes at the end of the year, in the order of DOMAIN.md §9:
I. the overview (the union, its superior, its grassroots units, the joint programmes it takes part in);
II. the results — the activities it organized or co-organized, by type group and kind, by month, with the
participants by sex and age group and the outputs, a chart of the activities per kind; the joint programmes'
goals for the year against actuals; the supervision missions it led or took part in and their
recommendations; support to cadres (counts only); III. the limitations and their causes (goals not met this
year, recommendations still open); IV. the directions and tasks for the next year (the next year's targets
of the programmes); V. the proposals.

Whose activities: those whose organizer is the union or that name it as a co-organizer, counted as the
statistics of ``nguon.programmes.statistics`` count them (``counted_activities``: the scope's analysis area,
the year of the start date; participants by sex × age group from the counted rows or the named people, a
typed total without a split as unknown × unknown; outputs summed per kind) — the statistics functions take no
organization, so the same counting is done here over the union's activities. The programmes' goals come from
``statistics.goals_against_actuals`` (the whole programme, every party), the missions from
``supervision.selectors.mission_list`` (those the union led or joined), support to cadres from the cases the
union keeps (counts only, never a name or a case).

Period: ``params.start``..``params.end``, by default the calendar year of the reference date; figures are read
at ``params.at`` (else the period's end, else today) and nothing dated after it is counted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.core.scope import Level, Scope
from nguon.organizations.models import Organization
from nguon.programmes import statistics
from nguon.programmes.choices import GoalMeasure, ParticipantMode, TargetPeriod
from nguon.programmes.models import (
    Activity,
    ActivityCount,
    ActivityOutput,
    ActivityParticipant,
    ActivityType,
    OutputKind,
    Programme,
)
from nguon.programmes.progress import Cell, GoalProgress
from nguon.programmes.selectors import programme_list

from .. import wording as w
from ..context import Block, Chart, Column, Figure, Paragraph, ReportContext, Section, Series
from . import ReportError
from .common import figure, header_for, place_of, short, signature_for, superior_of, table

KIND = "annual_activity"
UNION_KINDS = ("womens_union", "youth_union")

SEX_WORDS = {"female": "Nữ", "male": "Nam", "unknown": "Chưa rõ giới tính"}
AGE_WORDS = {
    "under_16": "Dưới 16 tuổi",
    "16_30": "Từ 16 đến 30",
    "31_45": "Từ 31 đến 45",
    "46_60": "Từ 46 đến 60",
    "over_60": "Trên 60",
    "unknown": "Chưa rõ",
}
MISSION_WORDS = {
    "supervision": "giám sát",
    "criticism": "phản biện xã hội",
    "opinion": "góp ý xây dựng Đảng, xây dựng chính quyền",
}
STATUS_WORDS = {
    "": "Chưa gửi",
    "sent": "Đã gửi, chờ trả lời",
    "answered": "Đã có văn bản trả lời",
    "acted": "Đã tiếp thu, giải quyết",
    "not_acted": "Chưa được tiếp thu, giải quyết",
    "escalated": "Đã báo cáo cấp trên",
}
STATUS_ORDER = ("acted", "answered", "sent", "escalated", "not_acted", "")
STATUS_KEYS = {"": "unsent"}
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
COMMITTEE_WORDS = {
    "tinh": "Tỉnh ủy",
    "thanh_pho_tw": "Thành ủy",
    "quan": "Quận ủy",
    "huyen": "Huyện ủy",
    "thi_xa": "Thị ủy",
    "thanh_pho": "Thành ủy",
}
COMMUNE_KINDS = ("phuong", "xa", "thi_tran", "dac_khu")
#: More kinds than this in the chart: it shows the groups instead.
CHART_KINDS = 14


@dataclass(frozen=True)
class _Union:
    """How the text speaks of the union: "Hội" / "Đoàn", its members, its grassroots units."""

    word: str  # "Hội", "Đoàn"
    work: str  # "công tác Hội và phong trào phụ nữ"
    members: str  # "hội viên, phụ nữ"
    units: str  # "cơ sở Hội"


UNION_WORDS = {
    "womens_union": _Union("Hội", "công tác Hội và phong trào phụ nữ", "hội viên, phụ nữ", "cơ sở Hội"),
    "youth_union": _Union("Đoàn", "công tác Đoàn và phong trào thanh thiếu nhi", "đoàn viên, thanh niên",
                          "cơ sở Đoàn"),
}  # fmt: skip


@dataclass
class _Report:
    scope: Scope
    union: Organization
    words: _Union
    start: dt.date
    end: dt.date
    at: dt.date
    system: list[Organization] = field(default_factory=list)  # the union, then its grassroots units
    figures: list[Figure] = field(default_factory=list)
    limitations: list[Paragraph] = field(default_factory=list)
    directions: list[Paragraph] = field(default_factory=list)
    tables: int = 0
    charts: int = 0

    @property
    def last(self) -> dt.date:
        return min(self.end, self.at)

    @property
    def whole_year(self) -> bool:
        return self.start == dt.date(self.start.year, 1, 1) and self.end == dt.date(self.start.year, 12, 31)

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def system_ids(self) -> list[int]:
        return [o.pk for o in self.system]

    @property
    def whole(self) -> str:
        """Who did it: "toàn Hội" for a union with grassroots units, else the union's name."""
        return f"toàn {self.words.word}" if len(self.system) > 1 else self.name

    @property
    def name(self) -> str:
        """ "Hội LHPN quận Hoàn Kiếm" (short, as running text names it)."""
        return short(self.union.name)

    def period(self) -> str:
        """ "năm 2018" / "năm 2018 (đến ngày 30/06/2018)" / "từ 01/03/2018 đến 30/09/2018"."""
        if self.whole_year:
            text = f"năm {self.year}"
            return text if self.last >= self.end else f"{text} (tính đến ngày {w.date_text(self.last)})"
        return w.period_text(self.start, self.last)

    def add(self, key: str, label: str, value: int | Decimal | None, text: str, unit: str = "") -> str:
        self.figures.append(figure(key, label, value, text, unit))
        return key

    def table_caption(self, text: str) -> str:
        self.tables += 1
        return f"Bảng {self.tables}. {text}"

    def chart_caption(self, text: str) -> str:
        self.charts += 1
        return f"Biểu đồ {self.charts}. {text}"


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _committee(area: Area) -> str:
    """The party committee of the union's area: "Quận ủy Hoàn Kiếm", "Đảng ủy phường Hàng Bạc" ("" unknown)."""
    if area.kind in COMMITTEE_WORDS:
        return f"{COMMITTEE_WORDS[area.kind]} {place_of(area)}"
    if area.kind in COMMUNE_KINDS or area.level == "commune":
        return f"Đảng ủy {_lower(area.name)}"
    return ""


def _valid_q(day: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


# --- the build -----------------------------------------------------------------------------------------------
def build(*, scope: Scope, params: Any) -> ReportContext:
    """The annual activity report of ``params.organization`` as ``scope`` may read it (see the module)."""
    union = _union(scope, params)
    ref = params.reference_date
    start = params.start or dt.date((params.end or ref).year, 1, 1)
    end = params.end or dt.date(start.year, 12, 31)
    if start > end:
        raise ReportError(_("The period must end after it starts."), "end")
    at = params.at or (end if params.end else min(end, max(start, timezone.localdate())))
    report = _Report(
        scope=scope,
        union=union,
        words=UNION_WORDS[union.kind],
        start=start,
        end=end,
        at=at,
        system=union_system(union),
    )
    header = header_for(
        issuer=union,
        area=union.area,
        number=params.number,
        place=params.place,
        date=params.issued_on or report.last,
        at=report.last,
    )
    data = _gather(report)
    programmes = _programmes(report, data)
    sections = (
        _overview(report, programmes),
        _results(report, data, programmes),
        _limitations(report),
        _directions(report, programmes),
        _proposals(report, header.superior),
    )
    return ReportContext(
        kind=KIND,
        title="BÁO CÁO",
        subtitle=f"Tổng kết {report.words.work} {report.period()}"
        if report.last >= report.end
        else f"Kết quả {report.words.work} {report.period()}",
        header=header,
        sections=sections,
        figures=tuple(report.figures),
        recipients=_recipients(report, header.superior),
        signature=signature_for(params, union),
        params=params.as_json(),
        area_code=union.area.code,
        area_name=union.area.name,
        start=start,
        end=end,
        at=at,
        built_at=timezone.now(),
    )


def _union(scope: Scope, params: Any) -> Organization:
    """The union asked for, if it is a Women's or Youth Union the scope reaches, in the report's area."""
    if params.organization is None:
        raise ReportError(
            _("Choose the Women's Union or Youth Union whose year the report covers."), "organization"
        )
    union = Organization.objects.select_related("area", "parent").filter(pk=params.organization.pk).first()
    if union is None or not scope.covers_organization(union, Level.ANALYSE):
        raise ReportError(_("This union is not in your area of work."), "organization")
    if union.kind not in UNION_KINDS:
        raise ReportError(
            _("The annual activity report is written by a Women's Union or a Youth Union."), "organization"
        )
    area: Area | None = params.area
    if area is not None and not union.area.path.startswith(area.path):
        raise ReportError(_("This union is not in the chosen area."), "organization")
    return union


# --- the union's activities, counted as the statistics count them ----------------------------------------------
@dataclass
class _Data:
    activities: list[dict[str, Any]]
    organized: int
    types: dict[int, dict[str, Any]]  # id → {code, name, parent_id, position}
    sexes: dict[tuple[str, str], int]  # (sex, age group) → participants
    women: dict[int, int]  # activity id → women taking part
    outputs: list[tuple[OutputKind, Decimal, int]]  # kind, quantity, activities reporting it
    unit_of: dict[int, int | None]  # activity id → the organization of the system it counts to
    own: int  # the activities the union itself organized or co-organized

    @property
    def total(self) -> int:
        return len(self.activities)

    @property
    def participants(self) -> int:
        return sum(self.sexes.values())

    def sex_total(self, sex: str) -> int:
        return sum(n for (s, _a), n in self.sexes.items() if s == sex)

    def age_total(self, group: str) -> int:
        return sum(n for (_s, a), n in self.sexes.items() if a == group)


def union_system(union: Organization) -> list[Organization]:
    """The union and its grassroots units: the organizations of its kind in its area's subtree (whatever their
    validity: a merged ward's union keeps its past activities), the union first, then by area and name."""
    others = (
        Organization.objects.filter(kind=union.kind, area__path__startswith=union.area.path)
        .exclude(pk=union.pk)
        .select_related("area")
        .order_by("area__path", "name", "id")
    )
    return [union, *others]


def union_activities(*, scope: Scope, organizations: list[int], start: dt.date, end: dt.date) -> Any:
    """The activities the statistics count over [start, end] (``counted_activities``) that one of
    ``organizations`` organized or co-organized."""
    mine = Activity.objects.filter(
        Q(organizer__in=organizations) | Q(co_organizers__in=organizations)
    ).values("pk")
    return statistics.counted_activities(scope=scope, start=start, end=end).filter(pk__in=mine)


def _gather(report: _Report) -> _Data:
    qs = union_activities(
        scope=report.scope, organizations=report.system_ids, start=report.start, end=report.last
    )
    acts = [
        dict(r)
        for r in qs.values(
            "id", "type_id", "start_date", "organizer_id", "participants", "participant_mode"
        ).order_by("start_date", "id")
    ]
    types: dict[int, dict[str, Any]] = {
        t["id"]: dict(t) for t in ActivityType.objects.values("id", "code", "name", "parent_id", "position")
    }
    sexes: dict[tuple[str, str], int] = defaultdict(int)
    women: dict[int, int] = defaultdict(int)
    row: Any
    for row in (
        ActivityCount.objects.filter(
            activity__in=qs.values("pk"), activity__participant_mode=ParticipantMode.COUNTED
        )
        .values("activity_id", "sex", "age_group")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        sexes[(row["sex"], row["age_group"])] += row["n"] or 0
        if row["sex"] == "female":
            women[row["activity_id"]] += row["n"] or 0
    for row in (
        ActivityParticipant.objects.filter(
            activity__in=qs.values("pk"), activity__participant_mode=ParticipantMode.NAMED
        )
        .values("activity_id", "activity__start_date", "person__sex", "person__birth_date")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    ):
        sex = statistics.PERSON_SEX.get(row["person__sex"] or "", "unknown")
        sexes[(sex, statistics.age_group(row["person__birth_date"], row["activity__start_date"]))] += row["n"]
        if sex == "female":
            women[row["activity_id"]] += row["n"]
    typed = sum(a["participants"] for a in acts)
    split = sum(sexes.values())
    if typed > split:  # typed totals without a split: unknown × unknown, as the statistics count them
        sexes[("unknown", "unknown")] += typed - split
    sums = {
        r["kind_id"]: r
        for r in ActivityOutput.objects.filter(activity__in=qs.values("pk"))
        .values("kind_id")
        .annotate(q=Sum("quantity"), n=Count("activity_id", distinct=True))
        .order_by()
    }
    outputs = [
        (kind, Decimal(sums[kind.pk]["q"] or 0), sums[kind.pk]["n"] or 0)
        for kind in OutputKind.objects.order_by("position", "id")
        if kind.pk in sums and sums[kind.pk]["q"]
    ]
    system = set(report.system_ids)
    organized = sum(1 for a in acts if a["organizer_id"] in system)
    # each activity to one unit of the system: its organizer, else its first co-organizer in the system
    co: dict[int, list[int]] = defaultdict(list)
    for activity_id, org_id in (
        Activity.co_organizers.through.objects.filter(activity__in=qs.values("pk"), organization__in=system)
        .order_by("organization_id")
        .values_list("activity_id", "organization_id")
    ):
        co[activity_id].append(org_id)
    unit_of: dict[int, int | None] = {
        a["id"]: a["organizer_id"] if a["organizer_id"] in system else next(iter(co.get(a["id"], [])), None)
        for a in acts
    }
    union = report.union.pk
    own = sum(1 for a in acts if a["organizer_id"] == union or union in co.get(a["id"], []))
    return _Data(acts, organized, types, dict(sexes), dict(women), outputs, unit_of, own)


# --- I. overview ---------------------------------------------------------------------------------------------
def _programmes(report: _Report, data: _Data) -> list[Programme]:
    """The joint programmes of the year the union is a party of, or recorded activities under."""
    linked = {a_id for a_id in Activity.objects.filter(pk__in=[a["id"] for a in data.activities])
              .exclude(programme__isnull=True).values_list("programme_id", flat=True)}  # fmt: skip
    return list(
        programme_list(scope=report.scope, level=Level.ANALYSE)
        .filter(Q(parties__organization=report.union) | Q(pk__in=linked))
        .filter(start_date__lte=report.last, end_date__gte=report.start)
        .distinct()
        .order_by("start_date", "id")
    )


def _programme_name(p: Programme) -> str:
    number = f" số {p.number}" if p.number else ""
    return f"Chương trình phối hợp{number} “{p.title}”" if number else f"“{p.title}”"


def _overview(report: _Report, programmes: list[Programme]) -> Section:
    union, words = report.union, report.words
    area = union.area
    units = (
        Organization.objects.filter(kind=union.kind)
        .filter(Q(parent=union) | Q(area__parent=area))
        .filter(_valid_q(report.last))
        .exclude(pk=union.pk)
        .distinct()
        .count()
    )
    superior = superior_of(union, report.last)
    text = (
        f"{w.capitalize(report.period())}, {report.name} triển khai nhiệm vụ dưới sự lãnh đạo, chỉ đạo của "
        f"{_committee(area) or 'cấp ủy cùng cấp'}"
    )
    if superior is not None:
        text += f", sự hướng dẫn của {short(superior.name)}"
    text += (
        f", sự phối hợp của các ban, ngành, đoàn thể và sự tham gia tích cực của đông đảo {words.members}."
    )
    blocks: list[Block] = [Paragraph(text)]
    if units:
        report.add("units.total", f"Số {words.units} trực thuộc", units, w.count(units), "cơ sở")
        blocks.append(
            Paragraph(
                f"Toàn {words.word} có {w.count(units)} {words.units} trực thuộc.",
                figures=("units.total",),
            )
        )
    if programmes:
        report.add("programmes.total", "Số chương trình phối hợp thực hiện trong năm", len(programmes),
                   w.count(len(programmes)), "chương trình")  # fmt: skip
        names = [_programme_name(p) for p in programmes]
        blocks.append(
            Paragraph(
                f"Trong năm, {report.name} tham gia thực hiện {w.count(len(programmes))} chương trình phối hợp: "
                f"{'; '.join(names)}.",
                figures=("programmes.total",),
            )
        )
    return Section("overview", "ĐẶC ĐIỂM TÌNH HÌNH", "I.", 1, tuple(blocks))


# --- II. results ---------------------------------------------------------------------------------------------
def _results(report: _Report, data: _Data, programmes: list[Programme]) -> Section:
    return Section(
        "results",
        f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ {report.period().upper()}",
        "II.",
        1,
        (),
        (
            _activities(report, data),
            _goals(report, programmes),
            _supervision(report),
            _support(report),
        ),
    )


def _type_rows(data: _Data) -> list[tuple[dict[str, Any], dict[str, Any] | None, list[dict[str, Any]]]]:
    """(group, kind or None for the group's own row, its activities) in the taxonomy's order."""
    by_type: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in data.activities:
        by_type[a["type_id"]].append(a)
    groups = sorted(
        (t for t in data.types.values() if t["parent_id"] is None), key=lambda t: (t["position"], t["id"])
    )
    out: list[tuple[dict[str, Any], dict[str, Any] | None, list[dict[str, Any]]]] = []
    for g in groups:
        kinds = sorted(
            (t for t in data.types.values() if t["parent_id"] == g["id"]),
            key=lambda t: (t["position"], t["id"]),
        )
        acts = list(by_type.get(g["id"], []))
        for k in kinds:
            acts += by_type.get(k["id"], [])
        if not acts:
            continue
        out.append((g, None, acts))
        for k in kinds:
            if by_type.get(k["id"]):
                out.append((g, k, by_type[k["id"]]))
    return out


def _doers(report: _Report) -> str:
    """ "Hội LHPN quận Hoàn Kiếm và các cơ sở Hội trực thuộc" (or the union alone)."""
    return f"{report.name} và các {report.words.units} trực thuộc" if len(report.system) > 1 else report.name


def _activities(report: _Report, data: _Data) -> Section:
    heading = "Tổ chức các hoạt động"
    if not data.total:
        text = f"{w.capitalize(report.period())}, chưa ghi nhận hoạt động nào do {_doers(report)} chủ trì hoặc phối hợp tổ chức."
        report.add("activities.total", "Số hoạt động", 0, "0", "hoạt động")
        report.limitations.append(
            Paragraph(
                f"Các hoạt động của {report.name} trong năm chưa được cập nhật vào hệ thống.",
                style="bullet",
                figures=("activities.total",),
            )
        )
        return Section(
            "results.activities", heading, "1.", 2, (Paragraph(text, figures=("activities.total",)),)
        )
    women = data.sex_total("female")
    men = data.sex_total("male")
    youth = data.age_total("16_30")
    co = data.total - data.organized
    report.add("activities.total", "Số hoạt động", data.total, w.count(data.total), "hoạt động")
    report.add(
        "activities.organized",
        "Số hoạt động chủ trì tổ chức",
        data.organized,
        w.count(data.organized),
        "hoạt động",
    )
    report.add("activities.co_organized", "Số hoạt động phối hợp tổ chức", co, w.count(co), "hoạt động")
    report.add(
        "participants.total",
        "Số lượt người tham gia",
        data.participants,
        w.count(data.participants),
        "lượt người",
    )
    report.add("participants.women", "Số lượt nữ tham gia", women, w.count(women), "lượt người")
    report.add("participants.men", "Số lượt nam tham gia", men, w.count(men), "lượt người")
    report.add(
        "participants.youth", "Số lượt người từ 16 đến 30 tuổi tham gia", youth, w.count(youth), "lượt người"
    )
    how = []
    if data.organized:
        how.append(f"chủ trì {w.count(data.organized)} hoạt động")
    if co:
        how.append(f"phối hợp tổ chức {w.count(co)} hoạt động")
    lead = (
        f"{w.capitalize(report.period())}, {report.whole} đã tổ chức {w.count(data.total)} hoạt động "
        f"({w.list_text(how)}), thu hút {w.count(data.participants)} lượt người tham gia"
    )
    among: list[str] = []
    if women:
        among.append(f"{w.count(women)} lượt nữ")
    if youth:
        among.append(f"{w.count(youth)} lượt người từ 16 đến 30 tuổi")
    lead += f" (trong đó có {w.list_text(among)})." if among else "."
    if len(report.system) > 1:
        units = data.total - data.own
        report.add("activities.own", f"Số hoạt động do {report.name} trực tiếp tổ chức, tham gia", data.own,
                   w.count(data.own), "hoạt động")  # fmt: skip
        report.add("activities.units", f"Số hoạt động do các {report.words.units} tổ chức", units, w.count(units),
                   "hoạt động")  # fmt: skip
        if data.own:
            lead += (
                f" Trong đó, {report.name} trực tiếp tổ chức, tham gia {w.count(data.own)} hoạt động; các "
                f"{report.words.units} tổ chức {w.count(units)} hoạt động."
            )
        else:
            lead += f" Các hoạt động đều do các {report.words.units} tổ chức."
    blocks: list[Block] = [
        Paragraph(
            lead,
            figures=(
                "activities.total",
                "activities.organized",
                "activities.co_organized",
                "participants.total",
                "participants.women",
                "participants.youth",
            ),
        )
    ]
    rows = _type_rows(data)
    phrases: list[str] = []
    keys: list[str] = []
    table_rows: list[tuple[Any, ...]] = []
    for group, kind, acts in rows:
        n = len(acts)
        people = sum(a["participants"] for a in acts)
        female = sum(data.women.get(a["id"], 0) for a in acts)
        if kind is None:
            keys.append(
                report.add(
                    f"activities.group.{group['code']}",
                    f"Số hoạt động: {group['name']}",
                    n,
                    w.count(n),
                    "hoạt động",
                )
            )
            inner = [
                f"{_lower(k['name'])} {w.count(len(ka))}"
                for g2, k, ka in rows
                if g2["id"] == group["id"] and k is not None and k["name"] != group["name"]
            ]
            phrase = f"{_lower(group['name'])}: {w.count(n)} hoạt động"
            phrases.append(phrase + (f" ({'; '.join(inner)})" if inner else ""))
            table_rows.append((group["name"], n, people, female))
        else:
            report.add(
                f"activities.kind.{kind['code']}", f"Số hoạt động: {kind['name']}", n, w.count(n), "hoạt động"
            )
            if kind["name"] != group["name"]:
                table_rows.append((f"- {kind['name']}", n, people, female))
    if phrases:
        blocks.append(
            Paragraph(f"Theo lĩnh vực, các hoạt động gồm: {'; '.join(phrases)}.", figures=tuple(keys))
        )
    if data.outputs:
        said = []
        out_keys = []
        for ok, quantity, _n in data.outputs:
            amount = w.money(quantity) if ok.is_money else f"{w.number(quantity)} {ok.unit}"
            out_keys.append(
                report.add(
                    f"outputs.{ok.code}",
                    ok.name,
                    quantity,
                    amount,
                    "đồng" if ok.is_money else ok.unit,
                )
            )
            said.append(f"{_lower(ok.name)}: {amount}")
        blocks.append(Paragraph(f"Kết quả cụ thể: {'; '.join(said)}.", figures=tuple(out_keys)))
    table_rows.append(("Tổng cộng", data.total, data.participants, sum(data.women.values())))
    blocks.append(
        table(
            "activities.types",
            report.table_caption(f"Các hoạt động {report.period()} theo loại hoạt động"),
            (
                Column("Loại hoạt động", "text", 7.5),
                Column("Số hoạt động", "int", 2.4),
                Column("Số lượt người tham gia", "int", 3.0),
                Column("Trong đó nữ", "int", 2.6),
            ),
            table_rows,
            note=f"Tính các hoạt động do {_doers(report)} chủ trì hoặc phối hợp tổ chức, theo ngày bắt đầu hoạt động.",
            total_row=True,
        )
    )
    blocks.append(_chart(report, data, rows))
    blocks.append(_months(report, data))
    if len(report.system) > 1:
        blocks.append(_units(report, data))
    if data.participants:
        ages = statistics.AGE_GROUPS
        prow = [
            (SEX_WORDS[s], *(data.sexes.get((s, a), 0) for a in ages), data.sex_total(s))
            for s in statistics.SEXES
            if data.sex_total(s)
        ]
        prow.append(("Tổng cộng", *(data.age_total(a) for a in ages), data.participants))
        blocks.append(
            table(
                "activities.participants",
                report.table_caption("Số lượt người tham gia theo giới tính và nhóm tuổi"),
                (
                    Column("Giới tính", "text", 3.2),
                    *(Column(AGE_WORDS[a], "int", 1.8) for a in ages),
                    Column("Tổng số", "int", 1.8),
                ),
                prow,
                total_row=True,
            )
        )
    if data.outputs:
        blocks.append(
            table(
                "activities.outputs",
                report.table_caption("Kết quả cụ thể của các hoạt động"),
                (
                    Column("Kết quả", "text", 6.5),
                    Column("Đơn vị tính", "text", 2.4),
                    Column("Số lượng", "decimal", 3.0),
                    Column("Số hoạt động", "int", 2.4),
                ),
                [(k.name, "đồng" if k.is_money else k.unit, q, n) for k, q, n in data.outputs],
            )
        )
    return Section("results.activities", heading, "1.", 2, tuple(blocks))


def _chart(report: _Report, data: _Data, rows: list[Any]) -> Chart:
    """Activities per kind (per group when there are many kinds)."""
    kinds = [(k["name"], len(acts)) for _g, k, acts in rows if k is not None]
    if len(kinds) > CHART_KINDS or not kinds:
        kinds = [(g["name"], len(acts)) for g, k, acts in rows if k is None]
    return Chart(
        key="activities.kinds",
        caption=report.chart_caption(f"Số hoạt động {report.period()} theo loại hoạt động"),
        kind="bar_target",
        categories=tuple(name for name, _n in kinds),
        series=(
            Series(
                f"Năm {report.year}" if report.whole_year else "Số hoạt động",
                tuple(float(n) for _name, n in kinds),
            ),
        ),
        y_label="Số hoạt động",
        percent=False,
    )


def _units(report: _Report, data: _Data) -> Any:
    """Activities and participants by unit of the union's system (the union itself first)."""
    acts: Counter[int | None] = Counter()
    people: Counter[int | None] = Counter()
    for a in data.activities:
        unit = data.unit_of.get(a["id"])
        acts[unit] += 1
        people[unit] += a["participants"]
    rows: list[tuple[Any, ...]] = []
    idle = []
    for org in report.system:
        n = acts[org.pk]
        valid = (org.valid_from is None or org.valid_from <= report.last) and (
            org.valid_to is None or org.valid_to >= report.start
        )
        if not n and not valid:
            continue  # a union that did not exist in the period
        report.add(
            f"activities.unit.{org.pk}", f"Số hoạt động: {short(org.name)}", n, w.count(n), "hoạt động"
        )
        rows.append((short(org.name), n, people[org.pk]))
        if not n and org.pk != report.union.pk:
            idle.append(short(org.name))
    rows.append(("Tổng cộng", data.total, sum(a["participants"] for a in data.activities)))
    if idle:
        report.add("units.idle", f"Số {report.words.units} chưa có hoạt động được ghi nhận", len(idle),
                   w.count(len(idle)), "cơ sở")  # fmt: skip
        report.limitations.append(
            Paragraph(
                f"Còn {w.count(len(idle))} {report.words.units} chưa có hoạt động được ghi nhận "
                f"{report.period()}: {w.list_text(idle)}.",
                style="bullet",
                figures=("units.idle",),
            )
        )
    return table(
        "activities.units",
        report.table_caption(f"Các hoạt động {report.period()} theo đơn vị"),
        (
            Column("Đơn vị", "text", 7.0),
            Column("Số hoạt động", "int", 3.0),
            Column("Số lượt người tham gia", "int", 3.5),
        ),
        rows,
        note=f"Mỗi hoạt động được tính cho đơn vị chủ trì (hoặc đơn vị phối hợp, khi đơn vị chủ trì không thuộc hệ thống {report.words.word}).",
        total_row=True,
    )


def _months(report: _Report, data: _Data) -> Any:
    """Activities and participants by month of the period."""
    acts: Counter[tuple[int, int]] = Counter()
    people: Counter[tuple[int, int]] = Counter()
    for a in data.activities:
        key = (a["start_date"].year, a["start_date"].month)
        acts[key] += 1
        people[key] += a["participants"]
    months: list[tuple[int, int]] = []
    y, m = report.start.year, report.start.month
    while (y, m) <= (report.last.year, report.last.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    one_year = len({y for y, _m in months}) == 1
    rows: list[tuple[Any, ...]] = []
    for y, m in months:
        label = f"Tháng {m}" if one_year else f"Tháng {m}/{y}"
        if one_year:
            report.add(
                f"activities.month.{m}",
                f"Số hoạt động tháng {m}/{y}",
                acts[(y, m)],
                w.count(acts[(y, m)]),
                "hoạt động",
            )
        rows.append((label, acts[(y, m)], people[(y, m)]))
    rows.append(("Tổng cộng", data.total, sum(a["participants"] for a in data.activities)))
    return table(
        "activities.months",
        report.table_caption("Các hoạt động theo tháng"),
        (
            Column("Tháng", "text", 4.0),
            Column("Số hoạt động", "int", 3.0),
            Column("Số lượt người tham gia", "int", 3.5),
        ),
        rows,
        total_row=True,
    )


# --- the programmes' goals of the year -----------------------------------------------------------------------
@dataclass(frozen=True)
class _Goal:
    programme: Programme
    progress: GoalProgress
    target: Decimal | None
    actual: Decimal
    met: bool | None  # None: not judged (no target, or the year not over and not yet met)
    target_text: str
    actual_text: str
    verdict: str
    next_target: Decimal | None
    next_text: str


def _amount(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    return w.money(value) if unit.strip() == "đồng" else f"{w.number(value)} {unit}".strip()


def _unit_word(programme: Programme) -> str:
    """What the units of a programme (the areas under its area) are called: "phường", "xã", "đơn vị"."""
    words = {"phuong": "phường", "xa": "xã", "thi_tran": "thị trấn", "dac_khu": "đặc khu"}
    kinds = set(Area.objects.filter(parent=programme.area).values_list("kind", flat=True))
    found = {words.get(k, "") for k in kinds}
    return found.pop() if len(found) == 1 and "" not in found else "đơn vị"


def _goal_rows(report: _Report, programme: Programme) -> list[_Goal]:
    progress = statistics.goals_against_actuals(programme, report.scope, at=report.last)
    year = report.year
    year_over = report.last >= dt.date(year, 12, 31) or report.last >= programme.end_date
    out: list[_Goal] = []
    unit_word = _unit_word(programme)
    for gp in progress.goals:
        goal = gp.goal
        unit = goal.unit or ""
        cell: Cell | None
        next_cell: Cell | None = None
        if goal.period == TargetPeriod.PERIOD:
            cell = next((c for c in gp.rows if c.year is None), None)
            if cell is None:
                continue
            target_text = f"{_amount(cell.target, unit)} (cả giai đoạn)"
            yearly = next((c for c in gp.rows if c.year == year and c.unit_id is None), None)
            actual_text = _amount(cell.actual, unit) + " (lũy kế)"
            if yearly is not None:
                actual_text += f", năm {year}: {_amount(yearly.actual, unit)}"
            ended = report.last >= programme.end_date
            met = cell.met if (cell.met or ended) else None
        elif goal.measure == GoalMeasure.ACTIVITIES_PER_UNIT:
            mine = [
                c for c in gp.rows if c.year == year and c.unit_id == report.union.area_id and not c.summary
            ]
            if mine:
                cell = mine[0]
                target_text = f"{_amount(cell.target, 'hoạt động')}/năm ({cell.unit_name})"
                actual_text = _amount(cell.actual, "hoạt động")
            else:
                cell = next((c for c in gp.rows if c.year == year and c.summary), None)
                if cell is None:
                    continue
                target_text = f"{w.count(int(cell.target or 0))} {unit_word}"
                actual_text = f"{w.count(int(cell.actual))} {unit_word} đạt"
            met = cell.met if (cell.met or year_over) else None
            next_cell = next(
                (
                    c
                    for c in gp.rows
                    if c.year == year + 1
                    and not c.summary
                    and c.target is not None
                    and (not mine or c.unit_id == report.union.area_id)
                ),
                None,
            )
        else:
            cell = next((c for c in gp.rows if c.year == year and c.unit_id is None and not c.summary), None)
            if cell is None:
                continue
            target_text = _amount(cell.target, unit)
            actual_text = _amount(cell.actual, unit)
            met = cell.met if (cell.met or year_over) else None
            next_cell = next(
                (c for c in gp.rows if c.year == year + 1 and c.unit_id is None and not c.summary), None
            )
        pending = "đang thực hiện" if cell.target is not None else "—"
        verdict = pending if met is None else w.met_text(met)
        next_target = next_cell.target if next_cell is not None else None
        if goal.measure == GoalMeasure.ACTIVITIES_PER_UNIT:
            next_text = f"{_amount(next_target, 'hoạt động')}/{unit_word}"
        else:
            next_text = _amount(next_target, unit)
        out.append(
            _Goal(
                programme,
                gp,
                cell.target,
                cell.actual,
                met,
                target_text,
                actual_text,
                verdict,
                next_target,
                next_text,
            )
        )
    return out


def _goals(report: _Report, programmes: list[Programme]) -> Section:
    heading = "Thực hiện các chương trình phối hợp"
    if not programmes:
        text = f"{w.capitalize(report.period())}, {report.name} không tham gia chương trình phối hợp nào có chỉ tiêu được cập nhật vào hệ thống."
        return Section("results.goals", heading, "2.", 2, (Paragraph(text),))
    rows: list[tuple[Any, ...]] = []
    goals: list[_Goal] = []
    for p in programmes:
        for g in _goal_rows(report, p):
            goals.append(g)
            rows.append(
                (
                    g.programme.number or g.programme.title,
                    g.progress.goal.text,
                    g.target_text,
                    g.actual_text,
                    g.verdict,
                )
            )
            report.add(
                f"goals.{p.pk}.{g.progress.goal.pk}",
                g.progress.goal.text,
                g.actual,
                g.actual_text,
                g.progress.goal.unit,
            )
    if not goals:
        text = "Các chương trình phối hợp không đề ra chỉ tiêu định lượng cho năm; kết quả được đánh giá qua các hoạt động nêu trên."
        return Section("results.goals", heading, "2.", 2, (Paragraph(text),))
    met = sum(1 for g in goals if g.met)
    unmet = [g for g in goals if g.met is False]
    pending = len(goals) - met - len(unmet)
    report.add(
        "goals.total",
        "Số chỉ tiêu của các chương trình trong năm",
        len(goals),
        w.count(len(goals)),
        "chỉ tiêu",
    )
    report.add("goals.met", "Số chỉ tiêu đạt", met, w.count(met), "chỉ tiêu")
    report.add("goals.not_met", "Số chỉ tiêu chưa đạt", len(unmet), w.count(len(unmet)), "chỉ tiêu")
    text = (
        f"Đến ngày {w.date_text(report.last)}, trong {w.count(len(goals))} chỉ tiêu của các chương trình phối hợp "
        f"(chỉ tiêu năm {report.year} và chỉ tiêu cả giai đoạn), có {w.count(met)} chỉ tiêu đạt"
    )
    if unmet:
        text += f", {w.count(len(unmet))} chỉ tiêu chưa đạt"
    if pending:
        text += f", {w.count(pending)} chỉ tiêu đang thực hiện"
    blocks: list[Block] = [Paragraph(text + ".", figures=("goals.total", "goals.met", "goals.not_met"))]
    blocks.append(
        table(
            "goals",
            report.table_caption(
                f"Kết quả thực hiện các chỉ tiêu {report.period()} của các chương trình phối hợp"
            ),
            (
                Column("Chương trình", "text", 2.6),
                Column("Chỉ tiêu", "text", 5.2),
                Column("Kế hoạch", "text", 2.8),
                Column("Thực hiện", "text", 3.0),
                Column("Đánh giá", "text", 2.0),
            ),
            rows,
            note="Kết quả tính trên toàn bộ hoạt động, lớp đào tạo, bồi dưỡng và danh sách ứng cử của chương trình.",
        )
    )
    if unmet:
        said = [
            f"{_lower(g.progress.goal.text)} (kế hoạch: {g.target_text}; thực hiện: {g.actual_text})"
            for g in unmet
        ]
        report.limitations.append(
            Paragraph(
                f"Một số chỉ tiêu {report.period()} của các chương trình phối hợp chưa đạt: {'; '.join(said)}.",
                style="bullet",
                figures=("goals.not_met",),
            )
        )
    report.directions.extend(_next_targets(report, goals))
    return Section("results.goals", heading, "2.", 2, tuple(blocks))


def _next_targets(report: _Report, goals: list[_Goal]) -> list[Paragraph]:
    nxt = report.year + 1
    out = []
    ahead = [g for g in goals if g.next_target is not None]
    if ahead:
        said = [f"{_lower(g.progress.goal.text)}: {g.next_text}" for g in ahead]
        out.append(
            Paragraph(
                f"Phấn đấu hoàn thành các chỉ tiêu năm {nxt} của các chương trình phối hợp: {'; '.join(said)}.",
                style="bullet",
            )
        )
    gaps = [g for g in goals if g.met is False and g.target is not None]
    if gaps:
        said = [f"{_lower(g.progress.goal.text)} (còn thiếu {_amount(g.target - g.actual if g.target is not None else None, g.progress.goal.unit if g.progress.goal.measure != GoalMeasure.ACTIVITIES_PER_UNIT else '')})" for g in gaps]  # fmt: skip
        out.append(
            Paragraph(
                f"Tập trung khắc phục các chỉ tiêu năm {report.year} chưa đạt: {'; '.join(said)}.",
                style="bullet",
            )
        )
    return out


# --- supervision and support ---------------------------------------------------------------------------------
def _supervision(report: _Report) -> Section:
    """The missions the union led or took part in, begun in the period, and their recommendations' status
    at the last day counted."""
    from nguon.supervision.models import Recommendation
    from nguon.supervision.selectors import CLOSED, mission_list, overdue_item, replay

    heading = "Công tác giám sát, phản biện xã hội"
    system = report.system_ids
    missions = (
        mission_list(scope=report.scope, level=Level.ANALYSE)
        .filter(Q(lead__in=system) | Q(participants__in=system))
        .filter(start_date__gte=report.start, start_date__lte=report.last)
        .exclude(status="cancelled")
    )
    found = list(dict.fromkeys(missions.values_list("id", "kind")))
    if not found:
        text = f"{w.capitalize(report.period())}, {report.name} chưa chủ trì hoặc tham gia cuộc giám sát, phản biện xã hội nào được cập nhật vào hệ thống."
        return Section("results.supervision", heading, "3.", 2, (Paragraph(text),))
    led = set(missions.filter(lead__in=system).values_list("id", flat=True))
    by_kind = Counter(kind for _i, kind in found)
    report.add(
        "supervision.missions", "Số cuộc giám sát, phản biện xã hội", len(found), w.count(len(found)), "cuộc"
    )
    report.add("supervision.led", "Số cuộc chủ trì", len(led), w.count(len(led)), "cuộc")
    parts = []
    for kind in ("supervision", "criticism", "opinion"):
        n = by_kind.get(kind, 0)
        if n:
            report.add(f"supervision.{kind}", f"Số cuộc {MISSION_WORDS[kind]}", n, w.count(n), "cuộc")
            parts.append(f"{w.count(n)} cuộc {MISSION_WORDS[kind]}")
    text = (
        f"Thực hiện Quyết định 217-QĐ/TW, 218-QĐ/TW của Bộ Chính trị, {report.whole} đã chủ trì hoặc tham gia "
        f"{w.count(len(found))} cuộc ({w.list_text(parts)}), trong đó chủ trì {w.count(len(led))} cuộc"
    )
    recs = list(
        Recommendation.objects.filter(mission_id__in=[i for i, _k in found])
        .prefetch_related("events")
        .order_by("id")
    )
    blocks: list[Block] = []
    keys = ["supervision.missions", "supervision.led"]
    if recs:
        statuses: Counter[str] = Counter()
        overdue_n = 0
        for rec in recs:
            events = list(rec.events.all())
            statuses[replay(events, report.last)] += 1
            if overdue_item(rec, events, report.last) is not None:
                overdue_n += 1
        acted = sum(statuses.get(s, 0) for s in CLOSED)
        unsent = statuses.get("", 0)
        open_n = len(recs) - acted - unsent
        report.add(
            "supervision.recommendations",
            "Số kiến nghị sau giám sát",
            len(recs),
            w.count(len(recs)),
            "kiến nghị",
        )
        for status in STATUS_ORDER:
            n = statuses.get(status, 0)
            report.add(
                f"supervision.recommendations.{STATUS_KEYS.get(status, status)}",
                STATUS_WORDS[status],
                n,
                w.count(n),
                "kiến nghị",
            )
        report.add(
            "supervision.recommendations.open",
            "Số kiến nghị chưa được giải quyết",
            open_n,
            w.count(open_n),
            "kiến nghị",
        )
        report.add(
            "supervision.recommendations.overdue",
            "Số kiến nghị quá hạn",
            overdue_n,
            w.count(overdue_n),
            "kiến nghị",
        )
        keys += ["supervision.recommendations", "supervision.recommendations.acted"]
        text += (
            f"; qua giám sát đã đưa ra {w.count(len(recs))} kiến nghị, đến ngày {w.date_text(report.last)} đã có "
            f"{w.count(acted)} kiến nghị được tiếp thu, giải quyết"
        )
        if open_n:
            text += f", {w.count(open_n)} kiến nghị chưa được giải quyết dứt điểm"
        if unsent:
            text += f", {w.count(unsent)} kiến nghị chưa gửi"
        if open_n:
            limit = f"Còn {w.count(open_n)} kiến nghị sau giám sát chưa được giải quyết"
            limit += (
                f", trong đó {w.count(overdue_n)} kiến nghị đã quá hạn trả lời hoặc quá thời hạn giải quyết."
                if overdue_n
                else "."
            )
            report.limitations.append(
                Paragraph(limit, style="bullet", figures=("supervision.recommendations.open",))
            )
            report.directions.append(
                Paragraph(
                    f"Tiếp tục theo dõi, đôn đốc việc giải quyết {w.count(open_n)} kiến nghị sau giám sát còn tồn đọng.",
                    style="bullet",
                    figures=("supervision.recommendations.open",),
                )
            )
        rows = [(STATUS_WORDS[s], statuses[s]) for s in STATUS_ORDER if statuses.get(s)]
        rows.append(("Tổng cộng", len(recs)))
        blocks.append(
            table(
                "supervision.recommendations",
                report.table_caption(
                    f"Tình hình giải quyết kiến nghị sau giám sát đến ngày {w.date_text(report.last)}"
                ),
                (Column("Tình trạng", "text", 8.0), Column("Số kiến nghị", "int", 3.0)),
                rows,
                total_row=True,
            )
        )
    blocks.insert(0, Paragraph(text + ".", figures=tuple(keys)))
    return Section("results.supervision", heading, "3.", 2, tuple(blocks))


def _support(report: _Report) -> Section:
    """Support to cadres in hardship recorded by the union: counts only, never a name or a case."""
    from nguon.support.models import SupportCase, SupportGiven

    heading = "Công tác chăm lo, hỗ trợ cán bộ"
    scope = report.scope
    cases = SupportCase.objects.filter(
        scope.organizations_q(Level.ANALYSE, "organization__"), organization__in=report.system_ids
    )
    lines = SupportGiven.objects.filter(
        case__in=cases.values("pk"), given_on__gte=report.start, given_on__lte=report.last
    )
    opened = cases.filter(opened_on__gte=report.start, opened_on__lte=report.last)
    by_kind = Counter(dict(opened.order_by().values_list("kind").annotate(n=Count("id"))))
    n_cases = sum(by_kind.values())
    people = opened.values("person_id").distinct().count()
    how = {
        r["kind"]: (r["n"], r["total"] or 0)
        for r in lines.order_by().values("kind").annotate(n=Count("id"), total=Sum("amount"))
    }
    supports = sum(n for n, _t in how.values())
    amount = sum(t for _n, t in how.values())
    if not n_cases and not supports:
        text = (
            f"{report.name} thường xuyên quan tâm thăm hỏi, động viên cán bộ khi ốm đau, gia đình gặp khó khăn; "
            f"{report.period()} chưa có trường hợp hỗ trợ được cập nhật vào hệ thống."
        )
        return Section("results.support", heading, "4.", 2, (Paragraph(text),))
    report.add("support.cases", "Số trường hợp cán bộ được hỗ trợ", n_cases, w.count(n_cases), "trường hợp")
    report.add("support.people", "Số cán bộ được hỗ trợ", people, w.count(people), "người")
    report.add("support.supports", "Số lượt hỗ trợ", supports, w.count(supports), "lượt")
    report.add("support.amount", "Tổng số tiền hỗ trợ", amount, w.money(amount), "đồng")
    why = [f"{w.count(n)} trường hợp {CASE_WORDS.get(k, 'khác')}" for k, n in by_kind.most_common()]
    ways = [
        f"{SUPPORT_WORDS.get(k, 'hình thức khác')} {w.count(n)} lượt"
        for k, (n, _t) in sorted(how.items(), key=lambda kv: (-kv[1][0], kv[0]))
    ]
    text = f"{w.capitalize(report.period())}, {report.whole} đã tiếp nhận và hỗ trợ {w.count(n_cases)} trường hợp cán bộ"
    text += f" ({w.list_text(why)})" if why else ""
    text += f", với {w.count(supports)} lượt hỗ trợ" + (f" ({w.list_text(ways)})" if ways else "")
    if amount:
        text += f", tổng số tiền {w.money(amount)}"
    text += ", góp phần động viên cán bộ yên tâm công tác."
    return Section(
        "results.support",
        heading,
        "4.",
        2,
        (Paragraph(text, figures=("support.cases", "support.supports", "support.amount")),),
    )


# --- III–V ---------------------------------------------------------------------------------------------------
def _limitations(report: _Report) -> Section:
    blocks: list[Block] = []
    if report.limitations:
        blocks += report.limitations
    else:
        blocks.append(
            Paragraph(
                f"Các chỉ tiêu {report.period()} cơ bản hoàn thành; tuy nhiên một số hoạt động còn mang tính hình "
                "thức, chưa thu hút đông đảo các đối tượng tham gia.",
                style="bullet",
            )
        )
    blocks.append(
        Paragraph(
            "Nguyên nhân: một số cơ sở chưa chủ động xây dựng kế hoạch, nguồn lực dành cho hoạt động còn hạn chế; "
            f"việc cập nhật số liệu, theo dõi kết quả thực hiện ở một số {report.words.units} chưa kịp thời.",
        )
    )
    return Section("limitations", "HẠN CHẾ VÀ NGUYÊN NHÂN", "III.", 1, tuple(blocks))


def _directions(report: _Report, programmes: list[Programme]) -> Section:
    nxt = report.year + 1
    blocks: list[Block] = [
        Paragraph(
            f"Tiếp tục đổi mới nội dung, phương thức hoạt động, hướng về cơ sở; nâng cao chất lượng {report.words.work}.",
            style="bullet",
        )
    ]
    blocks += report.directions
    ending = [p for p in programmes if p.end_date.year == report.year]
    for p in ending:
        follow = Programme.objects.filter(follows=p).order_by("start_date", "id").first()
        if follow is not None:
            blocks.append(
                Paragraph(
                    f"Tổng kết {_programme_name(p)}; triển khai thực hiện {_programme_name(follow)} giai đoạn "
                    f"{follow.start_date.year} – {follow.end_date.year}.",
                    style="bullet",
                )
            )
        else:
            blocks.append(
                Paragraph(
                    f"Tổng kết {_programme_name(p)}, xây dựng chương trình phối hợp giai đoạn tiếp theo.",
                    style="bullet",
                )
            )
    blocks.append(
        Paragraph(
            "Thường xuyên cập nhật các hoạt động, số người tham gia và kết quả vào hệ thống để theo dõi, đánh giá "
            "kịp thời.",
            style="bullet",
        )
    )
    return Section("directions", f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {nxt}", "IV.", 1, tuple(blocks))


def _proposals(report: _Report, superior: str) -> Section:
    top = superior_of(report.union, report.last)
    above = short(top.name) if top is not None else f"{report.words.word} cấp trên"
    text = (
        f"Đề nghị {above} tiếp tục quan tâm hướng dẫn, hỗ trợ nguồn lực để {report.name} tổ chức tốt các hoạt "
        f"động; đề nghị cấp ủy, chính quyền tạo điều kiện để {report.words.members} tham gia các chương trình "
        "phối hợp."
    )
    return Section("proposals", "ĐỀ XUẤT, KIẾN NGHỊ", "V.", 1, (Paragraph(text),))


def _recipients(report: _Report, superior: str) -> tuple[str, ...]:
    lines = []
    top = superior_of(report.union, report.last)
    if top is not None:
        lines.append(f"- {short(top.name)} (để báo cáo);")
    committee = _committee(report.union.area)
    if committee:
        lines.append(f"- Thường trực {committee} (để báo cáo);")
    lines.append(f"- Các {report.words.units} trực thuộc;")
    lines.append("- Lưu VP.")
    return tuple(lines)
