"""The API reads and writes only inside the caller's scope: a ward A officer never sees ward B's people,
tenures, organizations, bodies, terms, posts or areas (404, absent from lists), and no operation answers
without a login or a token."""

from __future__ import annotations

import pytest
from django.test import Client

from nguon.accounts.models import PersonalDataAccess
from nguon.api.api import api
from nguon.organizations.models import Tenure
from nguon.people.models import Person

NOT_FOUND_WORDS = "phạm vi công tác"  # "in your area of work"


def _operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [(path, method) for path, item in schema["paths"].items() for method in item]


def _ward_b_ids(world) -> dict[str, int]:
    b = world.b
    return {
        "/api/areas/": b.area.pk,
        "/api/organizations/": b.organization.pk,
        "/api/bodies/": b.body.pk,
        "/api/terms/": b.term.pk,
        "/api/posts/": b.post.pk,
        "/api/people/": b.people[0].pk,
        "/api/tenures/": b.tenures[0].pk,
    }


PAYLOADS = {
    ("/api/people/{pk}/", "patch"): {"full_name": "Đổi Tên"},
    ("/api/tenures/{pk}/", "patch"): {"note": "x"},
    ("/api/tenures/{pk}/end/", "post"): {"end_date": "2024-01-31", "end_reason": "retired"},
}


def test_every_operation_needs_a_login_or_a_token(world):
    """Anonymous calls of every operation get 401 with a Vietnamese message; so does a wrong token."""
    operations = _operations()
    assert len(operations) >= 20
    for path, method in operations:
        url = path.replace("{pk}", "1")
        for client in (Client(), Client(headers={"Authorization": "Bearer ngn_wrong"})):
            response = getattr(client, method)(
                url, data={} if method == "get" else "{}", content_type="application/json"
            )
            assert response.status_code == 401, (method, path, response.status_code)
            assert "Đăng nhập" in response.json()["detail"]


def test_every_detail_of_ward_b_is_404_for_ward_a(world, api_a):
    """Each operation on one object, asked by a ward A editor for ward B's object, answers 404 (the same as
    for no such object: nothing of it is revealed) and changes nothing."""
    ids = _ward_b_ids(world)
    before = {t.pk: (t.end_date, t.note) for t in Tenure.objects.all()}
    names = set(Person.objects.values_list("full_name", flat=True))
    checked = 0
    for path, method in _operations():
        if "{pk}" not in path:
            continue
        prefix = "/".join(path.split("/")[:3]) + "/"
        if prefix not in ids:  # the later apps' routes: the scope walk fills and requests every one of them
            continue
        url = path.replace("{pk}", str(ids[prefix]))
        payload = PAYLOADS.get((path, method), {})
        if method == "get":
            response = api_a.get(url)
        else:
            response = getattr(api_a, method)(url, data=payload, content_type="application/json")
        assert response.status_code == 404, (method, url, response.content)
        assert NOT_FOUND_WORDS in response.json()["detail"] or response.json()["detail"]
        assert "Lê Thị Mai" not in response.content.decode()
        checked += 1
    assert checked >= 10
    assert {t.pk: (t.end_date, t.note) for t in Tenure.objects.all()} == before
    assert set(Person.objects.values_list("full_name", flat=True)) == names


@pytest.mark.parametrize(
    "url",
    [
        "/api/people/",
        "/api/tenures/",
        "/api/organizations/",
        "/api/bodies/",
        "/api/terms/",
        "/api/posts/",
        "/api/areas/",
    ],
)
def test_lists_hold_only_ward_a(world, api_a, url):
    """Every list of a ward A officer holds ward A's rows and none of ward B's."""
    response = api_a.get(url, {"limit": 500})
    assert response.status_code == 200, response.content
    body = response.json()
    ids = {item["id"] for item in body["items"]}
    assert body["count"] == len(ids) > 0
    b = world.b
    b_ids = {
        "/api/people/": {p.pk for p in b.people},
        "/api/tenures/": {t.pk for t in b.tenures},
        "/api/organizations/": {b.organization.pk},
        "/api/bodies/": {b.body.pk},
        "/api/terms/": {b.term.pk},
        "/api/posts/": {b.post.pk},
        "/api/areas/": {b.area.pk, world.district.pk},
    }[url]
    assert not ids & b_ids
    assert "Lê Thị Mai" not in response.content.decode()


def test_the_whole_country_sees_both_wards(world, admin_user):
    from nguon.api.tests.conftest import bearer

    body = bearer(admin_user).get("/api/people/").json()
    assert body["count"] == 4


def test_people_reads_are_logged(world, api_a, editor_a):
    """A list and a record read through the API are in the personal-data log, with how many people."""
    api_a.get("/api/people/")
    person = world.a.people[0]
    api_a.get(f"/api/people/{person.pk}/")
    logged = list(PersonalDataAccess.objects.filter(user=editor_a, kind="api").order_by("id"))
    assert [(e.people_count, e.person_id) for e in logged] == [(2, None), (1, person.pk)]
    assert logged[1].path == f"/api/people/{person.pk}/"


def test_a_user_without_assignment_is_refused(world, db):
    """A logged-in user with no assignment reads nothing: 403 with a Vietnamese reason."""
    from nguon.accounts.tests.factories import make_user
    from nguon.api.tests.conftest import bearer

    response = bearer(make_user("nobody")).get("/api/people/")
    assert response.status_code == 403
    assert "phân công" in response.json()["detail"]


def test_indicator_table_of_another_ward_is_404(world, api_a):
    response = api_a.get("/api/indicators/", {"area": "00040", "as_of": "2021-01-01"})
    assert response.status_code == 404


def test_indicator_cells_name_only_people_in_view_scope(world, api_viewer):
    """A ward A viewer comparing the district reads the district's counts, but the people lists of its
    cells hold only ward A's people; ward B's are counted in ``people_hidden``, never named."""
    response = api_viewer.get(
        "/api/indicators/", {"area": "002", "as_of": "01/01/2021", "indicator": "grassroots-committee-women"}
    )
    assert response.status_code == 200, response.content
    cells = {c["area_code"]: c for c in response.json()}
    district = cells["002"]
    assert (district["numerator"], district["denominator"]) == (2, 4)
    a_ids = {p.pk for p in world.a.people}
    assert set(district["denominator_people"]) == a_ids
    assert district["people_hidden"] == 2
    assert cells["00040"]["denominator_people"] == [] and cells["00040"]["denominator"] == 2
    assert district["as_of"] == "2021-01-01"


def test_indicator_people_ids_are_logged(world, api_viewer, viewer_a):
    """The ids of the people behind the cells are personal data: the read is logged with how many."""
    api_viewer.get("/api/indicators/", {"area": "002", "as_of": "2021-01-01"})
    (entry,) = PersonalDataAccess.objects.filter(user=viewer_a, kind="api")
    assert entry.people_count == 2 and "Quận Thử" in entry.what
