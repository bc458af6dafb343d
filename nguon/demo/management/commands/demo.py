"""``nguon demo``: create the database, load the demo data, print the review's figures and the demo's users,
then serve the site as production would (DEBUG off, every security header).

The site is served by ``runserver --insecure`` in a child process with ``nguon.config.settings.demo``:
DEBUG off, so a mistyped address gets the Vietnamese 404 page and an error the 500 page, never Django's
debug page with the URL patterns. ``--insecure`` lets runserver serve the static files with DEBUG off
(what a web server in front does in production), without adding a library for it; the responses of the
pages still carry the CSP and the other headers (static files do not need them).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rich.console import Console
from rich.markup import escape

from nguon.core.formats import format_date, format_int, format_percent
from nguon.core.management.base import NguonCommand
from nguon.core.progress import progress_bars
from nguon.demo import pipeline
from nguon.demo.hoankiem import DISTRICT_NAME
from nguon.demo.plan import REFERENCE
from nguon.demo.services import DEFAULT_SEED, demo_build
from nguon.demo.users import demo_users_create
from nguon.people.models import Person

SERVE_SETTINGS = "nguon.config.settings.demo"


class Command(NguonCommand):
    help = gettext_noop(
        "Load the Hoàn Kiếm demo, print the review's figures computed from it and the demo's users,"
        " then serve the site."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help=_("Empty the database first (demo databases only).")
        )
        parser.add_argument("--no-serve", action="store_true", help=_("Stop after printing the figures."))
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=_("First random seed to try for the demo data (shown with -v 2)."),
        )
        parser.add_argument("--addrport", default="127.0.0.1:8000", help=_("Address and port to serve on."))

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
        users = demo_users_create()
        title = _("%(area)s — figures on %(date)s") % {"area": district.name, "date": format_date(REFERENCE)}
        console.print(f"[bold]{escape(title)}[/bold] {escape(_('(computed from the demo data)'))}")
        for figure in figures:
            console.print(f"• [bold]{escape(figure.text)}[/bold]")
            console.print("  " + escape(_("Definition: %(text)s") % {"text": figure.definition}))
        self.print_pipeline(console)
        self.print_report(console, district)
        if opts["verbosity"] >= 2:
            console.print(
                escape(
                    _(
                        "Demo data drawn from random seed %(seed)s (the first from %(asked)s whose data carry the figures)."
                    )
                    % {"seed": seed, "asked": opts["seed"]}
                )
            )
        console.print(f"[bold]{escape(_('Users (login / password, demo data only):'))}[/bold]")
        for user in users:
            console.print("• " + escape(user.line()))
        console.print(
            escape(_("Loaded in %(seconds)s s.") % {"seconds": f"{time.perf_counter() - started:.0f}"})
        )
        if not opts["no_serve"]:
            self.serve(console, opts["addrport"])

    def print_pipeline(self, console: Console) -> None:
        """The pools' counts and the planted violations the checks find (their dates: see demo.pipeline)."""
        found = pipeline.summary()
        console.print(f"[bold]{escape(_('Cadre pipeline (planning pools of the demo):'))}[/bold]")
        share = Decimal(found.women * 100) / Decimal(found.people) if found.people else None
        console.print(
            "• "
            + escape(
                _("%(pools)s planning pools, %(people)s people planned, of whom %(women)s women (%(share)s).")
                % {
                    "pools": format_int(found.pools),
                    "people": format_int(found.people),
                    "women": format_int(found.women),
                    "share": format_percent(share),
                }
            )
        )
        console.print(
            "• "
            + escape(
                _(
                    "%(n)s violations found (checks of %(district)s on %(at)s and of the new wards on %(wards_at)s)."
                )
                % {
                    "n": format_int(len(found.findings)),
                    "district": DISTRICT_NAME,
                    "at": format_date(pipeline.CHECK_DISTRICT),
                    "wards_at": format_date(pipeline.CHECK_WARDS),
                }
            )
        )

    def print_report(self, console: Console, district: Any) -> None:
        """The programme review written to var/reports (nguon.demo.reports)."""
        from nguon.demo.reports import demo_review_write

        written = demo_review_write(district)
        console.print(f"[bold]{escape(_('Review report (from the demo data):'))}[/bold]")
        console.print("• " + escape(str(written.docx)))
        if written.pdf is not None:
            console.print("• " + escape(str(written.pdf)))
        else:
            console.print("• " + escape(_("No PDF: %(reason)s") % {"reason": written.pdf_problem}))

    def serve(self, console: Console, addrport: str) -> None:
        """``runserver --insecure`` under the demo settings (DEBUG off), on the same database."""
        console.print(escape(_("Open http://%(addrport)s/ — Ctrl+C to stop.") % {"addrport": addrport}))
        self.stdout.flush()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": SERVE_SETTINGS}
        database = settings.DATABASES["default"]
        if not env.get("DATABASE_URL") and database["ENGINE"] == "django.db.backends.sqlite3":
            env["DATABASE_URL"] = f"sqlite:///{database['NAME']}"
        command = [sys.executable, "-m", "nguon", "runserver", "--insecure", "--noreload", addrport]
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C stops the server, and the demo with it
            subprocess.run(command, env=env, check=False)
