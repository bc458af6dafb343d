"""Vietnamese text helpers: NFC normalisation, accent-insensitive search keys, Vietnamese sort keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import icu

_SPACES = re.compile(r"\s+")
# A string clean_text would change: any whitespace but a single inner space, a zero-width space.
_UNCLEAN = re.compile(r"[^\S ]|  |^ | $|\u200b")


def clean_text(value: str) -> str:
    """NFC-normalise, turn non-breaking spaces into spaces, collapse runs of spaces and strip."""
    if unicodedata.is_normalized("NFC", value) and not _UNCLEAN.search(value):
        return value  # already clean: the common case, two C-level scans
    value = unicodedata.normalize("NFC", value).replace("\u00a0", " ").replace("\u200b", "")
    return _SPACES.sub(" ", value).strip()


class _FoldTable(dict[int, int | str | None]):
    """str.translate's table for fold: combining marks (Unicode category Mn) removed, Đ/đ to D/d; filled
    in as characters are met, so each is classified once."""

    def __missing__(self, code: int) -> int | str | None:
        value: int | str | None = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = value
        return value


_FOLD = _FoldTable({ord("Đ"): "D", ord("đ"): "d"})


def fold(value: str) -> str:
    """Accent- and case-insensitive key: "Đặng Thị Hoàng" -> "dang thi hoang"."""
    value = clean_text(value)
    if value.isascii():
        return value.casefold()
    return unicodedata.normalize("NFD", value).translate(_FOLD).casefold()


@lru_cache(maxsize=1)
def _collator() -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale("vi_VN"))


def split_name(full_name: str) -> tuple[str, str, str]:
    """Split a Vietnamese full name into (family, middle, given): "Nguyễn Thị Minh Khai" -> ("Nguyễn", "Thị Minh", "Khai")."""
    parts = clean_text(full_name).split(" ")
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def collation_key(value: str) -> str:
    """Hex of the ICU vi_VN collation key: comparing these strings bytewise sorts in Vietnamese order."""
    key: bytes = _collator().getSortKey(clean_text(value))
    return key.hex()


def name_sort_key(full_name: str) -> str:
    """Vietnamese sort key of a person's name: given name, then middle, then family name (đ after d)."""
    family, middle, given = split_name(full_name)
    # "\x01" sorts before any letter, so "An" comes before "An Bình" as the given-name field ends.
    return "01".join(collation_key(part) for part in (given, middle, family))
