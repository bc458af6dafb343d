"""The parse step: find each sheet's kind and header, then parse every cell of every data row through its
column's parser, collecting every error (sheet, Excel row, the header as written). Rows are parsed lazily,
as the pipeline takes them chunk by chunk; only their parsed values are kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.translation import gettext as _

from .headers import HeaderMatch, is_empty_row, is_totals_row, locate_header, normalize_header
from .kinds import SheetKind
from .parsing import CellError
from .results import ErrorLog, RowError

HEADER_SCAN = 15  #: rows searched for the header (title rows, two-row headers)


@dataclass
class Row:
    """A parsed data row: its Excel row number and its values by column key (only columns present)."""

    number: int
    values: dict[str, Any]
    bad: bool = False  #: a cell of this row did not parse: the row is reported, not written


class RowCleaner(Protocol):
    """A rule across the cells of a row (after each cell parsed): it may set values and add the row's errors."""

    def __call__(
        self, sheet: str, number: int, header: HeaderMatch, values: dict[str, Any], errors: list[RowError]
    ) -> None: ...


@dataclass
class ParsedSheet:
    name: str
    kind: SheetKind
    header: HeaderMatch
    rows: Iterable[Row]  #: parsed lazily, as the writer consumes them in chunks
    skipped: list[int] = field(default_factory=list)  #: Excel rows skipped as totals rows

    def column(self, key: str) -> str | None:
        """The header of column ``key`` as written in the file (None when the sheet lacks it)."""
        return self.header.header_text.get(key)


def kind_for(
    sheet_name: str, rows: Sequence[Sequence[Any]], kinds: Sequence[SheetKind]
) -> tuple[SheetKind, HeaderMatch] | None:
    """The kind of a sheet: one named like the sheet whose header is found, else one whose required
    headers are all there."""
    name = normalize_header(sheet_name)
    by_name = [k for k in kinds if name in {normalize_header(n) for n in k.names}]
    for kind in by_name + [k for k in kinds if k not in by_name]:
        match = locate(kind, rows)
        if match is not None and (kind in by_name or _looks_like(kind, match)):
            return kind, match
    return None


def locate(kind: SheetKind, rows: Sequence[Sequence[Any]]) -> HeaderMatch | None:
    wanted = {c.key: list(c.headers) for c in kind.columns}
    required = [c.key for c in kind.columns if c.header_required]
    return locate_header(rows, wanted, required)


def _looks_like(kind: SheetKind, match: HeaderMatch) -> bool:
    """A sheet with another name is taken as this kind only when all its required headers are there."""
    return all(c.key in match.columns for c in kind.columns if c.header_required)


def parse_sheet(
    name: str,
    kind: SheetKind,
    header: HeaderMatch,
    rows: Iterable[Sequence[Any]],
    errors: ErrorLog,
    clean_row: RowCleaner | None = None,
) -> ParsedSheet:
    """Parse every data row of a sheet, collecting every cell's error in ``errors``; ``clean_row`` (the
    writer's) checks the cells of a row together. ``rows`` is streamed."""
    for group in kind.required_any:
        if not any(key in header.columns for key in group):
            labels = " / ".join(kind.column(k).headers[0] for k in group)
            errors.add(
                RowError(
                    name,
                    header.header_row_index + 1,
                    None,
                    _("Missing column: %(labels)s") % {"labels": labels},
                )
            )
    sheet = ParsedSheet(name, kind, header, ())
    sheet.rows = _parse_rows(sheet, rows, errors, clean_row)
    return sheet


def _parse_rows(
    sheet: ParsedSheet, rows: Iterable[Sequence[Any]], errors: ErrorLog, clean_row: RowCleaner | None
) -> Iterator[Row]:
    name, kind, header = sheet.name, sheet.kind, sheet.header
    columns = [
        (
            key,
            col,
            *_memoized(_limited(kind.column(key).parse, kind.column(key).max_length)),
            kind.column(key).value_required,
            header.header_text[key],
        )
        for key, col in header.columns.items()
    ]
    memo_types = _MEMO_TYPES
    for index, raw in enumerate(rows):
        if index < header.data_start_index or is_empty_row(raw):
            continue
        if is_totals_row(raw):
            sheet.skipped.append(index + 1)
            continue
        number = index + 1
        bad: list[RowError] = []
        values: dict[str, Any] = {}
        for key, col, cache, parse, required, written in columns:
            cell = raw[col] if col < len(raw) else None
            try:
                # the memo looked up here, not in a function: a call per cell is a cost at 10⁶ cells
                hit = cache.get(cell) if type(cell) in memo_types else None
                value = hit[1] if hit is not None and hit[0] else parse(cell)
            except CellError as error:
                bad.append(RowError(name, number, written, str(error)))
                continue
            if required and (value is None or value == ""):
                bad.append(RowError(name, number, written, _("This cell must be filled in")))
                continue
            values[key] = value
        if clean_row is not None:
            clean_row(name, number, header, values, bad)
        if bad:
            errors.extend(bad)
        yield Row(number, values, bad=bool(bad))


def _limited(parse: Callable[[Any], Any], max_length: int | None) -> Callable[[Any], Any]:
    """A parser refusing text longer than the database keeps (PostgreSQL would refuse the whole import
    with its own error; SQLite would keep it)."""
    if max_length is None:
        return parse

    def parsed(value: Any) -> Any:
        result = parse(value)
        if isinstance(result, str) and len(result) > max_length:
            raise CellError(
                _("Too long: %(length)s characters, at most %(max)s")
                % {"length": len(result), "max": max_length}
            )
        return result

    return parsed


_MEMO_TYPES = frozenset({str, dt.date, dt.datetime, type(None)})
_MEMO_SIZE = 4096  # per column: enough for what repeats, and memory bounded whatever the rows


def _memoized(
    parse: Callable[[Any], Any],
) -> tuple[dict[Any, tuple[bool, Any]], Callable[[Any], Any]]:
    """A column's parser remembering its results, and its memory: sheets repeat their values (an
    organization, a post, a date, "Kinh" on every row). Only text, dates and empty cells are remembered:
    numbers are not, since 1, 1.0 and True are equal keys but not the same cell. Errors are remembered as
    their message (a hit on an error calls the function, which raises it again)."""
    cache: dict[Any, tuple[bool, Any]] = {}

    def parsed(value: Any) -> Any:
        if type(value) not in _MEMO_TYPES:
            return parse(value)
        found = cache.get(value)
        if found is None:
            try:
                found = (True, parse(value))
            except CellError as error:
                found = (False, error.message)
            if len(cache) >= _MEMO_SIZE:
                cache.clear()
            cache[value] = found
        if found[0]:
            return found[1]
        raise CellError(found[1])

    return cache, parsed
