"""The access scope (nguon.core.scope, nguon.accounts.scope): roles, kinds, the analysis area, the 2025
reorganization (merges, splits, chains), ended areas, which people fall into a scope — and a property test
of ``covers_area`` / ``areas_q`` against a brute-force closure over random area trees and succession links."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nguon.accounts.choices import Role
from nguon.accounts.scope import area_history_paths, scope_for, scope_of
from nguon.accounts.tests.factories import make_user
from nguon.areas.models import Area, SuccessionEvent, SuccessionLink
from nguon.areas.services import Link, area_create, succession_event_create
from nguon.core.scope import NOBODY, UNRESTRICTED, Level
from nguon.organizations.models import Organization
from nguon.organizations.services import organization_create, post_create, tenure_create
from nguon.people.models import Person
from nguon.people.services import person_create

pytestmark = pytest.mark.django_db

LAST_OLD = dt.date(2025, 6, 30)
REFORM = dt.date(2025, 7, 1)


def _area(code: str, name: str, level: str, parent: Area | None = None, **kw: Any) -> Area:
    return area_create(code=code, name=name, level=level, parent=parent, **kw)


@pytest.fixture
def hanoi() -> dict[str, Area]:
    """Hà Nội with the old quận Hoàn Kiếm and four old wards (until 30/6/2025), and from 1/7/2025: the new
    phường Hoàn Kiếm (Hàng Bạc + Hàng Trống merged), Cửa Nam and Hàng Bài (each half of the split old ward
    Tràng Tiền), all directly under the city (districts abolished)."""
    city = _area("01", "Thành phố Hà Nội", "province")
    district = _area("002", "Quận Hoàn Kiếm", "district", city, valid_to=LAST_OLD)
    old = {
        name: _area(code, name, "commune", district, valid_to=LAST_OLD)
        for code, name in [
            ("00037", "Phường Hàng Bạc"),
            ("00070", "Phường Hàng Trống"),
            ("00082", "Phường Tràng Tiền"),
            ("00085", "Phường Lý Thái Tổ"),
        ]
    }
    new = {
        name: _area(code, name, "commune", city, valid_from=REFORM)
        for code, name in [
            ("00070", "Phường Hoàn Kiếm"),
            ("00082", "Phường Cửa Nam"),
            ("00091", "Phường Hàng Bài"),
        ]
    }
    succession_event_create(
        kind="merge",
        date=REFORM,
        links=[
            Link(old["Phường Hàng Bạc"], new["Phường Hoàn Kiếm"]),
            Link(old["Phường Hàng Trống"], new["Phường Hoàn Kiếm"]),
        ],
    )
    succession_event_create(
        kind="split",
        date=REFORM,
        links=[
            Link(old["Phường Tràng Tiền"], new["Phường Cửa Nam"]),
            Link(old["Phường Tràng Tiền"], new["Phường Hàng Bài"]),
        ],
    )
    return {"city": city, "district": district, **old, **new}


def _org(area: Area, kind: str = "womens_union", name: str = "") -> Organization:
    return organization_create(name=name or f"{kind} {area.name}", kind=kind, area=area)


def _person_in(org: Organization, name: str, *, start: dt.date, end: dt.date | None = None) -> Person:
    person = person_create(full_name=name, sex="F", birth_date=dt.date(1980, 1, 1))
    post = post_create(organization=org, name=f"Chủ tịch {org.pk}-{name}")
    tenure_create(person=person, post=post, start_date=start, end_date=end, start_reason="elected")
    return person


def _visible(scope: Any, level: Level = Level.VIEW) -> set[str]:
    return set(Person.objects.filter(scope.people_q(level)).values_list("full_name", flat=True))


# -- roles ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "level"),
    [(Role.VIEWER, Level.VIEW), (Role.EDITOR, Level.EDIT), (Role.MANAGER, Level.MANAGE)],
)
def test_scope_for_each_role_holds_its_level_and_no_more(
    hanoi: dict[str, Area], role: str, level: Level
) -> None:
    """Viewer reads names, editor writes, manager manages users — each inside her area only."""
    scope = scope_for(make_user("u", area=hanoi["Phường Hàng Bạc"], role=role))
    assert not scope.unrestricted
    assert scope.allows(level)
    assert not any(scope.allows(higher) for higher in Level if higher > level)
    ward = _org(hanoi["Phường Hàng Bạc"])
    other = _org(hanoi["Phường Lý Thái Tổ"])
    assert scope.covers_organization(ward, level)
    assert not scope.covers_organization(other, Level.ANALYSE)


def test_administrator_and_superuser_are_unrestricted(hanoi: dict[str, Area]) -> None:
    """The role administrator and Django superusers reach the whole country (and the admin)."""
    admin = scope_for(make_user("admin", role=Role.ADMINISTRATOR))
    superuser = make_user("root")
    superuser.is_superuser = True
    superuser.save()
    for scope in (admin, scope_for(superuser)):
        assert scope.unrestricted and scope.is_admin
        assert scope.covers_area(hanoi["Phường Cửa Nam"], Level.MANAGE)
    assert scope_of(None) is UNRESTRICTED


def test_anonymous_inactive_and_unassigned_users_reach_nothing(hanoi: dict[str, Area]) -> None:
    """No login, a deactivated account, or no assignment: an empty scope that filters everything out."""
    inactive = make_user("gone", area=hanoi["city"], role=Role.MANAGER)
    inactive.is_active = False
    inactive.save()
    assert scope_for(AnonymousUser()) is NOBODY
    assert scope_for(None) is NOBODY
    assert scope_for(inactive) is NOBODY
    empty = scope_for(make_user("nobody"))
    assert empty.is_empty and not empty.allows(Level.ANALYSE)
    _person_in(_org(hanoi["Phường Hàng Bạc"]), "Lê Thị Mai", start=dt.date(2020, 1, 1))
    assert _visible(empty, Level.ANALYSE) == set()
    assert not Area.objects.filter(empty.areas_q(Level.ANALYSE)).exists()


def test_two_assignments_add_up(hanoi: dict[str, Area]) -> None:
    """A user with two assignments reads both areas, each at its own level."""
    user = make_user("two", area=hanoi["Phường Hàng Bạc"], role=Role.EDITOR)
    from nguon.accounts.models import Assignment

    Assignment.objects.create(user=user, area=hanoi["Phường Lý Thái Tổ"], role=Role.VIEWER)
    scope = scope_for(user)
    assert scope.covers_area(hanoi["Phường Lý Thái Tổ"], Level.VIEW)
    assert not scope.covers_area(hanoi["Phường Lý Thái Tổ"], Level.EDIT)
    assert scope.covers_area(hanoi["Phường Hàng Bạc"], Level.EDIT)


def test_scope_is_cached_on_the_user_for_the_request(
    hanoi: dict[str, Area], django_assert_num_queries: Any
) -> None:
    """The assignments are read once per user object (once per request)."""
    user = make_user("cached", area=hanoi["Phường Hàng Bạc"])
    first = scope_for(user)
    with django_assert_num_queries(0):
        assert scope_for(user) is first


# -- kinds -------------------------------------------------------------------------------------------------
def test_kinds_narrow_names_not_figures(hanoi: dict[str, Area]) -> None:
    """A ward's Women's Union officer reads the Women's Union of her ward by name, not the party
    organization of the same ward; its aggregate figures (never names) she may read."""
    ward = hanoi["Phường Hàng Bạc"]
    scope = scope_for(make_user("hoi", area=ward, role=Role.EDITOR, kinds=["womens_union"]))
    union, party = _org(ward, "womens_union"), _org(ward, "grassroots_party")
    assert scope.covers_organization(union, Level.EDIT)
    assert not scope.covers_organization(party, Level.VIEW)
    assert scope.covers_organization(party, Level.ANALYSE)
    assert set(Organization.objects.filter(scope.organizations_q(Level.VIEW))) == {union}
    assert set(Organization.objects.filter(scope.organizations_q(Level.ANALYSE))) == {union, party}
    _person_in(union, "Nguyễn Thị Hoa", start=dt.date(2021, 1, 1))
    _person_in(party, "Trần Văn Nam", start=dt.date(2021, 1, 1))
    assert _visible(scope) == {"Nguyễn Thị Hoa"}
    with pytest.raises(PermissionDenied, match="ngoài"):
        scope.require_organization(party, Level.EDIT)


# -- the analysis area -------------------------------------------------------------------------------------
def test_analysis_area_is_wider_for_figures_only(hanoi: dict[str, Area]) -> None:
    """A ward officer with the district as her area for figures compares her ward with the district's other
    wards in counts, but reads names only in her ward."""
    ward, other = hanoi["Phường Hàng Bạc"], hanoi["Phường Lý Thái Tổ"]
    scope = scope_for(make_user("cmp", area=ward, role=Role.VIEWER, analysis_area=hanoi["district"]))
    assert scope.covers_area(other, Level.ANALYSE)
    assert not scope.covers_area(other, Level.VIEW)
    assert set(Area.objects.filter(scope.areas_q(Level.ANALYSE))) == {
        hanoi["district"],
        *(
            hanoi[n]
            for n in ("Phường Hàng Bạc", "Phường Hàng Trống", "Phường Tràng Tiền", "Phường Lý Thái Tổ")
        ),
    }
    assert set(Area.objects.filter(scope.areas_q(Level.VIEW))) == {ward}
    _person_in(_org(other), "Lê Thị Mai", start=dt.date(2020, 1, 1))
    assert _visible(scope) == set()
    assert _visible(scope, Level.ANALYSE) == {"Lê Thị Mai"}


def test_analysis_area_follows_the_reorganization_too(hanoi: dict[str, Area]) -> None:
    """A new ward's officer whose area for figures is the city reads, in counts, every old ward too."""
    scope = scope_for(make_user("n", area=hanoi["Phường Cửa Nam"], analysis_area=hanoi["city"]))
    assert scope.covers_area(hanoi["Phường Lý Thái Tổ"], Level.ANALYSE)
    assert not scope.covers_area(hanoi["Phường Lý Thái Tổ"], Level.VIEW)


