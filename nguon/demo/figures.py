"""The article's figures as definitions over the registry, computed by the indicator engine.

Each figure says what it counts (its definition is printed with it); docs/counting-rules.md explains them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nguon.areas.models import Area
from nguon.core.formats import format_int, format_percent
from nguon.indicators.engine import Female, Share, Unit, entries, share
from nguon.indicators.selectors import OrgScope, Population, holdings_active_on, holdings_started_between

from .plan import PERIOD, REFERENCE


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    definition: str
    result: Share

    @property
    def text(self) -> str:
        if self.key == "women_appointed":
            return format_int(self.result.numerator)
        if self.key == "grassroots_members":
            return f"{format_int(self.result.denominator)} ({format_percent(self.result.value)} nữ)"
        return format_percent(self.result.value)


def article_figures(
    district: Area, at: dt.date = REFERENCE, period: tuple[dt.date, dt.date] = PERIOD
) -> list[Figure]:
    """The four figures of the 25/9/2020 review, computed for ``district`` at ``at``."""
    grassroots = Population(
        area=district, scopes=(OrgScope(kinds=("grassroots_party",)),), body_kinds=("executive_committee",)
    )
    district_bch = Population(
        area=district,
        scopes=(OrgScope(level="district", kinds=("party",)),),
        body_kinds=("executive_committee",),
    )
    key_cadres = Population(area=district, scopes=(OrgScope(level="district"),), key_post=True)
    key_appointments = Population(
        area=district,
        scopes=(OrgScope(level="commune"), OrgScope(level="district", kinds=("department",))),
        key_post=True,
        start_reasons=("appointed", "promoted"),
    )
    female = Female()
    date = at.strftime("%d/%m/%Y")
    return [
        Figure(
            "grassroots_members",
            "Cấp ủy viên cơ sở",
            f"Số người giữ ghế ủy viên ban chấp hành (cấp ủy) của các tổ chức cơ sở đảng (phường, cơ quan, doanh nghiệp, "
            f"đơn vị sự nghiệp, công an, quân sự) trong quận, tại ngày {date}; tỷ lệ nữ tính theo người.",
            share(holdings_active_on(population=grassroots, at=at), female, at, Unit.PEOPLE),
        ),
        Figure(
            "district_committee_women",
            "Tỷ lệ nữ trong BCH Đảng bộ quận",
            f"Nữ / số người giữ ghế ủy viên BCH Đảng bộ quận tại ngày {date}.",
            share(holdings_active_on(population=district_bch, at=at), female, at, Unit.PEOPLE),
        ),
        Figure(
            "key_cadres_women",
            "Tỷ lệ nữ trong cán bộ chủ chốt cấp quận",
            f"Nữ / số người giữ chức danh chủ chốt của các tổ chức cấp quận (Quận ủy, HĐND, UBND, MTTQ, đoàn thể, "
            f"các ban, phòng) tại ngày {date}.",
            share(holdings_active_on(population=key_cadres, at=at), female, at, Unit.PEOPLE),
        ),
        Figure(
            "women_appointed",
            "Cán bộ nữ được đề bạt, bổ nhiệm vào chức danh chủ chốt",
            f"Số phụ nữ (không trùng người) bắt đầu giữ chức danh chủ chốt của phường hoặc của phòng, ban quận do "
            f"bổ nhiệm hoặc đề bạt, từ {period[0]:%d/%m/%Y} đến {period[1]:%d/%m/%Y}.",
            entries(
                holdings_started_between(population=key_appointments, start=period[0], end=period[1]),
                female,
                at,
            ),
        ),
    ]
