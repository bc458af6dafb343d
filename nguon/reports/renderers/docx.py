"""The Word renderer (docxtpl on python-docx): the kind's template filled from a :class:`ReportContext`.

The template (an administrator's upload, else the default shipped in ``default_templates/<kind>.docx``,
written by ``scripts/report-templates`` from :func:`default_template`) holds the page setup — A4, the margins
of Decree 30/2020/NĐ-CP, Times New Roman 14, the page number centred at the top from page 2 — and the fixed
layout. The body is built here with python-docx into a docxtpl ``Subdoc`` and put at ``{{p body}}``: the
header block, the title, the sections with their paragraphs, tables and charts, then the recipients and the
signature side by side. Every run carries its font directly (ascii, hAnsi, eastAsia and cs), so a custom
template whose default font is another still prints the body in Times New Roman.

A template also sees ``title``, ``subtitle``, ``header``, ``signature``, ``recipients``, ``area_name`` and
``figures`` (key → :class:`~nguon.reports.context.Figure`): ``{{ figures["activities.total"].text }}``.

A template is checked before it is used (:func:`check_template`): not a Word file, a tag that does not parse,
an unknown variable or no ``{{p body}}`` gives :class:`TemplateProblem` s in Vietnamese naming the tag and the
paragraph (counted from the top of the document, the way an office finds it), and :func:`render_docx`
raises :class:`TemplateError` rather than return a broken file.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import traceback
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate
from lxml import etree

from .. import charts
from ..context import (
    Chart,
    Column,
    Figure,
    Header,
    Paragraph,
    ReportContext,
    Section,
    Signature,
    Table,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "default_templates"
KINDS = ("programme_review", "representation", "pipeline", "annual_activity")

FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
CONTENT_CM = (PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]) / 10  # 16,5 cm
FIRST_LINE_CM = 1.0
CHART_CM = 16.0
LEFT_CM = 7.8  # the header block's and the closing block's left column
RIGHT_CM = CONTENT_CM - LEFT_CM
STATE_LEFT_CM = 6.0
BODY_TAG = re.compile(r"\{\{\s*p\s+body\s*\}\}")
BARE_BODY = re.compile(r"\{\{-?\s*(?:r\s+)?body\b")  # the body inside a run: a broken file
NUMERIC = ("int", "percent", "decimal")


# --- problems ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TemplateProblem:
    """What is wrong in a template, in Vietnamese: the tag and where (paragraph, or table cell)."""

    message: str
    tag: str = ""
    where: str = ""


class TemplateError(ValueError):
    def __init__(self, problems: list[TemplateProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


# --- rendering ------------------------------------------------------------------------------------------------
def default_template_path(kind: str) -> Path:
    return TEMPLATES / f"{kind}.docx"


def render_docx(context: ReportContext, *, template: bytes | None = None) -> bytes:
    """The report as a .docx. ``template``: an uploaded template (checked first), else the kind's default.

    Raises :class:`TemplateError` when the template is not usable; never returns a broken file."""
    if template is None:
        path = default_template_path(context.kind)
        data = path.read_bytes() if path.exists() else default_template()
    else:
        data = template
        problems = _check(data, figures=context.figures_by_key(), kind=context.kind, full=False)
        if problems:
            raise TemplateError(problems)
    return _render(data, context)


def _render(data: bytes, context: ReportContext, *, figures: dict[str, Figure] | None = None) -> bytes:
    tpl = DocxTemplate(io.BytesIO(data))
    body = Body(tpl, context)
    values = template_values(
        context, body=body, figures=context.figures_by_key() if figures is None else figures
    )
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render(values, jinja_env=env, autoescape=True)
    except jinja2.UndefinedError as error:
        raise TemplateError(_undefined_problems(data, values, error)) from error
    except jinja2.TemplateError as error:
        raise TemplateError(_undefined_problems(data, values, error)) from error
    out = io.BytesIO()
    try:
        tpl.save(out)
        _parse(out.getvalue())  # a file Word can open, or no file
    except Exception as error:
        raise TemplateError(
            [TemplateProblem(_("The template's tags break the structure of the Word file; check the tags."))]
        ) from error
    return out.getvalue()


def _parse(data: bytes) -> None:
    """Raises when a part docxtpl rewrote (the body, the headers and footers) does not parse."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name):
                etree.fromstring(archive.read(name))


