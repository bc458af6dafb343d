"""Writes of areas and succession events. Validation messages are in Vietnamese (gettext)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nguon.core.audit import Actor
from nguon.core.formats import format_date
from nguon.core.intervals import overlap_q
from nguon.core.services import (
    Errors,
    add_error,
    check_dates,
    check_fields,
    model_create,
    model_update,
    raise_errors,
)
from nguon.core.text import fold

from .choices import AreaLevel, SuccessionKind
from .models import Area, SuccessionEvent, SuccessionLink


def area_check(
    *,
    code: str,
    parent: Area | None,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    clashes: Iterable[Area] = (),
) -> Errors:
    """An area does not end before it starts, its code is not used by another area over an overlapping
    period (``clashes``: the areas of that code whose validity overlaps), and its parent exists when it
    starts."""
    errors: Errors = {}
    check_dates(errors, valid_from, valid_to, "valid_to")
    other = next(iter(clashes), None)
    if other is not None:
        add_error(
            errors,
            "code",
            _("Code '%(code)s' is already used by %(other)s over an overlapping period.")
            % {"code": code, "other": other.name},
            "code_overlap",
        )
    if parent is not None and valid_from is not None and not parent.is_valid_on(valid_from):
        add_error(
            errors,
            "parent",
            _("The parent area %(parent)s does not exist on %(date)s.")
            % {"parent": parent, "date": format_date(valid_from)},
            "parent_not_valid",
        )
    return errors


def area_validate(
    *,
    code: str,
    parent: Area | None,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    exclude_pk: int | None = None,
) -> None:
    """``area_check`` against the areas registered with ``code`` (but ``exclude_pk``, the area being
    changed). Raises ``ValidationError`` with the Vietnamese messages by field."""
    clash = Area.objects.filter(overlap_q(valid_from, valid_to, "valid_from", "valid_to"), code=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    raise_errors(
        area_check(
            code=code,
            parent=parent,
            valid_from=valid_from,
            valid_to=valid_to,
            clashes=clash.order_by("valid_from")[:1],
        )
    )


@transaction.atomic
def area_create(
    *,
    code: str,
    name: str,
    level: AreaLevel | str,
    kind: str = "",
    parent: Area | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    acting_user: Actor = None,
    source: str = "",
) -> Area:
    """Create one area; its code must be free over its validity and its parent must exist when it starts."""
    area_validate(code=code, parent=parent, valid_from=valid_from, valid_to=valid_to)
    area = Area(
        code=code, name=name, level=level, kind=kind, parent=parent, valid_from=valid_from, valid_to=valid_to
    )
    area.search_key = fold(name)
    area.path = "/"  # placeholder until the primary key exists
    model_create(instance=area, acting_user=acting_user, source=source)
    area.path = f"{parent.path if parent else '/'}{area.pk}/"
    Area.objects.filter(pk=area.pk).update(path=area.path)
    return area


#: What ``area_update`` lets change: never the code nor the parent (a move is a new row and an event).
AREA_FIELDS = ("name", "level", "kind", "valid_from", "valid_to")


@transaction.atomic
def area_update(*, area: Area, data: Mapping[str, Any], acting_user: Actor = None, source: str = "") -> Area:
    """Change an area's ``AREA_FIELDS``, checked by ``area_check``; the search key follows the name."""
    check_fields(Area, data, AREA_FIELDS)
    changes = dict(data)
    if "name" in changes:
        changes["search_key"] = fold(changes["name"])
    area_validate(
        code=area.code,
        parent=area.parent,
        valid_from=changes.get("valid_from", area.valid_from),
        valid_to=changes.get("valid_to", area.valid_to),
        exclude_pk=area.pk,
    )
    return model_update(
        instance=area,
        fields=(*AREA_FIELDS, "search_key"),
        data=changes,
        acting_user=acting_user,
        source=source,
    )


@transaction.atomic
def area_end(*, area: Area, valid_to: dt.date, acting_user: Actor = None, source: str = "") -> Area:
    """Close an area's validity on ``valid_to`` (the last day it exists)."""
    return area_update(area=area, data={"valid_to": valid_to}, acting_user=acting_user, source=source)


@dataclass(frozen=True)
class Link:
    predecessor: Area
    successor: Area
    share: Decimal | None = None


@transaction.atomic
def succession_event_create(
    *,
    kind: SuccessionKind | str,
    date: dt.date,
    links: Iterable[Link],
    decision: str = "",
    note: str = "",
    acting_user: Actor = None,
    source: str = "",
) -> SuccessionEvent:
    """Record that on ``date`` the predecessors became the successors.

    Each predecessor must exist the day before and each successor on the day itself.
    """
    links = list(links)
    if not links:
        raise ValidationError(_("A succession event needs at least one predecessor and one successor."))
    day_before = date - dt.timedelta(days=1)
    for link in links:
        if not link.predecessor.is_valid_on(day_before):
            raise ValidationError(
                _("%(area)s does not exist on %(date)s, so it cannot be a predecessor.")
                % {"area": link.predecessor, "date": format_date(day_before)}
            )
        if not link.successor.is_valid_on(date):
            raise ValidationError(
                _("%(area)s does not exist on %(date)s, so it cannot be a successor.")
                % {"area": link.successor, "date": format_date(date)}
            )
    event = model_create(
        instance=SuccessionEvent(kind=kind, date=date, decision=decision, note=note),
        acting_user=acting_user,
        source=source,
    )
    for link in links:
        model_create(
            instance=SuccessionLink(
                event=event, predecessor=link.predecessor, successor=link.successor, share=link.share
            ),
            acting_user=acting_user,
            source=source,
        )
    return event
