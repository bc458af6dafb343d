"""The Word renderer, read back with python-docx: the headings in order, the figures as the report writes them,
the tables and their cells, one picture per chart, the page setup of Decree 30 (A4, margins, Times New Roman
14, the page number from page 2), the header block and the signature; templates: a custom one that writes a
figure, and each bad one refused with a Vietnamese message naming the tag and the paragraph, and no file."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image

from nguon.reports import charts
from nguon.reports.context import (
    Chart,
    Column,
    Figure,
    Header,
    Paragraph,
    Person,
    ReportContext,
    Section,
    Series,
    Signature,
    Table,
)
from nguon.reports.renderers import docx as renderer
from nguon.reports.renderers.docx import TemplateError, check_template, render_docx

Calls = list[tuple[Chart, int]]
WARDS = ("Hàng Bạc", "Hàng Bồ", "Hàng Buồm", "Hàng Đào", "Lý Thái Tổ")
LONG = (
    "Trong nhiệm kỳ, Hội Liên hiệp Phụ nữ quận đã phối hợp chặt chẽ với Ban Tổ chức Quận ủy trong công tác tạo "
    "nguồn cán bộ nữ, giới thiệu cán bộ nữ ưu tú để Đảng xem xét, bồi dưỡng và quy hoạch. "
)


def png(width: int = 320, height: int = 180) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (210, 225, 240)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def chart_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Chart, int]]:
    """chart_png stands in with a small PNG (the charts have their own tests) and records its calls."""
    calls: list[tuple[Chart, int]] = []

    def fake(chart: Chart, *, dpi: int = 200, width_cm: float = 16.0) -> bytes:
        calls.append((chart, dpi))
        return png()

    monkeypatch.setattr(charts, "chart_png", fake)
    return calls


def ward_table() -> Table:
    rows = [(str(i), f"Phường {w}", "34", "12", "35,3") for i, w in enumerate(WARDS, 1)]
    values = [(i, f"Phường {w}", 34, 12, Decimal("35.3")) for i, w in enumerate(WARDS, 1)]
    return Table(
        key="wards",
        caption="Bảng 1. Tỷ lệ nữ cấp ủy viên cơ sở theo phường",
        columns=(
            Column("STT", "int", 1.2),
            Column("Phường"),
            Column("Tổng số", "int", 2.5),
            Column("Nữ", "int", 2.0),
            Column("Tỷ lệ nữ (%)", "percent", 2.8),
        ),
        rows=(*rows, ("", "Tổng cộng", "615", "205", "33,3")),
        values=(*values, (None, "Tổng cộng", 615, 205, Decimal("33.3"))),
        note="Nguồn: Ban Tổ chức Quận ủy, số liệu tính đến ngày 25/09/2020.",
        total_row=True,
    )


def bar_chart() -> Chart:
    return Chart(
        key="wards-chart",
        caption="Biểu đồ 1. Tỷ lệ nữ cấp ủy viên cơ sở so với chỉ tiêu",
        kind="bar_target",
        categories=WARDS,
        series=(Series("Tỷ lệ nữ", (35.3, 30.0, 36.0, 20.0, 41.2)),),
        target=35.0,
        target_label="Chỉ tiêu 35%",
    )


def series_chart() -> Chart:
    return Chart(
        key="series",
        caption="Biểu đồ 2. Tỷ lệ nữ qua các nhiệm kỳ",
        kind="series",
        categories=("2010", "2015", "2020", "2025"),
        series=(Series("Tỷ lệ nữ", (25.0, 30.3, 33.3, 36.0)),),
        break_at=3,
        break_label="Sắp xếp đơn vị hành chính",
    )


def sample_report(*, length: int = 3) -> ReportContext:
    """A review with several sections at three levels, a table, two charts, figures and a signature."""
    return ReportContext(
        kind="programme_review",
        title="BÁO CÁO",
        subtitle="Tổng kết 5 năm thực hiện chương trình phối hợp số 01/CTPH-HPN-QĐ giai đoạn 2015 – 2020",
        header=Header(
            issuer="HỘI LHPN QUẬN HOÀN KIẾM",
            superior="HỘI LHPN THÀNH PHỐ HÀ NỘI",
            number="Số 12-BC/HPN",
            place="Hoàn Kiếm",
            date=dt.date(2020, 9, 25),
        ),
        sections=(
            Section("overview", "ĐẶC ĐIỂM TÌNH HÌNH", "I.", blocks=(Paragraph(LONG * length),)),
            Section(
                "results",
                "KẾT QUẢ THỰC HIỆN",
                "II.",
                sections=(
                    Section(
                        "representation",
                        "Kết quả về tỷ lệ cán bộ nữ",
                        "1.",
                        level=2,
                        blocks=(
                            Paragraph(
                                "Ở cấp cơ sở, trong tổng số 615 cấp ủy viên, có hơn 33% nữ.",
                                figures=("representation.grassroots",),
                                bold_lead="Một là, ",
                            ),
                            ward_table(),
                            bar_chart(),
                            series_chart(),
                        ),
                    ),
                    Section(
                        "activities",
                        "Hoạt động phối hợp",
                        "2.",
                        level=2,
                        sections=(
                            Section(
                                "training",
                                "Tập huấn, bồi dưỡng",
                                "a)",
                                level=3,
                                blocks=(
                                    Paragraph(
                                        "Tổ chức 12 lớp tập huấn cho 1.240 lượt cán bộ nữ.", style="bullet"
                                    ),
                                    Paragraph(
                                        "Số liệu gồm cả các lớp của Hội & Đoàn <phường>.", style="note"
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
            Section("limits", "HẠN CHẾ VÀ NGUYÊN NHÂN", "III.", blocks=(Paragraph(LONG * length),)),
            Section("next", "PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN 2020 – 2025", "IV.", blocks=(Paragraph(LONG),)),
        ),
        figures=(
            Figure(
                "representation.grassroots",
                "Tỷ lệ nữ cấp ủy viên cơ sở",
                Decimal("33.3"),
                "hơn 33%",
                "%",
                (Person(1, "Nguyễn Thị An"), Person(2, "Trần Thị Bình")),
                hidden=3,
            ),
            Figure("activities.total", "Tổng số hoạt động", 140, "140", "hoạt động"),
            Figure("training.participants", "Lượt cán bộ nữ được tập huấn", 1240, "1.240", "lượt"),
        ),
        recipients=(
            "- Hội LHPN Thành phố (để báo cáo);",
            "- Thường trực Quận ủy (để báo cáo);",
            "- Lưu VP.",
        ),
        signature=Signature(on_behalf="TM. BAN THƯỜNG VỤ", position="CHỦ TỊCH", name="Nguyễn Thị Hoa"),
        area_name="Quận Hoàn Kiếm",
    )


def read(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in doc.paragraphs]


def all_text(doc: DocxDocument) -> str:
    parts = texts(doc)
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# --- the document ---------------------------------------------------------------------------------------------
def test_headings_in_order_with_their_numbers_and_levels(chart_calls: Calls) -> None:
    context = sample_report()
    doc = read(render_docx(context))
    paragraphs = texts(doc)
    positions = [paragraphs.index(h) for h in context.headings()]
    assert positions == sorted(positions)
    assert context.headings()[:3] == [
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ THỰC HIỆN",
        "1. Kết quả về tỷ lệ cán bộ nữ",
    ]
    for heading in context.headings():
        p = doc.paragraphs[paragraphs.index(heading)]
        assert all(run.bold for run in p.runs), heading
    level_three = doc.paragraphs[paragraphs.index("a) Tập huấn, bồi dưỡng")]
    assert level_three._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "2"


def test_title_figures_paragraphs(chart_calls: Calls) -> None:
    doc = read(render_docx(sample_report()))
    paragraphs = texts(doc)
    title = doc.paragraphs[paragraphs.index("BÁO CÁO")]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    assert any(p.startswith("Tổng kết 5 năm thực hiện chương trình phối hợp") for p in paragraphs)
    sentence = next(p for p in doc.paragraphs if "có hơn 33% nữ" in p.text)
    assert sentence.text == "Một là, Ở cấp cơ sở, trong tổng số 615 cấp ủy viên, có hơn 33% nữ."
    assert sentence.runs[0].text == "Một là, " and sentence.runs[0].bold and not sentence.runs[1].bold
    assert sentence.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert sentence.paragraph_format.first_line_indent.cm == pytest.approx(1.0, abs=0.01)
    assert "- Tổ chức 12 lớp tập huấn cho 1.240 lượt cán bộ nữ." in paragraphs
    note = next(p for p in doc.paragraphs if p.text.startswith("Số liệu gồm cả"))
    assert note.text == "Số liệu gồm cả các lớp của Hội & Đoàn <phường>."  # escaped in the XML, read back
    assert note.runs[0].italic


def test_tables_with_their_cells(chart_calls: Calls) -> None:
    context = sample_report()
    doc = read(render_docx(context))
    _header, data, _closing = doc.tables
    table = ward_table()
    assert [c.text for c in data.rows[0].cells] == [c.header for c in table.columns]
    assert [[c.text for c in row.cells] for row in data.rows[1:]] == [list(r) for r in table.rows]
    assert data.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    assert all(r.bold for c in data.rows[0].cells for r in c.paragraphs[0].runs)
    assert all(r.bold for c in data.rows[-1].cells for p in c.paragraphs for r in p.runs)  # the total
    assert not any(r.bold for c in data.rows[1].cells for r in c.paragraphs[0].runs)
    assert data.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert data.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert data._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:insideH")).get(qn("w:val")) == "single"
    paragraphs = texts(doc)
    assert paragraphs.index(table.caption) < paragraphs.index(table.note)
    assert doc.paragraphs[paragraphs.index(table.note)].runs[0].italic


def test_one_picture_per_chart_at_print_resolution(chart_calls: Calls) -> None:
    context = sample_report()
    doc = read(render_docx(context))
    assert len(doc.inline_shapes) == 2
    assert [c.key for c, _dpi in chart_calls] == ["wards-chart", "series"]
    assert {dpi for _c, dpi in chart_calls} == {200}
    assert doc.inline_shapes[0].width.cm == pytest.approx(16.0, abs=0.01)
    paragraphs = texts(doc)
    assert "Biểu đồ 1. Tỷ lệ nữ cấp ủy viên cơ sở so với chỉ tiêu" in paragraphs


def test_page_setup_a4_margins_font(chart_calls: Calls) -> None:
    doc = read(render_docx(sample_report()))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin)] == [20, 20]
    assert [round(m.mm) for m in (section.left_margin, section.right_margin)] == [30, 15]
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert normal.paragraph_format.widow_control is True  # no line left alone at a page's edge
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert runs and all(r.font.name == "Times New Roman" for r in runs)
    assert all(r._r.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman" for r in runs)
    body = next(p for p in doc.paragraphs if p.text.startswith("Trong nhiệm kỳ"))
    assert body.runs[0].font.size.pt == 14


def test_page_number_at_the_top_from_page_two(chart_calls: Calls) -> None:
    doc = read(render_docx(sample_report()))
    section = doc.sections[0]
    assert section.different_first_page_header_footer  # w:titlePg
    default = section.header._element
    assert [i.text.strip() for i in default.iter(qn("w:instrText"))] == ["PAGE"]
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))


def test_header_block_and_signature(chart_calls: Calls) -> None:
    doc = read(render_docx(sample_report()))
    header_block, _data, closing = doc.tables
    left, right = header_block.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == [
        "HỘI LHPN THÀNH PHỐ HÀ NỘI",
        "HỘI LHPN QUẬN HOÀN KIẾM",
        "Số 12-BC/HPN",
    ]
    issuer = next(p for p in left.paragraphs if p.text == "HỘI LHPN QUẬN HOÀN KIẾM")
    assert issuer.runs[0].bold
    assert [p.text for p in right.paragraphs if p.text] == [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Hoàn Kiếm, ngày 25 tháng 9 năm 2020",
    ]
    assert right.paragraphs[-1].runs[0].italic
    borders = header_block._tbl.tblPr.find(qn("w:tblBorders"))
    assert {e.get(qn("w:val")) for e in borders} == {"nil"}  # borderless

    recipients, signature = closing.rows[0].cells
    lines = [p.text for p in recipients.paragraphs]
    assert (
        lines[0] == "Nơi nhận:"
        and recipients.paragraphs[0].runs[0].bold
        and recipients.paragraphs[0].runs[0].italic
    )
    assert lines[1:] == list(sample_report().recipients)
    signed = [p for p in signature.paragraphs]
    assert [p.text for p in signed if p.text] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Thị Hoa"]
    assert sum(1 for p in signed if not p.text) >= 3  # room for the signature and the seal
    assert all(p.runs[0].bold for p in signed if p.text)
    # the closing block comes last
    assert doc.element.body.index(closing._tbl) > doc.element.body.index(_data._tbl)


def test_state_header_with_the_motto(chart_calls: Calls) -> None:
    context = sample_report()
    state = Header(
        issuer="ỦY BAN NHÂN DÂN PHƯỜNG HÀNG BẠC",
        number="15/BC-UBND",
        national="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        motto="Độc lập - Tự do - Hạnh phúc",
        place="Hàng Bạc",
        date=None,
    )
    doc = read(render_docx(ReportContext(**{**context.__dict__, "header": state})))
    left, right = doc.tables[0].rows[0].cells
    assert "Số: 15/BC-UBND" in [p.text for p in left.paragraphs]
    right_lines = [p.text for p in right.paragraphs if p.text]
    assert right_lines[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert right_lines[2].startswith("Hàng Bạc, ngày")


def test_default_templates_ship_for_every_kind_in_vietnamese() -> None:
    for kind in renderer.KINDS:
        data = renderer.default_template_path(kind).read_bytes()
        assert check_template(data, kind=kind) == []
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.read("word/document.xml") == zipfile.ZipFile(
                io.BytesIO(renderer.default_template())
            ).read("word/document.xml")  # scripts/report-templates was run after the last change
        doc = read(data)
        assert [p.text for p in doc.paragraphs] == ["{{p body}}"]
        assert doc.core_properties.title == "Báo cáo" and doc.core_properties.language == "vi-VN"


def test_the_default_template_carries_nothing_of_the_blank_document_it_was_made_from() -> None:
    """No thumbnail (a file manager would show another document's preview as the report's), no Word 2010
    copy of the styles, no list styles; the styles kept are the defaults and what they name, all present."""
    data = renderer.default_template_path("representation").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("_rels/.rels").decode() + archive.read("word/_rels/document.xml.rels").decode()
        styles = etree.fromstring(archive.read("word/styles.xml"))
    assert not names & {"docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "word/numbering.xml"}
    assert "thumbnail" not in rels and "stylesWithEffects" not in rels and "numbering" not in types
    ids = {s.get(qn("w:styleId")) for s in styles.iter(qn("w:style"))}
    assert {"Normal", "Header", "DefaultParagraphFont", "TableNormal"} <= ids and len(ids) < 12
    named = {r.get(qn("w:val")) for tag in ("w:basedOn", "w:next", "w:link") for r in styles.iter(qn(tag))}
    assert named <= ids
    assert len(data) < 15_000


# --- templates ------------------------------------------------------------------------------------------------
def template(*paragraphs: str) -> bytes:
    doc = Document(io.BytesIO(renderer.default_template()))
    body = doc.element.body
    for p in list(doc.paragraphs):
        body.remove(p._p)
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_custom_template_writes_figures_and_header(chart_calls: Calls) -> None:
    data = template(
        "{{ header.issuer }}",
        "Tổng số hoạt động: {{ figures['activities.total'].text }} {{ figures['activities.total'].unit }}.",
        "{{p body}}",
        "{% for line in recipients %}{{ line }} {% endfor %}",
        "{{ header.date_line }} — {{ signature.name }} — {{ area_name }}",
    )
    assert check_template(data, kind="programme_review") == []
    doc = read(render_docx(sample_report(), template=data))
    paragraphs = texts(doc)
    assert paragraphs[0] == "HỘI LHPN QUẬN HOÀN KIẾM"
    assert paragraphs[1] == "Tổng số hoạt động: 140 hoạt động."
    assert "Hoàn Kiếm, ngày 25 tháng 9 năm 2020 — Nguyễn Thị Hoa — Quận Hoàn Kiếm" in paragraphs
    assert "II. KẾT QUẢ THỰC HIỆN" in paragraphs  # the body at {{p body}}
    assert len(doc.inline_shapes) == 2


def problems_of(data: bytes) -> list[str]:
    return [p.message for p in check_template(data, kind="programme_review")]


def refused(data: bytes) -> list[str]:
    """The problems render_docx raises for the template (and it never returns a file)."""
    with pytest.raises(TemplateError) as caught:
        render_docx(sample_report(), template=data)
    return [p.message for p in caught.value.problems]


@pytest.mark.usefixtures("chart_calls")
def test_a_tag_not_closed_names_the_tag_and_the_paragraph() -> None:
    data = template("Mở đầu", "{{p body}}", "", 'Tổng số: {{ figures["x" }} hoạt động')
    assert problems_of(data) == ["Đoạn 4: thẻ '{{ figures[\"x\" }}' không đóng hoặc viết sai."]
    assert refused(data) == problems_of(data)
    data = template("{{p body}}", "Kết quả {{ header.issuer")
    assert problems_of(data) == ["Đoạn 2: thẻ '{{ header.issuer' không đóng."]


@pytest.mark.usefixtures("chart_calls")
def test_a_block_never_closed_names_its_opening_paragraph() -> None:
    data = template("{{p body}}", "{% for line in recipients %}", "{{ line }}", "Hết")
    assert problems_of(data) == [
        "Đoạn 2: thẻ '{% for line in recipients %}' không đóng (thiếu thẻ {% endfor %})."
    ]
    data = template("{{p body}}", "{% endif %}")
    assert problems_of(data) == [
        "Đoạn 2: thẻ '{% endif %}' không phải là thẻ hợp lệ (hoặc không đóng thẻ nào)."
    ]


@pytest.mark.usefixtures("chart_calls")
def test_an_unknown_variable_names_it_and_its_paragraph() -> None:
    data = template("{{p body}}", "Người ký: {{ nguoi_ky }}", "{{ header.so_hieu }}")
    assert problems_of(data) == [
        "Đoạn 2: thẻ '{{ nguoi_ky }}' dùng biến 'nguoi_ky', báo cáo không có biến này.",
        "Đoạn 3: thẻ '{{ header.so_hieu }}' dùng biến 'so_hieu', báo cáo không có biến này.",
    ]
    assert refused(data)[0] == problems_of(data)[0]


@pytest.mark.usefixtures("chart_calls")
def test_a_figure_the_report_does_not_have_is_refused_when_rendering() -> None:
    data = template("{{p body}}", "Số lớp: {{ figures['training.classes'].text }}")
    assert problems_of(data) == []  # the keys depend on the data: any key passes the upload check
    assert refused(data) == [
        "Đoạn 2: thẻ '{{ figures['training.classes'].text }}' nêu số liệu 'training.classes', "
        "báo cáo này không có số liệu đó."
    ]


@pytest.mark.usefixtures("chart_calls")
def test_a_template_without_the_body() -> None:
    data = template("{{ header.issuer }}", "Không có nội dung")
    assert problems_of(data) == [
        "Mẫu không có thẻ {{p body}}: hãy đặt thẻ này thành một đoạn riêng ở chỗ nội dung báo cáo."
    ]
    assert refused(data) == problems_of(data)


@pytest.mark.usefixtures("chart_calls")
def test_not_a_word_file() -> None:
    message = "Tệp không phải là văn bản Word (.docx); hãy lưu mẫu dưới dạng .docx."
    assert problems_of(b"%PDF-1.7 not a zip") == [message]
    assert refused(b"%PDF-1.7 not a zip") == [message]
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert problems_of(other.getvalue()) == [message]


@pytest.mark.usefixtures("chart_calls")
def test_properties_in_the_order_word_requires() -> None:
    """Word refuses ("unreadable content") a file whose run, paragraph, table or row properties are out of
    the schema's order; LibreOffice does not mind, so only this test would tell."""
    from lxml import etree

    data = render_docx(sample_report())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        roots = [
            etree.fromstring(archive.read(n))
            for n in archive.namelist()
            if n.startswith("word/")
            and n.endswith(".xml")
            and ("document" in n or "header" in n or "styles" in n)
        ]
    checked = 0
    for root in roots:
        for name, order in renderer._ORDER.items():
            for element in root.iter(qn(f"w:{name}")):
                children = [etree.QName(c).localname for c in element]
                known = [c for c in children if c in order]
                assert known == sorted(known, key=order.index), (name, children)
                checked += 1
    assert checked > 100