def template_values(context: ReportContext, *, body: Any, figures: dict[str, Figure]) -> dict[str, Any]:
    """What a template may use (documented in the module's docstring)."""
    return {
        "body": body,
        "title": context.title,
        "subtitle": context.subtitle,
        "header": context.header,
        "signature": context.signature,
        "recipients": list(context.recipients),
        "area_name": context.area_name,
        "figures": figures,
    }


# --- the body -------------------------------------------------------------------------------------------------
class Body:
    """What docxtpl's ``tpl.new_subdoc()`` gives, built in the template's own document: the body is written
    with the python-docx API at the end of the template's body (so the charts' images are the template's
    parts), then taken out as XML, which ``{{p body}}`` renders. (docxtpl's ``Subdoc`` module imports
    docxcompose, which the project does not install, and opens a second document for each report.)"""

    def __init__(self, tpl: DocxTemplate, context: ReportContext) -> None:
        doc = tpl.get_docx()
        body = doc.element.body
        count = len(body)
        write_body(doc, context)  # python-docx adds before the final sectPr, if any
        new = len(body) - count
        children = list(body)
        end = len(children) - 1 if children and children[-1].tag == qn("w:sectPr") else len(children)
        written = children[end - new : end]
        self.xml = "".join(etree.tostring(e, encoding="unicode") for e in written)
        for element in written:
            body.remove(element)

    def __str__(self) -> str:
        return self.xml

    def __html__(self) -> str:
        return self.xml


def write_body(doc: Any, context: ReportContext) -> None:
    """The report's body into a python-docx document (a docxtpl subdoc): header block, title, sections,
    recipients and signature."""
    _header_block(doc, context.header)
    _title(doc, context)
    for section in context.sections:
        _section(doc, section)
    if doc.paragraphs:  # the last lines go with the signature: never a signature alone on its page
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    _closing(doc, context.recipients, context.signature)


_RUN_PROPERTIES: dict[tuple[float, bool, bool], Any] = {}


def _font(run: Any, *, size: float = BODY_SIZE, bold: bool = False, italic: bool = False) -> None:
    """Times New Roman for every script (ascii, hAnsi, eastAsia, cs: Word and LibreOffice pick the font of a
    Vietnamese letter by its script), the size, bold and italic — one run's properties, built once per kind
    and copied (python-docx's setters took most of a report's time)."""
    key = (size, bold, italic)
    if key not in _RUN_PROPERTIES:
        half_points = str(int(size * 2))
        fonts = " ".join(f'w:{a}="{FONT}"' for a in ("ascii", "hAnsi", "eastAsia", "cs"))
        _RUN_PROPERTIES[key] = parse_xml(
            f"<w:rPr {nsdecls('w')}><w:rFonts {fonts}/>"
            + ("<w:b/><w:bCs/>" if bold else "")
            + ("<w:i/><w:iCs/>" if italic else "")
            + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
        )
    r = run._r
    if r.rPr is not None:
        r.remove(r.rPr)
    r.insert(0, copy.deepcopy(_RUN_PROPERTIES[key]))


# The order of the children Word's schema requires (Word refuses a file whose properties are out of order).
_ORDER = {
    "rPr": [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ],
    "pPr": [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ],
    "tblPr": [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
    ],
    "trPr": [
        "cnfStyle",
        "divId",
        "gridBefore",
        "gridAfter",
        "wBefore",
        "wAfter",
        "cantSplit",
        "trHeight",
        "tblHeader",
        "tblCellSpacing",
        "jc",
        "hidden",
    ],
}


