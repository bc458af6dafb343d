"""``nguon indicators``: the indicator table for an area at a date, or a series across restructuring."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rich.console import Console
from rich.table import Table

from nguon.areas.selectors import area_get_by_code
from nguon.core.formats import format_number, format_percent
from nguon.core.management.base import NguonCommand
from nguon.indicators.evaluation import default_period, indicator_series, indicator_table
from nguon.indicators.models import Indicator
from nguon.indicators.serializers import cell_dict, point_dict
from nguon.indicators.xlsx import STATUS_VI, cells_xlsx


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CommandError(_("'%(value)s' is not a valid date (YYYY-MM-DD or dd/mm/yyyy).") % {"value": text})


class Command(NguonCommand):
    help = gettext_noop(
        "Indicators for an area and its units at a date (table, json or xlsx), or a yearly series."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help=_("Area code, e.g. 002 (Hoàn Kiếm) or 00070."))
        parser.add_argument("--as-of", required=True, help=_("Reference date, YYYY-MM-DD or dd/mm/yyyy."))
        parser.add_argument(
            "--indicator", action="append", help=_("Indicator code (repeatable); default: all.")
        )
        parser.add_argument(
            "--format",
            choices=["table", "json", "xlsx"],
            default="table",
            help=_("Output: table, json or xlsx."),
        )
        parser.add_argument("--out", help=_("Output file (xlsx needs it)."))
        parser.add_argument(
            "--period-start", help=_("Start of the period for 'began in a period' indicators.")
        )
        parser.add_argument(
            "--series", help=_("Years FROM:TO: one point per year on the as-of day and month.")
        )
        parser.add_argument(
            "--no-remap", action="store_true", help=_("Series: do not follow succession events.")
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        at = _date(opts["as_of"])
        try:
            area = area_get_by_code(code=opts["area"], at=at)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        indicators = list(Indicator.objects.all())
        if opts["indicator"]:
            known = {i.code: i for i in indicators}
            missing = [c for c in opts["indicator"] if c not in known]
            if missing:
                raise CommandError(
                    _("Unknown indicator: %(codes)s. Known: %(known)s.")
                    % {"codes": ", ".join(missing), "known": ", ".join(sorted(known))}
                )
            indicators = [known[c] for c in opts["indicator"]]
        if opts["series"]:
            return self.series(area, at, indicators, opts)
        period = (_date(opts["period_start"]), at) if opts["period_start"] else default_period(at)
        cells = indicator_table(area=area, at=at, indicators=indicators, period=period)
        if opts["format"] == "json":
            self.stdout.write(json.dumps([cell_dict(c) for c in cells], ensure_ascii=False, indent=1))
        elif opts["format"] == "xlsx":
            if not opts["out"]:
                raise CommandError(_("--format xlsx needs --out FILE.xlsx"))
            cells_xlsx(cells, opts["out"])
            self.stdout.write(_("Wrote %(n)s rows to %(path)s") % {"n": len(cells), "path": opts["out"]})
        else:
            console = Console(file=sys.stdout, highlight=False, width=200)
            table = Table(title=f"{area.name} — {at:%d/%m/%Y}")
            for head in (
                _("Area"), _("Indicator"), _("Numerator/denominator"), _("Share"), _("Target"),
                _("Assessment"), _("Gap"),
            ):  # fmt: skip
                table.add_column(head)
            style = {"met": "green", "not_met": "red"}
            for c in cells:
                target = (
                    f"{'≥' if c.target.comparator == 'gte' else '≤'}{format_number(c.target.value)}% ({c.target.document})"
                    if c.target
                    else ""
                )
                table.add_row(
                    c.unit.name,
                    c.indicator_name,
                    f"{c.numerator}/{c.denominator}",
                    format_percent(c.value),
                    target,
                    f"[{style.get(c.status, 'dim')}]{STATUS_VI[c.status]}[/]",
                    c.gap_text or c.note,
                )
            console.print(table)

    def series(self, area: Any, at: dt.date, indicators: list[Indicator], opts: dict[str, Any]) -> None:
        first, _sep, last = opts["series"].partition(":")
        years = range(int(first), int(last or first) + 1)
        dates = [at.replace(year=y) for y in years]
        out = []
        for indicator in indicators:
            points = indicator_series(area=area, indicator=indicator, dates=dates, remap=not opts["no_remap"])
            out.append(
                {
                    "area_code": area.code,
                    "area_name": area.name,
                    "indicator": indicator.code,
                    "indicator_name": indicator.name,
                    "points": [point_dict(p) for p in points],
                }
            )
        if opts["format"] == "json":
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
            return
        console = Console(file=sys.stdout, highlight=False, width=200)
        for s in out:
            table = Table(title=f"{s['area_name']} — {s['indicator_name']}")
            for head in (
                _("Date"), _("Areas counted"), _("Numerator/denominator"), _("Share"), _("Break in series"),
                _("Note"),
            ):  # fmt: skip
                table.add_column(head)
            for p in s["points"]:
                table.add_row(
                    p["as_of"],
                    ", ".join(p["areas"]),
                    f"{p['numerator']}/{p['denominator']}",
                    format_percent(p["value"]),
                    _("yes") if p["break_in_series"] else "",
                    "; ".join(p["flags"]),
                )
            console.print(table)
