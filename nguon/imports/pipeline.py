"""Importing a workbook: read → find each sheet's kind and header → parse every cell, collecting every
error → check and write chunk by chunk in one transaction through each kind's writer → keep the outcome.

Nothing is written when any error is found (the transaction is rolled back), and a dry run is the same run
rolled back, so its counts are exactly what the import would do; a dry run keeps no record and no file.
Empty cells never erase what the database holds: nothing a user entered is lost silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import islice
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nguon.accounts.scope import scope_of
from nguon.core.audit import Actor
from nguon.core.scope import Level
from nguon.core.seen import SeenRows
from nguon.core.xlsx import LISTS_SHEET

from . import registry
from .headers import describe_mismatch, header_spec, is_empty_row, skipped_rows_note
from .models import ImportRecord, ImportStatus
from .parse import HEADER_SCAN, ParsedSheet, kind_for, parse_sheet
from .reading import read_workbook
from .results import ImportResult, RowError
from .scoping import lost_from_sight, people_in_scope
from .structure import StructurePolicy
from .writers.base import ImportContext, SheetWriter

CHUNK = 5000  #: rows parsed and written at a time, inside the one transaction: memory follows the chunk
ROWS_LISTED = 10  #: row numbers listed in a note about skipped rows
PENDING_KEPT = 3  #: checked files a user may leave waiting for a confirmation (older ones are removed)
Progress = Callable[[str, int, int], None]


def parse_workbook(data: bytes, filename: str, result: ImportResult) -> list[ParsedSheet]:
    """The sheets of a workbook the registered kinds can read, their rows still to be parsed; what could
    not be read or was skipped is in ``result``'s errors and notes."""
    workbook = read_workbook(data, filename)
    result.readable = bool(workbook.sheets)
    for problem in workbook.problems:
        result.errors.add(RowError("", None, None, problem))
    result.notes.extend(workbook.notes)  # how the file was read (a Windows-1258 CSV, say)
    kinds = registry.kinds()
    specs = [header_spec(kind) for kind in kinds]
    sheets: list[ParsedSheet] = []
    unrecognised: list[str] = []
    for raw in workbook.sheets:
        if raw.hidden:
            if raw.name == LISTS_SHEET:  # the drop-down lists of our own template: nothing to say
                continue
            result.notes.append(_("Hidden sheet '%(sheet)s' was skipped.") % {"sheet": raw.name})
            continue
        head = [list(r) for r in raw.head(HEADER_SCAN)]
        if all(is_empty_row(r) for r in head):
            continue
        found = kind_for(raw.name, head, kinds)
        if found is None:
            unrecognised.append(describe_mismatch(raw.name, head, specs, HEADER_SCAN).message())
            continue
        kind, header = found
        skipped = skipped_rows_note(header, raw.name)
        if skipped:
            result.notes.append(skipped)
        clean_row = registry.writer_for(kind).clean_row
        # rows are parsed lazily as the writer takes them, chunk by chunk
        sheets.append(
            parse_sheet(raw.name, kind, header, (list(r) for r in raw.iter_rows()), result.errors, clean_row)
        )
    if not sheets and not result.errors:
        message = _("No sheet of this file could be read as 'Cán bộ' or 'Chức vụ'.")
        result.errors.add(RowError("", None, None, " ".join([message, *unrecognised])))
    else:
        result.notes.extend(unrecognised)
    return sheets


def totals_notes(sheets: Sequence[ParsedSheet]) -> list[str]:
    """The rows taken for totals ("Tổng cộng") and skipped, sheet by sheet (the first few listed)."""
    notes = []
    for sheet in sheets:
        if sheet.skipped:
            shown = ", ".join(map(str, sheet.skipped[:ROWS_LISTED]))
            if len(sheet.skipped) > ROWS_LISTED:
                shown += " …"
            notes.append(
                ngettext(
                    "Sheet '%(sheet)s': row %(rows)s looks like a totals row and was skipped.",
                    "Sheet '%(sheet)s': rows %(rows)s look like totals rows and were skipped.",
                    len(sheet.skipped),
                )
                % {"sheet": sheet.name, "rows": shown}
            )
    return notes


def import_file(
    *,
    data: bytes,
    filename: str,
    acting_user: Actor = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    pending: bool = False,
    confirming: ImportRecord | None = None,
    structure: StructurePolicy | None = None,
) -> ImportResult:
    """Import a workbook all or nothing and archive it with its outcome; or, for a dry run, only check it
    and count what it would do, keeping nothing. See the module docstring.

    The web flow checks a file, shows the outcome, and imports it when the user confirms: ``pending``
    (with ``dry_run``) keeps the checked file as a pending record of the user, of whom only the last
    ``PENDING_KEPT`` are kept (older ones are checks abandoned), and ``confirming`` imports the file of
    such a record, which then holds the outcome in place of the check's. So checks keep at most
    ``PENDING_KEPT`` files per user, however many are run.

    ``structure`` says which missing organizations, bodies, terms and posts may be created."""
    result = ImportResult(dry_run=dry_run)
    # a dry run lists every new structure as it would be created, and refuses the near-duplicates the
    # policy refuses (see structure.StructurePolicy; by default, structure with no close sibling is created)
    policy = structure or StructurePolicy()
    if dry_run:
        policy = replace(policy, create_new=True)
    sheets = parse_workbook(data, filename, result)
    if sheets:
        _write(sheets, result, acting_user, dry_run, progress, policy)
    result.notes.extend(totals_notes(sheets))
    order = {s.name: i for i, s in enumerate(sheets)}  # the workbook's own sheet order
    result.errors.sort(key=lambda e: (order.get(e.sheet, -1), e.row or 0))
    if confirming is not None:
        result.record = _keep(data, filename, result, acting_user, record=confirming)
    elif not dry_run or pending:
        result.record = _keep(data, filename, result, acting_user)
    return result


