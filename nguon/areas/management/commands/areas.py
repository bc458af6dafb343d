"""``nguon areas load``: fill the national catalogue of areas (both periods) and the 2025 succession events."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console

from nguon.areas.loader import catalogue_load
from nguon.core.formats import format_int
from nguon.core.progress import progress_bars


class Command(BaseCommand):
    help = "Administrative areas: `load` fills the national catalogue (pre- and post-2025) and succession events."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load or refresh the catalogue (idempotent).")
        load.add_argument(
            "--province", help="Only this province (pre- or post-2025 code), e.g. 01 for Hà Nội."
        )
        load.add_argument("--show-unmatched", type=int, default=20, help="How many unmatched rows to list.")

    def handle(self, *args: Any, **opts: Any) -> None:
        console = Console(
            file=self.stdout,  # type: ignore[arg-type]
            highlight=False,
            soft_wrap=True,
        )
        started = time.perf_counter()
        with progress_bars(console) as progress:
            report = catalogue_load(province_code=opts.get("province"), progress=progress)
        for label, counts in (
            ("Tạo mới", report.created),
            ("Cập nhật", report.updated),
            ("Không đổi", report.unchanged),
        ):
            for key, n in sorted(counts.items()):
                if n:
                    console.print(f"{label} — {key}: {format_int(n)}")
        console.print(
            f"Sự kiện kế thừa (1/7/2025): {format_int(report.events_created)} tạo mới, "
            f"{format_int(report.events_unchanged)} đã có; {format_int(report.links_created)} liên kết."
        )
        console.print(f"Dòng bảng chuyển đổi không khớp được: {format_int(len(report.unmatched))}")
        for _row, reason in report.unmatched[: opts["show_unmatched"]]:
            console.print(f"  - {reason}")
        console.print(f"Thời gian: {time.perf_counter() - started:.1f} s")
