"""User management services: a manager manages only the users all of whose assignments lie inside her
own, never widens her rights, never gives the role administrator; every write is audited without the
password hash."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from nguon.accounts import services
from nguon.accounts.choices import Role
from nguon.accounts.models import Assignment
from nguon.accounts.scope import scope_for
from nguon.accounts.selectors import assignment_summary, managed_user_ids, user_get, user_list
from nguon.accounts.tests.factories import make_user, national_user
from nguon.areas.models import Area
from nguon.areas.services import Link, area_create, succession_event_create
from nguon.core.models import AuditRecord

pytestmark = pytest.mark.django_db

LAST_OLD = dt.date(2025, 6, 30)
REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def map_(db: None) -> dict[str, Area]:
    city = area_create(code="01", name="Thành phố Hà Nội", level="province")
    district = area_create(
        code="002", name="Quận Hoàn Kiếm", level="district", parent=city, valid_to=LAST_OLD
    )
    other_district = area_create(code="001", name="Quận Ba Đình", level="district", parent=city)
    hb = area_create(
        code="00037", name="Phường Hàng Bạc", level="commune", parent=district, valid_to=LAST_OLD
    )
    ht = area_create(
        code="00070", name="Phường Hàng Trống", level="commune", parent=district, valid_to=LAST_OLD
    )
    hk = area_create(code="00070", name="Phường Hoàn Kiếm", level="commune", parent=city, valid_from=REFORM)
    bd = area_create(code="00001", name="Phường Phúc Xá", level="commune", parent=other_district)
    succession_event_create(kind="merge", date=REFORM, links=[Link(hb, hk), Link(ht, hk)])
    return {
        "city": city,
        "district": district,
        "ba_dinh": other_district,
        "hb": hb,
        "ht": ht,
        "hk": hk,
        "bd": bd,
    }


@pytest.fixture
def manager(map_: dict[str, Area]) -> Any:
    """The district's Women's Union manager; figures over the city."""
    return make_user(
        "quanly", area=map_["district"], role=Role.MANAGER, kinds=["womens_union"], analysis_area=map_["city"]
    )


def _create(acting_user: Any, area: Area, **kw: Any) -> tuple[Any, str]:
    values = {
        "username": "moi",
        "full_name": "Nguyễn Thị  Hoa",
        "area": area,
        "organization_kinds": ["womens_union"],
    }
    values.update(kw)
    return services.user_create(**values, acting_user=acting_user)


def test_manager_creates_a_user_inside_her_scope_with_a_password_shown_once(manager: Any, map_: Any) -> None:
    """The new user gets her first assignment; a generated password logs her in; the trail has the user and
    the assignment, with the password hash hidden."""
    user, password = _create(manager, map_["hb"], role=Role.EDITOR)
    assert user.get_full_name() == "Nguyễn Thị Hoa"
    assert len(password) == services.PASSWORD_LENGTH
    assert authenticate(username="moi", password=password) == user
    assignment = user.assignments.get()
    assert (assignment.area, assignment.role, assignment.organization_kinds) == (
        map_["hb"],
        "editor",
        ["womens_union"],
    )
    record = AuditRecord.objects.get(model="auth.user", object_id=str(user.pk))
    assert record.user == manager and record.changes["password"] == [None, services.HIDDEN]
    assert user.password not in str(record.changes)
    assert AuditRecord.objects.filter(model="accounts.assignment", object_id=str(assignment.pk)).exists()
    assert user.pk in managed_user_ids(scope_for(manager))


def test_manager_may_assign_the_old_wards_of_her_new_ward(map_: Any) -> None:
    """The new phường Hoàn Kiếm's manager may give the old Hàng Bạc (its history lies inside her scope)."""
    boss = make_user("hk", area=map_["hk"], role=Role.MANAGER)
    user, _ = _create(boss, map_["hb"], organization_kinds=[])
    assert user.assignments.get().area == map_["hb"]
    with pytest.raises(PermissionDenied):
        _create(
            make_user("hbm", area=map_["hb"], role=Role.MANAGER),
            map_["hk"],
            username="x",
            organization_kinds=[],
        )


