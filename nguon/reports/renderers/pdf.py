"""PDF through LibreOffice headless (``soffice --convert-to pdf``), when installed. Placeholder."""

from __future__ import annotations


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed (or failed): the message says so in Vietnamese."""


def soffice() -> str | None:
    raise NotImplementedError


def docx_to_pdf(data: bytes) -> bytes:
    raise NotImplementedError
