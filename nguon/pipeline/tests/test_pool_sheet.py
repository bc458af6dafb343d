"""The import sheet 'Quy hoạch': rows become lines of the pools' logs through the importer's all-or-nothing
pipeline; errors with sheet, row and column in Vietnamese; the scope rules of the importer."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.api.tests.conftest import build_world
from nguon.exports.xlsx import TemplateExporter, exported_columns, kind_rows, template_kinds
from nguon.imports import registry
from nguon.imports.kinds import TENURES
from nguon.imports.pipeline import import_file
from nguon.imports.tests.test_services import PEOPLE_HEAD, xlsx
from nguon.organizations.models import Post
from nguon.pipeline import services
from nguon.pipeline.models import PlanningDecision, Pool, PoolEvent
from nguon.pipeline.sheets import POOL_ENTRIES

D = dt.date
HEAD = [
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Tổ chức",
    "Chức danh quy hoạch",
    "Nhiệm kỳ",
    "Mức độ sẵn sàng",
    "Thứ tự",
    "Tình trạng",
    "Ngày",
    "Số quyết định",
    "Cơ quan phê duyệt",
    "Lý do",
]


@pytest.fixture
def world(db: None) -> Any:
    return build_world()


def _book(*rows: list[Any], extra: dict[str, list[list[Any]]] | None = None) -> bytes:
    return xlsx({"Quy hoạch": [HEAD, *rows], **(extra or {})})


def _row(world: Any, person: Any, **over: Any) -> list[Any]:
    values = {
        "code": "",
        "name": person.full_name,
        "birth": "17/05/1980",
        "org": world.a.organization.name,
        "post": world.a.post.name,
        "term": "2025-2030",
        "ready": "Sẵn sàng ngay",
        "rank": 1,
        "status": "Được phê duyệt",
        "date": "20/10/2025",
        "decision": "12-QĐ/ĐU",
        "body": "Ban Thường vụ Quận ủy",
        "reason": "",
    }
    values.update(over)
    return list(values.values())


def _texts(result: Any) -> list[str]:
    return [e.text() for e in result.errors]


def test_registered_and_in_the_templates() -> None:
    assert POOL_ENTRIES in registry.kinds()
    assert registry.kinds().index(POOL_ENTRIES) > registry.kinds().index(TENURES)  # after the people it names
    assert template_kinds()["pool_entries"] is POOL_ENTRIES


def test_the_template_has_the_sheet(db: None) -> None:
    book = openpyxl.load_workbook(io.BytesIO(TemplateExporter(["pool_entries"]).render().data))
    sheet = book["Quy hoạch"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Mã cán bộ", "Họ và tên", "Ngày sinh"]
    assert {"Tổ chức", "Chức danh quy hoạch", "Nhiệm kỳ", "Mức độ sẵn sàng", "Tình trạng", "Ngày"} <= set(
        headers
    )


def test_an_export_of_the_log_reads_back(world: Any) -> None:
    """The sheet's export getters write the log in the layout the import reads: imported into a fresh
    registry of the same structure it gives the same lines."""
    lan, nam = world.a.people
    import_file(
        data=_book(_row(world, lan), _row(world, nam, status="Đề nghị", ready="3-5 năm")), filename="q.xlsx"
    )
    events = PoolEvent.objects.select_related(
        "entry__person", "entry__pool__post__organization__area", "readiness", "decision"
    ).order_by("date", "id")
    rows = list(kind_rows(POOL_ENTRIES, events))
    headers = [c.headers[0] for c in exported_columns(POOL_ENTRIES)]
    before = list(
        PoolEvent.objects.values_list("entry__person_id", "action", "date", "readiness__code", "rank")
    )
    PoolEvent.objects.all().delete()
    result = import_file(data=xlsx({"Quy hoạch": [headers, *rows]}), filename="again.xlsx")
    assert result.ok, _texts(result)
    after = list(
        PoolEvent.objects.values_list("entry__person_id", "action", "date", "readiness__code", "rank")
    )
    assert after == before


def test_rows_become_the_log(world: Any) -> None:
    lan, nam = world.a.people
    data = _book(
        _row(world, lan),
        _row(world, nam, ready="1-2 năm", rank=2, status="Đề nghị"),
        _row(world, nam, status="Được phê duyệt", date="05/11/2025", ready="", rank=""),
        _row(world, lan, status="Đưa ra", date="01/06/2026", reason="Chuyển công tác khác", decision=""),
    )
    checked = import_file(data=data, filename="quy-hoach.xlsx", dry_run=True)
    assert checked.ok, _texts(checked)
    assert not Pool.objects.exists() and not PoolEvent.objects.exists()
    result = import_file(data=data, filename="quy-hoach.xlsx")
    assert result.ok, _texts(result)
    assert result.counts["Quy hoạch"]["pool_events"]["created"] == 4
    pool = Pool.objects.get()
    assert (pool.post, pool.target_term, pool.decision.number) == (world.a.post, "2025–2030", "12-QĐ/ĐU")
    decision = PlanningDecision.objects.get()
    assert (decision.date, decision.approving_body) == (D(2025, 10, 20), "Ban Thường vụ Quận ủy")
    log = list(
        PoolEvent.objects.order_by("date", "id").values_list("entry__person__full_name", "action", "date")
    )
    assert log == [
        (lan.full_name, "approve", D(2025, 10, 20)),
        (nam.full_name, "propose", D(2025, 10, 20)),
        (nam.full_name, "approve", D(2025, 11, 5)),
        (lan.full_name, "remove", D(2026, 6, 1)),
    ]
    removal = PoolEvent.objects.get(action="remove")
    assert (removal.removal_reason, removal.reason, removal.source) == (
        "moved",
        "Chuyển công tác khác",
        "import",
    )
    proposed = PoolEvent.objects.get(action="propose")
    assert (proposed.readiness.code, proposed.rank) == ("1-2-nam", 2)


def test_rows_are_applied_in_date_order(world: Any) -> None:
    """A removal written above the approval it follows is applied after it."""
    lan = world.a.people[0]
    data = _book(
        _row(world, lan, status="Đưa ra", date="01/06/2026", reason="Sức khỏe"),
        _row(world, lan),
    )
    result = import_file(data=data, filename="quy-hoach.xlsx")
    assert result.ok, _texts(result)
    assert PoolEvent.objects.get(action="remove").removal_reason == "health"


def test_refusals_with_row_and_column_and_nothing_written(world: Any) -> None:
    lan, nam = world.a.people
    pool = Pool.objects.create(
        post=world.a.post, target_term="2025–2030", target_start=D(2025, 10, 1), target_end=D(2030, 9, 30)
    )
    services.entry_add(pool=pool, person=nam, date=D(2025, 10, 20))
    data = _book(
        _row(world, lan),
        _row(world, nam, date="01/01/2026", decision=""),  # approved already
        _row(world, lan, status="Đưa ra", date="01/06/2026", decision=""),  # no reason
        _row(world, lan, status="Bổ nhiệm", date="01/01/2024", decision=""),  # before she was in it
        _row(world, lan, ready="Sẵn sàng mai", date="01/02/2026", status="Điều chỉnh", decision=""),
        _row(world, lan, status="Chờ", decision=""),
        _row(world, lan, post="Chủ tịch", decision=""),
        _row(world, lan, org="Đảng bộ phường Không Có", decision=""),
        _row(world, lan, name="Ngô Thị Vắng", decision=""),
        _row(world, lan, decision="77-QĐ", body=""),
    )
    result = import_file(data=data, filename="quy-hoach.xlsx", structure=_no_new_structure())
    texts = _texts(result)
    print("\n".join(texts))
    pool_name = str(pool)
    org_name = world.a.organization.name
    assert texts == [
        f"Sheet 'Quy hoạch', dòng 3, cột 'Ngày': {nam.full_name} đã được phê duyệt trong quy hoạch {pool_name}"
        " vào ngày 01/01/2026.",
        "Sheet 'Quy hoạch', dòng 4, cột 'Lý do': Hãy ghi lý do đưa ra khỏi quy hoạch.",
        f"Sheet 'Quy hoạch', dòng 5, cột 'Ngày': {lan.full_name} không có trong quy hoạch {pool_name}"
        " vào ngày 01/01/2024.",
        "Sheet 'Quy hoạch', dòng 6, cột 'Mức độ sẵn sàng': 'Sẵn sàng mai' không phải mức độ sẵn sàng: hãy ghi"
        " một trong các mức Sẵn sàng ngay, Sẵn sàng sau 1–2 năm, Sẵn sàng sau 3–5 năm",
        "Sheet 'Quy hoạch', dòng 7, cột 'Tình trạng': 'Chờ' không phải tình trạng quy hoạch: hãy ghi một trong"
        " các giá trị Đề nghị, Được phê duyệt, Điều chỉnh, Đưa ra, Đã bổ nhiệm",
        f"Sheet 'Quy hoạch', dòng 8, cột 'Chức danh quy hoạch': {org_name} không có chức danh 'Chủ tịch'",
        "Sheet 'Quy hoạch', dòng 9, cột 'Tổ chức': Không có tổ chức tên 'Đảng bộ phường Không Có' trong phạm vi"
        " công tác của bạn",
        "Sheet 'Quy hoạch', dòng 10, cột 'Họ và tên': Không có cán bộ 'Ngô Thị Vắng' sinh ngày 17/05/1980: hãy"
        " thêm vào sheet 'Cán bộ'",
        f"Sheet 'Quy hoạch', dòng 11, cột 'Số quyết định': {org_name} chưa có quyết định quy hoạch số 77-QĐ: hãy"
        " ghi Cơ quan phê duyệt để ghi nhận quyết định",
    ]
    assert PoolEvent.objects.count() == 1
    assert not PlanningDecision.objects.exists()
    assert not Post.objects.filter(name="Chủ tịch").exists()


def _no_new_structure() -> Any:
    from nguon.imports.structure import StructurePolicy

    return StructurePolicy(create_new=False)


def test_a_post_created_when_the_policy_allows(world: Any) -> None:
    lan = world.a.people[0]
    result = import_file(data=_book(_row(world, lan, post="Bí thư Đảng ủy")), filename="q.xlsx")
    assert result.ok, _texts(result)
    assert Pool.objects.get().post.name == "Bí thư Đảng ủy"
    assert result.counts["Quy hoạch"]["posts"]["created"] == 1


def test_people_of_the_same_workbook(world: Any) -> None:
    """A person added on the sheet 'Cán bộ' of the same file is found (people are written first)."""
    people = [PEOPLE_HEAD, ["", "Đỗ Thị Hạnh", "02/03/1988", "Nữ", "Kinh", "Đại học", "Trung cấp", ""]]
    row = _row(world, world.a.people[0], name="Đỗ Thị Hạnh", birth="02/03/1988")
    result = import_file(data=_book(row, extra={"Cán bộ": people}), filename="q.xlsx")
    assert result.ok, _texts(result)
    assert PoolEvent.objects.get().entry.person.full_name == "Đỗ Thị Hạnh"


def test_scope_of_the_importer(world: Any) -> None:
    """An editor of ward A: ward B's organization is an error on its cell; ward B's person (planned in A's
    pool) is refused without her name being shown; nothing is written."""
    editor = make_user("editor_a", area=world.a.area, role=Role.EDITOR)
    mai = world.b.people[0]
    data = _book(
        _row(world, world.a.people[0]),
        _row(world, world.b.people[1], org=world.b.organization.name, decision=""),
        _row(world, mai, decision=""),
    )
    result = import_file(data=data, filename="q.xlsx", acting_user=editor)
    texts = _texts(result)
    print("\n".join(texts))
    hidden = (
        "Hồ sơ có cùng họ tên và ngày sinh do đơn vị ngoài phạm vi được giao của bạn quản lý; hãy đề nghị đơn vị"
        " quản lý hồ sơ đó (hoặc cấp trên) thực hiện thay đổi này"
    )
    assert texts == [
        f"Sheet 'Quy hoạch', dòng 3, cột 'Họ và tên': {hidden}",
        f"Sheet 'Quy hoạch', dòng 3, cột 'Tổ chức': Không có tổ chức tên '{world.b.organization.name}' trong"
        " phạm vi công tác của bạn",
        f"Sheet 'Quy hoạch', dòng 4, cột 'Họ và tên': {hidden}",
    ]
    assert not PoolEvent.objects.exists() and not Pool.objects.exists()
    ok = import_file(data=_book(_row(world, world.a.people[0])), filename="q.xlsx", acting_user=editor)
    assert ok.ok, _texts(ok)
    assert PoolEvent.objects.get().recorded_by == editor


def test_pool_found_again_and_term_dates_from_an_existing_pool(world: Any) -> None:
    lan, nam = world.a.people
    import_file(data=_book(_row(world, lan)), filename="q.xlsx")
    result = import_file(
        data=_book(_row(world, nam, status="Đề nghị", date="01/03/2026", decision="")), filename="q.xlsx"
    )
    assert result.ok, _texts(result)
    assert Pool.objects.count() == 1
    assert PoolEvent.objects.count() == 2
