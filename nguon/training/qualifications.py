"""The order of qualification levels (pure: no database).

Each field's levels are ordered as ``people.choices`` lists them, lowest first, with "" (none, not recorded)
below every level: education (THPT < trung cấp < cao đẳng < đại học < thạc sĩ < tiến sĩ), political theory
(sơ cấp < trung cấp < cao cấp < cử nhân), state management (chuyên viên < chuyên viên chính < chuyên viên
cao cấp). A code the field does not know ranks below "" for ``at_least`` (it meets no requirement except
none) and loses to every known code in ``higher``.
"""

from __future__ import annotations

from nguon.people.choices import Education, PoliticalTheory, StateManagement

EDUCATION = "education"
POLITICAL_THEORY = "political_theory"
STATE_MANAGEMENT = "state_management"
FIELDS = (EDUCATION, POLITICAL_THEORY, STATE_MANAGEMENT)

LEVEL_ORDER: dict[str, tuple[str, ...]] = {
    EDUCATION: tuple(str(c) for c in Education.values),
    POLITICAL_THEORY: tuple(str(c) for c in PoliticalTheory.values),
    STATE_MANAGEMENT: tuple(str(c) for c in StateManagement.values),
}


def rank(field: str, code: str | None) -> int:
    """The position of ``code`` in ``field``'s order ("" = 0; unknown = -1). KeyError for an unknown field."""
    order = LEVEL_ORDER[field]
    code = code or ""
    return order.index(code) if code in order else -1


def at_least(field: str, have: str | None, need: str | None) -> bool:
    """Whether level ``have`` meets the requirement ``need`` in ``field`` (no requirement is always met)."""
    if not need:
        return True
    needed = rank(field, need)
    if needed < 0:
        raise ValueError(f"unknown level {need!r} of {field}")
    return rank(field, have) >= needed


def higher(field: str, a: str | None, b: str | None) -> str:
    """The higher of two levels of ``field`` (``a`` when equal; an unknown code loses to a known one)."""
    a, b = a or "", b or ""
    return b if rank(field, b) > rank(field, a) else a


def is_level(field: str, code: str) -> bool:
    """Whether ``code`` is a (non-empty) level of ``field``."""
    return bool(code) and code in LEVEL_ORDER.get(field, ())
