"""Read an uploaded spreadsheet (.xlsx, .xlsm, .xlsb, .xls, .ods or .csv) into raw rows.

:func:`read_workbook` never raises on a bad file: whatever goes wrong becomes a message in
``Workbook.problems`` (translated through gettext, ready to show), and the sheets it could read are in
``Workbook.sheets``. Rows are lists of plain cell values (:data:`CellValue`) with absolute positions:
row index 0 is spreadsheet row 1 and column index 0 is column A, whatever empty rows or columns come
first, so the importer can name the cell a person must fix. Empty cells are ``None``.

Excel-type files go through python-calamine, which reads dates as ``date``/``datetime``/``time``
when the cell has a date format and as numbers otherwise, reads every xlsx number as ``float``, gives
a merged cell's value in its top-left cell only, reads formula cells as their last computed value, and
reads error cells (#N/A, #VALUE!) as empty. Sheets are loaded when first iterated, and their rows are
turned into Python lists one at a time (:meth:`RawSheet.iter_rows`).

CSV files must be UTF-8 (with or without a BOM; UTF-16 with a BOM, as Excel's "Unicode text", is
accepted too). Legacy Windows encodings are reported, not guessed silently; so is the classic
"mojibake" of UTF-8 read as Windows-1252 and saved again ("Nguyá»…n" for "Nguyễn"), in any format.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import PurePath, PureWindowsPath
from typing import Any, TypeAlias

from django.utils.translation import gettext as _

#: One cell as read: empty cells are None; dates, date-times and times as Python objects.
CellValue: TypeAlias = str | int | float | bool | dt.date | dt.datetime | dt.time | None
#: One spreadsheet row; index 0 is column A.
Row: TypeAlias = list[CellValue]

EXCEL_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
TEXT_EXTENSIONS = frozenset({".csv", ".tsv", ".txt"})
#: How many rows of each sheet are checked for mojibake when the file is read.
MOJIBAKE_SCAN_ROWS = 300

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MARKUP = re.compile(rb"^\s*<(?:\?xml|!doctype html|html|table|meta|head|body|div|style)", re.IGNORECASE)
_DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 64 * 1024
_SNIFF_ROWS = 50


class RawSheet:
    """One sheet: its name, whether the file hides it, and its rows (read lazily, re-iterable)."""

    def __init__(self, name: str, hidden: bool, rows: Sequence[Row] | Callable[[], Iterator[Row]]) -> None:
        """``rows`` is either the rows themselves or a function returning a fresh iterator of rows."""
        self.name = name
        self.hidden = hidden
        self._rows = rows

    def iter_rows(self) -> Iterator[Row]:
        """The rows, one list per spreadsheet row from row 1, each call starting again from the top."""
        if callable(self._rows):
            return self._rows()
        return iter(self._rows)

    @property
    def rows(self) -> list[Row]:
        """All rows as a list (fine for ordinary files; prefer :meth:`iter_rows` for very large ones)."""
        return list(self.iter_rows())

    def head(self, count: int) -> list[Row]:
        """The first ``count`` rows, enough to find the header without reading the whole sheet."""
        return list(islice(self.iter_rows(), count))

    def __repr__(self) -> str:
        return f"RawSheet(name={self.name!r}, hidden={self.hidden!r})"


@dataclass
class Workbook:
    """What was read: the sheets in file order (hidden ones flagged) and the problems found."""

    sheets: list[RawSheet] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: "xlsx", "xls", "ods", "xlsb" or "csv"; "" when the file could not be read at all.
    format: str = ""
    #: For CSV: the encoding read ("utf-8", "utf-8-sig", "utf-16"), or the legacy one it looked like
    #: ("windows-1258", "cp1252") when the file was refused. None for spreadsheet formats.
    encoding: str | None = None

    @property
    def visible_sheets(self) -> list[RawSheet]:
        """The sheets a person sees in Excel (hidden and very hidden ones left out)."""
        return [sheet for sheet in self.sheets if not sheet.hidden]


# ------------------------------------------------------------------------------------------ entry


def read_workbook(data: bytes, filename: str) -> Workbook:
    """Read an uploaded file. Never raises for a bad file: problems are reported in the result.

    The format comes from the content when it is unmistakable (an Excel file renamed .csv is still
    read, and so is the tab-separated text that some systems export under an .xls name) and otherwise
    from the extension; an unknown extension is a problem.
    """
    name = PureWindowsPath(filename or "").name  # old browsers send "C:\\Users\\…\\file.xlsx"
    extension = PurePath(name).suffix.casefold()
    try:
        if not data:
            return Workbook(problems=[_("The file '%(name)s' is empty.") % {"name": name}])
        if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
            return _read_excel(data, name, extension)
        if extension in EXCEL_EXTENSIONS:
            if _MARKUP.match(data[:512].removeprefix(codecs.BOM_UTF8)):
                return Workbook(problems=[_markup(name)])
            return _read_csv(data, name, disguised=True)
        if extension in TEXT_EXTENSIONS:
            return _read_csv(data, name)
        return Workbook(problems=[_unknown_extension(name)])
    except Exception:  # a reader's bug must not become a server error for the user
        return Workbook(problems=[_corrupt(name)])


def _markup(name: str) -> str:
    return _(
        "The file '%(name)s' is a web page or XML file with a spreadsheet name, not a real "
        "Excel file. Open it in Excel and save it again as .xlsx."
    ) % {"name": name}


def _unknown_extension(name: str) -> str:
    return _(
        "The file '%(name)s' is not a spreadsheet that can be read: upload an Excel (.xlsx, .xls), "
        "OpenDocument (.ods) or CSV file."
    ) % {"name": name}


def _corrupt(name: str) -> str:
    return _(
        "The file '%(name)s' could not be read: it may be damaged or not really a spreadsheet. "
        "Open it in Excel and save it again as .xlsx."
    ) % {"name": name}


# ------------------------------------------------------------------------------------------ excel


def _is_rust_panic(exc: BaseException) -> bool:
    """pyo3 turns a Rust panic into PanicException, which derives from BaseException, not Exception."""
    return type(exc).__name__ == "PanicException"


_DURATION = dt.timedelta  # a duration cell: Excel's number of days is kept


def _calamine_rows(sheet: Any) -> Callable[[], Iterator[Row]]:
    """A function giving fresh row iterators over a loaded calamine sheet."""

    def rows() -> Iterator[Row]:
        start = sheet.start
        if start is None:  # an empty sheet
            return iter(())
        pad: Row = [None] * start[1]
        # calamine's iter_rows already starts at row 1, but at the first used column: pad the left.
        return (
            [
                *pad,
                *[None if v == "" else v.total_seconds() / 86400 if type(v) is _DURATION else v for v in row],
            ]
            if pad
            else [None if v == "" else v.total_seconds() / 86400 if type(v) is _DURATION else v for v in row]
            for row in sheet.iter_rows()
        )

    return rows


def _survives_reading(data: bytes) -> bool:
    """Whether calamine can open and read an old .xls without killing the process.

    A damaged BIFF file can make calamine (0.37) ask for an absurd allocation (171 GB, found by fuzzing),
    and Rust then aborts the whole process: no exception, so a web server worker would die. An .xls is
    at most 65.536 rows, so it is first read once in a forked child with its address space capped; the
    file is refused as damaged when the child does not exit normally. Elsewhere than on Unix the probe
    is skipped."""
    if not hasattr(os, "fork"):
        return True
    import resource

    pid = os.fork()
    if pid == 0:  # the child: read everything, then leave without running any of the parent's cleanup
        try:
            from python_calamine import CalamineWorkbook

            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # Rust's dying words are not the user's business
            with open("/proc/self/statm") as statm:
                size = int(statm.read().split()[0]) * resource.getpagesize()
            resource.setrlimit(resource.RLIMIT_AS, (size + _PROBE_MEMORY, size + _PROBE_MEMORY))
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            for index, _meta in enumerate(book.sheets_metadata):
                book.get_sheet_by_index(index).to_python()
        except BaseException:
            pass
        finally:
            os._exit(0)
    _pid, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status)


_PROBE_MEMORY = 1 << 30  # what the probe may allocate beyond the process's size: an .xls needs far less


def _read_excel(data: bytes, name: str, extension: str) -> Workbook:
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    if data.startswith(_OLE_MAGIC) and not _survives_reading(data):
        return Workbook(problems=[_corrupt(name)])
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = list(book.sheets_metadata)
    except PasswordError:
        return Workbook(problems=[_password(name)])
    except Exception:
        if data.startswith(_OLE_MAGIC) and "EncryptedPackage".encode("utf-16-le") in data:
            return Workbook(problems=[_password(name)])  # an encrypted .xlsx is an OLE container
        return Workbook(problems=[_corrupt(name)])
    except BaseException as exc:
        if not _is_rust_panic(exc):
            raise
        return Workbook(problems=[_corrupt(name)])

    workbook = Workbook(format=_format_of(data, extension))
    for index, meta in enumerate(metadata):
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue  # chart sheets, macro sheets: no rows to import
        hidden = meta.visible != SheetVisibleEnum.Visible
        # Loading parses the sheet into calamine's compact cells (not Python objects) once; the
        # rows become Python lists only while iterated.
        try:
            sheet = book.get_sheet_by_index(index)
        except Exception:
            sheet = None
        except BaseException as exc:
            if not _is_rust_panic(exc):
                raise
            sheet = None
        if sheet is None:
            workbook.problems.append(
                _("The sheet '%(sheet)s' of the file '%(name)s' could not be read.")
                % {"sheet": meta.name, "name": name}
            )
            continue
        raw = RawSheet(str(meta.name), hidden, _calamine_rows(sheet))
        workbook.sheets.append(raw)
        if not hidden:
            found = find_mojibake(_texts(islice(raw.iter_rows(), MOJIBAKE_SCAN_ROWS)))
            if found:
                workbook.problems.append(_mojibake_message(found, sheet=raw.name))
    return workbook


def _password(name: str) -> str:
    return _(
        "The file '%(name)s' is protected with a password. Remove the password in Excel and upload it again."
    ) % {"name": name}


def _format_of(data: bytes, extension: str) -> str:
    if data.startswith(_OLE_MAGIC):
        return "xls"
    if data.startswith(_ZIP_MAGIC):
        head = data[:4096]
        if b"mimetypeapplication/vnd.oasis.opendocument" in head:
            return "ods"
        if extension == ".xlsb":
            return "xlsb"
        return "xlsx"
    return extension.lstrip(".")


# -------------------------------------------------------------------------------------------- csv


def _read_csv(data: bytes, name: str, *, disguised: bool = False) -> Workbook:
    """Read delimited text; ``disguised`` is text under an Excel name, read only if clearly text."""
    text, encoding = _decode_text(data)
    if text is None and (encoding is None or disguised):
        return Workbook(problems=[_corrupt(name)])
    if text is None:
        return Workbook(
            problems=[
                _(
                    "The CSV file is not UTF-8 (it looks like Windows-1258/cp1252); "
                    "save it again as 'CSV UTF-8'."
                )
            ],
            format="csv",
            encoding=encoding,
        )
    delimiter = sniff_delimiter(text)
    if disguised and delimiter not in text[:_SNIFF_CHARS]:
        return Workbook(problems=[_corrupt(name)])
    try:
        rows = list(_csv_rows(text, delimiter))
    except csv.Error:
        return Workbook(problems=[_corrupt(name)])
    workbook = Workbook(format="csv", encoding=encoding)
    workbook.sheets.append(RawSheet(PurePath(name).stem or "CSV", False, rows))
    found = find_mojibake(_texts(rows))
    if found:
        workbook.problems.append(_mojibake_message(found, sheet=None))
    return workbook


def _decode_text(data: bytes) -> tuple[str | None, str | None]:
    """``(text, encoding)``; ``(None, legacy encoding)`` when the bytes are not Unicode but look like
    a Windows code page; ``(None, None)`` when they do not look like text."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            return None, guess_legacy_encoding(data[len(codecs.BOM_UTF8) :])
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, None
    if b"\x00" in data[:_SNIFF_CHARS]:
        return None, None  # UTF-16 without a BOM, or not text at all
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None, guess_legacy_encoding(data)


