"""``nguon pipeline retirement --sex nu|nam --born MM/YYYY|YYYY [--format text|json]``: when a person reaches
retirement age (Labour Code 2019 art. 169, Decree 135/2020/NĐ-CP)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nguon.core.management.base import NguonCommand
from nguon.pipeline.retirement import parse_born, parse_sex, retirement, retirement_text


class Command(NguonCommand):
    help = gettext_noop("The cadre pipeline: `retirement` tells when a person reaches retirement age.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar=_("action"))
        ret = sub.add_parser("retirement", help=_("Retirement age and date from sex and month of birth."))
        ret.add_argument("--sex", required=True, help=_("nu (female) or nam (male)."))
        ret.add_argument("--born", required=True, help=_("Month of birth MM/YYYY, or the year alone YYYY."))
        ret.add_argument(
            "--format", choices=["text", "json"], default="text", help=_("Output: text or json.")
        )

    def handle(self, *args: Any, **opts: Any) -> None:
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
