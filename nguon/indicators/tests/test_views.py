"""The indicator page in the shell: one area of the user's analysis scope at the shell's date, one body at a
time, units sorted by the gap; a cell opens its people beside it, named only inside the user's scope."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import re

import pytest
from django.db import connection
from django.test import Client
from openpyxl import load_workbook

from nguon.accounts.choices import AccessKind
from nguon.accounts.models import PersonalDataAccess
from nguon.accounts.tests.factories import make_user, national_user
from nguon.areas.tests.factories import AreaFactory
from nguon.indicators.models import Indicator
from nguon.organizations.services import (
    body_create,
    organization_create,
    post_create,
    tenure_create,
    term_create,
)
from nguon.organizations.tests.factories import committee
from nguon.people.services import person_create

D = dt.date
AT = "25/09/2020"
PAGE = "/indicators/"
CELL = "/indicators/cell/"
HX = {"HTTP_HX_REQUEST": "true"}

A_PEOPLE = [("Lê Thị An", "F"), ("Trần Văn Ba", "M")]
B_PEOPLE = [("Ngô Văn Dũng", "M")] + [(f"Phạm Văn Cường {i}", "M") for i in range(9)]  # 0 women of 10


def _seat(org_post, term, name, sex):
    person = person_create(full_name=name, sex=sex, birth_date=D(1980, 1, 1))
    tenure_create(person=person, post=org_post, term=term, start_date=D(2020, 6, 1), start_reason="elected")
    return person


@pytest.fixture
def world(db):
    """A district with wards An (1 woman of 2 committee members) and Bình (none of 10); each ward's party
    organization has a standing committee, with a woman only in An's."""
    city = AreaFactory(code="01", name="Thành phố Thử", level="province", kind="thanh_pho_tw")
    district = AreaFactory(code="002", name="Quận Thử", level="district", kind="quan", parent=city)
    a = AreaFactory(code="00037", name="Phường An", parent=district)
    b = AreaFactory(code="00040", name="Phường Bình", parent=district)
    for ward, people, standing_sex in ((a, A_PEOPLE, "F"), (b, B_PEOPLE, "M")):
        org = organization_create(name=f"Đảng bộ {ward.name}", kind="grassroots_party", area=ward)
        _org, _body, term, post = committee(org)
        for name, sex in people:
            _seat(post, term, name, sex)
        body = body_create(organization=org, kind="standing_committee", name=f"Ban Thường vụ {org.name}")
        sterm = term_create(body=body, name="2020–2025", start_date=D(2020, 5, 1), end_date=D(2025, 6, 30))
        spost = post_create(organization=org, name="Ủy viên Ban Thường vụ", body=body)
        _seat(spost, sterm, f"Thường vụ {ward.name}", standing_sex)
    return {"district": district, "a": a, "b": b, "city": city}


@pytest.fixture
def officer_a(world, client):
    """A viewer of ward An who may compare it with the district's other wards."""
    user = make_user("an", area=world["a"], analysis_area=world["district"])
    client.force_login(user)
    return client


@pytest.fixture
def narrow_a(world):
    """A viewer of ward An whose analysis area is her ward only."""
    client = Client()
    client.force_login(make_user("an2", area=world["a"]))
    return client


