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

CSV files are UTF-8 (with or without a BOM; UTF-16 with a BOM, as Excel's "Unicode text", is accepted
too) or Windows-1258, what Excel on a Vietnamese Windows writes for "CSV": that one is read only when the
decoding is unambiguous (see :func:`decode_windows_1258`), and a note says so (``Workbook.notes``). Other
legacy encodings are reported, not guessed silently; so is the classic "mojibake" of UTF-8 read as
Windows-1252 and saved again ("Nguyá»…n" for "Nguyễn"), in any format.

:func:`probe` is the cheap first step of :func:`read_workbook`, usable alone before anything is kept: it
looks only at the container (a zip's directory, an OLE compound file's directory and the start of its
workbook stream, the first bytes of a text) and refuses what is not a spreadsheet at all, what is
protected with a password (.xlsx, .xls, .ods) and Excel 2–4 files, each with a message saying what to do.

calamine reports a damaged file by a Rust panic, which it turns into an exception; Rust's panic hook
prints a report (and a backtrace under ``RUST_BACKTRACE``) on the process's stderr first. Every calamine
call that parses runs with file descriptor 2 redirected (:func:`_calamine_quietly`), and what others
wrote there meanwhile is written back, without the panic reports.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import os
import re
import struct
import sys
import tempfile
import threading
import unicodedata
import zipfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import PurePath, PureWindowsPath
from typing import Any, TypeAlias, TypeVar

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
    """What was read: the sheets in file order (hidden ones flagged), the problems found and the notes."""

    sheets: list[RawSheet] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: "xlsx", "xls", "ods", "xlsb" or "csv"; "" when the file could not be read at all.
    format: str = ""
    #: For CSV: the encoding read ("utf-8", "utf-8-sig", "utf-16", "windows-1258"), or the legacy one it
    #: looked like ("windows-1258", "cp1252") when the file was refused. None for spreadsheet formats.
    encoding: str | None = None
    #: What the person should know though nothing is wrong (translated, ready to show), e.g. that a CSV
    #: file was read as Windows-1258.
    notes: list[str] = field(default_factory=list)

    @property
    def visible_sheets(self) -> list[RawSheet]:
        """The sheets a person sees in Excel (hidden and very hidden ones left out)."""
        return [sheet for sheet in self.sheets if not sheet.hidden]


# ------------------------------------------------------------------------------------------ probe


@dataclass(frozen=True)
class Probe:
    """The verdict of :func:`probe`: the format the file will be read as, or why it cannot be read."""

    #: "xlsx", "xlsb", "xls", "ods" or "csv" ("csv" for any delimited text); "" when refused.
    format: str
    #: Why the file is refused (translated, ready to show); None when it is worth reading.
    problem: str | None = None
    #: For "csv": the text came under a spreadsheet name (.xls, .xlsx …) and is read only if clearly text.
    disguised: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None


def probe(data: bytes, filename: str, *, max_bytes: int | None = None) -> Probe:
    """Tell cheaply whether ``data`` is a spreadsheet worth reading, before anything is kept.

    Only the container is looked at — a zip's central directory and an .ods manifest, an OLE compound
    file's directory and the first records of its workbook stream, the first 64 KiB of a text — so the cost
    does not grow with the content. Refused, with a message saying what to do: an empty file, a file above
    ``max_bytes``, an unknown extension, a web page under a spreadsheet name, a zip or OLE file that holds
    no workbook, an encrypted (password-protected) .xlsx, .xls or .ods, an Excel 2–4 file, bytes that are
    neither a spreadsheet nor text. What passes may still turn out damaged when read (then
    :func:`read_workbook` says so). Never raises.
    """
    name = _display_name(filename)
    extension = PurePath(name).suffix.casefold()
    try:
        return _probe(data, name, extension, max_bytes)
    except Exception:  # a bug here must not become a server error
        return Probe("", _corrupt(name))


def _display_name(filename: str) -> str:
    return PureWindowsPath(filename or "").name  # old browsers send "C:\\Users\\…\\file.xlsx"