@pytest.mark.usefixtures("chart_calls")
def test_the_body_inside_a_line_is_refused() -> None:
    data = template("Nội dung: {{ body }}")
    assert problems_of(data) == [
        "Mẫu không có thẻ {{p body}}: hãy đặt thẻ này thành một đoạn riêng ở chỗ nội dung báo cáo.",
        "Đoạn 1: hãy viết thẻ nội dung là {{p body}} (có chữ p), thành một đoạn riêng.",
    ]


@pytest.mark.usefixtures("chart_calls")
def test_a_short_row_is_padded_and_a_table_without_columns_skipped() -> None:
    context = sample_report()
    short = Table("short", "Bảng 3. Thiếu ô", (Column("Tên"), Column("Số", "int")), rows=(("Một",),))
    empty = Table("empty", "Bảng 4. Không có cột", (), rows=())
    sections = (Section("t", "BẢNG", "I.", blocks=(short, empty)),)
    doc = read(render_docx(ReportContext(**{**context.__dict__, "sections": sections})))
    assert [[c.text for c in r.cells] for r in doc.tables[1].rows] == [["Tên", "Số"], ["Một", ""]]
    assert len(doc.tables) == 3


# --- the frame: the template rendered once, then filled -------------------------------------------------------
def chartless(context: ReportContext) -> ReportContext:
    """The report without its charts (a report with charts takes the whole render)."""

    def strip(section: Section) -> Section:
        blocks = tuple(b for b in section.blocks if not isinstance(b, Chart))
        return Section(
            section.key,
            section.heading,
            section.number,
            blocks=blocks,
            sections=tuple(strip(s) for s in section.sections),
            level=section.level,
        )

    return ReportContext(**{**context.__dict__, "sections": tuple(strip(s) for s in context.sections)})


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {n: archive.read(n) for n in archive.namelist()}


