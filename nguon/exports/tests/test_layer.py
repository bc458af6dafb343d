"""The exports-and-downloads layer: one house format, one download helper, exporters from the sheet kinds'
column declarations; every download named, typed and never cached; exports that import back unchanged."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from nguon.accounts.tests.factories import national_user
from nguon.areas.services import area_create
from nguon.core.downloads import content_disposition, download
from nguon.core.exporters import Rendered
from nguon.core.xlsx import XLSX, Column, Sheet, render_xlsx
from nguon.exports.xlsx import PeopleTenuresExporter, TemplateExporter
from nguon.imports.kinds import PEOPLE, TENURES, SheetKind
from nguon.imports.tests.workbooks import SheetSpec, write_xlsx
from nguon.indicators.evaluation import Cell, UnitRef
from nguon.indicators.xlsx import IndicatorTableExporter
from nguon.organizations.models import Tenure
from nguon.people.models import Person

D = dt.date
PEOPLE_ROWS = [
    [c.headers[0] for c in PEOPLE.columns if c.export is not None],
    ["CB001", "Nguyễn Thị Hoa", "12/03/1985", "Nữ", "Kinh", "Đại học", "Trung cấp", "03/02/2010"],
    ["", "Trần Văn Nam", D(1979, 7, 1), "Nam", "Tày", "", "", None],
    ["", "Lê Thị Mai", 1990, "Nữ", "Kinh", "", "", ""],
]


def _row(kind: SheetKind, **values: object) -> list[object]:
    return [values.get(c.key, "") for c in kind.columns if c.export is not None]


WARD_COMMITTEE = {"area_code": "00061", "organization": "UBND phường Hàng Bạc", "start": "01/07/2021"}
TENURE_ROWS = [
    [c.headers[0] for c in TENURES.columns if c.export is not None],
    _row(TENURES, code="CB001", post="Chủ tịch UBND", key_post="x", start_reason="Bầu cử", **WARD_COMMITTEE),
    _row(
        TENURES,
        full_name="Lê Thị Mai",
        birth=1990,
        post="Phó Chủ tịch UBND",
        start_reason="Bổ nhiệm",
        **WARD_COMMITTEE,
    ),
]


def _book(sheets: dict[str, list[list[object]]]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "in.xlsx", [SheetSpec(name, rows) for name, rows in sheets.items()])
        return path.read_bytes()


def _import(tmp_path: Path, data: bytes, name: str = "in.xlsx", *extra: str) -> dict[str, object]:
    path = tmp_path / name
    path.write_bytes(data)
    out = io.StringIO()
    with contextlib.suppress(SystemExit):  # exit 2: validation errors, in the JSON
        call_command("import", str(path), "--format", "json", *extra, stdout=out)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


@pytest.fixture
def ward(db: None) -> object:
    city = area_create(code="01", name="Thành phố Hà Nội", level="province")
    district = area_create(code="002", name="Quận Hoàn Kiếm", level="district", parent=city)
    return area_create(code="00061", name="Phường Hàng Bạc", level="commune", parent=district)


@pytest.fixture
def roster(ward: object, tmp_path: Path) -> None:
    result = _import(
        tmp_path, _book({"Cán bộ": PEOPLE_ROWS, "Chức vụ": TENURE_ROWS}), "in.xlsx", "--create-structure"
    )
    assert result["errors"] == []


@pytest.fixture
def officer_client(client, django_user_model):  # type: ignore[no-untyped-def]
    client.force_login(national_user("canbo", password="x"))
    return client


def _cell(**changes: object) -> Cell:
    values: dict[str, object] = {
        "unit": UnitRef(area_id=1, code="00061", name="Phường Hàng Bạc", level="commune", path="1"),
        "indicator": "key-posts-women",
        "indicator_name": "Nữ giữ chức danh chủ chốt",
        "count_unit": "people",
        "at": D(2025, 9, 25),
        "numerator": 1,
        "denominator": 3,
        "value": Decimal("33.3333"),
        "target": None,
        "status": "no_target",
        "gap": None,
    }
    values.update(changes)
    return Cell(**values)  # type: ignore[arg-type]


# --- the download helper -----------------------------------------------------------------------------------


def test_a_vietnamese_file_name_is_sent_in_filename_star_with_an_ascii_fallback():
    """The real name travels in ``filename*`` (RFC 5987), an ASCII one in ``filename`` for old clients;
    quotes and line breaks of a user's file name cannot break the header."""
    assert content_disposition("mau.xlsx") == 'attachment; filename="mau.xlsx"'
    header = content_disposition("Danh sách cán bộ-lỗi.xlsx")
    assert header.startswith("attachment; filename=\"danh-sach-can-bo-loi.xlsx\"; filename*=UTF-8''")
    assert unquote(header.split("''", 1)[1]) == "Danh sách cán bộ-lỗi.xlsx"
    hostile = content_disposition('a"b\r\nSet-Cookie: x.xlsx')
    assert "\r" not in hostile and "\n" not in hostile and hostile.count('"') == 2


