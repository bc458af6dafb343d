"""``nguon import FILE``: import a workbook (people, tenures) all or nothing; exit 2 on validation errors.
A ``--dry-run`` checks and counts, and keeps nothing (no import record, no copy of the file)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from rich.console import Console

from nguon.core.formats import format_int
from nguon.core.labels import label
from nguon.core.management.base import NguonCommand
from nguon.core.progress import progress_bars
from nguon.imports.models import RecordKind
from nguon.imports.pipeline import import_file
from nguon.imports.report import error_workbook
from nguon.imports.results import ImportResult
from nguon.imports.structure import StructurePolicy

NAMES_SHOWN = 10  # names of created organizations, posts … listed per kind


class Command(NguonCommand):
    help = gettext_noop("Import a workbook (.xlsx, .xls, .ods, .csv): sheets 'Cán bộ' and 'Chức vụ'.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("The workbook to import."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Check and count; write nothing, keep nothing.")
        )
        parser.add_argument(
            "--errors", help=_("Write the workbook with its errors marked to this .xlsx file.")
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help=_("Output: text or JSON.")
        )
        parser.add_argument(
            "--create-structure",
            action="store_true",
            help=_(
                "Create the organizations, bodies, terms and posts the file names that are not registered"
                " (those with no close registered one; a check lists them)."
            ),
        )
        parser.add_argument(
            "--create-near-duplicates",
            action="store_true",
            help=_("Also create those close to a registered one (refused otherwise, with the proposal)."),
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        data = path.read_bytes()
        console = Console(file=sys.stderr, highlight=False, soft_wrap=True)
        with progress_bars(console) as progress:
            result = import_file(
                data=data,
                filename=path.name,
                dry_run=opts["dry_run"],
                progress=progress,
                structure=StructurePolicy(
                    create_new=opts["create_structure"], create_near=opts["create_near_duplicates"]
                ),
            )
        if opts["errors"] and result.errors and result.readable:
            Path(opts["errors"]).write_bytes(error_workbook(data, path.name, list(result.errors)))
        if opts["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        else:
            self._text(result, opts)
        if result.errors:
            sys.exit(2)

    def _text(self, result: ImportResult, opts: dict[str, Any]) -> None:
        out = Console(file=self.stdout, highlight=False, soft_wrap=True)  # type: ignore[arg-type]
        if result.errors:
            total = result.errors.total
            head = ngettext(
                "Not imported: %(n)s error; nothing was written.",
                "Not imported: %(n)s errors; nothing was written.",
                total,
            ) % {"n": format_int(total)}
            out.print(f"[bold red]{head}[/]")
            for e in result.errors:
                out.print(f"  - {e.text()}", markup=False)
            for omitted in result.errors.omitted():
                out.print(f"  {omitted.text()}", markup=False)
            if opts["errors"] and result.readable:
                out.print(
                    _("Workbook with the errors marked: %(path)s") % {"path": opts["errors"]}, markup=False
                )
            self._structure_hints(out, result)
            self._notes(out, result)
            return
        head = (
            _("Checked (nothing written)")
            if result.dry_run
            else (
                _("Imported") if result.changed else _("Nothing changed: this file has been imported already")
            )
        )
        out.print(f"[bold]{head}[/]")
        for sheet, kinds in result.counts.items():
            parts = [
                _("%(kind)s: %(created)s new, %(updated)s updated, %(unchanged)s unchanged")
                % {
                    "kind": label(RecordKind, kind),
                    "created": format_int(c["created"]),
                    "updated": format_int(c["updated"]),
                    "unchanged": format_int(c["unchanged"]),
                }
                for kind, c in kinds.items()
            ]
            where = _("Sheet '%(sheet)s'") % {"sheet": sheet}
            out.print(f"  {where}: " + "; ".join(parts), markup=False)
        for kind, names in result.created.items():
            shown = "; ".join(names[:NAMES_SHOWN])
            if len(names) > NAMES_SHOWN:
                shown += f" … (+{format_int(len(names) - NAMES_SHOWN)})"
            out.print(
                "  " + _("Created %(kind)s: %(names)s") % {"kind": label(RecordKind, kind), "names": shown},
                markup=False,
            )
        if result.dry_run and result.created and not opts["create_structure"]:
            out.print("  " + _("To create this structure, import with --create-structure."), markup=False)
        if result.matched:
            out.print(
                "  "
                + ngettext(
                    "%(n)s row matched to a person already registered (by cadre code, or name and birth date).",
                    "%(n)s rows matched to people already registered (by cadre code, or name and birth date).",
                    result.matched,
                )
                % {"n": format_int(result.matched)},
                markup=False,
            )
        self._notes(out, result)

    def _structure_hints(self, out: Console, result: ImportResult) -> None:
        """How to allow the structure an import refused to create (the errors name each item)."""
        if any(not p.allowed and not p.proposal for p in result.proposals):
            out.print(_("To create the structure that is not registered, run again with --create-structure."))
        if any(not p.allowed and p.proposal for p in result.proposals):
            out.print(
                _("To create the structure close to a registered one as well, add --create-near-duplicates.")
            )

    def _notes(self, out: Console, result: ImportResult) -> None:
        for note in result.notes:
            out.print(f"  {note}", markup=False)