# -- the 2025 reorganization ----------------------------------------------------------------------------------
def test_merge_new_ward_covers_the_old_wards_history(hanoi: dict[str, Area]) -> None:
    """The officer of the new phường Hoàn Kiếm reads the old Hàng Bạc and Hàng Trống (merged into it), before
    1/7/2025; not Tràng Tiền or Lý Thái Tổ."""
    scope = scope_for(make_user("hk", area=hanoi["Phường Hoàn Kiếm"], role=Role.EDITOR))
    for name in ("Phường Hoàn Kiếm", "Phường Hàng Bạc", "Phường Hàng Trống"):
        assert scope.covers_area(hanoi[name], Level.EDIT), name
    for name in ("Phường Tràng Tiền", "Phường Lý Thái Tổ", "Phường Cửa Nam", "district", "city"):
        assert not scope.covers_area(hanoi[name], Level.VIEW), name
    _person_in(_org(hanoi["Phường Hàng Bạc"]), "Nguyễn Thị Hoa", start=dt.date(2020, 5, 1), end=LAST_OLD)
    _person_in(_org(hanoi["Phường Hàng Trống"]), "Đặng Thị Hoàng", start=dt.date(2020, 5, 1), end=LAST_OLD)
    _person_in(_org(hanoi["Phường Lý Thái Tổ"]), "Lê Thị Mai", start=dt.date(2020, 5, 1), end=LAST_OLD)
    assert _visible(scope) == {"Nguyễn Thị Hoa", "Đặng Thị Hoàng"}