def test_the_frame_writes_what_the_whole_render_writes() -> None:
    contexts = [renderer.sample_context(kind) for kind in renderer.KINDS] + [chartless(sample_report())]
    custom = template(
        "{{ header.issuer }} — {{ figures['activities.total'].text }} {{ recipients[0] }}",
        "{{p body}}",
        "{{ signature.name }}, {{ area_name }}",
    )
    for data in [renderer.default_template_path(c.kind).read_bytes() for c in contexts] + [custom]:
        assert renderer._frame(data) is not None
    for context in contexts:
        data = renderer.default_template_path(context.kind).read_bytes()
        assert members(renderer._render(data, context)) == members(renderer._full_render(data, context))
    context = contexts[-1]
    filled = members(renderer._render(custom, context))
    assert filled == members(renderer._full_render(custom, context))
    assert "HỘI LHPN QUẬN HOÀN KIẾM — 140" in texts(read(renderer._render(custom, context)))[0]


def test_a_template_with_blocks_or_filters_takes_the_whole_render() -> None:
    context = chartless(sample_report())
    for data in (
        template("{{p body}}", "{% for line in recipients %}{{ line }} {% endfor %}"),
        template("{{p body}}", "{{ header.issuer|lower }}"),
        template("{{p body}}", "{{ figures['activities.total'].text if area_name else '' }}"),
    ):
        assert renderer._frame(data) is None
        assert "II. KẾT QUẢ THỰC HIỆN" in texts(read(render_docx(context, template=data)))
    doc = read(render_docx(context, template=template("{{p body}}", "{{ header.issuer|lower }}")))
    assert "hội lhpn quận hoàn kiếm" in texts(doc)


