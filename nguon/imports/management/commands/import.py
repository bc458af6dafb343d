"""``nguon import FILE``: import a workbook (people, tenures) all or nothing; exit 2 on validation errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console

from nguon.core.formats import format_int
from nguon.core.progress import progress_bars
from nguon.imports.pipeline import import_file
from nguon.imports.report import error_workbook
from nguon.imports.structure import StructurePolicy

KIND_VI = {"people": "cán bộ", "tenures": "chức vụ", "organizations": "tổ chức", "bodies": "cơ quan",
           "terms": "nhiệm kỳ", "posts": "chức danh"}  # fmt: skip


class Command(BaseCommand):
    help = "Import a workbook (.xlsx, .xls, .ods, .csv): sheets 'Cán bộ' and 'Chức vụ'."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check and count; write nothing.")
        parser.add_argument("--errors", help="Write the workbook with its errors marked to this .xlsx file.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
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
            raise CommandError(f"Không tìm thấy tệp: {path}")
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
        if opts["errors"] and result.errors:
            Path(opts["errors"]).write_bytes(error_workbook(data, path.name, result.errors))
        if opts["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
        else:
            self._text(result, opts)
        if result.errors:
            sys.exit(2)

    def _text(self, result: Any, opts: dict[str, Any]) -> None:
        out = Console(file=self.stdout, highlight=False, soft_wrap=True)  # type: ignore[arg-type]
        if result.errors:
            out.print(f"[bold red]Không nhập: {len(result.errors)} lỗi; không có gì được ghi.[/]")
            for e in result.errors:
                out.print(f"  - {e.text()}", markup=False)
            if opts["errors"]:
                out.print(f"Tệp đánh dấu lỗi: {opts['errors']}")
            self._structure_hints(out, result)
            return
        head = (
            "Kiểm tra (không ghi)"
            if result.dry_run
            else ("Đã nhập" if result.changed else "Không có gì thay đổi: tệp này đã được nhập")
        )
        out.print(f"[bold]{head}[/]")
        for sheet, kinds in result.counts.items():
            parts = [
                f"{KIND_VI.get(k, k)}: {c['created']} mới, {c['updated']} cập nhật, {c['unchanged']} không đổi"
                for k, c in kinds.items()
            ]
            out.print(f"  Sheet '{sheet}': " + "; ".join(parts), markup=False)
        for kind, names in result.created.items():
            shown = "; ".join(names[:10]) + (f" … (+{len(names) - 10})" if len(names) > 10 else "")
            out.print(f"  Tạo mới {KIND_VI.get(kind, kind)}: {shown}", markup=False)
        if result.dry_run and result.created and not opts["create_structure"]:
            out.print("  " + _("To create this structure, import with --create-structure."), markup=False)
        if result.matched:
            out.print(
                f"  {format_int(result.matched)} dòng khớp với cán bộ đã có (theo mã hoặc họ tên + ngày sinh)."
            )
        for note in result.notes:
            out.print(f"  {note}", markup=False)

    def _structure_hints(self, out: Console, result: Any) -> None:
        """How to allow the structure an import refused to create (the errors name each item)."""
        if any(not p.allowed and not p.proposal for p in result.proposals):
            out.print(_("To create the structure that is not registered, run again with --create-structure."))
        if any(not p.allowed and p.proposal for p in result.proposals):
            out.print(
                _("To create the structure close to a registered one as well, add --create-near-duplicates.")
            )