def test_merge_old_ward_officer_sees_neither_the_new_ward_nor_its_other_old_wards(
    hanoi: dict[str, Area],
) -> None:
    """Succession links are followed back only: the old Hàng Bạc's officer does not read the new phường
    Hoàn Kiếm, nor Hàng Trống that went into it with her ward."""
    scope = scope_for(
        make_user("hb", area=hanoi["Phường Hàng Bạc"], role=Role.EDITOR, kinds=["womens_union"])
    )
    assert scope.covers_area(hanoi["Phường Hàng Bạc"], Level.EDIT)
    assert not scope.covers_area(hanoi["Phường Hoàn Kiếm"], Level.VIEW)
    assert not scope.covers_area(hanoi["Phường Hàng Trống"], Level.VIEW)
    _person_in(_org(hanoi["Phường Hàng Bạc"]), "Nguyễn Thị Hoa", start=dt.date(2020, 5, 1), end=LAST_OLD)
    _person_in(_org(hanoi["Phường Hàng Trống"]), "Đặng Thị Hoàng", start=dt.date(2020, 5, 1), end=LAST_OLD)
    _person_in(_org(hanoi["Phường Hoàn Kiếm"]), "Phạm Thị Lan", start=REFORM)
    assert _visible(scope) == {"Nguyễn Thị Hoa"}


