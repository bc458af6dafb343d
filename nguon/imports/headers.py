"""Find the header row of an imported sheet and map its columns to field keys.

Offices rarely send a clean table: a sheet starts with the organization's name, a title and a date,
the header may span two rows (a merged "Ngày sinh" over "Nam" and "Nữ"), spellings vary ("Họ và tên",
"HỌ TÊN", "Ho ten *"), a row of column numbers "(1) (2) (3)" often sits under the header, and a
"Tổng cộng" row closes the list. These functions work on plain rows of cell values, with no database.

Nothing is skipped silently: :attr:`HeaderMatch.skipped` lists the rows above the data that are not read
as data (titles, the second row of a two-row header, the column-numbers row) and :func:`skipped_rows_note`
says it to the user; :func:`describe_mismatch` tells, for a sheet no kind recognised, which kind it came
closest to and which required columns it lacked.

Merged cells: the readers (calamine) give a merged cell's value in its first (top-left) cell only and
leave the others empty, so a header cell spanning several columns is followed by empty cells in its own
row, with the sub-headers below them. A column under such a span is named "top sub" ("Ngày sinh Nam");
a top cell with nothing below (merged down over both rows) keeps its own name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol, TypeAlias

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


_NEXT_ROW_SCAN = 3  # rows looked at after a bare "1 2 3" row to tell a numbering row from data


def _numbering_tokens(row: Row) -> tuple[list[tuple[int, int]], bool] | None:
    """The cells of a numbering row as (column, ordinal) in column order — letters A, B, C count as
    ordinals 1, 2, 3 of their own run — and whether the row is unmistakable (brackets "(1)", or letters);
    None when some cell is anything else."""
    numbers: list[tuple[int, int]] = []
    letters: list[tuple[int, int]] = []
    marked = False
    for column, value in enumerate(row):
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            if not float(value).is_integer():
                return None
            numbers.append((column, int(value)))
            continue
        text = clean_cell_text(value)
        if not text:
            continue
        match = _NUMBERING_TOKEN.fullmatch(text)
        if match is None:
            return None
        if match["n"] is not None:
            numbers.append((column, int(match["n"])))
            marked = marked or "(" in text or ")" in text
        else:
            letters.append((column, ord(text.strip("() ").upper()) - ord("A") + 1))
            marked = True
    if letters and numbers and letters[-1][0] > numbers[0][0]:
        return None  # "A B 1 2" is a numbering; "1 A 2" is not
    for run in (letters, numbers):
        if run and [n for _c, n in run] != list(range(1, len(run) + 1)):
            return None  # each run counts 1, 2, 3 … (A, B, C …) from its start
    tokens = letters + numbers
    if len(tokens) < 2 or (not numbers and len(letters) < 3):
        return None
    return tokens, marked


def _whole_number(value: CellValue) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else None
    text = clean_cell_text(value)
    return int(text) if text.isdigit() and len(text) < 10 else None


def _is_numbering_row(row: Row, header_columns: Sequence[int], following: Sequence[Row] = ()) -> bool:
    """A row of column numbers directly under a header: "(1) (2) (3) …", "A B C …", "A B 1 2 …", or bare
    "1 2 3 …" when that cannot be data.

    Its cells must sit in consecutive columns of the header, from the header's first column, counting 1, 2,
    3 … (A, B, C …). Brackets or letters make it unmistakable. Bare numbers must fill every column of the
    header, and the rows after it must not continue them: when the first data row below holds 2 where
    this one holds 1, or holds whole numbers in every one of these columns, "1 2 3" was the first row of
    data (an "STT" column and figures), not a numbering — it is read as data.
    """
    found = _numbering_tokens(row)
    if found is None:
        return False
    tokens, marked = found
    columns = [column for column, _n in tokens]
    expected = list(header_columns[: len(columns)])
    if columns != expected:
        return False
    if marked:
        return True
    if len(columns) != len(header_columns):
        return False
    below = next(
        (r for r in following[:_NEXT_ROW_SCAN] if not is_empty_row(r) and not is_totals_row(r)), None
    )
    if below is None:
        return False  # no data below: a lone row of figures is data (and said so if it is wrong)
    values = [_whole_number(below[c]) if c < len(below) else None for c in columns]
    if values[0] == tokens[0][1] + 1:
        return False  # the first column goes on 1, 2, …: an "STT" column
    return not all(v is not None for v in values)


#: Why a row above the data was not read as data (:attr:`SkippedRow.reason`).
SKIP_TITLE = "title"  #: a row above the header (the office's name, the list's title, a date)
SKIP_SUB_HEADER = "sub_header"  #: the second row of a two-row header
SKIP_NUMBERING = "numbering"  #: the row of column numbers under the header


class SkippedRow(NamedTuple):
    """A row of the sheet that :func:`locate_header` did not take for data, and why."""

    row: int  #: the spreadsheet's row number (1-based)
    reason: str  #: SKIP_TITLE, SKIP_SUB_HEADER or SKIP_NUMBERING


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
    #: the non-empty rows above ``data_start_index`` that are not data, in sheet order (header rows but
    #: the sub-header row are not listed: they are shown as the header)
    skipped: list[SkippedRow] = field(default_factory=list)


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
    skipped = [
        SkippedRow(index + 1, SKIP_TITLE) for index in range(top_index) if not is_empty_row(rows[index])
    ]
    if two_rows:
        skipped.append(SkippedRow(last + 1, SKIP_SUB_HEADER))
    header_columns = [column.index for column in columns]
    data_start = last + 1
    if data_start < len(rows) and _is_numbering_row(rows[data_start], header_columns, rows[data_start + 1 :]):
        skipped.append(SkippedRow(data_start + 1, SKIP_NUMBERING))
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
        skipped=skipped,
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


def _row_ranges(numbers: Iterable[int]) -> str:
    """ "1–3, 6" for rows 1, 2, 3 and 6."""
    ranges: list[list[int]] = []
    for number in sorted(set(numbers)):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in ranges)


def skipped_rows_note(match: HeaderMatch, sheet: str | None = None) -> str | None:
    """A note for the result naming the rows above the data that were not read as data, and why; None when
    there are none. "Sheet 'DS': rows not read as data: 1–2 (titles above the header), 5 (the second row
    of the header), 6 (the column numbers)." (without ``sheet``: "Rows not read as data: …")."""
    if not match.skipped:
        return None
    labels = {
        SKIP_TITLE: _("titles above the header"),
        SKIP_SUB_HEADER: _("the second row of the header"),
        SKIP_NUMBERING: _("the column numbers"),
    }
    parts = []
    for reason in (SKIP_TITLE, SKIP_SUB_HEADER, SKIP_NUMBERING):
        numbers = [s.row for s in match.skipped if s.reason == reason]
        if numbers:
            parts.append(f"{_row_ranges(numbers)} ({labels[reason]})")
    rows = ", ".join(parts)
    if sheet is not None:
        return _("Sheet '%(sheet)s': rows not read as data: %(rows)s.") % {"sheet": sheet, "rows": rows}
    return _("Rows not read as data: %(rows)s.") % {"rows": rows}


