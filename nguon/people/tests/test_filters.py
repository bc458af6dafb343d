"""The people and tenure filters (one FilterSet per model, for the pages and the API)."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_for
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import district_with_wards
from nguon.core.scope import UNRESTRICTED
from nguon.organizations import services as org_services
from nguon.organizations.models import Tenure
from nguon.organizations.tests.factories import OrganizationFactory, committee
from nguon.people.filters import PersonFilterSet, TenureFilterSet
from nguon.people.selectors import person_list
from nguon.people.services import person_create

pytestmark = pytest.mark.django_db

AT = dt.date(2024, 6, 1)


@pytest.fixture
def world():
    """Two wards, a party committee and a women's union in ward A, a party committee in ward B."""
    district, (ward_a, ward_b) = district_with_wards(2)
    party_a, _body_a, term_a, seat_a = committee(OrganizationFactory(area=ward_a))
    union_a = OrganizationFactory(area=ward_a, kind="womens_union", name="Hội LHPN phường A")
    chair = org_services.post_create(organization=union_a, name="Chủ tịch Hội", is_key=True)
    _party_b, _body_b, term_b, seat_b = committee(OrganizationFactory(area=ward_b))

    def person(name, sex, birth, post, start, end=None, term=None):
        p = person_create(full_name=name, sex=sex, birth_date=birth)
        org_services.tenure_create(
            person=p, post=post, term=term, start_date=start, end_date=end, start_reason="elected"
        )
        return p

    people = {
        "hoang": person("Đặng Thị Hoàng", "F", dt.date(1990, 3, 1), chair, dt.date(2020, 1, 1)),
        "lan": person(
            "Lê Thị Lan", "F", dt.date(1960, 1, 1), seat_a, dt.date(2020, 5, 1), dt.date(2022, 1, 1), term_a
        ),
        "nam": person("Trần Văn Nam", "M", dt.date(1994, 6, 2), seat_a, dt.date(2020, 5, 1), None, term_a),
        "hoang_b": person(
            "Hoàng Văn Bình", "M", dt.date(1980, 1, 1), seat_b, dt.date(2020, 5, 1), None, term_b
        ),
    }
    return {"district": district, "a": ward_a, "b": ward_b, "union_a": union_a, "party_a": party_a, **people}


def names(data, user=None, **kwargs):
    scope = scope_for(user) if user is not None else UNRESTRICTED
    fs = PersonFilterSet(data, queryset=person_list(scope=scope))
    assert fs.is_valid(), fs.errors
    return sorted(p.full_name for p in fs.qs)


def test_search_without_diacritics_finds_the_name_with_them(world):
    """ "hoang" finds "Đặng Thị Hoàng" and "Hoàng Văn Bình"; "dang hoang" only the first; case and accents
    do not matter."""
    assert names({"q": "hoang"}) == ["Hoàng Văn Bình", "Đặng Thị Hoàng"]
    assert names({"q": "DANG  hoàng"}) == ["Đặng Thị Hoàng"]


def test_search_stays_inside_the_scope(world):
    """A ward-A officer searching "hoang" never finds the ward-B Hoàng."""
    officer = make_user("a_officer", area=world["a"], role=Role.EDITOR)
    assert names({"q": "hoang"}, officer) == ["Đặng Thị Hoàng"]


def test_sex_and_age_band_at_the_date(world):
    """Age bands are full years at the date: born 2/6/1994 is 29 on 1/6/2024 and 30 on 2/6/2024."""
    assert names({"sex": "M", "age": "lt30", "at": "01/06/2024"}) == ["Trần Văn Nam"]
    assert names({"sex": "M", "age": "lt30", "at": "02/06/2024"}) == []
    assert names({"age": "30-34", "at": "02/06/2024"}) == ["Trần Văn Nam", "Đặng Thị Hoàng"]
    assert names({"age": "60+", "at": "01/01/2020"}) == ["Lê Thị Lan"]
    assert names({"age": "45-59", "at": "31/12/2019"}) == ["Lê Thị Lan"]


def test_tenure_conditions_hold_on_the_same_tenure_and_the_date(world):
    """Key post, organization kind, body kind and "held on the date" describe one tenure."""
    assert names({"key_post": "on"}) == ["Đặng Thị Hoàng"]
    assert names({"organization_kind": "womens_union"}) == ["Đặng Thị Hoàng"]
    assert names({"body_kind": "executive_committee"}) == ["Hoàng Văn Bình", "Lê Thị Lan", "Trần Văn Nam"]
    # Lan's seat ended on 1/1/2022: held in 2021, not in 2024
    assert names({"body_kind": "executive_committee", "held": "on", "at": "01/06/2024"}) == [
        "Hoàng Văn Bình",
        "Trần Văn Nam",
    ]
    assert "Lê Thị Lan" in names({"held": "on", "at": "01/06/2021"})
    assert names({"organization_kind": "womens_union", "body_kind": "executive_committee"}) == []
    assert names({"organization": str(world["party_a"].pk)}) == ["Lê Thị Lan", "Trần Văn Nam"]


def test_the_date_comes_from_the_request_when_not_given(world, rf):
    """Without ``at``, the request's date ("tại ngày") is the date of the filters."""
    request = rf.get("/")
    request.at = dt.date(2021, 6, 1)
    admin = make_user("admin_r", role=Role.ADMINISTRATOR)
    fs = PersonFilterSet(
        {"held": "on", "body_kind": "executive_committee"},
        queryset=person_list(scope=scope_for(admin)),
        request=request,
    )
    assert "Lê Thị Lan" in [p.full_name for p in fs.qs]


def test_a_bad_date_is_refused_in_vietnamese(world):
    """ "31/02/2024" is refused on the field ``at`` with a Vietnamese message."""
    admin = make_user("admin_d", role=Role.ADMINISTRATOR)
    fs = PersonFilterSet({"at": "31/02/2024"}, queryset=person_list(scope=scope_for(admin)))
    assert not fs.is_valid()
    assert "tháng" in str(fs.errors["at"])


def test_person_filters_run_as_one_query_without_distinct(world, django_assert_num_queries):
    """Every tenure filter together is one EXISTS: one query, no DISTINCT, no join of tenures."""
    admin = make_user("admin_q", role=Role.ADMINISTRATOR)
    scope = scope_for(admin)
    qs = person_list(scope=scope)
    fs = PersonFilterSet(
        {"q": "hoang", "key_post": "on", "organization_kind": "womens_union", "held": "on"}, queryset=qs
    )
    sql = str(fs.qs.query).upper()
    assert "DISTINCT" not in sql and sql.count("EXISTS") == 1
    with django_assert_num_queries(1):
        assert len(list(fs.qs)) == 1


def test_tenure_filters(world):
    """Tenures by person, organization, area code (with its subtree), held on the date, key post."""
    admin = make_user("admin_t", role=Role.ADMINISTRATOR)
    qs = Tenure.objects.all()

    def count(data):
        fs = TenureFilterSet(data, queryset=qs)
        assert fs.is_valid(), fs.errors
        return fs.qs.count()

    assert count({}) == 4
    assert count({"person": world["hoang"].pk}) == 1
    assert count({"organization": world["party_a"].pk}) == 2
    assert count({"area": world["a"].code}) == 3
    assert count({"area": world["district"].code}) == 4
    assert count({"area": "nothing"}) == 0
    assert count({"held": "true", "at": "01/06/2024"}) == 3
    assert count({"is_key": "true"}) == 1
    del admin
