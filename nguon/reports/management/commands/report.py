"""``nguon report KIND --area CODE --from DATE --to DATE [--at DATE] [--programme ID] [--organization ID]
[--out FILE.docx] [--pdf] [--xlsx] [--number "…"] [--issue --user USERNAME]``: write one report (the Word
file; its PDF through LibreOffice, its Excel annex); with ``--issue`` keep it as issued by the user.

``nguon report KIND --area CODE --batch --out DIR|FILE.zip``: the report of every commune or ward under the
area (``--area all``: of the country), with a progress bar; a unit that fails is listed and the others are
written.

KIND: programme_review, representation, pipeline, annual_activity (dashes allowed: programme-review). The
command line reads through the unrestricted scope, unless ``--user`` names whose scope to read through."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rich.console import Console

from nguon.accounts.scope import scope_for
from nguon.areas.selectors import area_get_by_code
from nguon.core.dates import parse_user_date
from nguon.core.formats import format_date, format_int
from nguon.core.management.base import NguonCommand
from nguon.core.progress import progress_bars
from nguon.core.scope import UNRESTRICTED, Scope
from nguon.organizations.models import Organization
from nguon.programmes.models import Programme
from nguon.reports import services
from nguon.reports.builders import ReportError
from nguon.reports.choices import ReportKind
from nguon.reports.params import ReportParams
from nguon.reports.renderers import pdf as pdf_renderer
from nguon.reports.renderers.docx import TemplateError


def parse_kind(value: str) -> str:
    """A report kind from the command line ("programme-review" or "programme_review")."""
    kind = value.strip().lower().replace("-", "_")
    if kind not in ReportKind.values:
        raise CommandError(
            _("Unknown report kind '%(kind)s'; choose one of: %(choices)s.")
            % {"kind": value, "choices": ", ".join(v.replace("_", "-") for v in ReportKind.values)}
        )
    return kind


def _date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_user_date(value)
    except ValueError as error:
        raise CommandError(f"{option}: {error}") from None


class Command(NguonCommand):
    help = gettext_noop(
        "Write a report (Word, and PDF or the Excel annex) for an area and a period, issue it, or write the "
        "report of every commune under an area (--batch)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            help=_("Report kind: programme-review, representation, pipeline or annual-activity."),
        )
        parser.add_argument(
            "--area",
            required=True,
            help=_("Area code, e.g. 002 (Hoàn Kiếm); with --batch, 'all': every commune."),
        )
        parser.add_argument("--from", dest="start", help=_("Start of the period, dd/mm/yyyy or YYYY-MM-DD."))
        parser.add_argument("--to", dest="end", help=_("End of the period, dd/mm/yyyy or YYYY-MM-DD."))
        parser.add_argument(
            "--at", help=_("Date of the figures (default: the end of the period, else today).")
        )
        parser.add_argument(
            "--programme", help=_("The joint programme: its id or its number (programme review).")
        )
        parser.add_argument("--organization", type=int, help=_("The union's id (annual activity report)."))
        parser.add_argument("--number", default="", help=_('Number and symbol, e.g. "12-BC/HPN".'))
        parser.add_argument(
            "--place", default="", help=_("Place of the date line (default: the area's name).")
        )
        parser.add_argument("--signer", default="", help=_("Name of the signer."))
        parser.add_argument(
            "--out",
            help=_(
                "The Word file to write (default: named after the report); with --batch a folder or a .zip."
            ),
        )
        parser.add_argument("--pdf", action="store_true", help=_("Also write the PDF (needs LibreOffice)."))
        parser.add_argument(
            "--xlsx", action="store_true", help=_("Also write the Excel annex of the tables.")
        )
        parser.add_argument(
            "--issue", action="store_true", help=_("Keep the report as issued (needs --user).")
        )
        parser.add_argument(
            "--user", help=_("The user who issues the report, or whose area of work the report is read in.")
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help=_("Write the report of every commune or ward under the area."),
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=services.batch_jobs(),
            help=_(
                "With --batch: how many processes write the reports (default: one per processor, up to 8)."
            ),
        )

    # --- parsing ----------------------------------------------------------------------------------------
    def params(self, opts: dict[str, Any]) -> ReportParams:
        kind = parse_kind(str(opts["kind"]))
        start, end = _date(opts["start"], "--from"), _date(opts["end"], "--to")
        at = _date(opts["at"], "--at")
        if start and end and start > end:
            raise CommandError(_("--to: the end of the period comes before its start."))
        day = at or end or dt.date.today()
        self.whole_country = str(opts["area"]).strip().lower() == "all"
        if self.whole_country:
            if not opts["batch"]:
                raise CommandError(_("--area all is only for --batch (every commune of the country)."))
            communes = services.batch_units(None, day)
            if not communes:
                raise CommandError(_("No commune exists on %(date)s.") % {"date": format_date(day)})
            area = communes[0]  # each unit's report replaces it
        else:
            try:
                area = area_get_by_code(code=str(opts["area"]), at=day)
            except ValidationError as error:
                raise CommandError("--area: " + " ".join(error.messages)) from None
        programme = None
        if opts["programme"]:
            value = str(opts["programme"]).strip()
            qs = Programme.objects.filter(pk=int(value)) if value.isdigit() else Programme.objects.none()
            programme = qs.first() or Programme.objects.filter(number=value).order_by("-start_date").first()
            if programme is None:
                raise CommandError(
                    _("--programme: no joint programme has the id or number '%(v)s'.") % {"v": value}
                )
        elif kind == ReportKind.PROGRAMME_REVIEW:
            raise CommandError(_("--programme is required for a programme review (its id or its number)."))
        organization = None
        if opts["organization"] is not None:
            organization = Organization.objects.filter(pk=opts["organization"]).first()
            if organization is None:
                raise CommandError(
                    _("--organization: no organization has the id %(v)s.") % {"v": opts["organization"]}
                )
        elif kind == ReportKind.ANNUAL_ACTIVITY:
            raise CommandError(
                _("--organization is required for an annual activity report (the union's id).")
            )
        return ReportParams(
            kind=kind,
            area=area,
            start=start,
            end=end,
            at=at,
            programme=programme,
            organization=organization,
            number=opts["number"] or "",
            place=opts["place"] or "",
            signer=opts["signer"] or "",
        )

    def user(self, opts: dict[str, Any]) -> Any:
        if not opts["user"]:
            return None
        found = get_user_model().objects.filter(username=opts["user"], is_active=True).first()
        if found is None:
            raise CommandError(_("--user: no active user is called '%(v)s'.") % {"v": opts["user"]})
        return found

    # --- running ----------------------------------------------------------------------------------------
    def handle(self, *args: Any, **opts: Any) -> None:
        params = self.params(opts)
        user = self.user(opts)
        if opts["issue"] and user is None:
            raise CommandError(_("--issue needs --user: the user who issues the report."))
        scope: Scope = scope_for(user) if user is not None else UNRESTRICTED
        try:
            if opts["batch"]:
                return self.run_batch(params, scope, user, opts)
            return self.run_one(params, scope, user, opts)
        except ReportError as error:
            option = {"start": "--from", "end": "--to"}.get(
                error.field, f"--{error.field}" if error.field else ""
            )
            raise CommandError(f"{option}: {error.message}" if option else error.message) from None
        except PermissionDenied as error:
            raise CommandError(str(error) or _("This area is outside the user's area of work.")) from None
        except TemplateError as error:
            raise CommandError(_("The Word template has errors: %(e)s") % {"e": error}) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def run_one(self, params: ReportParams, scope: Scope, user: Any, opts: dict[str, Any]) -> None:
        if opts["issue"]:
            issued = services.report_issue(params=params, acting_user=user, source="cli")
            context = services.issued_context(issued)
            docx = services.issued_docx(issued)
            self.stdout.write(
                _("Issued report no. %(pk)s: %(title)s.") % {"pk": issued.pk, "title": issued.title}
            )
        else:
            context = services.report_build(params=params, scope=scope)
            docx = services.report_render(context=context, fmt="docx", scope=scope).data
        out = Path(opts["out"] or services.report_filename(context, "docx"))
        if out.suffix.lower() != ".docx":
            out = out.with_suffix(out.suffix + ".docx") if out.suffix else out.with_suffix(".docx")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(docx)
        self.stdout.write(_("Written: %(path)s") % {"path": out})
        if opts["xlsx"]:
            annex = services.report_render(context=context, fmt="xlsx", scope=scope).data
            path = out.with_suffix(".xlsx")
            path.write_bytes(annex)
            self.stdout.write(_("Written: %(path)s") % {"path": path})
        if opts["pdf"]:
            try:
                data = pdf_renderer.docx_to_pdf(docx)
            except pdf_renderer.PdfUnavailable as error:
                self.stderr.write(
                    _("The Word file is written; the PDF could not be made: %(reason)s") % {"reason": error}
                )
                return
            path = out.with_suffix(".pdf")
            path.write_bytes(data)
            self.stdout.write(_("Written: %(path)s") % {"path": path})

    def run_batch(self, params: ReportParams, scope: Scope, user: Any, opts: dict[str, Any]) -> None:
        if opts["issue"]:
            raise CommandError(_("--issue writes one report; it cannot be used with --batch."))
        if not opts["out"]:
            raise CommandError(_("--batch needs --out: a folder, or a file ending in .zip."))
        if opts["jobs"] < 1:
            raise CommandError(_("--jobs: at least 1 process (given: %(n)s).") % {"n": opts["jobs"]})
        out = Path(opts["out"])
        units = services.batch_units(None if self.whole_country else params.area, params.reference_date)
        if not units:
            raise CommandError(
                _("No commune or ward lies under %(area)s on %(date)s.")
                % {"area": params.area.name, "date": format_date(params.reference_date)}
            )
        console = Console(file=self.stdout, highlight=False, soft_wrap=True)  # type: ignore[arg-type]
        phase = (
            _("Reports of every commune")
            if self.whole_country
            else _("Reports of the units of %(area)s") % {"area": params.area.name}
        )
        failures: list[str] = []
        done = 0
        archive = None
        if out.suffix.lower() == ".zip":
            out.parent.mkdir(parents=True, exist_ok=True)
            archive = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
        else:
            out.mkdir(parents=True, exist_ok=True)
        names: set[str] = set()
        try:
            with progress_bars(console) as progress:
                progress(phase, 0, len(units))
                files = services.batch_files(
                    kind=params.kind, scope=scope, params=params, units=units, jobs=opts["jobs"]
                )
                for i, (unit, rendered, message) in enumerate(files, start=1):
                    if rendered is None:
                        failures.append(f"{unit.name} ({unit.code}): {message}")
                    else:
                        entry = services.batch_entry(unit, rendered, names)
                        if archive is not None:
                            archive.writestr(entry, rendered.data, compress_type=zipfile.ZIP_STORED)
                        else:
                            (out / entry).write_bytes(rendered.data)
                        done += 1
                    progress(phase, i, len(units))
        finally:
            if archive is not None:
                archive.close()
        for line in failures:
            self.stderr.write(_("Not written: %(line)s") % {"line": line})
        self.stdout.write(
            _("%(done)s of %(total)s reports written to %(path)s.")
            % {"done": format_int(done), "total": format_int(len(units)), "path": out}
        )
        if not done:
            raise CommandError(_("No report could be written."))