def test_a_download_is_an_attachment_of_its_type_never_cached():
    """Personal data: no browser or proxy keeps a copy."""
    response = download(Rendered("chỉ-số.xlsx", XLSX, b"data"))
    assert response["Content-Type"] == XLSX
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == b"data"


@pytest.mark.parametrize(
    ("url", "fallback", "name"),
    [
        ("/templates/import.xlsx", "mau-nhap-nguon.xlsx", "mẫu-nhập-nguồn.xlsx"),
        ("/exports/people-tenures.xlsx", f"can-bo-chuc-vu-{dt.date.today():%Y%m%d}.xlsx", None),
        ("/indicators/?area=00061&at=25/09/2025&format=xlsx", "chi-so-00061-20250925.xlsx", None),
    ],
)
def test_every_download_has_its_name_type_and_no_cache(officer_client, roster, url, fallback, name):
    """The template, the people export and the indicator table are served by the one helper."""
    response = officer_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert f'filename="{fallback}"' in disposition and "filename*=UTF-8''" in disposition
    if name:
        assert unquote(disposition.split("''", 1)[1]) == name
    load_workbook(io.BytesIO(response.content))  # a real workbook


def test_the_error_workbook_download_keeps_the_users_file_name(officer_client, ward):
    """The marked copy of "Danh sách cán bộ.xlsx" downloads as "Danh sách cán bộ-lỗi.xlsx", not cached."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nguon.imports.models import ImportRecord

    bad = _book({"Cán bộ": [PEOPLE_ROWS[0], ["", "Nguyễn Thị Hoa", "31/02/1985", "Nữ", "Kinh", "", "", ""]]})
    officer_client.post("/imports/", {"file": SimpleUploadedFile("Danh sách cán bộ.xlsx", bad)})
    record = ImportRecord.objects.get()
    response = officer_client.get(f"/imports/{record.pk}/errors.xlsx")
    assert response["Cache-Control"] == "private, no-store"
    assert unquote(response["Content-Disposition"].split("''", 1)[1]) == "Danh sách cán bộ-lỗi.xlsx"


# --- the house format --------------------------------------------------------------------------------------


def test_the_house_format_header_dates_numbers_widths_frozen_and_filtered():
    """Bold header on the house fill, frozen and filtered; dates dd/mm/yyyy; a year in a date column stays
    a year; counts and ratios are numbers; widths as declared."""
    columns = [
        Column("Ngày", width=14, kind="date"),
        Column("Số", kind="integer"),
        Column("Tỷ lệ", kind="decimal"),
        Column("Tên", width=30),
    ]
    data = render_xlsx(
        [Sheet("Thử", columns, [[D(2020, 9, 25), 1234, Decimal("41.6667"), "Hoa"], [1985, None, None, None]])]
    )
    sheet = load_workbook(io.BytesIO(data))["Thử"]
    head = sheet.cell(1, 1)
    assert head.value == "Ngày" and head.font.b and head.fill.fgColor.rgb.endswith("DDE5EE")
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D3"
    assert (
        sheet.cell(2, 1).value == dt.datetime(2020, 9, 25) and sheet.cell(2, 1).number_format == "dd/mm/yyyy"
    )
    assert sheet.cell(3, 1).value == 1985 and sheet.cell(3, 1).number_format == "0"
    assert sheet.cell(2, 2).value == 1234 and sheet.cell(2, 2).number_format == "#,##0"
    assert sheet.cell(2, 3).value == pytest.approx(41.6667) and sheet.cell(2, 3).number_format == "#,##0.0"
    assert sheet.column_dimensions["A"].width == pytest.approx(14, abs=1)
    assert sheet.column_dimensions["D"].width == pytest.approx(30, abs=1)


def test_a_long_drop_down_list_or_one_with_commas_lives_on_a_hidden_sheet_and_the_import_is_quiet_about_it():
    """Excel refuses a typed list longer than 255 characters and splits an option at its comma: such lists
    are written to the hidden "Danh mục" sheet and referenced as a range; short ones stay typed in. The
    importer skips that sheet of its own templates without a note."""
    from nguon.core.xlsx import LISTS_SHEET
    from nguon.imports.reading import read_workbook

    long = tuple(f"Lựa chọn thứ {i} khá dài để vượt giới hạn" for i in range(12))
    comma = ("Ngày hội tái chế, đổi phế liệu", "Trồng cây")
    columns = [
        Column("Dài", options=long),
        Column("Phẩy", options=comma),
        Column("Ngắn", options=("Có", "Không")),
    ]
    book = load_workbook(io.BytesIO(render_xlsx([Sheet("Mẫu", columns, [], blank_rows=20)])))
    lists = book[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    assert [lists.cell(r, 1).value for r in range(1, 13)] == list(long)
    assert [lists.cell(r, 2).value for r in range(1, 3)] == list(comma)
    found = {str(d.sqref): d.formula1 for d in book["Mẫu"].data_validations.dataValidation}
    assert found == {
        "A2:A21": f"'{LISTS_SHEET}'!$A$1:$A$12",
        "B2:B21": f"'{LISTS_SHEET}'!$B$1:$B$2",
        "C2:C21": '"Có,Không"',
    }
    workbook = read_workbook(render_xlsx([Sheet("Mẫu", columns, [], blank_rows=20)]), "mau.xlsx")
    assert [s.name for s in workbook.visible_sheets] == ["Mẫu"]


def test_text_that_looks_like_a_formula_stays_text():
    """A name or note beginning with "=" is written as the text it is, never run as a formula."""
    book = IndicatorTableExporter([_cell(note='=HYPERLINK("http://x")')]).render()
    sheet = load_workbook(io.BytesIO(book.data))["Chỉ số"]
    note = next(c for c in sheet[2] if c.value and str(c.value).startswith("="))
    assert note.data_type == "s"


def test_the_indicator_table_speaks_vietnamese_and_colours_statuses():
    """Statuses and count units come from the choices in Vietnamese ("Đạt", "người", "ghế"), never the
    codes ("met", "people", "seats"); met cells are green, unmet red."""
    cells = [_cell(status="met"), _cell(status="not_met", count_unit="seats"), _cell(status="no_data")]
    rendered = IndicatorTableExporter(cells, stem="chỉ-số").render()
    assert rendered.filename == "chỉ-số.xlsx" and rendered.content_type == XLSX
    sheet = load_workbook(io.BytesIO(rendered.data))["Chỉ số"]
    header = [c.value for c in sheet[1]]
    status, unit, day = (
        header.index("Đánh giá") + 1,
        header.index("Đơn vị đếm") + 1,
        header.index("Ngày tính") + 1,
    )
    assert [sheet.cell(r, status).value for r in (2, 3, 4)] == ["Đạt", "Chưa đạt", "Chưa có dữ liệu"]
    assert [sheet.cell(r, unit).value for r in (2, 3)] == ["người", "ghế"]
    assert sheet.cell(2, status).fill.fgColor.rgb.endswith("C6EFCE")
    assert sheet.cell(3, status).fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet.cell(2, day).number_format == "dd/mm/yyyy"
    assert not any(str(c.value) in {"met", "people", "seats"} for row in sheet.iter_rows() for c in row)


def test_the_indicator_command_writes_the_same_workbook(roster, tmp_path):
    """``nguon indicators --format xlsx --out`` goes through the same exporter."""
    out = tmp_path / "t.xlsx"
    call_command(
        "indicators", "--area", "00061", "--as-of", "2025-09-25", "--format", "xlsx", "--out", str(out)
    )
    sheet = load_workbook(out)["Chỉ số"]
    assert sheet.freeze_panes == "A2" and sheet.cell(1, 1).font.b


# --- one declaration for import, export and template ---------------------------------------------------------


def test_export_and_template_columns_are_the_importers_own():
    """The export's and the template's headers are the first header the importer accepts for each column,
    in the sheet kind's order: one declaration serves all three."""
    book = load_workbook(io.BytesIO(TemplateExporter(["people", "tenures"]).render().data))
    for kind in (PEOPLE, TENURES):
        expected = [c.headers[0] for c in kind.columns if c.export is not None]
        assert [c.value for c in book[kind.title][1]] == expected
    assert [s.title for s in book.worksheets if s.sheet_state == "visible"] == [
        "Hướng dẫn",
        "Cán bộ",
        "Chức vụ",
    ]


