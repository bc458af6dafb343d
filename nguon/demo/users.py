"""The demo's users: one per kind of officer the application serves, each with the assignment (area,
organization kinds, role) that gives her scope, and a password printed with the figures (demo data only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nguon.accounts.choices import Role
from nguon.accounts.models import Assignment
from nguon.areas.models import Area
from nguon.areas.selectors import area_children, area_get_by_code
from nguon.core.formats import format_date

from .hoankiem import DISTRICT_CODE
from .plan import REFERENCE, REFORM

HANOI = "01"
NEW_HOAN_KIEM = "00070"  # phường Hoàn Kiếm from 1/7/2025 (the old Hàng Trống's code went to it)


@dataclass(frozen=True)
class DemoUser:
    """A demo login: whom it stands for, then ``login / password``."""

    who: str
    username: str
    password: str

    def line(self) -> str:
        return f"{self.who}: {self.username} / {self.password}"


@dataclass(frozen=True)
class _Spec:
    username: str
    who: Callable[[dict[str, Area]], str]
    area: str | None  # key into the areas found, None for the administrator
    role: str
    kinds: tuple[str, ...] = ()
    analysis_area: str | None = None
    #: she reads (and records) the support cases of cadres in her area (issue 11 §4)
    support: bool = False


SPECS = (
    _Spec(
        "hanoi",
        lambda a: _("Officer of %(city)s (reads the whole city)") % {"city": a["city"].name},
        "city",
        Role.VIEWER,
    ),
    _Spec(
        "hoankiem.phunu",
        lambda a: (
            _("Women's Union officer of %(district)s (edits its women's unions)")
            % {"district": a["district"].name}
        ),
        "district",
        Role.EDITOR,
        ("womens_union",),
        support=True,
    ),
    _Spec(
        "hangbac.phunu",
        lambda a: (
            _("Women's Union officer of %(ward)s (edits her ward; compares the figures of %(district)s)")
            % {"ward": a["hang_bac"].name, "district": a["district"].name}
        ),
        "hang_bac",
        Role.EDITOR,
        ("womens_union",),
        analysis_area="district",
    ),
    _Spec(
        "hangtrong.doan",
        lambda a: (
            _("Youth Union officer of %(ward)s (edits its youth union)") % {"ward": a["hang_trong"].name}
        ),
        "hang_trong",
        Role.EDITOR,
        ("youth_union",),
    ),
    _Spec(
        "phuong.hoankiem",
        lambda a: (
            _("Officer of the new %(ward)s from %(date)s (edits; reads the old wards that went into it)")
            % {"ward": a["new_ward"].name, "date": format_date(REFORM)}
        ),
        "new_ward",
        Role.EDITOR,
    ),
    _Spec(
        "quanly.hoankiem",
        lambda a: _("Manager of %(district)s (manages its users)") % {"district": a["district"].name},
        "district",
        Role.MANAGER,
    ),
)


def _areas(today: dt.date) -> dict[str, Area]:
    district = area_get_by_code(code=DISTRICT_CODE, at=REFERENCE)
    wards = {a.name: a for a in area_children(area=district, at=REFERENCE)}
    return {
        "city": area_get_by_code(code=HANOI, at=max(today, REFORM)),
        "district": district,
        "hang_bac": wards["Phường Hàng Bạc"],
        "hang_trong": wards["Phường Hàng Trống"],
        "new_ward": area_get_by_code(code=NEW_HOAN_KIEM, at=max(today, REFORM)),
    }


def _password(username: str) -> str:
    return "nguon-" + username.split(".")[0]


@transaction.atomic
def demo_users_create() -> list[DemoUser]:
    """Create (or reset) the demo's users and their assignments; the administrator is ``admin`` / ``admin``.
    Returns them in the order they are printed."""
    user_model = get_user_model()
    areas = _areas(timezone.localdate())
    created = []
    for spec in SPECS:
        user, _new = user_model.objects.get_or_create(username=spec.username)
        password = _password(spec.username)
        user.set_password(password)
        user.is_staff = user.is_superuser = False
        user.full_clean()
        user.save()
        Assignment.objects.filter(user=user).delete()
        assignment = Assignment(
            user=user,
            area=areas[spec.area] if spec.area else None,
            role=spec.role,
            organization_kinds=list(spec.kinds),
            analysis_area=areas[spec.analysis_area] if spec.analysis_area else None,
            support_cases=spec.support,
            note=_("demo"),
        )
        assignment.full_clean()
        assignment.save()
        created.append(DemoUser(spec.who(areas), spec.username, password))
    admin = user_model.objects.filter(username="admin").first()
    if admin is None:
        admin = user_model.objects.create_superuser("admin", "admin@example.invalid", "admin")
    Assignment.objects.get_or_create(user=admin, role=Role.ADMINISTRATOR, defaults={"note": _("demo")})
    created.append(DemoUser(_("System administrator (the whole country, and the admin)"), "admin", "admin"))
    return created
