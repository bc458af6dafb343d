"""``nguon template KIND... --out FILE.xlsx``: an empty import template (people, tenures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nguon.core.management.base import NguonCommand
from nguon.exports.xlsx import TemplateExporter, template_kinds


class Command(NguonCommand):
    help = gettext_noop(
        "Write an import template: instructions, Vietnamese headers, drop-down lists, date cells."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kinds", nargs="+", choices=sorted(template_kinds()), help=_("The sheets of the template.")
        )
        parser.add_argument("--out", required=True, help=_("The .xlsx file to write."))

    def handle(self, *args: Any, **opts: Any) -> None:
        Path(opts["out"]).write_bytes(TemplateExporter(opts["kinds"]).render().data)
        titles = ", ".join(template_kinds()[k].title for k in opts["kinds"])
        self.stdout.write(
            _("Wrote the template (%(sheets)s) to %(out)s") % {"sheets": titles, "out": opts["out"]}
        )