def test_the_template_has_the_declared_notes_drop_downs_and_date_cells():
    """Notes on the headers, drop-downs from the choices' Vietnamese labels, date cells dd/mm/yyyy."""
    book = load_workbook(io.BytesIO(TemplateExporter(["people", "tenures"]).render().data))
    people = book["Cán bộ"]
    heads = {c.value: c for c in people[1]}
    assert heads["Họ và tên"].comment.text == PEOPLE.column("full_name").note
    lists = [dv.formula1 for dv in people.data_validations.dataValidation]
    assert any("Nữ" in f and "Nam" in f for f in lists)
    assert any("cử nhân" in f and "thạc sĩ" in f for f in lists)  # Education, from the choices
    birth = list(heads).index("Ngày sinh") + 1
    assert people.column_dimensions[people.cell(1, birth).column_letter].number_format == "dd/mm/yyyy"
    guide = [r[0] for r in book["Hướng dẫn"].iter_rows(values_only=True) if r[0]]
    assert any("Mã địa bàn — Bắt buộc" in line for line in guide)


def test_the_template_command_writes_the_chosen_kinds(tmp_path):
    out = tmp_path / "mau.xlsx"
    call_command("template", "tenures", "--out", str(out), stdout=io.StringIO())
    book = load_workbook(out)
    assert [s.title for s in book.worksheets if s.sheet_state == "visible"] == ["Hướng dẫn", "Chức vụ"]