# Windows-1258 writes Vietnamese tone marks as separate combining bytes after the vowel:
# 0xCC grave, 0xEC acute, 0xD2 hook above, 0xDE tilde, 0xF2 dot below.
_CP1258_TONE = re.compile(rb"[A-Za-z\xc2\xc3\xca\xd4\xd5\xdd\xe2\xe3\xea\xf4\xf5\xfd][\xcc\xec\xd2\xde\xf2]")


def guess_legacy_encoding(data: bytes) -> str | None:
    """For bytes that are not UTF-8: "windows-1258" when Vietnamese tone-mark bytes follow vowels,
    "cp1252" when the bytes decode as Windows-1252, None when they look binary."""
    if _CP1258_TONE.search(data):
        try:
            data.decode("cp1258")
            return "windows-1258"
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
    return "cp1252" if controls == 0 else None


def _csv_rows(text: str, delimiter: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    parsed = [[cell if cell != "" else None for cell in row] for row in reader]
    width = max((len(row) for row in parsed), default=0)
    for row in parsed:
        yield [*row, *([None] * (width - len(row)))]


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (Excel where the decimal mark is a comma, as in Vietnamese) or tab.

    The delimiter that splits the most lines into the same number of fields wins; ties go to the
    comma, then the semicolon. A one-column file is comma-separated.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, strict=False)
            counts = [len(row) for row in islice(reader, _SNIFF_ROWS) if any(cell.strip() for cell in row)]
        except csv.Error:
            continue
        if not counts:
            continue
        modal = max(set(counts), key=lambda n: (counts.count(n), n))
        if modal < 2:
            continue
        score = (counts.count(modal) * (modal - 1), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --------------------------------------------------------------------------------------- mojibake

# The lead byte of a UTF-8 sequence read as Windows-1252, followed by a continuation byte read the
# same way: "á»" "áº" (ạ…ỹ), "Ã¡" (á), "Ä‘" (đ), "Æ°" (ư), "Å©" (ũ)… None of these pairs occurs in
# real Vietnamese ("XÃ" is a real word in capitals, so "Ã" must be followed by a lowercase-vowel byte).
_CONTINUATION = "\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = re.compile(rf"á[¸¹º»]|Ã[\u00a1-\u00bf]|[ÄÅÆ][{_CONTINUATION}]")
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
#: Every non-ASCII letter of the Vietnamese alphabet, both cases, NFC.
VIETNAMESE_LETTERS = frozenset(
    ch
    for base in (
        "a",
        "a\u0306",
        "a\u0302",
        "e",
        "e\u0302",
        "i",
        "o",
        "o\u0302",
        "o\u031b",
        "u",
        "u\u031b",
        "y",
    )
    for tone in _TONES
    for ch in (unicodedata.normalize("NFC", base + tone), unicodedata.normalize("NFC", base + tone).upper())
    if not ch.isascii()
) | {"đ", "Đ"}


def _as_cp1252_bytes(text: str) -> bytes | None:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))  # the five bytes Windows-1252 leaves undefined come back as is
            else:
                return None
    return bytes(out)


