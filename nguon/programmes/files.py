"""The check of an activity's file before anything is stored: its size, and its real type read from the content
(``filetype``: magic numbers, no libmagic) against the type its name claims; an image must also decode
(Pillow). A file that fails is refused with a Vietnamese message naming it; nothing is written."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

#: extension → the MIME type the content must have. Office files are ZIP (docx, xlsx) or OLE (doc, xls)
#: containers: ``filetype`` names the container, the name says which document it is.
ACCEPTED: dict[str, tuple[str, ...]] = {
    ".jpg": ("image/jpeg",),
    ".jpeg": ("image/jpeg",),
    ".png": ("image/png",),
    ".webp": ("image/webp",),
    ".heic": ("image/heic", "image/heif"),
    ".gif": ("image/gif",),
    ".pdf": ("application/pdf",),
    ".docx": ("application/zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("application/zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".doc": ("application/x-ole-storage", "application/msword"),
    ".xls": ("application/x-ole-storage", "application/vnd.ms-excel"),
}
#: the MIME type stored for an extension (what the download answers with)
STORED_TYPE: dict[str, str] = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
}
#: images Pillow must open (HEIC is not in Pillow without a plug-in: its magic number is checked only)
DECODED = {".jpg", ".jpeg", ".png", ".webp", ".gif"}


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the check: its name as the user sent it, extension, stored type, size, digest and
    content."""

    name: str
    extension: str
    content_type: str
    size: int
    sha256: str
    content: bytes


def max_bytes() -> int:
    return int(getattr(settings, "ACTIVITY_FILE_MAX_BYTES", 10 * 1024 * 1024))


def file_check(name: str, stream: IO[bytes]) -> tuple[CheckedFile | None, str]:
    """(the checked file, "") or (None, the Vietnamese reason). Reads at most the limit plus one byte."""
    clean = PurePath(name.replace("\\", "/")).name.strip() or "tep"
    clean = clean[-200:]
    extension = PurePath(clean).suffix.lower()
    if extension not in ACCEPTED:
        return None, _(
            "The file %(name)s is not of an accepted type (photos JPG, PNG, WEBP, HEIC, GIF; documents PDF, "
            "DOC, DOCX, XLS, XLSX)."
        ) % {"name": clean}
    limit = max_bytes()
    content = stream.read(limit + 1)
    if len(content) > limit:
        return None, _("The file %(name)s is larger than %(limit)s.") % {
            "name": clean,
            "limit": filesizeformat(limit),
        }
    if not content:
        return None, _("The file %(name)s is empty.") % {"name": clean}
    kind = filetype.guess(content)
    found = kind.mime if kind is not None else ""
    if found not in ACCEPTED[extension]:
        return None, _("The file %(name)s is not what its name says: its content is not a %(type)s file.") % {
            "name": clean,
            "type": extension.lstrip(".").upper(),
        }
    if extension in DECODED and not _decodes(content):
        return None, _("The photo %(name)s cannot be opened: the file is damaged.") % {"name": clean}
    return (
        CheckedFile(
            name=clean,
            extension=extension,
            content_type=STORED_TYPE[extension],
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
        ),
        "",
    )


def _decodes(content: bytes) -> bool:
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
    except Exception:  # any failure to decode is a damaged photo
        return False
    return True
