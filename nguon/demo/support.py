"""The demo's support to cadres (issue 11 §7): a dozen cases of 2016–2020 in Hoàn Kiếm (health, hardship,
family at risk) kept by its Women's Unions, with support given (visits, money, gifts, health checks,
scholarships for children; 500.000–5.000.000 đồng), written through nguon.support.services (source "demo")
after the pipeline's demo. Deterministic: the same people and amounts at every build."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from nguon.areas.models import Area
from nguon.organizations.models import Organization, Tenure
from nguon.people.models import Person
from nguon.support import services

SOURCE = "demo"
D = dt.date

# (kind, opened, closed, summary, [(support kind, given on, amount or None, note)])
CASES: list[tuple[str, dt.date, dt.date | None, str, list[tuple[str, dt.date, int | None, str]]]] = [
    (
        "health",
        D(2016, 3, 14),
        D(2016, 9, 30),
        "Phẫu thuật thay khớp háng",
        [
            ("visit", D(2016, 3, 20), None, "Thăm hỏi tại Bệnh viện Việt Đức"),
            ("money", D(2016, 3, 20), 2_000_000, "Trích quỹ hỗ trợ hội viên"),
        ],
    ),
    (
        "hardship",
        D(2016, 11, 2),
        D(2017, 2, 28),
        "Chồng mất việc, hai con nhỏ",
        [
            ("gift", D(2017, 1, 18), 1_000_000, "Quà Tết Đinh Dậu"),
            ("scholarship", D(2017, 2, 10), 1_500_000, "Học bổng cho con học lớp 3"),
        ],
    ),
    (
        "health",
        D(2017, 5, 8),
        D(2018, 6, 30),
        "Điều trị ung thư dài ngày",
        [
            ("visit", D(2017, 5, 15), None, ""),
            ("money", D(2017, 5, 15), 5_000_000, "Vận động cán bộ, hội viên ủng hộ"),
            ("money", D(2018, 1, 10), 3_000_000, ""),
        ],
    ),
    (
        "family_risk",
        D(2017, 9, 4),
        D(2018, 5, 31),
        "Gia đình có nguy cơ bạo lực, tư vấn hòa giải",
        [
            ("visit", D(2017, 9, 10), None, "Tổ hòa giải cùng đến gia đình"),
            ("visit", D(2017, 12, 2), None, ""),
        ],
    ),
    (
        "hardship",
        D(2018, 2, 1),
        D(2018, 12, 31),
        "Nhà dột nát sau mưa bão",
        [
            ("money", D(2018, 2, 5), 4_000_000, "Hỗ trợ sửa nhà"),
            ("gift", D(2018, 9, 20), 500_000, "Quà Trung thu cho con"),
        ],
    ),
    (
        "health",
        D(2018, 7, 16),
        D(2018, 10, 15),
        "Tai nạn giao thông, gãy chân",
        [
            ("visit", D(2018, 7, 18), None, ""),
            ("money", D(2018, 7, 18), 1_500_000, ""),
        ],
    ),
    (
        "family_risk",
        D(2019, 1, 7),
        None,
        "Con tuổi vị thành niên bỏ học",
        [
            ("visit", D(2019, 1, 12), None, "Phối hợp Đoàn phường nắm tình hình"),
            ("scholarship", D(2019, 8, 30), 2_000_000, "Học bổng trở lại trường"),
            ("scholarship", D(2020, 8, 28), 2_000_000, ""),
        ],
    ),
    (
        "health",
        D(2019, 4, 22),
        D(2019, 12, 31),
        "Khám sức khỏe định kỳ phát hiện bệnh tim",
        [
            ("health_check", D(2019, 4, 25), 800_000, "Khám chuyên sâu tại Bệnh viện Bạch Mai"),
            ("money", D(2019, 6, 3), 2_500_000, ""),
        ],
    ),
    (
        "hardship",
        D(2019, 10, 1),
        D(2020, 3, 31),
        "Mẹ đơn thân, thu nhập thấp",
        [
            ("gift", D(2020, 1, 15), 1_000_000, "Quà Tết Canh Tý"),
            ("money", D(2020, 3, 1), 1_500_000, ""),
        ],
    ),
    (
        "health",
        D(2020, 2, 17),
        D(2020, 8, 31),
        "Điều trị sau sinh non",
        [
            ("visit", D(2020, 2, 20), None, ""),
            ("gift", D(2020, 2, 20), 700_000, "Quà cho mẹ và bé"),
        ],
    ),
    (
        "hardship",
        D(2020, 4, 6),
        None,
        "Mất thu nhập do dịch COVID-19",
        [
            ("money", D(2020, 4, 10), 1_000_000, "Hỗ trợ trong thời gian giãn cách"),
            ("gift", D(2020, 4, 10), 600_000, "Gạo và nhu yếu phẩm"),
        ],
    ),
    (
        "family_risk",
        D(2020, 6, 15),
        None,
        "Mâu thuẫn gia đình, con nhỏ cần được bảo vệ",
        [
            ("visit", D(2020, 6, 18), None, "Tư vấn tại nhà"),
            ("health_check", D(2020, 7, 2), 500_000, "Khám sức khỏe cho con"),
        ],
    ),
]


def build(*, district_code: str) -> None:
    """Write the demo's support cases for the district ``district_code`` (nothing without its Women's
    Unions or their cadres)."""
    district = Area.objects.filter(code=district_code).order_by("-valid_from", "-id").first()
    if district is None:
        return
    unions = list(
        Organization.objects.filter(area__path__startswith=district.path, kind="womens_union")
        .select_related("area")
        .order_by("area__path", "id")
    )
    if not unions:
        return
    keeper = {o.pk: o for o in unions}
    held = (
        Tenure.objects.filter(post__organization__in=unions, start_date__lte=D(2020, 12, 31))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=D(2016, 1, 1)))
        .order_by("post__organization__area__path", "person_id")
        .values_list("person_id", "post__organization_id")
    )
    chosen: list[tuple[int, int]] = []
    seen: set[int] = set()
    for person_id, org_id in held:
        if person_id not in seen:
            seen.add(person_id)
            chosen.append((person_id, org_id))
    if not chosen:
        return
    # spread over the unions: every n-th cadre
    step = max(1, len(chosen) // len(CASES))
    picked = chosen[::step][: len(CASES)]
    people = Person.objects.in_bulk([p for p, _o in picked])
    for (person_id, org_id), (kind, opened, closed, summary, lines) in zip(picked, CASES, strict=False):
        organization = keeper[org_id]
        case = services.case_create(
            person=people[person_id],
            organization=organization,
            kind=kind,
            opened_on=opened,
            closed_on=closed,
            summary=summary,
            source=SOURCE,
        )
        for support_kind, given_on, amount, note in lines:
            services.support_add(
                case=case,
                kind=support_kind,
                given_on=given_on,
                amount=amount,
                given_by=organization,
                note=note,
                source=SOURCE,
            )
