"""The demo builder runs on a small district and leaves overdue items on 25/9/2020 (counted independently)."""

from __future__ import annotations

import datetime as dt

import pytest

from nguon.core.scope import Scope
from nguon.demo import supervision as demo
from nguon.organizations import services as org_services
from nguon.supervision import selectors
from nguon.supervision.models import Recommendation

from .world import build_world

pytestmark = pytest.mark.django_db


def test_demo_build_small_district():
    w = build_world()
    org_services.organization_create(name="Hội LHPN quận Thử", kind="womens_union", area=w.district)
    org_services.organization_create(name="Quận đoàn Thử", kind="youth_union", area=w.district)
    demo.build(district_code=w.district.code)
    at = dt.date(2020, 9, 25)
    items = selectors.overdue(scope=Scope(unrestricted=True), at=at)
    expected = 0
    for r in Recommendation.objects.filter(sent_on__lte=at):
        events = [(e.kind, e.date) for e in r.events.all() if e.date <= at]
        if any(k == "acted" for k, _ in events):
            continue
        answered = any(k in ("answered", "acted", "not_acted") for k, _ in events)
        if (not answered and at > r.sent_on + dt.timedelta(days=20)) or at > r.deadline:
            expected += 1
    assert len(items) == expected > 0
