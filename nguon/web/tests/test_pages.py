"""The shell's own pages: the dashboard, the tree of areas and organizations, an area, an organization.

The world: a city with a district of two wards (A and B) that were merged into a new ward on 1/7/2025 (the
2025 reorganization), an organization in each ward with an executive committee and a standing committee,
and people holding seats in them. Ward A's officer must never read ward B's names or open its pages; the
new ward's officer reads the old wards as they were before the merge.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user, national_user
from nguon.areas.services import Link, area_create, succession_event_create
from nguon.organizations.services import (
    body_create,
    organization_create,
    post_create,
    tenure_create,
    term_create,
)
from nguon.people.services import person_create

D = dt.date
BEFORE = D(2020, 9, 25)
AFTER = D(2026, 1, 15)
pytestmark = pytest.mark.django_db


def _organization(area: Any, name: str, valid_to: dt.date | None) -> dict[str, Any]:
    org = organization_create(
        name=name, kind="grassroots_party", area=area, valid_from=area.valid_from, valid_to=valid_to
    )
    start = area.valid_from or D(2020, 5, 1)
    bch = body_create(organization=org, kind="executive_committee", name=f"Ban Chấp hành {name}")
    btv = body_create(organization=org, kind="standing_committee", name=f"Ban Thường vụ {name}")
    return {
        "org": org,
        "bch_term": term_create(body=bch, name="2020–2025", start_date=start, end_date=valid_to),
        "btv_term": term_create(body=btv, name="2020–2025", start_date=start, end_date=valid_to),
        "member": post_create(organization=org, name="Ủy viên Ban Chấp hành", body=bch),
        "standing": post_create(organization=org, name="Ủy viên Ban Thường vụ", body=btv),
        "secretary": post_create(organization=org, name="Bí thư", rank=1, is_key=True),
        "deputy": post_create(organization=org, name="Phó Bí thư", rank=2, is_key=True),
    }


def _seat(
    unit: dict[str, Any], name: str, sex: str, *, standing: bool = False, secretary: bool = False
) -> Any:
    person = person_create(
        full_name=name, sex=sex, birth_date=D(1980, 5, 17), dossier_organization=unit["org"]
    )
    start = unit["bch_term"].start_date
    end = unit["bch_term"].end_date
    tenure_create(
        person=person,
        post=unit["member"],
        term=unit["bch_term"],
        start_date=start,
        end_date=end,
        start_reason="elected",
        start_decision="12-QĐ/TU",
        start_decision_date=start,
    )
    if standing:
        tenure_create(
            person=person, post=unit["standing"], term=unit["btv_term"], start_date=start, end_date=end,
            start_reason="elected",
        )  # fmt: skip
    if secretary:
        tenure_create(
            person=person, post=unit["secretary"], start_date=start, end_date=end, start_reason="appointed"
        )
    return person


@pytest.fixture
def world() -> dict[str, Any]:
    city = area_create(code="01", name="Thành phố Thử", level="province", kind="thanh_pho_tw")
    district = area_create(
        code="002", name="Quận Thử", level="district", kind="quan", parent=city, valid_to=D(2025, 6, 30)
    )
    ward_a = area_create(
        code="00037",
        name="Phường An",
        level="commune",
        kind="phuong",
        parent=district,
        valid_to=D(2025, 6, 30),
    )
    ward_b = area_create(
        code="00040",
        name="Phường Bình",
        level="commune",
        kind="phuong",
        parent=district,
        valid_to=D(2025, 6, 30),
    )
    new = area_create(
        code="00070", name="Phường Mới", level="commune", kind="phuong", parent=city, valid_from=D(2025, 7, 1)
    )
    succession_event_create(kind="merge", date=D(2025, 7, 1), links=[Link(ward_a, new), Link(ward_b, new)])
    a = _organization(ward_a, "Đảng bộ phường An", D(2025, 6, 30))
    b = _organization(ward_b, "Đảng bộ phường Bình", D(2025, 6, 30))
    n = _organization(new, "Đảng bộ phường Mới", None)
    people = {
        "a_woman": _seat(a, "Lê Thị Ánh", "F", standing=True, secretary=True),
        "a_man": _seat(a, "Trần Văn Anh", "M", standing=True),
        "b_man": _seat(b, "Phạm Văn Bảo", "M", standing=True, secretary=True),
        "b_woman": _seat(b, "Ngô Thị Bích", "F"),
        "new_woman": _seat(n, "Vũ Thị Nga", "F", standing=True, secretary=True),
    }
    return {"city": city, "district": district, "ward_a": ward_a, "ward_b": ward_b, "new": new,
            "a": a, "b": b, "n": n, "people": people}  # fmt: skip


def _client(user: Any, at: dt.date) -> Client:
    client = Client()
    client.force_login(user)
    client.get(reverse("dashboard"), {"at": at.strftime("%d/%m/%Y")})  # the date, kept in the session
    return client


def _officer_a() -> Any:
    from nguon.areas.models import Area

    return make_user("canbo_a", area=Area.objects.get(code="00037"), role=Role.EDITOR)


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- access ------------------------------------------------------------------------------------------------
def test_anonymous_is_sent_to_login(world: dict[str, Any]) -> None:
    """Every page of the shell sends an anonymous visitor to the login page."""
    client = Client()
    for url in (
        reverse("dashboard"),
        reverse("area-list"),
        reverse("area-detail", args=[world["ward_a"].pk]),
        reverse("area-children", args=[world["ward_a"].pk]),
        reverse("organization-detail", args=[world["a"]["org"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_ward_a_officer_cannot_open_ward_b(world: dict[str, Any]) -> None:
    """Ward A's officer gets 404 for ward B's area, its level of the tree and its organization, as for
    something that does not exist; her own pages open."""
    client = _client(_officer_a(), BEFORE)
    for url in (
        reverse("area-detail", args=[world["ward_b"].pk]),
        reverse("area-children", args=[world["ward_b"].pk]),
        reverse("organization-detail", args=[world["b"]["org"].pk]),
        reverse("organization-detail", args=[world["n"]["org"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("area-detail", args=[world["ward_a"].pk])).status_code == 200
    assert client.get(reverse("organization-detail", args=[world["a"]["org"].pk])).status_code == 200
    assert client.get(reverse("dashboard"), {"area": world["ward_b"].pk}).status_code == 404


def test_no_name_from_ward_b_on_ward_a_pages(world: dict[str, Any]) -> None:
    """Nothing that ward A's officer opens names a person or an organization of ward B."""
    client = _client(_officer_a(), BEFORE)
    pages = [
        client.get(reverse("dashboard")),
        client.get(reverse("area-list")),
        client.get(reverse("area-detail", args=[world["ward_a"].pk])),
        client.get(reverse("area-children", args=[world["ward_a"].pk]), headers={"HX-Request": "true"}),
        client.get(reverse("organization-detail", args=[world["a"]["org"].pk])),
    ]
    for response in pages:
        text = _text(response)
        assert response.status_code == 200
        for name in ("Phạm Văn Bảo", "Ngô Thị Bích", "Vũ Thị Nga", "Đảng bộ phường Bình"):
            assert name not in text


