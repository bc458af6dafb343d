"""Exporters: what a download or an ``--out`` file contains, apart from how it is formatted.

After pretix's ``base/exporter.py``: an exporter knows its rows, a renderer formats them, and
``render()`` returns ``(filename, content_type, data)`` — the same for the page's download (through
``nguon.core.downloads.download``) and for a command's ``--out`` file. An :class:`XlsxExporter` yields
:class:`~nguon.core.xlsx.Sheet` s of plain rows; the house renderer (:func:`~nguon.core.xlsx.render_xlsx`)
writes them, under the Vietnamese locale, so labels from the choices come out in Vietnamese wherever the
export runs.

Adding an exporter: subclass :class:`XlsxExporter`, set ``identifier`` and ``verbose_name``, return the
file's stem from :meth:`~XlsxExporter.filename` and yield its sheets from :meth:`~XlsxExporter.sheets`;
then serve it with ``download(MyExporter(...).render())`` and/or write ``render().data`` in a command.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, NamedTuple, Protocol, runtime_checkable

from django.utils import translation

from .xlsx import XLSX, Instructions, Sheet, render_xlsx

LANGUAGE = "vi"  # the workbooks are Vietnamese documents: their headers and labels, wherever they are made


class Rendered(NamedTuple):
    """A rendered file: its name (Vietnamese letters allowed), its content type and its bytes."""

    filename: str
    content_type: str
    data: bytes


@runtime_checkable
class Exporter(Protocol):
    """Anything that renders a file: the people export, the indicator table, the error workbook, templates."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[str]

    def render(self) -> Rendered: ...


class XlsxExporter:
    """An exporter of sheets of rows, rendered in the house XLSX format."""

    identifier: ClassVar[str] = ""
    verbose_name: ClassVar[str] = ""

    def filename(self) -> str:
        """The file's name without its extension."""
        return self.identifier

    def sheets(self) -> Iterable[Sheet]:
        raise NotImplementedError

    def instructions(self) -> Instructions | None:
        """An instructions sheet put first (templates); none by default."""
        return None

    def render(self) -> Rendered:
        with translation.override(LANGUAGE):
            data = render_xlsx(self.sheets(), instructions=self.instructions())
            return Rendered(f"{self.filename()}.xlsx", XLSX, data)