def _probe(data: bytes, name: str, extension: str, max_bytes: int | None) -> Probe:
    if not data:
        return Probe("", _("The file '%(name)s' is empty.") % {"name": name})
    if max_bytes is not None and len(data) > max_bytes:
        return Probe("", _too_large(name, len(data), max_bytes))
    if data.startswith(_ZIP_MAGIC):
        return _probe_zip(data, name, extension)
    if data.startswith(_OLE_MAGIC):
        return _probe_ole(data, name)
    if is_old_excel(data):
        return Probe("", _old_excel(name))
    if extension in EXCEL_EXTENSIONS:
        if _MARKUP.match(data[:512].removeprefix(codecs.BOM_UTF8)):
            return Probe("", _markup(name))
        if not _looks_like_text(data):
            return Probe("", _corrupt(name))
        return Probe("csv", disguised=True)
    if extension in TEXT_EXTENSIONS:
        if not _looks_like_text(data):
            return Probe("", _corrupt(name))
        return Probe("csv")
    return Probe("", _unknown_extension(name))


def _too_large(name: str, size: int, max_bytes: int) -> str:
    return _("The file '%(name)s' is too large: %(size)s MB, at most %(max)s MB.") % {
        "name": name,
        "size": _megabytes(size),
        "max": _megabytes(max_bytes),
    }


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")


def _probe_zip(data: bytes, name: str, extension: str) -> Probe:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return Probe("", _corrupt(name))
    with archive:
        names = {info.filename.casefold(): info for info in archive.infolist()}
        if "content.xml" in names or ("mimetype" in names and "meta-inf/manifest.xml" in names):
            if _ods_is_encrypted(archive, names.get("meta-inf/manifest.xml")):
                return Probe("", _password(name))
            return Probe("ods")
        if any(entry.startswith("xl/") for entry in names):
            if extension == ".xlsb" or "xl/workbook.bin" in names:
                return Probe("xlsb")
            return Probe("xlsx")
    return Probe("", _corrupt(name))


_MANIFEST_LIMIT = 1 << 20  # an .ods manifest lists the parts: a few KiB


def _ods_is_encrypted(archive: zipfile.ZipFile, manifest: zipfile.ZipInfo | None) -> bool:
    """An .ods saved with a password lists ``manifest:encryption-data`` for its encrypted parts."""
    if manifest is None or manifest.file_size > _MANIFEST_LIMIT:
        return False
    try:
        text = archive.read(manifest)
    except Exception:
        return False
    return b"encryption-data" in text


def _probe_ole(data: bytes, name: str) -> Probe:
    """An OLE compound file: an .xls (a "Workbook" or "Book" stream), or an encrypted Office file (an
    .xlsx/.xlsb with a password is an "EncryptionInfo" and an "EncryptedPackage" stream in one)."""
    if not _CompoundFile.valid_header(data):
        if "EncryptedPackage".encode("utf-16-le") in data:
            return Probe("", _password(name))
        return Probe("", _corrupt(name))
    try:
        compound = _CompoundFile.parse(data)
        if compound is None:  # a directory that cannot be followed: let the reader decide
            return Probe("xls")
        if "encryptioninfo" in compound.streams or "encryptedpackage" in compound.streams:
            return Probe("", _password(name))
        stream = compound.streams.get("workbook") or compound.streams.get("book")
        if stream is None:
            return Probe("", _corrupt(name))  # a Word or PowerPoint file, an .msg …: no workbook in it
        if biff_is_encrypted(compound.read(stream, _BIFF_GLOBALS_SCAN)):
            return Probe("", _password(name))
    except Exception:  # a directory this reader misunderstands: calamine has the last word
        pass
    return Probe("xls")


_BIFF_GLOBALS_SCAN = 64 * 1024  # FILEPASS comes right after the first BOF record, if at all
_BIFF_BOF8 = 0x0809
_BIFF_EOF = 0x000A
_BIFF_FILEPASS = 0x002F


def biff_is_encrypted(stream: bytes) -> bool:
    """Whether a BIFF5/BIFF8 workbook stream is encrypted: a FILEPASS record (0x002F) in its globals,
    after the BOF record (0x0809) and before the first EOF (0x000A)."""
    position = 0
    while position + 4 <= len(stream):
        record, length = struct.unpack_from("<HH", stream, position)
        if position == 0 and record != _BIFF_BOF8:
            return False
        if record == _BIFF_FILEPASS:
            return True
        if record == _BIFF_EOF:
            return False
        position += 4 + length
    return False


