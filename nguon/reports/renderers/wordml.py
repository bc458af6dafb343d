"""The report's body as WordprocessingML text: the header block, the title, the sections with their
paragraphs, tables and charts, then the recipients and the signature — what ``{{p body}}`` receives.

Written as strings rather than through python-docx's element API: python-docx builds each run, paragraph and
cell property through its schema-ordering helpers, which took some 300 ms of a commune's one-page report
(most of the time of a batch of every commune); the same XML as text takes a few milliseconds. The markup
is the one python-docx wrote (children in the schema's order — Word refuses a file whose properties are out
of order), and the rendered document is parsed back before it is returned (``docx._parse``).

Lengths: points become twentieths (``w:spacing``), centimetres become twips (1 cm = 360 000 EMU, 635 EMU a
twip, rounded as python-docx's ``Length.twips``) and images EMU.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape

from ..context import Chart, Column, Header, Paragraph, ReportContext, Section, Signature, Table

FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12
PAGE_WIDTH_MM = 210
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
CONTENT_CM = (PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]) / 10  # 16,5 cm
FIRST_LINE_CM = 1.0
CHART_CM = 16.0
LEFT_CM = 7.8  # the header block's and the closing block's left column
RIGHT_CM = CONTENT_CM - LEFT_CM
STATE_LEFT_CM = 6.0
NUMERIC = ("int", "percent", "decimal")

LEFT, CENTER, RIGHT, JUSTIFY = "left", "center", "right", "both"

NAMESPACES = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def twips(cm: float) -> int:
    """Centimetres in twentieths of a point, rounded as python-docx rounds ``Cm(x).twips``."""
    return round(int(cm * 360000) / 635)


def emu(cm: float) -> int:
    return int(cm * 360000)


# no XML 1.0 document may hold them (lone surrogates cannot even be written as UTF-8)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text_xml(text: str) -> str:
    """A run's text: tabs and line breaks as Word's own elements, everything else escaped (a control character
    pasted from another program, which no Word file may hold, dropped)."""
    parts: list[str] = []
    for i, line in enumerate(NOT_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return "".join(parts)


@lru_cache(maxsize=64)
def run_properties(size: float = BODY_SIZE, bold: bool = False, italic: bool = False) -> str:
    """Times New Roman for every script (ascii, hAnsi, eastAsia, cs: Word and LibreOffice pick the font of a
    Vietnamese letter by its script), the size, bold and italic."""
    half_points = int(size * 2)
    fonts = " ".join(f'w:{a}="{FONT}"' for a in ("ascii", "hAnsi", "eastAsia", "cs"))
    return (
        f"<w:rPr><w:rFonts {fonts}/>"
        + ("<w:b/><w:bCs/>" if bold else "")
        + ("<w:i/><w:iCs/>" if italic else "")
        + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    )


def run(text: str, *, size: float = BODY_SIZE, bold: bool = False, italic: bool = False) -> str:
    return f"<w:r>{run_properties(size, bold, italic)}{text_xml(text)}</w:r>"


@lru_cache(maxsize=256)
def paragraph_properties(
    align: str,
    first_line: float | None,
    left: float | None,
    right: float | None,
    before: float,
    after: float,
    line: float | None,
    keep_next: bool,
    outline: int | None,
    border: bool,
    mark: float | None,
) -> str:
    """``w:pPr`` with its children in the schema's order (keepNext, pBdr, spacing, ind, jc, outlineLvl, rPr);
    ``mark``: the paragraph mark's size (an empty paragraph's height follows it)."""
    parts = ["<w:pPr>"]
    if keep_next:
        parts.append("<w:keepNext/>")
    if border:
        parts.append('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>')
    spacing = 240 if line is None else round(line * 240)
    parts.append(
        f'<w:spacing w:before="{round(before * 20)}" w:after="{round(after * 20)}" '
        f'w:line="{spacing}" w:lineRule="auto"/>'
    )
    indents = []
    if left is not None:
        indents.append(f'w:left="{twips(left)}"')
    if right is not None:
        indents.append(f'w:right="{twips(right)}"')
    if first_line is not None:
        indents.append(f'w:firstLine="{twips(first_line)}"')
    if indents:
        parts.append(f"<w:ind {' '.join(indents)}/>")
    parts.append(f'<w:jc w:val="{align}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    if mark is not None:
        fonts = " ".join(f'w:{a}="{FONT}"' for a in ("ascii", "hAnsi", "eastAsia", "cs"))
        half_points = int(mark * 2)
        parts.append(
            f'<w:rPr><w:rFonts {fonts}/><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
        )
    parts.append("</w:pPr>")
    return "".join(parts)


@dataclass
class P:
    """A paragraph being written: its properties, its runs (XML), and whether it keeps with the next."""

    align: str = JUSTIFY
    first_line: float | None = None
    left: float | None = None
    right: float | None = None
    before: float = 0
    after: float = 6
    line: float | None = 1.15
    keep_next: bool = False
    outline: int | None = None
    border: bool = False
    size: float = BODY_SIZE
    mark: bool = False  # the paragraph mark carries the font (made empty: its height follows it)
    runs: list[str] = field(default_factory=list)

    def add(self, text: str, *, size: float | None = None, bold: bool = False, italic: bool = False) -> P:
        if text:
            self.runs.append(run(text, size=self.size if size is None else size, bold=bold, italic=italic))
        return self

    def __str__(self) -> str:
        ppr = paragraph_properties(
            self.align,
            self.first_line,
            self.left,
            self.right,
            self.before,
            self.after,
            self.line,
            self.keep_next,
            self.outline,
            self.border,
            self.size if self.mark or not self.runs else None,
        )
        return f"<w:p>{ppr}{''.join(self.runs)}</w:p>"


def paragraph(
    text: str = "",
    *,
    align: str = JUSTIFY,
    first_line: float | None = None,
    left: float | None = None,
    right: float | None = None,
    before: float = 0,
    after: float = 6,
    line: float | None = 1.15,
    keep_next: bool = False,
    outline: int | None = None,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
) -> P:
    p = P(align, first_line, left, right, before, after, line, keep_next, outline, size=size, mark=not text)
    return p.add(text, bold=bold, italic=italic)


def rule(*, column_cm: float, width_cm: float) -> P:
    """A short horizontal rule, centred in a column: an empty paragraph's bottom border between indents."""
    side = max((column_cm - width_cm) / 2, 0)
    return P(CENTER, None, side, side, 0, 4, None, border=True, size=3)