def test_split_each_successor_reads_the_whole_old_ward(hanoi: dict[str, Area]) -> None:
    """Tràng Tiền was split into Cửa Nam and Hàng Bài: each new ward's officer reads the whole old ward (its
    records cannot be divided by street), and not the other new ward; the old ward's officer reads neither."""
    cua_nam = scope_for(make_user("cn", area=hanoi["Phường Cửa Nam"]))
    hang_bai = scope_for(make_user("hbai", area=hanoi["Phường Hàng Bài"]))
    old = scope_for(make_user("tt", area=hanoi["Phường Tràng Tiền"]))
    person = _person_in(
        _org(hanoi["Phường Tràng Tiền"]), "Vũ Thị Thu", start=dt.date(2016, 1, 1), end=LAST_OLD
    )
    for scope in (cua_nam, hang_bai):
        assert scope.covers_area(hanoi["Phường Tràng Tiền"], Level.VIEW)
        assert person.full_name in _visible(scope)
    assert not cua_nam.covers_area(hanoi["Phường Hàng Bài"], Level.VIEW)
    assert not hang_bai.covers_area(hanoi["Phường Cửa Nam"], Level.VIEW)
    assert not old.covers_area(hanoi["Phường Cửa Nam"], Level.VIEW)
    assert not old.covers_area(hanoi["Phường Hàng Bài"], Level.VIEW)


