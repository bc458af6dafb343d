"""``nguon export --out FILE.xlsx [--area CODE --as-of DATE]``: people and tenures in the import format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nguon.areas.selectors import area_get_by_code
from nguon.core.formats import format_int
from nguon.core.management.base import NguonCommand
from nguon.core.scope import UNRESTRICTED
from nguon.exports.xlsx import PeopleTenuresExporter
from nguon.organizations.selectors import tenure_list
from nguon.people.models import Person


class Command(NguonCommand):
    help = gettext_noop(
        "Export people and tenures to XLSX (the importer's format: re-importing it changes nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help=_("The .xlsx file to write."))
        parser.add_argument("--area", help=_("Only tenures in this area's subtree (code, valid on --as-of)."))
        parser.add_argument(
            "--as-of", help=_("YYYY-MM-DD; with --area, the date of the code; default today.")
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        at = dt.date.fromisoformat(opts["as_of"]) if opts["as_of"] else dt.date.today()
        area = area_get_by_code(code=opts["area"], at=at) if opts["area"] else None
        tenures = tenure_list(scope=UNRESTRICTED, area=area).order_by("person__sort_key", "start_date", "id")
        people = Person.objects.filter(tenures__in=tenures).distinct() if area else Person.objects.all()
        exporter = PeopleTenuresExporter(people.order_by("sort_key", "birth_date", "id"), tenures)
        Path(opts["out"]).write_bytes(exporter.render().data)
        counts = {
            "people": format_int(people.count()),
            "tenures": format_int(tenures.count()),
            "out": opts["out"],
        }
        self.stdout.write(_("Wrote %(people)s people and %(tenures)s tenures to %(out)s") % counts)
