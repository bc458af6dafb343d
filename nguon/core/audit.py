"""Writing audit records. Services call these; nothing else writes to the registry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from .models import AuditAction, AuditRecord

Actor = AbstractBaseUser | AnonymousUser | None


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of a row, JSON-ready (foreign keys as ids, dates as ISO strings)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        data[field.attname] = value
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _user(acting_user: Actor) -> Any:
    """The acting user when there is an authenticated one (anonymous and system writes have none)."""
    return (
        acting_user if acting_user is not None and getattr(acting_user, "is_authenticated", False) else None
    )


def audit_record(
    *,
    acting_user: Actor,
    action: AuditAction,
    instance: models.Model,
    before: dict[str, Any] | None = None,
    source: str = "",
) -> AuditRecord:
    """Record a write. ``before`` is the snapshot taken before an update or delete."""
    after = snapshot(instance) if action != AuditAction.DELETE else {}
    changes = (
        diff(before or {}, after)
        if action != AuditAction.DELETE
        else {k: [v, None] for k, v in (before or {}).items()}
    )
    return AuditRecord.objects.create(
        user=_user(acting_user),
        action=action,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=changes,
        source=source,
    )


def audit_bulk(*, acting_user: Actor, model: str, summary: dict[str, Any], source: str) -> AuditRecord:
    """One record for a bulk load (a catalogue of thousands of rows), with its counts as the changes."""
    return AuditRecord.objects.create(
        user=_user(acting_user),
        action=AuditAction.CREATE,
        model=model,
        object_id="*",
        object_repr=source[:300],
        changes=summary,
        source=source,
    )


def audit_created_bulk(*, acting_user: Actor, instances: list[models.Model], source: str) -> None:
    """One audit record per created row, written in one statement (bulk imports)."""
    user = _user(acting_user)
    AuditRecord.objects.bulk_create(
        [
            AuditRecord(
                user=user,
                action=AuditAction.CREATE,
                model=i._meta.label_lower,
                object_id=str(i.pk),
                object_repr=str(i)[:300],
                changes=diff({}, snapshot(i)),
                source=source,
            )
            for i in instances
        ],
        batch_size=1000,
    )
