"""One way to send a file: its name in Vietnamese, its type, and never a cached copy of personal data.

``download(rendered)`` answers an exporter's :class:`~nguon.core.exporters.Rendered` file as an attachment:
``Content-Disposition`` with an ASCII ``filename`` for old clients and the real name in ``filename*``
(RFC 6266 / RFC 5987), ``Cache-Control: private, no-store`` (rosters hold personal data: no proxy or browser
cache keeps them), and ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.http import HttpResponse

from .exporters import Rendered
from .text import fold

NO_STORE = "private, no-store"
_SAFE = re.compile(r"[A-Za-z0-9._-]+")


def content_disposition(filename: str) -> str:
    """``attachment; filename="chi-so.xlsx"; filename*=UTF-8''ch%E1%BB%89-s%E1%BB%91.xlsx``."""
    name = re.sub(r"[\x00-\x1f\"\\/]+", "_", filename).strip() or "download"
    if _SAFE.fullmatch(name):
        return f'attachment; filename="{name}"'
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(name)).strip("-") or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(rendered: Rendered) -> HttpResponse:
    """The rendered file as an attachment, not to be cached."""
    response = HttpResponse(rendered.data, content_type=rendered.content_type)
    response["Content-Disposition"] = content_disposition(rendered.filename)
    response["Cache-Control"] = NO_STORE
    response["X-Content-Type-Options"] = "nosniff"
    return response
