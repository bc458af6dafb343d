"""Importing workbooks end to end: all or nothing, every error at once with its row and column, idempotent,
exports that import back unchanged, and a process killed mid-way that leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from nguon.areas.services import area_create
from nguon.core.models import AuditRecord
from nguon.exports.xlsx import people_tenures_xlsx, template_xlsx
from nguon.imports.models import ImportRecord
from nguon.imports.report import error_workbook
from nguon.imports.services import import_file
from nguon.organizations.models import Body, Organization, Post, Tenure, Term
from nguon.people.models import Person

D = dt.date
PEOPLE_HEAD = [
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Trình độ chuyên môn",
    "Lý luận chính trị",
    "Ngày vào Đảng",
]
TENURE_HEAD = [
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Mã địa bàn",
    "Tổ chức",
    "Cơ quan",
    "Chức danh",
    "Nhiệm kỳ",
    "Từ ngày",
    "Đến ngày",
    "Hình thức",
]


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def areas(db):
    city = area_create(code="01", name="Thành phố Hà Nội", level="province")
    district = area_create(
        code="002", name="Quận Hoàn Kiếm", level="district", parent=city, valid_to=D(2025, 6, 30)
    )
    ward = area_create(
        code="00061", name="Phường Hàng Bạc", level="commune", parent=district, valid_to=D(2025, 6, 30)
    )
    return city, district, ward


def good_book() -> bytes:
    return xlsx(
        {
            "Cán bộ": [
                PEOPLE_HEAD,
                ["CB001", "Nguyễn Thị Hoa", "12/03/1985", "Nữ", "Kinh", "Đại học", "Trung cấp", "03/02/2010"],
                ["", "Trần Văn Nam", D(1979, 7, 1), "nam", "Tày", "", "", None],
                ["", "Lê Thị Mai", 1990, "NỮ", "Kinh", "", "", ""],
            ],
            "Chức vụ": [
                TENURE_HEAD,
                [
                    "CB001",
                    "",
                    "",
                    "00061",
                    "Đảng bộ phường Hàng Bạc",
                    "Ban Chấp hành Đảng bộ phường Hàng Bạc",
                    "Ủy viên Ban Chấp hành",
                    "2020-2025",
                    "15/05/2020",
                    "",
                    "Bầu",
                ],
                [
                    "",
                    "Trần Văn Nam",
                    "01/07/1979",
                    "00061",
                    "UBND phường Hàng Bạc",
                    "",
                    "Chủ tịch UBND phường",
                    "",
                    "01/01/2018",
                    "31/12/2022",
                    "Bổ nhiệm",
                ],
                [
                    "",
                    "Lê Thị Mai",
                    "1990",
                    "00061",
                    "Hội LHPN phường Hàng Bạc",
                    "",
                    "Chủ tịch Hội LHPN phường",
                    "",
                    "01/06/2019",
                    "",
                    "Bầu",
                ],
            ],
        }
    )


def snapshot() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Person, Tenure, Organization, Post, Body, Term))


def test_import_writes_everything_then_nothing_the_second_time(areas):
    result = import_file(data=good_book(), filename="can-bo.xlsx")
    assert result.ok, [e.text() for e in result.errors]
    assert result.counts["Cán bộ"]["people"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert result.counts["Chức vụ"]["tenures"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert Organization.objects.get(name="Hội LHPN phường Hàng Bạc").kind == "womens_union"
    assert Organization.objects.get(name="Đảng bộ phường Hàng Bạc").kind == "grassroots_party"
    assert Body.objects.get().kind == "executive_committee"
    mai = Person.objects.get(full_name="Lê Thị Mai")
    assert (mai.birth_date, mai.birth_date_precision, mai.sex) == (D(1990, 1, 1), "year", "F")
    assert AuditRecord.objects.filter(source="import").exists()
    before = snapshot()
    again = import_file(data=good_book(), filename="can-bo.xlsx")
    assert again.ok and not again.changed
    assert again.record.status == "unchanged"
    assert snapshot() == before
    assert again.counts["Chức vụ"]["tenures"] == {"created": 0, "updated": 0, "unchanged": 3}
    assert ImportRecord.objects.count() == 2 and ImportRecord.objects.first().sha256 == again.record.sha256


def test_dry_run_counts_but_writes_nothing(areas):
    """A check changes nothing: no row, no import record, no copy of the file (its help says so)."""
    before = snapshot()
    result = import_file(data=good_book(), filename="x.xlsx", dry_run=True)
    assert result.ok and result.counts["Cán bộ"]["people"]["created"] == 3
    assert snapshot() == before
    assert result.record is None and not ImportRecord.objects.exists()


def test_cli_dry_run_keeps_no_record_and_no_file(areas, tmp_path):
    """``nguon import --dry-run`` leaves the database as it found it, import records included."""
    path = tmp_path / "can-bo.xlsx"
    path.write_bytes(good_book())
    before = snapshot()
    call_command("import", str(path), "--dry-run", stdout=io.StringIO())
    assert snapshot() == before and not ImportRecord.objects.exists()


def test_every_error_at_once_in_vietnamese_and_nothing_written(areas):
    data = xlsx(
        {
            "Cán bộ": [
                ["DANH SÁCH CÁN BỘ PHƯỜNG HÀNG BẠC"],
                [],
                PEOPLE_HEAD,
                ["", "Nguyễn Thị Hoa", "31/02/1985", "Nữ", "Kinh", "", "", ""],
                ["", "Trần Văn Nam", "01/07/1979", "x", "Kinh", "", "", ""],
                ["", "Phạm Thu Hà", "02/02/1982", "Nữ", "Kinh", "", "", ""],
                ["", "Phạm Thu Hà", "02/02/1982", "Nam", "Kinh", "", "", ""],
            ],
            "Chức vụ": [
                TENURE_HEAD,
                [
                    "",
                    "Phạm Thu Hà",
                    "02/02/1982",
                    "99999",
                    "UBND phường X",
                    "",
                    "Chủ tịch",
                    "",
                    "01/01/2018",
                    "",
                    "Bổ nhiệm",
                ],
            ],
        }
    )
    before = snapshot()
    result = import_file(data=data, filename="loi.xlsx")
    texts = [e.text() for e in result.errors]
    assert "Sheet 'Cán bộ', dòng 4, cột 'Ngày sinh': '31/02/1985' không phải ngày hợp lệ" in texts
    assert any(t.startswith("Sheet 'Cán bộ', dòng 5, cột 'Giới tính': 'x'") for t in texts)
    assert not result.ok and snapshot() == before
    assert result.record.status == "refused" and len(result.record.errors) == len(result.errors)


def test_unknown_area_and_conflicting_duplicates_reported(areas):
    data = xlsx(
        {
            "Cán bộ": [
                PEOPLE_HEAD,
                ["", "Phạm Thu Hà", "02/02/1982", "Nữ", "Kinh", "", "", ""],
                ["", "Phạm Thu Hà", "02/02/1982", "Nữ", "Kinh", "", "", ""],  # identical: merged
                ["", "Vũ Văn An", "03/03/1983", "Nam", "Kinh", "", "", ""],
                ["", "Vũ Văn An", "03/03/1983", "Nữ", "Kinh", "", "", ""],  # conflicting
            ],
            "Chức vụ": [
                TENURE_HEAD,
                [
                    "",
                    "Phạm Thu Hà",
                    "02/02/1982",
                    "00061",
                    "UBND phường Hàng Bạc",
                    "",
                    "Phó Chủ tịch",
                    "",
                    "01/08/2025",
                    "",
                    "Bổ nhiệm",
                ],
            ],
        }
    )
    result = import_file(data=data, filename="x.xlsx")
    texts = [e.text() for e in result.errors]
    assert any("dòng 5" in t and "dòng 4" in t for t in texts), texts
    assert (
        "Sheet 'Chức vụ', dòng 2, cột 'Mã địa bàn': Không có đơn vị hành chính nào mang mã '00061' vào ngày 01/08/2025."
        in texts
    )
    assert not Person.objects.exists()


def test_overlap_with_database_refused_with_row(areas):
    assert import_file(data=good_book(), filename="a.xlsx").ok
    data = xlsx(
        {
            "Chức vụ": [
                TENURE_HEAD,
                [
                    "CB001",
                    "",
                    "",
                    "00061",
                    "Đảng bộ phường Hàng Bạc",
                    "Ban Chấp hành Đảng bộ phường Hàng Bạc",
                    "Ủy viên Ban Chấp hành",
                    "2020-2025",
                    "01/06/2021",
                    "",
                    "Chỉ định",
                ],
            ]
        }
    )
    before = snapshot()
    result = import_file(data=data, filename="b.xlsx")
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("Chức vụ", 2, "Từ ngày")]
    assert "trùng với khoảng thời gian này" in result.errors[0].message
    assert snapshot() == before


def test_error_report_marks_the_bad_cells(areas):
    data = xlsx({"Cán bộ": [PEOPLE_HEAD, ["", "Nguyễn Thị Hoa", "31/02/1985", "Nữ", "Kinh", "", "", ""]]})
    result = import_file(data=data, filename="x.xlsx")
    book = load_workbook(io.BytesIO(error_workbook(data, "x.xlsx", result.errors)))
    sheet = book["Cán bộ"]
    assert sheet.cell(1, 9).value == "Lỗi"
    assert "không phải ngày hợp lệ" in sheet.cell(2, 9).value
    assert sheet.cell(2, 3).fill.start_color.rgb.endswith("FFC7CE")


def test_cli_exit_codes_and_json(areas, tmp_path):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(good_book())
    bad.write_bytes(
        xlsx({"Cán bộ": [PEOPLE_HEAD, ["", "Nguyễn Thị Hoa", "31/02/1985", "Nữ", "", "", "", ""]]})
    )
    out = io.StringIO()
    call_command("import", str(good), "--dry-run", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["Cán bộ"]["people"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert data["errors"] == []
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import", str(bad), "--format", "json", "--errors", str(tmp_path / "e.xlsx"), stdout=out)
    assert exit_.value.code == 2
    errors = json.loads(out.getvalue())["errors"]
    assert errors == [
        {"sheet": "Cán bộ", "row": 2, "column": "Ngày sinh", "message": "'31/02/1985' không phải ngày hợp lệ"}
    ]
    assert (tmp_path / "e.xlsx").exists()


def test_template_has_instructions_dropdowns_and_imports_empty(areas):
    data = template_xlsx(["people", "tenures"])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Hướng dẫn", "Cán bộ", "Chức vụ", "Danh mục"]  # the last one hidden
    assert book["Danh mục"].sheet_state == "hidden"
    assert [c.value for c in book["Cán bộ"][1]][:4] == ["Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính"]
    assert any("Nữ" in (dv.formula1 or "") for dv in book["Cán bộ"].data_validations.dataValidation)
    assert book["Cán bộ"].freeze_panes == "A2"


names = st.sampled_from(
    ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Mai", "Đặng Minh Tuấn", "Phạm Thu Hà", "Vũ Văn An"]
)


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(names, st.integers(1960, 2000), st.booleans(), st.sampled_from("FM")),
        min_size=1,
        max_size=5,
        unique_by=lambda t: (t[0], t[1]),
    ),
    st.lists(
        st.tuples(
            st.integers(0, 4),
            st.sampled_from(["Bí thư", "Phó Bí thư", "Chủ tịch"]),
            st.integers(0, 2000),
            st.one_of(st.none(), st.integers(0, 900)),
            st.sampled_from(["elected", "appointed", "promoted"]),
        ),
        max_size=6,
    ),
)
def test_export_then_import_into_an_empty_registry_is_identical(people, tenures):
    """Random valid data → export → import into an empty registry → the same people and tenures."""
    from django.db import transaction

    from nguon.organizations.services import organization_create, post_create, tenure_create
    from nguon.people.services import person_create

    with transaction.atomic():
        city = area_create(code="01", name="Thành phố Hà Nội", level="province")
        ward = area_create(code="00061", name="Phường Hàng Bạc", level="commune", parent=city)
        org = organization_create(name="Đảng bộ phường Hàng Bạc", kind="grassroots_party", area=ward)
        made = [
            person_create(
                full_name=n,
                sex=s,
                birth_date=D(y, 5, 17),
                birth_date_precision="year" if year_only else "day",
            )
            for n, y, year_only, s in people
        ]
        posts = {}
        for pi, post_name, start, length, reason in tenures:
            person = made[pi % len(made)]
            post = posts.get(post_name) or post_create(organization=org, name=post_name, is_key=True)
            posts[post_name] = post
            start_d = D(2015, 1, 1) + dt.timedelta(days=start)
            try:
                tenure_create(
                    person=person,
                    post=post,
                    start_date=start_d,
                    end_date=None if length is None else start_d + dt.timedelta(days=length),
                    start_reason=reason,
                )
            except Exception:
                continue

        def state():
            ppl = sorted(
                (p.full_name, p.birth_date, p.birth_date_precision, p.sex) for p in Person.objects.all()
            )
            ten = sorted(
                (
                    t.person.full_name,
                    t.post.name,
                    t.post.is_key,
                    t.post.organization.name,
                    t.start_date,
                    t.end_date,
                    t.start_reason,
                )
                for t in Tenure.objects.select_related("person", "post__organization")
            )
            return ppl, ten

        expected = state()
        data = people_tenures_xlsx(
            Person.objects.all(),
            Tenure.objects.select_related("person", "post__organization__area", "post__body", "term"),
        )
        Tenure.objects.all().delete()
        Post.objects.all().delete()
        Organization.objects.all().delete()
        Person.objects.all().delete()
        result = import_file(data=data, filename="export.xlsx")
        assert result.ok, [e.text() for e in result.errors]
        assert state() == expected
        transaction.set_rollback(True)


def _own_database_and_book(tmp_path: Path, name: str, people: int) -> tuple[Path, dict[str, str], Path]:
    """A SQLite file of its own for a child process (its path and environment), and a workbook of
    ``people`` rows on the sheet 'Cán bộ'."""
    db = tmp_path / f"{name}.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "nguon.config.settings.test",
        "NGUON_VAR_DIR": str(tmp_path),
    }
    book = tmp_path / "big.xlsx"
    rows = [PEOPLE_HEAD] + [
        ["", f"Nguyễn Văn Số {i}", f"01/01/{1960 + i % 40}", "Nam", "Kinh", "", "", ""] for i in range(people)
    ]
    book.write_bytes(xlsx({"Cán bộ": rows}))
    return db, env, book


def test_killing_the_import_midway_leaves_the_database_as_before(tmp_path):
    """A process killed in the middle of writing leaves nothing: the import is one transaction."""
    _db, env, book = _own_database_and_book(tmp_path, "kill", 3000)
    script = f"""
