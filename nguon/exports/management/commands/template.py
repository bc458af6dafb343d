"""``nguon template KIND... --out FILE.xlsx``: an empty import template (people, tenures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from nguon.exports.xlsx import TemplateExporter, template_kinds


class Command(BaseCommand):
    help = "Write an import template: instructions, Vietnamese headers, drop-down lists, date cells."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kinds", nargs="+", choices=sorted(template_kinds()))
        parser.add_argument("--out", required=True)

    def handle(self, *args: Any, **opts: Any) -> None:
        Path(opts["out"]).write_bytes(TemplateExporter(opts["kinds"]).render().data)
        titles = ", ".join(template_kinds()[k].title for k in opts["kinds"])
        self.stdout.write(
            _("Wrote the template (%(sheets)s) to %(out)s") % {"sheets": titles, "out": opts["out"]}
        )
