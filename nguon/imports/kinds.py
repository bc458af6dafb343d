"""Sheet kinds as declarations: the sheet's names, its columns with their accepted headers and parsers.

A new kind (trainings, planning entries, activities) is one module: its ``SheetKind`` (columns, parsers)
and its writer (``writers.base.SheetWriter``: check rows → errors; write rows), plus one registration line
in ``registry.py``; the machinery (finding headers, parsing cells, collecting every error, one transaction,
counts) is shared. The people and tenures kinds are declared here, their writers in ``writers/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from nguon.core.labels import label, labels
from nguon.core.text import fold
from nguon.organizations.choices import OrganizationKind, TenureEnd, TenureStart
from nguon.people.choices import BirthDatePrecision, Education, PoliticalTheory, Sex, StateManagement

from .parsing import CellError, clean_cell_text, parse_code, parse_date, parse_sex, parse_term


@dataclass(frozen=True)
class Column:
    """A column: its field key, the headers it may carry, whether the header and the value are required;
    and for the export and the template (``nguon.exports``): its value for an exported object (``export``;
    None: not exported), the template's note, width, cell kind (text | date | flag) and drop-down list."""

    key: str
    headers: tuple[str, ...]
    parse: Callable[[Any], Any]
    header_required: bool = False
    value_required: bool = False
    max_length: int | None = None  # the database column's, checked here so a long cell is an error message
    export: Callable[[Any], Any] | None = None
    note: str = ""
    width: int = 12
    kind: str = "text"
    options: Callable[[], tuple[str, ...]] | None = None


@dataclass(frozen=True)
class SheetKind:
    key: str
    title: str  # the sheet name in templates
    names: tuple[str, ...]  # accepted sheet names
    columns: tuple[Column, ...]
    required_any: tuple[tuple[str, ...], ...] = ()  # at least one of each group of headers

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _choice(choices: Any, extra: dict[str, str] | None = None) -> Callable[[Any], str]:
    """A parser accepting a choice's Vietnamese label, English label or code, ignoring case and diacritics."""
    table: dict[str, str] = {}

    def build() -> None:
        from django.utils import translation

        for language in ("en", "vi"):
            with translation.override(language):
                table.update({fold(str(label)): str(code) for code, label in choices.choices if code})
        table.update({fold(str(code)): str(code) for code, _label in choices.choices if code})
        table.update({fold(k): v for k, v in (extra or {}).items()})

    def parse(value: Any) -> str:
        text = clean_cell_text(value)
        if not text:
            return ""
        if not table:
            build()
        try:
            return table[fold(text)]
        except KeyError:
            raise CellError(_("'%(value)s' is not one of the accepted values") % {"value": text}) from None

    return parse


def _text(value: Any) -> str:
    return clean_cell_text(value)


def _name(value: Any) -> str:
    return clean_cell_text(value)  # NFC, single spaces, stripped: clean_text's own work


def _area_code(value: Any) -> str:
    return parse_code(value, 5) if isinstance(value, int | float) else clean_cell_text(value)


def date_or_year(value: Any) -> tuple[dt.date, str] | None:
    if value is None or clean_cell_text(value) == "":
        return None
    return parse_date(value)


def _day(value: Any) -> dt.date | None:
    parsed = date_or_year(value)
    if parsed is None:
        return None
    day, precision = parsed
    if precision != "day":
        raise CellError(
            _("'%(value)s' is a year; a full date is needed here") % {"value": clean_cell_text(value)}
        )
    return day


def _flag(value: Any) -> bool:
    return fold(clean_cell_text(value)) in {"x", "co", "1", "true", "yes", "v", "chu chot"}


def _term(value: Any) -> tuple[int, int] | None:
    return parse_term(value) if clean_cell_text(value) else None


def exported_birth(person: Any) -> dt.date | int:
    """A person's birth as the import reads it back: the date, or the year alone when only the year is known."""
    birth: dt.date = person.birth_date
    return birth.year if person.birth_date_precision == BirthDatePrecision.YEAR else birth


