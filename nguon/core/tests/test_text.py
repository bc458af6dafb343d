import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from nguon.core.formats import format_int, format_percent
from nguon.core.text import clean_text, fold, name_sort_key


def test_fold_removes_diacritics_and_case():
    """Searching "hoang" finds "Hoàng" and "dang" finds "Đặng"."""
    assert fold("Đặng Thị Hoàng") == "dang thi hoang"
    assert fold(unicodedata.normalize("NFD", "Nguyễn Ánh")) == "nguyen anh"


def test_clean_text_normalises_nfc_and_spaces():
    nfd = unicodedata.normalize("NFD", "Trần\u00a0 Thị  Ánh ")
    assert clean_text(nfd) == "Trần Thị Ánh"
    assert unicodedata.is_normalized("NFC", clean_text(nfd))


def test_vietnamese_sort_order_by_given_name():
    """Given name first, Vietnamese letter order (a ă â … d đ), then middle, then family name."""
    names = [
        "Bùi Ơn",
        "Vũ Ô",
        "Hoàng Đào",
        "Phạm Dũng",
        "Lê Bình",
        "Trần Ân",
        "Đặng Thị Ánh",
        "Nguyễn Văn Anh",
    ]
    expected = [
        "Nguyễn Văn Anh",
        "Đặng Thị Ánh",
        "Trần Ân",
        "Lê Bình",
        "Phạm Dũng",
        "Hoàng Đào",
        "Vũ Ô",
        "Bùi Ơn",
    ]
    assert sorted(names, key=name_sort_key) == expected
    assert sorted(["Trần Văn An", "Lê An", "Nguyễn Văn An"], key=name_sort_key) == [
        "Lê An",
        "Nguyễn Văn An",
        "Trần Văn An",
    ]


def test_vietnamese_number_formats():
    assert format_percent(30.30303) == "30,3%"
    assert format_percent(46.25) == "46,3%"
    assert format_percent(None) == "—"
    assert format_int(3321) == "3.321"
    assert format_int(10599) == "10.599"


def test_a_share_text_does_not_depend_on_what_was_formatted_before():
    """The formatter's cache is kept by the value's text: equal numbers that round apart stay apart."""
    from decimal import Decimal

    assert format_percent(-0.0) == "-0,0%" and format_percent(0.0) == "0,0%"
    exact = Decimal.from_float(0.15)  # the float's exact value, 0.1499…, equal to it but written otherwise
    assert exact == 0.15
    assert format_percent(0.15) == "0,2%" and format_percent(exact) == "0,1%"


def test_format_number():
    from decimal import Decimal

    from nguon.core.formats import format_number

    assert format_number(Decimal("15.00")) == "15"
    assert format_number(Decimal("37.50")) == "37,5"
    assert format_number(3321) == "3.321"


def _fold_reference(value: str) -> str:
    """fold as first written: every character classified on every call."""
    value = unicodedata.normalize("NFC", value).replace("\u00a0", " ").replace("\u200b", "")
    value = re.sub(r"\s+", " ", value).strip()
    decomposed = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").casefold()


def _clean_reference(value: str) -> str:
    value = unicodedata.normalize("NFC", value).replace("\u00a0", " ").replace("\u200b", "")
    return re.sub(r"\s+", " ", value).strip()


VIETNAMESE = (
    "ĐđÀÁẢÃẠàáảãạăằắẳẵặâầấẩẫậêềếểễệôồốổỗộơờớởỡợưừứửữựĩịỹỳ\u0300\u0301\u0303\u0309\u0323 \u00a0\u200b\t\n"
)


@given(st.text(alphabet=st.characters() | st.sampled_from(VIETNAMESE)))
def test_fold_and_clean_text_fast_paths_agree_with_the_reference(value):
    """The fast paths (clean strings returned as they are, a memoised translate table) change nothing."""
    assert clean_text(value) == _clean_reference(value)
    assert fold(value) == _fold_reference(value)
    nfd = unicodedata.normalize("NFD", value)
    assert fold(nfd) == _fold_reference(nfd)


def test_vi_int_filter_groups_thousands_with_a_dot():
    from django.template import Context, Template

    rendered = Template("{% load vi %}{{ a|vi_int }} {{ b|vi_int }} {{ c|vi_int }} {{ d|vi_int }}").render(
        Context({"a": 2552, "b": 105, "c": None, "d": "—"})
    )
    assert rendered == "2.552 105  —"
