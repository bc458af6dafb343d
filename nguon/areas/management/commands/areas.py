"""``nguon areas load``: fill the national catalogue of areas (both periods) and the 2025 succession events."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rich.console import Console
from rich.markup import escape

from nguon.areas.choices import AreaLevel
from nguon.areas.loader import PRE_2025, catalogue_load
from nguon.core.formats import format_int, format_number
from nguon.core.management.base import NguonCommand
from nguon.core.progress import progress_bars


def _order(key: str) -> tuple[bool, int]:
    """Before 1/7/2025 first, then after; provinces, districts, communes."""
    period, level = key.split(" ", 1)
    return period != PRE_2025, list(AreaLevel).index(AreaLevel(level))


def _what(key: str) -> str:
    """A report key ("pre-2025 commune") as the officer reads it."""
    period, level = key.split(" ", 1)
    text = _("%(level)s before 1/7/2025") if period == PRE_2025 else _("%(level)s from 1/7/2025")
    return text % {"level": AreaLevel(level).label}


class Command(NguonCommand):
    help = gettext_noop(
        "Administrative areas: `load` fills the national catalogue (pre- and post-2025) and succession events."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar=_("action"))
        load = sub.add_parser("load", help=_("Load or refresh the catalogue (idempotent)."))
        load.add_argument(
            "--province", help=_("Only this province (pre- or post-2025 code), e.g. 01 for Hà Nội.")
        )
        load.add_argument(
            "--show-unmatched", type=int, default=20, help=_("How many unmatched rows to list.")
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        console = Console(
            file=self.stdout,  # type: ignore[arg-type]
            highlight=False,
            soft_wrap=True,
        )
        started = time.perf_counter()
        with progress_bars(console) as progress:
            report = catalogue_load(province_code=opts.get("province"), progress=progress)
        for line, counts in (
            (_("Created — %(what)s: %(count)s"), report.created),
            (_("Updated — %(what)s: %(count)s"), report.updated),
            (_("Unchanged — %(what)s: %(count)s"), report.unchanged),
        ):
            for key, n in sorted(counts.items(), key=lambda kv: _order(kv[0])):
                if n:
                    console.print(line % {"what": _what(key), "count": format_int(n)})
        console.print(
            _("Succession events (1/7/2025): %(created)s new, %(unchanged)s already there; %(links)s links.")
            % {
                "created": format_int(report.events_created),
                "unchanged": format_int(report.events_unchanged),
                "links": format_int(report.links_created),
            }
        )
        console.print(
            _("Converter rows that could not be matched: %(count)s")
            % {"count": format_int(len(report.unmatched))}
        )
        for _row, reason in report.unmatched[: opts["show_unmatched"]]:
            console.print(f"  - {escape(reason)}")
        seconds = format_number(round(time.perf_counter() - started, 1))
        console.print(_("Time: %(seconds)s s") % {"seconds": seconds})