# ---------------------------------------------------------------------------------- not recognised


@dataclass(frozen=True)
class HeaderSpec:
    """What the header of one sheet kind must name, in this module's plain terms."""

    label: str  #: the kind as users know it ("Cán bộ")
    wanted: Mapping[str, Sequence[str]]  #: field key → accepted spellings, the first one shown to users
    required: Sequence[str] = ()  #: keys whose column must be there
    required_any: Sequence[Sequence[str]] = ()  #: groups of keys of which one column at least must be there


class _ColumnLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def headers(self) -> Sequence[str]: ...
    @property
    def header_required(self) -> bool: ...


class _KindLike(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def columns(self) -> Sequence[_ColumnLike]: ...
    @property
    def required_any(self) -> Sequence[Sequence[str]]: ...


def header_spec(kind: _KindLike) -> HeaderSpec:
    """The :class:`HeaderSpec` of a sheet kind declared like ``nguon.imports.kinds.SheetKind``."""
    return HeaderSpec(
        label=kind.title,
        wanted={column.key: list(column.headers) for column in kind.columns},
        required=[column.key for column in kind.columns if column.header_required],
        required_any=[list(group) for group in kind.required_any],
    )


@dataclass(frozen=True)
class SheetMismatch:
    """Why a sheet was not recognised: the kind it came closest to and what that kind lacked there."""

    sheet: str  #: the sheet's name
    kind: str | None  #: the closest kind's label; None when no column of any kind is named
    header_row: int | None  #: the spreadsheet row (1-based) of the closest header
    found: list[str] = field(default_factory=list)  #: that kind's columns found, as written, left to right
    missing: list[str] = field(default_factory=list)  #: its required columns lacking ("Họ và tên", "A / B")
    seen: list[str] = field(default_factory=list)  #: when kind is None: the first row with text, its cells
    kinds: list[str] = field(default_factory=list)  #: the labels of every kind looked for
    max_scan: int = 15

    def message(self) -> str:
        """The note for the user, naming the sheet and what it lacked (translated)."""
        quoted = ", ".join(f"'{text}'" for text in self.found[:_LISTED]) + (
            ", …" if len(self.found) > _LISTED else ""
        )
        if self.kind is not None and self.missing:
            return _(
                "Sheet '%(sheet)s' was not read as '%(kind)s': its header (row %(row)s) lacks the required "
                "columns %(missing)s (found: %(found)s)."
            ) % {
                "sheet": self.sheet,
                "kind": self.kind,
                "row": self.header_row,
                "missing": ", ".join(f"'{text}'" for text in self.missing),
                "found": quoted,
            }
        kinds = ", ".join(f"'{label}'" for label in self.kinds)
        if self.seen:
            return _(
                "Sheet '%(sheet)s' was not recognised: its first %(rows)s rows name no column of %(kinds)s "
                "(its first row with text reads: %(seen)s)."
            ) % {
                "sheet": self.sheet,
                "rows": self.max_scan,
                "kinds": kinds,
                "seen": ", ".join(f"'{text}'" for text in self.seen[:_LISTED])
                + (", …" if len(self.seen) > _LISTED else ""),
            }
        return _(
            "Sheet '%(sheet)s' was not recognised: its first %(rows)s rows name no column of %(kinds)s."
        ) % {
            "sheet": self.sheet,
            "rows": self.max_scan,
            "kinds": kinds,
        }


_LISTED = 8  # headers quoted in a message, at most
_SEEN_LENGTH = 40  # characters of each cell quoted from an unrecognised sheet


def describe_mismatch(
    sheet: str, rows: Sequence[Row], specs: Sequence[HeaderSpec], max_scan: int = 15
) -> SheetMismatch:
    """For a sheet no kind recognised: the kind whose header it came closest to (most required columns
    found, then most columns found; the first of ``specs`` on a tie), the required columns that kind
    lacked there and the ones it found; or, when no column of any kind is named in the first ``max_scan``
    rows, what the first row with text holds. ``rows`` are the sheet's first rows, as given to
    :func:`locate_header`."""
    best: tuple[tuple[int, int], HeaderSpec, HeaderMatch] | None = None
    for spec in specs:
        required = list(dict.fromkeys([*spec.required, *(k for group in spec.required_any for k in group)]))
        match = closest_header(rows, spec.wanted, required, max_scan)
        if match is None:
            continue
        satisfied = sum(1 for key in spec.required if key in match.columns) + sum(
            1 for group in spec.required_any if any(key in match.columns for key in group)
        )
        score = (satisfied, len(match.columns))
        if best is None or score > best[0]:
            best = (score, spec, match)
    labels = [spec.label for spec in specs]
    if best is None:
        seen: list[str] = []
        for row in rows[:max_scan]:
            seen = [clean_cell_text(value)[:_SEEN_LENGTH] for value in row if clean_cell_text(value)]
            if any(any(ch.isalpha() for ch in text) for text in seen):
                break
            seen = []
        return SheetMismatch(sheet, None, None, seen=seen, kinds=labels, max_scan=max_scan)
    _score, spec, match = best

    def shown(key: str) -> str:
        spellings = spec.wanted.get(key)
        return spellings[0] if spellings else key

    missing = [shown(key) for key in spec.required if key not in match.columns]
    missing += [
        " / ".join(shown(key) for key in group)
        for group in spec.required_any
        if not any(key in match.columns for key in group)
    ]
    found = [match.header_text[key] for key, _c in sorted(match.columns.items(), key=lambda item: item[1])]
    return SheetMismatch(
        sheet,
        spec.label,
        match.header_row_index + 1,
        found=found,
        missing=missing,
        kinds=labels,
        max_scan=max_scan,
    )


#: Vietnamese wording of every message above, to be copied into nguon/locale/vi/LC_MESSAGES/django.po.
VI_TRANSLATIONS: dict[str, str] = {
    "Missing columns: %(columns)s. Check that the header row is within the first %(rows)s rows "
    "and spelled as in the template.": (
        "Thiếu cột: %(columns)s. Kiểm tra xem dòng tiêu đề có nằm trong %(rows)s dòng đầu tiên "
        "và được viết đúng như trong mẫu không."
    ),
    "titles above the header": "tiêu đề phía trên dòng tiêu đề cột",
    "the second row of the header": "dòng thứ hai của tiêu đề cột",
    "the column numbers": "dòng đánh số cột",
    "Rows not read as data: %(rows)s.": "Các dòng không được đọc là dữ liệu: %(rows)s.",
    "Sheet '%(sheet)s': rows not read as data: %(rows)s.": (
        "Trang tính '%(sheet)s': các dòng không được đọc là dữ liệu: %(rows)s."
    ),
    "Sheet '%(sheet)s' was not read as '%(kind)s': its header (row %(row)s) lacks the required "
    "columns %(missing)s (found: %(found)s).": (
        "Trang tính '%(sheet)s' không được đọc là '%(kind)s': dòng tiêu đề cột (dòng %(row)s) thiếu các "
        "cột bắt buộc %(missing)s (đã thấy: %(found)s)."
    ),
    "Sheet '%(sheet)s' was not recognised: its first %(rows)s rows name no column of %(kinds)s "
    "(its first row with text reads: %(seen)s).": (
        "Không nhận ra trang tính '%(sheet)s': %(rows)s dòng đầu không có cột nào của %(kinds)s "
        "(dòng đầu tiên có chữ ghi: %(seen)s)."
    ),
    "Sheet '%(sheet)s' was not recognised: its first %(rows)s rows name no column of %(kinds)s.": (
        "Không nhận ra trang tính '%(sheet)s': %(rows)s dòng đầu không có cột nào của %(kinds)s."
    ),
}
