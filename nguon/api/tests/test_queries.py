"""Every list of the API reads a fixed number of queries whatever the number of rows (no N+1): the same
count with a ward's few rows and with many more."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.areas.services import area_create
from nguon.organizations import services as org
from nguon.people.services import person_create

#: url -> queries: the token (1 read, 1 update of its last use), the scope (assignments, then the
#: succession links of the ward: 2), the page (items, count), the personal-data log (1 insert) for people
#: and tenures, and the savepoint pair Django wraps that insert in.
PINNED = {
    "/api/areas/": 6,
    "/api/organizations/": 6,
    "/api/bodies/": 6,
    "/api/terms/": 6,
    "/api/posts/": 6,
    "/api/people/": 7,
    "/api/tenures/": 7,
}


def _grow(world, n=12):
    """More of everything in ward A: areas under it, organizations with bodies, terms, posts, people and
    tenures."""
    a = world.a
    for i in range(n):
        area_create(code=f"9{i:04d}", name=f"Tổ dân phố {i}", level="commune", kind="phuong", parent=a.area)
        o = org.organization_create(name=f"Chi bộ {i}", kind="grassroots_party", area=a.area)
        body = org.body_create(organization=o, kind="executive_committee", name=f"BCH {i}")
        term = org.term_create(body=body, name="2020–2025", start_date=dt.date(2020, 5, 1))
        post = org.post_create(organization=o, name="Ủy viên", body=body)
        person = person_create(
            full_name=f"Nguyễn Văn {i}", sex="M", birth_date=dt.date(1980, 1, 1), dossier_organization=o
        )
        org.tenure_create(
            person=person, post=post, term=term, start_date=dt.date(2021, 1, 1), start_reason="elected"
        )


@pytest.mark.parametrize("url", sorted(PINNED))
def test_list_queries_are_pinned(world, api_a, django_assert_num_queries, url):
    with django_assert_num_queries(PINNED[url]):
        small = api_a.get(url, {"limit": 100})
    assert small.status_code == 200, small.content
    _grow(world)
    with django_assert_num_queries(PINNED[url]):
        large = api_a.get(url, {"limit": 100})
    assert large.json()["count"] > small.json()["count"]


def test_people_list_with_filters_is_pinned(world, api_a, django_assert_num_queries):
    """The people page's filters (name, sex, age band, tenure conditions) add conditions, not queries."""
    params = {
        "q": "hoang",
        "sex": "F",
        "age": "35-44",
        "held": "true",
        "at": "01/01/2021",
        "key_post": "false",
    }
    with django_assert_num_queries(PINNED["/api/people/"]):
        response = api_a.get("/api/people/", params)
    assert [p["full_name"] for p in response.json()["items"]] == ["Hoàng Thị Lan"]
    _grow(world)
    with django_assert_num_queries(PINNED["/api/people/"]):
        api_a.get("/api/people/", params)


def test_indicator_table_queries_do_not_grow(world, api_viewer, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"area": "002", "as_of": "2021-01-01"}
    with CaptureQueriesContext(connection) as first:
        assert api_viewer.get(params and "/api/indicators/", params).status_code == 200
    _grow(world)
    with django_assert_num_queries(len(first.captured_queries)):
        api_viewer.get("/api/indicators/", params)
