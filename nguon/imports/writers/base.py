"""What every sheet writer is, and what the pipeline gives it.

A writer is the second half of a sheet kind (the first is its ``SheetKind`` declaration of columns and
parsers, in ``kinds.py`` or in the writer's own module). After pretix's ``ImportColumn.clean / assign /
save``, each step collects errors instead of stopping at the first:

- ``clean_row`` (optional): a rule across the cells of one row, run by the parse step;
- ``check(sheet, rows)``: the rows of a chunk against each other, against earlier chunks and against the
  database; reports errors through ``self.error`` and returns what to write (its *plan*);
- ``write(sheet, plan)``: writes the plan, counting what it created, updated or left unchanged.

Both run inside the import's one transaction (a savepoint per chunk), which is rolled back when any error
was reported or for a dry run; a writer never commits. What it keeps in Python across chunks must be
bounded by the file's structure, not its rows: ``self.context.seen`` is a temporary table for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from nguon.core.audit import Actor
from nguon.core.scope import UNRESTRICTED, Scope
from nguon.core.seen import SeenRows

from ..kinds import SheetKind
from ..results import ImportResult
from ..structure import StructurePolicy

if TYPE_CHECKING:
    from ..parse import ParsedSheet, Row, RowCleaner

SOURCE = "import"  #: the audit records' source
Plan = TypeVar("Plan")


@dataclass
class ImportContext:
    """What the writers of one import share."""

    result: ImportResult
    acting_user: Actor
    seen: SeenRows
    source: str = SOURCE
    structure: StructurePolicy = field(default_factory=StructurePolicy)  #: what structure it may create
    #: the acting user's access scope (``scope_of``: the command line is unrestricted); see ``scoping``
    scope: Scope = UNRESTRICTED
    #: people this import created, by id: (sheet, row, column, name) — kept for a restricted scope only,
    #: whose imports are one area's (the end check puts each back in the scope, or reports it)
    created_people: dict[int, tuple[str, int, str | None, str]] = field(default_factory=dict)


class SheetWriter(Generic[Plan]):
    """Checks and writes the rows of one sheet kind. One instance per import, for every sheet of its kind
    (so it may keep what it learnt of the structure across sheets and chunks)."""

    kind: ClassVar[SheetKind]
    clean_row: ClassVar[RowCleaner | None] = None

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.result = context.result
        self.user = context.acting_user
        self.source = context.source

    def error(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.result.error(sheet, row, column, message)

    def skip(self, sheet: ParsedSheet, rows: list[Row]) -> None:
        """Rows with a bad cell, reported by the parse step and not written (remember what they named, if
        other rows refer to it)."""

    def check(self, sheet: ParsedSheet, rows: list[Row]) -> Plan:
        raise NotImplementedError

    def write(self, sheet: ParsedSheet, plan: Plan) -> None:
        raise NotImplementedError
