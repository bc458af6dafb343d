"""PDF through LibreOffice headless (``soffice --convert-to pdf``), when installed.

Each conversion runs in its own temporary folder with its own LibreOffice profile
(``-env:UserInstallation``): two conversions at once (a batch, two officers) do not fight over one profile,
and a crashed one leaves nothing behind. Times New Roman is substituted by Liberation Serif where it is not
installed (the same metrics, every Vietnamese letter)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

TIMEOUT = 120  # seconds: a long report converts in a few; a hung LibreOffice is stopped


class PdfUnavailable(RuntimeError):
    """LibreOffice is not installed (or failed): the message says so in Vietnamese."""


def soffice() -> str | None:
    """The path of LibreOffice's command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, *, timeout: int = TIMEOUT) -> bytes:
    """The PDF of a .docx. Raises :class:`PdfUnavailable` when LibreOffice is absent or fails."""
    command = soffice()
    if command is None:
        raise PdfUnavailable(
            _("The server has no LibreOffice, so no PDF can be made; download the Word file.")
        )
    with tempfile.TemporaryDirectory(prefix="nguon-pdf-") as folder:
        root = Path(folder)
        source = root / "report.docx"
        source.write_bytes(data)
        profile = (root / "profile").as_uri()
        arguments = [
            command,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(root),
            str(source),
        ]
        try:
            # its own process group: soffice is a script that starts soffice.bin, and a hung conversion is
            # stopped whole
            process = subprocess.Popen(
                arguments,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=root,
                start_new_session=True,
            )
        except OSError as error:
            raise PdfUnavailable(_("LibreOffice could not make the PDF; download the Word file.")) from error
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            _stop(process)
            raise PdfUnavailable(
                _("LibreOffice took too long to make the PDF; try again later or download the Word file.")
            ) from error
        target = root / "report.pdf"
        if returncode != 0 or not target.exists() or not target.read_bytes().startswith(b"%PDF"):
            raise PdfUnavailable(_("LibreOffice could not make the PDF; download the Word file."))
        return target.read_bytes()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the conversion's process group (this conversion's own, started by it) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