def test_analysis_area_shows_figures_never_names(world: dict[str, Any]) -> None:
    """With the district as her analysis area, ward A's officer compares her ward with ward B (figures,
    ward B's organization named but not linked) and still reads no name of ward B's people."""
    user = make_user("canbo_a2", area=world["ward_a"], analysis_area=world["district"])
    client = _client(user, BEFORE)
    dashboard = _text(client.get(reverse("dashboard")))
    assert "Phường Bình" in dashboard  # the comparison chart
    tree = _text(
        client.get(reverse("area-children", args=[world["ward_b"].pk]), headers={"HX-Request": "true"})
    )
    assert "Đảng bộ phường Bình" in tree
    assert reverse("organization-detail", args=[world["b"]["org"].pk]) not in tree
    area_b = client.get(reverse("area-detail", args=[world["ward_b"].pk]))
    assert area_b.status_code == 200
    for response in (dashboard, tree, _text(area_b)):
        for name in ("Phạm Văn Bảo", "Ngô Thị Bích"):
            assert name not in response
    assert client.get(reverse("organization-detail", args=[world["b"]["org"].pk])).status_code == 404


def test_new_ward_officer_reads_the_old_wards_before_the_merge(world: dict[str, Any]) -> None:
    """The officer of the ward created by the merge sees, on a date before it, the old wards and their
    organizations (linked) in the tree, and opens their pages with the members of that time."""
    user = make_user("canbo_moi", area=world["new"])
    client = _client(user, BEFORE)
    tree = _text(client.get(reverse("area-list")))
    for area in ("ward_a", "ward_b"):
        children = _text(
            client.get(reverse("area-children", args=[world[area].pk]), headers={"HX-Request": "true"})
        )
        org = world[area[-1]]["org"]
        assert reverse("organization-detail", args=[org.pk]) in children
        assert world[area].name in tree
    page = _text(client.get(reverse("organization-detail", args=[world["b"]["org"].pk])))
    assert "Phạm Văn Bảo" in page and "Ngô Thị Bích" in page
    assert "không tồn tại vào ngày này" in tree  # the new ward itself, not yet created in 2020
    dashboard = _text(client.get(reverse("dashboard")))
    assert "Phường An" in dashboard and "Phường Bình" in dashboard  # the figures add up the old wards