def _set(parent: Any, tag: str, value: str | None) -> Any:
    """The child ``tag`` of ``parent`` (created in its schema's place if absent), its w:val set to ``value``."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        order = _ORDER.get(etree.QName(parent).localname, [])
        name = tag.split(":", 1)[1]
        successors = set(order[order.index(name) + 1 :]) if name in order else set()
        following = next((c for c in parent if etree.QName(c).localname in successors), None)
        if following is not None:
            following.addprevious(element)
        else:
            parent.append(element)
    if value is not None:
        element.set(qn("w:val"), value)
    return element


def _run(paragraph: DocxParagraph, text: str, **kwargs: Any) -> Any:
    run = paragraph.add_run(text)
    _font(run, **kwargs)
    return run


def _paragraph(
    container: Any,
    text: str = "",
    *,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    first_line: float | None = None,
    left: float | None = None,
    right: float | None = None,
    before: float = 0,
    after: float = 6,
    line: float | None = 1.15,
    keep_next: bool = False,
    outline: int | None = None,
    **font: Any,
) -> DocxParagraph:
    p: DocxParagraph = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing = line
    if first_line is not None:
        fmt.first_line_indent = Cm(first_line)
    if left is not None:
        fmt.left_indent = Cm(left)
    if right is not None:
        fmt.right_indent = Cm(right)
    if keep_next:
        fmt.keep_with_next = True
    if outline is not None:
        _set(p._p.get_or_add_pPr(), "w:outlineLvl", str(outline))
    if text:
        _run(p, text, **font)
    else:
        _font_mark(p, font.get("size", BODY_SIZE))
    return p


def _font_mark(p: DocxParagraph, size: float) -> None:
    """The paragraph mark's font (an empty paragraph's height follows it)."""
    ppr = p._p.get_or_add_pPr()
    rpr = _set(ppr, "w:rPr", None)
    fonts = _set(rpr, "w:rFonts", None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    _set(rpr, "w:sz", str(int(size * 2)))
    _set(rpr, "w:szCs", str(int(size * 2)))


def _rule(container: Any, *, column_cm: float, width_cm: float) -> None:
    """A short horizontal rule, centred in a column: an empty paragraph's bottom border between indents."""
    side = max((column_cm - width_cm) / 2, 0)
    p = _paragraph(
        container, align=WD_ALIGN_PARAGRAPH.CENTER, left=side, right=side, after=4, line=None, size=3
    )
    borders = _set(p._p.get_or_add_pPr(), "w:pBdr", None)
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)


def _table(doc: Any, rows: int, widths: list[float], *, borders: bool) -> DocxTable:
    table: DocxTable = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    _set(tblpr, "w:tblLayout", None).set(qn("w:type"), "fixed")
    edges = _set(tblpr, "w:tblBorders", None)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        if borders:
            for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
                element.set(qn(key), value)
        else:
            element.set(qn("w:val"), "nil")
        edges.append(element)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def _cell_paragraph(cell: Any) -> DocxParagraph:
    """The cell's first (empty) paragraph the first time, a new one after."""
    first: DocxParagraph = cell.paragraphs[0]
    if len(cell.paragraphs) == 1 and not first.runs and not getattr(cell, "_nguon_used", False):
        cell._nguon_used = True
        return first
    added: DocxParagraph = cell.add_paragraph()
    return added


_JC = {
    WD_ALIGN_PARAGRAPH.LEFT: "left",
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.RIGHT: "right",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "both",
}
_CELL_PROPERTIES: dict[tuple[Any, float], Any] = {}


def _cell_line(
    cell: Any, text: str, *, align: Any = WD_ALIGN_PARAGRAPH.CENTER, space: float = 0, **font: Any
) -> DocxParagraph:
    """A line in a cell: single spaced, ``space`` points above and below; its properties built once per kind
    and copied (python-docx's setters are slow over hundreds of cells)."""
    p = _cell_paragraph(cell)
    key = (align, space)
    if key not in _CELL_PROPERTIES:
        twips = str(int(space * 20))
        _CELL_PROPERTIES[key] = parse_xml(
            f'<w:pPr {nsdecls("w")}><w:spacing w:before="{twips}" w:after="{twips}" w:line="240" '
            f'w:lineRule="auto"/><w:jc w:val="{_JC[align]}"/></w:pPr>'
        )
    if p._p.pPr is not None:
        p._p.remove(p._p.pPr)
    p._p.insert(0, copy.deepcopy(_CELL_PROPERTIES[key]))
    if text:
        _run(p, text, **font)
    else:
        _font_mark(p, font.get("size", BODY_SIZE))
    return p


