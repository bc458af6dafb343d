"""A new sheet kind is one module and a registration line: this module is the whole of a toy kind, 'Mã mới'
(a new cadre code for registered people), imported through the same pipeline as the shipped kinds, with
the same errors (row and column), counts, all-or-nothing transaction and dry run."""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest
from django.utils.translation import gettext as _

from nguon.imports import registry
from nguon.imports.kinds import Column, SheetKind, date_or_year
from nguon.imports.parse import ParsedSheet, Row
from nguon.imports.parsing import clean_cell_text
from nguon.imports.pipeline import import_file
from nguon.imports.tests.test_services import PEOPLE_HEAD, xlsx
from nguon.imports.writers.base import SheetWriter
from nguon.people.models import Person
from nguon.people.selectors import people_keys
from nguon.people.services import person_update

# --- the kind: its columns, then its writer (check rows → errors; write rows) -------------------------
NEW_CODES = SheetKind(
    key="new_codes",
    title="Mã mới",
    names=("Mã mới",),
    columns=(
        Column("full_name", ("Họ và tên",), clean_cell_text, header_required=True, value_required=True),
        Column("birth", ("Ngày sinh",), date_or_year, header_required=True, value_required=True),
        Column(
            "code", ("Mã mới",), clean_cell_text, header_required=True, value_required=True, max_length=30
        ),
    ),
)


class NewCode(NamedTuple):
    row: Row
    person_id: int
    code: str


class NewCodesWriter(SheetWriter[list[NewCode]]):
    kind = NEW_CODES

    def check(self, sheet: ParsedSheet, rows: list[Row]) -> list[NewCode]:
        keys = {(r.values["full_name"], r.values["birth"][0]) for r in rows}
        _by_code, by_name = people_keys(codes=(), name_births=keys)
        plan = []
        for row in rows:
            found = by_name.get((row.values["full_name"], row.values["birth"][0]))
            if found is None:
                message = _("No person '%(name)s' born %(birth)s: add them to the sheet 'Cán bộ'")
                birth = row.values["birth"][0].strftime("%d/%m/%Y")
                self.error(
                    sheet.name,
                    row.number,
                    sheet.column("full_name"),
                    message % {"name": row.values["full_name"], "birth": birth},
                )
                continue
            plan.append(NewCode(row, found.id, row.values["code"]))
        return plan

    def write(self, sheet: ParsedSheet, plan: list[NewCode]) -> None:
        for item in plan:
            person = Person.objects.get(pk=item.person_id)
            changed = person.code != item.code
            person_update(person=person, data={"code": item.code}, acting_user=self.user, source=self.source)
            self.result.count(sheet.name, "people", "updated" if changed else "unchanged")


# --- the registration line (in the product: one line in imports/registry.py) --------------------------
@pytest.fixture
def toy_kind() -> Any:
    registry.register(NewCodesWriter)
    yield NEW_CODES
    registry.unregister(NewCodesWriter)


def book() -> bytes:
    return xlsx(
        {
            "Mã mới": [
                ["Họ và tên", "Ngày sinh", "Mã mới"],
                ["Nguyễn Thị Hoa", "12/03/1985", "HN-001"],
                ["Trần Văn Nam", "31/02/1979", "HN-002"],
            ],
            "Cán bộ": [PEOPLE_HEAD, ["", "Nguyễn Thị Hoa", "12/03/1985", "Nữ", "Kinh", "", "", ""]],
        }
    )


def test_a_toy_kind_imports_through_the_pipeline(db, toy_kind):
    """Its rows are parsed, checked and written after the kinds registered before it (people first), with
    its errors at their row and column, all or nothing."""
    result = import_file(data=book(), filename="ma-moi.xlsx")
    assert [e.text() for e in result.errors] == [
        "Sheet 'Mã mới', dòng 3, cột 'Ngày sinh': '31/02/1979' không phải ngày hợp lệ"
    ]
    assert not Person.objects.exists()
    good = xlsx(
        {
            "Mã mới": [["Họ và tên", "Ngày sinh", "Mã mới"], ["Nguyễn Thị Hoa", "12/03/1985", "HN-001"]],
            "Cán bộ": [PEOPLE_HEAD, ["", "Nguyễn Thị Hoa", "12/03/1985", "Nữ", "Kinh", "", "", ""]],
        }
    )
    checked = import_file(data=good, filename="ma-moi.xlsx", dry_run=True)
    assert checked.ok and checked.counts["Mã mới"]["people"]["updated"] == 1 and not Person.objects.exists()
    result = import_file(data=good, filename="ma-moi.xlsx")
    assert result.ok, [e.text() for e in result.errors]
    assert result.counts == {
        "Cán bộ": {"people": {"created": 1, "updated": 0, "unchanged": 0}},
        "Mã mới": {"people": {"created": 0, "updated": 1, "unchanged": 0}},
    }
    assert Person.objects.get().code == "HN-001"


def test_without_its_registration_the_sheet_is_skipped_and_said(db):
    result = import_file(data=book(), filename="ma-moi.xlsx", dry_run=True)
    assert result.ok
    assert any(n.startswith("Trang tính 'Mã mới' không được đọc là") for n in result.notes), result.notes


def test_a_kind_is_registered_once(toy_kind):
    with pytest.raises(ValueError):
        registry.register(NewCodesWriter)
    assert registry.kinds()[-1] is toy_kind


def test_its_rows_are_checked_against_the_registry(db, toy_kind):
    data = xlsx({"Mã mới": [["Họ và tên", "Ngày sinh", "Mã mới"], ["Lê Văn Ba", "01/01/1980", "HN-009"]]})
    result = import_file(data=data, filename="ma-moi.xlsx")
    assert [e.text() for e in result.errors] == [
        "Sheet 'Mã mới', dòng 2, cột 'Họ và tên': Không có cán bộ 'Lê Văn Ba' sinh ngày 01/01/1980: "
        "hãy thêm vào sheet 'Cán bộ'"
    ]
