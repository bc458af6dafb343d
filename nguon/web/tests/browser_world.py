"""The small registry the browser flows work on: one ward, its party committee with one man on it, and a
woman whose dossier the ward keeps but who holds no post yet (the officer starts her tenure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user
from nguon.areas.tests.factories import AreaFactory
from nguon.indicators.services import catalogue_sync
from nguon.organizations import services as org_services
from nguon.people.tests.factories import PersonFactory

PASSWORD = "Mat-khau-thu-9"
CHROMIUM = Path("/usr/bin/chromium")
# Headless, no sandbox (CI runs as root), nothing that reaches the network on its own (docs/development.md).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class BrowserWorld:
    ward: Any
    organization: Any
    body: Any
    term: Any
    post: Any
    man: Any
    woman: Any
    officer: Any


def build_browser_world() -> BrowserWorld:
    catalogue_sync()
    district = AreaFactory(code="00299", name="Quận Thử", level="district", kind="quan")
    ward = AreaFactory(code="00301", name="Phường Hàng Thử", parent=district)
    org = org_services.organization_create(name="Đảng bộ phường Hàng Thử", kind="grassroots_party", area=ward)
    body = org_services.body_create(
        organization=org, kind="executive_committee", name="Ban Chấp hành Đảng bộ phường Hàng Thử"
    )
    term = org_services.term_create(body=body, name="2025–2030", start_date=dt.date(2025, 10, 1))
    post = org_services.post_create(organization=org, name="Ủy viên Ban Chấp hành", body=body)
    man = PersonFactory(full_name="Trần Văn Nam", sex="M", birth_date=dt.date(1979, 4, 2))
    org_services.tenure_create(
        person=man, post=post, term=term, start_date=dt.date(2025, 10, 15), start_reason="elected"
    )
    woman = PersonFactory(
        full_name="Hoàng Thị Lan", sex="F", birth_date=dt.date(1990, 8, 20), dossier_organization=org
    )
    officer = make_user(
        "canbo_hangthu",
        area=ward,
        role=Role.EDITOR,
        password=PASSWORD,
        first_name="Hạnh",
        last_name="Vũ Thị",
        analysis_area=district,
    )
    return BrowserWorld(ward, org, body, term, post, man, woman, officer)
