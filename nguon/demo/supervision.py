"""The demo's supervision (issue 11 §7), written through nguon.supervision.services (source "demo") on the
Hoàn Kiếm world, after the pipeline's demo: annual plans 2016–2021 of the district Women's Union and Youth
Union, thematic missions each year, and recommendations in every state, some overdue on 25/9/2020."""

from __future__ import annotations

import datetime as dt
import random

from nguon.areas.models import Area
from nguon.organizations.models import Organization
from nguon.supervision import services

SOURCE = "demo"
D = dt.date
SUBJECTS = [
    ("supervision", "Giám sát việc thực hiện Luật Bình đẳng giới tại UBND {ward}"),
    ("criticism", "Phản biện dự thảo Kế hoạch phát triển kinh tế - xã hội năm {next} của {ward}"),
    ("opinion", "Góp ý xây dựng Đảng, xây dựng chính quyền tại {ward} (Quyết định 218-QĐ/TW)"),
]
# (events after sending as (kind, days after sending)) — every state of the follow-up
PATHS = [
    [],
    [("answered", 12)],
    [("answered", 15), ("acted", 60)],
    [("answered", 18), ("not_acted", 40)],
    [("escalated", 25)],
    [("answered", 30)],
]


def build(*, district_code: str) -> None:
    """Write the demo's supervision for the district ``district_code``."""
    district = Area.objects.filter(code=district_code).order_by("-valid_from", "-id").first()
    if district is None:
        return
    orgs = {o.kind: o for o in Organization.objects.filter(area=district).order_by("-id")}
    women = orgs.get("womens_union") or orgs.get("party") or orgs.get("grassroots_party")
    youth = orgs.get("youth_union")
    if women is None:
        return
    wards = list(Area.objects.filter(parent=district).order_by("code", "id")[:10])
    names = [w.name for w in wards] or [district.name]
    rng = random.Random(20200925)
    for year in range(2016, 2022):
        plans = {}
        for lead in [o for o in (women, youth) if o is not None]:
            plans[lead.pk] = services.plan_create(
                organization=lead, year=year, number=f"{rng.randint(10, 60)}/KH-{year}",
                issued_on=D(year - 1, 10, rng.randint(1, 20)), source=SOURCE,
            )  # fmt: skip
        for i, (kind, text) in enumerate(SUBJECTS):
            lead = women if (i != 1 or youth is None) else youth
            ward = names[(year + i) % len(names)]
            start = D(year, 3 + 3 * i, rng.randint(5, 20))
            notice = start - dt.timedelta(days=rng.choice([10, 15, 20, 25]))
            mission = services.mission_create(
                kind=kind, subject=text.format(ward=ward, next=year + 1), lead=lead, plan=plans[lead.pk],
                supervised_text=f"UBND {ward}" if kind != "opinion" else f"Đảng ủy {ward}",
                participants=[o for o in (women, youth) if o is not None and o != lead],
                notice_sent_on=notice, start_date=start, end_date=start + dt.timedelta(days=3),
                status="concluded", source=SOURCE,
            )  # fmt: skip
            services.note_add(
                mission=mission, date=start, text="Làm việc với đơn vị được giám sát.", source=SOURCE
            )
            services.mission_conclude(
                mission=mission, conclusion="Đoàn đã thông báo kết quả và gửi kiến nghị.",
                concluded_on=start + dt.timedelta(days=5), source=SOURCE,
            )  # fmt: skip
            for j in range(2):
                sent = start + dt.timedelta(days=10 + j)
                rec = services.recommendation_create(
                    mission=mission, text=f"Kiến nghị {j + 1}: {text.format(ward=ward, next=year + 1)}",
                    addressee_text=f"UBND {ward}", sent_on=sent, document=f"{rng.randint(1, 99)}/CV", source=SOURCE,
                )  # fmt: skip
                for kind_, days in PATHS[(year + i * 2 + j) % len(PATHS)]:
                    services.event_add(
                        recommendation=rec, kind=kind_, date=sent + dt.timedelta(days=days), source=SOURCE
                    )