# BIFF2, BIFF3 and BIFF4 files are not OLE containers: they start with their BOF record, 0x0009,
# 0x0209 or 0x0409, whose body holds a version and the kind of sheet (worksheet, chart, macro sheet,
# BIFF4 workbook).
_OLD_BOF = {0x0009: (4, 4), 0x0209: (6, 6), 0x0409: (6, 6)}
_OLD_SHEET_TYPES = frozenset({0x0010, 0x0020, 0x0040, 0x0100})


def is_old_excel(data: bytes) -> bool:
    """Whether ``data`` is an Excel 2, 3 or 4 file (BIFF2–4), which no reader here understands."""
    if len(data) < 8:
        return False
    record, length, _version, sheet_type = struct.unpack_from("<HHHH", data, 0)
    sizes = _OLD_BOF.get(record)
    return sizes is not None and sizes[0] <= length <= sizes[1] + 16 and sheet_type in _OLD_SHEET_TYPES


def _looks_like_text(data: bytes) -> bool:
    """Whether the first 64 KiB read as text in an encoding :func:`read_workbook` knows: not binary."""
    head = data[:_SNIFF_CHARS]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\x00" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head.removeprefix(codecs.BOM_UTF8), final=False)
        return True
    except UnicodeDecodeError:
        return guess_legacy_encoding(head) is not None