# --- the tree ----------------------------------------------------------------------------------------------
def test_tree_speaks_vietnamese_and_links_successions_both_ways(world: dict[str, Any]) -> None:
    """Area kinds read in Vietnamese (never "phuong", "quan"); the merge is linked from the old wards to
    the new one and back."""
    client = _client(national_user(), BEFORE)
    district = _text(
        client.get(reverse("area-children", args=[world["district"].pk]), headers={"HX-Request": "true"})
    )
    assert "phường" in district and "phuong" not in district
    city = _text(
        client.get(reverse("area-children", args=[world["city"].pk]), headers={"HX-Request": "true"})
    )
    assert "quận" in city and ">quan<" not in city
    new_page = _text(client.get(reverse("area-detail", args=[world["new"].pk])))
    assert "Sáp nhập từ" in new_page
    assert reverse("area-detail", args=[world["ward_a"].pk]) in new_page
    old_page = _text(client.get(reverse("area-detail", args=[world["ward_a"].pk])))
    assert "Sáp nhập vào" in old_page and reverse("area-detail", args=[world["new"].pk]) in old_page
    assert "01/07/2025" in old_page


def test_tree_children_on_the_date(world: dict[str, Any]) -> None:
    """Under the city, the district exists in 2020 and the new ward does not; in 2026 the other way."""
    admin = national_user()
    url = reverse("area-children", args=[world["city"].pk])
    before = _text(_client(admin, BEFORE).get(url, headers={"HX-Request": "true"}))
    after = _text(_client(admin, AFTER).get(url, headers={"HX-Request": "true"}))
    assert "Quận Thử" in before and "Phường Mới" not in before
    assert "Phường Mới" in after and "Quận Thử" not in after


def test_tree_pages_a_long_level(world: dict[str, Any]) -> None:
    """A level of the tree shows a page of areas and a button that loads the next page (htmx)."""
    from nguon.web import views

    for i in range(views.PAGE + 3):
        area_create(code=f"9{i:04d}", name=f"Xã Thêm {i}", level="commune", kind="xa", parent=world["city"])
    client = _client(national_user(), AFTER)
    url = reverse("area-children", args=[world["city"].pk])
    first = _text(client.get(url, headers={"HX-Request": "true"}))
    assert f'hx-get="{url}?page=2"' in first
    second = _text(client.get(url, {"page": 2}, headers={"HX-Request": "true"}))
    assert "Xã Thêm" in second and "page=3" not in second


