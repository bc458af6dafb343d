"""The import sheet 'Hoạt động': the activities a ward sends in its monthly list, one row per activity,
through the importer's all-or-nothing pipeline.

Columns (tolerant headers, any order): Tên hoạt động, Loại hoạt động (name or code of a kind), Từ ngày, Đến
ngày, Địa bàn (name or code, valid on the date, inside the user's scope: a ward's old name resolves for dates
before its merger), Địa điểm, Đơn vị tổ chức, Đơn vị phối hợp (";" or "," separated), Đối tượng, Chương trình
(number or title), Mục tiêu (position or text), Tổng số người tham gia; counts: Nữ, Nam, Không rõ giới tính
(stored by sex with the age group "unknown"); when no sex column is filled, the age columns Dưới 16, 16–30,
31–45, 46–60, Trên 60 are stored with the sex "unknown"; one column per output kind ("Cây xanh trồng mới
(cây)"); Ghi chú. Every row is checked by ``services.activity_check``; an activity already registered (same
title, date, area and organizer) or written twice in the file is refused."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from nguon.areas.models import Area
from nguon.core.labels import label, labels
from nguon.core.scope import Level
from nguon.core.text import fold
from nguon.imports import registry
from nguon.imports.kinds import Column, SheetKind
from nguon.imports.parse import ParsedSheet, Row
from nguon.imports.parsing import CellError, clean_cell_text, parse_date
from nguon.imports.writers.base import SheetWriter
from nguon.organizations.models import Organization

from . import services
from .choices import AgeGroup, Audience, Sex
from .models import Activity, ActivityType, Goal, OutputKind, Programme
from .taxonomy import OUTPUT_KINDS


def _text(value: Any) -> str:
    return clean_cell_text(value)


def _day(value: Any) -> dt.date | None:
    if value is None or clean_cell_text(value) == "":
        return None
    day, precision = parse_date(value)
    if precision != "day":
        raise CellError(
            _("'%(value)s' is a year; a full date is needed here") % {"value": clean_cell_text(value)}
        )
    return day


def parse_number(value: Any) -> Decimal | None:
    """A number typed the Vietnamese way: "15.000.000", "2,5", "1 200"; None when blank."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = clean_cell_text(value).replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+", text):
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CellError(_("'%(value)s' is not a number") % {"value": clean_cell_text(value)}) from None


def _count(value: Any) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("'%(value)s' is not a whole number") % {"value": clean_cell_text(value)})
    return int(number)


def _audience(value: Any) -> str:
    text = clean_cell_text(value)
    if not text:
        return ""
    from django.utils import translation

    table: dict[str, str] = {}
    for language in ("en", "vi"):
        with translation.override(language):
            table.update({fold(str(n)): str(c) for c, n in Audience.choices})
    table.update({fold(c): c for c in Audience.values})
    found = table.get(fold(text))
    if found is None:
        raise CellError(
            _("'%(value)s' is not an audience: write one of %(options)s")
            % {"value": text, "options": ", ".join(labels(Audience))}
        )
    return found


SEX_COLUMNS = (("female", Sex.FEMALE, ("Nữ", "Số nữ")), ("male", Sex.MALE, ("Nam", "Số nam")),
               ("sex_unknown", Sex.UNKNOWN, ("Không rõ giới tính", "Không rõ")))  # fmt: skip
AGE_COLUMNS = (
    ("age_under_16", AgeGroup.UNDER_16, ("Dưới 16", "Dưới 16 tuổi")),
    ("age_16_30", AgeGroup.FROM_16_TO_30, ("16–30", "16-30", "Từ 16 đến 30")),
    ("age_31_45", AgeGroup.FROM_31_TO_45, ("31–45", "31-45", "Từ 31 đến 45")),
    ("age_46_60", AgeGroup.FROM_46_TO_60, ("46–60", "46-60", "Từ 46 đến 60")),
    ("age_over_60", AgeGroup.OVER_60, ("Trên 60", "Trên 60 tuổi")),
)


