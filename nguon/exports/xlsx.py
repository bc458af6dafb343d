"""The people-and-tenures export and the import templates, from the sheet kinds' own column declarations.

Each column of ``nguon.imports.kinds.PEOPLE`` / ``TENURES`` declares its header (the importer's first), its
export getter, its template note, width, kind and drop-down list: the import, the export and the template
come from that one declaration, so an export imported again changes nothing. Formatting is the house's
(``nguon.core.xlsx``); downloads go through ``nguon.core.downloads``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nguon.core.exporters import XlsxExporter
from nguon.core.xlsx import Column, Instructions, Sheet
from nguon.imports import registry
from nguon.imports.kinds import PEOPLE, TENURES, SheetKind
from nguon.imports.kinds import Column as KindColumn
from nguon.organizations.models import Tenure
from nguon.people.models import Person

CHUNK = 2000  # rows read from the database at a time
TEMPLATE_ROWS = 500  # how far down a template's drop-down lists and date cells reach
INSTRUCTIONS = (
    gettext_lazy(
        "One sheet per kind of data; a file may hold several sheets. Keep the header row (the column names)."
    ),
    gettext_lazy(
        "Write dates dd/mm/yyyy (e.g. 25/09/2020); when only the year of birth is known, the year (e.g. 1985)."
    ),
    gettext_lazy("An error in any row means no row is written; the error file marks each wrong cell."),
    gettext_lazy(
        "Importing the same file again creates no duplicates; an empty cell deletes nothing recorded."
    ),
)


def template_kinds() -> dict[str, SheetKind]:
    """The registered sheet kinds that have a template (a column that declares its export), by key: a new
    kind registered with the importer gets its template, and its export columns, from its declaration."""
    return {kind.key: kind for kind in registry.kinds() if exported_columns(kind)}


def exported_columns(kind: SheetKind) -> tuple[KindColumn, ...]:
    """The columns of ``kind`` that an export writes (and a template shows), in the sheet's order."""
    return tuple(c for c in kind.columns if c.export is not None)


def sheet_columns(kind: SheetKind, *, template: bool = False) -> list[Column]:
    """The written columns of ``kind``: the importer's first header, width, kind; notes and drop-downs on
    templates only."""
    return [
        Column(
            header=c.headers[0],
            width=c.width,
            kind="date" if c.kind == "date" else "text",
            note=c.note if template else "",
            options=c.options() if template and c.options else (),
        )
        for c in exported_columns(kind)
    ]


def kind_rows(kind: SheetKind, objects: Iterable[Any]) -> Iterator[list[Any]]:
    """One row per object: each exported column's getter applied to it. A queryset is read in chunks, not
    held whole: with the streaming writer, an export's memory stays flat."""
    getters = [c.export for c in exported_columns(kind) if c.export is not None]
    items = objects.iterator(chunk_size=CHUNK) if isinstance(objects, QuerySet) else objects
    for obj in items:
        yield [get(obj) for get in getters]


class PeopleTenuresExporter(XlsxExporter):
    """People and tenures in the importer's format: re-importing the file changes nothing."""

    identifier: ClassVar[str] = "people-tenures"
    verbose_name: ClassVar[str] = "Cán bộ và chức vụ"

    def __init__(self, people: Iterable[Person], tenures: Iterable[Tenure], *, day: dt.date | None = None):
        self.people = people
        self.tenures = tenures
        self.day = day or dt.date.today()

    def filename(self) -> str:
        return f"cán-bộ-chức-vụ-{self.day:%Y%m%d}"

    def sheets(self) -> Iterator[Sheet]:
        yield Sheet(PEOPLE.title, sheet_columns(PEOPLE), kind_rows(PEOPLE, self.people))
        yield Sheet(TENURES.title, sheet_columns(TENURES), kind_rows(TENURES, self.tenures))


class TemplateExporter(XlsxExporter):
    """An empty template: an instructions sheet, then one sheet per kind with notes, drop-downs, date cells."""

    identifier: ClassVar[str] = "template"
    verbose_name: ClassVar[str] = "Mẫu nhập dữ liệu"

    def __init__(self, kinds: Sequence[str]) -> None:
        known = template_kinds()
        self.kinds = [known[k] for k in kinds]

    def filename(self) -> str:
        return "mẫu-nhập-nguồn"

    def instructions(self) -> Instructions:
        lines = [str(line) for line in INSTRUCTIONS]
        for kind in self.kinds:
            notes = "; ".join(f"{c.headers[0]} — {c.note}" for c in exported_columns(kind) if c.note)
            lines.append(_("Sheet '%(sheet)s': %(notes)s") % {"sheet": kind.title, "notes": notes})
        return Instructions(_("Instructions"), _("How to fill in the Nguồn import template"), lines)

    def sheets(self) -> Iterator[Sheet]:
        for kind in self.kinds:
            yield Sheet(kind.title, sheet_columns(kind, template=True), blank_rows=TEMPLATE_ROWS)


def people_tenures_xlsx(people: Iterable[Person], tenures: Iterable[Tenure]) -> bytes:
    """People and tenures in the importer's format (an export imported again changes nothing)."""
    return PeopleTenuresExporter(people, tenures).render().data


def template_xlsx(kinds: Sequence[str]) -> bytes:
    """An empty template of the given kinds ("people", "tenures")."""
    return TemplateExporter(kinds).render().data