def _text(response) -> str:
    """What a reader sees: the page without its tags and attributes."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


def _all_names(people):
    return [name for name, _sex in people]


def test_ward_officer_sees_counts_of_both_wards_and_no_name_on_the_table(officer_a):
    """The table of the district: each ward's figure as "1/2 người", the gap in people, and no name at all
    (the table holds counts only)."""
    response = officer_a.get(PAGE, {"area": "002", "at": AT})
    assert response.status_code == 200
    text = _text(response)
    assert "Phường An" in text and "Phường Bình" in text
    assert "1/2 người" in text and "0/10 người" in text and "1/12 người" in text
    for name in _all_names(A_PEOPLE + B_PEOPLE):
        assert name not in text
    own = re.findall(r">(Phường \w+)</a> <span class=\"badge[^\"]*own-area", response.content.decode())
    assert set(own) == {"Phường An"}  # her ward is marked among the others


def test_the_panel_names_ward_a_and_only_counts_ward_b(officer_a):
    """The people behind the district's cell: ward An's by name, post and organization, the woman marked as
    counted; ward Bình's counted, never named ("và 10 người ngoài phạm vi của bạn")."""
    response = officer_a.get(CELL, {"area": "002", "indicator": "grassroots-committee-women", "at": AT}, **HX)
    assert response.status_code == 200
    text = _text(response)
    assert "<html" not in response.content.decode()  # a partial for the panel
    assert "Lê Thị An" in text and "Trần Văn Ba" in text
    assert "Ủy viên Ban Chấp hành — Đảng bộ Phường An" in " ".join(text.split())
    assert "và 10 người ngoài phạm vi của bạn" in " ".join(text.split())
    for name in _all_names(B_PEOPLE):
        assert name not in text
    counted = re.search(r'class="list-group-item px-0 counted">(.*?)</li>', response.content.decode(), re.S)
    assert counted and "Lê Thị An" in counted.group(1)  # the woman, marked and listed first

    ward_b = officer_a.get(CELL, {"area": "00040", "indicator": "grassroots-committee-women"}, **HX)
    text_b = " ".join(_text(ward_b).split())
    assert ward_b.status_code == 200 and "10 người ngoài phạm vi của bạn" in text_b
    assert not any(name in text_b for name in _all_names(B_PEOPLE))


def test_the_list_in_excel_names_only_her_people_and_is_logged(officer_a):
    """The cell's list as Excel: ward An's names, ward Bình's counted in one line; the export is logged with
    the number of people named."""
    response = officer_a.get(
        CELL, {"area": "002", "indicator": "grassroots-committee-women", "at": AT, "format": "xlsx"}
    )
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Lê Thị An" in values and "Trần Văn Ba" in values
    assert not any(name in v for v in values for name in _all_names(B_PEOPLE))
    assert any("10 người ngoài phạm vi" in v for v in values)
    assert [c.value for c in sheet[1]] == ["Họ và tên", "Được tính", "Chức vụ", "Tổ chức"]
    log = PersonalDataAccess.objects.get()
    assert (log.kind, log.people_count) == (AccessKind.EXPORT, 2)


