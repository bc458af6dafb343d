"""The import sheet 'Học viên': training participants (who took which class of which course, with her result
and certificate), through the importer's all-or-nothing pipeline.

Each row names a registered person (cadre code, or full name and birth date, as on the sheet 'Chức vụ'), a
course (by its name within the organizer named, else among the courses of the user's scope), a class of it
(by its name, else by its start date), and the result. A course or a class that is not registered is recorded
(through the services) when the import's structure policy allows it, with the row's kind, level, dates; a
person already in the class has her result updated with what the row says. Every row is checked as the
services check it (the completion inside or after the class, a certificate only for those who completed, one
certificate number per course, no one twice in a class) before anything is written; the scope rules are the
importer's (``imports.scoping``): an organizer outside the edit scope is an error on its cell, a person
outside the view scope is refused without being revealed."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from nguon.core.labels import label, labels
from nguon.core.scope import Level
from nguon.core.text import fold
from nguon.imports import registry
from nguon.imports.kinds import Column, SheetKind, date_or_year, exported_birth
from nguon.imports.parse import ParsedSheet, Row
from nguon.imports.parsing import CellError, clean_cell_text, parse_code, parse_date
from nguon.imports.scoping import organization_outside
from nguon.imports.writers.base import ImportContext, SheetWriter
from nguon.imports.writers.lookup import rows_people
from nguon.imports.writers.people import remember_skipped
from nguon.organizations.models import Organization
from nguon.people.choices import Education, PoliticalTheory, StateManagement
from nguon.people.models import Person
from nguon.people.selectors import PersonKey

from . import services
from .choices import CourseKind, Grants, Result
from .models import Course, Participation, Session

# -- parsers -------------------------------------------------------------------------------------------------
KIND_WORDS = {
    "llct": CourseKind.POLITICAL_THEORY,
    "ly luan chinh tri": CourseKind.POLITICAL_THEORY,
    "chinh tri": CourseKind.POLITICAL_THEORY,
    "qlnn": CourseKind.STATE_MANAGEMENT,
    "quan ly nha nuoc": CourseKind.STATE_MANAGEMENT,
    "lanh dao quan ly": CourseKind.LEADERSHIP,
    "lanh dao, quan ly": CourseKind.LEADERSHIP,
    "ky nang lanh dao": CourseKind.LEADERSHIP,
    "hoi phu nu": CourseKind.WOMENS_UNION,
    "phu nu": CourseKind.WOMENS_UNION,
    "doan thanh nien": CourseKind.YOUTH_UNION,
    "doan": CourseKind.YOUTH_UNION,
    "chuyen mon": CourseKind.PROFESSIONAL,
    "khac": CourseKind.OTHER,
}
RESULT_WORDS = {
    "hoan thanh": Result.COMPLETED,
    "dat": Result.COMPLETED,
    "tot nghiep": Result.COMPLETED,
    "da hoan thanh": Result.COMPLETED,
    "dang hoc": Result.ENROLLED,
    "khong dat": Result.FAILED,
    "khong hoan thanh": Result.FAILED,
    "thoi hoc": Result.WITHDRAWN,
    "bo hoc": Result.WITHDRAWN,
}
#: the qualification a course of a kind gives, when the row names a level
GRANTS_OF_KIND = {
    CourseKind.POLITICAL_THEORY: Grants.POLITICAL_THEORY,
    CourseKind.STATE_MANAGEMENT: Grants.STATE_MANAGEMENT,
    CourseKind.PROFESSIONAL: Grants.EDUCATION,
}
LEVEL_CHOICES: dict[str, Any] = {
    Grants.EDUCATION: Education,
    Grants.POLITICAL_THEORY: PoliticalTheory,
    Grants.STATE_MANAGEMENT: StateManagement,
}


def _table(choices: Any, extra: dict[str, Any]) -> dict[str, str]:
    table: dict[str, str] = {}
    for language in ("en", "vi"):
        with translation.override(language):
            table.update({fold(str(name)): str(code) for code, name in choices.choices if code})
    table.update({fold(str(code)): str(code) for code in choices.values if code})
    table.update({k: str(v) for k, v in extra.items()})
    return table


def _kind(value: Any) -> str:
    text = clean_cell_text(value)
    if not text:
        return ""
    found = _table(CourseKind, KIND_WORDS).get(fold(text))
    if found is None:
        raise CellError(
            _("'%(value)s' is not a kind of course: write one of %(options)s")
            % {"value": text, "options": ", ".join(labels(CourseKind))}
        )
    return found


def _result(value: Any) -> str:
    text = clean_cell_text(value)
    if not text:
        return ""
    found = _table(Result, RESULT_WORDS).get(fold(text))
    if found is None:
        raise CellError(
            _("'%(value)s' is not a result: write one of %(options)s")
            % {"value": text, "options": ", ".join(labels(Result, capital=True))}
        )
    return found


def _day(value: Any) -> dt.date | None:
    if value is None or clean_cell_text(value) == "":
        return None
    day, precision = parse_date(value)
    if precision != "day":
        raise CellError(
            _("'%(value)s' is a year; a full date is needed here") % {"value": clean_cell_text(value)}
        )
    return day


def _text(value: Any) -> str:
    return clean_cell_text(value)


def _area_code(value: Any) -> str:
    return parse_code(value, 5) if isinstance(value, int | float) else clean_cell_text(value)


def level_of(grants: str, text: str) -> str:
    """The level code of ``grants`` named by ``text`` ("cao cấp", "Chuyên viên chính", a code) or ""."""
    choices = LEVEL_CHOICES.get(grants)
    if choices is None or not text:
        return ""
    key = fold(text)
    table = _table(choices, {})
    for prefix in ("", "trinh do ", "ngach "):
        if key.removeprefix(prefix) in table:
            return table[key.removeprefix(prefix)]
    for word in ("ly luan chinh tri", "llct", "quan ly nha nuoc", "qlnn"):
        trimmed = key.replace(word, "").strip(" -,")
        if trimmed in table:
            return table[trimmed]
    return ""


def _grant_text(p: Participation) -> str:
    course = p.session.course
    choices = LEVEL_CHOICES.get(course.grants)
    return label(choices, course.grants_level) if choices is not None else ""


PARTICIPANTS = SheetKind(
    key="training_participants",
    title="Học viên",
    names=("Học viên", "Hoc vien", "Danh sách học viên", "Đào tạo bồi dưỡng", "Đào tạo, bồi dưỡng"),
    columns=(
        Column(
            "code",
            ("Mã cán bộ", "Mã CB"),
            _text,
            max_length=30,
            export=lambda p: p.person.code,
            note="Mã cán bộ, hoặc Họ và tên + Ngày sinh như ở sheet 'Cán bộ'.",
        ),
        Column(
            "full_name",
            ("Họ và tên", "Họ tên"),
            _text,
            max_length=150,
            export=lambda p: p.person.full_name,
            width=26,
        ),
        Column(
            "birth",
            ("Ngày sinh", "Năm sinh"),
            date_or_year,
            export=lambda p: exported_birth(p.person),
            kind="date",
        ),
        Column(
            "area_code",
            ("Mã địa bàn", "Mã đơn vị hành chính", "Mã ĐVHC"),
            _area_code,
            export=lambda p: p.session.course.organizer.area.code,
            note="Mã đơn vị hành chính của đơn vị tổ chức, khi tên chưa đủ để nhận ra.",
            width=10,
        ),
        Column(
            "organizer",
            ("Đơn vị tổ chức", "Tổ chức", "Cơ quan tổ chức"),
            _text,
            max_length=250,
            export=lambda p: p.session.course.organizer.name,
            note="Tổ chức mở khóa học (bắt buộc khi khóa học chưa có trong hệ thống).",
            width=30,
        ),
        Column(
            "course",
            ("Khóa học", "Khóa học/Lớp", "Chương trình", "Tên khóa học"),
            _text,
            True,
            True,
            max_length=250,
            export=lambda p: p.session.course.name,
            note="Bắt buộc. Ví dụ: Trung cấp lý luận chính trị - hành chính.",
            width=34,
        ),
        Column(
            "session",
            ("Lớp", "Tên lớp"),
            _text,
            max_length=250,
            export=lambda p: p.session.name,
            note="Tên lớp; để trống: lớp của khóa học bắt đầu vào 'Từ ngày'.",
            width=18,
        ),
        Column(
            "kind",
            ("Loại", "Loại khóa học", "Loại hình"),
            _kind,
            export=lambda p: label(CourseKind, p.session.course.kind),
            note="Khi khóa học chưa có: lý luận chính trị, quản lý nhà nước, kỹ năng lãnh đạo, quản lý …",
            width=20,
            options=lambda: labels(CourseKind),
        ),
        Column(
            "level",
            ("Trình độ", "Trình độ được cấp", "Cấp độ"),
            _text,
            max_length=60,
            export=_grant_text,
            note="Khi khóa học chưa có và cấp trình độ: trung cấp, cao cấp, chuyên viên chính …",
            width=16,
        ),
        Column(
            "start",
            ("Từ ngày", "Ngày bắt đầu", "Ngày khai giảng"),
            _day,
            True,
            True,
            export=lambda p: p.session.start_date,
            note="Bắt buộc. Ngày lớp học bắt đầu, dd/mm/yyyy.",
            kind="date",
        ),
        Column(
            "end",
            ("Đến ngày", "Ngày kết thúc", "Ngày bế giảng"),
            _day,
            export=lambda p: p.session.end_date,
            kind="date",
        ),
        Column(
            "result",
            ("Kết quả",),
            _result,
            export=lambda p: label(Result, p.result, capital=True),
            note="Hoàn thành, Đang học, Không đạt, Thôi học (trống: Hoàn thành nếu có ngày hoàn thành hoặc "
            "chứng chỉ, ngược lại Đang học).",
            width=14,
            options=lambda: labels(Result, capital=True),
        ),
        Column(
            "completed",
            ("Ngày hoàn thành",),
            _day,
            export=lambda p: p.completed_on,
            note="Trống khi hoàn thành: ngày kết thúc của lớp.",
            kind="date",
        ),
        Column(
            "certificate",
            ("Số chứng chỉ", "Số bằng", "Số văn bằng"),
            _text,
            max_length=100,
            export=lambda p: p.certificate,
            width=16,
        ),
        Column(
            "certificate_date",
            ("Ngày cấp", "Ngày cấp chứng chỉ"),
            _day,
            export=lambda p: p.certificate_date,
            kind="date",
        ),
        Column("note", ("Ghi chú",), _text, export=lambda p: p.note, width=24),
    ),
    required_any=(("code", "full_name"),),
)

_NEEDED = ("course", "start")
#: a service's field -> the sheet's column
_COLUMN_OF_FIELD = {
    "person": "full_name",
    "result": "result",
    "completed_on": "completed",
    "certificate": "certificate",
    "certificate_date": "certificate_date",
    "start_date": "start",
    "end_date": "end",
    "kind": "kind",
    "grants": "level",
    "grants_level": "level",
}


class Line(NamedTuple):
    """A participant the row records: new (``existing`` None) or one whose result it updates."""

    row: Row
    session: Session
    person_id: int
    result: str
    completed_on: dt.date | None
    certificate: str
    certificate_date: dt.date | None
    note: str
    existing: Participation | None


class ParticipantsWriter(SheetWriter[list[Line]]):
    kind = PARTICIPANTS

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.organizations: dict[tuple[str, str], Organization | None] = {}
        self.courses: dict[tuple[int | None, str], Course | None] = {}
        self.sessions: dict[tuple[int, str], Session | None] = {}
        self.in_file: set[tuple[int, int]] = set()  # (session, person) of rows accepted so far
        self.certificates: dict[tuple[int, str], int] = {}  # (course, number) -> row

    def skip(self, sheet: ParsedSheet, rows: list[Row]) -> None:
        remember_skipped(self.context, rows)

    def _column(self, sheet: ParsedSheet, key: str) -> str | None:
        h = sheet.header.header_text
        return h.get(key) or h.get("course")

    # -- check ------------------------------------------------------------------------------------------
    def check(self, sheet: ParsedSheet, rows: list[Row]) -> list[Line]:
        rows = [r for r in rows if all(r.values.get(k) for k in _NEEDED)]
        people = self._people(sheet, rows)
        lines: list[Line] = []
        for row in rows:
            person = people.get(row.number)
            if person is None:
                continue
            course = self._course(sheet, row)
            if course is None:
                continue
            session = self._session(sheet, row, course)
            if session is None:
                continue
            line = self._line(sheet, row, session, person)
            if line is not None:
                lines.append(line)
        return lines

    def _people(self, sheet: ParsedSheet, rows: list[Row]) -> dict[int, PersonKey]:
        return rows_people(self, sheet, rows)

    def _organization(self, sheet: ParsedSheet, row: Row) -> Organization | None:
        """The organizer by its name (within the area of the code given) among those the user reads."""
        v, h = row.values, sheet.header.header_text
        area_code = v.get("area_code") or ""
        key = (area_code, fold(v["organizer"]))
        if key not in self.organizations:
            qs = Organization.objects.filter(search_key=key[1]).select_related("area")
            if area_code:
                qs = qs.filter(area__code=area_code)
            readable = [o for o in qs[:20] if self.context.scope.covers_organization(o, Level.VIEW)]
            if len(readable) > 1:
                self.error(
                    sheet.name,
                    row.number,
                    h["organizer"],
                    _("Several organizations are named '%(name)s': give the area code (Mã địa bàn)")
                    % {"name": v["organizer"]},
                )
                return None
            self.organizations[key] = readable[0] if readable else None
        found = self.organizations[key]
        if found is None:
            self.error(
                sheet.name,
                row.number,
                h["organizer"],
                _("No organization named '%(name)s' in your area of work") % {"name": v["organizer"]},
            )
        return found

    def _course(self, sheet: ParsedSheet, row: Row) -> Course | None:
        """The course by name within the organizer (or, without one, among the scope's courses), inside the
        edit scope; recorded when missing, as the structure policy allows."""
        v = row.values
        name = v["course"]
        organizer: Organization | None = None
        if v.get("organizer"):
            organizer = self._organization(sheet, row)
            if organizer is None:
                return None
        key = (organizer.pk if organizer else None, fold(name))
        if key not in self.courses:
            if organizer is not None:
                candidates = [c for c in Course.objects.filter(organizer=organizer) if fold(c.name) == key[1]]
            else:
                from .selectors import course_list

                candidates = [c for c in course_list(scope=self.context.scope) if fold(c.name) == key[1]]
            if len(candidates) > 1:
                self.error(
                    sheet.name,
                    row.number,
                    self._column(sheet, "organizer"),
                    _("Several courses are named '%(name)s': give the organizer (Đơn vị tổ chức)")
                    % {"name": name},
                )
                return None
            found = candidates[0] if candidates else None
            if found is None and organizer is not None:
                found = self._course_create(sheet, row, organizer)
                if found is None:
                    return None
            self.courses[key] = found
        course = self.courses[key]
        if course is None:
            self.error(
                sheet.name,
                row.number,
                sheet.header.header_text["course"],
                _(
                    "No course named '%(name)s' in your area of work: give its organizer (Đơn vị tổ chức) to record it"
                )
                % {"name": name},
            )
            return None
        course.organizer = Organization.objects.select_related("area").get(pk=course.organizer_id)
        outside = organization_outside(
            self.context.scope, course.organizer.area, course.organizer.kind, course.organizer.name
        )
        if outside:
            self.error(sheet.name, row.number, self._column(sheet, "organizer"), outside)
            return None
        return course

    def _course_create(self, sheet: ParsedSheet, row: Row, organizer: Organization) -> Course | None:
        v, h = row.values, sheet.header.header_text
        outside = organization_outside(self.context.scope, organizer.area, organizer.kind, organizer.name)
        if outside:
            self.error(sheet.name, row.number, h["organizer"], outside)
            return None
        if not self.context.structure.allows(f"course:{organizer.pk}:{fold(v['course'])}", False):
            self.error(
                sheet.name,
                row.number,
                h["course"],
                _("%(organizer)s has no course named '%(name)s'")
                % {"organizer": organizer, "name": v["course"]},
            )
            return None
        kind = v.get("kind") or ""
        if not kind:
            self.error(
                sheet.name,
                row.number,
                h.get("kind") or h["course"],
                _("The course '%(name)s' is not registered yet: give its kind (Loại) to record it")
                % {"name": v["course"]},
            )
            return None
        grants, level = "", ""
        if v.get("level"):
            grants = GRANTS_OF_KIND.get(CourseKind(kind), "")
            level = level_of(grants, v["level"])
            if not level:
                self.error(
                    sheet.name,
                    row.number,
                    h["level"],
                    _("'%(value)s' is not a level a course of this kind gives") % {"value": v["level"]},
                )
                return None
        try:
            course = services.course_create(
                organizer=organizer,
                name=v["course"],
                kind=kind,
                grants=grants,
                grants_level=level,
                acting_user=self.user,
                source=self.source,
            )
        except (ValidationError, PermissionDenied) as refused:
            self._refused(sheet, row, refused, "course")
            return None
        self.result.count(sheet.name, "courses", "created")
        self.result.created.setdefault("courses", []).append(str(course))
        self.result.created_ids.setdefault("courses", []).append(course.pk)
        return course

    def _session(self, sheet: ParsedSheet, row: Row, course: Course) -> Session | None:
        """The class by its name (else by its start date) within the course; opened when missing."""
        v = row.values
        name = v.get("session") or ""
        key = (course.pk, f"n:{fold(name)}" if name else f"d:{v['start'].isoformat()}")
        if key not in self.sessions:
            qs = Session.objects.filter(course=course)
            if name:
                found = next((s for s in qs if fold(s.name) == fold(name)), None)
            else:
                found = qs.filter(start_date=v["start"]).order_by("id").first()
            if found is None:
                if not self.context.structure.allows(f"session:{course.pk}:{key[1]}", False):
                    self.error(
                        sheet.name,
                        row.number,
                        self._column(sheet, "session"),
                        _("The course %(course)s has no such class") % {"course": course},
                    )
                    return None
                try:
                    found = services.session_create(
                        course=course,
                        name=name or _("Class of %(date)s") % {"date": v["start"].strftime("%m/%Y")},
                        start_date=v["start"],
                        end_date=v.get("end"),
                        acting_user=self.user,
                        source=self.source,
                    )
                except (ValidationError, PermissionDenied) as refused:
                    self._refused(sheet, row, refused, "session")
                    return None
                self.result.count(sheet.name, "sessions", "created")
            found.course = course
            self.sessions[key] = found
        return self.sessions[key]

    def _line(self, sheet: ParsedSheet, row: Row, session: Session, person: PersonKey) -> Line | None:
        v, h = row.values, sheet.header.header_text
        pair = (session.pk, person.id)
        if pair in self.in_file:
            self.error(
                sheet.name,
                row.number,
                h.get("full_name") or h.get("code"),
                _("%(person)s is written twice for the same class in this file")
                % {"person": person.full_name},
            )
            return None
        result = v.get("result") or (
            Result.COMPLETED if v.get("completed") or v.get("certificate") else Result.ENROLLED
        )
        completed_on = v.get("completed")
        if result == Result.COMPLETED and completed_on is None:
            completed_on = session.end_date
        certificate = v.get("certificate") or ""
        existing = Participation.objects.filter(session=session, person_id=person.id).first()
        errors = services.result_check(
            session=session,
            result=result,
            completed_on=completed_on,
            certificate=certificate,
            certificate_date=v.get("certificate_date"),
            pk=existing.pk if existing else None,
        )
        if certificate and result == Result.COMPLETED:
            other = self.certificates.get((session.course_id, certificate))
            if other is not None:
                self.error(
                    sheet.name,
                    row.number,
                    h["certificate"],
                    _("The certificate number %(number)s is also on row %(row)s")
                    % {"number": certificate, "row": other},
                )
                return None
        if errors:
            self._field_errors(sheet, row, errors)
            return None
        self.in_file.add(pair)
        if certificate:
            self.certificates[(session.course_id, certificate)] = row.number
        return Line(
            row, session, person.id, result, completed_on, certificate, v.get("certificate_date"),
            v.get("note") or "", existing,
        )  # fmt: skip

    def _field_errors(self, sheet: ParsedSheet, row: Row, errors: dict[str, list[ValidationError]]) -> None:
        h = sheet.header.header_text
        for field, found in errors.items():
            column = h.get(_COLUMN_OF_FIELD.get(field, "")) or h["course"]
            self.error(sheet.name, row.number, column, " ".join(m for e in found for m in e.messages))

    def _refused(self, sheet: ParsedSheet, row: Row, refused: Exception, what: str) -> None:
        h = sheet.header.header_text
        if isinstance(refused, ValidationError) and hasattr(refused, "error_dict"):
            for field, found in refused.error_dict.items():
                column = h.get(_COLUMN_OF_FIELD.get(field, "")) or self._column(sheet, what)
                self.error(sheet.name, row.number, column, " ".join(m for e in found for m in e.messages))
        else:
            messages = refused.messages if isinstance(refused, ValidationError) else [str(refused)]
            self.error(sheet.name, row.number, self._column(sheet, what), " ".join(messages))

    # -- write ------------------------------------------------------------------------------------------
    def write(self, sheet: ParsedSheet, plan: list[Line]) -> None:
        if self.result.errors:
            return  # the import is refused anyway: nothing is written
        people = Person.objects.in_bulk({line.person_id for line in plan})
        for line in plan:
            try:
                if line.existing is None:
                    services.participant_add(
                        session=line.session,
                        person=people[line.person_id],
                        result=line.result,
                        completed_on=line.completed_on,
                        certificate=line.certificate,
                        certificate_date=line.certificate_date,
                        note=line.note,
                        acting_user=self.user,
                        source=self.source,
                    )
                    self.result.count(sheet.name, "participants", "created")
                    continue
                old = line.existing
                same = (old.result, old.completed_on, old.certificate, old.certificate_date) == (
                    line.result, line.completed_on, line.certificate, line.certificate_date,
                ) and (not line.note or line.note == old.note)  # fmt: skip
                if same:
                    self.result.count(sheet.name, "participants", "unchanged")
                    continue
                old.session = line.session
                services.participant_result_set(
                    participation=old,
                    result=line.result,
                    completed_on=line.completed_on,
                    certificate=line.certificate,
                    certificate_date=line.certificate_date,
                    note=line.note or None,
                    acting_user=self.user,
                    source=self.source,
                )
                self.result.count(sheet.name, "participants", "updated")
            except (ValidationError, PermissionDenied) as refused:  # checked above; to be safe
                self._refused(sheet, line.row, refused, "full_name")


def register_sheet() -> None:
    """Make the importer read the sheet 'Học viên' (after people and tenures, whose rows it names)."""
    if not any(w.kind.key == PARTICIPANTS.key for w in registry.writers()):
        registry.register(ParticipantsWriter)