# --- the organization page ---------------------------------------------------------------------------------
def test_organization_page_members_posts_vacancies_history(world: dict[str, Any]) -> None:
    """The organization page lists each body's members on the date with sex, age on the date, how they came
    in and the decision; its posts with their holders; the vacant posts; the history of its records."""
    client = _client(_officer_a(), BEFORE)
    page = _text(client.get(reverse("organization-detail", args=[world["a"]["org"].pk])))
    assert "Lê Thị Ánh" in page and "Trần Văn Anh" in page
    assert "Nữ" in page and "Nam" in page
    assert ">40<" in page  # born 17/05/1980: 40 on 25/09/2020
    assert "Bầu" in page and "12-QĐ/TU" in page
    assert "Phó Bí thư" in page and "Còn trống" in page.replace("còn trống", "Còn trống")
    assert "Lịch sử thay đổi" in page and "tổ chức" in page
    assert "organizations.tenure" not in page


def test_organization_page_after_its_end(world: dict[str, Any]) -> None:
    """On a date after an old ward's organization ended, its page says so and lists no member."""
    client = _client(make_user("canbo_moi", area=world["new"]), AFTER)
    page = _text(client.get(reverse("organization-detail", args=[world["a"]["org"].pk])))
    assert "không tồn tại vào ngày" in page
    assert "Lê Thị Ánh" not in page.split("Lịch sử thay đổi")[0]


# --- the dashboard -----------------------------------------------------------------------------------------
def test_dashboard_figures_gap_and_standing_committees(world: dict[str, Any]) -> None:
    """Ward B's dashboard (one woman of eight committee members; a standing committee of one man) shows the
    share, the status, the gap phrased as officers say it, and names the standing committee without a
    woman (a body, never a person)."""
    for i in range(6):  # one woman among eight members: 12,5%, one more needed for 15%
        _seat(world["b"], f"Đinh Văn Thêm {i}", "M")
    user = make_user("canbo_b", area=world["ward_b"])
    text = _text(_client(user, BEFORE).get(reverse("dashboard")))
    assert "Tỷ lệ nữ cấp ủy viên cơ sở" in text
    assert "12,5%" in text and "Chưa đạt" in text
    assert "cần thêm 1 nữ để đạt 15%" in text
    assert "Ban Thường vụ Đảng bộ phường Bình" in text
    standing = text.split("Ban thường vụ chưa có nữ")[1].split("Thay đổi gần đây")[0]
    assert "Ban Thường vụ Đảng bộ phường Bình" in standing
    assert "Phạm Văn Bảo" not in standing and "Ban Thường vụ Đảng bộ phường An" not in standing


def test_dashboard_recent_changes_are_scoped(world: dict[str, Any]) -> None:
    """The latest changes list the records of the officer's own ward only."""
    text = _text(_client(_officer_a(), BEFORE).get(reverse("dashboard")))
    changes = "".join(text.split("Thay đổi gần đây")[1:])
    assert "Đảng bộ phường An" in changes or "Lê Thị Ánh" in changes
    assert "Bình" not in changes and "Bảo" not in changes


def test_dashboard_of_an_administrator_is_the_country_with_a_province_chooser(world: dict[str, Any]) -> None:
    """An administrator sees the country, and can choose a province."""
    client = _client(national_user(), BEFORE)
    text = _text(client.get(reverse("dashboard")))
    assert "Toàn quốc" in text and f'<option value="{world["city"].pk}"' in text
    chosen = _text(client.get(reverse("dashboard"), {"area": world["city"].pk}))
    assert "selected>Thành phố Thử" in chosen


