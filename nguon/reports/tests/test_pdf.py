"""PDF through LibreOffice: a real conversion when soffice is installed (here and in CI), with the pages
expected and the page number printed from page 2 only; a clear Vietnamese message when it is not."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from nguon.reports.context import Paragraph, ReportContext, Section
from nguon.reports.renderers import pdf
from nguon.reports.renderers.docx import render_docx
from nguon.reports.renderers.pdf import PdfUnavailable, docx_to_pdf

from .test_docx import chart_calls, sample_report  # noqa: F401 - the fixture

needs_soffice = pytest.mark.skipif(pdf.soffice() is None, reason="LibreOffice (soffice) is not installed")


def pages(data: bytes) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True, text=False)
        return int(re.search(rb"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def page_text(data: bytes, page: int) -> str:
    done = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", "-", "-"], input=data, capture_output=True
    )
    return done.stdout.decode()


def short_report() -> ReportContext:
    context = sample_report()
    one = Section("one", "KẾT QUẢ", "I.", blocks=(Paragraph("Ở cấp cơ sở, có hơn 33% nữ."),))
    return ReportContext(**{**context.__dict__, "sections": (one,)})


@needs_soffice
@pytest.mark.usefixtures("chart_calls")
def test_a_short_report_is_one_page() -> None:
    data = docx_to_pdf(render_docx(short_report()))
    assert data.startswith(b"%PDF")
    assert pages(data) == 1


@needs_soffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
@pytest.mark.usefixtures("chart_calls")
def test_a_long_report_numbers_its_pages_from_two() -> None:
    data = docx_to_pdf(render_docx(sample_report(length=12)))
    count = pages(data)
    assert count >= 3
    first, second = page_text(data, 1), page_text(data, 2)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first and "Hoàn Kiếm, ngày 25 tháng 9 năm 2020" in first
    assert first.strip().splitlines()[0].strip() != "1"  # no number on the first page
    assert second.strip().splitlines()[0].strip() == "2"  # centred at the top from page 2
    assert page_text(data, count).strip().splitlines()[0].strip() == str(count)
    assert "Nguyễn Thị Hoa" in page_text(data, count)  # the signature, on the last page


def test_without_libreoffice_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert pdf.soffice() is None
    with pytest.raises(PdfUnavailable) as caught:
        docx_to_pdf(b"PK")
    assert str(caught.value) == "Máy chủ chưa cài LibreOffice nên không tạo được PDF; hãy tải bản Word."


def test_libreoffice_failing_or_hanging(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "soffice", lambda: "/bin/false")
    with pytest.raises(PdfUnavailable) as caught:
        docx_to_pdf(b"PK")
    assert str(caught.value) == "LibreOffice không tạo được PDF; hãy tải bản Word."
    hanging = tmp_path / "soffice"
    hanging.write_text("#!/bin/sh\nsleep 30\n")
    hanging.chmod(0o755)
    monkeypatch.setattr(pdf, "soffice", lambda: str(hanging))
    with pytest.raises(PdfUnavailable) as caught:
        docx_to_pdf(b"PK", timeout=1)
    assert str(caught.value) == "LibreOffice tạo PDF quá lâu; hãy thử lại sau hoặc tải bản Word."