def test_a_figure_the_frame_cannot_fill_is_refused_as_by_the_whole_render() -> None:
    data = template("{{p body}}", "Số lớp: {{ figures['training.classes'].text }}")
    assert renderer._frame(data) is not None
    with pytest.raises(TemplateError) as caught:
        render_docx(chartless(sample_report()), template=data)
    assert [p.message for p in caught.value.problems] == [
        "Đoạn 2: thẻ '{{ figures['training.classes'].text }}' nêu số liệu 'training.classes', "
        "báo cáo này không có số liệu đó."
    ]


def test_markup_and_control_characters_in_the_data_never_break_the_file() -> None:
    """A name pasted from another program may carry a vertical tab or a NUL, which no Word file may hold;
    '<', '&' and quotes are text. Tabs and line breaks become Word's own."""
    context = chartless(sample_report())
    odd = "Nguyễn <Thị> & \"Hoa\"\x0b\x00 'Lan'\tTổ 1\nTổ 2"
    paragraph = Section("odd", "Lạ <&>", "III.", blocks=(Paragraph(odd),))
    context = ReportContext(
        **{
            **context.__dict__,
            "title": "BÁO CÁO <&>\x01",
            "sections": (*context.sections, paragraph),
        }
    )
    for data in (
        renderer.default_template_path(context.kind).read_bytes(),
        template("{{ title }}", "{{p body}}"),
    ):
        doc = read(render_docx(context, template=data))
        text = all_text(doc)
        assert "BÁO CÁO <&>" in text and "III. Lạ <&>" in text
        assert "Nguyễn <Thị> & \"Hoa\" 'Lan'\tTổ 1\nTổ 2" in text
        assert "\x0b" not in text and "\x00" not in text and "\x01" not in text


