"""A district with two wards (A and B), a grassroots party organization in each with its executive
committee, a term and a seat; two people in each ward; officers of ward A; their API tokens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from nguon.accounts.choices import Role
from nguon.accounts.tests.factories import make_user, national_user
from nguon.accounts.tokens import token_create
from nguon.areas.services import area_create
from nguon.organizations import services as org
from nguon.people.services import person_create

D = dt.date


@dataclass
class Ward:
    area: Any
    organization: Any
    body: Any
    term: Any
    post: Any
    people: list[Any]
    tenures: list[Any]


@dataclass
class World:
    district: Any
    a: Ward
    b: Ward


def _ward(district: Any, code: str, name: str, people: list[tuple[str, str]]) -> Ward:
    area = area_create(code=code, name=name, level="commune", kind="phuong", parent=district)
    organization = org.organization_create(name=f"Đảng bộ {name}", kind="grassroots_party", area=area)
    body = org.body_create(organization=organization, kind="executive_committee", name=f"BCH {name}")
    term = org.term_create(body=body, name="2020–2025", start_date=D(2020, 5, 1), end_date=D(2025, 6, 30))
    post = org.post_create(organization=organization, name="Ủy viên Ban Chấp hành", body=body)
    found, tenures = [], []
    for full_name, sex in people:
        person = person_create(
            full_name=full_name, sex=sex, birth_date=D(1980, 5, 17), dossier_organization=organization
        )
        found.append(person)
        tenures.append(
            org.tenure_create(
                person=person, post=post, term=term, start_date=D(2020, 5, 1), start_reason="elected"
            )
        )
    return Ward(area, organization, body, term, post, found, tenures)


def build_world() -> World:
    city = area_create(code="01", name="Thành phố Thử", level="province", kind="thanh_pho_tw")
    district = area_create(code="002", name="Quận Thử", level="district", kind="quan", parent=city)
    a = _ward(district, "00037", "Phường Hàng Bạc", [("Hoàng Thị Lan", "F"), ("Trần Văn Nam", "M")])
    b = _ward(district, "00040", "Phường Hàng Trống", [("Lê Thị Mai", "F"), ("Phạm Minh Tuấn", "M")])
    return World(district, a, b)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def editor_a(world: World) -> Any:
    """An editor of ward A (her figures: ward A only)."""
    return make_user("editor_a", area=world.a.area, role=Role.EDITOR)


@pytest.fixture
def viewer_a(world: World) -> Any:
    """A viewer of ward A who may compare the figures of the whole district."""
    return make_user("viewer_a", area=world.a.area, role=Role.VIEWER, analysis_area=world.district)


@pytest.fixture
def admin_user(db: None) -> Any:
    return national_user("quantri")


def bearer(user: Any, name: str = "thử") -> Client:
    """A client sending a fresh personal token of ``user``."""
    _token, plain = token_create(user=user, name=name, acting_user=user)
    return Client(headers={"Authorization": f"Bearer {plain}"})


@pytest.fixture
def api_a(editor_a: Any) -> Client:
    return bearer(editor_a)


@pytest.fixture
def api_viewer(viewer_a: Any) -> Client:
    return bearer(viewer_a)
