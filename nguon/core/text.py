"""Vietnamese text helpers: NFC normalisation, accent-insensitive search keys, Vietnamese sort keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import icu

_SPACES = re.compile(r"\s+")


def clean_text(value: str) -> str:
    """NFC-normalise, turn non-breaking spaces into spaces, collapse runs of spaces and strip."""
    value = unicodedata.normalize("NFC", value).replace("\u00a0", " ").replace("\u200b", "")
    return _SPACES.sub(" ", value).strip()


def fold(value: str) -> str:
    """Accent- and case-insensitive key: "Đặng Thị Hoàng" -> "dang thi hoang"."""
    decomposed = unicodedata.normalize("NFD", clean_text(value).replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.casefold()


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
    return _collator().getSortKey(clean_text(value)).hex()


def name_sort_key(full_name: str) -> str:
    """Vietnamese sort key of a person's name: given name, then middle, then family name (đ after d)."""
    family, middle, given = split_name(full_name)
    # "\x01" sorts before any letter, so "An" comes before "An Bình" as the given-name field ends.
    return "01".join(collation_key(part) for part in (given, middle, family))