def test_the_table_in_excel_has_no_name_and_no_code(officer_a):
    """The table as Excel: what the page shows, Vietnamese headers, the indicator's name, "người", the
    status and the gap in words; no internal code, no name."""
    response = officer_a.get(PAGE, {"area": "002", "at": AT, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content))["Chỉ số"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Địa bàn", "Cấp", "Chỉ số", "Đơn vị đếm"] and "Mã chỉ số" not in header
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Tỷ lệ nữ cấp ủy viên cơ sở" in values and "người" in values
    assert "cần thêm 2 nữ để đạt 15%" in values and "Chưa đạt" in values
    assert not any("grassroots-committee" in v or "ct35-" in v for v in values)
    assert not any(name in v for v in values for name in _all_names(A_PEOPLE + B_PEOPLE))
    assert not PersonalDataAccess.objects.exists()  # counts only: nothing personal to log


def test_the_gap_in_people_first_and_units_sorted_by_gap(officer_a):
    """Ward Bình (none of 10) needs 2 more women to reach 15%, the district 1: said in words, and the
    ward with the largest gap comes first; sorted by name, An comes first."""
    text = " ".join(_text(officer_a.get(PAGE, {"area": "002", "at": AT})).split())
    section = text[text.index("Tỷ lệ nữ cấp ủy viên cơ sở") :]
    assert "cần thêm 2 nữ để đạt 15%" in section and "cần thêm 1 nữ để đạt 15%" in section
    assert section.index("Phường Bình") < section.index("Phường An")
    by_name = " ".join(_text(officer_a.get(PAGE, {"area": "002", "sort": "name"})).split())
    by_name = by_name[by_name.index("Tỷ lệ nữ cấp ủy viên cơ sở") :]
    assert by_name.index("Phường An") < by_name.index("Phường Bình")


def test_an_organizations_cell_lists_organizations(officer_a):
    """ "Standing committees with a woman" counts organizations: the cell reads "1/2 tổ chức" and the panel
    lists the two party organizations (the one without a woman first), not the people in them."""
    page = " ".join(_text(officer_a.get(PAGE, {"area": "002", "at": AT, "group": "party"})).split())
    assert "1/2 tổ chức" in page
    response = officer_a.get(CELL, {"area": "002", "indicator": "standing-committees-with-woman"}, **HX)
    text = " ".join(_text(response).split())
    assert "1/2 tổ chức" in text
    assert text.index("Đảng bộ Phường Bình") < text.index("Đảng bộ Phường An")
    assert "Thường vụ" not in text and "Lê Thị An" not in text
    assert response.content.decode().count('class="list-group-item px-0"') == 2


def test_labels_are_vietnamese_names_not_codes(officer_a):
    """The page speaks Vietnamese: indicator names, body tabs, statuses as words (đạt, chưa đạt, chưa có
    chỉ tiêu, chưa có dữ liệu), "người"/"ghế"; no "Show counts", no indicator or target code."""
    text = _text(officer_a.get(PAGE, {"area": "002", "at": AT}))
    assert "Show counts" not in text and "people/seats" not in text
    for word in (
        "Cấp ủy cơ sở",
        "Hội đồng nhân dân",
        "đạt",
        "chưa đạt",
        "chưa có chỉ tiêu",
        "chưa có dữ liệu",
    ):
        assert word in text
    for code in Indicator.objects.values_list("code", flat=True):
        assert code not in text
    assert "ct35-" not in text and "grassroots_party" not in text


def test_a_body_at_a_time(officer_a):
    """The People's Councils tab shows the council indicators only; nothing recorded: it says so."""
    text = " ".join(_text(officer_a.get(PAGE, {"area": "002", "group": "council"})).split())
    assert "Tỷ lệ nữ cấp ủy viên cơ sở" not in text
    assert "Chưa có dữ liệu tại địa bàn vào ngày này cho: Tỷ lệ nữ đại biểu HĐND" in text


def test_her_own_area_by_default_and_the_chooser_lists_her_scope(narrow_a, officer_a):
    """Without an area she reads her own (widest) area; the chooser suggests only areas she may analyse."""
    response = officer_a.get(PAGE, {"at": AT})
    assert response.status_code == 200 and "Quận Thử" in _text(response)
    found = _text(officer_a.get("/indicators/areas/", {"q": "phuong"}))
    assert "Phường An" in found and "Phường Bình" in found
    narrow = narrow_a.get("/indicators/areas/", {"q": "phuong"}).content.decode()
    assert "Phường An" in narrow and "Phường Bình" not in narrow and "area=002" not in narrow


def test_an_area_outside_her_analysis_scope_is_404(narrow_a):
    """Ward Bình and the district lie outside a ward-only officer's analysis area: 404, as if absent, on the
    page, the panel and the downloads; nothing of them is said."""
    for url, params in (
        (PAGE, {"area": "00040"}),
        (PAGE, {"area": "002"}),
        (PAGE, {"area": "002", "format": "xlsx"}),
        (CELL, {"area": "00040", "indicator": "grassroots-committee-women"}),
        (CELL, {"area": "002", "indicator": "grassroots-committee-women", "format": "xlsx"}),
    ):
        response = narrow_a.get(url, {**params, "at": AT})
        assert response.status_code == 404, (url, params)
        assert "Ngô Văn Dũng" not in response.content.decode()
    assert narrow_a.get(PAGE, {"area": "00037"}).status_code == 200


def test_an_unknown_area_code_is_said_in_vietnamese(officer_a):
    response = officer_a.get(PAGE, {"area": "99999", "at": AT})
    assert response.status_code == 200
    assert "Không có đơn vị hành chính nào mang mã '99999' vào ngày 25/09/2020." in _text(response)


def test_anonymous_users_are_sent_to_log_in(world, client):
    for url in (PAGE, CELL, "/indicators/areas/"):
        response = client.get(url, {"area": "002", "indicator": "grassroots-committee-women"})
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_administrator_chooses_any_area(world, client):
    """A user of the whole country starts from the provinces and reads every name in a panel."""
    client.force_login(national_user("quantri"))
    start = _text(client.get(PAGE, {"at": AT}))
    assert "Thành phố Thử" in start
    text = _text(client.get(CELL, {"area": "002", "indicator": "grassroots-committee-women"}, **HX))
    assert "Ngô Văn Dũng" in text and "ngoài phạm vi" not in text


def test_without_javascript_the_cell_is_a_page_of_the_shell(officer_a):
    response = officer_a.get(CELL, {"area": "00037", "indicator": "grassroots-committee-women", "at": AT})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" in body and "Lê Thị An" in body


def test_query_counts_are_pinned(officer_a, django_assert_num_queries):
    """The page and the panel cost a fixed number of queries, whatever the number of units and people:
    the session, the user and her scope, her areas, the area, the children, the definitions and one count
    per unit of counting; the panel reads the holdings once and the names once."""
    officer_a.get(PAGE, {"area": "002", "at": AT})  # the session remembers the date
    # PostgreSQL materializes the holdings with a few statements more (counting.py: temporary table, ANALYZE)
    with django_assert_num_queries(16 if connection.vendor == "sqlite" else 20):
        assert officer_a.get(PAGE, {"area": "002"}).status_code == 200
    with django_assert_num_queries(11):
        officer_a.get(CELL, {"area": "002", "indicator": "grassroots-committee-women"}, **HX)


def test_an_officer_of_a_merged_ward_reads_the_old_wards_before_the_merge(db, client):
    """The officer of a ward formed on 1/7/2025 from An and Bình reads, for 2020, the two old wards: one
    table at a time, the other one linked among her areas; for 2026, her new ward."""
    from nguon.areas.services import Link, succession_event_create

    city = AreaFactory(code="01", name="Thành phố Thử", level="province", kind="thanh_pho_tw")
    old = [
        AreaFactory(code=code, name=name, parent=city, valid_to=D(2025, 6, 30))
        for code, name in (("00037", "Phường An"), ("00040", "Phường Bình"))
    ]
    new = AreaFactory(code="00070", name="Phường Mới", parent=city, valid_from=D(2025, 7, 1))
    succession_event_create(kind="merge", date=D(2025, 7, 1), links=[Link(a, new) for a in old])
    client.force_login(make_user("moi", area=new))
    page = client.get(PAGE, {"at": AT}).content.decode()
    mine = re.search(r'<nav class="small mb-3 your-areas".*?</nav>', page, re.S).group(0)
    assert "Phường An" in mine and "Phường Bình" in mine and "Địa bàn của bạn:" in mine
    assert "Phường Mới" not in mine  # not yet on 25/09/2020
    assert client.get(PAGE, {"area": "00040"}).status_code == 200
    later = client.get(PAGE, {"at": "01/01/2026"}).content.decode()
    assert '<h1 class="h3 mb-0">Phường Mới</h1>' in later and "Phường Bình" not in later


def test_the_table_in_excel_follows_the_page(officer_a):
    """The Excel holds what the page shows, in its order: the area, then its units by the gap (Bình, who
    needs 2 more women, before An)."""
    response = officer_a.get(PAGE, {"area": "002", "at": AT, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content))["Chỉ số"]
    first = [row[0].value for row in sheet.iter_rows(min_row=2, max_row=4)]
    assert first == ["Quận Thử", "Phường Bình", "Phường An"]
    assert [row[2].value for row in sheet.iter_rows(min_row=2, max_row=4)] == [
        "Tỷ lệ nữ cấp ủy viên cơ sở"
    ] * 3


def test_the_area_chooser_costs_one_query_after_the_scope(officer_a, django_assert_num_queries):
    officer_a.get(PAGE, {"area": "002", "at": AT})
    with django_assert_num_queries(6):  # session, user, assignments, area history (2), the areas
        officer_a.get("/indicators/areas/", {"q": "phuong"})
