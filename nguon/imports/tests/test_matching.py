"""The proposal of the closest existing structure for a name typed in a workbook (imports.matching)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nguon.core.text import fold
from nguon.imports.matching import Siblings, closest, words

WORDS = ["Chủ tịch", "Phó", "Bí thư", "Hội", "LHPN", "phường", "xã", "UBND", "Đảng bộ", "Ủy viên", "Ban"]
names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
cases = st.sampled_from([str.lower, str.upper, str.title, lambda s: s])


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("Hội LHPN phường Ba Đình", "Hội Liên hiệp Phụ nữ phường Ba Đình"),
        ("UBND xã Tây Phương", "Ủy ban nhân dân xã Tây Phương"),
        ("HĐND phường Láng", "Hội đồng nhân dân phường Láng"),
        ("Ủy ban MTTQ phường Láng", "Ủy ban Mặt trận Tổ quốc phường Láng"),
        ("Đoàn TNCS Hồ Chí Minh xã A", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã A"),
        ("Uỷ viên BCH", "Ủy viên Ban Chấp hành"),
    ],
)
def test_abbreviations_name_the_same_structure(short: str, long: str) -> None:
    """An abbreviation and the words it stands for are the same structure, both ways."""
    assert words(short) == words(long)
    match = closest(short, [(1, long), (2, "Đảng bộ phường Láng")])
    assert match is not None and match.key == 1 and match.same
    back = closest(long, [(1, short)])
    assert back is not None and back.same


def test_a_post_typed_short_is_proposed_the_registered_long_one() -> None:
    """'Chủ tịch' in the Women's Union proposes 'Chủ tịch Hội LHPN phường', as a near-duplicate (not the
    same), and not its deputy."""
    registered = [(1, "Phó Chủ tịch Hội LHPN phường"), (2, "Chủ tịch Hội LHPN phường"), (3, "Ủy viên")]
    match = closest("Chủ tịch", registered)
    assert match is not None and match.key == 2 and not match.same


def test_deputies_are_not_near_duplicates() -> None:
    """'Bí thư' and 'Phó Bí thư' are two posts: neither is proposed for the other."""
    assert closest("Bí thư", [(1, "Phó Bí thư")]) is None
    assert closest("Phó Bí thư", [(1, "Bí thư")]) is None


def test_unrelated_names_get_no_proposal() -> None:
    """A post sharing no likeness with any registered one is genuinely new."""
    assert closest("Trưởng ban Tuyên giáo", [(1, "Chủ tịch"), (2, "Ủy viên Ban Chấp hành")]) is None
    assert closest("Chủ tịch", []) is None


@given(name=names, other=st.lists(names, max_size=6), case=cases, at=st.integers(min_value=0))
def test_an_exact_folded_match_always_wins(name: str, other: list[str], case: object, at: int) -> None:
    """Whatever else is registered, a candidate whose folded name equals the typed one is chosen, and is
    the same structure."""
    typed = case(name)  # type: ignore[operator]
    candidates = [(i, n) for i, n in enumerate(other) if fold(n) != fold(name)]
    candidates.insert(at % (len(candidates) + 1), (-1, name))
    match = closest(typed, candidates)
    assert match is not None and match.key == -1 and match.same


@given(
    name=names,
    parents=st.dictionaries(st.integers(0, 4), st.lists(names, max_size=4), max_size=5),
    parent=st.integers(0, 4),
)
def test_a_proposal_is_always_within_the_same_parent(
    name: str, parents: dict[int, list[str]], parent: int
) -> None:
    """Siblings proposes only names registered under the parent asked about."""
    index: Siblings[int, tuple[int, int]] = Siblings()
    for p, registered in parents.items():
        for i, n in enumerate(registered):
            index.add(p, (p, i), n)
    match = index.closest(parent, name)
    if match is not None:
        assert match.key[0] == parent
    found = index.get(parent, name)
    if found is not None:
        assert found[0] == parent and fold(parents[parent][found[1]]) == fold(name)


@given(name=names, other=names)
def test_closeness_is_symmetric_for_two_names(name: str, other: str) -> None:
    """If A is proposed for B, B is proposed for A: closeness does not depend on which was typed."""
    assert (closest(name, [(1, other)]) is None) == (closest(other, [(1, name)]) is None)
