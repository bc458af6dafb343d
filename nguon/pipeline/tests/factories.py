"""Factories of the planning pools, through the services (so every row is written as in production).

``PoolFactory()`` opens the planning of a new post (of a new organization unless ``post`` is given) for
2025–2030; ``PlanningDecisionFactory()`` records an approval decision of a new organization unless
``organization`` is given; ``readiness(code)`` is one of the seeded levels ("ngay", "1-2-nam", "3-5-nam").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from nguon.organizations import services as org_services
from nguon.organizations.tests.factories import OrganizationFactory
from nguon.people.tests.factories import PersonFactory
from nguon.pipeline import services
from nguon.pipeline.models import ReadinessLevel


def readiness(code: str = "ngay") -> ReadinessLevel:
    """A seeded readiness level (created if a test database lacks it)."""
    defaults = {"ngay": ("Sẵn sàng ngay", 1), "1-2-nam": ("Sẵn sàng sau 1–2 năm", 2)}
    name, order = defaults.get(code, ("Sẵn sàng sau 3–5 năm", 3))
    level, _created = ReadinessLevel.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    return level


_post_numbers = iter(range(1, 10**9))


def post_of(organization: Any = None, name: str | None = None, **kwargs: Any) -> Any:
    """A post of ``organization`` (a new one unless given), named uniquely unless ``name`` is given."""
    organization = organization or OrganizationFactory()
    return org_services.post_create(
        organization=organization, name=name or f"Bí thư {next(_post_numbers)}", **kwargs
    )


class PlanningDecisionFactory(factory.Factory):
    class Meta:
        model = dict

    organization = factory.LazyFunction(lambda: OrganizationFactory())
    number = factory.Sequence(lambda n: f"{n + 1}-QĐ/QU")
    date = dt.date(2025, 10, 20)
    approving_body = "Ban Thường vụ Quận ủy"
    kind = "approval"

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        return services.decision_create(**kwargs)


class PoolFactory(factory.Factory):
    class Meta:
        model = dict

    post = factory.LazyFunction(lambda: post_of())
    target_term = "2025–2030"
    target_start = dt.date(2025, 10, 1)
    target_end = dt.date(2030, 9, 30)
    decision = None

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        return services.pool_create(**kwargs)


class ReviewRoundFactory(factory.Factory):
    class Meta:
        model = dict

    organization = factory.LazyFunction(lambda: OrganizationFactory())
    year = 2026
    target_term = "2025–2030"

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        return services.round_create(**kwargs)


def pool_with_people(
    n: int = 2, *, date: dt.date = dt.date(2025, 10, 20), pool: Any = None, **pool_kwargs: Any
) -> tuple[Any, list[Any]]:
    """A pool with ``n`` new people approved on ``date`` (readiness "ngay", ranks 1..n)."""
    pool = pool or PoolFactory(**pool_kwargs)
    people = [PersonFactory() for _ in range(n)]
    for rank, person in enumerate(people, start=1):
        services.entry_add(pool=pool, person=person, date=date, readiness=readiness(), rank=rank)
    return pool, people


__all__ = [
    "PersonFactory",
    "PlanningDecisionFactory",
    "PoolFactory",
    "ReviewRoundFactory",
    "pool_with_people",
    "post_of",
    "readiness",
]
