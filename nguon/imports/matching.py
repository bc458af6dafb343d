"""Which existing organization, body or post a name typed in a workbook most likely means (pure).

An import finds structure by its folded name within its parent (an organization within its area, a body or
a post within its organization). A name that is not found is either genuinely new, or a near-duplicate of
one that exists: "Chủ tịch" typed for the Women's Union of a ward, where "Chủ tịch Hội LHPN phường" is
registered. ``closest`` tells them apart, so the importer can create the first kind when the user allows
new structure and stop at the second kind with the proposal, unless the user confirms that it is new.

Names are compared as words after ``fold`` (no accents, no case) with the usual abbreviations written out
("UBND" = "Ủy ban nhân dân", "Hội LHPN" = "Hội Liên hiệp Phụ nữ", "HĐND", "MTTQ", "Đoàn TNCS", …):

- the same words: the same structure (``Match.same``), e.g. "UBND phường X" and "Ủy ban nhân dân phường X";
- a near-duplicate: the words of one name all appear in the other ("Chủ tịch" in "Chủ tịch Hội LHPN
  phường"), or the two read almost alike (a similarity ratio of at least ``NEAR_RATIO``); a deputy ("Phó
  …") is never a near-duplicate of the post it deputizes, nor the other way round;
- anything else: no proposal.

Candidates are only ever those of the one parent the caller passes: a proposal is always in the same
parent. When several are close, the same one wins over a near one, then the one sharing the most words,
then the most alike, then the first given.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Generic, TypeVar

from nguon.core.text import fold

K = TypeVar("K")
P = TypeVar("P")

NEAR_RATIO = 0.88

# Folded abbreviation -> its folded words. Only abbreviations that mean one thing in the names of
# Vietnamese political-administrative structure.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ubnd": ("uy", "ban", "nhan", "dan"),
    "hdnd": ("hoi", "dong", "nhan", "dan"),
    "mttq": ("mat", "tran", "to", "quoc"),
    "mttqvn": ("mat", "tran", "to", "quoc", "viet", "nam"),
    "lhpn": ("lien", "hiep", "phu", "nu"),
    "hlhpn": ("hoi", "lien", "hiep", "phu", "nu"),
    "tncs": ("thanh", "nien", "cong", "san"),
    "tncshcm": ("thanh", "nien", "cong", "san", "ho", "chi", "minh"),
    "hcm": ("ho", "chi", "minh"),
    "ccb": ("cuu", "chien", "binh"),
    "bch": ("ban", "chap", "hanh"),
    "btv": ("ban", "thuong", "vu"),
    "ubkt": ("uy", "ban", "kiem", "tra"),
    "vn": ("viet", "nam"),
    "pct": ("pho", "chu", "tich"),
    "ct": ("chu", "tich"),
    "pbt": ("pho", "bi", "thu"),
    "bt": ("bi", "thu"),
    "uv": ("uy", "vien"),
    "uvbch": ("uy", "vien", "ban", "chap", "hanh"),
    "uvbtv": ("uy", "vien", "ban", "thuong", "vu"),
}
DEPUTY = "pho"

_WORD = re.compile(r"[0-9a-z]+")


def words(name: str) -> tuple[str, ...]:
    """The folded words of a name, abbreviations written out: "Hội LHPN" -> ("hoi", "lien", "hiep", "phu",
    "nu")."""
    out: list[str] = []
    for word in _WORD.findall(fold(name)):
        out.extend(ABBREVIATIONS.get(word, (word,)))
    return tuple(out)


@dataclass(frozen=True)
class Match(Generic[K]):
    """The closest candidate: its key, its name, and whether it is the same structure or only close."""

    key: K
    name: str
    same: bool
    shared: int  # words the two names have in common
    ratio: float  # difflib's similarity of the two names' words


def _is_deputy(w: tuple[str, ...]) -> bool:
    return bool(w) and w[0] == DEPUTY


def _compare(typed: tuple[str, ...], other: tuple[str, ...]) -> tuple[bool, bool, int, float]:
    """(same, near, shared words, ratio) of two names' words."""
    if typed == other:
        return True, True, len(typed), 1.0
    if not typed or not other or _is_deputy(typed) != _is_deputy(other):
        return False, False, 0, 0.0
    shared = sum((Counter(typed) & Counter(other)).values())
    # difflib's ratio depends on the order of its arguments: take both, so closeness is symmetric.
    a, b = " ".join(typed), " ".join(other)
    ratio = max(
        SequenceMatcher(None, a, b, autojunk=False).ratio(),
        SequenceMatcher(None, b, a, autojunk=False).ratio(),
    )
    contained = shared == min(len(typed), len(other))
    return False, contained or ratio >= NEAR_RATIO, shared, ratio


def closest(name: str, candidates: Iterable[tuple[K, str]]) -> Match[K] | None:
    """The candidate (key, name) that ``name`` most likely means, or None when none is close. An exact
    folded match always wins; see the module docstring for the order."""
    typed = words(name)
    typed_fold = fold(name)
    best: tuple[tuple[bool, int, float], Match[K]] | None = None
    for key, other in candidates:
        if fold(other) == typed_fold:
            return Match(key, other, True, len(typed), 1.0)
        same, near, shared, ratio = _compare(typed, words(other))
        if not near:
            continue
        rank = (same, shared, ratio)
        if best is None or rank > best[0]:
            best = (rank, Match(key, other, same, shared, ratio))
    return None if best is None else best[1]


class Siblings(Generic[P, K]):
    """Names of structure grouped by parent: found by folded name in one dict probe, proposed by
    ``closest`` among that parent's own names only."""

    def __init__(self) -> None:
        self._by_parent: dict[P, dict[str, tuple[K, str]]] = {}

    def add(self, parent: P, key: K, name: str) -> None:
        self._by_parent.setdefault(parent, {}).setdefault(fold(name), (key, name))

    def get(self, parent: P, name: str) -> K | None:
        found = self._by_parent.get(parent, {}).get(fold(name))
        return None if found is None else found[0]

    def closest(self, parent: P, name: str) -> Match[K] | None:
        return closest(name, self._by_parent.get(parent, {}).values())
