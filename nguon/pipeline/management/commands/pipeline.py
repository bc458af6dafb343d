"""``nguon pipeline retirement --sex nu|nam --born MM/YYYY|YYYY [--format text|json]``: when a person reaches
retirement age (Labour Code 2019 art. 169, Decree 135/2020/NĐ-CP).

``nguon pipeline check --area CODE --as-of DATE [--format table|json]``: every violation and gap of the
planning rules in the area's pools on the date (pipeline.checks.findings; the command line reads everything).
It changes nothing: removals are proposed on the check page."""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rich.console import Console
from rich.table import Table

from nguon.areas.selectors import area_get_by_code
from nguon.core.dates import parse_user_date
from nguon.core.formats import format_date, format_int
from nguon.core.management.base import NguonCommand
from nguon.core.scope import UNRESTRICTED
from nguon.pipeline.checks import findings
from nguon.pipeline.retirement import parse_born, parse_sex, retirement, retirement_text

JSON_KEYS = ("code", "document", "person", "post", "organization", "explanation", "proposal")


class Command(NguonCommand):
    help = gettext_noop(
        "The cadre pipeline: `retirement` tells when a person reaches retirement age; `check` lists every "
        "violation and gap of the planning rules in an area on a date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar=_("action"))
        ret = sub.add_parser("retirement", help=_("Retirement age and date from sex and month of birth."))
        ret.add_argument("--sex", required=True, help=_("nu (female) or nam (male)."))
        ret.add_argument("--born", required=True, help=_("Month of birth MM/YYYY, or the year alone YYYY."))
        ret.add_argument(
            "--format", choices=["text", "json"], default="text", help=_("Output: text or json.")
        )
        check = sub.add_parser("check", help=_("Every violation and gap of the planning rules in an area."))
        check.add_argument("--area", required=True, help=_("Area code, e.g. 002 (Hoàn Kiếm) or 00070."))
        check.add_argument("--as-of", required=True, help=_("Reference date, YYYY-MM-DD or dd/mm/yyyy."))
        check.add_argument(
            "--format", choices=["table", "json"], default="table", help=_("Output: table or json.")
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "check":
            return self.run_check(opts)
        try:
            sex = parse_sex(str(opts["sex"]))
        except ValueError:
            raise CommandError(
                _("--sex must be 'nu' (female) or 'nam' (male), not '%(value)s'.") % {"value": opts["sex"]}
            ) from None
        try:
            year, month = parse_born(opts["born"])
            result = retirement(sex=sex, birth_year=year, birth_month=month)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if opts["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(retirement_text(result)[0].upper() + retirement_text(result)[1:])
            self.stdout.write(_("Rule: %(document)s") % {"document": result.document})

    def run_check(self, opts: dict[str, Any]) -> None:
        try:
            at = parse_user_date(str(opts["as_of"]))
        except ValueError as error:
            raise CommandError(str(error)) from error
        try:
            area = area_get_by_code(code=str(opts["area"]), at=at)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        found = findings(scope=UNRESTRICTED, area=area, at=at)
        if opts["format"] == "json":
            rows = [{k: v for k, v in f.as_dict().items() if k in JSON_KEYS} for f in found]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        buffer = io.StringIO()
        console = Console(file=buffer, highlight=False, width=220, no_color=True)
        title = _("Planning checks: %(area)s on %(date)s") % {"area": area.name, "date": format_date(at)}
        if not found:
            self.stdout.write(title)
            self.stdout.write(_("No violation or gap found."))
            return
        table = Table(title=title)
        for head in (_("Rule"), _("Document"), _("Person"), _("Post"), _("Explanation"), _("Proposal")):
            table.add_column(head)
        for f in found:
            table.add_row(
                f.code,
                f.document,
                f.person or (_("(%(n)s outside your scope)") % {"n": f.hidden} if f.hidden else ""),
                f"{f.post} – {f.organization}",
                f.explanation,
                _("remove from the planning") if f.proposal else "",
            )
        console.print(table)
        self.stdout.write(buffer.getvalue().rstrip("\n"))
        self.stdout.write(_("Violations and gaps found: %(n)s.") % {"n": format_int(len(found))})
