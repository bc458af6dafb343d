"""Build messy test workbooks on the fly (no binary fixtures in git).

Every builder takes a list of :class:`SheetSpec` and writes one file format:

- :func:`write_xlsx` with openpyxl (merged cells, hidden and very hidden sheets, date cells);
- :func:`write_xlsx_xlsxwriter` with xlsxwriter (what the project's own exports look like);
- :func:`write_xls` with xlwt (the old BIFF8 format that many offices still send);
- :func:`write_ods` by hand: an .ods file is a zip of a few XML files, so no extra package is needed;
- :func:`csv_bytes` for CSV files in any encoding, with or without a BOM, with any delimiter.

Cell values are plain Python values: ``str``, ``int``, ``float``, ``bool``, ``date``, ``datetime``,
``time`` and ``None``. A :class:`Serial` wraps a number that must land in the file as a bare number even
where the builder would otherwise format it (an Excel date serial typed by hand or pasted as a value).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import openpyxl
import xlsxwriter
import xlwt
from openpyxl.utils import range_boundaries


@dataclass(frozen=True)
class Serial:
    """A number written as a plain number cell (no date format), e.g. an Excel serial 31113."""

    value: float


@dataclass
class SheetSpec:
    """One sheet: its name, rows (top-left is A1), merged ranges ("B5:D5") and visibility."""

    name: str
    rows: Sequence[Sequence[Any]]
    merges: Sequence[str] = field(default_factory=list)
    hidden: bool = False
    very_hidden: bool = False


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Serial) else value


# --------------------------------------------------------------------------------------------- xlsx


def write_xlsx(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """Write an .xlsx with openpyxl; dates get a dd/mm/yyyy format like a Vietnamese Excel would."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for spec in sheets:
        ws = wb.create_sheet(spec.name)
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=_plain(value))
                if isinstance(value, dt.datetime):
                    cell.number_format = "dd/mm/yyyy hh:mm"
                elif isinstance(value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
        for rng in spec.merges:
            ws.merge_cells(rng)
        if spec.very_hidden:
            ws.sheet_state = "veryHidden"
        elif spec.hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def write_xlsx_xlsxwriter(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """Write an .xlsx with xlsxwriter (the library the project's own exports use)."""
    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    for spec in sheets:
        ws = wb.add_worksheet(spec.name)
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, value, date_fmt)
                else:
                    ws.write(r, c, _plain(value))
        for rng in spec.merges:
            min_col, min_row, max_col, max_row = range_boundaries(rng)
            first = spec.rows[min_row - 1][min_col - 1] if min_row - 1 < len(spec.rows) else None
            ws.merge_range(min_row - 1, min_col - 1, max_row - 1, max_col - 1, _plain(first))
        if spec.hidden or spec.very_hidden:
            ws.hide()
    if all(spec.hidden or spec.very_hidden for spec in sheets):  # pragma: no cover - guard for misuse
        raise ValueError("a workbook needs one visible sheet")
    wb.close()
    return path


# ---------------------------------------------------------------------------------------------- xls


def write_xls(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """Write an .xls (BIFF8) with xlwt, with merged cells, dates and hidden sheets."""
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    datetime_style = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm")
    time_style = xlwt.easyxf(num_format_str="hh:mm")
    for spec in sheets:
        ws = wb.add_sheet(spec.name, cell_overwrite_ok=True)
        merged_away: set[tuple[int, int]] = set()
        for rng in spec.merges:
            min_col, min_row, max_col, max_row = range_boundaries(rng)
            first = spec.rows[min_row - 1][min_col - 1]
            ws.write_merge(min_row - 1, max_row - 1, min_col - 1, max_col - 1, _plain(first))
            merged_away |= {(r, c) for r in range(min_row - 1, max_row) for c in range(min_col - 1, max_col)}
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if value is None or (r, c) in merged_away:
                    continue
                if isinstance(value, dt.datetime):
                    ws.write(r, c, value, datetime_style)
                elif isinstance(value, dt.date):
                    ws.write(r, c, value, date_style)
                elif isinstance(value, dt.time):
                    ws.write(r, c, value, time_style)
                else:
                    ws.write(r, c, _plain(value))
        if spec.very_hidden:
            ws.visibility = 2
        elif spec.hidden:
            ws.visibility = 1
    wb.save(str(path))
    return path


# ---------------------------------------------------------------------------------------------- ods

_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"
_ODS_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="{_ODS_MIME}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_ODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
 xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2">
 <office:automatic-styles>
  <style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>
  <style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>
 </office:automatic-styles>
 <office:body><office:spreadsheet>
"""
_ODS_TAIL = "</office:spreadsheet></office:body></office:document-content>\n"


def _ods_cell(value: Any, span: int) -> str:
    attrs = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    value = _plain(value)
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
        kind = f'office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
    elif isinstance(value, int | float):
        text = str(value)
        kind = f'office:value-type="float" office:value="{value}"'
    elif isinstance(value, dt.datetime):
        text = value.strftime("%d/%m/%Y %H:%M")
        kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    elif isinstance(value, dt.date):
        text = value.strftime("%d/%m/%Y")
        kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    elif isinstance(value, dt.time):
        text = value.strftime("%H:%M")
        kind = f'office:value-type="time" office:time-value="PT{value.hour}H{value.minute}M{value.second}S"'
    else:
        text = str(value)
        kind = 'office:value-type="string"'
    return f"<table:table-cell {kind}{attrs}><text:p>{escape(text)}</text:p></table:table-cell>"


def write_ods(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """Write a minimal but valid .ods: typed cells, horizontal merges, hidden tables (table:display)."""
    parts = [_ODS_HEAD]
    for spec in sheets:
        spans: dict[tuple[int, int], int] = {}
        covered: set[tuple[int, int]] = set()
        for rng in spec.merges:
            min_col, min_row, max_col, max_row = range_boundaries(rng)
            if min_row != max_row:
                raise ValueError("write_ods only merges within one row")
            spans[(min_row - 1, min_col - 1)] = max_col - min_col + 1
            covered |= {(min_row - 1, c) for c in range(min_col, max_col)}
        style = "ta2" if spec.hidden or spec.very_hidden else "ta1"
        parts.append(f'<table:table table:name={quoteattr(spec.name)} table:style-name="{style}">')
        width = max((len(row) for row in spec.rows), default=1)
        parts.append(f'<table:table-column table:number-columns-repeated="{width}"/>')
        for r, row in enumerate(spec.rows):
            parts.append("<table:table-row>")
            for c, value in enumerate(row):
                if (r, c) in covered:
                    parts.append("<table:covered-table-cell/>")
                else:
                    parts.append(_ods_cell(value, spans.get((r, c), 1)))
            parts.append("</table:table-row>")
        parts.append("</table:table>")
    parts.append(_ODS_TAIL)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), _ODS_MIME, compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", _ODS_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", "".join(parts), compress_type=zipfile.ZIP_DEFLATED)
    return path


# ---------------------------------------------------------------------------------------------- csv


def csv_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    encoding: str = "utf-8",
    bom: bool = False,
    delimiter: str = ",",
    line_end: str = "\r\n",
) -> bytes:
    """CSV as Excel writes it: every cell as text, quoted only when needed, CRLF line ends."""

    def field_text(value: Any) -> str:
        value = _plain(value)
        if value is None:
            return ""
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        text = str(value)
        if any(ch in text for ch in (delimiter, '"', "\n", "\r")):
            text = '"' + text.replace('"', '""') + '"'
        return text

    body = line_end.join(delimiter.join(field_text(v) for v in row) for row in rows) + line_end
    data = (
        encode_cp1258(body)
        if encoding.replace("-", "").lower() in {"cp1258", "windows1258"}
        else body.encode(encoding)
    )
    if bom:
        data = "\ufeff".encode(encoding) + data
    return data


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: a precomposed base letter where the code page has
    one (ă â ê ô ơ ư đ), then the tone as a separate combining byte ("ờ" → "ơ" + grave)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in nfd if m in _TONE_MARKS)
        letter = unicodedata.normalize("NFC", "".join(m for m in nfd if m not in _TONE_MARKS))
        out += (letter + tones).encode("cp1258")
    return bytes(out)


def mojibake(text: str) -> str:
    """The classic accident: UTF-8 bytes read as Windows-1252 (Excel opening a UTF-8 CSV), saved again."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))  # Windows keeps the five undefined bytes as C1 controls
    return "".join(out)