def pending_discard(*, acting_user: Actor, keep: int = 0) -> int:
    """Remove the user's pending checks (dry runs kept for a confirmation that has not come) but the
    ``keep`` newest; return how many were removed."""
    user_id = getattr(acting_user, "pk", None)
    if user_id is None:
        return 0
    pending = ImportRecord.objects.filter(user_id=user_id, status=ImportStatus.DRY_RUN).order_by("-at", "-id")
    stale = list(pending.values_list("id", flat=True)[keep:])
    if not stale:
        return 0
    deleted, _by_model = ImportRecord.objects.filter(id__in=stale).delete()
    return deleted


def _write(
    sheets: list[ParsedSheet],
    result: ImportResult,
    acting_user: Actor,
    dry_run: bool,
    progress: Progress | None,
    policy: StructurePolicy,
) -> None:
    """Check and write every sheet, chunk by chunk, in one transaction rolled back on any error or for a
    dry run. Rows that parsed are still checked against the database, so the whole file's errors come at
    once."""
    done = 0
    position = {w.kind.key: i for i, w in enumerate(registry.writers())}
    with transaction.atomic():
        context = ImportContext(
            result=result,
            acting_user=acting_user,
            seen=SeenRows(),
            structure=policy,
            scope=scope_of(acting_user),
        )
        writers: dict[str, SheetWriter[Any]] = {}
        for sheet in sorted(sheets, key=lambda s: position[s.kind.key]):  # the registry's order
            writer = writers.get(sheet.kind.key)
            if writer is None:
                writer = writers[sheet.kind.key] = registry.writer_for(sheet.kind)(context)
            rows = iter(sheet.rows)
            while chunk := list(islice(rows, CHUNK)):
                result.rows_read(sheet.name, sheet.kind.key, len(chunk))
                good = [row for row in chunk if not row.bad]
                if len(good) < len(chunk):
                    writer.skip(sheet, [row for row in chunk if row.bad])
                try:
                    with transaction.atomic():  # a savepoint: one refused statement leaves the rest usable
                        writer.write(sheet, writer.check(sheet, good))
                except IntegrityError as error:
                    result.errors.add(RowError(sheet.name, None, None, str(error)))
                done += len(chunk)
                if progress:
                    progress(sheet.name, done, 0)
        context.seen.drop()
        _created_in_scope(context)
        if result.errors or dry_run:
            transaction.set_rollback(True)


def _created_in_scope(context: ImportContext) -> None:
    """Every person this import created is inside the user's edit scope once the whole workbook is written
    (a tenure of the file in an organization of her scope), or she would lose sight of the record: an error
    on the person's row otherwise (see ``scoping``)."""
    created = context.created_people
    if context.scope.unrestricted or not created:
        return
    inside = people_in_scope(context.scope, created, Level.EDIT)
    for pk, (sheet, row, column, name) in created.items():
        if pk not in inside:
            context.result.error(sheet, row, column, lost_from_sight(name))


def _keep(
    data: bytes, filename: str, result: ImportResult, acting_user: Actor, record: ImportRecord | None = None
) -> ImportRecord:
    """The import record of this outcome (a new one, or ``record`` updated), with the file unless it could
    not be read at all (an unreadable upload is not archived: its name, size and hash are)."""
    status = (
        ImportStatus.REFUSED if result.errors
        else ImportStatus.DRY_RUN if result.dry_run
        else ImportStatus.IMPORTED if result.changed
        else ImportStatus.UNCHANGED
    )  # fmt: skip
    user: Any = acting_user if getattr(acting_user, "is_authenticated", False) else None
    fields = {
        "user": user,
        "filename": filename[:255],
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "status": status,
        "counts": result.counts,
        "errors": [e.as_dict() for e in result.errors],
        "details": {**result.details(), "readable": result.readable},
    }
    with transaction.atomic():
        if record is None:
            if result.dry_run:
                pending_discard(acting_user=user, keep=PENDING_KEPT - 1)
            record = ImportRecord.objects.create(content=b"", **fields)  # the file stored just below
            if result.readable:
                _archive(record, data)
        elif ImportRecord.objects.filter(pk=record.pk).update(**fields):
            for name, value in fields.items():
                setattr(record, name, value)
        else:  # the pending record was removed meanwhile (by the user's later checks): keep a new one
            record = ImportRecord.objects.create(content=b"", **fields)
            _archive(record, data)
    return record


def _archive(record: ImportRecord, data: bytes) -> None:
    """Store the file as sent. On PostgreSQL, Django's client-side binding would write the bytes into the
    statement's text as hex (three copies of the file in memory); a server-side-binding cursor sends them
    as one binary parameter instead."""
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(
                f"UPDATE {connection.ops.quote_name(ImportRecord._meta.db_table)} SET content = %b WHERE id = %s",
                [data, record.pk],
            )
    else:
        ImportRecord.objects.filter(pk=record.pk).update(content=data)
    record.content = data
