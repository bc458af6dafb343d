"""Writing audit records. Services call these; nothing else writes to the registry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models.fields.files import FieldFile

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
        elif isinstance(value, FieldFile):
            value = value.name or ""  # a stored file: its name in the storage
        data[field.attname] = value
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_user(acting_user: Actor) -> Any:
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
        user=audit_user(acting_user),
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
        user=audit_user(acting_user),
        action=AuditAction.CREATE,
        model=model,
        object_id="*",
        object_repr=source[:300],
        changes=summary,
        source=source,
    )
