"""The demo's rotations (nguon.demo.rotations) on the Hoàn Kiếm world: decisions applied, one person moved
twice in a month with her history kept, and the article's figures at 25/9/2020 unchanged."""

import datetime as dt

from nguon.areas.selectors import area_get_by_code
from nguon.organizations.models import Tenure
from nguon.rotations.models import Move, MoveDecision

D = dt.date


def _figures():
    from nguon.demo.figures import article_figures

    district = area_get_by_code(code="002", at=D(2020, 9, 25))
    return {f.key: f.result for f in article_figures(district)}


def test_the_demo_rotations(demo, django_db_blocker):
    from nguon.demo import rotations

    with django_db_blocker.unblock():
        before = _figures()
        if not MoveDecision.objects.exists():
            rotations.build()
        rotations.build()  # a second call writes nothing
        decisions = list(MoveDecision.objects.order_by("date"))
        assert [d.number for d in decisions] == ["15-QĐ/QU", "42/QĐ-UBND", "07/QĐ-UBND"]
        assert all(d.applied_at for d in decisions)
        assert decisions[0].moves.count() == 3  # the batch
        twice = list(decisions[1].moves.order_by("start_date"))
        assert len(twice) == 2 and twice[1].from_move_id == twice[0].pk
        spans = list(
            Tenure.objects.filter(person=twice[0].person, start_date__gte=D(2023, 1, 1))
            .order_by("start_date")
            .values_list("start_date", "end_date", "start_reason")
        )
        assert spans[:2] == [
            (D(2023, 3, 6), D(2023, 3, 19), "transferred"),
            (D(2023, 3, 20), D(2025, 6, 30), "transferred"),
        ]
        assert Move.objects.filter(created_tenure__isnull=True).count() == 0
        assert _figures() == before