class _Cell:
    """A table cell as a container for :func:`_paragraph` / :func:`_rule` (reusing its first paragraph)."""

    def __init__(self, cell: Any) -> None:
        self.cell = cell

    def add_paragraph(self) -> DocxParagraph:
        return _cell_paragraph(self.cell)


def number_line(header: Header) -> str:
    """ "Số 12-BC/HPN" (party), "Số: 12/BC-UBND" (state); a blank number is left for the office's hand."""
    number = header.number.strip()
    if number.startswith("Số"):
        return number
    if not number:
        return "Số: …"
    return f"Số: {number}" if header.motto else f"Số {number}"


def _header_block(doc: Any, header: Header) -> None:
    state = bool(header.motto)  # the state's longer national line takes a wider right column
    left_cm = STATE_LEFT_CM if state else LEFT_CM
    right_cm = CONTENT_CM - left_cm
    table = _table(doc, 1, [left_cm, right_cm], borders=False)
    left, right = table.rows[0].cells
    if header.superior:
        _cell_line(left, header.superior, size=12)
    _cell_line(left, header.issuer, size=13, bold=True)
    _rule(_Cell(left), column_cm=left_cm, width_cm=2.2)
    _cell_line(left, number_line(header), size=13)

    _cell_line(right, header.national, size=13 if state else 15, bold=True)
    if header.motto:
        _cell_line(right, header.motto, size=14, bold=True)
    _rule(_Cell(right), column_cm=right_cm, width_cm=5.5 if state else 6.5)
    _cell_line(right, header.date_line, size=14, italic=True)
    for cell in (left, right):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def _title(doc: Any, context: ReportContext) -> None:
    _paragraph(doc, context.title, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=0, size=15, bold=True)
    if context.subtitle:
        _paragraph(doc, context.subtitle, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, size=14, bold=True)
    _rule(doc, column_cm=CONTENT_CM, width_cm=3)
    _paragraph(doc, after=6, size=8)


def _section(doc: Any, section: Section) -> None:
    heading = f"{section.number} {section.heading}".strip()
    level = min(max(section.level, 1), 3)
    _paragraph(
        doc,
        heading,
        first_line=FIRST_LINE_CM,
        before=6,
        after=6,
        keep_next=True,
        outline=level - 1,
        bold=True,
        italic=level == 3,
    )
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _text(doc, block)
        elif isinstance(block, Table):
            _data_table(doc, block)
        elif isinstance(block, Chart):
            _chart(doc, block)
    for child in section.sections:
        _section(doc, child)


def _text(doc: Any, block: Paragraph) -> None:
    italic = block.style in ("note", "quote")
    size = 13 if block.style == "note" else BODY_SIZE
    indent = 1.0 if block.style == "quote" else None
    p = _paragraph(doc, first_line=FIRST_LINE_CM, left=indent, right=indent, size=size)
    if block.bold_lead:
        _run(p, block.bold_lead, size=size, bold=True, italic=italic)
    text = block.text
    if block.style == "bullet" and not text.lstrip().startswith(("-", "+", "•")):
        text = f"- {text}"
    _run(p, text, size=size, italic=italic)


CHAR_CM = 0.22  # about half an em of Times New Roman 12 (the tables' size): a digit, an average letter
CELL_CM = 0.45  # the cell's left and right margins, and a little air


def _least(column: Column, cells: list[str]) -> float:
    """The narrowest a column may be without breaking a word (a year "2015" into "201/5")."""
    words = [w for text in (column.header, *cells) for w in text.split()]
    return max((len(w) for w in words), default=1) * CHAR_CM + CELL_CM


