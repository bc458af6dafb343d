"""The checks on the database: pool_verdicts, pool_list_verdicts, findings, and the removal proposal."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_of
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import AreaFactory
from nguon.core.scope import UNRESTRICTED
from nguon.organizations.tests.factories import OrganizationFactory
from nguon.people.tests.factories import PersonFactory
from nguon.pipeline import checks, services
from nguon.pipeline.tests.factories import PlanningDecisionFactory, PoolFactory, post_of, readiness

pytestmark = pytest.mark.django_db

AT = dt.date(2026, 3, 1)


@pytest.fixture
def world():
    district = AreaFactory(level="district", kind="quan", code="00901")
    ward_a = AreaFactory(parent=district, code="00902")
    ward_b = AreaFactory(parent=district, code="00903")
    org = OrganizationFactory(area=district, name="Đảng bộ quận Thử")
    org_a = OrganizationFactory(area=ward_a, name="Đảng bộ phường A")
    org_b = OrganizationFactory(area=ward_b, name="Đảng bộ phường B")
    post = post_of(org, name="Bí thư Quận ủy", rank=1)
    decision = PlanningDecisionFactory(organization=org, date=dt.date(2026, 1, 10))
    pool = PoolFactory(post=post, decision=decision)
    young_woman = PersonFactory(
        full_name="Nguyễn Thị Hoa", sex="F", birth_date=dt.date(1990, 4, 2), dossier_organization=org_a
    )
    old_man = PersonFactory(
        full_name="Trần Văn Nam", sex="M", birth_date=dt.date(1962, 1, 5), dossier_organization=org_a
    )
    other = PersonFactory(
        full_name="Lê Văn Khác", sex="M", birth_date=dt.date(1975, 6, 1), dossier_organization=org_b
    )
    for rank, person in enumerate([young_woman, old_man, other], start=1):
        services.entry_add(
            pool=pool, person=person, date=dt.date(2026, 1, 10), readiness=readiness(), rank=rank
        )
    user_a = make_user("ward-a", area=ward_a, role=Role.EDITOR)
    return {
        "district": district,
        "org": org,
        "post": post,
        "pool": pool,
        "woman": young_woman,
        "old": old_man,
        "other": other,
        "scope_a": scope_of(user_a),
    }


def _entry(pool, person):
    return pool.entries.get(person=person)


def test_pool_verdicts_give_each_named_entry_its_person_rules(world):
    pool = world["pool"]
    found = checks.pool_verdicts(scope=world["scope_a"], pools=[pool], at=AT)
    woman, old = _entry(pool, world["woman"]), _entry(pool, world["old"])
    assert set(found) == {woman.pk, old.pk}  # the person of ward B is not named: no verdicts
    codes = {v.code: v for v in found[old.pk]}
    assert {
        "working-time",
        "over-age",
        "discipline",
        "higher-post",
        "while-proposed",
        "posts-per-person",
    } <= set(codes)
    assert not codes["over-age"].ok and codes["over-age"].document == "Quy định 377-QĐ/TW"
    assert all(v.ok for v in found[woman.pk])


def test_pool_verdicts_for_everyone_under_an_unrestricted_scope(world):
    found = checks.pool_verdicts(scope=UNRESTRICTED, pools=[world["pool"]], at=AT)
    assert len(found) == 3


def test_a_removed_entry_has_no_verdicts(world):
    pool = world["pool"]
    services.entry_remove(pool=pool, person=world["old"], date=dt.date(2026, 2, 1), removal_reason="over_age")
    found = checks.pool_verdicts(scope=UNRESTRICTED, pools=[pool], at=AT)
    assert _entry(pool, world["old"]).pk not in found
    before = checks.pool_verdicts(scope=UNRESTRICTED, pools=[pool], at=dt.date(2026, 1, 20))
    assert _entry(pool, world["old"]).pk in before  # a past date: as the log was then
