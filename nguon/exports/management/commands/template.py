"""``nguon template KIND... --out FILE.xlsx``: an empty import template (people, tenures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nguon.exports.xlsx import TEMPLATE_KINDS, template_xlsx


class Command(BaseCommand):
    help = "Write an import template: instructions, Vietnamese headers, drop-down lists, date cells."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kinds", nargs="+", choices=sorted(TEMPLATE_KINDS))
        parser.add_argument("--out", required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        Path(opts["out"]).write_bytes(template_xlsx(opts["kinds"]))
        self.stdout.write(f"Đã ghi mẫu {', '.join(opts['kinds'])} vào {opts['out']}")