class _CompoundFile:
    """Just enough of an OLE compound file (MS-CFB) to list its streams and read the start of one.

    Every index is checked against the file and every chain is bounded by the file's sector count, so a
    damaged file gives None (or short reads), never a loop or an exception."""

    _FREE_OR_END = 0xFFFFFFFA  # sector numbers from here on are markers (end of chain, free …)

    def __init__(self, data: bytes, sector_size: int, fat: array[int], mini_fat: array[int]) -> None:
        self.data = data
        self.sector_size = sector_size
        self.fat = fat
        self.mini_fat = mini_fat
        self.mini_cutoff = 4096
        self.root: tuple[int, int] = (self._FREE_OR_END, 0)
        #: stream name, casefolded → (first sector, size)
        self.streams: dict[str, tuple[int, int]] = {}

    @staticmethod
    def valid_header(data: bytes) -> bool:
        """The header no reader can do without: its byte-order mark and a sector size of 512 or 4096."""
        if len(data) < 512:
            return False
        order, shift = struct.unpack_from("<HH", data, 28)
        return order == 0xFFFE and shift in (9, 12)

    @classmethod
    def parse(cls, data: bytes) -> _CompoundFile | None:
        if not cls.valid_header(data):
            return None
        shift = struct.unpack_from("<H", data, 30)[0]
        size = 1 << shift
        fat_count, first_directory = struct.unpack_from("<II", data, 44)
        mini_cutoff, first_mini_fat, _mini_fat_count, first_difat, difat_count = struct.unpack_from(
            "<IIIII", data, 56
        )
        sectors = len(data) // size
        fat_sectors = list(struct.unpack_from("<109I", data, 76))
        sector = first_difat
        for _step in range(min(difat_count, sectors)):  # the rest of the FAT's sector list, if it is long
            if sector >= cls._FREE_OR_END:
                break
            offset = (sector + 1) * size
            if offset + size > len(data):
                return None
            entries = struct.unpack_from(f"<{size // 4}I", data, offset)
            fat_sectors.extend(entries[:-1])
            sector = entries[-1]
        fat = array("I")
        if fat.itemsize != 4:
            return None
        for sector in fat_sectors[: min(fat_count, sectors)]:
            offset = (sector + 1) * size
            if sector >= cls._FREE_OR_END or offset + size > len(data):
                return None
            fat.frombytes(data[offset : offset + size])
        if sys.byteorder == "big":
            fat.byteswap()
        compound = cls(data, size, fat, array("I"))
        compound.mini_cutoff = mini_cutoff
        mini = array("I", compound._chain_bytes(first_mini_fat, 1 << 22))
        if sys.byteorder == "big":
            mini.byteswap()
        compound.mini_fat = mini
        directory = compound._chain_bytes(first_directory, 128 * 100_000)
        for offset in range(0, len(directory) - 127, 128):
            name_length = struct.unpack_from("<H", directory, offset + 64)[0]
            kind = directory[offset + 66]
            start, stream_size = struct.unpack_from("<II", directory, offset + 116)
            if not 2 <= name_length <= 64 or name_length % 2:
                continue
            name = directory[offset : offset + name_length - 2].decode("utf-16-le", "replace").casefold()
            if kind == 5:
                compound.root = (start, stream_size)
            elif kind == 2:
                compound.streams.setdefault(name, (start, stream_size))
        return compound

    def _chain(self, start: int, table: array[int], limit: int) -> Iterator[int]:
        sector, count = start, 0
        while sector < len(table) and count < limit:
            yield sector
            sector, count = table[sector], count + 1

    def _chain_bytes(self, start: int, limit: int) -> bytes:
        """Up to ``limit`` bytes of the regular-sector chain starting at ``start``."""
        size, parts, total = self.sector_size, [], 0
        for sector in self._chain(start, self.fat, len(self.data) // size):
            offset = (sector + 1) * size
            if offset + size > len(self.data) or total >= limit:
                break
            parts.append(self.data[offset : offset + size])
            total += size
        return b"".join(parts)[:limit]

    def read(self, stream: tuple[int, int], limit: int) -> bytes:
        """The first ``limit`` bytes (at most) of a stream, from the mini stream when it is small."""
        start, size = stream
        limit = min(limit, size)
        if size >= self.mini_cutoff:
            return self._chain_bytes(start, limit)
        container = self._chain_bytes(self.root[0], self.root[1])
        parts, total = [], 0
        for sector in self._chain(start, self.mini_fat, len(container) // 64 + 1):
            if total >= limit:
                break
            parts.append(container[sector * 64 : sector * 64 + 64])
            total += 64
        return b"".join(parts)[:limit]


# ------------------------------------------------------------------------------------------ entry


def read_workbook(data: bytes, filename: str) -> Workbook:
    """Read an uploaded file. Never raises for a bad file: problems are reported in the result.

    The format comes from the content when it is unmistakable (an Excel file renamed .csv is still
    read, and so is the tab-separated text that some systems export under an .xls name) and otherwise
    from the extension; an unknown extension is a problem. The first step is :func:`probe`.
    """
    name = _display_name(filename)
    try:
        checked = probe(data, filename)
        if checked.problem is not None:
            return Workbook(problems=[checked.problem])
        if checked.format == "csv":
            return _read_csv(data, name, disguised=checked.disguised)
        return _read_excel(data, name, checked.format)
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


def _password(name: str) -> str:
    return _(
        "The file '%(name)s' is protected with a password: open it in Excel, remove the password, "
        "save it and upload it again."
    ) % {"name": name}


def _old_excel(name: str) -> str:
    return _(
        "The file '%(name)s' is an Excel 2–4 file (a very old format) that cannot be read: open it in "
        "Excel and save it as .xlsx."
    ) % {"name": name}


# ------------------------------------------------------------------------------------------ excel


def _is_rust_panic(exc: BaseException) -> bool:
    """pyo3 turns a Rust panic into PanicException, which derives from BaseException, not Exception."""
    return type(exc).__name__ == "PanicException"


_T = TypeVar("_T")
_STDERR_LOCK = threading.RLock()  # re-entrant: a nested call would only capture into the outer capture
# The report of Rust's default panic hook: "thread '<name>' (id) panicked at file:line:col:", the message,
# then either the "note: run with `RUST_BACKTRACE=1` …" line or a "stack backtrace:" block of indented
# frames and its closing note.
_PANIC_HEAD = re.compile(rb"thread '[^'\n]*'(?: \(\d+\))? panicked at ")


def without_panic_reports(text: bytes) -> bytes:
    """``text`` written on stderr, less the reports of Rust panics (see :func:`_calamine_quietly`)."""
    lines = text.splitlines(keepends=True)
    kept: list[bytes] = []
    index = 0
    while index < len(lines):
        if not _PANIC_HEAD.match(lines[index]):
            kept.append(lines[index])
            index += 1
            continue
        if kept and kept[-1] == b"\n":
            kept.pop()  # the blank line Rust writes before its report
        index += 1
        while index < len(lines) and not lines[index].startswith((b"note: ", b"stack backtrace:")):
            index += 1  # the panic's message
        if index < len(lines) and lines[index].startswith(b"stack backtrace:"):
            index += 1
            while index < len(lines) and lines[index][:1] in (b" ", b"\t"):
                index += 1  # the frames
        while index < len(lines) and lines[index].startswith(b"note: "):
            index += 1
    return b"".join(kept)


def _calamine_quietly(call: Callable[[], _T]) -> _T:
    """``call()`` (a calamine call that parses) with file descriptor 2 sent to a temporary file, so that the
    report Rust prints when the reader panics on a damaged file never reaches the terminal or the server's
    log; whatever else was written there meanwhile (by another thread) is written back afterwards.
    Calls are serialized by a lock: calamine holds the GIL while it parses, so nothing is lost by it."""
    with _STDERR_LOCK:
        try:
            sys.stderr.flush()
            saved = os.dup(2)
        except (OSError, ValueError, AttributeError):  # no stderr at all: nothing to protect
            return call()
        try:
            with tempfile.TemporaryFile() as capture:
                os.dup2(capture.fileno(), 2)
                try:
                    return call()
                finally:
                    os.dup2(saved, 2)
                    capture.seek(0)
                    kept = without_panic_reports(capture.read())
                    if kept:
                        os.write(2, kept)
        finally:
            os.close(saved)


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


# What the child reading an .xls reports by its exit status.
_CHILD_READ, _CHILD_FAILED, _CHILD_PANICKED = 0, 1, 2


def _survives_reading(data: bytes) -> bool:
    """Whether calamine can open and read an old .xls without killing the process or panicking.

    A damaged BIFF file can make calamine (0.37) ask for an absurd allocation (171 GB, found by fuzzing),
    and Rust then aborts the whole process: no exception, so a web server worker would die. An .xls is
    at most 65.536 rows, so it is first read once in a forked child with its address space capped; the
    file is refused as damaged when the child does not exit normally, or when calamine panicked there (a
    panic is a damaged file too, and reading it again here would only panic again). Elsewhere than on
    Unix the probe is skipped."""
    if not hasattr(os, "fork"):
        return True
    import resource

    pid = os.fork()
    if pid == 0:  # the child: read everything, then leave without running any of the parent's cleanup
        status = _CHILD_FAILED
        try:
            import faulthandler

            faulthandler.disable()  # an abort is expected here: no "Fatal Python error" on the terminal
            from python_calamine import CalamineWorkbook

            os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # Rust's dying words are not the user's business
            with open("/proc/self/statm") as statm:
                size = int(statm.read().split()[0]) * resource.getpagesize()
            resource.setrlimit(resource.RLIMIT_AS, (size + _PROBE_MEMORY, size + _PROBE_MEMORY))
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            for index, _meta in enumerate(book.sheets_metadata):
                book.get_sheet_by_index(index).to_python()
            status = _CHILD_READ
        except BaseException as exc:
            status = _CHILD_PANICKED if _is_rust_panic(exc) else _CHILD_FAILED
        finally:
            os._exit(status)
    _pid, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) != _CHILD_PANICKED


_PROBE_MEMORY = 1 << 30  # what the probe may allocate beyond the process's size: an .xls needs far less


def _read_excel(data: bytes, name: str, format: str) -> Workbook:
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    if data.startswith(_OLE_MAGIC) and not _survives_reading(data):
        return Workbook(problems=[_corrupt(name)])

    def open_book() -> tuple[Any, list[Any]]:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return book, list(book.sheets_metadata)

    try:
        book, metadata = _calamine_quietly(open_book)
    except PasswordError:
        return Workbook(problems=[_password(name)])
    except Exception:
        return Workbook(problems=[_corrupt(name)])
    except BaseException as exc:
        if not _is_rust_panic(exc):
            raise
        return Workbook(problems=[_corrupt(name)])

    workbook = Workbook(format=format)
    for index, meta in enumerate(metadata):
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue  # chart sheets, macro sheets: no rows to import
        hidden = meta.visible != SheetVisibleEnum.Visible
        # Loading parses the sheet into calamine's compact cells (not Python objects) once; the
        # rows become Python lists only while iterated.
        try:
            sheet = _calamine_quietly(functools.partial(book.get_sheet_by_index, index))
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


# -------------------------------------------------------------------------------------------- csv


def _read_csv(data: bytes, name: str, *, disguised: bool = False) -> Workbook:
    """Read delimited text; ``disguised`` is text under an Excel name, read only if clearly text."""
    decoded = _decode_text(data)
    if decoded.text is None and (decoded.encoding is None or disguised):
        return Workbook(problems=[_corrupt(name)])
    if decoded.text is None:
        return Workbook(problems=[decoded.problem or _not_utf8()], format="csv", encoding=decoded.encoding)
    text = decoded.text
    delimiter = sniff_delimiter(text)
    if disguised and delimiter not in text[:_SNIFF_CHARS]:
        return Workbook(problems=[_corrupt(name)])
    try:
        rows = list(_csv_rows(text, delimiter))
    except csv.Error:
        return Workbook(problems=[_corrupt(name)])
    workbook = Workbook(format="csv", encoding=decoded.encoding)
    if decoded.encoding == "windows-1258":
        workbook.notes.append(
            _(
                "The CSV file was read as Windows-1258, the encoding Excel uses for 'CSV' on a Vietnamese Windows."
            )
        )
    workbook.sheets.append(RawSheet(PurePath(name).stem or "CSV", False, rows))
    found = find_mojibake(_texts(rows))
    if found:
        workbook.problems.append(_mojibake_message(found, sheet=None))
    return workbook


def _not_utf8() -> str:
    return _("The CSV file is not UTF-8 (it looks like Windows-1258/cp1252); save it again as 'CSV UTF-8'.")


@dataclass(frozen=True)
class _Decoded:
    text: str | None  #: None when refused
    encoding: str | None  #: the encoding read, or the legacy one it looked like; None for binary
    problem: str | None = None  #: why a legacy encoding was refused


def _decode_text(data: bytes) -> _Decoded:
    """The text and its encoding; no text but the legacy encoding it looks like when the bytes are not
    Unicode and not unambiguous Windows-1258; neither when they do not look like text."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:  # a UTF-8 mark on bytes that are not UTF-8: which one lies?
            return _Decoded(None, guess_legacy_encoding(data[len(codecs.BOM_UTF8) :]))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            return _Decoded(None, None)
    if b"\x00" in data[:_SNIFF_CHARS]:
        return _Decoded(None, None)  # UTF-16 without a BOM, or not text at all
    try:
        return _Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    guessed = guess_legacy_encoding(data)
    if guessed is None:
        return _Decoded(None, None)
    text, why = decode_windows_1258(data)
    if text is not None:
        return _Decoded(text, "windows-1258")
    return _Decoded(None, guessed, why)


# Windows-1258 writes Vietnamese tone marks as separate combining bytes after the vowel:
# 0xCC grave, 0xEC acute, 0xD2 hook above, 0xDE tilde, 0xF2 dot below.
_CP1258_TONE = re.compile(rb"[A-Za-z\xc2\xc3\xca\xd4\xd5\xdd\xe2\xe3\xea\xf4\xf5\xfd][\xcc\xec\xd2\xde\xf2]")
_CP1258_MARKS = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
#: At most this share of the non-ASCII letters of a Windows-1258 text may be other than Vietnamese ones
#: (a foreign name, a symbol typed by mistake) for the decoding to count as unambiguous.
FOREIGN_LETTERS_TOLERATED = 0.01


def decode_windows_1258(data: bytes) -> tuple[str | None, str | None]:
    """``(text, None)`` when ``data`` (not UTF-8) reads unambiguously as Vietnamese in Windows-1258,
    else ``(None, why)`` with a message saying why the encoding cannot be told for sure.

    Unambiguous means: the bytes decode as Windows-1258 with no control characters; they hold tone
    marks written as combining bytes after the letters, as Windows-1258 writes them (what Windows-1252
    would read as "Ì Ò Þ ì ò" instead); every one of them composes with its letter (NFC) into a
    letter; and the non-ASCII letters of the text are Vietnamese ones (at most
    :data:`FOREIGN_LETTERS_TOLERATED` of them are not). The text returned is NFC.
    """
    try:
        raw = data.decode("cp1258")
    except UnicodeDecodeError:
        return None, _not_utf8()
    if _CONTROLS.search(raw):
        return None, _not_utf8()
    if not _CP1258_MARKS.search(raw):
        return None, _(
            "The CSV file is not UTF-8, and it has no Vietnamese tone marks by which its encoding could "
            "be told for sure (Windows-1258, as Excel writes it on a Vietnamese Windows, or Windows-1252). "
            "Save it again as 'CSV UTF-8'."
        )
    text = unicodedata.normalize("NFC", raw)
    letters = foreign = 0
    odd: list[str] = []  # a tone mark left alone (after a digit, a sign …), or a letter Vietnamese lacks
    alone = False
    for ch, count in Counter(_NON_ASCII.findall(text)).items():
        if unicodedata.combining(ch):
            alone = True
            odd.append(ch)
        elif ch.isalpha():
            letters += count
            if ch not in VIETNAMESE_LETTERS:
                foreign += count
                odd.append(ch)
    if alone or foreign > letters * FOREIGN_LETTERS_TOLERATED:
        found = re.search(rf"\S*[{re.escape(''.join(odd))}]\S*", text)
        return None, _(
            "The CSV file is not UTF-8, and read as Windows-1258 (the encoding of Excel on a Vietnamese "
            "Windows) it does not look like Vietnamese (for example '%(sample)s'), so its encoding cannot "
            "be told for sure. Save it again as 'CSV UTF-8'."
        ) % {"sample": found[0][:40] if found else ""}
    return text, None


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


# What Windows-1252 can write: Latin-1 (its five undefined bytes come back as themselves) and its own
# 27 signs in 0x80–0x9F. A text with any other character cannot be UTF-8 read as Windows-1252.
_NOT_CP1252 = re.compile("[^\x00-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def _as_cp1252_bytes(text: str) -> bytes | None:
    try:
        return text.encode("cp1252")
    except UnicodeEncodeError:
        pass
    if _NOT_CP1252.search(text):
        return None  # "Nguyễn": most real Vietnamese words stop here
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


_CLEAN_WORDS_KEPT = 50_000  # memory bounded whatever the file


def find_mojibake(texts: Iterable[str]) -> tuple[str, str | None] | None:
    """The first text that looks like mojibake, with its repair when one is possible; else None."""
    clean: set[str] = set()  # words already found clean: names and posts repeat on every row
    for text in texts:
        if text.isascii():
            continue
        for word in text.split(" "):
            if word.isascii() or word in clean:
                continue
            if len(clean) >= _CLEAN_WORDS_KEPT:
                clean.clear()
            clean.add(word)
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
    "The file '%(name)s' is protected with a password: open it in Excel, remove the password, "
    "save it and upload it again.": (
        "Tệp '%(name)s' được đặt mật khẩu: hãy mở bằng Excel, bỏ mật khẩu, lưu lại rồi gửi lại."
    ),
    "The file '%(name)s' is an Excel 2–4 file (a very old format) that cannot be read: open it in "
    "Excel and save it as .xlsx.": (
        "Tệp '%(name)s' là tệp Excel 2–4 (định dạng rất cũ), không đọc được: hãy mở bằng Excel và lưu "
        "thành .xlsx."
    ),
    "The file '%(name)s' is too large: %(size)s MB, at most %(max)s MB.": (
        "Tệp '%(name)s' quá lớn: %(size)s MB, tối đa %(max)s MB."
    ),
    "The CSV file was read as Windows-1258, the encoding Excel uses for 'CSV' on a Vietnamese Windows.": (
        "Đã đọc tệp CSV theo bảng mã Windows-1258 (bảng mã Excel dùng khi lưu 'CSV' trên Windows tiếng Việt)."
    ),
    "The CSV file is not UTF-8, and it has no Vietnamese tone marks by which its encoding could "
    "be told for sure (Windows-1258, as Excel writes it on a Vietnamese Windows, or Windows-1252). "
    "Save it again as 'CSV UTF-8'.": (
        "Tệp CSV không dùng bảng mã UTF-8, và không có dấu thanh tiếng Việt nào để biết chắc bảng mã của "
        "tệp (Windows-1258 như Excel ghi trên Windows tiếng Việt, hay Windows-1252). Hãy lưu lại với định "
        "dạng 'CSV UTF-8'."
    ),
    "The CSV file is not UTF-8, and read as Windows-1258 (the encoding of Excel on a Vietnamese "
    "Windows) it does not look like Vietnamese (for example '%(sample)s'), so its encoding cannot "
    "be told for sure. Save it again as 'CSV UTF-8'.": (
        "Tệp CSV không dùng bảng mã UTF-8, và nếu đọc theo bảng mã Windows-1258 (của Excel trên Windows "
        "tiếng Việt) thì chữ không giống tiếng Việt (ví dụ '%(sample)s'), nên không biết chắc bảng mã "
        "của tệp. Hãy lưu lại với định dạng 'CSV UTF-8'."
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