def _output_header(name: str, unit: str) -> str:
    return f"{name} ({unit})"


def _counts_of(sex: str | None, age: str | None) -> Any:
    def export(a: Activity) -> int | None:
        total = sum(
            c.count
            for c in a.counts.all()
            if (sex is None or c.sex == sex) and (age is None or c.age_group == age)
        )
        return total or None

    return export


def _output_of(code: str) -> Any:
    def export(a: Activity) -> Decimal | None:
        found = next((o.quantity for o in a.outputs.all() if o.kind.code == code), None)
        return found.normalize() if isinstance(found, Decimal) else found

    return export


def _programme_text(a: Activity) -> str:
    return (a.programme.number or a.programme.title) if a.programme else ""


ACTIVITIES = SheetKind(
    key="activities",
    title="Hoạt động",
    names=("Hoạt động", "Hoat dong", "Danh sách hoạt động", "Hoạt động tháng", "Activities"),
    columns=(
        Column("title", ("Tên hoạt động", "Hoạt động", "Nội dung"), _text, True, True, max_length=250,
               export=lambda a: a.title, note="Bắt buộc.", width=34),
        Column("group", ("Nhóm hoạt động", "Nhóm"), _text,
               export=lambda a: a.type.parent.name if a.type.parent_id else "",
               note="Chỉ để đọc: theo loại hoạt động.", width=20),
        Column("type", ("Loại hoạt động", "Loại"), _text, True, True, export=lambda a: a.type.name,
               note="Bắt buộc. Tên hoặc mã loại hoạt động (trồng cây, xóa điểm rác …).", width=24,
               options=lambda: tuple(t.name for t in ActivityType.objects.filter(parent__isnull=False))),
        Column("start", ("Từ ngày", "Ngày", "Ngày tổ chức", "Ngày bắt đầu"), _day, True, True,
               export=lambda a: a.start_date, note="Bắt buộc. dd/mm/yyyy.", kind="date"),
        Column("end", ("Đến ngày", "Ngày kết thúc"), _day, export=lambda a: a.end_date, kind="date"),
        Column("area", ("Địa bàn", "Phường", "Xã", "Phường/xã"), _text, True, True,
               export=lambda a: a.area.name, note="Bắt buộc. Tên hoặc mã đơn vị hành chính vào ngày đó.",
               width=22),
        Column("place", ("Địa điểm",), _text, max_length=250, export=lambda a: a.place, width=24),
        Column("organizer", ("Đơn vị tổ chức", "Tổ chức"), _text, True, True,
               export=lambda a: a.organizer.name, note="Bắt buộc.", width=30),
        Column("co_organizers", ("Đơn vị phối hợp", "Phối hợp"), _text,
               export=lambda a: "; ".join(o.name for o in a.co_organizers.all()),
               note="Nhiều đơn vị: ngăn cách bằng dấu ; hoặc ,", width=30),
        Column("audience", ("Đối tượng",), _audience, export=lambda a: label(Audience, a.audience),
               width=18, options=lambda: labels(Audience)),
        Column("programme", ("Chương trình", "Chương trình phối hợp"), _text, export=_programme_text,
               note="Số hoặc tên chương trình phối hợp (không bắt buộc).", width=20),
        Column("goal", ("Mục tiêu",), _text, export=lambda a: a.goal.position if a.goal else None,
               note="Số thứ tự hoặc nội dung mục tiêu của chương trình.", width=10),
        Column("participants", ("Tổng số người tham gia", "Số người tham gia", "Tổng số"), _count,
               export=lambda a: a.participants, width=12),
        *(Column(key, headers, _count, export=_counts_of(str(sex), None), width=9)
          for key, sex, headers in SEX_COLUMNS),
        *(Column(key, headers, _count, export=_counts_of(None, str(age)), width=9)
          for key, age, headers in AGE_COLUMNS),
        *(Column(f"output:{code}", (_output_header(name, unit), name), parse_number,
                 export=_output_of(code), width=14)
          for code, name, unit, _money in OUTPUT_KINDS),
        Column("note", ("Ghi chú", "Mô tả"), _text, export=lambda a: a.description, width=24),
    ),
)  # fmt: skip