def _widths(columns: tuple[Column, ...], rows: list[tuple[str, ...]]) -> list[float]:
    """Each column's width: the builder's (at least its longest word), the others sharing what is left."""
    least = [_least(c, [r[i] for r in rows]) for i, c in enumerate(columns)]
    widths = [max(c.width, m) if c.width else 0.0 for c, m in zip(columns, least, strict=True)]
    free = [i for i, c in enumerate(columns) if not c.width]
    if free:
        rest = (CONTENT_CM - sum(widths)) / len(free)
        for i in free:
            widths[i] = max(rest, least[i], 1.5)
    total = sum(widths)
    if total > CONTENT_CM:  # too wide for the page: shrink what can shrink, alike
        room = [max(w - m, 0) for w, m in zip(widths, least, strict=True)]
        excess = total - CONTENT_CM
        if sum(room) >= excess:
            widths = [w - r * excess / sum(room) for w, r in zip(widths, room, strict=True)]
        else:
            widths = [w * CONTENT_CM / total for w in widths]
    return widths


def _align(column: Column) -> Any:
    if column.kind in NUMERIC:
        return WD_ALIGN_PARAGRAPH.RIGHT
    if column.kind == "date":
        return WD_ALIGN_PARAGRAPH.CENTER
    return WD_ALIGN_PARAGRAPH.LEFT


def _data_table(doc: Any, block: Table) -> None:
    if not block.columns:
        return
    width = len(block.columns)
    block_rows = [(tuple(r) + ("",) * width)[:width] for r in block.rows]  # a short row is padded
    if block.caption:
        _paragraph(
            doc,
            block.caption,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            before=6,
            after=4,
            keep_next=True,
            size=13,
            bold=True,
        )
    widths = _widths(block.columns, block_rows)
    table = _table(doc, 1 + len(block_rows), widths, borders=True)
    head = table.rows[0]
    trpr = head._tr.get_or_add_trPr()
    _set(trpr, "w:tblHeader", None)  # repeated at the top of each page
    for cell, column in zip(head.cells, block.columns, strict=True):
        _cell_line(
            cell, column.header, space=2, size=TABLE_SIZE, bold=True
        ).paragraph_format.keep_with_next = True
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    last = len(block_rows) - 1
    for i, (row, values) in enumerate(zip(table.rows[1:], block_rows, strict=True)):
        _set(row._tr.get_or_add_trPr(), "w:cantSplit", None)
        bold = block.total_row and i == last
        for cell, column, value in zip(row.cells, block.columns, values, strict=True):
            _cell_line(cell, value, align=_align(column), space=2, size=TABLE_SIZE, bold=bold)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if block.note:
        _paragraph(doc, block.note, before=2, after=6, line=None, size=12, italic=True)
    else:
        _paragraph(doc, after=0, line=None, size=6)


def _chart(doc: Any, block: Chart) -> None:
    png = charts.chart_png(block, dpi=200)
    p = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=2, line=None, keep_next=True)
    p.add_run().add_picture(io.BytesIO(png), width=Cm(CHART_CM))
    if block.caption:
        _paragraph(doc, block.caption, align=WD_ALIGN_PARAGRAPH.CENTER, after=8, size=13, bold=True)