def repair_mojibake(text: str) -> str | None:
    """The text before UTF-8 was read as Windows-1252, or None if ``text`` is not such mojibake."""
    raw = _as_cp1252_bytes(text)
    if raw is None or raw.isascii():
        return None
    try:
        repaired = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if repaired == text or not any(ch in VIETNAMESE_LETTERS for ch in repaired):
        return None
    return repaired


def find_mojibake(texts: Iterable[str]) -> tuple[str, str | None] | None:
    """The first text that looks like mojibake, with its repair when one is possible; else None."""
    for text in texts:
        if text.isascii():
            continue
        for word in text.split(" "):
            if word.isascii():
                continue
            repaired = repair_mojibake(word)
            if repaired is not None:
                return word, repaired
            if _MOJIBAKE.search(word):
                return word, repair_mojibake(text)
    return None


def _texts(rows: Iterable[Sequence[CellValue]]) -> Iterator[str]:
    for row in rows:
        for value in row:
            if isinstance(value, str):
                yield value


def _mojibake_message(found: tuple[str, str | None], sheet: str | None) -> str:
    sample, repaired = found
    values = {"sample": sample, "fixed": repaired, "sheet": sheet}
    if sheet is None and repaired:
        message = _(
            "The CSV file has garbled Vietnamese text (for example '%(sample)s', probably '%(fixed)s'): "
            "it was opened with the wrong encoding and saved again. Use the original file, or save it "
            "again as 'CSV UTF-8' from the original."
        )
    elif sheet is None:
        message = _(
            "The CSV file has garbled Vietnamese text (for example '%(sample)s'): it was opened with the "
            "wrong encoding and saved again. Use the original file, or save it again as 'CSV UTF-8' "
            "from the original."
        )
    elif repaired:
        message = _(
            "The sheet '%(sheet)s' has garbled Vietnamese text (for example '%(sample)s', probably "
            "'%(fixed)s'): the data was opened with the wrong encoding and saved again. Use the "
            "original file."
        )
    else:
        message = _(
            "The sheet '%(sheet)s' has garbled Vietnamese text (for example '%(sample)s'): the data was "
            "opened with the wrong encoding and saved again. Use the original file."
        )
    return message % values