def cell_line(
    text: str, *, align: str = CENTER, space: float = 0, keep_next: bool = False, **font: object
) -> P:
    """A line in a cell: single spaced, ``space`` points above and below."""
    size = float(font.pop("size", BODY_SIZE))  # type: ignore[arg-type]
    p = P(align, None, None, None, space, space, None, keep_next=keep_next, size=size, mark=not text)
    return p.add(text, bold=bool(font.get("bold")), italic=bool(font.get("italic")))


def cell(width_cm: float, lines: list[P], *, valign: str) -> str:
    inner = "".join(str(p) for p in lines) or "<w:p/>"
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{twips(width_cm)}"/><w:vAlign w:val="{valign}"/></w:tcPr>{inner}</w:tc>'


@lru_cache(maxsize=1 << 16)
def data_cell(width_cm: float, text: str, align: str, bold: bool, header: bool) -> str:
    """A data table's cell: its one line, TABLE_SIZE, 2 points above and below (a header cell in bold,
    keeping with the next row). Kept: a batch writes the same headers and many of the same values again."""
    line = cell_line(text, align=align, space=2, keep_next=header, size=TABLE_SIZE, bold=bold or header)
    return cell(width_cm, [line], valign="center")


def table(widths: list[float], rows: list[str], *, borders: bool) -> str:
    """A fixed-layout table centred on the page; ``rows``: each row's XML (see :func:`row`)."""
    edge = 'w:val="single" w:sz="4" w:space="0" w:color="000000"' if borders else 'w:val="nil"'
    edges = "".join(f"<w:{e} {edge}/>" for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in widths)
    return (
        '<w:tbl><w:tblPr><w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{edges}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
        'w:noVBand="1" w:val="04A0"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def row(cells: list[str], *, cant_split: bool = False, header: bool = False) -> str:
    props = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


# --- the document's parts -------------------------------------------------------------------------------------
def number_line(header: Header) -> str:
    """ "Số 12-BC/HPN" (party), "Số: 12/BC-UBND" (state); a blank number is left for the office's hand."""
    number = header.number.strip()
    if number.startswith("Số"):
        return number
    if not number:
        return "Số: …"
    return f"Số: {number}" if header.motto else f"Số {number}"


def header_block(header: Header) -> str:
    state = bool(header.motto)  # the state's longer national line takes a wider right column
    left_cm = STATE_LEFT_CM if state else LEFT_CM
    right_cm = CONTENT_CM - left_cm
    left: list[P] = []
    if header.superior:
        left.append(cell_line(header.superior, size=12))
    left.append(cell_line(header.issuer, size=13, bold=True))
    left.append(rule(column_cm=left_cm, width_cm=2.2))
    left.append(cell_line(number_line(header), size=13))
    right = [cell_line(header.national, size=13 if state else 15, bold=True)]
    if header.motto:
        right.append(cell_line(header.motto, size=14, bold=True))
    right.append(rule(column_cm=right_cm, width_cm=5.5 if state else 6.5))
    right.append(cell_line(header.date_line, size=14, italic=True))
    cells = [cell(left_cm, left, valign="top"), cell(right_cm, right, valign="top")]
    return table([left_cm, right_cm], [row(cells)], borders=False)


CHAR_CM = 0.22  # about half an em of Times New Roman 12 (the tables' size): a digit, an average letter
CELL_CM = 0.45  # the cell's left and right margins, and a little air


def _least(column: Column, cells: list[str]) -> float:
    """The narrowest a column may be without breaking a word (a year "2015" into "201/5")."""
    words = [w for text in (column.header, *cells) for w in text.split()]
    return max((len(w) for w in words), default=1) * CHAR_CM + CELL_CM


def widths(columns: tuple[Column, ...], rows: list[tuple[str, ...]]) -> list[float]:
    """Each column's width: the builder's (at least its longest word), the others sharing what is left."""
    least = [_least(c, [r[i] for r in rows]) for i, c in enumerate(columns)]
    result = [max(c.width, m) if c.width else 0.0 for c, m in zip(columns, least, strict=True)]
    free = [i for i, c in enumerate(columns) if not c.width]
    if free:
        rest = (CONTENT_CM - sum(result)) / len(free)
        for i in free:
            result[i] = max(rest, least[i], 1.5)
    total = sum(result)
    if total > CONTENT_CM:  # too wide for the page: shrink what can shrink, alike
        room = [max(w - m, 0) for w, m in zip(result, least, strict=True)]
        excess = total - CONTENT_CM
        if sum(room) >= excess:
            result = [w - r * excess / sum(room) for w, r in zip(result, room, strict=True)]
        else:
            result = [w * CONTENT_CM / total for w in result]
    return result


def align_of(column: Column) -> str:
    if column.kind in NUMERIC:
        return RIGHT
    if column.kind == "date":
        return CENTER
    return LEFT


ImageFn = Callable[[bytes, int], str]  # (PNG, width in EMU) → the picture's inline XML (``wp:inline``)


class Writer:
    """The body's blocks in order; the paragraphs are kept as :class:`P` until the end (the last one before
    the signature is made to keep with it)."""

    def __init__(self, image: ImageFn | None = None) -> None:
        self.blocks: list[P | str] = []
        self.image = image

    def add(self, block: P | str) -> P | str:
        self.blocks.append(block)
        return block

    def xml(self) -> str:
        return "".join(str(b) for b in self.blocks)

    # --- the report ----------------------------------------------------------------------------------------
    def report(self, context: ReportContext) -> str:
        self.add(header_block(context.header))
        self.title(context)
        for section in context.sections:
            self.section(section)
        last = next((b for b in reversed(self.blocks) if isinstance(b, P)), None)
        if last is not None:  # the last lines go with the signature: never a signature alone on its page
            last.keep_next = True
        self.closing(context.recipients, context.signature)
        return self.xml()

    def title(self, context: ReportContext) -> None:
        self.add(paragraph(context.title, align=CENTER, before=18, after=0, size=15, bold=True))
        if context.subtitle:
            self.add(paragraph(context.subtitle, align=CENTER, after=0, size=14, bold=True))
        self.add(rule(column_cm=CONTENT_CM, width_cm=3))
        self.add(paragraph(after=6, size=8))

    def section(self, section: Section) -> None:
        heading = f"{section.number} {section.heading}".strip()
        level = min(max(section.level, 1), 3)
        self.add(
            paragraph(
                heading,
                first_line=FIRST_LINE_CM,
                before=6,
                after=6,
                keep_next=True,
                outline=level - 1,
                bold=True,
                italic=level == 3,
            )
        )
        for block in section.blocks:
            if isinstance(block, Paragraph):
                self.text(block)
            elif isinstance(block, Table):
                self.data_table(block)
            elif isinstance(block, Chart):
                self.chart(block)
        for child in section.sections:
            self.section(child)

    def text(self, block: Paragraph) -> None:
        italic = block.style in ("note", "quote")
        size = 13 if block.style == "note" else BODY_SIZE
        indent = 1.0 if block.style == "quote" else None
        p = paragraph(first_line=FIRST_LINE_CM, left=indent, right=indent, size=size)
        if block.bold_lead:
            p.add(block.bold_lead, bold=True, italic=italic)
        text = block.text
        if block.style == "bullet" and not text.lstrip().startswith(("-", "+", "•")):
            text = f"- {text}"
        p.add(text, italic=italic)
        self.add(p)

    def data_table(self, block: Table) -> None:
        if not block.columns:
            return
        width = len(block.columns)
        block_rows = [(tuple(r) + ("",) * width)[:width] for r in block.rows]  # a short row is padded
        if block.caption:
            self.add(
                paragraph(block.caption, align=CENTER, before=6, after=4, keep_next=True, size=13, bold=True)
            )
        sizes = widths(block.columns, block_rows)
        head = [
            data_cell(w, column.header, CENTER, True, True)
            for w, column in zip(sizes, block.columns, strict=True)
        ]
        rows = [row(head, header=True)]  # repeated at the top of each page
        aligns = [align_of(c) for c in block.columns]
        last = len(block_rows) - 1
        for i, values in enumerate(block_rows):
            bold = block.total_row and i == last
            cells = [data_cell(w, v, a, bold, False) for w, a, v in zip(sizes, aligns, values, strict=True)]
            rows.append(row(cells, cant_split=True))
        self.add(table(sizes, rows, borders=True))
        if block.note:
            self.add(paragraph(block.note, before=2, after=6, line=None, size=12, italic=True))
        else:
            self.add(paragraph(after=0, line=None, size=6))

    def chart(self, block: Chart) -> None:
        from .. import charts  # the module's attribute, so that a test may stand in for it

        png = charts.chart_png(block, dpi=200)
        p = paragraph(align=CENTER, before=6, after=2, line=None, keep_next=True)
        if self.image is None:
            raise ValueError("a chart needs the document's image parts")
        p.runs.append(f"<w:r><w:drawing {NAMESPACES}>{self.image(png, emu(CHART_CM))}</w:drawing></w:r>")
        self.add(p)
        if block.caption:
            self.add(paragraph(block.caption, align=CENTER, after=8, size=13, bold=True))

    def closing(self, recipients: tuple[str, ...], signature: Signature) -> None:
        self.add(paragraph(after=0, line=None, size=8, keep_next=True))
        left: list[P] = []
        if recipients:
            left.append(cell_line("Nơi nhận:", align=LEFT, size=12, bold=True, italic=True))
            left.extend(cell_line(line, align=LEFT, size=11) for line in recipients)
        else:
            left.append(cell_line(""))
        right: list[P] = []
        if signature.on_behalf:
            right.append(cell_line(signature.on_behalf, size=14, bold=True))
        if signature.position:
            right.append(cell_line(signature.position, size=14, bold=True))
        right.extend(cell_line("", size=14) for _i in range(4))  # room for the signature and the seal
        right.append(cell_line(signature.name, size=14, bold=True))
        cells = [cell(LEFT_CM, left, valign="top"), cell(RIGHT_CM, right, valign="top")]
        self.add(table([LEFT_CM, RIGHT_CM], [row(cells, cant_split=True)], borders=False))


def body_xml(context: ReportContext, image: ImageFn | None = None) -> str:
    return Writer(image).report(context)