#: a service's field -> the sheet's column
_COLUMN_OF_FIELD = {
    "title": "title", "type": "type", "start_date": "start", "end_date": "end", "area": "area",
    "organizer": "organizer", "co_organizers": "co_organizers", "audience": "audience",
    "programme": "programme", "goal": "goal", "participants": "participants", "counts": "participants",
    "outputs": "title", "place": "place", "description": "note",
}  # fmt: skip


class Line(NamedTuple):
    row: Row
    data: services.ActivityData


class ActivitiesWriter(SheetWriter[list[Line]]):
    kind = ACTIVITIES

    def _col(self, sheet: ParsedSheet, key: str) -> str | None:
        h = sheet.header.header_text
        return h.get(key) or h.get("title")

    def _type(self, text: str) -> ActivityType | None:
        key = fold(text)
        kinds = list(ActivityType.objects.filter(parent__isnull=False))
        for t in kinds:
            if key in (fold(t.name), fold(t.code)):
                return t
        close = [t for t in kinds if fold(t.name).startswith(key) or key in fold(t.name)]
        return close[0] if len(close) == 1 else None

    def _area(self, text: str, day: dt.date) -> Area | None:
        key = fold(text)
        qs = Area.objects.filter(self.context.scope.areas_q(Level.EDIT))
        found = [
            a
            for a in qs.filter(code=text) | qs.filter(search_key=key)
            if (a.valid_from is None or a.valid_from <= day) and (a.valid_to is None or day <= a.valid_to)
        ]
        if not found:
            found = [
                a
                for a in qs
                if fold(a.name) in (key, fold(f"phuong {text}"), fold(f"xa {text}"))
                and (a.valid_from is None or a.valid_from <= day)
                and (a.valid_to is None or day <= a.valid_to)
            ]
        return found[0] if len(found) == 1 else None

    def _partner(self, text: str) -> Organization | None:
        """A co-organizer by name: inside the scope first, else any registered organization (a partner may
        be another ward's or the district's; an organization's name is no personal data)."""
        found = self._organization(text)
        if found is not None:
            return found
        anywhere = list(Organization.objects.filter(search_key=fold(text))[:2])
        return anywhere[0] if len(anywhere) == 1 else None

    def _organization(self, text: str) -> Organization | None:
        key = fold(text)
        found = [
            o
            for o in Organization.objects.filter(search_key=key).select_related("area")[:20]
            if self.context.scope.covers_organization(o, Level.VIEW)
        ]
        if not found:
            found = [
                o
                for o in Organization.objects.filter(self.context.scope.organizations_q(Level.VIEW))
                if fold(o.name) == key
            ]
        return found[0] if len(found) == 1 else None

    def check(self, sheet: ParsedSheet, rows: list[Row]) -> list[Line]:
        lines: list[Line] = []
        seen: dict[tuple[str, dt.date, int, int], int] = {}
        kinds = {k.code: k for k in OutputKind.objects.all()}
        for row in rows:
            v = row.values
            if not all(v.get(k) for k in ("title", "type", "start", "area", "organizer")):
                continue
            bad = False

            def fail(key: str, message: str, row: Row = row) -> None:
                nonlocal bad
                bad = True
                self.error(sheet.name, row.number, self._col(sheet, key), message)

            kind = self._type(v["type"])
            if kind is None:
                fail("type", _("'%(value)s' is not a type of activity") % {"value": v["type"]})
            area = self._area(v["area"], v["start"])
            if area is None:
                fail(
                    "area",
                    _("No area named '%(name)s' on %(date)s in your area of work")
                    % {"name": v["area"], "date": v["start"].strftime("%d/%m/%Y")},
                )
            organizer = self._organization(v["organizer"])
            if organizer is None:
                fail(
                    "organizer",
                    _("No organization named '%(name)s' in your area of work") % {"name": v["organizer"]},
                )
            elif not self.context.scope.covers_organization(organizer, Level.EDIT):
                fail("organizer", _("You may not record activities of %(name)s") % {"name": organizer.name})
            co: list[Organization] = []
            for name in re.split(r"[;,]", v.get("co_organizers") or ""):
                if name.strip():
                    found = self._partner(name.strip())
                    if found is None:
                        fail(
                            "co_organizers",
                            _("No organization named '%(name)s' in your area of work")
                            % {"name": name.strip()},
                        )
                    else:
                        co.append(found)
            programme, goal = None, None
            if v.get("programme"):
                key = fold(v["programme"])
                programme = next(
                    (p for p in Programme.objects.all() if key in (fold(p.number), fold(p.title))), None
                )
                if programme is None:
                    fail(
                        "programme",
                        _("No programme numbered or titled '%(value)s'") % {"value": v["programme"]},
                    )
            if v.get("goal") and programme is not None:
                key = fold(v["goal"])
                goal = next(
                    (
                        g
                        for g in Goal.objects.filter(programme=programme)
                        if key in (str(g.position), fold(g.text))
                    ),
                    None,
                )
                if goal is None:
                    fail("goal", _("The programme has no goal '%(value)s'") % {"value": v["goal"]})
            counts: dict[tuple[str, str], int] = {}
            for sex_key, sex, _sex_headers in SEX_COLUMNS:
                if v.get(sex_key) is not None:
                    counts[(str(sex), str(AgeGroup.UNKNOWN))] = v[sex_key]
            if not counts:
                for age_key, age, _age_headers in AGE_COLUMNS:
                    if v.get(age_key) is not None:
                        counts[(str(Sex.UNKNOWN), str(age))] = v[age_key]
            outputs = {
                kinds[k.split(":", 1)[1]]: q
                for k, q in v.items()
                if k.startswith("output:") and q is not None and k.split(":", 1)[1] in kinds
            }
            if bad:
                continue
            data = services.ActivityData(
                title=v["title"], type=kind, start_date=v["start"], end_date=v.get("end"), area=area,
                organizer=organizer, place=v.get("place") or "", co_organizers=co,
                audience=v.get("audience") or "", programme=programme, goal=goal,
                description=v.get("note") or "", participants=v.get("participants"), counts=counts,
                outputs=outputs,
            )  # fmt: skip
            errors = services.activity_check(data, scope=self.context.scope)
            if errors:
                for field, found_errors in errors.items():
                    self.error(
                        sheet.name, row.number, self._col(sheet, _COLUMN_OF_FIELD.get(field, "title")),
                        " ".join(m for e in found_errors for m in e.messages),
                    )  # fmt: skip
                continue
            assert area is not None and organizer is not None
            same = (fold(v["title"]), v["start"], area.pk, organizer.pk)
            if same in seen:
                fail("title", _("The same activity is also on row %(row)s") % {"row": seen[same]})
                continue
            seen[same] = row.number
            existing = Activity.objects.filter(start_date=v["start"], area=area, organizer=organizer)
            if any(fold(a.title) == same[0] for a in existing):
                fail("title", _("This activity is already registered (same title, date, area and organizer)"))
                continue
            lines.append(Line(row, data))
        return lines

    def write(self, sheet: ParsedSheet, plan: list[Line]) -> None:
        if self.result.errors:
            return
        for line in plan:
            try:
                services.activity_create(data=line.data, acting_user=self.user, source=self.source)
            except (ValidationError, PermissionDenied) as refused:
                messages = refused.messages if isinstance(refused, ValidationError) else [str(refused)]
                self.error(sheet.name, line.row.number, self._col(sheet, "title"), " ".join(messages))
                continue
            self.result.count(sheet.name, "activities", "created")


def register_sheet() -> None:
    """Make the importer read the sheet 'Hoạt động'."""
    if not any(w.kind.key == ACTIVITIES.key for w in registry.writers()):
        registry.register(ActivitiesWriter)