import os, signal, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from nguon.people.models import Person
from nguon.imports.services import import_file
assert Person.objects.count() == 0
def progress(sheet, done, total):
    if done >= 1500:  # reported after each chunk is written
        assert Person.objects.count() >= 1500  # written, not yet committed
        os.kill(os.getpid(), signal.SIGKILL)
import_file(data=open({str(book)!r}, "rb").read(), filename="big.xlsx", progress=progress)
"""
    killed = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=Path(__file__).parents[3]
    )
    assert killed.returncode == -9, killed.stderr
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from nguon.people.models import Person; print(Person.objects.count())",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[3],
    )
    assert count.stdout.strip() == "0", count.stderr


def test_dry_run_lists_matches_and_what_would_be_created(areas):
    assert import_file(data=good_book(), filename="a.xlsx").ok
    extra = xlsx(
        {
            "Chức vụ": [
                TENURE_HEAD,
                [
                    "",
                    "Trần Văn Nam",
                    "01/07/1979",
                    "00061",
                    "Ủy ban MTTQ phường Hàng Bạc",
                    "",
                    "Chủ tịch",
                    "",
                    "01/01/2023",
                    "",
                    "Bầu",
                ],
            ],
            "Cán bộ": [
                PEOPLE_HEAD,
                ["CB001", "Nguyễn Thị Hoa", "12/03/1985", "Nữ", "Kinh", "Đại học", "Trung cấp", "03/02/2010"],
            ],
        }
    )
    result = import_file(data=extra, filename="b.xlsx", dry_run=True)
    assert result.ok
    assert result.matches == [
        {
            "sheet": "Cán bộ",
            "row": 2,
            "name": "Nguyễn Thị Hoa",
            "id": Person.objects.get(code="CB001").pk,
            "by": "code",
        }
    ]
    assert result.created == {"organizations": ["Ủy ban MTTQ phường Hàng Bạc"], "posts": ["Chủ tịch"]}
    assert not Organization.objects.filter(
        name="Ủy ban MTTQ phường Hàng Bạc"
    ).exists()  # a dry run writes nothing
    kept = import_file(data=extra, filename="b.xlsx", dry_run=True, pending=True).record
    assert kept.details["created"]["organizations"] == ["Ủy ban MTTQ phường Hàng Bạc"]


def test_errors_follow_the_workbook_order(areas):
    data = xlsx(
        {
            "Cán bộ": [PEOPLE_HEAD, ["", "Nguyễn Thị Hoa", "31/02/1985", "Nữ", "Kinh", "", "", ""]],
            "Chức vụ": [
                TENURE_HEAD,
                [
                    "",
                    "Lê Văn Ba",
                    "01/01/1980",
                    "99999",
                    "UBND phường X",
                    "",
                    "Chủ tịch",
                    "",
                    "01/01/2018",
                    "",
                    "Bổ nhiệm",
                ],
            ],
        }
    )
    result = import_file(data=data, filename="x.xlsx")
    assert [e.sheet for e in result.errors] == ["Cán bộ", "Chức vụ", "Chức vụ"]


@pytest.mark.parametrize("chunk", [1, 2, 5000])
def test_duplicates_are_found_across_chunks_exactly_as_within_one(areas, monkeypatch, chunk):
    """Rows met in earlier chunks are remembered in a temporary table, not in Python: the answers must be the
    same whether the duplicates fall in one chunk or in several."""
    from nguon.imports import pipeline

    monkeypatch.setattr(pipeline, "CHUNK", chunk)
    tenure = ["", "Phạm Thu Hà", "02/02/1982", "00061", "UBND phường Hàng Bạc", "", "Phó Chủ tịch", "",
              "01/08/2020", "", "Bổ nhiệm"]  # fmt: skip
    data = xlsx(
        {
            "Cán bộ": [
                PEOPLE_HEAD,
                ["CB1", "Phạm Thu Hà", "02/02/1982", "Nữ", "Kinh", "", "", ""],
                ["", "Vũ Văn An", "03/03/1983", "Nam", "Kinh", "", "", ""],
                ["CB1", "Phạm Thu Hà", "02/02/1982", "Nữ", "Kinh", "", "", ""],  # identical: merged
                ["", "Vũ Văn An", "03/03/1983", "Nam", "Tày", "", "", ""],  # conflicting
                ["CB1", "Đỗ Văn Bình", "04/04/1984", "Nam", "Kinh", "", "", ""],  # another person, same code
            ],
            "Chức vụ": [TENURE_HEAD, tenure, [*tenure[:9], "", "Bầu"]],  # the same tenure twice
        }
    )
    result = import_file(data=data, filename="x.xlsx", dry_run=True)
    assert [e.text() for e in result.errors] == [
        "Sheet 'Cán bộ', dòng 5, cột 'Họ và tên': Trùng họ tên và ngày sinh với dòng 3 nhưng khác 'Dân tộc'",
        "Sheet 'Cán bộ', dòng 6, cột 'Mã cán bộ': Mã cán bộ 'CB1' đã được dùng cho một người khác ở dòng 2",
        "Sheet 'Chức vụ', dòng 3, cột 'Từ ngày': Cùng một chức vụ được ghi hai lần trong tệp này",
    ]
    assert result.counts["Cán bộ"]["people"]["created"] == 2
    assert not Person.objects.exists()


def test_text_longer_than_the_database_keeps_is_a_cell_error(areas):
    """PostgreSQL would refuse the whole import with its own English error, SQLite would keep the text."""
    data = xlsx(
        {
            "Cán bộ": [
                PEOPLE_HEAD,
                ["", "Nguyễn " + "Thị " * 40 + "Hoa", "12/03/1985", "Nữ", "Kinh", "", "", ""],
                ["X" * 31, "Trần Văn Nam", "01/07/1979", "Nam", "Kinh", "", "", ""],
            ],
        }
    )
    result = import_file(data=data, filename="x.xlsx")
    assert [e.text() for e in result.errors] == [
        "Sheet 'Cán bộ', dòng 2, cột 'Họ và tên': Quá dài: 170 ký tự, tối đa 150",
        "Sheet 'Cán bộ', dòng 3, cột 'Mã cán bộ': Quá dài: 31 ký tự, tối đa 30",
    ]
    assert not Person.objects.exists()


def test_pages_can_read_the_registry_while_a_big_import_writes(tmp_path, settings):
    """On the embedded SQLite, the web application keeps answering while an import writes in a background
    thread: WAL lets readers through during the long write (in SQLite's default rollback journal, the
    writer takes an exclusive lock as soon as its changes spill from the cache)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite's locking; PostgreSQL readers never wait for writers")
    import sqlite3
    import time

    db, env, book = _own_database_and_book(tmp_path, "busy", 6000)
    written, go = tmp_path / "written", tmp_path / "go"
    script = f"""
import os, time, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from nguon.imports.services import import_file
def progress(sheet, done, total):
    if done >= 5000 and not os.path.exists({str(written)!r}):  # a chunk written, not committed
        open({str(written)!r}, "w").close()
        while not os.path.exists({str(go)!r}):
            time.sleep(0.05)
import_file(data=open({str(book)!r}, "rb").read(), filename="big.xlsx", progress=progress)
"""
    writer = subprocess.Popen(
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(__file__).parents[3],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not written.exists():
            assert writer.poll() is None, writer.stderr.read() if writer.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.05)
        reader = sqlite3.connect(db, timeout=2)
        assert reader.execute("SELECT count(*) FROM people_person").fetchone() == (0,)  # not locked out
        reader.close()
    finally:
        go.touch()
        writer.wait(timeout=120)
    assert writer.returncode == 0
    reader = sqlite3.connect(db)
    assert reader.execute("SELECT count(*) FROM people_person").fetchone() == (6000,)
    reader.close()
