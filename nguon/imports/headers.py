"""Find the header row of an imported sheet and map its columns to field keys.

Offices rarely send a clean table: a sheet starts with the organization's name, a title and a date,
the header may span two rows (a merged "Ngày sinh" over "Nam" and "Nữ"), spellings vary ("Họ và tên",
"HỌ TÊN", "Ho ten *"), a row of column numbers "(1) (2) (3)" often sits under the header, and a
"Tổng cộng" row closes the list. These functions work on plain rows of cell values, with no database.

Merged cells: the readers (calamine) give a merged cell's value in its first (top-left) cell only and
leave the others empty, so a header cell spanning several columns is followed by empty cells in its own
row, with the sub-headers below them. A column under such a span is named "top sub" ("Ngày sinh Nam");
a top cell with nothing below (merged down over both rows) keeps its own name.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from django.utils.translation import gettext as _

from nguon.core.text import fold
from nguon.imports.parsing import clean_cell_text
from nguon.imports.reading import CellValue

Row: TypeAlias = Sequence[CellValue]

_NOT_WORD = re.compile(r"[^\w]+|_+")
_TRAILING_NOTE = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*$")
_NUMBERING_TOKEN = re.compile(r"\(?\s*(?:(?P<n>\d{1,3})|[A-Za-z])\s*\)?")
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")

# Match quality of a column name against a field's spellings; higher wins.
_EXACT = 4  # the whole name, normalized
_NOTES_DROPPED = 3  # the name without its trailing "(…)" notes
_SUB_ONLY = 2  # under a two-row header, the sub-header alone
_SUB_ONLY_NOTES_DROPPED = 1


def normalize_header(text: CellValue) -> str:
    """Comparison key of a header: NFC, diacritics folded (đ → d), casefolded, punctuation (":", "*",
    brackets, dots, slashes) turned into spaces, whitespace and line breaks collapsed.

    "Họ và tên *" → "ho va ten"; "NGÀY\\nSINH:" → "ngay sinh"; "Ngày sinh (dd/mm/yyyy)" →
    "ngay sinh dd mm yyyy" (see :func:`header_without_notes` for the short form).
    """
    folded = fold(text if isinstance(text, str) else clean_cell_text(text))
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def header_without_notes(text: str) -> str:
    """A header with its trailing notes in brackets removed: "Ngày sinh (dd/mm/yyyy)" → "Ngày sinh"."""
    previous = None
    while previous != text:
        previous, text = text, _TRAILING_NOTE.sub("", text)
    return text


def _keys(text: str) -> tuple[str, str]:
    return normalize_header(text), normalize_header(header_without_notes(text))


def _cell_text(row: Row, index: int) -> str:
    return clean_cell_text(row[index]) if index < len(row) else ""


def is_empty_row(row: Row) -> bool:
    """True when no cell holds anything but spaces (regular, no-break or zero-width)."""
    for value in row:
        if value is None:
            continue
        if isinstance(value, str) and not _INVISIBLE.sub("", value):
            continue
        return False
    return True


_TOTALS_WITH_MARKS = re.compile(r"(?:tổng|cộng)(?:\W|\d|$)")
_TOTALS_FOLDED = re.compile(r"(?:tong cong|tong so|tong|cong)(?: \d.*)?|(?:tong cong|tong so) .*")


_TOTALS_INITIALS = frozenset("TtCc")
# what may come before a cell's first letter: spaces of any kind, invisible characters, Excel's apostrophe
_TOTALS_SKIPPED = " \t\n\r\x0b\x0c\u00a0\u200b\u200c\u200d\u2060\ufeff\u2018\u2019'`"


def is_totals_row(row: Row) -> bool:
    """True for a closing "Tổng cộng" / "Tổng số" / "Tổng" / "Cộng" row.

    Only the first cell holding text is read (a number in the "STT" column is skipped). With
    diacritics, "Tổng…" and "Cộng…" are enough; without them, "Tong" could be a family name (Tống), so
    the text must be exactly "Tong", "Cong", "Tong cong" or "Tong so", optionally followed by a count.
    """
    for value in row:
        if not isinstance(value, str):
            continue
        # every totals word starts with T or C, whatever its accents: a text starting with another letter
        # or a digit is not one (most rows stop here); anything else is read in full below
        stripped = value.lstrip(_TOTALS_SKIPPED)
        first = stripped[:1]
        if first.isalnum():
            if first not in _TOTALS_INITIALS:
                return False
            start = fold(stripped[:16])  # "Tổng" and "Cộng" fold to "tong" and "cong" ("CB0012" does not)
            if len(start) >= 4 and not start.startswith(("tong", "cong")):
                return False
        text = clean_cell_text(value)
        if not text:
            continue
        lowered = unicodedata.normalize("NFC", text).casefold()
        if _TOTALS_WITH_MARKS.match(lowered):
            return True
        if lowered.isascii():
            return _TOTALS_FOLDED.fullmatch(normalize_header(text)) is not None
        return False
    return False


def _is_numbering_row(row: Row) -> bool:
    """A row of column numbers under a header: "1 2 3 …", "(1) (2) …", "A B C …" or "A B 1 2 …".

    Numbers must run 1 by 1 (two of them at least) and letters A, B, C in order (three at least when
    there are no numbers), so a first person such as ``[1, "A", "B"]`` is never mistaken for one.
    """
    numbers: list[int] = []
    letters: list[int] = []
    for value in row:
        if isinstance(value, bool):
            return False
        if isinstance(value, int | float):
            if not float(value).is_integer():
                return False
            numbers.append(int(value))
            continue
        text = clean_cell_text(value)
        if not text:
            continue
        match = _NUMBERING_TOKEN.fullmatch(text)
        if match is None:
            return False
        if match["n"] is not None:
            numbers.append(int(match["n"]))
        else:
            letters.append(ord(text.strip("() ").upper()))
    runs = all(b == a + 1 for seq in (numbers, letters) for a, b in itertools.pairwise(seq))
    return runs and (len(numbers) >= 2 or (not numbers and len(letters) >= 3))


@dataclass
class HeaderMatch:
    """Where the header is and which column holds each field (all indexes 0-based)."""

    header_row_index: int  #: the last header row (the sub-header row of a two-row header)
    data_start_index: int  #: the first row after the header and after its column-numbers row, if any
    columns: dict[str, int]  #: field key → column index
    header_text: dict[str, str]  #: field key → the header as written in the file ("Ngày sinh Nam")
    unknown_columns: dict[int, str]  #: column index → header text, for named columns no field wanted
    top_row_index: int = 0  #: the first header row (equal to header_row_index for a one-row header)
    missing_required: list[str] = field(default_factory=list)  #: always empty from locate_header
    missing_optional: list[str] = field(default_factory=list)  #: wanted, not required, not found
    duplicates: dict[str, list[int]] = field(default_factory=dict)  #: field → other columns of that name


@dataclass
class _Column:
    index: int
    names: list[tuple[int, str]]  # (quality, normalized name), best first
    display: dict[int, str]  # quality → the header text to show for a match of that quality


def _one_row_columns(row: Row) -> list[_Column]:
    columns = []
    for index in range(len(row)):
        text = _cell_text(row, index)
        if not text:
            continue
        exact, short = _keys(text)
        columns.append(
            _Column(index, [(_EXACT, exact), (_NOTES_DROPPED, short)], {_EXACT: text, _NOTES_DROPPED: text})
        )
    return columns


def _has_span_signature(top: Row, sub: Row) -> bool:
    """True when some column has an empty top cell, a sub-header, and a named top cell to its left
    that also has a sub-header: the trace of a merged cell spanning several columns."""
    width = max(len(top), len(sub))
    group_open = False
    for index in range(width):
        top_text, sub_text = _cell_text(top, index), _cell_text(sub, index)
        if top_text:
            group_open = bool(sub_text)
        elif sub_text and group_open:
            return True
    return False


def _two_row_columns(top: Row, sub: Row) -> list[_Column]:
    columns = []
    width = max(len(top), len(sub))
    group = ""  # the text of the merged top cell spanning the current column, if any
    for index in range(width):
        top_text, sub_text = _cell_text(top, index), _cell_text(sub, index)
        if top_text:
            group = top_text if sub_text else ""
        own_top = top_text or group
        if own_top and sub_text:
            combined = f"{own_top} {sub_text}"
            exact = normalize_header(combined)
            short = f"{_keys(own_top)[1]} {_keys(sub_text)[1]}".strip()
            sub_exact, sub_short = _keys(sub_text)
            names = [
                (_EXACT, exact),
                (_NOTES_DROPPED, short),
                (_SUB_ONLY, sub_exact),
                (_SUB_ONLY_NOTES_DROPPED, sub_short),
            ]
            display = {
                _EXACT: combined,
                _NOTES_DROPPED: combined,
                _SUB_ONLY: sub_text,
                _SUB_ONLY_NOTES_DROPPED: sub_text,
            }
        elif own_top or sub_text:
            text = own_top or sub_text
            exact, short = _keys(text)
            names = [(_EXACT, exact), (_NOTES_DROPPED, short)]
            display = {_EXACT: text, _NOTES_DROPPED: text}
        else:
            continue
        columns.append(_Column(index, names, display))
    return columns


@dataclass(order=True)
class _Candidate:
    score: tuple[int, int, int, int, int]
    match: HeaderMatch = field(compare=False)


def _assign(
    columns: list[_Column], accepted: dict[str, set[str]]
) -> tuple[dict[str, int], dict[str, str], dict[str, list[int]], int]:
    """Give each field its best column (best quality, then leftmost); each column serves one field."""
    hits: list[tuple[int, int, int, str]] = []  # (-quality, column, field order, key)
    order = {key: position for position, key in enumerate(accepted)}
    for column in columns:
        for key, names in accepted.items():
            quality = max((q for q, name in column.names if name and name in names), default=0)
            if quality:
                hits.append((-quality, column.index, order[key], key))
    hits.sort()
    by_index = {column.index: column for column in columns}
    chosen: dict[str, int] = {}
    shown: dict[str, str] = {}
    quality_of: dict[str, int] = {}
    used: set[int] = set()
    duplicates: dict[str, list[int]] = {}
    for neg_quality, index, _order, key in hits:
        if key in chosen:
            if -neg_quality == quality_of[key] and index not in used:
                duplicates.setdefault(key, []).append(index)
                used.add(index)
            continue
        if index in used:
            continue
        chosen[key] = index
        shown[key] = by_index[index].display[-neg_quality]
        quality_of[key] = -neg_quality
        used.add(index)
    return chosen, shown, duplicates, sum(quality_of.values())


def _candidate(
    rows: Sequence[Row],
    top_index: int,
    two_rows: bool,
    accepted: dict[str, set[str]],
    required: Sequence[str],
) -> _Candidate | None:
    top = rows[top_index]
    if two_rows:
        sub = rows[top_index + 1]
        columns = _two_row_columns(top, sub)
        last = top_index + 1
    else:
        columns = _one_row_columns(top)
        last = top_index
    chosen, shown, duplicates, quality = _assign(columns, accepted)
    if not chosen:
        return None
    dup_columns = {i for indexes in duplicates.values() for i in indexes}
    unknown = {
        column.index: column.display[_EXACT]
        for column in columns
        if column.index not in chosen.values() and column.index not in dup_columns
    }
    data_start = last + 1
    while data_start < len(rows) and _is_numbering_row(rows[data_start]):
        data_start += 1
    required_found = sum(1 for key in required if key in chosen)
    match = HeaderMatch(
        header_row_index=last,
        data_start_index=data_start,
        columns=chosen,
        header_text=shown,
        unknown_columns=unknown,
        top_row_index=top_index,
        missing_required=[key for key in required if key not in chosen],
        missing_optional=[key for key in accepted if key not in chosen and key not in required],
        duplicates=duplicates,
    )
    score = (required_found, len(chosen), quality, int(two_rows), -top_index)
    return _Candidate(score, match)


def _accepted(wanted: Mapping[str, Sequence[str]]) -> dict[str, set[str]]:
    accepted: dict[str, set[str]] = {}
    for key, spellings in wanted.items():
        names: set[str] = set()
        for spelling in spellings:
            names.update(name for name in _keys(spelling) if name)
        accepted[key] = names
    return accepted


def closest_header(
    rows: Sequence[Row],
    wanted: Mapping[str, Sequence[str]],
    required: Sequence[str] = (),
    max_scan: int = 15,
) -> HeaderMatch | None:
    """The best header found in the first ``max_scan`` rows even if required fields are missing
    (see ``HeaderMatch.missing_required``), or None when no wanted field is named anywhere there.

    Use it to tell the user which columns are missing when :func:`locate_header` finds nothing.
    """
    accepted = _accepted(wanted)
    best: _Candidate | None = None
    for index in range(min(max_scan, len(rows))):
        if is_empty_row(rows[index]):
            continue
        options = [False]
        if index + 1 < len(rows) and _has_span_signature(rows[index], rows[index + 1]):
            options.append(True)
        for two_rows in options:
            candidate = _candidate(rows, index, two_rows, accepted, required)
            if candidate is not None and (best is None or candidate > best):
                best = candidate
    return best.match if best else None


def locate_header(
    rows: Sequence[Row],
    wanted: Mapping[str, Sequence[str]],
    required: Sequence[str],
    max_scan: int = 15,
) -> HeaderMatch | None:
    """Find the header row among the first ``max_scan`` rows (title rows above it are skipped) and map
    each wanted field to its column.

    ``wanted`` maps a field key to its accepted spellings as a person writes them ("Họ và tên",
    "Họ tên"); they are normalized like the file's headers, and a trailing note in brackets is ignored
    on either side. Two-row headers under merged cells are recognised (see the module docstring).
    Returns None unless every ``required`` field is found.
    """
    match = closest_header(rows, wanted, required, max_scan)
    if match is None or match.missing_required:
        return None
    return match


def missing_columns_message(
    missing: Sequence[str], wanted: Mapping[str, Sequence[str]], max_scan: int = 15
) -> str:
    """A message naming the missing columns by their first accepted spelling, for the user."""
    names = ", ".join(f"'{wanted[key][0]}'" if wanted.get(key) else f"'{key}'" for key in missing)
    return _(
        "Missing columns: %(columns)s. Check that the header row is within the first %(rows)s rows "
        "and spelled as in the template."
    ) % {"columns": names, "rows": max_scan}


#: Vietnamese wording of every message above, to be copied into nguon/locale/vi/LC_MESSAGES/django.po.
VI_TRANSLATIONS: dict[str, str] = {
    "Missing columns: %(columns)s. Check that the header row is within the first %(rows)s rows "
    "and spelled as in the template.": (
        "Thiếu cột: %(columns)s. Kiểm tra xem dòng tiêu đề có nằm trong %(rows)s dòng đầu tiên "
        "và được viết đúng như trong mẫu không."
    ),
}
