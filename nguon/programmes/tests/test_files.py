"""files.file_check: accepted types by their real content, refused files with a Vietnamese reason."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation
from PIL import Image

from nguon.programmes.files import file_check


def image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (20, 90, 200)).save(out, format=fmt)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("anh.jpg", lambda: image("JPEG"), "image/jpeg"),
        ("anh.JPEG", lambda: image("JPEG"), "image/jpeg"),
        ("anh.png", lambda: image("PNG"), "image/png"),
        ("anh.webp", lambda: image("WEBP"), "image/webp"),
        ("anh.gif", lambda: image("GIF"), "image/gif"),
        ("bien-ban.pdf", lambda: PDF, "application/pdf"),
        ("bao-cao.docx", docx, None),
        ("danh-sach.xlsx", xlsx, None),
    ],
)
def test_accepted(name, content, mime):
    data = content()
    found, reason = file_check(name, io.BytesIO(data))
    assert reason == ""
    assert found is not None
    assert found.size == len(data)
    assert found.name == name
    assert found.extension == name[name.rindex(".") :].lower()
    if mime:
        assert found.content_type == mime


def test_over_the_limit(settings):
    settings.ACTIVITY_FILE_MAX_BYTES = 100
    found, reason = file_check("anh.png", io.BytesIO(image("PNG") + b"\0" * 200))
    assert found is None and "anh.png" in reason


def test_at_the_limit_is_accepted(settings):
    data = image("PNG")
    settings.ACTIVITY_FILE_MAX_BYTES = len(data)
    assert file_check("anh.png", io.BytesIO(data))[0] is not None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("trong.jpg", b""),
        ("script.exe", b"MZ\x90\x00"),
        ("khong-duoi", image("PNG")),
        ("gia.jpg", b"this is plain text, not a photo"),
        ("gia.jpg", PDF),
        ("gia.pdf", image("PNG")),
        ("cut.png", image("PNG")[:40]),
        ("gia.docx", PDF),
    ],
)
def test_refused(name, content):
    found, reason = file_check(name, io.BytesIO(content))
    assert found is None
    assert name in reason


def test_name_keeps_only_the_last_part():
    found, _ = file_check("../../etc/passwd.jpg", io.BytesIO(image("JPEG")))
    assert found is not None and found.name == "passwd.jpg"
    found, _ = file_check("C:\\Users\\lan\\anh.png", io.BytesIO(image("PNG")))
    assert found is not None and found.name == "anh.png"
    found, reason = file_check("../../etc/passwd", io.BytesIO(b"root:x:0:0"))
    assert found is None and "/" not in reason


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("a.exe", b"MZ", "không thuộc loại được chấp nhận"),
        ("a.jpg", b"", "không có nội dung"),
        ("a.jpg", b"text", "không đúng như tên gọi"),
        ("a.png", image("PNG")[:40], "bị hỏng"),
    ],
)
def test_messages_are_vietnamese(name, content, words):
    with translation.override("vi"):
        _found, reason = file_check(name, io.BytesIO(content))
    assert words in reason


def test_limit_message_is_vietnamese(settings):
    settings.ACTIVITY_FILE_MAX_BYTES = 10
    with translation.override("vi"):
        _found, reason = file_check("a.png", io.BytesIO(image("PNG")))
    assert "lớn hơn" in reason
