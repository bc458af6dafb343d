"""Closed date intervals [start, end] where None means open-ended. Every dated fact in Nguồn is one."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q


def active_q(
    at: dt.date, start: str = "start_date", end: str = "end_date", start_nullable: bool = False
) -> Q:
    """Rows whose closed interval holds ``at``: start <= at and (end is null or end >= at)."""
    q_start = Q(**{f"{start}__lte": at})
    if start_nullable:
        q_start |= Q(**{f"{start}__isnull": True})
    return q_start & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": at}))


def overlap_q(
    start: dt.date | None,
    end: dt.date | None,
    start_field: str = "start_date",
    end_field: str = "end_date",
) -> Q:
    """Rows whose closed interval overlaps [start, end] (None = unbounded)."""
    q = Q()
    if end is not None:
        q &= Q(**{f"{start_field}__lte": end}) | Q(**{f"{start_field}__isnull": True})
    if start is not None:
        q &= Q(**{f"{end_field}__gte": start}) | Q(**{f"{end_field}__isnull": True})
    return q


def holds(at: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether the closed interval [start, end] holds ``at``."""
    return (start is None or start <= at) and (end is None or at <= end)


def age_on(birth_date: dt.date, at: dt.date) -> int:
    """Full years of age on ``at``."""
    return at.year - birth_date.year - ((at.month, at.day) < (birth_date.month, birth_date.day))