@pytest.mark.parametrize(
    ("case", "values"),
    [
        ("area outside", {"area": "bd"}),
        ("wider area than hers", {"area": "city"}),
        ("no kind while she has one", {"organization_kinds": []}),
        ("another kind", {"organization_kinds": ["youth_union"]}),
        ("administrator", {"role": Role.ADMINISTRATOR}),
        ("figures beyond hers", {"analysis_area": "ba_dinh_parent"}),
    ],
)
def test_manager_cannot_give_what_she_does_not_hold(
    manager: Any, map_: Any, case: str, values: dict[str, Any]
) -> None:
    """Each way to reach beyond her scope is refused in Vietnamese, and nothing is written."""
    outside = area_create(code="79", name="Thành phố Hồ Chí Minh", level="province")
    resolved = {
        k: (map_.get(v) if v != "ba_dinh_parent" else outside) if k in ("area", "analysis_area") else v
        for k, v in values.items()
    }
    before = (get_user_model().objects.count(), Assignment.objects.count(), AuditRecord.objects.count())
    with pytest.raises(PermissionDenied) as error:
        _create(manager, resolved.pop("area", map_["hb"]), **resolved)
    assert "quản trị" in str(error.value) or "vượt" in str(error.value)
    assert (
        get_user_model().objects.count(),
        Assignment.objects.count(),
        AuditRecord.objects.count(),
    ) == before


def test_viewer_or_editor_cannot_manage(map_: Any) -> None:
    """Only managers (and administrators) manage users."""
    editor = make_user("bt", area=map_["district"], role=Role.EDITOR)
    with pytest.raises(PermissionDenied, match="quản lý"):
        _create(editor, map_["hb"], organization_kinds=[])


def test_a_user_with_one_assignment_outside_is_not_hers(manager: Any, map_: Any) -> None:
    """A user with an assignment inside and another outside the manager's scope is neither listed, nor
    reachable (404), nor changeable (refused)."""
    user, _ = _create(manager, map_["hb"])
    Assignment.objects.create(user=user, area=map_["bd"], role=Role.VIEWER)
    scope = scope_for(manager)
    assert user not in user_list(scope=scope)
    from django.http import Http404

    with pytest.raises(Http404):
        user_get(scope=scope, pk=user.pk)
    with pytest.raises(PermissionDenied, match="ngoài"):
        services.user_deactivate(user=user, acting_user=manager)
    with pytest.raises(PermissionDenied):
        services.assignment_create(
            user=user, area=map_["hb"], organization_kinds=["womens_union"], acting_user=manager
        )
    user.refresh_from_db()
    assert user.is_active


def test_manager_cannot_change_herself_nor_a_superuser(manager: Any, map_: Any) -> None:
    """She cannot widen her own rights (no assignment to herself, even inside), and a superuser with an
    assignment in her area is not hers."""
    with pytest.raises(PermissionDenied, match="của chính bạn"):
        services.assignment_create(
            user=manager, area=map_["hb"], organization_kinds=["womens_union"], acting_user=manager
        )
    own = manager.assignments.get()
    with pytest.raises(PermissionDenied):
        services.assignment_update(
            assignment=own, data={"role": Role.MANAGER, "organization_kinds": []}, acting_user=manager
        )
    root = make_user("root", area=map_["hb"], kinds=["womens_union"], is_superuser=True)
    assert root.pk not in managed_user_ids(scope_for(manager))
    assert manager.pk not in managed_user_ids(scope_for(manager))


def test_a_peer_manager_of_the_same_area_is_managed_but_cannot_be_made_administrator(
    manager: Any, map_: Any
) -> None:
    """A manager may create another manager of (part of) her area — the same rights, never more."""
    peer, _ = _create(manager, map_["hb"], role=Role.MANAGER)
    with pytest.raises(PermissionDenied):
        services.assignment_update(
            assignment=peer.assignments.get(),
            data={"role": Role.ADMINISTRATOR, "area": None},
            acting_user=manager,
        )
    services.assignment_update(
        assignment=peer.assignments.get(), data={"area": map_["ht"]}, acting_user=manager
    )
    assert peer.assignments.get().area == map_["ht"]


def test_assignment_update_outside_is_refused_and_nothing_changes(manager: Any, map_: Any) -> None:
    user, _ = _create(manager, map_["hb"])
    assignment = user.assignments.get()
    with pytest.raises(PermissionDenied):
        services.assignment_update(assignment=assignment, data={"area": map_["bd"]}, acting_user=manager)
    assignment.refresh_from_db()
    assert assignment.area == map_["hb"]
    with pytest.raises(ValueError):
        services.assignment_update(assignment=assignment, data={"user": manager}, acting_user=manager)