def test_dashboard_one_section_per_assignment(world: dict[str, Any]) -> None:
    """A user with two assignments sees one section for each area, each with its own standing committees
    without a woman (ward B's, not under ward A)."""
    from nguon.accounts.models import Assignment

    user = _officer_a()
    Assignment.objects.create(user=user, area=world["ward_b"], role=Role.VIEWER)
    text = _text(_client(user, BEFORE).get(reverse("dashboard")))
    assert text.count('<h2 class="h4 mb-1"') == 2
    first, second = text.split('<h2 class="h4 mb-1"')[1:3]
    assert "Phường An" in first and "Ban Thường vụ Đảng bộ phường Bình" not in first
    assert "Phường Bình" in second and "Ban Thường vụ Đảng bộ phường Bình" in second


# --- query counts --------------------------------------------------------------------------------------------
def _more_rows(world: dict[str, Any]) -> None:
    """More people, posts, bodies and wards: the pages must not ask more queries for them."""
    for i in range(4):
        _seat(world["a"], f"Đỗ Thị Thêm {i}", "F", standing=True)
        _seat(world["b"], f"Hồ Văn Thêm {i}", "M")
    post_create(organization=world["a"]["org"], name="Chánh Văn phòng", rank=5)
    extra = organization_create(name="Hội Phụ nữ phường An", kind="womens_union", area=world["ward_a"])
    body_create(organization=extra, kind="executive_committee", name="Ban Chấp hành Hội Phụ nữ phường An")
    for i in range(3):
        area_create(code=f"8{i:04d}", name=f"Phường Thêm {i}", level="commune", kind="phuong",
                    parent=world["district"], valid_to=D(2025, 6, 30))  # fmt: skip


def _count(client: Client, url: str, **kw: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **kw).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page",
    ["dashboard", "dashboard-district", "area-list", "area-children", "area-detail", "organization-detail"],
)
def test_query_counts_do_not_grow_with_rows(world: dict[str, Any], page: str) -> None:
    """Each page asks the same number of queries whatever the number of people, posts, bodies, areas."""
    user = make_user("canbo_q", area=world["district"], role=Role.VIEWER)
    client = _client(user, BEFORE)
    url, kw = {
        "dashboard": (reverse("dashboard"), {}),
        "dashboard-district": (reverse("dashboard") + f"?area={world['ward_a'].pk}", {}),
        "area-list": (reverse("area-list"), {}),
        "area-children": (
            reverse("area-children", args=[world["district"].pk]),
            {"headers": {"HX-Request": "1"}},
        ),
        "area-detail": (reverse("area-detail", args=[world["district"].pk]), {}),
        "organization-detail": (reverse("organization-detail", args=[world["a"]["org"].pk]), {}),
    }[page]
    client.get(url, **kw)  # warm the scope's caches in the session
    before = _count(client, url, **kw)
    _more_rows(world)
    assert _count(client, url, **kw) == before


# session, user, assignments, succession links (the scope), then the page's own reads. The dashboard: the
# indicators, the area and its children, the targets and thresholds, the counts (a temporary table read by
# one GROUP BY per level and count unit), the standing committees (count, page), the latest changes.
# PostgreSQL's counting asks a few more (the temporary table's statistics and index). The organization's
# history names the rows its records point to: one query per related model (people, posts, terms, bodies,
# organizations, areas), whatever the number of records.
PINNED = {
    "sqlite": {"dashboard": 21, "area-list": 13, "organization-detail": 16},
    "postgresql": {"dashboard": 25, "area-list": 13, "organization-detail": 16},
}


def test_pinned_query_counts(world: dict[str, Any], django_assert_num_queries: Any) -> None:
    """The dashboard, the tree and the organization page, pinned (N+1 must never creep back)."""
    user = make_user("canbo_q", area=world["district"], role=Role.VIEWER)
    client = _client(user, BEFORE)
    for name, url in (
        ("dashboard", reverse("dashboard")),
        ("area-list", reverse("area-list")),
        ("organization-detail", reverse("organization-detail", args=[world["a"]["org"].pk])),
    ):
        with django_assert_num_queries(PINNED[connection.vendor][name]):
            client.get(url)