def test_chains_province_merged_after_its_district_was_abolished() -> None:
    """Chains are followed to the end: tỉnh B (new, 2025) took in tỉnh A, whose district was abolished
    earlier (its ward merged into a ward directly under A, 2020); ward X merged into Y (2020) and Y into Z
    (2025). B's officer reads everything of A down to the ward under the old district; Z's officer reads X."""
    a = _area("10", "Tỉnh A", "province", valid_to=LAST_OLD)
    district = _area("100", "Huyện Cũ", "district", a, valid_to=dt.date(2019, 12, 31))
    old_ward = _area("10001", "Xã Cũ", "commune", district, valid_to=dt.date(2019, 12, 31))
    ward_a = _area("10002", "Xã Mới", "commune", a, valid_from=dt.date(2020, 1, 1), valid_to=LAST_OLD)
    succession_event_create(kind="merge", date=dt.date(2020, 1, 1), links=[Link(old_ward, ward_a)])
    b_old = _area("20", "Tỉnh B", "province", valid_to=LAST_OLD)
    b = _area("20", "Tỉnh B", "province", valid_from=REFORM)
    ward_b = _area("20001", "Xã B", "commune", b, valid_from=REFORM)
    succession_event_create(kind="merge", date=REFORM, links=[Link(a, b), Link(b_old, b)])
    succession_event_create(kind="merge", date=REFORM, links=[Link(ward_a, ward_b)])
    province = scope_for(make_user("b", area=b))
    for area in (a, district, old_ward, ward_a, b_old, b, ward_b):
        assert province.covers_area(area, Level.VIEW), area
    assert set(area_history_paths(b)) == {b.path, a.path, b_old.path}
    ward = scope_for(make_user("xb", area=ward_b))
    for area in (ward_b, ward_a, old_ward):
        assert ward.covers_area(area, Level.VIEW), area
    assert not ward.covers_area(district, Level.VIEW)
    assert not ward.covers_area(a, Level.VIEW)

    x = _area("30001", "Xã X", "commune", valid_to=dt.date(2019, 12, 31))
    y = _area("30002", "Xã Y", "commune", valid_from=dt.date(2020, 1, 1), valid_to=LAST_OLD)
    z = _area("30003", "Xã Z", "commune", valid_from=REFORM)
    succession_event_create(kind="merge", date=dt.date(2020, 1, 1), links=[Link(x, y)])
    succession_event_create(kind="merge", date=REFORM, links=[Link(y, z)])
    assert scope_for(make_user("z", area=z)).covers_area(x, Level.VIEW)
    assert not scope_for(make_user("y", area=y)).covers_area(z, Level.VIEW)


def test_an_ended_area_lands_on_its_last_day(hanoi: dict[str, Area]) -> None:
    """The default date of an officer whose every area has ended is the last of their last days; with one
    area still valid, today."""
    from django.utils import timezone

    from nguon.accounts.models import Assignment

    old = make_user("old", area=hanoi["Phường Hàng Bạc"])
    assert scope_for(old).default_date() == LAST_OLD
    earlier = _area("99901", "Xã Đã Giải Thể", "commune", valid_to=dt.date(2019, 12, 31))
    two = make_user("two", area=earlier)
    Assignment.objects.create(user=two, area=hanoi["district"], role=Role.VIEWER)
    assert scope_for(two).default_date() == LAST_OLD
    new = make_user("new", area=hanoi["Phường Hoàn Kiếm"])
    Assignment.objects.create(user=new, area=hanoi["Phường Hàng Bạc"], role=Role.VIEWER)
    assert scope_for(new).default_date() == timezone.localdate()
    assert scope_for(make_user("admin", role=Role.ADMINISTRATOR)).default_date() == timezone.localdate()


# -- people ----------------------------------------------------------------------------------------------------
def test_people_fall_into_a_scope_by_a_tenure_past_or_present_or_by_their_dossier(
    hanoi: dict[str, Area],
) -> None:
    """A past tenure counts as a present one; a person with no tenure is reached through the organization
    keeping her dossier; a person with tenures in two wards is read by both wards' officers."""
    hb, lt = hanoi["Phường Hàng Bạc"], hanoi["Phường Lý Thái Tổ"]
    union_hb, union_lt = _org(hb), _org(lt)
    _person_in(union_hb, "Quá Khứ", start=dt.date(2010, 1, 1), end=dt.date(2015, 1, 1))
    _person_in(union_hb, "Hiện Tại", start=dt.date(2020, 1, 1))
    both = _person_in(union_hb, "Hai Nơi", start=dt.date(2010, 1, 1), end=dt.date(2015, 1, 1))
    post = post_create(organization=union_lt, name="Phó Chủ tịch")
    tenure_create(person=both, post=post, start_date=dt.date(2016, 1, 1), start_reason="rotated")
    person_create(full_name="Hồ Sơ", sex="F", birth_date=dt.date(1990, 1, 1), dossier_organization=union_hb)
    _person_in(union_lt, "Chỉ Lý Thái Tổ", start=dt.date(2020, 1, 1))
    person_create(full_name="Không Ai", sex="M", birth_date=dt.date(1990, 1, 1))
    hb_scope = scope_for(make_user("hb", area=hb))
    lt_scope = scope_for(make_user("lt", area=lt))
    assert _visible(hb_scope) == {"Quá Khứ", "Hiện Tại", "Hai Nơi", "Hồ Sơ"}
    assert _visible(lt_scope) == {"Hai Nơi", "Chỉ Lý Thái Tổ"}
    assert _visible(scope_for(make_user("hk", area=hanoi["Phường Hoàn Kiếm"]))) == {
        "Quá Khứ",
        "Hiện Tại",
        "Hai Nơi",
        "Hồ Sơ",
    }
    assert "Không Ai" in _visible(UNRESTRICTED)
    assert Person.objects.filter(hb_scope.people_q(Level.VIEW)).count() == 4  # no duplicate rows


