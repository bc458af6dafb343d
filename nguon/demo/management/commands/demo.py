"""``nguon demo``: create the database, load the demo data, print the article's figures, serve the site."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.markup import escape

from nguon.core.formats import format_date
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
                _("--reset is only for a development database or a database whose name contains 'demo'.")
            )
        call_command("migrate", verbosity=0, interactive=False)
        if opts["reset"]:
            call_command("flush", verbosity=0, interactive=False)
        elif Person.objects.exists():
            raise CommandError(
                _("The database already holds data; use --reset to empty it and load the demo data again.")
            )
        with progress_bars(console) as progress:
            district, figures, seed = demo_build(seed=opts["seed"], progress=progress)
        user_model = get_user_model()
        if not user_model.objects.filter(username="admin").exists():
            user_model.objects.create_superuser("admin", "admin@example.invalid", "admin")
        title = _("%(area)s — figures on %(date)s") % {"area": district.name, "date": format_date(REFERENCE)}
        console.print(f"[bold]{escape(title)}[/bold] {escape(_('(computed from the demo data)'))}")
        for figure in figures:
            r = figure.result
            people = _("%(numerator)s/%(denominator)s people") % {
                "numerator": r.numerator,
                "denominator": r.denominator,
            }
            console.print(f"• {escape(figure.label)}: [bold]{escape(figure.text)}[/bold] ({escape(people)})")
            console.print("  " + escape(_("Definition: %(text)s") % {"text": figure.definition}))
        console.print(
            _("Random seed of the demo data: %(seed)s (asked for %(asked)s).")
            % {"seed": seed, "asked": opts["seed"]}
        )
        console.print(
            _("Loaded in %(seconds)s s. Administration: admin / admin (demo data only).")
            % {"seconds": f"{time.perf_counter() - started:.0f}"}
        )
        if not opts["no_serve"]:
            console.print(
                escape(_("Open http://%(addrport)s/ — Ctrl+C to stop.") % {"addrport": opts["addrport"]})
            )
            call_command("runserver", opts["addrport"], use_reloader=False)