# any text a user may type or paste: every character, the XML specials and the control characters among them
ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40) | st.sampled_from(
    [
        "<w:p>",
        "&amp;",
        "]]>",
        "\ue000 0\ue001",
        "{{ title }}",
        "\x0b\x00",
        "\t\n\r",
        "a{_{b}_}",
        "{_% x %_}",
        "\x0c\x07",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=ANY_TEXT,
    issuer=ANY_TEXT,
    name=ANY_TEXT,
    paragraph=ANY_TEXT,
    cell=ANY_TEXT,
    figure=ANY_TEXT,
    recipient=ANY_TEXT,
)
def test_the_frame_always_writes_well_formed_parts_equal_to_the_whole_render(
    title: str, issuer: str, name: str, paragraph: str, cell: str, figure: str, recipient: str
) -> None:
    """The frame no longer parses what it writes: each part is well formed by construction. Whatever the
    data holds, every XML part parses and the file is the whole render's, member for member."""
    base = chartless(sample_report(length=1))
    table = Table("t", cell, (Column(cell), Column("Số", "int")), rows=((cell, "1"),))
    context = ReportContext(
        **{
            **base.__dict__,
            "title": title,
            "header": Header(issuer=issuer, number=name, place=name, date=dt.date(2020, 9, 25)),
            "signature": Signature(on_behalf=issuer, position=title, name=name),
            "recipients": (recipient,),
            "area_name": name,
            "sections": (Section("x", paragraph, "I.", blocks=(Paragraph(paragraph), table)),),
            "figures": (Figure("activities.total", figure, 1, figure, figure),),
        }
    )
    custom = template(
        "{{ title }} {{ header.issuer }} {{ figures['activities.total'].text }} {{ recipients[0] }}",
        "{{p body}}",
        "{{ signature.name }}, {{ area_name }}",
    )
    for data in (renderer.default_template_path(context.kind).read_bytes(), custom):
        filled = members(renderer._render(data, context))
        for part, content in filled.items():
            if part.endswith((".xml", ".rels")):
                etree.fromstring(content)
        assert filled == members(renderer._full_render(data, context))


def test_a_tag_in_the_document_properties_takes_the_whole_render() -> None:
    """docxtpl fills the properties (the title Word shows) too; the frame reads only the body, headers and
    footers, so a template with a tag there is not framed (it looped for ever on a block)."""
    source = template("{{p body}}")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(out, "w") as target:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"<dc:title>[^<]*</dc:title>|<dc:title/>",
                    b"<dc:title>{% for x in recipients %}{{ x }}{% endfor %}</dc:title>",
                    content,
                )
                assert b"{% for" in content
            target.writestr(info, content)
    data = out.getvalue()
    assert renderer._frame(data) is None
    doc = read(render_docx(chartless(sample_report()), template=data))
    assert doc.core_properties.title.startswith("- Hội LHPN Thành phố")
