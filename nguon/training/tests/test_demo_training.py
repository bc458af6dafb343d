"""The demo's trainings (nguon.demo.training.build) on a small district: every kind of course, participants
from the people holding posts there, through the services (so every rule holds), deterministic, and no one's
political theory raised above her record."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from nguon.areas.tests.factories import district_with_wards
from nguon.demo import training as demo
from nguon.organizations import services as org_services
from nguon.people.tests.factories import PersonFactory
from nguon.training.choices import CourseKind
from nguon.training.models import Course, Participation, Session
from nguon.training.selectors import qualifications_on, trained_share

pytestmark = pytest.mark.django_db
D = dt.date


def _small_district() -> list:
    district, wards = district_with_wards(2)
    rng = random.Random(7)
    people = []
    orgs = [
        org_services.organization_create(name="Đảng bộ quận Thử", kind="party", area=district),
        org_services.organization_create(name="UBND quận Thử", kind="peoples_committee", area=district),
        org_services.organization_create(name="Phòng Nội vụ", kind="department", area=district),
        org_services.organization_create(name="Hội LHPN quận Thử", kind="womens_union", area=district),
        org_services.organization_create(name="Quận đoàn Thử", kind="youth_union", area=district),
    ] + [
        org_services.organization_create(name=f"Đảng bộ phường {w.name}", kind="grassroots_party", area=w)
        for w in wards
    ]
    for org in orgs:
        leader = org_services.post_create(
            organization=org, name="Trưởng", rank=1, is_key=True, is_leader=True
        )
        member = org_services.post_create(organization=org, name="Cán bộ")
        for i in range(12):
            person = PersonFactory(
                full_name=f"Nguyễn {'Thị' if i % 2 else 'Văn'} {org.pk}-{i}",
                sex="F" if i % 2 else "M",
                birth_date=D(rng.randint(1965, 1995), rng.randint(1, 12), rng.randint(1, 28)),
                political_theory=rng.choice(["so_cap", "trung_cap", "cao_cap"]),
            )
            org_services.tenure_create(
                person=person,
                post=leader if i < 4 else member,
                start_date=D(2015, 1, 1),
                start_reason="appointed",
            )
            people.append(person)
    return people


def _signature() -> list[tuple]:
    return list(
        Participation.objects.order_by(
            "session__course__name", "session__start_date", "person__full_name"
        ).values_list(
            "session__course__name",
            "session__name",
            "person__full_name",
            "result",
            "completed_on",
            "certificate",
        )
    )


def test_the_demo_trainings_are_plausible_and_deterministic() -> None:
    people = _small_district()
    demo.build(district_code="002")
    kinds = set(Course.objects.values_list("kind", flat=True))
    assert kinds == {
        CourseKind.POLITICAL_THEORY,
        CourseKind.STATE_MANAGEMENT,
        CourseKind.LEADERSHIP,
        CourseKind.WOMENS_UNION,
        CourseKind.YOUTH_UNION,
    }
    years = {s.start_date.year for s in Session.objects.all()}
    assert min(years) == 2016 and max(years) == 2025
    assert Participation.objects.filter(result="completed").count() > 100
    assert set(Course.objects.values_list("organizer__area__code", flat=True)) == {"002"}
    # the services' rules: completions dated the class's last day, certificates only for those who completed
    for p in Participation.objects.select_related("session"):
        if p.result == "completed":
            assert (
                p.completed_on == p.session.end_date
                and p.certificate
                and p.certificate_date >= p.completed_on
            )
        else:
            assert p.completed_on is None and not p.certificate
    # no one's political theory rises above her record; women leaders: most, not all, trained by 2025
    by_pk = {p.pk: p for p in people}
    q = qualifications_on(person_ids=list(by_pk), at=D(2026, 1, 1))
    assert all(q[pk].political_theory == by_pk[pk].political_theory for pk in by_pk)
    women = [p.pk for p in people if p.sex == "F"]
    trained, total = trained_share(person_ids=women, at=D(2025, 12, 31))
    assert 0 < trained < total
    # the same world gives the same trainings
    first = _signature()
    Participation.objects.all().delete()
    Session.objects.all().delete()
    Course.objects.all().delete()
    demo.build(district_code="002")
    assert _signature() == first


def test_nothing_without_the_district() -> None:
    demo.build(district_code="999")
    assert not Course.objects.exists()
