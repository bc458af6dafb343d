"""The demo's review report: the 2015–2020 Hoàn Kiếm programme review (programme 01/CTPH-HPN-QĐ) as of the
review conference (25/9/2020), written from the demo data to ``var/reports/`` — the Word file, and its PDF
when LibreOffice is installed. Read through the unrestricted scope, as the command line reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from nguon.areas.models import Area
from nguon.core.scope import UNRESTRICTED
from nguon.organizations.models import Organization
from nguon.programmes.models import Programme
from nguon.reports import services
from nguon.reports.choices import ReportKind
from nguon.reports.params import ReportParams
from nguon.reports.renderers import pdf as pdf_renderer

from .plan import PERIOD, REFERENCE

PROGRAMME_NUMBER = "01/CTPH-HPN-QĐ"
STEM = "bao-cao-tong-ket-ctph-2015-2020"


@dataclass(frozen=True)
class DemoReport:
    docx: Path
    pdf: Path | None
    pdf_problem: str = ""  # why there is no PDF


def reports_dir() -> Path:
    """``var/reports`` (``NGUON_REPORTS_DIR`` in the settings overrides it, e.g. for the tests)."""
    return Path(getattr(settings, "NGUON_REPORTS_DIR", "") or Path(settings.VAR_DIR) / "reports")


def demo_review_params(district: Area) -> ReportParams:
    programme = Programme.objects.filter(number=PROGRAMME_NUMBER).order_by("start_date").first()
    if programme is None:
        raise LookupError(PROGRAMME_NUMBER)
    issuer = Organization.objects.filter(area=district, kind="womens_union").order_by("id").first()
    return ReportParams(
        kind=ReportKind.PROGRAMME_REVIEW,
        area=district,
        start=PERIOD[0],  # the review counts the five years 2015–2020, as the article does
        end=REFERENCE,
        at=REFERENCE,
        programme=programme,
        organization=issuer,
        issued_on=REFERENCE,
    )


def demo_review_write(district: Area, folder: Path | None = None) -> DemoReport:
    """Build and write the review; the PDF is skipped (with the reason) when LibreOffice is missing."""
    folder = folder or reports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    params = demo_review_params(district)
    context = services.report_build(params=params, scope=UNRESTRICTED)
    docx = services.report_render(context=context, fmt="docx", scope=UNRESTRICTED).data
    docx_path = folder / f"{STEM}.docx"
    docx_path.write_bytes(docx)
    try:
        data = pdf_renderer.docx_to_pdf(docx)
    except pdf_renderer.PdfUnavailable as error:
        return DemoReport(docx_path, None, str(error))
    pdf_path = folder / f"{STEM}.pdf"
    pdf_path.write_bytes(data)
    return DemoReport(docx_path, pdf_path)
