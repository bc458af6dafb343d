"""The account page, user management and the personal-data log, as managers and officers use them."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse

from nguon.accounts.access_log import personal_data_logged
from nguon.accounts.choices import AccessKind, Role
from nguon.accounts.models import Assignment, PersonalDataAccess
from nguon.accounts.tests.factories import make_user, national_user
from nguon.areas.models import Area
from nguon.areas.services import Link, area_create, succession_event_create
from nguon.core.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def map_(db: None) -> dict[str, Area]:
    city = area_create(code="01", name="Thành phố Hà Nội", level="province")
    district = area_create(code="002", name="Quận Hoàn Kiếm", level="district", parent=city)
    other = area_create(code="001", name="Quận Ba Đình", level="district", parent=city)
    return {
        "city": city,
        "district": district,
        "other": other,
        "hb": area_create(code="00037", name="Phường Hàng Bạc", level="commune", parent=district),
        "ht": area_create(code="00070", name="Phường Hàng Trống", level="commune", parent=district),
        "px": area_create(code="00001", name="Phường Phúc Xá", level="commune", parent=other),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager(map_: dict[str, Area]) -> Any:
    return make_user("quanly", area=map_["district"], role=Role.MANAGER, first_name="Lê Thị Quản")


@pytest.fixture
def staff(map_: dict[str, Area], manager: Any) -> dict[str, Any]:
    """Two users inside the district, one in Ba Đình."""
    return {
        "hb": make_user(
            "hangbac", area=map_["hb"], role=Role.EDITOR, kinds=["womens_union"], first_name="Nguyễn Thị Hoa"
        ),
        "ht": make_user("hangtrong", area=map_["ht"], role=Role.VIEWER, first_name="Trần Văn Nam"),
        "px": make_user("phucxa", area=map_["px"], role=Role.VIEWER, first_name="Phạm Minh Tuấn"),
    }


# -- the account page ---------------------------------------------------------------------------------------------
def test_account_page_says_who_i_am_and_my_assignments_in_vietnamese(map_: Any) -> None:
    user = make_user(
        "hb",
        area=map_["hb"],
        role=Role.EDITOR,
        kinds=["womens_union"],
        analysis_area=map_["district"],
        first_name="Nguyễn Thị Hoa",
    )
    personal_data_logged(
        user=user, kind=AccessKind.VIEW, what="Hồ sơ Lê Thị Mai", person_id=7, path="/people/7/"
    )
    page = _client(user).get(reverse("account")).content.decode()
    assert "Nguyễn Thị Hoa" in page
    assert "Biên tập viên — Phường Hàng Bạc — Hội Liên hiệp Phụ nữ; số liệu tổng hợp: Quận Hoàn Kiếm" in page
    assert "Hồ sơ Lê Thị Mai" in page
    assert reverse("password-change") in page
    with contextlib.suppress(NoReverseMatch):  # the API helper's token pages are mounted at integration
        assert reverse("token-list") in page


def test_account_page_needs_a_login() -> None:
    response = Client().get(reverse("account"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_password_change_asks_the_old_password_and_keeps_the_session(map_: Any) -> None:
    user = make_user("hb", area=map_["hb"], password="cu-mat-khau-9")
    client = _client(user)
    wrong = client.post(
        reverse("password-change"),
        {"old_password": "sai", "new_password1": "Moi-Mat-Khau-2026", "new_password2": "Moi-Mat-Khau-2026"},
    )
    assert wrong.status_code == 200 and "is-invalid" in wrong.content.decode()
    ok = client.post(
        reverse("password-change"),
        {
            "old_password": "cu-mat-khau-9",
            "new_password1": "Moi-Mat-Khau-2026",
            "new_password2": "Moi-Mat-Khau-2026",
        },
    )
    assert ok.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Moi-Mat-Khau-2026")
    assert client.get(reverse("account")).status_code == 200  # still logged in
    record = AuditRecord.objects.get(model="auth.user", object_id=str(user.pk))
    assert record.changes == {"password": ["***", "***"]}


# -- user management ----------------------------------------------------------------------------------------------
def test_user_list_needs_the_manager_role(map_: Any, staff: dict[str, Any]) -> None:
    assert _client(staff["hb"]).get(reverse("user-list")).status_code == 403
    assert Client().get(reverse("user-list")).status_code == 302


def test_manager_lists_the_users_of_her_scope_only(
    manager: Any, staff: dict[str, Any], django_assert_num_queries: Any
) -> None:
    client = _client(manager)
    # session, user, her assignments, succession links, the managed set, count, page, assignments
    with django_assert_num_queries(8):
        page = client.get(reverse("user-list")).content.decode()
    assert "Nguyễn Thị Hoa" in page and "Trần Văn Nam" in page
    assert "Phạm Minh Tuấn" not in page
    assert "Biên tập viên — Phường Hàng Bạc — Hội Liên hiệp Phụ nữ" in page
    assert "Nguyễn Thị Hoa" not in client.get(reverse("user-list"), {"q": "trong"}).content.decode()
    found = client.get(reverse("user-list"), {"q": "NGUYEN thi"}).content.decode()
    assert "Nguyễn Thị Hoa" in found and "Trần Văn Nam" not in found


def test_user_list_query_count_does_not_grow_with_users(
    manager: Any, map_: Any, django_assert_num_queries: Any
) -> None:
    """One page of users costs the same number of queries for 2 users as for 20 (no N+1)."""
    client = _client(manager)
    for i in range(2):
        make_user(f"u{i}", area=map_["hb"])
    client.get(reverse("user-list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("user-list"))
    for i in range(2, 20):
        make_user(f"u{i}", area=map_["ht"])
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("user-list"))
    assert len(many) == len(few)


def test_a_user_outside_her_scope_is_404_everywhere(manager: Any, staff: dict[str, Any]) -> None:
    client = _client(manager)
    outsider = staff["px"]
    assignment = outsider.assignments.get()
    for name, pk in [
        ("user-detail", outsider.pk),
        ("user-edit", outsider.pk),
        ("user-deactivate", outsider.pk),
        ("user-reactivate", outsider.pk),
        ("user-password-reset", outsider.pk),
        ("assignment-add", outsider.pk),
        ("assignment-edit", assignment.pk),
        ("assignment-delete", assignment.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
        assert client.post(reverse(name, args=[pk]), {}).status_code == 404, name
    outsider.refresh_from_db()
    assert outsider.is_active and outsider.assignments.count() == 1


def _add_form(area: Area, **extra: Any) -> dict[str, Any]:
    return {
        "username": "moi",
        "full_name": "Đặng Thị Hoàng",
        "email": "",
        "password": "",
        "area": area.pk,
        "role": "editor",
        **extra,
    }


def test_manager_creates_a_user_and_sees_her_password_once(manager: Any, map_: Any) -> None:
    client = _client(manager)
    form = client.get(reverse("user-add"), {"area_query": "hang bac"}).content.decode()
    assert "Phường Hàng Bạc" in form and "Phường Phúc Xá" not in form
    assert "administrator" not in form
    response = client.post(
        reverse("user-add"), _add_form(map_["hb"], organization_kinds=["womens_union"], area_query="hang bac")
    )
    assert response.status_code == 201
    password = re.search(r'id="password">([^<]+)<', response.content.decode()).group(1)
    user = get_user_model().objects.get(username="moi")
    assert user.check_password(password)
    assert user.assignments.get().organization_kinds == ["womens_union"]
    detail = client.get(reverse("user-detail", args=[user.pk])).content.decode()
    assert password not in detail


def test_an_area_outside_is_not_offered_and_is_refused(manager: Any, map_: Any) -> None:
    client = _client(manager)
    response = client.post(reverse("user-add"), _add_form(map_["px"]))
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()
    assert not get_user_model().objects.filter(username="moi").exists()
    assert (
        "Phường Phúc Xá" not in client.get(reverse("area-options"), {"area_query": "phuc"}).content.decode()
    )
    assert (
        "Phường Hàng Trống" in client.get(reverse("area-options"), {"area_query": "trong"}).content.decode()
    )


def test_a_wider_area_for_figures_is_refused_in_vietnamese(manager: Any, map_: Any) -> None:
    """The district's manager (figures: the district) cannot give the city as area for figures."""
    client = _client(manager)
    response = client.post(reverse("user-add"), _add_form(map_["hb"], analysis_area=map_["city"].pk))
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="moi").exists()