def test_an_export_imports_back_unchanged(roster, tmp_path):
    """``nguon export`` then ``nguon import`` of its file: every row is found unchanged, nothing is created."""
    out = tmp_path / "export.xlsx"
    call_command("export", "--out", str(out), stdout=io.StringIO())
    before = (Person.objects.count(), Tenure.objects.count())
    sheet = load_workbook(out)["Cán bộ"]
    heads = [c.value for c in sheet[1]]
    assert sheet.cell(2, heads.index("Giới tính") + 1).value in {"Nam", "Nữ"}
    result = _import(tmp_path, out.read_bytes(), "export.xlsx")
    assert result["errors"] == []
    assert result["Cán bộ"]["people"] == {"created": 0, "updated": 0, "unchanged": 3}  # type: ignore[index]
    assert result["Chức vụ"]["tenures"] == {"created": 0, "updated": 0, "unchanged": 2}  # type: ignore[index]
    assert (Person.objects.count(), Tenure.objects.count()) == before


def test_the_people_export_is_named_and_dated():
    rendered = PeopleTenuresExporter([], [], day=D(2026, 12, 2)).render()
    assert rendered.filename == "cán-bộ-chức-vụ-20261202.xlsx"
    assert load_workbook(io.BytesIO(rendered.data)).sheetnames == ["Cán bộ", "Chức vụ"]


