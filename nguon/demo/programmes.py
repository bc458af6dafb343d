"""The demo's joint programmes and activities (issue 11 §7), written through ``nguon.programmes.services``
(source "demo", no acting user) on the Hoàn Kiếm world, after the pipeline's demo.

- "Chương trình phối hợp … giai đoạn 2015–2020" between the district Women's Union (lead) and the district
  Youth Union, area the district, with measurable goals and yearly plans 2016–2020; about two hundred
  activities of every kind of the taxonomy, spread over the wards and years 2015–2020, organized by the
  wards' women's and youth unions. Two wards are left with a single activity in 2017, so the per-ward goal is
  honestly not met everywhere. The "trained" and "nominated" goals carry targets only: their actuals are
  read from the demo's trainings and elections by the progress, never typed; their targets are fixed near what
  that data gives: 100 young women trained (the trainings give exactly 100: met) and 40 introduced for
  committee elections (the elections give 35: not met).
- the 2020–2025 programme (signed 10/2020, follows the first). Simplest honest option for the reform: its
  area is the district and its period ends on 30/6/2025, the district's last day; its activities stop there.
  Activities after 1/7/2025 are recorded without a programme, organized by the new wards' unions.
Deterministic: a ``random.Random`` with a fixed seed over the world in database order.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from nguon.areas.models import Area, SuccessionLink
from nguon.organizations.models import Organization, Tenure
from nguon.programmes import services, taxonomy
from nguon.programmes.models import ActivityType, OutputKind, Programme

SOURCE = "demo"
SEED = 2015
D = dt.date
LAST_OLD = D(2025, 6, 30)
REFORM = D(2025, 7, 1)
TITLE_1 = (
    "Chương trình phối hợp giữa Hội Liên hiệp Phụ nữ quận Hoàn Kiếm và Quận đoàn Hoàn Kiếm về công tác "
    "vận động, tập hợp phụ nữ trẻ giai đoạn 2015–2020"
)
TITLE_2 = (
    "Chương trình phối hợp giữa Hội Liên hiệp Phụ nữ quận Hoàn Kiếm và Quận đoàn Hoàn Kiếm về công tác "
    "vận động, tập hợp phụ nữ trẻ giai đoạn 2020–2025"
)

# kind code -> (title pattern, outputs {output code: (low, high)})
KINDS: dict[str, tuple[str, dict[str, tuple[int, int]]]] = {
    "trong-cay": ("Ra quân trồng cây xanh tại {ward}", {"cay-xanh": (20, 120)}),
    "xoa-diem-rac": ("Ra quân xóa điểm tập kết rác tự phát tại {ward}", {"diem-rac": (1, 4)}),
    "ngay-hoi-tai-che": (
        "Ngày hội đổi rác thải tái chế lấy cây xanh tại {ward}",
        {"phe-lieu": (80, 600), "cay-xanh": (30, 150)},
    ),
    "boc-quang-cao": ("Bóc xóa quảng cáo rao vặt trái phép tại {ward}", {"quang-cao": (150, 900)}),
    "tu-thien-nhan-dao": (
        "Trao quà cho phụ nữ, trẻ em có hoàn cảnh khó khăn {ward}",
        {"tien-ung-ho": (5, 40), "suat-qua": (10, 60)},
    ),
    "noi-chuyen-chuyen-de": ("Nói chuyện chuyên đề cho đoàn viên, hội viên trẻ {ward}", {}),
    "ky-nang-song": ("Tọa đàm kỹ năng sống cho nữ thanh niên {ward}", {}),
    "giao-duc-gioi-tinh": ("Nói chuyện giáo dục giới tính, sức khỏe sinh sản vị thành niên {ward}", {}),
    "gia-dinh": ("Tọa đàm về hôn nhân, gia đình trước và sau kết hôn {ward}", {}),
    "binh-dang-gioi": ("Truyền thông về bình đẳng giới và phòng chống bạo lực gia đình {ward}", {}),
    "bo-quy-tac-ung-xu": ("Tuyên truyền Bộ quy tắc ứng xử nơi công cộng {ward}", {}),
    "ho-tro-phu-nu-tre-em": (
        "Hỗ trợ phụ nữ trẻ khởi nghiệp, chăm sóc trẻ em {ward}",
        {"tien-ung-ho": (10, 50)},
    ),
    "tap-huan": ("Tập huấn nghiệp vụ cho cán bộ Hội, Đoàn {ward}", {}),
    "hoat-dong-khac": ("Giao lưu văn nghệ, thể thao phụ nữ trẻ {ward}", {}),
}
YOUTH_KINDS = {"ky-nang-song", "giao-duc-gioi-tinh", "gia-dinh", "boc-quang-cao", "noi-chuyen-chuyen-de"}
ENV = {"trong-cay", "xoa-diem-rac", "ngay-hoi-tai-che", "boc-quang-cao"}


def _orgs(area: Area, day: dt.date) -> dict[str, Organization]:
    found: dict[str, Organization] = {}
    for o in Organization.objects.filter(area=area).order_by("id"):
        if (o.valid_from is None or o.valid_from <= day) and (o.valid_to is None or day <= o.valid_to):
            found.setdefault(o.kind, o)
    return found


def _counts(rng: random.Random, youth: bool) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    main = rng.randint(15, 60) if youth else rng.randint(10, 40)
    counts[("female", "16_30")] = main
    if youth:
        counts[("male", "16_30")] = rng.randint(0, 15)
        counts[("female", "31_45")] = rng.randint(0, 10)
    else:
        counts[("female", "31_45")] = rng.randint(5, 30)
        counts[("female", "46_60")] = rng.randint(0, 20)
        counts[("male", "31_45")] = rng.randint(0, 8)
    if rng.random() < 0.3:
        counts[("unknown", "unknown")] = rng.randint(1, 12)
    return {k: v for k, v in counts.items() if v}


def _people(area: Area, day: dt.date, rng: random.Random) -> list[Any]:
    ids = sorted(
        set(
            Tenure.objects.filter(post__organization__area=area, start_date__lte=day)
            .exclude(end_date__lt=day)
            .values_list("person_id", flat=True)
        )
    )
    from nguon.people.models import Person

    pick = rng.sample(ids, min(len(ids), rng.randint(4, 7)))
    return list(Person.objects.filter(pk__in=sorted(pick)))


def _activity(
    rng: random.Random,
    types: dict[str, ActivityType],
    outputs: dict[str, OutputKind],
    *,
    kind: str,
    area: Area,
    day: dt.date,
    orgs: dict[str, Organization],
    programme: Programme | None,
    goal: Any,
    named: bool,
) -> None:
    pattern, outs = KINDS[kind]
    youth = kind in YOUTH_KINDS or rng.random() < 0.5
    organizer = orgs.get("youth_union" if youth else "womens_union") or orgs.get("womens_union")
    if organizer is None:
        return
    co = [
        o
        for k, o in orgs.items()
        if k in ("womens_union", "youth_union", "peoples_committee") and o != organizer
    ]
    co = co[: rng.randint(0, len(co))]
    out: dict[OutputKind, Decimal | int] = {}
    for code, (lo, hi) in outs.items():
        q = rng.randint(lo, hi)
        out[outputs[code]] = q * 1_000_000 if outputs[code].is_money else q
    data = services.ActivityData(
        title=pattern.format(
            ward=area.name if area.name.lower().startswith("phường") else f"phường {area.name}"
        ),
        type=types[kind],
        start_date=day,
        area=area,
        organizer=organizer,
        place=f"Trụ sở {area.name}" if rng.random() < 0.5 else "",
        co_organizers=co,
        audience={"gia-dinh": "couples", "tap-huan": "cadres"}.get(kind, "youth" if youth else "women"),
        programme=programme,
        goal=goal,
    )
    if named:
        data.participant_mode = "named"
        data.people = _people(area, day, rng)
        if not data.people:
            return
    else:
        data.counts = _counts(rng, youth)
    data.outputs = out
    services.activity_create(data=data, source=SOURCE)


def _goals(p: Programme, specs: list[dict[str, Any]]) -> list[Any]:
    return [
        services.goal_create(programme=p, position=i + 1, source=SOURCE, **s) for i, s in enumerate(specs)
    ]


@transaction.atomic
def build(*, district_code: str) -> None:
    """Write the demo's programmes for the district district_code (nothing when it or its unions are missing)."""
    district = Area.objects.filter(code=district_code, valid_to=LAST_OLD).order_by("-id").first() or (
        Area.objects.filter(code=district_code).order_by("-valid_from", "-id").first()
    )
    if district is None:
        return
    ref = D(2020, 9, 25)
    d_orgs = _orgs(district, ref)
    if "womens_union" not in d_orgs or "youth_union" not in d_orgs:
        return
    if not ActivityType.objects.filter(parent__isnull=False).exists():
        taxonomy.seed(ActivityType, OutputKind)  # after a flush the migration's rows are gone
    rng = random.Random(SEED)
    types = {t.code: t for t in ActivityType.objects.filter(parent__isnull=False)}
    outputs = {o.code: o for o in OutputKind.objects.all()}
    parties = [(d_orgs["womens_union"], "lead"), (d_orgs["youth_union"], "partner")]
    wards = list(Area.objects.filter(parent=district).order_by("code", "id"))

    p1 = services.programme_create(
        title=TITLE_1,
        start_date=D(2015, 10, 15),
        end_date=D(2020, 12, 31),
        area=district,
        parties=parties,
        number="01/CTPH-HPN-QĐ",
        signed_on=D(2015, 10, 15),
        source=SOURCE,
        note="Ký kết giữa Ban Thường vụ Hội LHPN quận và Ban Thường vụ Quận đoàn.",
    )
    g = _goals(
        p1,
        [
            dict(
                text="Mỗi phường tổ chức ít nhất 2 hoạt động phối hợp mỗi năm",
                measure="activities_per_unit",
                period="year",
                target=2,
                unit="hoạt động",
            ),
            dict(
                text="Tổ chức 60 hoạt động bảo vệ môi trường trong cả giai đoạn",
                measure="activities",
                period="period",
                target=60,
                unit="hoạt động",
                activity_type=ActivityType.objects.get(code="moi-truong"),
            ),
            dict(
                text="Thu hút 1.500 lượt người tham gia mỗi năm",
                measure="participants",
                period="year",
                target=1500,
                unit="lượt người",
            ),
            dict(
                text="Trồng 1.500 cây xanh trong cả giai đoạn",
                measure="output",
                period="period",
                target=1500,
                unit="cây",
                output_kind=outputs["cay-xanh"],
            ),
            dict(
                text="Thu gom 3.000 kg phế liệu tái chế trong cả giai đoạn",
                measure="output",
                period="period",
                target=3000,
                unit="kg",
                output_kind=outputs["phe-lieu"],
            ),
            dict(
                text="Đào tạo, bồi dưỡng 100 cán bộ nữ trẻ",
                measure="trained",
                period="period",
                target=100,
                unit="người",
                young_only=True,
            ),
            dict(
                text="Giới thiệu 40 phụ nữ trẻ đủ tiêu chuẩn tham gia cấp ủy",
                measure="nominated",
                period="period",
                target=40,
                unit="người",
                young_only=True,
            ),
        ],
    )
    for year in range(2016, 2021):
        services.year_plan_set(
            programme=p1,
            year=year,
            targets={g[0]: 2, g[2]: 1200 + 100 * (year - 2016)},
            number=f"{year - 2015:02d}/KH-HPN-QĐ",
            issued_on=D(year, 1, 15),
            source=SOURCE,
            note=f"Kế hoạch thực hiện chương trình phối hợp năm {year}.",
        )
    kinds = list(KINDS)
    n = 0
    for year in range(2015, 2021):
        for wi, ward in enumerate(wards):
            if ward.valid_to is not None and ward.valid_to < D(year, 1, 1):
                continue
            count = 1 if year == 2015 else (1 if (year == 2017 and wi in (2, 5)) else rng.randint(2, 3))
            for _ in range(count):
                kind = kinds[n % len(kinds)]
                n += 1
                start = max(D(year, 1, 5), p1.start_date)
                day = start + dt.timedelta(days=rng.randint(0, (D(year, 12, 20) - start).days))
                orgs = _orgs(ward, day)
                goal = g[1] if kind in ENV else None
                _activity(
                    rng,
                    types,
                    outputs,
                    kind=kind,
                    area=ward,
                    day=day,
                    orgs=orgs,
                    programme=p1,
                    goal=goal,
                    named=rng.random() < 0.08,
                )

    p2 = services.programme_create(
        title=TITLE_2,
        start_date=D(2020, 10, 20),
        end_date=LAST_OLD,
        area=district,
        parties=parties,
        number="02/CTPH-HPN-QĐ",
        signed_on=D(2020, 10, 20),
        follows=p1,
        source=SOURCE,
        note="Kết thúc ngày 30/6/2025 khi quận Hoàn Kiếm không còn là đơn vị hành chính.",
    )
    g2 = _goals(
        p2,
        [
            dict(
                text="Mỗi phường tổ chức ít nhất 3 hoạt động phối hợp mỗi năm",
                measure="activities_per_unit",
                period="year",
                target=3,
                unit="hoạt động",
            ),
            dict(
                text="Trồng 2.000 cây xanh trong cả giai đoạn",
                measure="output",
                period="period",
                target=2000,
                unit="cây",
                output_kind=outputs["cay-xanh"],
            ),
            dict(
                text="Đào tạo, bồi dưỡng 150 cán bộ nữ trẻ",
                measure="trained",
                period="period",
                target=150,
                unit="người",
                young_only=True,
            ),
        ],
    )
    services.year_plan_set(
        programme=p2,
        year=2021,
        targets={g2[0]: 3},
        number="01/KH-HPN-QĐ",
        issued_on=D(2021, 1, 20),
        source=SOURCE,
    )
    for year in range(2021, 2026):
        for ward in wards:
            for _ in range(rng.randint(0, 1)):
                kind = kinds[n % len(kinds)]
                n += 1
                last = min(D(year, 12, 20), LAST_OLD)
                day = D(year, 1, 5) + dt.timedelta(days=rng.randint(0, (last - D(year, 1, 5)).days))
                if ward.valid_to is not None and day > ward.valid_to:
                    continue
                _activity(
                    rng,
                    types,
                    outputs,
                    kind=kind,
                    area=ward,
                    day=day,
                    orgs=_orgs(ward, day),
                    programme=p2,
                    goal=None,
                    named=False,
                )
    # after the reform: the new wards' unions, no programme
    new = list(
        Area.objects.filter(
            pk__in=SuccessionLink.objects.filter(predecessor__path__startswith=district.path).values(
                "successor_id"
            )
        )
        .exclude(path__startswith=district.path)
        .order_by("code", "id")
    )
    for ward in new:
        for _ in range(2):
            kind = kinds[n % len(kinds)]
            n += 1
            day = REFORM + dt.timedelta(days=rng.randint(10, 120))
            _activity(
                rng,
                types,
                outputs,
                kind=kind,
                area=ward,
                day=day,
                orgs=_orgs(ward, day),
                programme=None,
                goal=None,
                named=False,
            )
