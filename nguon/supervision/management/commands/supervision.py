"""``nguon supervision overdue [--at DD/MM/YYYY] [--area CODE] [--format table|json]``: the recommendations
still open at a date (today by default), oldest first, with the days they have been open and their aging
bucket (selectors.overdue; the command line reads everything). It changes nothing."""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rich.console import Console
from rich.table import Table

from nguon.areas.models import Area
from nguon.core.dates import parse_user_date
from nguon.core.formats import format_date, format_int
from nguon.core.management.base import NguonCommand
from nguon.core.scope import UNRESTRICTED
from nguon.supervision import selectors
from nguon.supervision.models import EventKind


class Command(NguonCommand):
    help = gettext_noop(
        "Supervision: `overdue` lists the recommendations still open at a date, aged by how long they have "
        "been open."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar=_("action"))
        overdue = sub.add_parser("overdue", help=_("The overdue recommendations at a date."))
        overdue.add_argument("--at", help=_("Reference date, dd/mm/yyyy or YYYY-MM-DD (today by default)."))
        overdue.add_argument("--area", help=_("Area code: only missions led in that area."))
        overdue.add_argument(
            "--format", choices=["table", "json"], default="table", help=_("Output: table or json.")
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        at = timezone.localdate()
        if opts.get("at"):
            try:
                at = parse_user_date(str(opts["at"]))
            except ValueError as error:
                raise CommandError(str(error)) from error
        area = str(opts.get("area") or "").strip()
        if area and not Area.objects.filter(code=area).exists():
            raise CommandError(_("No administrative area has code '%(code)s'.") % {"code": area})
        items = selectors.overdue(scope=UNRESTRICTED, at=at, area=area)
        if opts["format"] == "json":
            self.stdout.write(json.dumps([_row(i) for i in items], ensure_ascii=False, indent=1))
            return
        title = _("Overdue recommendations on %(date)s") % {"date": format_date(at)}
        if not items:
            self.stdout.write(title)
            self.stdout.write(_("No overdue recommendation."))
            return
        labels = dict(EventKind.choices)
        reasons = {
            selectors.NO_ANSWER: _("no written answer"),
            selectors.PAST_DEADLINE: _("past the deadline"),
        }
        buckets = {code: str(label) for code, label, _upper in selectors.BUCKETS}
        table = Table(title=title)
        for head in (
            _("Recommendation"), _("Mission"), _("Lead"), _("Addressee"), _("Sent on"), _("Deadline"),
            _("Status"), _("Days open"), _("Age"), _("Why"),
        ):  # fmt: skip
            table.add_column(head)
        for i in items:
            rec = i.recommendation
            table.add_row(
                rec.text,
                rec.mission.subject,
                rec.mission.lead.name,
                rec.addressee_name,
                format_date(rec.sent_on) if rec.sent_on else "",
                format_date(rec.deadline) if rec.deadline else "",
                str(labels.get(i.status, i.status)),
                format_int(i.days_open),
                buckets.get(i.bucket, i.bucket),
                ", ".join(reasons.get(r, r) for r in i.reasons)
                + (" – " + _("escalate") if i.escalate else ""),
            )
        buffer = io.StringIO()
        Console(file=buffer, highlight=False, width=220, no_color=True).print(table)
        self.stdout.write(buffer.getvalue().rstrip("\n"))
        counts = ", ".join(f"{label}: {format_int(n)}" for _code, label, n in selectors.buckets(items))
        self.stdout.write(
            _("Overdue recommendations: %(n)s (%(buckets)s).")
            % {"n": format_int(len(items)), "buckets": counts}
        )


def _row(item: selectors.OverdueItem) -> dict[str, Any]:
    rec = item.recommendation
    return {
        "recommendation_id": rec.pk,
        "mission_id": rec.mission_id,
        "mission_subject": rec.mission.subject,
        "lead_name": rec.mission.lead.name,
        "text": rec.text,
        "addressee_name": rec.addressee_name,
        "sent_on": rec.sent_on.isoformat() if rec.sent_on else None,
        "deadline": rec.deadline.isoformat() if rec.deadline else None,
        "status": item.status,
        "days_open": item.days_open,
        "bucket": item.bucket,
        "reasons": list(item.reasons),
        "escalate": item.escalate,
    }
