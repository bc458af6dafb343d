"""The import sheet 'Danh sách ứng cử viên': a list opened from its rows, candidates by code or name and
birth date, results recorded with the tenures of those elected; errors on their row and column, all or
nothing; a person outside the scope refused without being named."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import district_with_wards
from nguon.elections.models import Candidacy, CandidateList
from nguon.imports.pipeline import import_file
from nguon.imports.tests.test_services import xlsx
from nguon.organizations import services as org_services
from nguon.organizations.models import Tenure
from nguon.organizations.tests.factories import OrganizationFactory

from .factories import council, person

pytestmark = pytest.mark.django_db

HEAD = [
    "STT", "Mã cán bộ", "Họ và tên", "Ngày sinh", "Tổ chức", "Cơ quan", "Nhiệm kỳ", "Danh sách/Đơn vị bầu cử",
    "Ngày bầu cử", "Số người được bầu", "Số cử tri", "Số phiếu hợp lệ", "Số phiếu", "Trúng cử",
]  # fmt: skip


@pytest.fixture
def world():
    class W:
        pass

    w = W()
    _d, (w.ward_a, w.ward_b) = district_with_wards(2)
    w.org = OrganizationFactory(area=w.ward_a, kind="peoples_council", name="HĐND phường An")
    _o, w.body, w.term, w.post = council(w.org)
    w.hoa = person("F", dt.date(1985, 3, 12), name="Nguyễn Thị Hoa")
    w.nam = person("M", dt.date(1979, 1, 2), name="Trần Văn Nam", code="HN-002")
    w.lan = person("F", dt.date(1990, 7, 7), name="Lê Thị Lan")
    for p in (w.hoa, w.nam, w.lan):
        org_services.tenure_create(person=p, post=w.post, start_date=dt.date(2016, 6, 1),
                                   end_date=dt.date(2021, 6, 24), start_reason="elected")  # fmt: skip
    return w


def _row(n, code, name, birth, votes, elected, **kw):
    return [n, code, name, birth, "HĐND phường An", "HĐND HĐND phường An", "2021-2026", "Đơn vị số 1",
            "23/05/2021", 2, kw.get("voters", 1000), kw.get("ballots", 900), votes, elected]  # fmt: skip


def test_list_opened_candidates_and_results(world):
    data = xlsx({"Danh sách ứng cử viên": [
        ["DANH SÁCH ỨNG CỬ VIÊN"], HEAD,
        _row(1, "", "Nguyễn Thị Hoa", "12/03/1985", 700, "x"),
        _row(2, "HN-002", "", "", 650, "x"),
        _row(3, "", "Lê Thị Lan", "07/07/1990", 300, "Không"),
    ]})  # fmt: skip
    result = import_file(data=data, filename="ucv.xlsx")
    assert result.ok, [e.text() for e in result.errors]
    cl = CandidateList.objects.get()
    assert cl.seats == 2 and cl.status == "results" and cl.valid_ballots == 900
    assert list(cl.candidacies.values_list("person__full_name", "elected")) == [
        ("Nguyễn Thị Hoa", True), ("Trần Văn Nam", True), ("Lê Thị Lan", False),
    ]  # fmt: skip
    assert Tenure.objects.filter(term=world.term).count() == 2


def test_errors_on_row_and_column_nothing_saved(world):
    data = xlsx({"Danh sách ứng cử viên": [
        HEAD,
        _row(1, "", "Nguyễn Thị Hoa", "12/03/1985", 950, "x"),
        _row(2, "HN-009", "", "", 650, "x"),
        _row(3, "", "Lê Thị Lan", "07/07/1990", 300, "có lẽ"),
    ]})  # fmt: skip
    result = import_file(data=data, filename="ucv.xlsx")
    texts = [e.text() for e in result.errors]
    assert any("dòng 3" in t and "Mã cán bộ" in t and "HN-009" in t for t in texts), texts
    assert any("dòng 4" in t and "Trúng cử" in t for t in texts), texts
    assert not CandidateList.objects.exists()
    data = xlsx({"Danh sách ứng cử viên": [
        HEAD,
        _row(1, "", "Nguyễn Thị Hoa", "12/03/1985", 950, "x"),
        _row(2, "HN-002", "", "", 650, "x"),
        _row(3, "", "Lê Thị Lan", "07/07/1990", 300, ""),
    ]})  # fmt: skip
    result = import_file(data=data, filename="ucv.xlsx")
    texts = [e.text() for e in result.errors]
    assert any("dòng 2" in t and "Số phiếu" in t and "900" in t for t in texts), texts
    assert not CandidateList.objects.exists() and not Candidacy.objects.exists()


def test_person_outside_the_scope_not_named(world):
    org_b = OrganizationFactory(area=world.ward_b, kind="peoples_council", name="HĐND phường Bình")
    _o, _b, _t, post_b = council(org_b)
    secret = person("F", dt.date(1970, 1, 1), name="Quách Thị Kín", code="B-1")
    org_services.tenure_create(
        person=secret, post=post_b, start_date=dt.date(2016, 6, 1), start_reason="elected"
    )
    editor = make_user("a", area=world.ward_a, role=Role.EDITOR)
    data = xlsx({"Danh sách ứng cử viên": [HEAD, _row(1, "B-1", "", "", None, "")]})
    result = import_file(data=data, filename="ucv.xlsx", acting_user=editor)
    texts = [e.text() for e in result.errors]
    assert texts and "Quách" not in " ".join(texts) and "ngoài phạm vi" in " ".join(texts)
    assert not CandidateList.objects.exists()