PEOPLE = SheetKind(
    key="people",
    title="Cán bộ",
    names=("Cán bộ", "Can bo", "Danh sách cán bộ", "Người", "People"),
    columns=(
        Column(
            "code",
            ("Mã cán bộ", "Mã CB", "Mã"),
            _text,
            max_length=30,
            export=lambda p: p.code,
            note="Không bắt buộc; nếu có, dùng để nhận ra cán bộ khi nhập lại.",
        ),
        Column(
            "full_name",
            ("Họ và tên", "Họ tên", "Họ và tên cán bộ"),
            _name,
            True,
            True,
            max_length=150,
            export=lambda p: p.full_name,
            note="Bắt buộc. Họ, đệm, tên đầy đủ.",
            width=28,
        ),
        Column(
            "birth",
            ("Ngày sinh", "Ngày, tháng, năm sinh", "Năm sinh"),
            date_or_year,
            export=lambda p: exported_birth(p),
            note="Bắt buộc. dd/mm/yyyy, hoặc chỉ năm sinh (ví dụ 1985).",
            kind="date",
        ),
        Column("birth_male", ("Ngày sinh Nam", "Năm sinh Nam", "Nam"), lambda v: v),
        Column("birth_female", ("Ngày sinh Nữ", "Năm sinh Nữ", "Nữ"), lambda v: v),
        Column(
            "sex",
            ("Giới tính", "Giới"),
            parse_sex,
            export=lambda p: label(Sex, p.sex, capital=True),
            note="Bắt buộc: Nam hoặc Nữ.",
            width=9,
            options=lambda: labels(Sex, capital=True),
        ),
        Column("ethnicity", ("Dân tộc",), _text, True, max_length=50, export=lambda p: p.ethnicity, width=10),
        Column(
            "education",
            ("Trình độ chuyên môn", "Chuyên môn"),
            _choice(Education, {"đại học": "dai_hoc"}),
            True,
            export=lambda p: label(Education, p.education),
            width=18,
            options=lambda: labels(Education),
        ),
        Column(
            "political_theory",
            ("Lý luận chính trị", "LLCT"),
            _choice(PoliticalTheory),
            True,
            export=lambda p: label(PoliticalTheory, p.political_theory),
            width=16,
            options=lambda: labels(PoliticalTheory),
        ),
        Column(
            "party_admission_date",
            ("Ngày vào Đảng",),
            _day,
            True,
            export=lambda p: p.party_admission_date,
            note="Để trống nếu không phải đảng viên.",
            width=13,
            kind="date",
        ),
        Column(
            "state_management",
            ("Quản lý nhà nước", "QLNN"),
            _choice(StateManagement),
            False,  # added with issue 10: workbooks written before it have no such column
            export=lambda p: label(StateManagement, p.state_management),
            width=18,
            options=lambda: labels(StateManagement),
        ),
    ),
    required_any=(("birth", "birth_male"), ("sex", "birth_male")),
)