#: Vietnamese wording of every message above, to be copied into nguon/locale/vi/LC_MESSAGES/django.po.
VI_TRANSLATIONS: dict[str, str] = {
    "The file '%(name)s' is empty.": "Tệp '%(name)s' không có dữ liệu.",
    "The file '%(name)s' is not a spreadsheet that can be read: upload an Excel (.xlsx, .xls), "
    "OpenDocument (.ods) or CSV file.": (
        "Tệp '%(name)s' không phải là bảng tính đọc được: hãy tải lên tệp Excel (.xlsx, .xls), "
        "OpenDocument (.ods) hoặc CSV."
    ),
    "The file '%(name)s' could not be read: it may be damaged or not really a spreadsheet. "
    "Open it in Excel and save it again as .xlsx.": (
        "Không đọc được tệp '%(name)s': tệp có thể bị hỏng hoặc không phải là bảng tính. "
        "Hãy mở tệp bằng Excel rồi lưu lại dưới dạng .xlsx."
    ),
    "The file '%(name)s' is a web page or XML file with a spreadsheet name, not a real "
    "Excel file. Open it in Excel and save it again as .xlsx.": (
        "Tệp '%(name)s' là trang web hoặc tệp XML mang đuôi bảng tính, không phải tệp Excel thật. "
        "Hãy mở tệp bằng Excel rồi lưu lại dưới dạng .xlsx."
    ),
    "The sheet '%(sheet)s' of the file '%(name)s' could not be read.": (
        "Không đọc được trang tính '%(sheet)s' của tệp '%(name)s'."
    ),
    "The file '%(name)s' is protected with a password. Remove the password in Excel and upload it again.": (
        "Tệp '%(name)s' được bảo vệ bằng mật khẩu. Hãy gỡ mật khẩu trong Excel rồi tải lên lại."
    ),
    "The CSV file is not UTF-8 (it looks like Windows-1258/cp1252); save it again as 'CSV UTF-8'.": (
        "Tệp CSV không dùng bảng mã UTF-8 (có vẻ là Windows-1258/cp1252); hãy lưu lại với định dạng "
        "'CSV UTF-8'."
    ),
    "The CSV file has garbled Vietnamese text (for example '%(sample)s', probably '%(fixed)s'): "
    "it was opened with the wrong encoding and saved again. Use the original file, or save it "
    "again as 'CSV UTF-8' from the original.": (
        "Tệp CSV có chữ tiếng Việt bị lỗi phông (ví dụ '%(sample)s', có lẽ là '%(fixed)s'): tệp đã bị "
        "mở sai bảng mã rồi lưu lại. Hãy dùng tệp gốc, hoặc lưu lại tệp gốc với định dạng 'CSV UTF-8'."
    ),
    "The CSV file has garbled Vietnamese text (for example '%(sample)s'): it was opened with the "
    "wrong encoding and saved again. Use the original file, or save it again as 'CSV UTF-8' "
    "from the original.": (
        "Tệp CSV có chữ tiếng Việt bị lỗi phông (ví dụ '%(sample)s'): tệp đã bị mở sai bảng mã rồi "
        "lưu lại. Hãy dùng tệp gốc, hoặc lưu lại tệp gốc với định dạng 'CSV UTF-8'."
    ),
    "The sheet '%(sheet)s' has garbled Vietnamese text (for example '%(sample)s', probably "
    "'%(fixed)s'): the data was opened with the wrong encoding and saved again. Use the "
    "original file.": (
        "Trang tính '%(sheet)s' có chữ tiếng Việt bị lỗi phông (ví dụ '%(sample)s', có lẽ là "
        "'%(fixed)s'): dữ liệu đã bị mở sai bảng mã rồi lưu lại. Hãy dùng tệp gốc."
    ),
    "The sheet '%(sheet)s' has garbled Vietnamese text (for example '%(sample)s'): the data was "
    "opened with the wrong encoding and saved again. Use the original file.": (
        "Trang tính '%(sheet)s' có chữ tiếng Việt bị lỗi phông (ví dụ '%(sample)s'): dữ liệu đã bị "
        "mở sai bảng mã rồi lưu lại. Hãy dùng tệp gốc."
    ),
}