def test_the_archived_file_downloads_under_its_own_name_on_the_site_and_in_the_admin(
    officer_client, admin_client, ward
):
    """The user's original file, from the import page and from the admin, keeps its Vietnamese name, is
    never cached, and is logged as a download of personal data."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nguon.imports.models import ImportRecord

    data = _book({"Cán bộ": PEOPLE_ROWS})
    officer_client.post("/imports/", {"file": SimpleUploadedFile("Danh sách cán bộ.xlsx", data)})
    record = ImportRecord.objects.get()
    for client, url in (
        (officer_client, f"/imports/{record.pk}/file"),
        (admin_client, f"/admin/imports/importrecord/{record.pk}/download/"),
    ):
        response = client.get(url)
        assert response.status_code == 200 and response.content == data
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))  # the admin adds more
        assert unquote(response["Content-Disposition"].split("''", 1)[1]) == "Danh sách cán bộ.xlsx"
    from nguon.accounts.models import PersonalDataAccess

    # both downloads are in the personal-data log, with the three people the file names
    assert list(PersonalDataAccess.objects.values_list("kind", "people_count")) == [("download", 3)] * 2


def test_the_export_command_can_keep_to_an_area(roster, tmp_path):
    """``--area`` keeps the tenures of the area's subtree and their people; it says what it wrote."""
    area = area_create(code="00062", name="Phường Hàng Buồm", level="commune")
    assert area.pk
    out, said = tmp_path / "ward.xlsx", io.StringIO()
    call_command("export", "--out", str(out), "--area", "00061", "--as-of", "2025-09-25", stdout=said)
    book = load_workbook(out)
    assert (book["Cán bộ"].max_row, book["Chức vụ"].max_row) == (3, 3)  # header + the two holders
    assert "Đã ghi 2 cán bộ, 2 chức vụ" in said.getvalue()
    call_command(
        "export", "--out", str(out), "--area", "00062", "--as-of", "2025-09-25", stdout=io.StringIO()
    )
    assert load_workbook(out)["Chức vụ"].max_row == 1


def test_a_new_sheet_kind_gets_its_template_and_export_from_its_declaration(officer_client):
    """A kind registered with the importer whose columns declare ``export``/``note`` has a template (page
    and command) and export rows with no code in ``nguon.exports``."""
    from types import SimpleNamespace

    from nguon.exports.xlsx import kind_rows, template_kinds
    from nguon.imports import registry
    from nguon.imports.kinds import Column as KindColumn

    kind = SheetKind(
        key="trainings",
        title="Đào tạo",
        names=("Đào tạo",),
        columns=(
            KindColumn(
                "course", ("Khóa học",), str, export=lambda t: t.course, note="Tên khóa học.", width=30
            ),
            KindColumn("end", ("Ngày kết thúc",), str, export=lambda t: t.end, kind="date"),
        ),
    )
    writer = type("TrainingsWriter", (), {"kind": kind})
    registry.register(writer)  # type: ignore[arg-type]
    try:
        assert "trainings" in template_kinds()
        response = officer_client.get("/templates/import.xlsx?kind=trainings")
        sheet = load_workbook(io.BytesIO(response.content))["Đào tạo"]
        assert sheet["A1"].value == "Khóa học" and sheet["A1"].comment.text == "Tên khóa học."
        assert sheet.column_dimensions["B"].number_format == "dd/mm/yyyy"
        rows = list(kind_rows(kind, [SimpleNamespace(course="Bồi dưỡng", end=D(2025, 6, 1))]))
        assert rows == [["Bồi dưỡng", D(2025, 6, 1)]]
    finally:
        registry.unregister(writer)  # type: ignore[arg-type]


def test_every_exporter_renders_a_named_typed_file():
    """The four exporters follow one protocol: ``render() → (filename, content_type, data)``."""
    from nguon.core.exporters import Exporter
    from nguon.imports.report import ErrorWorkbookExporter

    exporters = [
        PeopleTenuresExporter([], []),
        TemplateExporter(["people"]),
        IndicatorTableExporter([_cell()]),
        ErrorWorkbookExporter(b"", "x.csv", []),
    ]
    for exporter in exporters:
        assert isinstance(exporter, Exporter) and exporter.identifier and exporter.verbose_name
        filename, content_type, data = exporter.render()
        assert filename.endswith(".xlsx") and content_type == XLSX
        load_workbook(io.BytesIO(data))