def test_people_q_through_a_prefix(hanoi: dict[str, Area]) -> None:
    """``people_q(prefix="person__")`` filters rows that point at a person (tenures here)."""
    from nguon.organizations.models import Tenure

    _person_in(_org(hanoi["Phường Hàng Bạc"]), "Nguyễn Thị Hoa", start=dt.date(2020, 1, 1))
    _person_in(_org(hanoi["Phường Lý Thái Tổ"]), "Lê Thị Mai", start=dt.date(2020, 1, 1))
    scope = scope_for(make_user("hb", area=hanoi["Phường Hàng Bạc"]))
    names = set(
        Tenure.objects.filter(scope.people_q(Level.VIEW, "person__")).values_list(
            "person__full_name", flat=True
        )
    )
    assert names == {"Nguyễn Thị Hoa"}


# -- property test ---------------------------------------------------------------------------------------------
@st.composite
def forests(draw: Any) -> tuple[list[int | None], list[tuple[int, int]], int, int]:
    """A random small forest of areas (parent index or None), succession links between any two distinct
    areas, the area of an assignment and an area to ask about."""
    n = draw(st.integers(min_value=1, max_value=8))
    parents: list[int | None] = [None]
    for i in range(1, n):
        parents.append(draw(st.one_of(st.none(), st.integers(min_value=0, max_value=i - 1))))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1])
    links = draw(st.lists(pairs, max_size=7, unique=True))
    return parents, links, draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))


def _reference(parents: list[int | None], links: list[tuple[int, int]], start: int) -> set[int]:
    """Brute force: the subtree of the area, then, until nothing changes, every predecessor of a covered area
    with its own subtree."""

    def subtree(i: int) -> set[int]:
        found = {i}
        changed = True
        while changed:
            more = {j for j, p in enumerate(parents) if p in found} - found
            found |= more
            changed = bool(more)
        return found

    covered = subtree(start)
    changed = True
    while changed:
        more: set[int] = set()
        for predecessor, successor in links:
            if successor in covered and predecessor not in covered:
                more |= subtree(predecessor)
        covered |= more
        changed = bool(more)
    return covered


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=forests())
def test_coverage_agrees_with_a_brute_force_closure(case: tuple[Any, ...]) -> None:
    """For any forest and succession links (cycles included), ``covers_area`` and ``areas_q`` reach exactly
    the areas the naive closure reaches, at VIEW; at ANALYSE with a second area for figures, the union."""
    parents, links, start, wider = case
    with transaction.atomic():
        areas: list[Area] = []
        for i, p in enumerate(parents):
            areas.append(_area(f"P{i:03d}", f"Xã {i}", "commune", areas[p] if p is not None else None))
        event = SuccessionEvent.objects.create(kind="merge", date=REFORM)
        SuccessionLink.objects.bulk_create(
            [SuccessionLink(event=event, predecessor=areas[a], successor=areas[b]) for a, b in links]
        )
        from django.contrib.auth import get_user_model

        from nguon.accounts.models import Assignment

        user = get_user_model().objects.create_user("prop")
        Assignment.objects.create(user=user, area=areas[start], analysis_area=areas[wider], role=Role.VIEWER)
        scope = scope_for(user)
        expected = {areas[i].pk for i in _reference(parents, links, start)}
        assert {a.pk for a in areas if scope.covers_area(a, Level.VIEW)} == expected
        assert set(Area.objects.filter(scope.areas_q(Level.VIEW)).values_list("pk", flat=True)) == expected
        analysed = expected | {areas[i].pk for i in _reference(parents, links, wider)}
        assert {a.pk for a in areas if scope.covers_area(a, Level.ANALYSE)} == analysed
        assert set(Area.objects.filter(scope.areas_q(Level.ANALYSE)).values_list("pk", flat=True)) == analysed
        transaction.set_rollback(True)


