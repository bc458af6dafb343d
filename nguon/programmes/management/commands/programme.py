"""``nguon programme progress --programme ID [--at DD/MM/YYYY] [--format table|json]``: a joint programme's
goals against actuals per year (and per unit), read through progress.progress with the unrestricted scope."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rich.console import Console
from rich.table import Table

from nguon.core.dates import parse_user_date
from nguon.core.formats import format_date
from nguon.core.management.base import NguonCommand
from nguon.core.scope import UNRESTRICTED
from nguon.programmes.models import Programme
from nguon.programmes.progress import progress, progress_json


def _num(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


class Command(NguonCommand):
    help = gettext_noop("Joint programmes: `progress` shows a programme's goals against actuals per year.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar=_("action"))
        prog = sub.add_parser("progress", help=_("A programme's goals against actuals per year and unit."))
        prog.add_argument("--programme", required=True, help=_("The programme's number (ID)."))
        prog.add_argument("--at", default=None, help=_("Reference date dd/mm/yyyy (default: today)."))
        prog.add_argument(
            "--format", choices=["table", "json"], default="table", help=_("Output: table or json.")
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            programme = Programme.objects.select_related("area").get(pk=int(opts["programme"]))
        except (ValueError, Programme.DoesNotExist):
            raise CommandError(_("No programme with ID %(value)s.") % {"value": opts["programme"]}) from None
        at = None
        if opts["at"]:
            try:
                at = parse_user_date(str(opts["at"]))
            except (ValidationError, ValueError) as error:
                raise CommandError(str(error)) from None
        p = progress(programme=programme, scope=UNRESTRICTED, at=at)
        if opts["format"] == "json":
            self.stdout.write(json.dumps(progress_json(p), ensure_ascii=False, indent=1))
            return
        buffer = io.StringIO()
        console = Console(file=buffer, highlight=False, width=220, no_color=True)
        self.stdout.write(f"{programme.title} — {_('at %(date)s') % {'date': format_date(p.at)}}")
        for g in p.goals:
            table = Table(title=g.goal.text)
            for heading in (_("Year"), _("Unit"), _("Target"), _("Actual"), _("Met"), _("Not visible")):
                table.add_column(heading)
            for c in g.rows:
                unit = c.unit_name or (_("units meeting the target") if c.summary else _("whole programme"))
                met = "—" if c.met is None else (_("yes") if c.met else _("no"))
                year = str(c.year) if c.year is not None else _("whole period")
                table.add_row(year, unit, _num(c.target), _num(c.actual), met, str(c.hidden))
            console.print(table)
        self.stdout.write(buffer.getvalue().rstrip("\n"))
