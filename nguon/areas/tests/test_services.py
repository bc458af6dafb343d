import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from nguon.areas.models import Area
from nguon.areas.selectors import area_get_by_code, area_predecessors, area_subtree
from nguon.areas.services import Link, area_create, succession_event_create
from nguon.core.models import AuditRecord

pytestmark = pytest.mark.django_db
END = dt.date(2025, 6, 30)
START = dt.date(2025, 7, 1)


def _reform():
    hanoi = area_create(code="01", name="Thành phố Hà Nội", level="province")
    district = area_create(code="002", name="Quận Hoàn Kiếm", level="district", parent=hanoi, valid_to=END)
    old = area_create(code="00070", name="Phường Hàng Trống", level="commune", parent=district, valid_to=END)
    other = area_create(code="00061", name="Phường Hàng Bạc", level="commune", parent=district, valid_to=END)
    new = area_create(code="00070", name="Phường Hoàn Kiếm", level="commune", parent=hanoi, valid_from=START)
    return hanoi, district, old, other, new


def test_reused_code_resolves_by_date():
    """Code 00070 is Hàng Trống until 30/6/2025 and phường Hoàn Kiếm from 1/7/2025."""
    _, _, old, _, new = _reform()
    assert area_get_by_code(code="00070", at=dt.date(2020, 9, 25)) == old
    assert area_get_by_code(code="00070", at=END) == old
    assert area_get_by_code(code="00070", at=START) == new
    assert area_get_by_code(code="00070", at=dt.date(2026, 1, 1)).name == "Phường Hoàn Kiếm"


def test_unknown_code_at_date_is_refused_in_vietnamese():
    _reform()
    with pytest.raises(ValidationError) as error:
        area_get_by_code(code="00061", at=START)
    assert error.value.messages == ["Không có đơn vị hành chính nào mang mã '00061' vào ngày 01/07/2025."]


def test_subtree_at_date():
    hanoi, district, old, other, new = _reform()
    assert set(area_subtree(area=district, at=dt.date(2020, 1, 1))) == {district, old, other}
    assert set(area_subtree(area=hanoi, at=START)) == {hanoi, new}


def test_overlapping_code_refused_by_service_and_database():
    _reform()
    before = Area.objects.count(), AuditRecord.objects.count()
    with pytest.raises(ValidationError):
        area_create(code="00061", name="Phường Khác", level="commune", valid_from=dt.date(2024, 1, 1))
    assert (Area.objects.count(), AuditRecord.objects.count()) == before
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(code="00061", name="Phường Khác", level="commune", valid_from=dt.date(2024, 1, 1))


def test_end_before_start_refused_by_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.create(
            code="1", name="X", level="commune", valid_from=dt.date(2025, 1, 2), valid_to=dt.date(2025, 1, 1)
        )


def test_succession_event_links_predecessors():
    _, _, old, other, new = _reform()
    succession_event_create(kind="merge", date=START, links=[Link(old, new), Link(other, new)])
    assert list(area_predecessors(area=new)) == [other, old]


def test_succession_refuses_predecessor_that_did_not_exist():
    hanoi, _, _, _, new = _reform()
    later = area_create(code="99999", name="Phường Mới", level="commune", parent=hanoi, valid_from=START)
    with pytest.raises(ValidationError):
        succession_event_create(kind="merge", date=START, links=[Link(later, new)])
