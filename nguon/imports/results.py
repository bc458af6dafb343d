"""What an import answers: its errors (a bounded list, with exact counts of the rest), its counts, notes and
matches. Plain data, stored with the import record and shown by the CLI, the JSON and the preview."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nguon.core.formats import format_int

if TYPE_CHECKING:
    from .models import ImportRecord
    from .structure import Proposal

ERRORS_KEPT = 100  #: errors kept of each column of each sheet; the others are counted
PROPOSALS_KEPT = 500  #: missing structure listed, with what is close to it (all are counted or errors)
MATCHES_KEPT = 500  #: rows matched to registered people listed in the preview (all are counted)


@dataclass
class RowError:
    """An error at a cell (sheet, Excel row, the column's header as written), a row or the whole file."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}

    def text(self) -> str:
        where = [_("Sheet '%(sheet)s'") % {"sheet": self.sheet}] if self.sheet else []
        if self.row:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column '%(column)s'") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Omitted:
    """Errors not kept: how many more a column of a sheet (or the sheet itself, column None) had."""

    sheet: str
    column: str | None
    count: int

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "column": self.column, "count": self.count}

    def text(self) -> str:
        values = {"n": format_int(self.count), "column": self.column, "sheet": self.sheet}
        if self.column:
            text = ngettext(
                "… and %(n)s more error in column '%(column)s'",
                "… and %(n)s more errors in column '%(column)s'",
                self.count,
            )
        else:
            text = ngettext("… and %(n)s more error", "… and %(n)s more errors", self.count)
        where = _("Sheet '%(sheet)s'") % values if self.sheet else ""
        return f"{where}: {text % values}" if where else text % values


class ErrorLog(Sequence[RowError]):
    """Every error counted, the first ``kept`` of each (sheet, column) kept: memory stays flat whatever
    the file holds. Iterating, indexing and ``len`` see the kept errors; ``total`` counts them all and
    ``omitted()`` says how many of each column were not kept."""

    def __init__(self, kept: int = ERRORS_KEPT) -> None:
        self.kept = kept
        self.total = 0
        self._errors: list[RowError] = []
        self._seen: dict[tuple[str, str | None], int] = {}

    def add(self, error: RowError) -> None:
        self.total += 1
        key = (error.sheet, error.column)
        n = self._seen.get(key, 0) + 1
        self._seen[key] = n
        if n <= self.kept:
            self._errors.append(error)

    def extend(self, errors: Sequence[RowError]) -> None:
        for error in errors:
            self.add(error)

    def omitted(self) -> list[Omitted]:
        return [Omitted(s, c, n - self.kept) for (s, c), n in self._seen.items() if n > self.kept]

    def sort(self, key: Callable[[RowError], Any]) -> None:
        self._errors.sort(key=key)

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return len(self._errors)

    def __iter__(self) -> Iterator[RowError]:
        return iter(self._errors)

    @overload
    def __getitem__(self, index: int) -> RowError: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[RowError]: ...
    def __getitem__(self, index: int | slice) -> RowError | Sequence[RowError]:
        return self._errors[index]


Counts = dict[str, dict[str, dict[str, int]]]  #: sheet → record kind → created / updated / unchanged


@dataclass
class ImportResult:
    counts: Counts = field(default_factory=dict)
    errors: ErrorLog = field(default_factory=ErrorLog)
    notes: list[str] = field(default_factory=list)  #: what was skipped, and how the file was read
    matches: list[dict[str, Any]] = field(default_factory=list)  #: the first rows matched to people
    matched: int = 0  #: all rows matched to registered people
    created: dict[str, list[str]] = field(default_factory=dict)  #: names of organizations, posts … created
    created_ids: dict[str, list[int]] = field(default_factory=dict)  #: and their ids, in the same order
    #: structure the file names that is not registered, created or refused (the first ones)
    proposals: list[Proposal] = field(default_factory=list)
    record: ImportRecord | None = None  #: the archived file and outcome (none for a dry run)
    dry_run: bool = False
    readable: bool = True  #: the file could be read as a spreadsheet (an unreadable one is not archived)
    rows: dict[str, tuple[str, int]] = field(default_factory=dict)  #: sheet → (its kind, data rows read)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for sheet in self.counts.values() for c in sheet.values())

    def error(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.errors.add(RowError(sheet, row, column, message))

    def count(self, sheet: str, kind: str, what: str, n: int = 1) -> None:
        self.counts.setdefault(sheet, {}).setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[
            what
        ] += n

    def rows_read(self, sheet: str, kind: str, n: int) -> None:
        self.rows[sheet] = (kind, self.rows.get(sheet, (kind, 0))[1] + n)

    def people_named(self) -> int:
        """How many people the file names, at most: the rows of its people sheets, else of its other sheets
        (each tenure row names one person): what the personal-data log counts for a download of it."""
        return people_named(self.rows)

    def match(self, sheet: str, row: int, name: str, pk: int, by: str) -> None:
        self.matched += 1
        if len(self.matches) < MATCHES_KEPT:
            self.matches.append({"sheet": sheet, "row": row, "name": name, "id": pk, "by": by})

    def propose(self, proposal: Proposal) -> None:
        if len(self.proposals) < PROPOSALS_KEPT:
            self.proposals.append(proposal)

    def details(self) -> dict[str, Any]:
        """What the import record keeps beside its counts and errors."""
        return {
            "matches": self.matches,
            "matched": self.matched,
            "created": self.created,
            "created_ids": self.created_ids,
            "proposals": [p._asdict() for p in self.proposals],
            "notes": self.notes,
            "error_count": self.errors.total,
            "omitted": [o.as_dict() for o in self.errors.omitted()],
            "rows": {sheet: list(kind_rows) for sheet, kind_rows in self.rows.items()},
        }

    def as_dict(self) -> dict[str, Any]:
        """The JSON of ``nguon import --format json``: counts by sheet, the kept errors, the counts of the
        others, the notes."""
        return {
            **self.counts,
            "errors": [e.as_dict() for e in self.errors],
            "error_count": self.errors.total,
            "errors_omitted": [o.as_dict() for o in self.errors.omitted()],
            "notes": self.notes,
        }


def people_named(rows: dict[str, Any]) -> int:
    """``ImportResult.people_named`` of the ``rows`` an import record keeps (sheet → [kind, rows])."""
    people = sum(int(n) for kind, n in rows.values() if kind == "people")
    return people or sum(int(n) for _kind, n in rows.values())
