"""Factories of training, through the services (so every row is written as in production).

``CourseFactory()`` records a course of a new organization unless ``organizer`` is given; ``SessionFactory()``
a class of a new course unless ``course`` is given (1/3–30/9/2020); ``completed(session, person, on=None)``
adds a participant who completed it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from nguon.organizations.tests.factories import OrganizationFactory
from nguon.training import services


class CourseFactory(factory.Factory):
    class Meta:
        model = dict

    organizer = factory.LazyFunction(lambda: OrganizationFactory())
    name = factory.Sequence(lambda n: f"Bồi dưỡng kỹ năng lãnh đạo, quản lý {n + 1}")
    kind = "leadership"
    grants = ""
    grants_level = ""
    provider = "Trường Chính trị Tô Hiệu"

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        return services.course_create(**kwargs)


class SessionFactory(factory.Factory):
    class Meta:
        model = dict

    course = factory.LazyFunction(lambda: CourseFactory())
    name = factory.Sequence(lambda n: f"Lớp {n + 1}")
    start_date = dt.date(2020, 3, 1)
    end_date = dt.date(2020, 9, 30)
    place = "Hà Nội"

    @classmethod
    def _create(cls, model_class: Any, **kwargs: Any) -> Any:
        return services.session_create(**kwargs)


def completed(session: Any, person: Any, on: dt.date | None = None, **kwargs: Any) -> Any:
    """``person`` completed ``session`` on ``on`` (its last day unless given)."""
    return services.participant_add(
        session=session, person=person, result="completed", completed_on=on or session.end_date, **kwargs
    )