def test_assignment_update_is_audited_before_and_after(manager: Any, map_: Any) -> None:
    user, _ = _create(manager, map_["hb"])
    assignment = user.assignments.get()
    services.assignment_update(
        assignment=assignment, data={"area": map_["ht"], "role": Role.EDITOR}, acting_user=manager
    )
    record = AuditRecord.objects.filter(model="accounts.assignment", action="update").get()
    assert record.changes["area_id"] == [map_["hb"].pk, map_["ht"].pk]
    assert record.changes["role"] == ["viewer", "editor"]


def test_the_last_assignment_stays(manager: Any, map_: Any) -> None:
    """Removing a user's only assignment is refused (she would fall out of every manager's sight);
    with two, one goes, audited."""
    user, _ = _create(manager, map_["hb"])
    only = user.assignments.get()
    with pytest.raises(ValidationError, match="duy nhất"):
        services.assignment_delete(assignment=only, acting_user=manager)
    second = services.assignment_create(
        user=user, area=map_["ht"], organization_kinds=["womens_union"], acting_user=manager
    )
    services.assignment_delete(assignment=only, acting_user=manager)
    assert list(user.assignments.all()) == [second]
    assert AuditRecord.objects.filter(
        model="accounts.assignment", action="delete", object_id=str(only.pk)
    ).exists()


def test_deactivate_reactivate_and_reset_password(manager: Any, map_: Any) -> None:
    """A deactivated user cannot log in; reactivated she can; a reset gives a new password once."""
    user, password = _create(manager, map_["hb"])
    services.user_deactivate(user=user, acting_user=manager)
    assert authenticate(username="moi", password=password) is None
    services.user_reactivate(user=user, acting_user=manager)
    assert authenticate(username="moi", password=password) == user
    new = services.user_password_reset(user=user, acting_user=manager)
    assert new != password and authenticate(username="moi", password=new) == user
    records = AuditRecord.objects.filter(model="auth.user", object_id=str(user.pk), action="update")
    assert [list(r.changes) for r in records.order_by("id")] == [["is_active"], ["is_active"], ["password"]]
    assert records.order_by("id").last().changes["password"] == [services.HIDDEN, services.HIDDEN]


def test_nobody_deactivates_herself(map_: Any) -> None:
    admin = national_user("admin")
    with pytest.raises(PermissionDenied):
        services.user_deactivate(user=admin, acting_user=admin)


def test_bad_values_are_refused_by_field(manager: Any, map_: Any) -> None:
    """An empty name, a taken login, a weak password: Vietnamese messages by field, nothing written."""
    _create(manager, map_["hb"])
    with pytest.raises(ValidationError) as error:
        _create(manager, map_["hb"], full_name="  ")
    assert "full_name" in error.value.message_dict and "username" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _create(manager, map_["hb"], username="khac", password="123")
    assert "password" in error.value.message_dict
    assert get_user_model().objects.filter(username="khac").count() == 0


def test_user_update_keeps_the_full_name_whole(manager: Any, map_: Any) -> None:
    user, _ = _create(manager, map_["hb"])
    services.user_update(
        user=user, data={"full_name": "Trần Thị  Bích Ngọc", "email": "ngoc@example.vn"}, acting_user=manager
    )
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.email) == ("Trần Thị Bích Ngọc", "", "ngoc@example.vn")


def test_administrator_manages_everyone_and_may_give_administrator(map_: Any) -> None:
    admin = national_user("admin")
    user, _ = services.user_create(
        username="qt", full_name="Quản Trị", area=None, role=Role.ADMINISTRATOR, acting_user=admin
    )
    assert scope_for(user).unrestricted
    assert managed_user_ids(scope_for(admin)) is None
    assert user in user_list(scope=scope_for(admin))


def test_assignment_summary_reads_as_officers_say_it(map_: Any) -> None:
    """ "Biên tập viên — Phường Hàng Bạc — Hội Liên hiệp Phụ nữ; số liệu tổng hợp: Quận Hoàn Kiếm"."""
    user = make_user(
        "hb", area=map_["hb"], role=Role.EDITOR, kinds=["womens_union"], analysis_area=map_["district"]
    )
    assert assignment_summary(user.assignments.get()) == (
        "Biên tập viên — Phường Hàng Bạc — Hội Liên hiệp Phụ nữ; số liệu tổng hợp: Quận Hoàn Kiếm"
    )
    admin = national_user("admin")
    assert assignment_summary(admin.assignments.get()) == "Quản trị viên — Toàn quốc"