def test_search_keeps_what_was_typed(manager: Any, map_: Any) -> None:
    """The search button (without JavaScript) shows the areas found and keeps every field typed."""
    client = _client(manager)
    response = client.post(
        reverse("user-add"), {**_add_form(map_["hb"]), "action": "search", "area_query": "trong"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Đặng Thị Hoàng" in page and "Phường Hàng Trống" in page
    assert not get_user_model().objects.filter(username="moi").exists()


def test_assignment_add_edit_delete_through_the_pages(manager: Any, staff: dict[str, Any], map_: Any) -> None:
    client = _client(manager)
    user = staff["ht"]
    response = client.post(
        reverse("assignment-add", args=[user.pk]), {"area": map_["hb"].pk, "role": "viewer"}
    )
    assert response.status_code == 302
    added = user.assignments.get(area=map_["hb"])
    response = client.post(
        reverse("assignment-edit", args=[added.pk]),
        {"area": map_["hb"].pk, "role": "editor", "note": "Tạm thời"},
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.role, added.note) == ("editor", "Tạm thời")
    assert client.post(reverse("assignment-delete", args=[added.pk])).status_code == 302
    assert not Assignment.objects.filter(pk=added.pk).exists()
    last = user.assignments.get()
    refused = client.post(reverse("assignment-delete", args=[last.pk]))
    assert refused.status_code == 403 and "duy nhất" in refused.content.decode()
    assert Assignment.objects.filter(pk=last.pk).exists()
    page = client.get(reverse("user-detail", args=[user.pk])).content.decode()
    assert "Xóa (phân công)" in page[page.index('id="changes-title"') :]  # the removed one stays in the trail


def test_deactivate_and_reactivate_through_the_pages(manager: Any, staff: dict[str, Any]) -> None:
    client = _client(manager)
    user = staff["ht"]
    assert "Vô hiệu hóa" in client.get(reverse("user-deactivate", args=[user.pk])).content.decode()
    assert client.post(reverse("user-deactivate", args=[user.pk])).status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert client.post(reverse("user-reactivate", args=[user.pk])).status_code == 302
    user.refresh_from_db()
    assert user.is_active


def test_password_reset_shows_the_new_password_once(manager: Any, staff: dict[str, Any]) -> None:
    client = _client(manager)
    user = staff["ht"]
    response = client.post(reverse("user-password-reset", args=[user.pk]))
    password = re.search(r'id="password">([^<]+)<', response.content.decode()).group(1)
    user.refresh_from_db()
    assert user.check_password(password)


def test_manager_sees_no_actions_on_herself_and_cannot_reach_her_own_page(manager: Any) -> None:
    """Her own account is not in her list (she cannot widen her own rights): 404."""
    assert _client(manager).get(reverse("user-detail", args=[manager.pk])).status_code == 404


def test_administrator_manages_everyone(staff: dict[str, Any], map_: Any) -> None:
    admin = national_user("admin")
    client = _client(admin)
    page = client.get(reverse("user-list")).content.decode()
    assert "Phạm Minh Tuấn" in page and "Nguyễn Thị Hoa" in page
    assert client.get(reverse("user-detail", args=[staff["px"].pk])).status_code == 200
    assert "administrator" in client.get(reverse("user-add")).content.decode()


# -- the personal-data log ----------------------------------------------------------------------------------------
def test_access_log_shows_her_scope_newest_first_filtered(
    manager: Any, staff: dict[str, Any], django_assert_num_queries: Any
) -> None:
    for user, what in [
        (staff["hb"], "Hồ sơ A"),
        (staff["ht"], "Xuất Excel B"),
        (staff["px"], "Hồ sơ C"),
        (manager, "Hồ sơ D"),
    ]:
        personal_data_logged(user=user, kind=AccessKind.VIEW, what=what, person_id=1)
    old = personal_data_logged(user=staff["hb"], kind=AccessKind.EXPORT, what="Xuất cũ", people_count=40)
    PersonalDataAccess.objects.filter(pk=old.pk).update(at=dt.datetime(2024, 1, 5, 3, tzinfo=dt.UTC))
    client = _client(manager)
    # session, user, her assignments, succession links, the managed set (users; log), users, count, page
    with django_assert_num_queries(9):
        page = client.get(reverse("access-log")).content.decode()
    assert "Hồ sơ A" in page and "Xuất Excel B" in page and "Hồ sơ D" in page and "Xuất cũ" in page
    assert "Hồ sơ C" not in page
    assert page.index("Hồ sơ D") < page.index("Xuất cũ")
    only = client.get(reverse("access-log"), {"user": staff["hb"].pk}).content.decode()
    assert "Hồ sơ A" in only and "Xuất Excel B" not in only
    dated = client.get(reverse("access-log"), {"since": "01/01/2024", "until": "31/01/2024"}).content.decode()
    assert "Xuất cũ" in dated and "Hồ sơ A" not in dated
    outsider = client.get(reverse("access-log"), {"user": staff["px"].pk})
    assert "Hồ sơ C" not in outsider.content.decode()


def test_access_log_is_for_managers(staff: dict[str, Any]) -> None:
    assert _client(staff["hb"]).get(reverse("access-log")).status_code == 403


def test_access_log_paginates(manager: Any, staff: dict[str, Any]) -> None:
    PersonalDataAccess.objects.bulk_create(
        [PersonalDataAccess(user=staff["hb"], kind="view", what=f"Hồ sơ {i}") for i in range(60)]
    )
    client = _client(manager)
    assert "page=2" in client.get(reverse("access-log")).content.decode()
    assert client.get(reverse("access-log"), {"page": 2}).status_code == 200


# -- the admin ------------------------------------------------------------------------------------------------------
def test_admin_lists_assignments_tokens_and_the_log_read_only(staff: dict[str, Any]) -> None:
    admin = national_user("admin", is_staff=True, is_superuser=True)
    client = _client(admin)
    personal_data_logged(user=staff["hb"], kind=AccessKind.VIEW, what="Hồ sơ A", person_id=1)
    assert client.get(reverse("admin:accounts_assignment_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_personaldataaccess_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_apitoken_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_personaldataaccess_add")).status_code == 403
    user_page = client.get(reverse("admin:auth_user_change", args=[staff["hb"].pk])).content.decode()
    assert "assignments-TOTAL_FORMS" in user_page


def test_admin_assignment_saved_through_the_service_is_audited(staff: dict[str, Any], map_: Any) -> None:
    admin = national_user("admin", is_staff=True, is_superuser=True)
    client = _client(admin)
    assignment = staff["ht"].assignments.get()
    response = client.post(
        reverse("admin:accounts_assignment_change", args=[assignment.pk]),
        {
            "user": staff["ht"].pk,
            "area": map_["hb"].pk,
            "organization_kinds": "[]",
            "role": "editor",
            "analysis_area": "",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment.refresh_from_db()
    assert (assignment.area, assignment.role) == (map_["hb"], "editor")
    record = AuditRecord.objects.get(model="accounts.assignment", action="update")
    assert record.source == "admin" and record.user == admin


def test_the_admin_is_closed_to_a_manager(manager: Any) -> None:
    manager.is_staff = True
    manager.save()
    response = _client(manager).get(reverse("admin:index"))
    assert response.status_code in (302, 403)


def test_a_manager_narrowed_to_a_kind_gives_that_kind(map_: Any) -> None:
    """The district Women's Union manager: the form offers only her kind, ticked, and refuses none."""
    boss = make_user("hoi", area=map_["district"], role=Role.MANAGER, kinds=["womens_union"])
    client = _client(boss)
    form = client.get(reverse("user-add")).content.decode()
    assert 'value="womens_union"' in form and "checked" in form
    assert 'value="youth_union"' not in form
    refused = client.post(reverse("user-add"), _add_form(map_["hb"]))
    assert refused.status_code == 200 and not get_user_model().objects.filter(username="moi").exists()
    assert (
        client.post(
            reverse("user-add"), _add_form(map_["hb"], organization_kinds=["womens_union"])
        ).status_code
        == 201
    )


def test_user_page_shows_the_changes_to_her_account_without_the_hash(manager: Any, map_: Any) -> None:
    """Who changed what, when: creation, the password reset (as a fact, never the hash), the assignment."""
    client = _client(manager)
    client.post(reverse("user-add"), _add_form(map_["hb"]))
    user = get_user_model().objects.get(username="moi")
    client.post(reverse("user-password-reset", args=[user.pk]))
    page = client.get(reverse("user-detail", args=[user.pk])).content.decode()
    changes = page[page.index('id="changes-title"') :]
    assert "Lê Thị Quản" in changes and "Mật khẩu" in changes and "Thêm mới (phân công)" in changes
    user.refresh_from_db()
    assert user.password not in page and user.password.split("$")[-1] not in page


def test_account_page_says_which_old_wards_a_new_ward_covers() -> None:
    """The new phường Hoàn Kiếm's officer is told she also reads the history of the wards merged into it."""
    city = area_create(code="01", name="Thành phố Hà Nội", level="province")
    last = dt.date(2025, 6, 30)
    hb = area_create(code="00037", name="Phường Hàng Bạc", level="commune", parent=city, valid_to=last)
    ht = area_create(code="00070", name="Phường Hàng Trống", level="commune", parent=city, valid_to=last)
    hk = area_create(
        code="00070", name="Phường Hoàn Kiếm", level="commune", parent=city, valid_from=dt.date(2025, 7, 1)
    )
    succession_event_create(kind="merge", date=dt.date(2025, 7, 1), links=[Link(hb, hk), Link(ht, hk)])
    page = _client(make_user("hk", area=hk, role=Role.EDITOR)).get(reverse("account")).content.decode()
    assert "Kể cả lịch sử của: Phường Hàng Bạc, Phường Hàng Trống" in page


def test_an_officer_of_an_ended_ward_lands_on_its_last_day() -> None:
    """The pages of an old ward's officer show 30/06/2025 unless she picks another date."""
    ward = area_create(code="00037", name="Phường Hàng Bạc", level="commune", valid_to=dt.date(2025, 6, 30))
    client = _client(make_user("hb", area=ward))
    assert client.get(reverse("account")).context["at"] == dt.date(2025, 6, 30)
    assert client.get(reverse("account"), {"at": "01/01/2020"}).context["at"] == dt.date(2020, 1, 1)