TENURES = SheetKind(
    key="tenures",
    title="Chức vụ",
    names=("Chức vụ", "Chuc vu", "Quá trình công tác", "Tenures"),
    columns=(
        Column(
            "code",
            ("Mã cán bộ", "Mã CB"),
            _text,
            max_length=30,
            export=lambda t: t.person.code,
            note="Mã cán bộ, hoặc Họ và tên + Ngày sinh như ở sheet 'Cán bộ'.",
        ),
        Column(
            "full_name",
            ("Họ và tên", "Họ tên"),
            _name,
            max_length=150,
            export=lambda t: t.person.full_name,
            width=26,
        ),
        Column(
            "birth",
            ("Ngày sinh", "Năm sinh"),
            date_or_year,
            export=lambda t: exported_birth(t.person),
            kind="date",
        ),
        Column(
            "area_code",
            ("Mã địa bàn", "Mã đơn vị hành chính", "Mã ĐVHC"),
            _area_code,
            True,
            True,
            export=lambda t: t.post.organization.area.code,
            note="Bắt buộc. Mã đơn vị hành chính tại ngày bắt đầu (ví dụ 00070).",
            width=10,
        ),
        Column(
            "organization",
            ("Tổ chức", "Cơ quan, đơn vị"),
            _name,
            True,
            True,
            max_length=250,
            export=lambda t: t.post.organization.name,
            note="Bắt buộc. Ví dụ: Đảng bộ phường Hàng Bạc, UBND phường Hàng Bạc.",
            width=30,
        ),
        Column(
            "organization_kind",
            ("Loại tổ chức",),
            _choice(OrganizationKind),
            export=lambda t: label(OrganizationKind, t.post.organization.kind),
            width=18,
            options=lambda: labels(OrganizationKind),
        ),
        Column(
            "body",
            ("Cơ quan",),
            _name,
            True,
            max_length=250,
            export=lambda t: t.post.body.name if t.post.body else "",
            note="Ban Chấp hành, Ban Thường vụ, Hội đồng nhân dân… khi chức danh là ghế của cơ quan đó.",
            width=30,
        ),
        Column(
            "post",
            ("Chức danh", "Chức vụ"),
            _name,
            True,
            True,
            max_length=250,
            export=lambda t: t.post.name,
            note="Bắt buộc.",
            width=28,
        ),
        Column(
            "key_post",
            ("Chủ chốt", "Chức danh chủ chốt"),
            _flag,
            export=lambda t: "x" if t.post.is_key else "",
            note="Đánh x nếu là chức danh chủ chốt.",
            width=8,
            kind="flag",
            options=lambda: ("x",),
        ),
        Column(
            "term",
            ("Nhiệm kỳ",),
            _term,
            True,
            export=lambda t: t.term.name if t.term else "",
            note="Ví dụ 2020–2025.",
            width=11,
        ),
        Column(
            "start",
            ("Từ ngày", "Ngày bắt đầu"),
            _day,
            True,
            True,
            export=lambda t: t.start_date,
            note="Bắt buộc. dd/mm/yyyy.",
            kind="date",
        ),
        Column(
            "end",
            ("Đến ngày", "Ngày kết thúc"),
            _day,
            True,
            export=lambda t: t.end_date,
            note="Để trống nếu đang giữ.",
            kind="date",
        ),
        Column(
            "start_reason",
            ("Hình thức", "Hình thức đảm nhiệm"),
            _choice(TenureStart, {"bầu cử": "elected"}),
            True,
            True,
            export=lambda t: label(TenureStart, t.start_reason),
            note="Bắt buộc.",
            width=13,
            options=lambda: labels(TenureStart),
        ),
        Column(
            "decision",
            ("Số quyết định", "Quyết định"),
            _text,
            max_length=100,
            export=lambda t: t.start_decision,
            width=16,
        ),
        Column(
            "end_reason",
            ("Lý do thôi", "Lý do thôi giữ chức vụ"),
            _choice(TenureEnd),
            export=lambda t: label(TenureEnd, t.end_reason),
            width=16,
            options=lambda: labels(TenureEnd),
        ),
    ),
    required_any=(("code", "full_name"),),
)

KINDS: tuple[SheetKind, ...] = (PEOPLE, TENURES)


def infer_organization_kind(name: str, area_level: str) -> str:
    """The kind of an organization from its name, as offices write them."""
    n = fold(name)
    starts = n.startswith
    if starts(("dang bo", "chi bo")):
        higher = ("dang bo quan", "dang bo huyen", "dang bo tinh", "dang bo thanh pho", "dang bo thi xa")
        return (
            OrganizationKind.PARTY
            if starts(higher) and area_level != "commune"
            else OrganizationKind.GRASSROOTS_PARTY
        )
    if starts(("hoi lhpn", "hoi lien hiep phu nu", "hoi phu nu")):
        return OrganizationKind.WOMENS_UNION
    if starts(("doan ", "quan doan", "huyen doan", "tinh doan", "thanh doan", "thi doan")):
        return OrganizationKind.YOUTH_UNION
    if starts(("hdnd", "hoi dong nhan dan")):
        return OrganizationKind.PEOPLES_COUNCIL
    if starts(("ubnd", "uy ban nhan dan")):
        return OrganizationKind.PEOPLES_COMMITTEE
    if starts(("mat tran", "uy ban mttq", "uy ban mat tran", "mttq")):
        return OrganizationKind.FATHERLAND_FRONT
    if starts(("phong ", "ban ", "van phong", "thanh tra", "uy ban kiem tra")):
        return OrganizationKind.DEPARTMENT
    return OrganizationKind.OTHER


def infer_body_kind(name: str) -> str:
    n = fold(name)
    if n.startswith(("ban chap hanh", "bch", "dang uy", "chi uy", "cap uy")):
        return "executive_committee"
    if n.startswith(("ban thuong vu", "btv", "thuong vu")):
        return "standing_committee"
    if n.startswith(("hoi dong nhan dan", "hdnd", "hoi dong")):
        return "council"
    return "committee"
