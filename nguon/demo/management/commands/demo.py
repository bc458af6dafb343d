"""``nguon demo``: create the database, load the demo data, print the article's figures, serve the site."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.markup import escape

from nguon.core.progress import progress_bars
from nguon.demo.plan import REFERENCE
from nguon.demo.services import DEFAULT_SEED, demo_build
from nguon.people.models import Person


class Command(BaseCommand):
    help = "Load the Hoàn Kiếm demo, print the review's figures computed from it, then serve the site."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Empty the database first (demo databases only)."
        )
        parser.add_argument("--no-serve", action="store_true", help="Stop after printing the figures.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args: Any, **opts: Any) -> None:
        console = Console(
            file=self.stdout,  # type: ignore[arg-type]
            highlight=False,
            soft_wrap=True,
        )
        started = time.perf_counter()
        database = str(settings.DATABASES["default"]["NAME"])
        if opts["reset"] and not settings.DEBUG and "demo" not in database:
            raise CommandError(
                "--reset chỉ dùng cho cơ sở dữ liệu phát triển hoặc cơ sở dữ liệu có tên chứa 'demo'."
            )
        call_command("migrate", verbosity=0, interactive=False)
        if opts["reset"]:
            call_command("flush", verbosity=0, interactive=False)
        elif Person.objects.exists():
            raise CommandError("Cơ sở dữ liệu đã có dữ liệu; dùng --reset để xóa và nạp lại dữ liệu mẫu.")
        with progress_bars(console) as progress:
            district, figures, seed = demo_build(seed=opts["seed"], progress=progress)
        user_model = get_user_model()
        if not user_model.objects.filter(username="admin").exists():
            user_model.objects.create_superuser("admin", "admin@example.invalid", "admin")
        console.print(
            f"[bold]{district.name} — số liệu tại ngày {REFERENCE:%d/%m/%Y}[/bold] (tính từ dữ liệu mẫu)"
        )
        for figure in figures:
            r = figure.result
            console.print(
                f"• {figure.label}: [bold]{figure.text}[/bold] ({r.numerator}/{r.denominator} người)"
            )
            console.print(f"  Định nghĩa: {escape(figure.definition)}")
        console.print(f"Hạt giống ngẫu nhiên của dữ liệu mẫu: {seed} (yêu cầu {opts['seed']}).")
        console.print(
            f"Nạp xong trong {time.perf_counter() - started:.0f} s. Quản trị: admin / admin (chỉ dữ liệu mẫu)."
        )
        if not opts["no_serve"]:
            console.print(f"Mở http://{opts['addrport']}/ — Ctrl+C để dừng.")
            call_command("runserver", opts["addrport"], use_reloader=False)