KINDS = ("womens_union", "youth_union", "grassroots_party")


@st.composite
def registries(draw: Any) -> tuple[Any, ...]:
    """A random forest with links (as above), organizations of random kinds in random areas, people with
    tenures in some of them and perhaps a dossier, and an assignment narrowed to a random set of kinds."""
    parents, links, start, _ = draw(forests())
    n = len(parents)
    orgs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.sampled_from(KINDS)), min_size=1, max_size=6))
    m = len(orgs)
    people = draw(
        st.lists(
            st.tuples(
                st.lists(st.integers(0, m - 1), max_size=3, unique=True),
                st.one_of(st.none(), st.integers(0, m - 1)),
            ),
            max_size=5,
        )
    )
    kinds = draw(st.frozensets(st.sampled_from(KINDS)))
    return parents, links, start, orgs, people, kinds


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=registries())
def test_organizations_and_people_agree_with_a_brute_force_reference(case: tuple[Any, ...]) -> None:
    """``organizations_q`` / ``covers_organization`` keep exactly the organizations in a covered area and of
    an assigned kind (any kind when none is assigned); ``people_q`` keeps exactly the people with a tenure
    (past or present) or their dossier in such an organization — each once."""
    parents, links, start, orgs, people, kinds = case
    with transaction.atomic():
        areas: list[Area] = []
        for i, p in enumerate(parents):
            areas.append(_area(f"Q{i:03d}", f"Xã {i}", "commune", areas[p] if p is not None else None))
        event = SuccessionEvent.objects.create(kind="merge", date=REFORM)
        SuccessionLink.objects.bulk_create(
            [SuccessionLink(event=event, predecessor=areas[a], successor=areas[b]) for a, b in links]
        )
        made = [_org(areas[a], kind, f"Tổ chức {j}") for j, (a, kind) in enumerate(orgs)]
        for k, (held, dossier) in enumerate(people):
            person = person_create(
                full_name=f"Người {k}",
                sex="F",
                birth_date=dt.date(1980, 1, 1),
                dossier_organization=made[dossier] if dossier is not None else None,
            )
            for j in held:
                post = post_create(organization=made[j], name=f"Chức vụ {k}-{j}")
                tenure_create(
                    person=person,
                    post=post,
                    start_date=dt.date(2010, 1, 1),
                    end_date=dt.date(2012, 1, 1) if j % 2 else None,
                    start_reason="elected",
                )
        scope = scope_for(make_user("prop", area=areas[start], kinds=sorted(kinds)))
        covered = _reference(parents, links, start)
        inside = {j for j, (a, kind) in enumerate(orgs) if a in covered and (not kinds or kind in kinds)}
        assert {j for j, o in enumerate(made) if scope.covers_organization(o, Level.VIEW)} == inside
        found = set(
            Organization.objects.filter(scope.organizations_q(Level.VIEW)).values_list("pk", flat=True)
        )
        assert found == {made[j].pk for j in inside}
        expected = {
            f"Người {k}"
            for k, (held, dossier) in enumerate(people)
            if set(held) & inside or (dossier is not None and dossier in inside)
        }
        names = list(Person.objects.filter(scope.people_q(Level.VIEW)).values_list("full_name", flat=True))
        assert sorted(names) == sorted(expected)
        transaction.set_rollback(True)
