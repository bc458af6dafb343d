import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from nguon.areas.loader import catalogue_load
from nguon.areas.models import Area, SuccessionEvent, SuccessionLink
from nguon.areas.selectors import area_get_by_code, area_predecessors

pytestmark = pytest.mark.django_db


def test_hanoi_load_both_periods_with_successions_and_is_idempotent():
    report = catalogue_load(province_code="01")
    assert report.created["pre-2025 district"] == 30
    assert report.created["pre-2025 commune"] == 579
    assert report.created["post-2025 commune"] == 126
    hoan_kiem = area_get_by_code(code="00070", at=dt.date(2026, 1, 1))
    assert hoan_kiem.name == "Phường Hoàn Kiếm"
    names = {a.name for a in area_predecessors(area=hoan_kiem)}
    assert {"Phường Hàng Trống", "Phường Hàng Bạc", "Phường Hàng Đào", "Phường Tràng Tiền"} <= names
    hong_ha = area_get_by_code(code="00097", at=dt.date(2026, 1, 1))
    assert {"Phường Chương Dương", "Phường Phúc Tân"} <= {a.name for a in area_predecessors(area=hong_ha)}
    # the province too: Hà Nội kept its boundaries, a new area from 1/7/2025 continuing the old one
    new_hanoi = area_get_by_code(code="01", at=dt.date(2026, 1, 1))
    old_hanoi = area_get_by_code(code="01", at=dt.date(2020, 1, 1))
    assert new_hanoi != old_hanoi
    assert list(area_predecessors(area=new_hanoi)) == [old_hanoi]
    assert len(report.unmatched) > 0  # reported, not guessed
    count = Area.objects.count()
    again = catalogue_load(province_code="01")
    assert sum(again.created.values()) == 0 and sum(again.updated.values()) == 0
    assert again.events_created == 0
    assert Area.objects.count() == count


class RolledBack(Exception):
    pass


def _statistics_of_a_rolled_back_load() -> None:
    """What autovacuum leaves after a rolled-back load (a dry run, an error, an earlier test): statistics
    taken over dead rows only. On PostgreSQL: 0 live rows over the pages they fill."""
    with pytest.raises(RolledBack), transaction.atomic():
        catalogue_load(province_code="01")
        raise RolledBack
    tables = [m._meta.db_table for m in (Area, SuccessionEvent, SuccessionLink)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, relpages, reltuples FROM pg_class WHERE relname = ANY(%s)", [tables]
            )
            stats = {name: (pages, tuples) for name, pages, tuples in cursor.fetchall()}
            assert all(pages > 0 and tuples == 0 for pages, tuples in stats.values()), stats
            # Fail within seconds where the planner's nested loops over areas × areas took 11 minutes.
            cursor.execute("SET LOCAL statement_timeout = '10s'")


def test_national_load_counts():
    """The whole country: 63 / 705 / 10.599 before 1/7/2025, 34 / 3.321 after. The load runs after a
    rolled-back one whose dead rows the statistics counted as an empty table: it takes seconds, not the
    11 minutes a query of its plan ran in CI."""
    _statistics_of_a_rolled_back_load()
    report = catalogue_load()
    if connection.vendor == "postgresql":  # the load left statistics that count what it wrote
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Area._meta.db_table])
            assert cursor.fetchone()[0] > 14000
    assert report.created["pre-2025 province"] == 63
    assert report.created["pre-2025 district"] == 705
    assert report.created["pre-2025 commune"] == 10599
    assert report.created["post-2025 province"] == 34
    assert report.created["post-2025 commune"] == 3321
    assert report.events_created > 3000
    assert all(reason for _, reason in report.unmatched)
    # Resolution 202/2025/QH15: 63 provinces into 34, each old one whole into one new one
    provinces = {
        a.code: {p.code for p in area_predecessors(area=a)}
        for a in Area.objects.filter(level="province", valid_from=dt.date(2025, 7, 1))
    }
    assert sum(len(old) for old in provinces.values()) == 63
    assert sum(1 for old in provinces.values() if len(old) == 1) == 11  # the 11 left as they were
    assert provinces["01"] == {"01"}  # Hà Nội
    assert provinces["79"] == {"74", "77", "79"}  # Hồ Chí Minh City with Bình Dương and Bà Rịa–Vũng Tàu


def test_reload_repairs_paths_under_a_moved_parent():
    """A refresh that finds a district under another parent moves its whole subtree."""
    catalogue_load(province_code="01")
    district = area_get_by_code(code="002", at=dt.date(2020, 1, 1))
    ward = area_get_by_code(code="00070", at=dt.date(2020, 1, 1))
    Area.objects.filter(pk=district.pk).update(path="/0/")
    Area.objects.filter(pk=ward.pk).update(path="/0/1/")
    catalogue_load(province_code="01")
    district.refresh_from_db()
    ward.refresh_from_db()
    assert ward.path.startswith(district.path) and district.path.startswith(district.parent.path)


def test_suite_runs_with_a_statement_timeout_on_postgresql():
    """Under pytest a runaway plan on PostgreSQL fails its test within a minute instead of hanging CI."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "1min"


def test_load_command_reports_in_vietnamese():
    """`nguon areas load` says what it did in Vietnamese, periods and levels included."""
    out = io.StringIO()
    call_command("areas", "load", "--province", "01", "--show-unmatched", "1", stdout=out)
    text = out.getvalue()
    assert "Tạo mới — xã/phường trước 1/7/2025: 579" in text
    assert "Tạo mới — xã/phường từ 1/7/2025: 126" in text
    assert "Sự kiện kế thừa (1/7/2025): 127 tạo mới, 0 đã có; 640 liên kết." in text
    assert "Dòng bảng chuyển đổi không khớp được: 28" in text
    assert "pre-2025" not in text and "post-2025" not in text
