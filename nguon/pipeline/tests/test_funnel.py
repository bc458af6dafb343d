"""Appointments and promotions from tenures, and the funnel pool → trained → nominated → elected/appointed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse

from nguon.accounts.choices import Role
from nguon.accounts.scope import scope_for
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import AreaFactory
from nguon.core.scope import UNRESTRICTED
from nguon.elections.models import Candidacy, CandidateList
from nguon.organizations import services as org_services
from nguon.people.tests.factories import PersonFactory
from nguon.pipeline import funnel, pools, services
from nguon.pipeline.tests.factories import readiness
from nguon.training.models import Course, Participation, Session

pytestmark = pytest.mark.django_db

D = dt.date


class Small:
    """A district with two wards; each ward's party committee has a chair (key), a deputy (key), a member
    seat; a pool on the chair of each ward."""

    def __init__(self) -> None:
        self.district = AreaFactory(code="00201", name="Quận Phễu", level="district", kind="quan")
        self.wards = []
        for n in ("Một", "Hai"):
            area = AreaFactory(name=f"Phường {n}", parent=self.district)
            org = org_services.organization_create(
                name=f"Đảng bộ phường {n}", kind="grassroots_party", area=area
            )
            body = org_services.body_create(
                organization=org, kind="executive_committee", name=f"BCH phường {n}"
            )
            term = org_services.term_create(body=body, name="2020–2025", start_date=D(2020, 10, 1))
            self.wards.append(
                {
                    "area": area,
                    "org": org,
                    "term": term,
                    "chair": org_services.post_create(organization=org, name="Bí thư", rank=1, is_key=True),
                    "deputy": org_services.post_create(
                        organization=org, name="Phó Bí thư", rank=2, is_key=True
                    ),
                    "seat": org_services.post_create(organization=org, name="Ủy viên BCH", body=body),
                    "clerk": org_services.post_create(organization=org, name="Văn phòng", rank=50),
                }
            )
            self.wards[-1]["pool"] = services.pool_create(
                post=self.wards[-1]["chair"],
                target_term="2025–2030",
                target_start=D(2025, 10, 1),
                target_end=D(2030, 9, 30),
            )


def tenure(person, post, start, reason="appointed", end=None, term=None):
    return org_services.tenure_create(
        person=person, post=post, term=term, start_date=start, end_date=end, start_reason=reason
    )


def complete(person, org, on):
    course = Course.objects.create(organizer=org, name="Bồi dưỡng kỹ năng lãnh đạo", kind="leadership")
    session = Session.objects.create(
        course=course, name="Lớp 1", start_date=on - dt.timedelta(days=30), end_date=on
    )
    Participation.objects.create(session=session, person=person, result="completed", completed_on=on)


def nominate(person, ward, on):
    lst = CandidateList.objects.create(
        term=ward["term"],
        post=ward["seat"],
        kind="party_congress",
        name="Danh sách",
        election_date=on,
        seats=3,
    )
    Candidacy.objects.create(candidate_list=lst, person=person)


@pytest.fixture
def small():
    return Small()


# --- appointments -----------------------------------------------------------------------------------------
def test_appointments_count_key_posts_by_year_and_sex(small):
    one, two = small.wards
    hoa, mai, nam = (
        PersonFactory(full_name="Nguyễn Thị Hoa", sex="F"),
        PersonFactory(full_name="Lê Thị Mai", sex="F"),
        PersonFactory(full_name="Trần Văn Nam", sex="M"),
    )
    tenure(hoa, one["chair"], D(2021, 3, 1), "promoted")
    tenure(mai, two["deputy"], D(2022, 5, 1), "appointed")
    tenure(nam, two["chair"], D(2022, 7, 1), "promoted")
    tenure(nam, one["chair"], D(2022, 9, 1), "promoted")  # twice in 2022: one person
    tenure(hoa, two["chair"], D(2022, 1, 1), "designated")  # designated: not counted (as the catalogue)
    tenure(nam, one["deputy"], D(2021, 1, 1), "elected")  # elected: not an appointment
    tenure(mai, one["clerk"], D(2021, 1, 1), "appointed")  # not a key post
    tenure(hoa, two["seat"], D(2021, 1, 1), "appointed", term=two["term"])  # not a key post
    tenure(mai, one["deputy"], D(2019, 12, 31), "appointed", end=D(2020, 12, 31))  # before the period
    found = funnel.appointments(
        scope=UNRESTRICTED, area=small.district, start=D(2020, 1, 1), end=D(2022, 12, 31)
    )
    assert [(r.year, r.by_sex["F"], r.by_sex["M"]) for r in found.rows] == [
        (2020, 0, 0),
        (2021, 1, 0),
        (2022, 1, 1),
    ]
    assert found.total == 3 and found.by_sex == {"F": 2, "M": 1}
    assert [p.full_name for p in found.rows[1].women.named] == ["Nguyễn Thị Hoa"]


def test_appointments_name_only_people_inside_the_scope(small):
    one, two = small.wards
    hoa, mai = (
        PersonFactory(full_name="Nguyễn Thị Hoa", sex="F"),
        PersonFactory(full_name="Lê Thị Mai", sex="F"),
    )
    tenure(hoa, one["chair"], D(2021, 3, 1), "promoted")
    tenure(mai, two["chair"], D(2021, 5, 1), "promoted")
    officer = make_user("mot", area=one["area"], role=Role.VIEWER, analysis_area=small.district)
    found = funnel.appointments(
        scope=scope_for(officer), area=small.district, start=D(2021, 1, 1), end=D(2021, 12, 31)
    )
    (row,) = found.rows
    assert row.by_sex["F"] == 2
    assert [p.full_name for p in row.women.named] == ["Nguyễn Thị Hoa"] and row.women.hidden == 1
    other = AreaFactory(name="Quận Khác", level="district", kind="quan")
    with pytest.raises(Http404):
        funnel.appointments(scope=scope_for(officer), area=other, start=D(2021, 1, 1), end=D(2021, 12, 31))


# --- the pool stage: the replay of the log ------------------------------------------------------------------
def _ev(i, date, action):
    return pools.Event(id=i, entry_id=1, date=date, action=action)


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        ([_ev(1, D(2019, 1, 1), "approve")], True),  # approved before, still in
        ([_ev(1, D(2019, 1, 1), "approve"), _ev(2, D(2019, 6, 1), "remove")], False),  # left before
        ([_ev(1, D(2019, 1, 1), "approve"), _ev(2, D(2020, 6, 1), "remove")], True),  # left during
        ([_ev(1, D(2020, 6, 1), "propose")], False),  # only proposed
        ([_ev(1, D(2020, 6, 1), "propose"), _ev(2, D(2020, 7, 1), "approve")], True),
        ([_ev(1, D(2021, 1, 1), "approve")], False),  # after the period
        ([_ev(1, D(2020, 12, 31), "approve")], True),  # the last day
        (
            [_ev(1, D(2019, 1, 1), "approve"), _ev(2, D(2020, 1, 1), "remove")],
            False,
        ),  # removed on the first day
    ],
)
def test_approved_during(log, expected):
    assert funnel.approved_during(log, D(2020, 1, 1), D(2020, 12, 31)) is expected


# --- the funnel ---------------------------------------------------------------------------------------------
def test_the_funnel_stages_by_sex_and_age(small):
    one, two = small.wards
    ready = readiness()
    hoa = PersonFactory(full_name="Nguyễn Thị Hoa", sex="F", birth_date=D(1996, 2, 1))  # 28 at the end
    mai = PersonFactory(full_name="Lê Thị Mai", sex="F", birth_date=D(1985, 2, 1))  # 39
    nam = PersonFactory(full_name="Trần Văn Nam", sex="M", birth_date=D(1970, 2, 1))  # 54
    tuan = PersonFactory(full_name="Phạm Minh Tuấn", sex="M", birth_date=D(1980, 2, 1))  # removed before
    outside = PersonFactory(full_name="Đỗ Văn Ngoài", sex="M")  # never planned, appointed all the same
    for person in (hoa, mai, tuan):
        services.entry_add(pool=one["pool"], person=person, date=D(2022, 10, 1), readiness=ready)
    services.entry_add(pool=two["pool"], person=nam, date=D(2023, 2, 1), readiness=ready)
    services.entry_remove(pool=one["pool"], person=tuan, date=D(2022, 12, 1), reason="Chuyển công tác")
    complete(hoa, one["org"], D(2023, 6, 1))
    complete(nam, two["org"], D(2022, 6, 1))  # before the period
    nominate(mai, one, D(2024, 5, 1))
    services.appointment_proposal_create(person=nam, post=two["deputy"], proposed_on=D(2023, 9, 1))
    tenure(mai, one["chair"], D(2024, 6, 1), "elected")  # the post she was planned for
    tenure(hoa, one["clerk"], D(2023, 9, 1), "appointed")  # neither planned nor key
    tenure(outside, two["deputy"], D(2023, 9, 1), "appointed")
    # re-elected to the same seat: no step up
    tenure(nam, two["deputy"], D(2020, 10, 1), "elected", end=D(2023, 3, 31))
    tenure(nam, two["deputy"], D(2023, 4, 1), "elected")

    found = funnel.funnel(scope=UNRESTRICTED, area=small.district, start=D(2023, 1, 1), end=D(2024, 12, 31))
    stages = {s.code: s for s in found.stages}
    assert [s.code for s in found.stages] == ["pool", "trained", "nominated", "placed"]
    assert stages["pool"].total == 3  # Hoa, Mai, Nam (Tuấn left in 2022)
    assert stages["pool"].by_sex == {"F": 2, "M": 1}
    assert stages["pool"].by_age == {"under-30": 1, "30-39": 1, "40-49": 0, "50-plus": 1}
    assert stages["trained"].total == 1 and stages["trained"].by_sex_age[("F", "under-30")] == 1
    assert stages["nominated"].total == 2 and stages["nominated"].by_sex == {"F": 1, "M": 1}
    assert [p.full_name for p in stages["placed"].people.named] == ["Lê Thị Mai"]
    assert stages["placed"].share == pytest.approx(1 / 3)


def test_the_funnel_names_only_inside_the_scope(small):
    one, two = small.wards
    hoa, nam = (
        PersonFactory(full_name="Nguyễn Thị Hoa", sex="F"),
        PersonFactory(full_name="Trần Văn Nam", sex="M"),
    )
    tenure(hoa, one["clerk"], D(2015, 1, 1))  # in ward one's scope
    services.entry_add(pool=one["pool"], person=hoa, date=D(2022, 10, 1))
    services.entry_add(pool=two["pool"], person=nam, date=D(2022, 10, 1))
    viewer = make_user("mot", area=one["area"], role=Role.VIEWER, analysis_area=small.district)
    found = funnel.funnel(
        scope=scope_for(viewer), area=small.district, start=D(2023, 1, 1), end=D(2023, 12, 31)
    )
    pool = found.stages[0]
    assert pool.total == 2
    assert [p.full_name for p in pool.people.named] == ["Nguyễn Thị Hoa"] and pool.people.hidden == 1


# --- the page and the API -----------------------------------------------------------------------------------
def test_the_page_and_the_api(client, small):
    one, two = small.wards
    hoa, nam = (
        PersonFactory(full_name="Nguyễn Thị Hoa", sex="F"),
        PersonFactory(full_name="Trần Văn Nam", sex="M"),
    )
    tenure(hoa, one["clerk"], D(2015, 1, 1))
    services.entry_add(pool=one["pool"], person=hoa, date=D(2022, 10, 1))
    services.entry_add(pool=two["pool"], person=nam, date=D(2022, 10, 1))
    tenure(nam, two["chair"], D(2023, 5, 1), "promoted")
    viewer = make_user("mot", area=one["area"], role=Role.VIEWER, analysis_area=small.district)
    client.force_login(viewer)
    url = reverse("pipeline-funnel")
    page = client.get(url, {"area": small.district.code, "from": "01/01/2023", "to": "31/12/2023"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nguyễn Thị Hoa" in text and "Trần Văn Nam" not in text
    bad = client.get(url, {"area": small.district.code, "from": "31/02/2023", "to": "31/12/2023"})
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    api = client.get(
        "/api/pipeline/funnel/", {"area": small.district.code, "from": "2023-01-01", "to": "2023-12-31"}
    )
    assert api.status_code == 200, api.content
    body = api.json()
    assert [s["code"] for s in body["stages"]] == ["pool", "trained", "nominated", "placed"]
    assert body["stages"][0]["total"] == 2 and body["stages"][0]["hidden"] == 1
    assert [p["full_name"] for p in body["stages"][0]["people"]] == ["Nguyễn Thị Hoa"]
    assert body["stages"][3]["by_sex"] == {"F": 0, "M": 1}
    appointed = client.get(
        "/api/pipeline/appointments/", {"area": small.district.code, "from": "2023-01-01", "to": "2023-12-31"}
    )
    assert appointed.status_code == 200
    assert appointed.json()["rows"][0]["by_sex"] == {"F": 0, "M": 1}
    assert "Trần Văn Nam" not in appointed.content.decode()
    refused = client.get(
        "/api/pipeline/funnel/", {"area": small.district.code, "from": "2023-12-31", "to": "2023-01-01"}
    )
    assert refused.status_code in (400, 422) and refused.json()["detail"][0]["field"] == "to"