def _closing(doc: Any, recipients: tuple[str, ...], signature: Signature) -> None:
    _paragraph(doc, after=0, line=None, size=8, keep_next=True)
    table = _table(doc, 1, [LEFT_CM, RIGHT_CM], borders=False)
    _set(table.rows[0]._tr.get_or_add_trPr(), "w:cantSplit", None)
    left, right = table.rows[0].cells
    if recipients:
        _cell_line(left, "Nơi nhận:", align=WD_ALIGN_PARAGRAPH.LEFT, size=12, bold=True, italic=True)
        for line in recipients:
            _cell_line(left, line, align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    else:
        _cell_line(left, "")
    if signature.on_behalf:
        _cell_line(right, signature.on_behalf, size=14, bold=True)
    if signature.position:
        _cell_line(right, signature.position, size=14, bold=True)
    for _i in range(4):  # room for the signature and the seal
        _cell_line(right, "", size=14)
    _cell_line(right, signature.name, size=14, bold=True)


# --- the default template ------------------------------------------------------------------------------------
def default_template() -> bytes:
    """The default template every kind shares (``scripts/report-templates`` writes it to default_templates/):
    the page setup, Times New Roman 14 for Vietnamese, the page number at the top from page 2, and the body."""
    doc = Document()
    props = doc.core_properties
    props.author = "Nguồn"
    props.last_modified_by = "Nguồn"
    props.title = "Báo cáo"
    props.subject = ""
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.language = "vi-VN"
    props.created = dt.datetime(2026, 1, 1)
    props.modified = dt.datetime(2026, 1, 1)
    props.revision = 1

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    _set(rpr, "w:szCs", str(BODY_SIZE * 2))
    lang = _set(rpr, "w:lang", "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "vi-VN")
    # the document defaults too: what a run without a style falls back to
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for fonts in defaults.iter(qn("w:rFonts")):
            for attribute in list(fonts.attrib):
                del fonts.attrib[attribute]
            for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attribute), FONT)
        for lang in defaults.iter(qn("w:lang")):
            for attribute in ("w:val", "w:eastAsia", "w:bidi"):
                lang.set(qn(attribute), "vi-VN")

    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        for attribute in ("w:val", "w:eastAsia"):
            theme.set(qn(attribute), "vi-VN")

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(PAGE_WIDTH_MM)
    section.page_height = Mm(PAGE_HEIGHT_MM)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    page = section.header.paragraphs[0]
    page.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(page)
    section.first_page_header.paragraphs[0].text = ""

    for p in doc.paragraphs:
        p._p.getparent().remove(p._p)
    body = doc.add_paragraph()
    body.add_run("{{p body}}")
    out = io.BytesIO()
    doc.save(out)
    return _fixed_zip(out.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed dates, so the committed templates only change when the layout does."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def _page_field(paragraph: DocxParagraph) -> None:
    """A PAGE field (the page's number) in the paragraph."""

    def char(kind: str) -> Any:
        run = paragraph.add_run()
        _font(run, size=BODY_SIZE)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        return run

    char("begin")
    run = paragraph.add_run()
    _font(run, size=BODY_SIZE)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    char("separate")
    _font(paragraph.add_run("2"), size=BODY_SIZE)
    char("end")


# --- checking a template --------------------------------------------------------------------------------------
def check_template(data: bytes, *, kind: str) -> list[TemplateProblem]:
    """What is wrong with an uploaded template for ``kind`` (empty: it can be used)."""
    return _check(data, figures=None, kind=kind, full=True)


class _AnyFigures(dict[str, Figure]):
    """The figures of a sample report: any key is a figure (the keys depend on the data, not the template)."""

    def __missing__(self, key: str) -> Figure:
        return Figure(key=key, label="Số liệu mẫu", value=Decimal("33.3"), text="hơn 33%", unit="%")


def sample_context(kind: str = "programme_review") -> ReportContext:
    """A small context to try a template on."""
    return ReportContext(
        kind=kind,
        title="BÁO CÁO",
        subtitle="Báo cáo mẫu",
        header=Header(
            issuer="HỘI LHPN QUẬN HOÀN KIẾM",
            superior="HỘI LHPN THÀNH PHỐ HÀ NỘI",
            number="Số 12-BC/HPN",
            place="Hoàn Kiếm",
            date=dt.date(2020, 9, 25),
        ),
        sections=(Section(key="mau", heading="NỘI DUNG MẪU", number="I.", blocks=(Paragraph("Đoạn mẫu."),)),),
        recipients=("- Lưu VP.",),
        signature=Signature(on_behalf="TM. BAN THƯỜNG VỤ", position="CHỦ TỊCH", name="Nguyễn Thị Mẫu"),
        area_name="Quận Hoàn Kiếm",
    )


@dataclass(frozen=True)
class _Line:
    where: str
    text: str


def _parts(data: bytes) -> list[list[_Line]]:
    """The template's parts docxtpl fills one by one (the body, then the headers and footers), each as its
    paragraphs in order, with where each is and its text as docxtpl reads it (runs joined)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        parts = [("word/document.xml", _("Paragraph %(n)s"))]
        parts += [
            (n, _("Page header, paragraph %(n)s"))
            for n in sorted(names)
            if re.match(r"word/header\d*\.xml$", n)
        ]
        parts += [
            (n, _("Page footer, paragraph %(n)s"))
            for n in sorted(names)
            if re.match(r"word/footer\d*\.xml$", n)
        ]
        out: list[list[_Line]] = []
        for name, label in parts:
            root = etree.fromstring(archive.read(name))
            out.append(
                [
                    _Line(label % {"n": n}, "".join(t.text or "" for t in p.iter(qn("w:t"))))
                    for n, p in enumerate(root.iter(qn("w:p")), start=1)
                ]
            )
    return out


_PREFIX = re.compile(r"(\{[{%])\s*-?\s*(?:p|r|tr|tc|cellbg|colspan|vm|hm)\s")


def _jinja_text(lines: list[_Line]) -> str:
    """One template line per paragraph (so jinja's line numbers are paragraphs), docxtpl's p/r/tr/tc
    prefixes dropped as docxtpl itself does."""
    return "\n".join(_PREFIX.sub(r"\1 ", line.text) for line in lines)


_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{.*|\{%.*")


def _tag_in(text: str, hint: str = "") -> str:
    tags = _TAG.findall(text)
    for tag in tags:
        if hint and hint in tag:
            return str(tag).strip()
    for tag in tags:
        try:
            jinja2.Environment().parse(_PREFIX.sub(r"\1 ", tag))
        except jinja2.TemplateSyntaxError:
            return str(tag).strip()
    return tags[0].strip() if tags else text.strip()[:60]


def _check(data: bytes, *, figures: dict[str, Figure] | None, kind: str, full: bool) -> list[TemplateProblem]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return [TemplateProblem(_("The file is not a Word document (.docx); save the template as .docx."))]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                return [
                    TemplateProblem(_("The file is not a Word document (.docx); save the template as .docx."))
                ]
        parts = _parts(data)
    except Exception:
        return [TemplateProblem(_("The Word file is damaged and cannot be read."))]

    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    compiled: list[tuple[jinja2.Template, list[_Line]]] = []
    problems: list[TemplateProblem] = []
    for lines in parts:
        try:
            compiled.append((env.from_string(_jinja_text(lines)), lines))
        except jinja2.TemplateSyntaxError as error:
            problems.append(_syntax_problem(lines, error))
    if problems:
        return problems
    if not any(BODY_TAG.search(line.text) for line in parts[0]):
        problems.append(
            TemplateProblem(
                _(
                    "The template has no {{p body}} tag: put it in a paragraph of its own where the report goes."
                ),
                tag="{{p body}}",
            )
        )
    for lines in parts:
        for line in lines:
            if BARE_BODY.search(line.text):
                text = _(
                    "%(where)s: write the body's tag as {{p body}} (with the p), in a paragraph of its own."
                )
                problems.append(
                    TemplateProblem(text % {"where": line.where}, tag="{{ body }}", where=line.where)
                )
    if problems:
        return problems
    context = sample_context(kind)
    values = template_values(context, body="", figures=figures if figures is not None else _AnyFigures())
    for template, lines in compiled:
        problems += _render_text(template, lines, values)
    if problems or not full:
        return problems
    # the whole file, filled with a sample: the tags must not break Word's structure
    try:
        _render(data, context, figures=_AnyFigures())
    except TemplateError as error:
        return error.problems
    return []


def _syntax_problem(lines: list[_Line], error: jinja2.TemplateSyntaxError) -> TemplateProblem:
    index = min(max((error.lineno or 1) - 1, 0), len(lines) - 1) if lines else 0
    while index > 0 and not _TAG.search(lines[index].text):  # an error at the end: the last tag before it
        index -= 1
    line = lines[index] if lines else _Line("", "")
    message = error.message or ""
    if message.startswith("Unexpected end of template"):
        block = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
        name = block.group(1) if block else ""
        opener = _last_opening(lines, index, name)
        if opener is not None:
            line = lines[opener]
        tag = _tag_in(line.text, name)
        text = _("%(where)s: the tag '%(tag)s' is never closed (its {%% end%(name)s %%} is missing).")
        return TemplateProblem(
            text % {"where": line.where, "tag": tag, "name": name}, tag=tag, where=line.where
        )
    unknown = re.search(r"unknown tag '(\w+)'", message)
    tag = _tag_in(line.text, unknown.group(1) if unknown else "")
    if unknown:
        text = _("%(where)s: the tag '%(tag)s' is not a known tag (or it closes nothing).")
    elif tag.startswith(("{{", "{%")) and not tag.endswith(("}}", "%}")):
        text = _("%(where)s: the tag '%(tag)s' is not closed.")
    else:
        text = _("%(where)s: the tag '%(tag)s' is not closed or is written wrong.")
    return TemplateProblem(text % {"where": line.where, "tag": tag}, tag=tag, where=line.where)


def _last_opening(lines: list[_Line], index: int, name: str) -> int | None:
    if not name:
        return None
    pattern = re.compile(r"\{%-?\s*(?:p|r|tr|tc)?\s*" + re.escape(name) + r"\b")
    for i in range(min(index, len(lines) - 1), -1, -1):
        if pattern.search(lines[i].text):
            return i
    return None


class _Blank:
    """Stands for an unknown variable already reported, so the check goes on to the next one."""

    def __getattr__(self, name: str) -> _Blank:
        return self

    def __getitem__(self, key: Any) -> _Blank:
        return self

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __str__(self) -> str:
        return ""


def _render_text(
    compiled: jinja2.Template, lines: list[_Line], values: dict[str, Any]
) -> list[TemplateProblem]:
    problems: list[TemplateProblem] = []
    values = dict(values)
    for _attempt in range(20):
        try:
            compiled.render(values)
            return problems
        except jinja2.UndefinedError as error:
            problem, name = _undefined(lines, error)
            problems.append(problem)
            if not name or name in values:
                return problems
            values[name] = _Blank()
        except Exception as error:
            line = _line_of(lines, error)
            tag = _tag_in(line.text) if line else ""
            text = _("%(where)s: the tag '%(tag)s' cannot be filled.")
            where = line.where if line else ""
            problems.append(TemplateProblem(text % {"where": where, "tag": tag}, tag=tag, where=where))
            return problems
    return problems


def _line_of(lines: list[_Line], error: BaseException) -> _Line | None:
    numbers = [
        f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename == "<template>" and f.lineno
    ]
    if not numbers or not lines:
        return None
    return lines[min(max(numbers[-1] - 1, 0), len(lines) - 1)]


def _undefined(lines: list[_Line], error: jinja2.UndefinedError) -> tuple[TemplateProblem, str]:
    """The problem of an unknown variable, and the top-level name to stand in for (empty: an attribute)."""
    message = str(error.message or "")
    line = _line_of(lines, error) or _Line("", "")
    top = re.match(r"'([^']+)' is undefined", message)
    attribute = re.search(r"has no attribute '([^']*)'", message) or re.search(
        r"has no element '([^']*)'", message
    )
    name = top.group(1) if top else attribute.group(1) if attribute else ""
    tag = _tag_in(line.text, name)
    if attribute and "figures" in tag and name not in ("text", "label", "value", "unit", "people", "hidden"):
        text = _("%(where)s: the tag '%(tag)s' names the figure '%(name)s', which this report does not have.")
    else:
        text = _("%(where)s: the tag '%(tag)s' uses '%(name)s', which a report does not have.")
    problem = TemplateProblem(
        text % {"where": line.where, "tag": tag, "name": name}, tag=tag, where=line.where
    )
    return problem, name if top else ""


def _undefined_problems(
    data: bytes, values: dict[str, Any], error: jinja2.TemplateError
) -> list[TemplateProblem]:
    """Where the render with the real context met an unknown name (docxtpl's lines are not paragraphs)."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    for lines in _parts(data):
        try:
            compiled = env.from_string(_jinja_text(lines))
        except jinja2.TemplateSyntaxError as syntax:
            return [_syntax_problem(lines, syntax)]
        problems = _render_text(compiled, lines, {**values, "body": ""})
        if problems:
            return problems
    return [TemplateProblem(_("The template cannot be filled with this report; check its tags."))]
